"""`dealwatch sources`: each source's health, read from the warehouse without blocking a run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from flows.config import ConfigError, load_config
from flows.snapshot import snapshot_path
from warehouse.database import DatabaseBusy, DatabaseUnusable, connect
from warehouse.health import SourceHealth, read_source_health

EXIT_CANNOT_RUN = 2
# Piped or in a cron mail, rich would squeeze the table into 80 columns; lines may be long there.
UNATTENDED_WIDTH = 220
COLUMNS = (
    "source", "type", "last status", "last success", "failures", "next attempt", "articles", "last error",
)


def sources(
    config: Path | None = typer.Option(None, "--config", help="Config file naming the database (TOML)."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB file to read (default: from the config)."),
) -> None:
    """List each source: last status and success, failures in a row, next attempt, articles contributed."""
    try:
        db = db or load_config(config).db_path
        rows, read_from = read_health_anywhere(db)
    except (ConfigError, DatabaseBusy, DatabaseUnusable) as error:
        typer.echo(f"dealwatch sources: {error}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from error
    console = Console()
    if not console.is_terminal:
        console = Console(width=UNATTENDED_WIDTH)
    # The warehouse stores UTC without a zone (warehouse/load.py).
    console.print(health_table(rows, now=datetime.now(UTC).replace(tzinfo=None)))
    if read_from != db:
        console.print(f"{db} is busy: read from the snapshot {read_from}")


def read_health_anywhere(db: Path) -> tuple[list[SourceHealth], Path]:
    """The warehouse itself, or its snapshot when another process holds the file."""
    try:
        return read_health(db), db
    except DatabaseBusy:
        if not snapshot_path(db).is_file():
            raise
        return read_health(snapshot_path(db)), snapshot_path(db)


def read_health(db: Path) -> list[SourceHealth]:
    with connect(db, read_only=True) as con:
        return read_source_health(con)


def health_table(rows: list[SourceHealth], now: datetime) -> Table:
    table = Table(*COLUMNS, title="dealwatch sources")
    for row in rows:
        table.add_row(*health_cells(row, now))
    return table


def health_cells(row: SourceHealth, now: datetime) -> tuple[str, ...]:
    return (
        row.source_name,
        row.source_type,
        row.last_status or "never run",
        format_time(row.last_success_at) or "never",
        str(row.consecutive_failures),
        describe_next_attempt(row, now),
        str(row.articles_contributed),
        row.last_error or "",
    )


def describe_next_attempt(row: SourceHealth, now: datetime) -> str:
    """'next run' for a healthy source; for a failing one, when its backoff lets it be tried again."""
    if row.next_attempt_at is None or row.next_attempt_at <= now:
        return "next run"
    return f"after {format_time(row.next_attempt_at)} (backing off)"


def format_time(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""
