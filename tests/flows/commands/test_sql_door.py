"""`dealwatch sql` cannot hurt the warehouse: no write reaches its files, bounded time, memory and disk, no hold."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.pipeline.storing import deliver
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

DEALWATCH = [sys.executable, "-m", "flows.cli"]
AT = dt.datetime(2026, 3, 2, 8, 0)
# Someone's session that committed an update, then died before DuckDB folded its log into the file.
COMMIT_THEN_DIE = """
import os, signal, sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("UPDATE articles SET title = 'Corrected headline' WHERE canonical_url = 'https://wire.example/a'")
os.kill(os.getpid(), signal.SIGKILL)
"""
# A query that would run for hours: every pair of ten million rows.
ENDLESS = "SELECT sum(a.range * b.range) FROM range(10000000) AS a, range(10000000) AS b"


def wire_batch(run_id: str, names: list[str]) -> Batch:
    articles = tuple(ArticleRecord(f"https://wire.example/{n}", "wire", "wire.example", f"Title {n}", f"text of {n}",
                                   None, AT, False) for n in names)
    return Batch(RunRecord(run_id, AT, AT), (SourceOutcome("wire", "rss", "https://wire.example/feed", "ok", AT),),
                 articles)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    db_path = tmp_path / "dw.duckdb"
    deliver(db_path, wire_batch("run-1", ["a", "b"]), wait_seconds=0)
    return db_path


def sql(db_path: Path, query: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DEALWATCH, "sql", query, "--db", str(db_path), *options], capture_output=True, text=True,
                          timeout=120, cwd=db_path.parent)


def title_of(db_path: Path, name: str) -> str:
    """Read the way the next run reads: a writable open, which replays the log."""
    with duckdb.connect(str(db_path)) as con:
        return con.execute("SELECT title FROM articles WHERE canonical_url = ?",
                           [f"https://wire.example/{name}"]).fetchone()[0]


@pytest.mark.parametrize("target", ["{db}.wal", "{db}"])
def test_the_documented_attack_on_the_wal_fails_and_the_committed_update_survives(
    warehouse: Path, target: str,
) -> None:
    subprocess.run([sys.executable, "-c", COMMIT_THEN_DIE, str(warehouse)], timeout=60)
    wal = warehouse.with_name(warehouse.name + ".wal")
    assert wal.is_file(), "the committed update should sit in the log"
    log_before, file_before = wal.read_bytes(), warehouse.read_bytes()
    attack = f"COPY (SELECT 'x') TO '{target.format(db=warehouse)}' (FORMAT csv, USE_TMP_FILE false)"
    done = sql(warehouse, attack)
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("dealwatch sql: query failed: only SELECT queries (and EXPLAIN) run here, not COPY")
    assert (wal.read_bytes(), warehouse.read_bytes()) == (log_before, file_before)
    assert title_of(warehouse, "a") == "Corrected headline"


def test_even_a_statement_that_got_past_the_check_could_only_write_the_private_copy(warehouse: Path) -> None:
    """The second wall: the copy a query runs on is the only database file its connection may write."""
    from flows.unattended.snapshot import private_copy
    from warehouse.database import QueryLimits, open_sandbox

    wal = warehouse.with_name(warehouse.name + ".wal")
    with private_copy(warehouse) as copy, open_sandbox(copy.path, QueryLimits()) as con:
        for target in (wal, warehouse):
            with pytest.raises(duckdb.PermissionException):
                con.execute(f"COPY (SELECT 'x') TO '{target}' (FORMAT csv, USE_TMP_FILE false)")
        con.execute(f"COPY (SELECT 'x') TO '{copy.path}.wal' (FORMAT csv, USE_TMP_FILE false)")  # its own: harmless
    assert not wal.exists() and title_of(warehouse, "a") == "Title a"
    assert not copy.folder.exists(), "the private copy is deleted after the query"


def test_a_query_past_its_timeout_is_stopped_with_exit_2(warehouse: Path) -> None:
    started = time.monotonic()
    done = sql(warehouse, ENDLESS, "--timeout", "1")
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    assert done.stderr.strip() == ("dealwatch sql: query stopped after 1 s (--timeout 1): narrow it with WHERE or "
                                   "LIMIT, or raise --timeout")


def test_memory_is_capped(warehouse: Path) -> None:
    """A list of three million hashes cannot spill to disk: it needs the memory, or fails."""
    whole_list = "SELECT len(list(md5(range::VARCHAR))) AS n FROM range(3000000)"
    assert sql(warehouse, whole_list, "--format", "csv").stdout == "n\n3000000\n"
    capped = sql(warehouse, whole_list, "--max-memory", "32MB")
    assert capped.returncode == 2 and capped.stderr.startswith("dealwatch sql: query failed: Out of Memory Error")


def test_spill_space_on_disk_is_capped(warehouse: Path) -> None:
    """A sort larger than memory spills to disk, within --max-temp; past it the query fails."""
    big_sort = ("SELECT max(rn) AS m FROM (SELECT row_number() OVER (ORDER BY h) AS rn "
                "FROM (SELECT md5(range::VARCHAR) AS h FROM range(1500000)))")
    spilled = sql(warehouse, big_sort, "--max-memory", "40MB", "--max-temp", "1GB", "--format", "csv")
    assert spilled.stdout == "m\n1500000\n", spilled.stderr
    capped = sql(warehouse, big_sort, "--max-memory", "40MB", "--max-temp", "4MB")
    assert capped.returncode == 2 and capped.stderr.startswith("dealwatch sql: query failed: Out of Memory Error")
    assert "This limit was set by the 'max_temp_directory_size' setting" in capped.stderr
    assert [path.name for path in warehouse.parent.iterdir() if ".query-" in path.name] == []


def test_the_default_caps_suit_a_two_core_machine(warehouse: Path) -> None:
    settings = sql(warehouse, "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS "
                   "threads, current_setting('max_temp_directory_size') AS spill", "--format", "json")
    assert json.loads(settings.stdout) == {"memory": "953.6 MiB", "threads": min(2, os.cpu_count() or 1),
                                           "spill": "1.8 GiB"}
    refused = sql(warehouse, "SET memory_limit = '64GB'")
    assert refused.returncode == 2 and "not SET" in refused.stderr


def test_a_running_query_does_not_hold_the_file_against_the_schedule(warehouse: Path) -> None:
    query = subprocess.Popen([*DEALWATCH, "sql", ENDLESS, "--db", str(warehouse)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)  # the query has started: it runs until killed
        delivery = deliver(warehouse, wire_batch("run-2", ["c"]), wait_seconds=0)
        assert query.poll() is None, "the query should still be running"
    finally:
        os.kill(query.pid, signal.SIGKILL)
        query.communicate(timeout=60)
    assert not delivery.is_kept and delivery.result is not None and delivery.result.articles_new == 1


def test_csv_and_json_hold_plain_values(warehouse: Path) -> None:
    query = ("SELECT title, 30000000000.000000::DECIMAL(38, 6) AS value, [1.5::DECIMAL(38, 6), 2] AS parts, "
             "TIMESTAMP '2026-03-02 08:00:00' AS at, NULL AS nothing FROM articles ORDER BY title")
    as_csv = sql(warehouse, query, "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["title", "value", "parts", "at", "nothing"],
        ["Title a", "30000000000", "[1.5, 2]", "2026-03-02T08:00:00", ""],
        ["Title b", "30000000000", "[1.5, 2]", "2026-03-02T08:00:00", ""],
    ]
    as_json = sql(warehouse, query, "--format", "json")
    assert [json.loads(line) for line in as_json.stdout.splitlines()][0] == {
        "title": "Title a", "value": 30000000000, "parts": [1.5, 2], "at": "2026-03-02T08:00:00", "nothing": None}
    assert "Decimal" not in as_csv.stdout + as_json.stdout


def test_a_table_piped_to_a_file_is_not_wrapped(warehouse: Path) -> None:
    wide = "SELECT title, repeat('x', 150) AS filler, [30000000000.000000::DECIMAL(38, 6)] AS v FROM articles"
    done = sql(warehouse, wide)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if "Title a" in line]
    assert len(rows) == 1 and "x" * 150 in rows[0] and "[30000000000]" in rows[0]
    assert "Decimal" not in done.stdout


def test_the_copy_of_a_query_killed_with_kill_9_is_removed_by_the_next_query(warehouse: Path) -> None:
    query = subprocess.Popen([*DEALWATCH, "sql", ENDLESS, "--db", str(warehouse)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(warehouse.parent.glob(".dw.duckdb.query-*/dw.duckdb")) and time.monotonic() < deadline:
        time.sleep(0.1)
    os.kill(query.pid, signal.SIGKILL)
    query.communicate(timeout=60)
    [left] = warehouse.parent.glob(".dw.duckdb.query-*")
    assert left.name.startswith(f".dw.duckdb.query-{query.pid}-") and (left / "dw.duckdb").is_file()
    assert sql(warehouse, "SELECT 1 AS one", "--format", "csv").stdout == "one\n1\n"
    assert list(warehouse.parent.glob(".dw.duckdb.query-*")) == []
