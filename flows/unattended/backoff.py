"""Sources that keep failing are left alone until their next attempt (the load sets it: warehouse/records.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flows.unattended.snapshot import read_or_default
from warehouse.health import read_failure_counts


@dataclass(frozen=True)
class SourceBackoff:
    """What the warehouse knows about a source's recent failures."""

    source_name: str
    consecutive_failures: int
    next_attempt_at: datetime | None


def should_skip(source: SourceBackoff, now: datetime) -> bool:
    """True while a failing source is inside its retry interval."""
    return source.next_attempt_at is not None and now < source.next_attempt_at


def skip_reason(source: SourceBackoff) -> str:
    """The sentence the summary and `dealwatch sources` print for a skipped source."""
    return (
        f"skipped: failed {source.consecutive_failures} times in a row, "
        f"next attempt after {source.next_attempt_at:%Y-%m-%d %H:%M}"
    )


def find_backing_off(sources: Iterable[SourceBackoff], now: datetime) -> dict[str, SourceBackoff]:
    """The sources a run should leave alone this time, by name."""
    return {source.source_name: source for source in sources if should_skip(source, now)}


def find_sources_backing_off(db_path: Path, now: datetime) -> dict[str, SourceBackoff]:
    """The sources inside their retry interval, by name (none on a first run or with no readable file)."""
    counts = read_or_default(db_path, read_failure_counts, {})
    sources = (SourceBackoff(name, failures, next_at) for name, (failures, next_at) in counts.items())
    return find_backing_off(sources, now)
