"""`dealwatch serve`: run the pipeline on a cron schedule through a Prefect server."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.exit_codes import stop
from flows.unattended.schedule import (
    DEFAULT_CRON,
    DEFAULT_WAIT_SECONDS,
    DEPLOYMENT_NAME,
    ScheduleError,
    deployment_parameters,
    serve_flow,
)


def serve(
    cron: str = typer.Option(DEFAULT_CRON, "--cron", help="When to run, as a cron line (UTC)."),
    config: Path | None = typer.Option(None, "--config", help="Config file (default: ./dealwatch.toml)."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB file (default: from the config)."),
    name: str = typer.Option(DEPLOYMENT_NAME, "--name", help="Name of the Prefect deployment."),
    wait: float = typer.Option(DEFAULT_WAIT_SECONDS, "--wait", min=0,
                               help="Seconds a run waits for another run on the same database."),
) -> None:
    """Run the pipeline on a cron schedule until Ctrl-C (needs `prefect server start` and PREFECT_API_URL)."""
    from flows.monitor import monitor  # the flow and its tasks are built on import: only serve needs them here

    try:
        serve_flow(monitor, cron, deployment_parameters(config, db, wait), name=name)
    except ScheduleError as error:
        stop("serve", str(error))
