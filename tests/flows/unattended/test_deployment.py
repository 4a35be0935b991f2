"""The README's deployment steps work: a process work pool, `prefect deploy` of prefect.yaml, a worker run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import duckdb
import pytest

pytestmark = pytest.mark.prefect
ROOT = Path(__file__).resolve().parents[3]
PREFECT = [sys.executable, "-m", "prefect"]
POOL = "dealwatch"
DEPLOYMENT = "dealwatch/every-30-minutes"


@pytest.fixture(scope="module")
def prefect_env(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    home = tmp_path_factory.mktemp("prefect-home")
    return {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PREFECT_HOME": str(home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def prefect(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*PREFECT, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def deployed(prefect_env: dict[str, str]) -> Any:
    """The README's first two steps: the work pool, then `prefect deploy` of prefect.yaml."""
    prefect(prefect_env, "work-pool", "create", POOL, "--type", "process", "--overwrite")
    prefect(prefect_env, "--no-prompt", "deploy", "--all")
    return anyio.run(read_deployment, DEPLOYMENT)


async def read_deployment(name: str) -> Any:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        return await client.read_deployment_by_name(name)


def test_prefect_deploy_registers_the_cron_schedule_the_pool_and_the_parameters(deployed: Any) -> None:
    assert [s.schedule.cron for s in deployed.schedules] == ["*/30 * * * *"]
    assert deployed.work_pool_name == POOL
    assert deployed.parameters == {"config_path": None, "db_path": None, "wait_seconds": 300}
    assert deployed.global_concurrency_limit is not None and deployed.global_concurrency_limit.limit == 1
    assert deployed.concurrency_options is not None
    assert deployed.concurrency_options.collision_strategy == "ENQUEUE"
    # The worker runs the flow from this checkout.
    assert deployed.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}
    ]


def test_a_worker_runs_the_deployment_once_with_its_parameters(
    deployed: Any, prefect_env: dict[str, str], tmp_path: Path,
) -> None:
    from prefect.deployments import run_deployment

    db_path = tmp_path / "deployed.duckdb"
    # An explicit config: the worker runs in the checkout, where a developer's dealwatch.toml may lie.
    config_path = tmp_path / "dealwatch.toml"
    config_path.write_text(f'[[sources]]\nname = "seeds"\ntype = "folder"\npath = "{ROOT / "seeds"}"\n')
    parameters = {"config_path": str(config_path), "db_path": str(db_path)}
    flow_run = run_deployment(DEPLOYMENT, parameters=parameters, timeout=0)
    prefect(prefect_env, "worker", "start", "--pool", POOL, "--run-once", timeout=180)
    state = anyio.run(read_state, flow_run.id)
    assert state.is_completed(), state
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE source_name = 'seeds'").fetchone() == (5,)


async def read_state(flow_run_id: Any) -> Any:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        return (await client.read_flow_run(flow_run_id)).state
