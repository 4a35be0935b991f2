"""`dealwatch report` and `dealwatch run --report`: what they write, what they say, and when they refuse."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.unattended.snapshot import snapshot_path
from warehouse.database import connect

# A notebook with the warehouse open for writing: no other process may open the file until it stops.
HOLDER = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)"
SUBJECTS = re.compile(r'<section class="subject" data-subject="([^"]+)"')
CONFLICTS = re.compile(r'<article class="conflict" data-deal="([^"]+)"')


def report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["report", *args])
    return result.exit_code, result.output


@pytest.fixture
def held(disagreeing_workspace: Path) -> Iterator[Path]:
    """The workspace's warehouse held by another process for writing."""
    db = disagreeing_workspace / "dealwatch.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield db
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.prefect
def test_run_with_report_refreshes_the_page(disagreeing_workspace: Path) -> None:
    page = (disagreeing_workspace / "run-report.html").read_text(encoding="utf-8")
    assert set(CONFLICTS.findall(page)) == {"Anthropic ← Nvidia: investment", "Anthropic: valuation"}


@pytest.mark.prefect
def test_one_deal_and_a_date_narrow_the_page(disagreeing_workspace: Path, tmp_path: Path) -> None:
    db = str(disagreeing_workspace / "dealwatch.duckdb")
    code, output = report("--db", db, "--out", str(tmp_path / "openai.html"), "--deal", "openai")
    assert code == 0, output
    assert "0 open conflicts, 1 of 1 companies" in output
    page = (tmp_path / "openai.html").read_text(encoding="utf-8")
    assert SUBJECTS.findall(page) == ["OpenAI"] and CONFLICTS.findall(page) == []

    code, output = report("--db", db, "--out", str(tmp_path / "recent.html"), "--since", "2025-11-21")
    assert code == 0, output
    page = (tmp_path / "recent.html").read_text(encoding="utf-8")
    # Only Le Courrier des Puces (21 Nov), techradar.com (22 Nov) and the undated seed, placed at the time it
    # was fetched, are that recent: 1 + 3 + 2 investments, and Le Courrier's valuation alone.
    assert SUBJECTS.findall(page) == ["Anthropic"]
    assert 'data-kind="investment" data-marks="6"' in page and 'data-kind="valuation" data-marks="1"' in page


@pytest.mark.prefect
def test_a_busy_warehouse_is_read_from_its_snapshot(held: Path, tmp_path: Path) -> None:
    assert snapshot_path(held).is_file()
    code, output = report("--db", str(held), "--out", str(tmp_path / "page.html"))
    assert code == 0, output
    assert f"{held} was busy, read from the snapshot {snapshot_path(held)}" in output
    assert "Anthropic ← Nvidia: investment" in (tmp_path / "page.html").read_text(encoding="utf-8")


def test_a_missing_warehouse_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    code, output = report("--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "page.html"))
    assert code == 2
    assert f"dealwatch report: no warehouse at {tmp_path / 'none.duckdb'}: `dealwatch run` creates it" in output
    assert not (tmp_path / "page.html").exists()


@pytest.mark.prefect
def test_an_unwritable_output_is_named(disagreeing_workspace: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    code, output = report("--db", str(disagreeing_workspace / "dealwatch.duckdb"), "--out", str(tmp_path / "taken"))
    assert code == 2 and f"cannot write {tmp_path / 'taken'}" in output
    assert list(tmp_path.iterdir()) == [tmp_path / "taken"], "no temporary file is left behind"


def test_a_warehouse_from_an_older_version_says_how_to_update_it(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    with connect(db):
        pass
    with duckdb.connect(str(db)) as con:
        con.execute("DROP VIEW open_conflicts_evidence")
    code, output = report("--db", str(db), "--out", str(tmp_path / "page.html"))
    assert code == 2 and "last written by an older dealwatch" in output and "`dealwatch run`" in output
