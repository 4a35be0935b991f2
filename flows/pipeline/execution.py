"""Where a run's CPU work goes: worker processes of this machine, or a Prefect task runner (a Dask cluster too).

A runner takes a module-level function and one chunk of work (a list of pages, of articles...) and returns
a future; `in_chunks` keeps a bounded number of chunks in flight, so memory stays flat however long the list.
The functions get plain records and return plain records: they must be importable by name in the worker
(`flows...`), never a lambda.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

# The module the worker processes import once, as they start (trafilatura and lxml: ~0.5 s).
WORKER_MODULE = "flows.pipeline.work"


class Pending(Protocol[Result]):
    """What a runner hands back: stdlib futures and Prefect futures both have `.result()`, and call back once done
    (with themselves, whatever their type)."""

    def result(self) -> Result: ...

    def add_done_callback(self, fn: Callable[[Any], object]) -> None: ...


class Runner(Protocol):
    """Runs `function(chunk)` somewhere; `workers` chunks can run at the same time."""

    workers: int
    description: str

    def submit(self, function: Callable[[Any], Result], chunk: Any) -> Pending[Result]: ...

    def chunk_size(self, items: int, smallest: int) -> int:
        """Items per chunk for `items` in all: `smallest`, or more where each chunk costs more than its pickling."""
        ...


def in_chunks(runner: Runner, function: Callable[[Chunk], Result], chunks: Iterable[Chunk],
              ahead: int | None = None) -> Iterator[Result]:
    """`function` over `chunks` on `runner`, results in order; at most `ahead` chunks submitted and not read.

    Lazy on both sides: a chunk is taken from `chunks` only when there is room, so a generator feeding it
    (pages being fetched) is held back by the slowest stage instead of piling up in memory.
    """
    pending: deque[Pending[Result]] = deque()
    for chunk in chunks:
        # Read each time: a cluster says how many workers it has once it is reached, on the first chunk.
        if len(pending) >= (ahead or 2 * runner.workers):
            yield pending.popleft().result()
        pending.append(runner.submit(function, chunk))
    while pending:
        yield pending.popleft().result()


def as_completed_bounded(runner: Runner | LocalThreads, function: Callable[[Chunk], Result], items: Iterable[Chunk],
                         ahead: int | None = None) -> Iterator[Result]:
    """`function` over `items` on `runner`, results as they finish; at most `ahead` (two per worker) submitted and
    not read. Unlike `in_chunks`, a slow item (a slow page, a chunk whose worker is short of a core) holds up no
    submission, so the other threads or workers never wait for it with nothing to do."""
    done: queue.SimpleQueue[Pending[Result]] = queue.SimpleQueue()
    in_flight = 0
    for item in items:
        if in_flight >= (ahead or 2 * runner.workers):
            yield done.get().result()
            in_flight -= 1
        pending = runner.submit(function, item)
        pending.add_done_callback(lambda _, pending=pending: done.put(pending))
        in_flight += 1
    for _ in range(in_flight):
        yield done.get().result()


class InlineRunner:
    """Runs each chunk at once in this thread: a run with one chunk of work gains nothing from processes."""

    workers = 1
    description = "in process"

    def submit(self, function: Callable[[Any], Result], chunk: Any) -> Future[Result]:
        done: Future[Result] = Future()
        try:
            done.set_result(function(chunk))
        except BaseException as error:  # handed to the caller by .result(), as a pool would
            done.set_exception(error)
        return done

    def chunk_size(self, items: int, smallest: int) -> int:
        return smallest


class LocalProcesses:
    """A pool of worker processes, started on the first chunk (a run with nothing new starts none).

    spawn, not fork: the run's own process has threads (fetching, Prefect) that a fork would copy mid-lock. Not
    forkserver either: its server process (~60 MiB, the work module imported) outlives the pool and was still
    there while the batch loaded, the run's peak of memory. Each spawned worker imports the work module as it
    starts, the two in parallel.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"in process, {workers} worker processes"
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, function: Callable[[Any], Result], chunk: Any) -> Future[Result]:
        if self.pool is None:
            self.pool = start_pool(self.workers)
        return self.pool.submit(function, chunk)

    def chunk_size(self, items: int, smallest: int) -> int:
        return smallest  # a chunk costs its pickling and a pipe's round trip: small ones balance best

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> LocalProcesses:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_pool(workers: int) -> ProcessPoolExecutor:
    """The pool with all its workers running (they are started on submissions, hence the warm-up calls)."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=importlib.import_module, initargs=(WORKER_MODULE,))
    with main_module_hidden():
        warming = [pool.submit(os.getpid) for _ in range(workers)]
    for future in warming:
        future.result()
    return pool


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """Start workers without the parent's main script: multiprocessing has each worker import it again (for
    functions defined there), and for `dealwatch` it is the whole command line, Prefect included. The chunk
    functions live in importable modules, so the workers need none of it."""
    main = sys.modules["__main__"]
    saved_file, saved_spec = main.__dict__.pop("__file__", None), getattr(main, "__spec__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__spec__ = saved_spec
        if saved_file is not None:
            main.__file__ = saved_file


class LocalThreads:
    """A bounded pool of threads, for waiting on the network."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"{workers} threads"
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dealwatch-fetch")

    def submit(self, function: Callable[[Any], Result], chunk: Any) -> Future[Result]:
        return self.pool.submit(function, chunk)

    def __enter__(self) -> LocalThreads:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def runner_for(work: Sequence[Any], chunk_size: int, runner: Runner) -> Runner:
    """`runner`, unless the work is one chunk or less: one chunk runs on one core wherever it runs."""
    return runner if len(work) > chunk_size else InlineRunner()
