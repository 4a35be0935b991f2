"""European Central Bank reference rates, from the history the currencyconverter package ships: never fetched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from currency_converter import CurrencyConverter, RateNotFoundError

# The ECB fixes no rate on weekends and TARGET holidays: a day's rate is the last fixing up to it.
FIXING_LOOKBACK_DAYS = 10
PIVOT = "USD"
# An outlet converts at a rate of its own choosing: the press release's day, last week's rate, a rounded one.
# Any fixing of the month before the article is one it could have used (the yen moved 3-5 % within a month
# in 2025), so a gap inside the month's range is no disagreement.
CONVERSION_WINDOW_DAYS = 30


@dataclass(frozen=True)
class DayRate:
    """What one unit of a currency was worth in USD on a day (the last ECB fixing up to it), and the lowest
    and highest fixings of the month up to that one (the rates an outlet may have converted at)."""

    unit: str
    day: dt.date
    usd_per_unit: float
    month_low_usd_per_unit: float
    month_high_usd_per_unit: float
    rate_day: dt.date


@cache
def converter() -> CurrencyConverter:
    """The ECB history bundled in the package (no network): one load, ~0.3 s, per process."""
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def fixing_on(unit: str, day: dt.date) -> tuple[dt.date, float] | None:
    """The last fixing up to `day` (past the history's end: its last one) and one unit's worth in USD."""
    rates = converter()
    if unit not in rates.currencies or PIVOT not in rates.currencies:
        return None
    first, last = rates.bounds[unit]
    latest = min(day, last, rates.bounds[PIVOT].last_date)
    for back in range(FIXING_LOOKBACK_DAYS):
        fixing_day = latest - dt.timedelta(days=back)
        if fixing_day < first:
            return None
        try:
            return fixing_day, rates.convert(1, unit, PIVOT, date=fixing_day)
        except RateNotFoundError:
            continue
    return None


def day_rate(unit: str, day: dt.date) -> DayRate | None:
    """A currency's USD rate for a day, or None for a currency or day the ECB history does not cover.

    >>> day_rate("EUR", dt.date(2025, 3, 3)).usd_per_unit
    1.0465
    """
    fixing = fixing_on(unit, day)
    if fixing is None:
        return None
    rate_day, usd_per_unit = fixing
    month = month_fixings(unit, rate_day)
    return DayRate(unit, day, usd_per_unit, min(month), max(month), rate_day)


def month_fixings(unit: str, rate_day: dt.date) -> list[float]:
    """One unit's worth in USD at each fixing of the CONVERSION_WINDOW_DAYS up to `rate_day` (included)."""
    rates = converter()
    first = rates.bounds[unit].first_date
    worth = []
    for back in range(CONVERSION_WINDOW_DAYS + 1):
        fixing_day = rate_day - dt.timedelta(days=back)
        if fixing_day < first:
            break
        try:
            worth.append(rates.convert(1, unit, PIVOT, date=fixing_day))
        except RateNotFoundError:
            continue
    return worth


def day_rates(units: Iterable[str], days: Iterable[dt.date]) -> list[DayRate]:
    """Every known (currency, day) rate of these currencies on these days."""
    days = sorted(set(days))
    found = (day_rate(unit, day) for unit in sorted(set(units)) for day in days)
    return [rate for rate in found if rate is not None]
