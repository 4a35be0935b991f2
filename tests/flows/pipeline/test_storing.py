"""Someone holding the DuckDB file open never costs a run its work: it is kept and loaded next time, once."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import duckdb
from holders import warehouse_held

from flows.pipeline.storing import deliver
from flows.unattended.backoff import find_sources_backing_off
from flows.unattended.snapshot import read_or_default, snapshot_path
from flows.unattended.spool import count_pending
from warehouse.database import connect
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

AT = dt.datetime(2026, 3, 2, 8, 0)
def run_batch(run_id: str, names: list[str], feed_status: str = "ok") -> Batch:
    articles = tuple(
        ArticleRecord(f"https://news.example/{n}", "feed", "news.example", n, f"text of {n}", None, AT, False)
        for n in names
    )
    sources = (SourceOutcome("feed", "rss", "https://news.example/feed.xml", feed_status, AT),)
    return Batch(RunRecord(run_id, AT, AT), sources, articles)


def table_counts(db_path: Path) -> dict[str, int]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "runs")}


def test_a_run_blocked_past_its_wait_keeps_its_batch_and_the_next_run_loads_it_once(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    deliver(db_path, run_batch("run-1", ["a"]), wait_seconds=0)
    with warehouse_held(db_path, "read_write") as holder:
        started = time.monotonic()
        kept = deliver(db_path, run_batch("run-2", ["a", "b", "c"]), wait_seconds=1)
        assert 1 <= time.monotonic() - started < 3
    assert kept.is_kept and kept.result is None
    assert kept.kept_at == tmp_path / "dealwatch.duckdb.pending" / "run-2.json"
    assert f"{db_path} is in use by another process (process {holder.pid}" in (kept.busy_reason or "")
    loaded = deliver(db_path, run_batch("run-3", ["c", "d"]), wait_seconds=0)
    assert [(run_id, r.articles_new if r else None) for run_id, r in loaded.earlier] == [("run-2", 2)]
    assert loaded.result is not None and loaded.result.articles_new == 1
    assert count_pending(db_path) == 0
    assert table_counts(db_path) == {"articles": 4, "runs": 3}
    assert table_counts(snapshot_path(db_path)) == {"articles": 4, "runs": 3}


def test_a_reader_that_lets_go_within_the_wait_only_delays_the_load(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    deliver(db_path, run_batch("run-1", ["a"]), wait_seconds=0)
    with warehouse_held(db_path, "read_only", seconds=1.5):
        delivery = deliver(db_path, run_batch("run-2", ["b"]), wait_seconds=20)
    assert not delivery.is_kept and delivery.result is not None and delivery.result.articles_new == 1


def test_a_kept_batch_already_loaded_before_a_crash_is_not_loaded_again(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    deliver(db_path, run_batch("run-1", ["a", "b"]), wait_seconds=0)
    with warehouse_held(db_path, "read_write"):
        deliver(db_path, run_batch("run-1", ["a", "b"]), wait_seconds=0)
    assert count_pending(db_path) == 1
    delivery = deliver(db_path, run_batch("run-2", ["c"]), wait_seconds=0)
    assert delivery.earlier == (("run-1", None),)
    assert table_counts(db_path) == {"articles": 3, "runs": 2}


def test_each_load_sets_the_next_attempt_of_a_failing_source(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    for number in range(3):
        deliver(db_path, run_batch(f"run-{number}", [], feed_status="failed"), wait_seconds=0)
    with connect(db_path, read_only=True) as con:
        row = con.execute("SELECT consecutive_failures, next_attempt_at FROM sources").fetchone()
    assert row == (3, AT + dt.timedelta(hours=2))


def test_the_start_of_a_run_reads_the_snapshot_while_the_file_is_held(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    deliver(db_path, run_batch("run-1", ["a"]), wait_seconds=0)
    def count_articles(con: duckdb.DuckDBPyConnection) -> int:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]

    with warehouse_held(db_path, "read_write"):
        assert read_or_default(db_path, count_articles, None) == 1
        snapshot_path(db_path).unlink()
        assert read_or_default(db_path, count_articles, None) is None


def test_a_source_inside_its_interval_is_found_backing_off_until_it_runs_out(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    for number in range(2):
        deliver(db_path, run_batch(f"run-{number}", [], feed_status="failed"), wait_seconds=0)
    # Two failures in a row: next attempt one hour after the last one.
    assert list(find_sources_backing_off(db_path, AT + dt.timedelta(minutes=59))) == ["feed"]
    assert find_sources_backing_off(db_path, AT + dt.timedelta(hours=1)) == {}
    assert find_sources_backing_off(tmp_path / "never-run.duckdb", AT) == {}


def test_a_kept_batch_says_how_much_work_it_holds(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    deliver(db_path, run_batch("run-1", []), wait_seconds=0)
    with warehouse_held(db_path, "read_write"):
        kept = deliver(db_path, run_batch("run-2", ["a", "b"]), wait_seconds=0)
    assert (kept.kept_articles, kept.kept_facts) == (2, 0)
