"""`dealwatch report`: one self-contained HTML page of the deals, the conflicts, the sources and the runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from flows.config import ConfigError, load_config
from flows.exit_codes import stop
from warehouse.database import DatabaseBusy, DatabaseUnusable
from warehouse.report import ReportScope

if TYPE_CHECKING:
    from flows.report.writer import WrittenReport

DEFAULT_OUT = Path("report.html")


class ReportNotWritten(Exception):
    """The page could not be written; the message says why, naming the file."""


def report(
    config: Path | None = typer.Option(
        None, "--config", help="Config file (TOML): its database and its alert tolerance. Default: ./dealwatch.toml."
    ),
    db: Path | None = typer.Option(
        None, "--db", help="DuckDB file to read. Default: the config's database path, else ./dealwatch.duckdb."
    ),
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="The HTML file to write (replaced whole)."),
    since: dt.datetime | None = typer.Option(
        None, "--since", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
        help="Only facts seen, and conflicts raised, on or after this UTC date.",
    ),
    deal: str | None = typer.Option(None, "--deal", help="Only this company (the facts' subject, any case)."),
) -> None:
    """Write one HTML page of the deals: open conflicts, each company's figures by outlet over time, sources, runs.

    The page opens offline: charts are inline SVG, it runs no script and loads nothing. While a run holds
    the database it is read from the snapshot.
    """
    try:
        checked = load_config(config)
    except ConfigError as error:
        stop("report", f"config error: {error}")
    try:
        line = write_and_describe(db or checked.db_path, out, ReportScope(since=since, subject=deal),
                                  checked.alerts.tolerance_percent)
    except ReportNotWritten as error:
        stop("report", str(error))
    typer.echo(line)


def write_and_describe(db: Path, out: Path, scope: ReportScope, tolerance_percent: Decimal) -> str:
    """Write the page; one line saying where it is and what it shows, or ReportNotWritten."""
    # Imported here: the charting libraries cost every other command a sixth of a second at start.
    from flows.report.writer import write_report

    try:
        return describe(write_report(db, out, scope, tolerance_percent), db)
    except (DatabaseBusy, DatabaseUnusable) as error:
        raise ReportNotWritten(str(error)) from error
    except OSError as error:
        raise ReportNotWritten(f"cannot write {out}: {error.strerror or error}") from error


def describe(written: WrittenReport, db: Path) -> str:
    """ "report: /home/you/report.html (41 KB): 2 open conflicts, 3 of 3 companies"."""
    snapshot = f"; {db} was busy, read from the snapshot {written.read_from}" if written.read_from != db else ""
    return (
        f"report: {written.path} ({written.size_bytes / 1000:.0f} KB): {written.conflicts} open conflicts, "
        f"{written.subjects_shown} of {written.subjects} companies{snapshot}"
    )
