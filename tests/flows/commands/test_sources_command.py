"""`dealwatch sources` lists every configured source, run or not, and marks stored ones the config dropped."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.pipeline.storing import store_batch
from warehouse.database import connect
from warehouse.records import Batch, RunRecord, SourceOutcome

RUN_AT = dt.datetime(2025, 3, 4, 9, 30)
# Names out of alphabetical order: the listing must follow the config, not the database's ORDER BY.
WIRE = ("zeta-wire", "http://127.0.0.1:9/wire.xml")
NEWSLETTER = ("alpha-newsletter", "http://127.0.0.1:9/newsletter.xml")
RETIRED = ("retired-feed", "http://127.0.0.1:9/retired.xml")


def write_config(folder: Path, feeds: list[tuple[str, str]], db_name: str = "dealwatch.duckdb") -> Path:
    tables = "".join(f'[[sources]]\nname = "{name}"\ntype = "rss"\nurl = "{url}"\n\n' for name, url in feeds)
    path = folder / "dealwatch.toml"
    path.write_text(f'[database]\npath = "{db_name}"\n\n{tables}', encoding="utf-8")
    return path


def record_run(db_path: Path, feeds: list[tuple[str, str]]) -> None:
    """What a run's load writes for feeds that answered: one health row each, keyed by the source's name."""
    batch = Batch(
        run=RunRecord(run_id="run-1", started_at=RUN_AT, finished_at=RUN_AT),
        sources=tuple(SourceOutcome(name, "rss", url, "ok", RUN_AT) for name, url in feeds),
    )
    with connect(db_path) as con:
        store_batch(con, batch)


def list_sources(*args: str) -> list[str]:
    result = CliRunner().invoke(app, ["sources", *args], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.exception
    return result.output.splitlines()


def line_of(lines: list[str], name: str) -> str:
    return next(line for line in lines if f" {name} " in line)


def test_a_configured_feed_that_never_ran_is_listed_after_the_one_that_did(tmp_path: Path) -> None:
    config_path = write_config(tmp_path, [WIRE, NEWSLETTER])
    record_run(tmp_path / "dealwatch.duckdb", [WIRE])
    lines = list_sources("--config", str(config_path))
    wire, newsletter = line_of(lines, WIRE[0]), line_of(lines, NEWSLETTER[0])
    assert lines.index(wire) < lines.index(newsletter), "not in config order"
    assert " ok " in wire and "2025-03-04 09:30" in wire
    assert "never run" in newsletter and " never " in newsletter and "next run" in newsletter


def test_a_stored_source_the_config_no_longer_names_is_marked_and_listed_last(tmp_path: Path) -> None:
    config_path = write_config(tmp_path, [WIRE])
    record_run(tmp_path / "dealwatch.duckdb", [RETIRED, WIRE])
    lines = list_sources("--config", str(config_path))
    wire, retired = line_of(lines, WIRE[0]), line_of(lines, RETIRED[0])
    assert lines.index(wire) < lines.index(retired)
    assert "not in config" in retired and " ok " in retired
    assert "not in config" not in wire


def test_the_config_in_the_working_directory_is_read_as_dealwatch_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, [WIRE, NEWSLETTER], db_name="elsewhere.duckdb")
    record_run(tmp_path / "other.duckdb", [WIRE])
    monkeypatch.chdir(tmp_path)
    # --db names another file than the config's; the sources still come from ./dealwatch.toml.
    lines = list_sources("--db", "other.duckdb")
    assert " ok " in line_of(lines, WIRE[0])
    assert "never run" in line_of(lines, NEWSLETTER[0])


def test_without_a_config_only_the_stored_sources_are_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards today's behaviour for `--db` alone (this one passed before the config was read too)."""
    record_run(tmp_path / "dealwatch.duckdb", [WIRE])
    monkeypatch.chdir(tmp_path)
    lines = list_sources("--db", "dealwatch.duckdb")
    assert " ok " in line_of(lines, WIRE[0])
    assert not any("seeds" in line or "not in config" in line for line in lines)
    missing = CliRunner().invoke(app, ["sources", "--db", "missing.duckdb"])
    assert missing.exit_code == 2 and "no warehouse at missing.duckdb" in missing.output


def test_before_the_first_run_the_configured_sources_are_listed_as_never_run(tmp_path: Path) -> None:
    config_path = write_config(tmp_path, [WIRE, NEWSLETTER])
    listing = subprocess.run([sys.executable, "-m", "flows.cli", "sources", "--config", str(config_path)],
                             capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stderr
    assert "Traceback" not in listing.stderr + listing.stdout
    lines = listing.stdout.splitlines()
    assert all("never run" in line_of(lines, name) for name, _ in (WIRE, NEWSLETTER))
    assert f"no warehouse at {tmp_path / 'dealwatch.duckdb'} yet" in listing.stdout
    assert not (tmp_path / "dealwatch.duckdb").exists(), "listing must not create the warehouse"
