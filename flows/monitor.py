"""The dealwatch Prefect flow: the run of flows/pipeline/runs.py, its stages as Prefect tasks, then the run's
summary and artifacts in Prefect's UI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows.config import load_config
from flows.pipeline.runs import run_pipeline
from flows.pipeline.stages import PAGE_WORKERS
from flows.pipeline.summary import RunSummary, format_summary
from flows.pipeline.tasks import PREFECT_STAGES
from flows.report.artifacts import publish_run

# `run_pipeline` is the plain run (flows/pipeline/runs.py), named here too: the flow is one way to run it.
__all__ = ["monitor", "run_pipeline"]


# The flow's own task runner runs its few tasks (the feeds, the folders, the load): a bounded one all the same.
@flow(name="dealwatch", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=PAGE_WORKERS))
def monitor(
    config_path: str | None = None, db_path: str | None = None, wait_seconds: float = 0.0,
    dask_address: str | None = None,
) -> RunSummary:
    """Fetch the configured sources, extract the facts of new articles and load them into DuckDB; then show
    what the run found in Prefect's UI: the summary in the run's log, and two artifacts (flows/report/artifacts.py).

    `wait_seconds`: how long to wait for another run on the same database, then for the file itself.
    `dask_address`: clean and extract on that Dask cluster (default: the config's `[execution]`).
    """
    config = load_config(Path(config_path) if config_path else None)
    if dask_address:
        config = replace(config, execution=replace(config.execution, dask_address=dask_address))
    summary = run_pipeline(
        config, Path(db_path) if db_path else None, stages=PREFECT_STAGES, wait_seconds=wait_seconds
    )
    publish_run(format_summary(summary).splitlines(), summary.alert_lines, summary.db_path)
    return summary
