"""A source failing again and again is retried after growing intervals, capped at a day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from flows.unattended.backoff import (
    MAX_INTERVAL,
    SourceBackoff,
    find_backing_off,
    next_attempt_at,
    plan_next_attempts,
    retry_interval,
    should_skip,
    skip_reason,
)

FAILED_AT = datetime(2026, 3, 2, 8, 0)


def test_five_failures_in_a_row_grow_the_interval_each_time() -> None:
    intervals = [retry_interval(failures) for failures in range(1, 6)]
    assert intervals == [timedelta(minutes=m) for m in (30, 60, 120, 240, 480)]


@pytest.mark.parametrize("failures", [7, 10, 40, 10_000])
def test_the_interval_stops_growing_at_a_day(failures: int) -> None:
    assert retry_interval(failures) == MAX_INTERVAL


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


def test_after_a_run_each_attempted_source_gets_its_next_attempt_from_its_failure_count() -> None:
    attempted_at = {"ok-feed": FAILED_AT, "dead-feed": FAILED_AT}
    planned = plan_next_attempts({"ok-feed": 0, "dead-feed": 5}, attempted_at)
    assert planned == {"ok-feed": None, "dead-feed": FAILED_AT + timedelta(hours=8)}


def test_a_run_leaves_alone_only_the_sources_inside_their_interval() -> None:
    now = FAILED_AT + timedelta(minutes=45)
    sources = [
        SourceBackoff("ok-feed", 0, None),
        SourceBackoff("failed-once", 1, next_attempt_at(FAILED_AT, 1)),
        SourceBackoff("failed-twice", 2, next_attempt_at(FAILED_AT, 2)),
    ]
    assert list(find_backing_off(sources, now)) == ["failed-twice"]
