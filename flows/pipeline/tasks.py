"""The run's stages as Prefect tasks, one per batch (a feed, a chunk of pages or articles, the load), and the
Prefect task runners the CPU chunks go to (worker processes, or a Dask cluster)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.settings import PREFECT_API_URL
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner
from prefect.utilities.annotations import quote, unmapped

from flows.config import Execution, FetchPolicy, Source
from flows.pipeline.execution import Pending, Result
from flows.pipeline.stages import (
    FEED_RETRIES,
    FEED_RETRY_DELAYS_SECONDS,
    FeedFetch,
    Stages,
    feed_fetch_of,
    fetch_source_feed,
    load_into,
    read_folders,
)
from flows.sources.http_client import is_transient
from warehouse.records import SourceState


def retry_if_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect's retry_condition_fn: retry timeouts, resets, 5xx and 429; a 404 or bad XML stays bad."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, BaseException) and is_transient(error)


# Tasks keep no cache and no stored result: their inputs are this run's data, and a cached feed would
# hide new entries.
TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}
fetch_feed_task = task(
    name="fetch feed",
    task_run_name="fetch feed {source.name}",
    retries=FEED_RETRIES,
    retry_delay_seconds=FEED_RETRY_DELAYS_SECONDS,
    retry_condition_fn=retry_if_transient,
    **TASK_OPTIONS,
)(fetch_source_feed)
read_folders_task = task(name="read folders", **TASK_OPTIONS)(read_folders)
load_task = task(name="load and send alerts", **TASK_OPTIONS)(load_into)


@functools.cache
def task_of(function: Callable[..., Any]) -> Task[..., Any]:
    """The Prefect task that runs a chunk function (clean_and_extract_pages -> "clean and extract pages")."""
    return task(name=function.__name__.replace("_", " "), **TASK_OPTIONS)(function)


class PrefectRunner:
    """A Prefect task runner as a `Runner`: each chunk is one task run, recorded by the Prefect server."""

    def __init__(self, task_runner: TaskRunner[Any], workers: int, description: str) -> None:
        self.task_runner = task_runner
        self.workers = workers
        self.description = description

    def submit(self, function: Callable[[Any], Result], chunk: Any) -> Pending[Result]:
        (parameter,) = inspect.signature(function).parameters
        # quote(): Prefect would otherwise walk every record of the chunk looking for futures.
        return self.task_runner.submit(task_of(function), {parameter: quote(chunk)})


def cpu_task_runner(execution: Execution) -> tuple[TaskRunner[Any], str]:
    """prefect-dask's runner on the configured cluster, else Prefect's own process pool on this machine."""
    if execution.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=execution.dask_address), f"Dask cluster {execution.dask_address}"
    workers = execution.worker_count()
    return ProcessPoolTaskRunner(max_workers=workers), f"{workers} worker processes"


@contextmanager
def open_prefect_cpu(execution: Execution) -> Iterator[PrefectRunner]:
    task_runner, where = cpu_task_runner(execution)
    with task_runner:
        workers = cluster_workers(task_runner) or execution.worker_count()
        yield PrefectRunner(task_runner, workers, f"Prefect flow on {api_url()}, {where}")


def api_url() -> str:
    return PREFECT_API_URL.value() or "a temporary local Prefect server"


def cluster_workers(task_runner: TaskRunner[Any]) -> int:
    """The threads a Dask cluster offers (so enough chunks are in flight to keep it busy); 0 otherwise."""
    client = getattr(task_runner, "_client", None)
    if client is None:
        return 0
    return sum(worker["nthreads"] for worker in client.scheduler_info()["workers"].values())


def fetch_feeds_as_tasks(
    sources: Sequence[Source],
    states: Mapping[str, SourceState],
    policy: FetchPolicy,
) -> list[FeedFetch]:
    # The flow's thread pool is bounded (flows/monitor.py): mapping every feed queues them, it starts no more
    # threads than that.
    futures = fetch_feed_task.map(list(sources), [states.get(s.name) for s in sources], unmapped(policy))
    return [
        feed_fetch_of(source, outcome_of(future)) for source, future in zip(sources, futures, strict=True)
    ]


def outcome_of(future: PrefectFuture[Any]) -> Any:
    """The task's result, or the exception it ended with after its retries."""
    return future.result(raise_on_failure=False)


PREFECT_STAGES = Stages(
    fetch_feeds=fetch_feeds_as_tasks,
    read_folders=lambda sources: read_folders_task(sources),
    open_cpu=open_prefect_cpu,
    load=lambda db_path, batch, wait_seconds: load_task(db_path, quote(batch), wait_seconds),
)
