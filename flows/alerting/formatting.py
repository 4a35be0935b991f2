"""Alerts as people read them: the one-glance line, the channel message's parts, and the JSON object."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from warehouse.alerts import Alert, EarlierFigure

# Money reads best in the largest scale that keeps a figure above one.
MONEY_SCALES = ((Decimal(10**12), "tn"), (Decimal(10**9), "bn"), (Decimal(10**6), "m"))
QUALIFIER_WORDS = {"exact": "", "up_to": "up to ", "approx": "about ", "at_least": "at least "}
OUTLETS_NAMED = 3
# Bidi overrides/isolates and invisible characters: a feed title can use them to make text read backwards
# ("txt.exe") or to hide a word from filters.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# C0/C1 control characters, CR and LF included: a title must not start a new line or header in a channel.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]+")


def sanitize_text(text: str, max_chars: int) -> str:
    """One line of untrusted text: no invisible or control characters, whitespace collapsed, length capped."""
    line = CONTROL.sub(" ", INVISIBLE.sub("", text))
    line = " ".join(line.split())
    return line if len(line) <= max_chars else line[: max_chars - 1] + "…"


def format_amount(value: Decimal, unit: str) -> str:
    """30e9 USD -> "30 bn USD"; 1.4e12 -> "1.4 tn USD"; 1 GW -> "1 GW"; 27 % -> "27 %".

    >>> format_amount(Decimal("8000000000.000000"), "USD")
    '8 bn USD'
    """
    for scale, word in MONEY_SCALES if unit not in {"GW", "%"} else ():
        if abs(value) >= scale:
            return f"{plain_number(value / scale)} {word} {unit}"
    return f"{plain_number(value)} {unit}"


def plain_number(value: Decimal) -> str:
    """No trailing zeros, no exponent, at most two decimals: 10.000000 -> "10", 1.40 -> "1.4"."""
    rounded = value.quantize(Decimal("0.01")).normalize()
    return format(rounded, "f")


def format_figure(value: Decimal, qualifier: str, unit: str) -> str:
    return QUALIFIER_WORDS.get(qualifier, f"{qualifier} ") + format_amount(value, unit)


def format_outlets(outlets: tuple[str, ...]) -> str:
    """ "a" for one outlet, "3 outlets: a, b, c" for several, "+N more" past three."""
    if len(outlets) == 1:
        return outlets[0]
    named = ", ".join(outlets[:OUTLETS_NAMED])
    more = f" +{len(outlets) - OUTLETS_NAMED} more" if len(outlets) > OUTLETS_NAMED else ""
    return f"{len(outlets)} outlets: {named}{more}"


def format_deal(alert: Alert) -> str:
    """ "Anthropic ← Nvidia investment", or "Anthropic valuation" when no counterparty is named."""
    party = f" ← {alert.counterparty}" if alert.counterparty else ""
    return f"{alert.subject}{party} {alert.kind.replace('_', ' ')}"


def format_date(moment: dt.date | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "undated"


def format_earlier(figure: EarlierFigure, unit: str) -> str:
    return f"{format_figure(figure.value, figure.qualifier, unit)} ({format_outlets(figure.outlets)})"


def format_part(figure: EarlierFigure, unit: str) -> str:
    return f"{figure.counterparty} {format_earlier(figure, unit)}"


def format_other_side(alert: Alert) -> str:
    """What the new figure was compared with: the other outlets' figures, then the parts and their sum."""
    same_key = [format_earlier(f, alert.unit) for f in alert.earlier if f.counterparty == alert.counterparty]
    parts = [format_part(f, alert.unit) for f in alert.earlier if f.counterparty != alert.counterparty]
    if parts and alert.expected_value is not None:
        same_key.append(
            f"sum of parts {format_amount(alert.expected_value, alert.unit)} ({'; '.join(parts)})"
        )
    return "; ".join(same_key)


def format_alert_line(alert: Alert) -> str:
    """The one-glance line: "[conflict] Anthropic ← Nvidia investment: 8 bn USD (outlet, date) vs 10 bn"."""
    figure = format_figure(alert.value, alert.qualifier, alert.unit)
    new_side = f"{figure} ({alert.outlet}, {format_date(alert.published_at)})"
    return f"[{alert.severity}] {format_deal(alert)}: {new_side} vs {format_other_side(alert)}"


def format_alert_title(alert: Alert) -> str:
    """A channel message's title: what disagrees, without the figures."""
    return f"dealwatch {alert.severity}: {format_deal(alert)}"


def format_alert_details(alert: Alert) -> list[str]:
    """The lines under a channel message's title (the article title and evidence are untrusted)."""
    return [
        format_alert_line(alert),
        f"Article: {alert.title}",
        f"Evidence: {alert.evidence}",
        f"Link: {alert.article}",
    ]


def json_number(value: Decimal) -> int | float:
    """Whole figures as integers (10000000000), others as floats: what FACTS.md's `value` looks like."""
    return int(value) if value == value.to_integral_value() else float(value)


def alert_as_json(alert: Alert) -> dict[str, object]:
    """The `dealwatch alerts --json` object."""
    return {
        "severity": alert.severity,
        "reason": alert.reason,
        "kind": alert.kind,
        "subject": alert.subject,
        "counterparty": alert.counterparty,
        "unit": alert.unit,
        "value": json_number(alert.value),
        "qualifier": alert.qualifier,
        "article": alert.article,
        "title": alert.title,
        "outlet": alert.outlet,
        "published_at": alert.published_at.isoformat() if alert.published_at else None,
        "evidence": alert.evidence,
        "expected_value": json_number(alert.expected_value) if alert.expected_value is not None else None,
        "earlier": [earlier_as_json(figure) for figure in alert.earlier],
        "raised_at": alert.raised_at.isoformat(),
        "sent_at": alert.sent_at.isoformat() if alert.sent_at else None,
    }


def earlier_as_json(figure: EarlierFigure) -> dict[str, object]:
    return {
        "counterparty": figure.counterparty,
        "value": json_number(figure.value),
        "qualifier": figure.qualifier,
        "outlets": list(figure.outlets),
        "articles": list(figure.articles),
    }
