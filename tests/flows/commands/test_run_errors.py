"""`dealwatch run` stops with exit code 2 and a sentence, not a traceback, when it cannot start."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from flows.unattended.runlock import LockFileUnusable, hold_run_lock


def test_a_database_in_a_folder_that_cannot_exist_stops_with_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--db", str(blocker / "dealwatch.duckdb")])
    assert result.exit_code == 2, result.output
    assert "cannot create the run lock" in result.output and str(blocker) in result.output


def test_the_lock_is_reentrant_within_one_process(tmp_path: Path) -> None:
    db = tmp_path / "dealwatch.duckdb"
    with hold_run_lock(db), hold_run_lock(db, wait_seconds=0):
        assert (tmp_path / "dealwatch.duckdb.lock").read_text().startswith("pid ")


def test_an_unusable_lock_folder_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    try:
        with hold_run_lock(blocker / "x.duckdb"):
            raise AssertionError("the lock was taken in a folder that is a file")
    except LockFileUnusable as error:
        assert str(blocker) in str(error)
