"""`dealwatch sources`: each configured and stored source's health, read without blocking a run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flows.config import DEFAULT_CONFIG_NAME, ConfigError, Source, load_config
from flows.exit_codes import stop
from flows.unattended.snapshot import read_anywhere
from flows.unattended.spool import count_pending, list_quarantined, pending_dir
from warehouse.database import DatabaseBusy, DatabaseUnusable, SchemaMissing
from warehouse.health import SourceHealth, read_source_health
from warehouse.records import utc_now

# Piped or in a cron mail, rich would squeeze the table into 80 columns; lines may be long there.
UNATTENDED_WIDTH = 220
COLUMNS = (
    "source", "type", "last status", "last success", "failures", "next attempt", "articles", "last error",
)


@dataclass(frozen=True)
class ListedSource:
    """One line of the table: a source's health, and whether a config read for this listing still names it."""

    health: SourceHealth
    is_dropped_from_config: bool = False


def sources(
    config: Path | None = typer.Option(
        None, "--config", help="Config file (TOML). Default: ./dealwatch.toml, else the seeds folder."
    ),
    db: Path | None = typer.Option(
        None, "--db", help="DuckDB file to read. Default: the config's database path, else ./dealwatch.duckdb."
    ),
) -> None:
    """List each source: last status and success, failures in a row, next attempt, articles contributed.

    The config's sources come first, in its order; those not fetched yet
    (or before the database exists) show "never run". Then the database's
    other sources, marked "not in config". With only --db and no
    ./dealwatch.toml: the database's sources alone.
    """
    try:
        configured, db = find_sources_and_database(config, db)
        stored, note = read_stored_health(db, may_be_missing=configured is not None)
    except (ConfigError, DatabaseBusy, DatabaseUnusable) as error:
        stop("sources", str(error))
    console = Console()
    if not console.is_terminal:
        console = Console(width=UNATTENDED_WIDTH)
    # The warehouse stores UTC without a zone (warehouse/load.py).
    console.print(health_table(list_sources(configured, stored), now=utc_now()))
    for line in ([note] if note else []) + describe_kept_batches(db):
        console.print(Text(line))


def find_sources_and_database(config: Path | None, db: Path | None) -> tuple[tuple[Source, ...] | None, Path]:
    """The sources and database `dealwatch run` would use; no sources when only --db is given and no config."""
    if config is None and db is not None and not (Path.cwd() / DEFAULT_CONFIG_NAME).is_file():
        return None, db
    checked = load_config(config)
    return checked.sources, db or checked.db_path


def read_stored_health(db: Path, *, may_be_missing: bool) -> tuple[list[SourceHealth], str]:
    """The stored rows and a line on where they came from ('' for the warehouse itself)."""
    if may_be_missing and not db.exists():
        # Before the first run there is nothing stored, yet the configured sources are worth listing.
        return [], f"no warehouse at {db} yet: `dealwatch run` creates it"
    try:
        rows, read_from = read_anywhere(db, read_source_health)
    except SchemaMissing as missing:
        return [], str(missing)
    return rows, "" if read_from == db else f"{db} is busy: read from the snapshot {read_from}"


def describe_kept_batches(db: Path) -> list[str]:
    """Batches waiting in `<db>.pending/` for the next run, and those set aside because they cannot be read."""
    lines = []
    if waiting := count_pending(db):
        lines.append(f"{waiting} kept batch(es) in {pending_dir(db)}, loaded by the next run that can")
    lines += [f"quarantined: {quarantined.describe()}; look at it, then delete it"
              for quarantined in list_quarantined(db)]
    return lines


def list_sources(configured: Sequence[Source] | None, stored: Sequence[SourceHealth]) -> list[ListedSource]:
    """Configured sources in config order, then the stored ones it no longer names; without a config, all stored.

    Matched by name: the pipeline stores each source's health under its configured name (flows/monitor.py).
    """
    if configured is None:
        return [ListedSource(row) for row in stored]
    by_name = {row.source_name: row for row in stored}
    listed = [ListedSource(by_name.get(source.name) or never_run(source)) for source in configured]
    names = {source.name for source in configured}
    return listed + [ListedSource(row, is_dropped_from_config=True) for row in stored if row.source_name not in names]


def never_run(source: Source) -> SourceHealth:
    return SourceHealth.never_run(source.name, source.type, source.location)


def health_table(listed: list[ListedSource], now: datetime) -> Table:
    table = Table(*COLUMNS, title="dealwatch sources")
    for source in listed:
        table.add_row(*health_cells(source, now))
    return table


def health_cells(source: ListedSource, now: datetime) -> tuple[str, ...]:
    row = source.health
    return (
        row.source_name,
        row.source_type,
        row.last_status or "never run",
        format_time(row.last_success_at) or "never",
        str(row.consecutive_failures),
        describe_next_attempt(source, now),
        str(row.articles_contributed),
        row.last_error or "",
    )


def describe_next_attempt(source: ListedSource, now: datetime) -> str:
    """'next run' for a healthy source; for a failing one, when its backoff lets it be tried again."""
    if source.is_dropped_from_config:
        return "not in config"
    row = source.health
    if row.next_attempt_at is None or row.next_attempt_at <= now:
        return "next run"
    return f"after {format_time(row.next_attempt_at)} (backing off)"


def format_time(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""
