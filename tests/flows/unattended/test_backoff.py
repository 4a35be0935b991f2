"""A source failing again and again is retried after growing intervals, capped at a day."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from flows.pipeline.storing import store_batch
from flows.unattended.backoff import SourceBackoff, find_backing_off, should_skip, skip_reason
from warehouse.database import connect
from warehouse.health import read_failure_counts
from warehouse.records import (
    MAX_RETRY_INTERVAL,
    Batch,
    RunRecord,
    SourceOutcome,
    next_attempt_at,
    retry_interval,
)

FAILED_AT = datetime(2026, 3, 2, 8, 0)


def test_five_failures_in_a_row_grow_the_interval_each_time() -> None:
    intervals = [retry_interval(failures) for failures in range(1, 6)]
    assert intervals == [timedelta(minutes=m) for m in (30, 60, 120, 240, 480)]


@pytest.mark.parametrize("failures", [7, 10, 40, 10_000])
def test_the_interval_stops_growing_at_a_day(failures: int) -> None:
    assert retry_interval(failures) == MAX_RETRY_INTERVAL


def test_a_healthy_source_has_no_next_attempt_and_is_never_skipped() -> None:
    assert next_attempt_at(FAILED_AT, 0) is None
    assert not should_skip(SourceBackoff("ok-feed", 0, None), FAILED_AT)


def test_a_failing_source_is_skipped_inside_its_interval_and_tried_after_it() -> None:
    source = SourceBackoff("dead-feed", 3, next_attempt_at(FAILED_AT, 3))
    assert should_skip(source, FAILED_AT + timedelta(hours=1, minutes=59))
    assert not should_skip(source, FAILED_AT + timedelta(hours=2))


def test_the_skip_reason_says_how_often_it_failed_and_when_it_comes_back() -> None:
    source = SourceBackoff("dead-feed", 5, next_attempt_at(FAILED_AT, 5))
    assert skip_reason(source) == "skipped: failed 5 times in a row, next attempt after 2026-03-02 16:00"


def test_the_load_gives_each_attempted_source_its_next_attempt_from_its_failure_count(tmp_path: Path) -> None:
    """The warehouse counts the failures and sets the next attempt in the same load: no round trip."""
    with connect(tmp_path / "dealwatch.duckdb") as con:
        for run_number in range(5):
            at = FAILED_AT + timedelta(minutes=30 * run_number)
            outcomes = (SourceOutcome("ok-feed", "rss", "http://127.0.0.1:9/ok", "ok", at),
                        SourceOutcome("dead-feed", "rss", "http://127.0.0.1:9/dead", "failed", at, error="HTTP 500"))
            store_batch(con, Batch(run=RunRecord(f"run-{run_number}", at, at), sources=outcomes))
        counts = read_failure_counts(con)
    last_attempt = FAILED_AT + timedelta(hours=2)
    assert counts == {"ok-feed": (0, None), "dead-feed": (5, last_attempt + timedelta(hours=8))}


def test_a_run_leaves_alone_only_the_sources_inside_their_interval() -> None:
    now = FAILED_AT + timedelta(minutes=45)
    sources = [
        SourceBackoff("ok-feed", 0, None),
        SourceBackoff("failed-once", 1, next_attempt_at(FAILED_AT, 1)),
        SourceBackoff("failed-twice", 2, next_attempt_at(FAILED_AT, 2)),
    ]
    assert list(find_backing_off(sources, now)) == ["failed-twice"]
