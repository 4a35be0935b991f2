"""After each load the run publishes a copy people can query all day without blocking the schedule."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.pipeline.storing import store_batch
from flows.unattended.snapshot import SnapshotNotPublished, publish_snapshot, snapshot_path
from warehouse.database import connect
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

AT = dt.datetime(2026, 3, 2, 8, 0)
# Someone's notebook: opens the snapshot read-only, counts articles, keeps it open until told to stop.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
"""


def load_articles(db_path: Path, run_id: str, names: list[str]) -> None:
    articles = tuple(
        ArticleRecord(f"file:///seeds/{n}", "seeds", "seeds", n, "text", None, AT, False) for n in names
    )
    batch = Batch(RunRecord(run_id, AT, AT), (SourceOutcome("seeds", "folder", "seeds", "ok", AT),), articles)
    with connect(db_path) as con:
        store_batch(con, batch)


def count_articles(db_path: Path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_the_snapshot_sits_beside_the_warehouse() -> None:
    assert snapshot_path(Path("/data/dealwatch.duckdb")) == Path("/data/dealwatch.snapshot.duckdb")


def test_the_snapshot_holds_what_was_loaded(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    load_articles(db_path, "run-1", ["a", "b"])
    assert publish_snapshot(db_path) == tmp_path / "dealwatch.snapshot.duckdb"
    assert count_articles(tmp_path / "dealwatch.snapshot.duckdb") == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_reader_keeps_its_snapshot_while_a_new_one_replaces_it(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    load_articles(db_path, "run-1", ["a", "b"])
    publish_snapshot(db_path)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(snapshot_path(db_path))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert reader.stdout is not None and reader.stdin is not None
    assert reader.stdout.readline().strip() == "2"
    load_articles(db_path, "run-2", ["c"])
    publish_snapshot(db_path)
    reader.stdin.write("\n")
    reader.stdin.flush()
    # The open reader still sees the file it opened, whole; a new reader sees the new one.
    assert reader.stdout.readline().strip() == "2"
    assert reader.wait(timeout=10) == 0
    assert count_articles(snapshot_path(db_path)) == 3


def test_no_snapshot_is_made_from_a_file_with_an_unfinished_log(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    load_articles(db_path, "run-1", ["a"])
    publish_snapshot(db_path)
    (tmp_path / "dealwatch.duckdb.wal").write_bytes(b"")
    with pytest.raises(SnapshotNotPublished, match="not yet checkpointed"):
        publish_snapshot(db_path)
    assert count_articles(snapshot_path(db_path)) == 1
