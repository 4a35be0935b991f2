"""`dealwatch serve` puts a deployment with its cron schedule on a Prefect server and runs it when asked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import duckdb
import pytest

from flows.unattended.schedule import DEPLOYMENT_NAME

pytestmark = pytest.mark.prefect
CRON = "*/30 * * * *"
SERVE_STARTUP_SECONDS = 60
LOCK_HELD_AFTER_START_SECONDS = 8
# What `dealwatch` runs: the console script is this module's main().
DEALWATCH = [sys.executable, "-m", "flows.cli"]


@pytest.fixture(scope="module")
def api_url(prefect_harness: None) -> str:
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


def serve_environment(api_url: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "PREFECT_HOME": str(home),
        # The runner looks for due runs every second instead of every ten, to keep the test short.
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


@pytest.fixture(scope="module")
def served(
    api_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """`dealwatch serve` running in its own process against the session's Prefect server."""
    workdir = tmp_path_factory.mktemp("serve")
    db_path = workdir / "scheduled.duckdb"
    process = subprocess.Popen(
        [*DEALWATCH, "serve", "--cron", CRON, "--db", str(db_path)], cwd=workdir,
        env=serve_environment(api_url, workdir / "prefect-home"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield db_path, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


async def find_deployment(name: str) -> Any:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    async with get_client() as client:
        try:
            return await client.read_deployment_by_name(name)
        except ObjectNotFound:
            return None


def wait_for_deployment(process: subprocess.Popen[str]) -> Any:
    deadline = time.monotonic() + SERVE_STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dealwatch serve exited: {process.stdout.read() if process.stdout else ''}")
        deployment = anyio.run(find_deployment, f"dealwatch/{DEPLOYMENT_NAME}")
        if deployment is not None:
            return deployment
        time.sleep(0.5)
    pytest.fail(f"no deployment dealwatch/{DEPLOYMENT_NAME} after {SERVE_STARTUP_SECONDS} s")


def test_serve_registers_the_deployment_with_its_cron_schedule_and_parameters(
    served: tuple[Path, subprocess.Popen[str]],
) -> None:
    db_path, process = served
    deployment = wait_for_deployment(process)
    assert [s.schedule.cron for s in deployment.schedules] == [CRON]
    assert all(s.active for s in deployment.schedules)
    assert deployment.parameters == {"config_path": None, "db_path": str(db_path), "wait_seconds": 300.0}
    assert deployment.entrypoint == "flows.monitor.monitor"


def test_a_run_of_the_served_deployment_loads_the_seeds_into_its_database(
    served: tuple[Path, subprocess.Popen[str]],
) -> None:
    from prefect.deployments import run_deployment

    db_path, process = served
    wait_for_deployment(process)
    flow_run = run_deployment(f"dealwatch/{DEPLOYMENT_NAME}", timeout=90)
    assert flow_run.state is not None and flow_run.state.is_completed(), flow_run.state
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE source_name = 'seeds'").fetchone() == (5,)


async def read_state(flow_run_id: Any) -> Any:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        return (await client.read_flow_run(flow_run_id)).state


def wait_for_state(flow_run_id: Any, done: Callable[[Any], bool], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    state = anyio.run(read_state, flow_run_id)
    while not done(state) and time.monotonic() < deadline:
        time.sleep(0.5)
        state = anyio.run(read_state, flow_run_id)
    return state


def test_a_served_run_waits_for_the_run_holding_its_database_then_runs(
    served: tuple[Path, subprocess.Popen[str]],
) -> None:
    from prefect.deployments import run_deployment

    from flows.unattended.runlock import hold_run_lock

    db_path, process = served
    wait_for_deployment(process)
    with hold_run_lock(db_path):  # this test process plays a cron run that is still going
        flow_run = run_deployment(f"dealwatch/{DEPLOYMENT_NAME}", timeout=0)
        running = wait_for_state(flow_run.id, lambda state: state.is_running() or state.is_final(), 60)
        assert running.is_running(), running
        # Long enough for a run that does not wait to have failed on the lock.
        time.sleep(LOCK_HELD_AFTER_START_SECONDS)
        still = anyio.run(read_state, flow_run.id)
        assert still.is_running(), still
    finished = wait_for_state(flow_run.id, lambda state: state.is_final(), 90)
    assert finished.is_completed(), finished


def test_serve_without_a_prefect_server_says_what_to_start(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    environment["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    result = subprocess.run([*DEALWATCH, "serve"], env=environment, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr


def test_serve_refuses_a_broken_cron_line(api_url: str, tmp_path: Path) -> None:
    result = subprocess.run([*DEALWATCH, "serve", "--cron", "*/30 * *"], capture_output=True, text=True,
                            env=serve_environment(api_url, tmp_path / "prefect-home"), timeout=60)
    assert result.returncode == 2
    assert "--cron '*/30 * *' is not a cron line" in result.stderr
