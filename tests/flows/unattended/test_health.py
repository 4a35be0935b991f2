"""A source failing five runs in a row backs off further each time, and `dealwatch sources` says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from typer.testing import CliRunner

from flows.commands.sources import sources
from flows.pipeline.storing import store_batch
from warehouse.database import connect
from warehouse.health import read_source_health
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

# Recent enough that the last failure's back-off is still running when `sources` looks (UTC, no zone).
NOW = dt.datetime.now(dt.UTC).replace(tzinfo=None, second=0, microsecond=0)
FIRST_RUN_AT = NOW - dt.timedelta(hours=3)
DEAD_FEED = "http://127.0.0.1:9/feed.xml"


def run_once(db_path: Path, run_number: int) -> None:
    """One run's load as the flow does it: one good folder source, one feed answering 500."""
    at = FIRST_RUN_AT + dt.timedelta(minutes=30 * run_number)
    batch = Batch(
        run=RunRecord(run_id=f"run-{run_number}", started_at=at, finished_at=at),
        sources=(
            SourceOutcome("seeds", "folder", "seeds", "ok", at),
            SourceOutcome("dead-feed", "rss", DEAD_FEED, "failed", at, error="HTTP 500 from 127.0.0.1:9"),
        ),
        articles=(ArticleRecord("file:///seeds/a.txt", "seeds", "seeds", "A", "text", None, at, False),),
    )
    with connect(db_path) as con:
        store_batch(con, batch)


def test_five_failures_in_a_row_push_the_next_attempt_further_each_time(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    gaps = []
    for run_number in range(5):
        run_once(db_path, run_number)
        with connect(db_path, read_only=True) as con:
            dead = {row.source_name: row for row in read_source_health(con)}["dead-feed"]
        gaps.append(dead.next_attempt_at - dead.last_attempt_at)
    assert gaps == [dt.timedelta(minutes=m) for m in (30, 60, 120, 240, 480)]
    assert dead.consecutive_failures == 5
    assert dead.last_success_at is None


def test_sources_lists_failures_backoff_and_articles_per_source(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    for run_number in range(5):
        run_once(db_path, run_number)
    app = typer.Typer()
    app.command()(sources)
    result = CliRunner().invoke(app, ["--db", str(db_path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    dead_line = next(line for line in result.output.splitlines() if "dead-feed" in line)
    seeds_line = next(line for line in result.output.splitlines() if "seeds" in line)
    # The fifth failure, two hours after the first: the next attempt is 8 hours after it.
    next_attempt = FIRST_RUN_AT + dt.timedelta(hours=2 + 8)
    assert "failed" in dead_line and " 5 " in dead_line
    assert f"after {next_attempt:%Y-%m-%d %H:%M} (backing off)" in dead_line
    assert "HTTP 500" in dead_line and "never" in dead_line
    assert "ok" in seeds_line and "next run" in seeds_line and " 1 " in seeds_line
