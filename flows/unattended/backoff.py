"""Growing retry intervals for sources that keep failing, so a dead feed is not hit every run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

# The first retry waits one schedule period (the README's cron runs every 30 minutes);
# each further failure doubles it, up to a day so a revived feed is noticed within 24 h.
BASE_INTERVAL = timedelta(minutes=30)
MAX_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class SourceBackoff:
    """What the warehouse knows about a source's recent failures."""

    source_name: str
    consecutive_failures: int
    next_attempt_at: datetime | None


def retry_interval(consecutive_failures: int) -> timedelta:
    """30 min after the first failure, doubling with each one, capped at 24 h.

    >>> [str(retry_interval(n)) for n in (1, 2, 5, 12)]
    ['0:30:00', '1:00:00', '8:00:00', '1 day, 0:00:00']
    """
    if consecutive_failures <= 0:
        return timedelta(0)
    # Cap the exponent first: 2**n for a source dead for years would be a huge number.
    doublings = min(consecutive_failures - 1, 16)
    return min(BASE_INTERVAL * 2**doublings, MAX_INTERVAL)


def next_attempt_at(attempted_at: datetime, consecutive_failures: int) -> datetime | None:
    """When a source that has now failed `consecutive_failures` times in a row may be tried again."""
    if consecutive_failures <= 0:
        return None
    return attempted_at + retry_interval(consecutive_failures)


def should_skip(source: SourceBackoff, now: datetime) -> bool:
    """True while a failing source is inside its retry interval."""
    return source.next_attempt_at is not None and now < source.next_attempt_at


def skip_reason(source: SourceBackoff) -> str:
    """The sentence the summary and `dealwatch sources` print for a skipped source."""
    return (
        f"skipped: failed {source.consecutive_failures} times in a row, "
        f"next attempt after {source.next_attempt_at:%Y-%m-%d %H:%M}"
    )


def plan_next_attempts(
    failures_by_source: Mapping[str, int], attempted_at_by_source: Mapping[str, datetime]
) -> dict[str, datetime | None]:
    """For the sources just attempted: when each may be tried again, given its failures in a row now."""
    return {
        name: next_attempt_at(attempted_at, failures_by_source.get(name, 0))
        for name, attempted_at in attempted_at_by_source.items()
    }


def find_backing_off(sources: Iterable[SourceBackoff], now: datetime) -> dict[str, SourceBackoff]:
    """The sources a run should leave alone this time, by name."""
    return {source.source_name: source for source in sources if should_skip(source, now)}
