"""The runners: bounded chunks in flight, results in order, worker processes that give what the inline run gives."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
import sys
import threading
import time
from concurrent.futures import Future

from flows.pipeline.execution import (
    InlineRunner,
    LocalProcesses,
    LocalThreads,
    as_completed_bounded,
    in_chunks,
    main_module_hidden,
)
from flows.pipeline.reextracting import extract_on
from flows.pipeline.stages import CHUNK_BYTES, PAGE_CHUNK, batched_pages
from flows.pipeline.tasks import Parcel
from flows.pipeline.work import FetchedPage, NewEntry, extract_articles
from flows.sources.feeds import FeedEntry
from flows.sources.pages import MAX_PAGE_BYTES
from warehouse.records import ArticleRecord


class CountingRunner:
    """Runs chunks in threads and counts the chunks submitted and not yet read back."""

    workers = 2
    description = "counting"

    def __init__(self) -> None:
        self.threads = LocalThreads(4)
        self.pending = 0
        self.most_pending = 0
        self.lock = threading.Lock()

    def submit(self, function, chunk) -> CountedFuture:
        with self.lock:
            self.pending += 1
            self.most_pending = max(self.most_pending, self.pending)
        return CountedFuture(self, self.threads.submit(function, chunk))


class CountedFuture:
    def __init__(self, runner: CountingRunner, future: Future) -> None:
        self.runner, self.future = runner, future

    def result(self):
        value = self.future.result()
        with self.runner.lock:
            self.runner.pending -= 1
        return value


def slowly_doubled(chunk: list[int]) -> list[int]:
    time.sleep(0.01 * (chunk[0] % 3))  # chunks finish out of order
    return [2 * number for number in chunk]


def test_in_chunks_keeps_a_bounded_number_of_chunks_in_flight_and_returns_them_in_order() -> None:
    runner = CountingRunner()
    chunks = [[n, n + 1] for n in range(0, 60, 2)]

    results = list(in_chunks(runner, slowly_doubled, chunks))

    assert results == [[2 * n, 2 * n + 2] for n in range(0, 60, 2)]
    assert runner.most_pending == 2 * runner.workers


def test_in_chunks_takes_a_chunk_only_when_there_is_room() -> None:
    taken: list[int] = []

    def chunks():
        for number in range(100):
            taken.append(number)
            yield [number]

    first = next(in_chunks(CountingRunner(), slowly_doubled, chunks(), ahead=3))

    assert first == [0] and len(taken) == 4, "three in flight, the fourth taken once the first was read"


def test_as_completed_bounded_reads_a_runner_s_chunks_as_they_finish_a_slow_one_holding_up_no_other() -> None:
    release = threading.Event()
    submitted: list[list[int]] = []

    def held_if_first(chunk: list[int]) -> list[int]:
        if chunk == [0]:
            release.wait(timeout=10)
        return chunk

    class Recording(CountingRunner):
        def submit(self, function, chunk):
            submitted.append(chunk)
            return self.threads.submit(function, chunk)

    results = as_completed_bounded(Recording(), held_if_first, ([n] for n in range(10)))
    first_three = [next(results) for _ in range(3)]
    submitted_by_then = len(submitted)
    release.set()
    rest = list(results)

    assert [0] not in first_three, "the first chunk is still held while three others come back"
    assert submitted_by_then == 6, "each result read made room for another chunk, the first one still running"
    assert sorted(first_three + rest) == [[n] for n in range(10)]


def test_pages_go_in_chunks_of_the_runner_s_size_or_closed_early_by_their_bytes() -> None:
    new = NewEntry(source_name="wire", entry=FeedEntry(url="https://wire.example/a", title="A", published_at=None,
                                                          summary=""))

    def pages(count: int, size: int) -> list[FetchedPage]:
        return [FetchedPage(new=new, url=new.entry.url, body=b"x" * size, content_type="text/html",
                            max_bytes=MAX_PAGE_BYTES, fetched_at=dt.datetime(2026, 3, 2)) for _ in range(count)]

    small = [len(chunk) for chunk in batched_pages(pages(600, 3_000), 250)]
    large = [len(chunk) for chunk in batched_pages(pages(300, 200_000), 250)]

    assert small == [250, 250, 100]
    assert large == [PAGE_CHUNK] * 6, "past PAGE_CHUNK pages a chunk closes at CHUNK_BYTES"
    assert PAGE_CHUNK * 200_000 >= CHUNK_BYTES


def test_a_parcel_carries_its_chunk_as_bytes_with_a_token_of_its_own() -> None:
    from dask.tokenize import tokenize

    chunk = [article(n, "Some text.") for n in range(3)]
    parcel, again = Parcel(extract_articles, chunk), Parcel(extract_articles, chunk)

    assert pickle.loads(pickle.dumps(parcel)).chunk() == chunk
    assert tokenize(parcel) == tokenize(parcel) != tokenize(again), "each parcel its own task, hashed without its pages"


def test_as_completed_bounded_hands_back_every_result_with_few_in_flight() -> None:
    in_flight, most = [0], [0]
    lock = threading.Lock()

    def wait_a_little(number: int) -> int:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.005)
        with lock:
            in_flight[0] -= 1
        return number

    with LocalThreads(8) as threads:
        results = list(as_completed_bounded(threads, wait_a_little, range(50), ahead=5))

    assert sorted(results) == list(range(50)) and most[0] <= 5


def article(number: int, text: str) -> ArticleRecord:
    return ArticleRecord(canonical_url=f"https://gazette.example/{number}", source_name="gazette",
                         outlet="Gazette", title=f"Story {number}", text=text, published_at=dt.date(2026, 3, 2),
                         fetched_at=dt.datetime(2026, 3, 2, 9), is_relevant=False, language="en")


def test_worker_processes_extract_what_this_process_extracts() -> None:
    texts = ["Brightfold AI raised $2 billion from Norden Capital, valuing Brightfold AI at $20 billion.",
             "The council approved a new cycling lane along the river after two years of consultation."]
    chunks = [[article(n, texts[n % 2]) for n in range(start, start + 3)] for start in range(0, 12, 3)]

    with LocalProcesses(2) as processes:
        in_workers = list(in_chunks(processes, extract_articles, chunks))
        workers = multiprocessing.active_children()
    inline = list(in_chunks(InlineRunner(), extract_articles, chunks))

    assert in_workers == inline
    assert sum(len(record.facts) for part in inline for record in part) >= 8
    assert len(workers) >= 2, "the pool's workers (and its fork server) are other processes"


def test_workers_start_without_the_main_script_which_is_put_back() -> None:
    main = sys.modules["__main__"]
    before = (getattr(main, "__file__", None), getattr(main, "__spec__", None))

    with main_module_hidden():
        assert getattr(main, "__file__", None) is None and main.__spec__ is None

    assert (getattr(main, "__file__", None), getattr(main, "__spec__", None)) == before


def test_reextract_reads_a_chunk_on_the_worker_processes_in_its_order() -> None:
    texts = ["Brightfold AI raised $2 billion from Norden Capital, valuing Brightfold AI at $20 billion.",
             "The council approved a new cycling lane along the river after two years of consultation."]
    records = [article(n, texts[n % 2]) for n in range(60)]

    with LocalProcesses(2) as processes:
        in_workers = extract_on(processes)(records)
        workers = multiprocessing.active_children()

    assert in_workers == extract_articles(records)
    assert [record.canonical_url for record in in_workers] == [record.canonical_url for record in records]
    assert len(workers) >= 2, "two parts of 30 articles went to the pool"
