"""The run's stages as Prefect tasks, one per batch (the feeds, a chunk of pages or articles, the load), and the
Prefect task runners the CPU chunks go to (worker processes, or a Dask cluster)."""

from __future__ import annotations

import functools
import pickle
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner
from prefect.utilities.annotations import quote

from flows.config import Execution
from flows.pipeline.execution import Pending, Result
from flows.pipeline.stages import Stages, fetch_feeds, load_into, read_folders

# Tasks keep no cache and no stored result: their inputs are this run's data, and a cached feed would
# hide new entries.
TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}
# On a Prefect task runner, chunks of up to 5 times the pages of a process pool's (250), as long as each worker
# gets 8 or more (PrefectRunner.chunk_size).
TASK_RUN_GROWTH = 5
CHUNKS_PER_WORKER = 8
fetch_feeds_task = task(name="fetch feeds", **TASK_OPTIONS)(fetch_feeds)
read_folders_task = task(name="read folders", **TASK_OPTIONS)(read_folders)
load_task = task(name="load and send alerts", **TASK_OPTIONS)(load_into)


class Parcel:
    """A chunk and its function as one opaque value, the chunk pickled once, here.

    Prefect and Dask walk the lists, tuples and dataclasses in a task's arguments (Prefect looking for futures;
    Dask rebuilt our frozen records as plain tuples): a plain object with slots they pass along untouched. Dask
    also named each task by a hash of its arguments, pickling the pages twice more (and unpickling them twice) in
    this process, and its scheduler unpickles a submitted task and pickles it again for the worker: as bytes, with
    a token of their own, the pages cost those steps a copy, and are unpickled once, in the worker.
    """

    __slots__ = ("function", "pickled", "token")

    def __init__(self, function: Callable[[Any], Any], chunk: Any) -> None:
        self.function = function
        self.pickled = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        self.token = uuid.uuid4().hex

    def __dask_tokenize__(self) -> str:
        return self.token

    def chunk(self) -> Any:
        return pickle.loads(self.pickled)  # noqa: S301 (this run's own pages, pickled above)


def run_parcel(parcel: Parcel) -> Any:
    return parcel.function(parcel.chunk())


@functools.cache
def task_of(function: Callable[..., Any]) -> Task[..., Any]:
    """The Prefect task that runs a chunk function (clean_and_extract_pages -> "clean and extract pages")."""
    return task(name=function.__name__.replace("_", " "), **TASK_OPTIONS)(run_parcel)


class PrefectRunner:
    """A Prefect task runner as a `Runner`: each chunk is one task run, recorded by the Prefect server.

    The task runner starts on the first chunk (a run with nothing new starts no pool and no cluster), under
    the flow's API URL: workers report their task runs there. Without a configured API the flow's temporary
    server is named to them explicitly, else each worker would start a temporary server of its own (~10 s).
    """

    def __init__(self, execution: Execution) -> None:
        self.execution = execution
        self.workers = execution.worker_count()
        self.task_runner, self.where = cpu_task_runner(execution)
        configured = PREFECT_API_URL.value()
        self.server = configured or "a temporary Prefect server"
        self.description = f"Prefect flow on {self.server}, {self.where}"
        self.started: ExitStack | None = None

    def submit(self, function: Callable[[Any], Result], chunk: Any) -> Pending[Result]:
        if self.started is None:
            self.start()
        return self.task_runner.submit(task_of(function), {"parcel": Parcel(function, chunk)})

    def chunk_size(self, items: int, smallest: int) -> int:
        """Larger chunks than a process pool's: each is a Prefect task run, which cost ~45 ms of this process's
        CPU (Prefect serialises all its settings for each submission), ~40 ms of the Prefect server's and ~25 ms
        of a Dask scheduler's, against ~8 ms a page in a worker (bench/pipeline.py, 10,000 pages, 50 a chunk).
        Up to TASK_RUN_GROWTH times `smallest`, while each worker still gets CHUNKS_PER_WORKER chunks: the
        workers (a cluster's, known once it is reached) share the work evenly to the end."""
        if self.started is None:
            self.start()
        return max(smallest, min(TASK_RUN_GROWTH * smallest, items // (self.workers * CHUNKS_PER_WORKER)))

    def start(self) -> None:
        self.started = ExitStack()
        api_url = PREFECT_API_URL.value() or running_api_url()
        self.started.enter_context(temporary_settings(updates={PREFECT_API_URL: api_url}))
        self.started.enter_context(self.task_runner)
        self.workers = cluster_workers(self.task_runner) or self.workers

    def __enter__(self) -> PrefectRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.started is not None:
            self.started.close()


# The flow's local CPU work goes to Prefect's process pool: bench/pipeline.py measured a temporary local Dask
# cluster 1.46 times as slow on 3,000 pages (65.1 s against 44.5 s; README, "Scale"). Dask only when named.
LOCAL_CPU_RUNNER = "processes"


def cpu_task_runner(execution: Execution) -> tuple[TaskRunner[Any], str]:
    """prefect-dask's runner on the configured cluster, else worker processes on this machine."""
    from prefect_dask import DaskTaskRunner

    if execution.dask_address:
        return DaskTaskRunner(address=execution.dask_address), f"Dask cluster {execution.dask_address}"
    workers = execution.worker_count()
    if LOCAL_CPU_RUNNER == "dask":
        cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        return DaskTaskRunner(cluster_kwargs=cluster), f"a local Dask cluster of {workers} worker processes"
    return ProcessPoolTaskRunner(max_workers=workers), f"{workers} worker processes"


def running_api_url() -> str:
    """The API this flow run reports to (the temporary server Prefect started, when none is configured)."""
    with get_client(sync_client=True) as client:
        return str(client.api_url)


def cluster_workers(task_runner: TaskRunner[Any]) -> int:
    """The threads a Dask cluster offers (so enough chunks are in flight to keep it busy); 0 otherwise."""
    client = getattr(task_runner, "_client", None)
    if client is None:
        return 0
    return sum(worker["nthreads"] for worker in client.scheduler_info()["workers"].values())


PREFECT_STAGES = Stages(
    fetch_feeds=lambda sources, states, policy: fetch_feeds_task(sources, states, policy),
    read_folders=lambda sources: read_folders_task(sources),
    open_cpu=PrefectRunner,
    load=lambda db_path, batch, wait_seconds: load_task(db_path, quote(batch), wait_seconds),
)
