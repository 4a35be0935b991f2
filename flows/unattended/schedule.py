"""Serving the dealwatch flow on a cron schedule through a Prefect server (`dealwatch serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

# Prefect is imported where a schedule is served, not here: the CLI names this module's defaults, and `dealwatch
# run` in process would otherwise pay ~1 s of imports for a server it never talks to.
if TYPE_CHECKING:
    from prefect import Flow
    from prefect.schedules import Schedule

DEPLOYMENT_NAME = "scheduled"
DEFAULT_CRON = "*/30 * * * *"
# A scheduled run that finds another run (a cron run, a manual one) on its database waits this long for it,
# then ends with the lock's message; well under the default half-hour between runs.
DEFAULT_WAIT_SECONDS = 300.0
SERVER_HINT = (
    "start one with `prefect server start` and point dealwatch at it with "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


class ScheduleError(Exception):
    """The schedule cannot be served: no Prefect server configured, or a cron line Prefect refuses."""


def require_prefect_server() -> str:
    """The API URL of a Prefect server that answers; serve cannot schedule without one (local mode refuses)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    if not api_url:
        raise ScheduleError(f"serving a schedule needs a running Prefect server: {SERVER_HINT}")
    # Asked before serving: a server that is down would otherwise surface as Prefect's long traceback.
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise ScheduleError(f"no Prefect server answers at PREFECT_API_URL={api_url} ({problem}): start it with "
                            "`prefect server start`, or correct or unset PREFECT_API_URL")
    return api_url


def parse_cron(cron: str) -> Schedule:
    """Prefect's own check of the cron line, so a typo is caught here and not by the server."""
    from prefect.schedules import Cron

    try:
        return Cron(cron, timezone="UTC")
    except ValueError as error:
        raise ScheduleError(f"--cron {cron!r} is not a cron line Prefect accepts: {error}") from error


def deployment_parameters(config_path: Path | None, db_path: Path | None,
                          wait_seconds: float = DEFAULT_WAIT_SECONDS) -> dict[str, Any]:
    """Absolute paths: scheduled runs start in a fresh process whose working directory may differ."""
    return {
        "config_path": str(config_path.resolve()) if config_path else None,
        "db_path": str(db_path.resolve()) if db_path else None,
        "wait_seconds": wait_seconds,
    }


def serve_flow(flow: Flow[..., Any], cron: str, parameters: dict[str, Any], name: str = DEPLOYMENT_NAME) -> None:
    """Register the deployment with its cron schedule and run flow runs as they come due, until SIGINT."""
    from prefect.types.entrypoint import EntrypointType

    require_prefect_server()
    schedule = parse_cron(cron)
    # A module entrypoint (flows.monitor.monitor) runs from any directory where dealwatch is installed.
    flow.serve(
        name=name,
        schedule=schedule,
        parameters=parameters,
        entrypoint_type=EntrypointType.MODULE_PATH,
        print_starting_message=True,
    )
