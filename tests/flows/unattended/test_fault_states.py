"""No state stops every later run: a file cut short by kill -9, an unreadable kept batch, a file that is not ours."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.unattended.spool import count_pending, write_pending
from warehouse.database import connect
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

DEALWATCH = [sys.executable, "-m", "flows.cli"]
AT = dt.datetime(2026, 3, 2, 8, 0)


def dealwatch(env: dict[str, str], cwd: Path, *args: str | Path) -> subprocess.Popen[str]:
    """A real `dealwatch` process in a folder with no dealwatch.toml: it watches the five seeds."""
    return subprocess.Popen([*DEALWATCH, *map(str, args)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def count(db_path: Path, table: str) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def has_tables(db_path: Path) -> bool:
    """Whether a file holds the warehouse's tables (False for an empty or a cut-short file)."""
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            return bool(con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0])
    except duckdb.Error:
        return False


def killed_while_creating(env: dict[str, str], folder: Path, db_path: Path) -> Path:
    """kill -9 a `dealwatch run` the moment its database file appears: between creating it and its schema."""
    for _ in range(3):
        for leftover in folder.glob("dw.duckdb*"):
            leftover.unlink()
        run = dealwatch(env, folder, "run", "--db", db_path)
        while not db_path.exists() and run.poll() is None:
            pass  # a busy wait: the window between the file and its committed schema lasts milliseconds
        os.kill(run.pid, signal.SIGKILL)
        run.communicate(timeout=60)
        if db_path.exists() and not has_tables(db_path):
            return db_path
    pytest.fail("three runs committed their schema before the kill: the window was never hit")


@pytest.mark.prefect
def test_a_run_killed_while_creating_its_file_leaves_a_state_the_next_run_repairs(
    run_env: dict[str, str], tmp_path: Path,
) -> None:
    db_path = killed_while_creating(run_env, tmp_path, tmp_path / "dw.duckdb")
    for command in ("sources", "alerts"):
        code, out, err = finish(dealwatch(run_env, tmp_path, command, "--db", db_path))
        assert code == 0, err
    code, out, err = finish(dealwatch(run_env, tmp_path, "run", "--db", db_path))
    assert code == 0, out + err
    assert "articles: 5 new, 0 already seen" in out
    assert count(db_path, "articles") == 5


@pytest.mark.prefect
def test_an_empty_duckdb_file_gets_its_schema_and_no_command_fails(run_env: dict[str, str], tmp_path: Path) -> None:
    """The issue's own reproduction: a DuckDB file created and closed with nothing in it."""
    db_path = tmp_path / "dw.duckdb"
    duckdb.connect(str(db_path)).close()
    code, out, err = finish(dealwatch(run_env, tmp_path, "sources", "--db", db_path))
    assert code == 0 and "has no warehouse tables yet" in out, out + err
    code, out, err = finish(dealwatch(run_env, tmp_path, "alerts", "--db", db_path))
    assert (code, out) == (0, ""), err
    assert "has no warehouse tables yet" in err and "the next `dealwatch run` sets them up" in err
    code, out, err = finish(dealwatch(run_env, tmp_path, "run", "--db", db_path))
    assert code == 0, out + err
    assert count(db_path, "articles") == 5 and count(db_path, "schema_migrations") >= 1


@pytest.mark.parametrize("start", [b"", "the first 4 KiB of a DuckDB header"])
def test_a_file_cut_short_before_its_headers_is_replaced_by_a_new_warehouse(tmp_path: Path, start: object) -> None:
    db_path = tmp_path / "dw.duckdb"
    if start:
        with connect(tmp_path / "other.duckdb"):
            pass
        db_path.write_bytes((tmp_path / "other.duckdb").read_bytes()[:4096])
    else:
        db_path.write_bytes(b"")
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_a_file_that_is_not_a_warehouse_stops_the_run_with_2_and_is_left_as_it_was(tmp_path: Path) -> None:
    db_path = tmp_path / "notes.duckdb"
    db_path.write_text("my notes, not a database\n" * 1000, encoding="utf-8")
    done = subprocess.run([*DEALWATCH, "run", "--db", str(db_path)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"dealwatch run: database error: cannot open {db_path}: ")
    assert line.endswith("; move it away or choose another --db (dealwatch creates a new warehouse there)")
    assert db_path.read_text(encoding="utf-8") == "my notes, not a database\n" * 1000


def quarantine_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".pending") / "quarantine"


def kept_batch(run_id: str, names: list[str]) -> Batch:
    articles = tuple(ArticleRecord(f"https://wire.example/{n}", "wire", "wire.example", n, f"text of {n}", None, AT,
                                   False) for n in names)
    return Batch(RunRecord(run_id, AT, AT), (SourceOutcome("wire", "rss", "https://wire.example/feed", "ok", AT),),
                 articles)


@pytest.mark.prefect
def test_unreadable_kept_batches_are_set_aside_and_the_run_loads_the_rest(
    run_env: dict[str, str], tmp_path: Path,
) -> None:
    db_path = tmp_path / "dw.duckdb"
    write_pending(db_path, "good", kept_batch("good", ["a", "b"]))
    truncated = write_pending(db_path, "truncated", kept_batch("truncated", ["c"]))
    truncated.write_text(truncated.read_text(encoding="utf-8")[:200], encoding="utf-8")
    older = write_pending(db_path, "older", kept_batch("older", ["d"]))
    # A version whose article records named the URL differently.
    older.write_text(older.read_text(encoding="utf-8").replace('"canonical_url"', '"url"'), encoding="utf-8")

    code, out, err = finish(dealwatch(run_env, tmp_path, "run", "--db", db_path, "--quiet"))
    assert code == 0, out + err
    said = out + err
    for name in ("truncated.json", "older.json"):
        assert f"kept batch {name} cannot be loaded (" in said and str(quarantine_dir(db_path) / name) in said
    assert "JSONDecodeError" in said and "unexpected keyword argument 'url'" in said
    assert count_pending(db_path) == 0
    assert sorted(path.name for path in quarantine_dir(db_path).iterdir()) == [
        "older.json", "older.reason.txt", "truncated.json", "truncated.reason.txt"]
    with duckdb.connect(str(db_path), read_only=True) as con:
        urls = {url for (url,) in con.execute("SELECT canonical_url FROM articles").fetchall()}
    assert {"https://wire.example/a", "https://wire.example/b"} <= urls and len(urls) == 7

    listing = subprocess.run([*DEALWATCH, "sources", "--db", str(db_path)], capture_output=True, text=True,
                             timeout=60, env={**run_env, "COLUMNS": "300"})
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.count("quarantined: kept batch ") == 2
    code, out, err = finish(dealwatch(run_env, tmp_path, "run", "--db", db_path))
    assert code == 0 and "quarantine" not in out + err, out + err


@pytest.mark.prefect
def test_an_error_that_is_no_source_failing_exits_2_in_one_line_not_1_with_a_traceback(
    run_env: dict[str, str], tmp_path: Path,
) -> None:
    """A warehouse someone altered by hand: the load cannot write it. Exit code 1 would say "some sources failed"."""
    db_path = tmp_path / "dw.duckdb"
    with connect(db_path) as con:
        con.execute("ALTER TABLE articles RENAME COLUMN title TO headline")
    code, out, err = finish(dealwatch(run_env, tmp_path, "run", "--db", db_path))
    assert code == 2, out + err
    [line] = err.strip().splitlines()
    assert line.startswith("dealwatch run: unexpected error: BinderException: ") and '"title"' in line
    assert "; run again with --verbose for the traceback" in line and line.endswith("`dealwatch --version`")
