"""`dealwatch alerts`: the alerts raised so far, as one-glance lines or JSON lines, read-only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from flows.alerting.formatting import alert_as_json, format_alert_details, sanitize_text
from flows.config import ConfigError, load_config
from flows.exit_codes import stop
from flows.unattended.snapshot import read_anywhere
from warehouse.alerts import SEVERITIES, Alert, list_alerts
from warehouse.database import DatabaseBusy, DatabaseUnusable, SchemaMissing

# Outlets and evidence come from the web: a terminal must not receive their control characters.
LINE_MAX_CHARS = 2000
DETAIL_INDENT = "    "


def alerts(
    db: Path | None = typer.Option(
        None, "--db", help="DuckDB file to read. Default: the config's database path, else ./dealwatch.duckdb."
    ),
    config: Path | None = typer.Option(
        None, "--config", help="Config file naming the database (default: ./dealwatch.toml)."
    ),
    since: dt.datetime | None = typer.Option(
        None,
        "--since",
        formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
        help="Only alerts raised on or after this UTC date.",
    ),
    severity: str | None = typer.Option(None, "--severity", help="Only `conflict` or only `notice` alerts."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line instead of text."),
    brief: bool = typer.Option(False, "--brief", help="One line per alert, without the evidence."),
    show_all: bool = typer.Option(False, "--all", help="Also the alerts withdrawn after a re-extraction."),
) -> None:
    """List the alerts: each figure that disagrees with what was published before it, oldest first.

    Each alert shows its figure and context, the figures it was compared with (outlets, independent reports,
    conversions) and the evidence of both sides; --brief keeps the first line. Withdrawn alerts only with --all.
    """
    if severity is not None and severity not in SEVERITIES:
        stop("alerts", f"--severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    try:
        db = db or load_config(config).db_path
        found, read_from = read_alerts_anywhere(db, since, severity, show_all)
    except SchemaMissing as missing:
        found, read_from = [], None
        typer.echo(str(missing), err=True)
    except (ConfigError, DatabaseBusy, DatabaseUnusable) as error:
        stop("alerts", str(error))
    for alert in found:
        typer.echo(json.dumps(alert_as_json(alert), ensure_ascii=False) if as_json else alert_text(alert, brief))
    if read_from is not None and read_from != db:
        typer.echo(f"{db} is busy: read from the snapshot {read_from}", err=True)


def read_alerts_anywhere(
    db: Path, since: dt.datetime | None, severity: str | None, include_withdrawn: bool
) -> tuple[list[Alert], Path]:
    """The warehouse itself, or its snapshot when a run holds the file."""
    return read_anywhere(
        db, lambda con: list_alerts(con, since=since, severity=severity, include_withdrawn=include_withdrawn)
    )


def alert_text(alert: Alert, brief: bool) -> str:
    """The one-glance line (marked when withdrawn), then unless brief the details, indented."""
    withdrawn = f"(withdrawn {alert.withdrawn_at:%Y-%m-%d %H:%M}) " if alert.withdrawn_at else ""
    first, *details = format_alert_details(alert)
    lines = [sanitize_text(withdrawn + first, LINE_MAX_CHARS)]
    lines += [] if brief else [DETAIL_INDENT + sanitize_text(line, LINE_MAX_CHARS) for line in details]
    return "\n".join(lines)


