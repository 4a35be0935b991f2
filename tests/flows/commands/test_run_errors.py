"""`dealwatch run` stops with exit code 2 and a sentence, not a traceback, when it cannot start."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from flows.unattended.runlock import LockFileUnusable, hold_run_lock


def test_a_database_in_a_folder_that_cannot_exist_stops_with_2_naming_the_file_not_a_lock(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--db", str(blocker / "dealwatch.duckdb")])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"dealwatch run: database error: cannot create {blocker / 'dealwatch.duckdb'}: "
                                     f"{blocker} is a file, not a folder; choose another --db")
    assert "lock" not in result.output


def test_a_database_in_a_missing_folder_stops_with_2_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    result = CliRunner().invoke(app, ["run", "--db", str(missing / "x.duckdb")])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"dealwatch run: database error: cannot create {missing / 'x.duckdb'}: the "
                                     f"folder {missing} does not exist; create it first (mkdir -p {missing}) "
                                     "or choose another --db")
    assert list(tmp_path.iterdir()) == []


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
