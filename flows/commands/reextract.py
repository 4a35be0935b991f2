"""`dealwatch reextract`: stored facts follow the extractor (read again, replaced, alerts re-judged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console

from flows.config import ConfigError, load_config
from flows.exit_codes import EXIT_BUSY, stop
from flows.pipeline.progress import RunProgress, choose_mode, reporting
from flows.pipeline.reextracting import REEXTRACT_CHUNK, REEXTRACT_STAGES, extract_on, reextract_stored
from flows.pipeline.stages import open_local_processes
from flows.unattended.runlock import LockFileUnusable, RunLockBusy, hold_run_lock
from flows.unattended.snapshot import SnapshotNotPublished, publish_snapshot
from warehouse.database import DatabaseBusy, DatabaseUnusable


def reextract(
    db: Path | None = typer.Option(
        None, "--db", help="DuckDB file. Default: the config's database path, else ./dealwatch.duckdb."
    ),
    since: dt.datetime | None = typer.Option(
        None,
        "--since",
        formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
        help="Only articles published (else fetched) on or after this UTC date.",
    ),
    config: Path | None = typer.Option(
        None, "--config", help="Config file for the alert settings. Default: ./dealwatch.toml, else defaults."
    ),
    chunk_size: int = typer.Option(REEXTRACT_CHUNK, "--chunk-size", min=1, help="Articles per transaction."),
    verbose: bool = typer.Option(False, "--verbose", help="A line per committed chunk."),
    quiet: bool = typer.Option(False, "--quiet", help="Print only errors."),
) -> None:
    """Read stored articles again with the current extractor, replace their facts and re-judge the alerts.

    Articles whose facts another extractor version wrote are read in chunks; each chunk's facts are replaced and
    the diff re-run in one transaction: alerts it no longer raises are withdrawn (kept, never sent), new ones
    raised (sent by the next `dealwatch run`). A run killed half-way can be run again; a second run does nothing.
    """
    try:
        checked = load_config(config)
    except ConfigError as error:
        stop("reextract", f"config error: {error}")
    db_path = db or checked.db_path
    progress = RunProgress(choose_mode(verbose=verbose, quiet=quiet, console=Console()), Console(),
                           Console(stderr=True), stages=REEXTRACT_STAGES)
    try:
        # The run lock: a scheduled run waits its turn instead of loading beside a half-replaced archive.
        # Reading is CPU work: on the run's worker processes ([execution] workers), as `dealwatch run` does.
        with hold_run_lock(db_path), reporting(progress), open_local_processes(checked.execution) as cpu:
            summary = reextract_stored(db_path, checked.alerts, since, chunk_size=chunk_size, extract=extract_on(cpu))
    except RunLockBusy as error:
        stop("reextract", str(error), EXIT_BUSY)
    except DatabaseBusy as error:
        stop("reextract", f"database busy: {error}", EXIT_BUSY)
    except (DatabaseUnusable, LockFileUnusable) as error:
        stop("reextract", f"database error: {error}")
    if not quiet:
        typer.echo(summary.format())
        typer.echo(snapshot_note(db_path))


def snapshot_note(db_path: Path) -> str:
    """Refresh the snapshot that `dealwatch alerts` and notebooks read while the file is held."""
    try:
        return f"snapshot for queries: {publish_snapshot(db_path)}"
    except (DatabaseBusy, SnapshotNotPublished) as problem:
        return f"snapshot not refreshed: {problem}"
