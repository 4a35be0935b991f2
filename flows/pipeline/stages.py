"""The run's stages as plain functions: read sources, find new entries, fetch and clean pages, extract, store."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import extractors
from flows.config import Config, Execution, FetchPolicy, Source
from flows.pipeline.execution import LocalProcesses, LocalThreads, Runner, as_completed_bounded, in_chunks, runner_for
from flows.pipeline.progress import current as current_progress
from flows.pipeline.storing import Delivery, deliver
from flows.pipeline.work import FetchedPage, NewEntry, clean_and_extract_pages, extract_articles
from flows.sources.feeds import FeedEntry, FeedError, FeedResult, fetch_feed
from flows.sources.folders import read_folder
from flows.sources.http_client import FetchError, is_transient
from flows.sources.pages import NotAnArticle, cleaning_cap, fetch_html
from flows.sources.problems import Problem
from flows.unattended.backoff import SourceBackoff
from flows.unattended.snapshot import read_or_default
from warehouse.load import find_known_urls, read_source_states
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome, SourceState, utc_now

# Pages are downloaded by PAGE_WORKERS threads (the HTTP client still caps requests per host), then cleaned
# and extracted PAGE_CHUNK at a time in worker processes: a chunk is one task (a Prefect task run costs its
# server tens of milliseconds, DESIGN.md), never one article.
PAGE_CHUNK = 50
# A runner may take larger chunks (Runner.chunk_size): a chunk past PAGE_CHUNK pages closes at this many bytes
# of pages all the same, so real pages (100-500 KB) keep the memory of a few chunks in flight where it was.
CHUNK_BYTES = 4_000_000
PAGE_WORKERS = 8
EXTRACT_CHUNK = 200
# A feed that fails for a passing reason (timeout, reset, 5xx, 429) is tried twice more, after these pauses.
FEED_RETRY_DELAYS_SECONDS: list[float] = [2, 10]


@dataclass(frozen=True)
class FeedFetch:
    """One feed's outcome for this run and its entries (none when it failed or answered 304)."""

    outcome: SourceOutcome
    entries: tuple[FeedEntry, ...] = ()
    problems: tuple[Problem, ...] = ()
    outlet: str | None = None  # the source's `outlet` setting, when it overrides the pages' site names


@dataclass(frozen=True)
class FolderFetch:
    outcome: SourceOutcome
    articles: tuple[ArticleRecord, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PagesFetch:
    """The pages that became articles, the ones that did not (with why), and the feeds they came from."""

    articles: tuple[ArticleRecord, ...] = ()
    problems: tuple[Problem, ...] = ()
    sources_with_failures: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Stages:
    """How each stage runs: plain function calls, or Prefect tasks (retries, run records); where CPU work goes."""

    fetch_feeds: Callable[[Sequence[Source], Mapping[str, SourceState], FetchPolicy], list[FeedFetch]]
    read_folders: Callable[[Sequence[Source]], list[FolderFetch]]
    open_cpu: Callable[[Execution], AbstractContextManager[Runner]]
    load: Callable[[Path, Batch, float], Delivery]


def due(sources: Sequence[Source], backing_off: Mapping[str, SourceBackoff]) -> list[Source]:
    """The sources to try this run: all but those failing again and again, inside their retry interval."""
    return [source for source in sources if source.name not in backing_off]


def read_states(db_path: Path) -> dict[str, SourceState]:
    """The sources' stored ETag/Last-Modified (the snapshot's while someone holds the file); none at first."""
    return read_or_default(db_path, read_source_states, {})


def read_known_urls(db_path: Path, canonical_urls: Sequence[str]) -> set[str]:
    """Which of these URLs the warehouse already has, in one query (a brief read-only open)."""
    if not canonical_urls:
        return set()
    return read_or_default(db_path, lambda con: find_known_urls(con, canonical_urls), set())


def attempt_of(source: Source, status: str) -> SourceOutcome:
    """A source's outcome for this run, stamped now."""
    return SourceOutcome(
        name=source.name,
        source_type=source.type,
        location=source.location,
        status=status,
        attempted_at=utc_now(),
    )


def fetch_source_feed(source: Source, state: SourceState | None, policy: FetchPolicy) -> FeedResult:
    """One feed, conditional on the validators of its last good fetch (an unchanged feed costs one 304)."""
    assert source.url is not None, "an rss source always has a url (flows.config checks it)"
    state = state or SourceState(name=source.name)
    return fetch_feed(source.url, policy, etag=state.etag, last_modified=state.last_modified)


def feed_fetch_of(source: Source, result: FeedResult | BaseException) -> FeedFetch:
    """The run's record of one feed: failed with the reason, not modified, or ok with its entries."""
    base = attempt_of(source, status="failed")
    if isinstance(result, FetchError | FeedError):
        report_source(base, result.reason)
        return FeedFetch(outcome=replace(base, error=result.reason), outlet=source.outlet)
    if isinstance(result, BaseException):
        raise result
    outcome = replace(
        base,
        status="not_modified" if result.not_modified else "ok",
        etag=result.etag,
        last_modified=result.last_modified,
    )
    warnings = (Problem(where=source.location, reason=result.warning),) if result.warning else ()
    report_source(outcome, f"{len(result.entries)} entries")
    return FeedFetch(outcome=outcome, entries=result.entries, problems=warnings, outlet=source.outlet)


def report_source(outcome: SourceOutcome, detail: str) -> None:
    """Progress: one more source read (the counter on a terminal, a line with --verbose)."""
    current_progress().advance("sources read")
    current_progress().detail(f"{outcome.status.replace('_', ' '):<12} {outcome.name}: {detail}")


def fetch_feeds(
    sources: Sequence[Source],
    states: Mapping[str, SourceState],
    policy: FetchPolicy,
) -> list[FeedFetch]:
    """Every feed at once in threads, each failure recorded on its source. One batch for the flow too: a task run
    per feed cost ~80 ms of CPU between the run's process and the Prefect server, for every feed of every run,
    even a run that finds nothing new."""
    with ThreadPoolExecutor(max_workers=max(1, min(PAGE_WORKERS, len(sources)))) as pool:
        return list(pool.map(lambda source: fetch_feed_with_retries(source, states.get(source.name), policy),
                             sources))


def fetch_feed_with_retries(source: Source, state: SourceState | None, policy: FetchPolicy) -> FeedFetch:
    """One feed, tried again after each pause of FEED_RETRY_DELAYS_SECONDS while it fails for a passing reason;
    a 404 or a malformed feed is recorded at once."""
    pauses = iter(FEED_RETRY_DELAYS_SECONDS)
    while True:
        try:
            return feed_fetch_of(source, fetch_source_feed(source, state, policy))
        except (FetchError, FeedError) as error:
            pause = next(pauses, None) if is_transient(error) else None
            if pause is None:
                return feed_fetch_of(source, error)
            time.sleep(pause)


def read_folders(sources: Sequence[Source]) -> list[FolderFetch]:
    """Each folder source's article files; a folder that vanished since the config was read fails alone."""
    fetches = []
    for source in sources:
        outcome = attempt_of(source, status="ok")
        try:
            reading = read_folder(source, outcome.attempted_at)
        except OSError as error:
            report_source(replace(outcome, status="failed"), str(error))
            fetches.append(FolderFetch(outcome=replace(outcome, status="failed", error=str(error))))
            continue
        report_source(outcome, f"{len(reading.articles)} article files")
        current_progress().advance("articles fetched", len(reading.articles))
        current_progress().advance("articles cleaned", len(reading.articles))
        fetches.append(FolderFetch(outcome=outcome, articles=reading.articles, problems=reading.problems))
    return fetches


def candidate_urls(feeds: Iterable[FeedFetch], folders: Iterable[FolderFetch]) -> list[str]:
    """The canonical URLs this run found, to ask the warehouse which it already has."""
    return [e.url for f in feeds for e in f.entries] + [a.canonical_url for f in folders for a in f.articles]


def new_entries(feeds: Iterable[FeedFetch], known: set[str]) -> list[NewEntry]:
    """Entries the warehouse does not have, each URL once (the first feed that lists it wins)."""
    found: dict[str, NewEntry] = {}
    for feed in feeds:
        for entry in feed.entries:
            if entry.url not in known:
                found.setdefault(
                    entry.url, NewEntry(source_name=feed.outcome.name, entry=entry, outlet=feed.outlet)
                )
    return list(found.values())


def new_folder_articles(folders: Iterable[FolderFetch], known: set[str]) -> list[ArticleRecord]:
    found: dict[str, ArticleRecord] = {}
    for folder in folders:
        for article in folder.articles:
            if article.canonical_url not in known:
                found.setdefault(article.canonical_url, article)
    return list(found.values())


def fetch_pages(entries: Sequence[NewEntry], policy: FetchPolicy, cpu: Runner) -> PagesFetch:
    """Download pages in threads, clean and extract them in chunks on `cpu`; a page that fails is reported.

    Bounded all along: PAGE_WORKERS downloads at a time, a few chunks waiting for `cpu` (results read as they
    finish: pages_fetch_of puts them back in order), so a run of any size holds a few hundred pages' bytes at most.
    """
    if not entries:
        return PagesFetch()
    fetch_problems: list[Problem] = []
    found: list[ArticleRecord | Problem] = []
    runner = runner_for(entries, PAGE_CHUNK, cpu)
    with LocalThreads(PAGE_WORKERS) as threads:
        downloaded = download_pages(threads, entries, policy, fetch_problems)
        page_chunks = batched_pages(downloaded, runner.chunk_size(len(entries), PAGE_CHUNK))
        for part in as_completed_bounded(runner, clean_and_extract_pages, page_chunks):
            report_cleaned(part)
            found += part
    return pages_fetch_of(entries, found + fetch_problems)


def batched_pages(pages: Iterable[FetchedPage], size: int) -> Iterator[list[FetchedPage]]:
    """Lists of `size` pages as they come, a list past PAGE_CHUNK pages closed early at CHUNK_BYTES."""
    chunk: list[FetchedPage] = []
    held = 0
    for page in pages:
        chunk.append(page)
        held += len(page.body)
        if len(chunk) >= size or (len(chunk) >= PAGE_CHUNK and held >= CHUNK_BYTES):
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def download_pages(threads: LocalThreads, entries: Sequence[NewEntry], policy: FetchPolicy,
                   problems: list[Problem]) -> Iterator[FetchedPage]:
    """Each entry's page as it arrives (first come, first out: a slow page holds up no other); failures go to
    `problems`."""
    for attempt in as_completed_bounded(threads, lambda new: download_page(new, policy), entries,
                                        ahead=2 * PAGE_WORKERS):
        if isinstance(attempt, Problem):
            problems.append(attempt)
        else:
            yield attempt


def download_page(new: NewEntry, policy: FetchPolicy) -> FetchedPage | Problem:
    try:
        response = fetch_html(new.entry.url, policy)
    except (FetchError, NotAnArticle) as error:
        current_progress().advance("articles fetched", int(isinstance(error, NotAnArticle)))
        current_progress().detail(f"skipped      {new.entry.url}: {error.reason}")
        return Problem(where=new.entry.url, reason=error.reason)
    current_progress().advance("articles fetched")
    return FetchedPage(new=new, url=response.url, body=response.body,
                       content_type=response.headers.get("content-type", ""), max_bytes=cleaning_cap(policy),
                       fetched_at=utc_now())


def report_cleaned(part: Sequence[ArticleRecord | Problem]) -> None:
    """Progress for a chunk back from the workers (they cannot reach this process's counters)."""
    for found in part:
        if isinstance(found, Problem):
            current_progress().detail(f"skipped      {found.where}: {found.reason}")
            continue
        current_progress().advance("articles cleaned")
        current_progress().advance("facts", len(found.facts))


def pages_fetch_of(entries: Sequence[NewEntry], found: Sequence[ArticleRecord | Problem]) -> PagesFetch:
    """Articles and problems in the entries' order (pages arrive in any order), and the feeds that failed."""
    order = {new.entry.url: index for index, new in enumerate(entries)}
    source_of = {new.entry.url: new.source_name for new in entries}
    ordered = sorted(found, key=lambda item: order[item.where if isinstance(item, Problem) else item.canonical_url])
    problems = tuple(item for item in ordered if isinstance(item, Problem))
    return PagesFetch(
        articles=tuple(item for item in ordered if isinstance(item, ArticleRecord)),
        problems=problems,
        sources_with_failures=frozenset(source_of[problem.where] for problem in problems),
    )


def extract_in_chunks(records: Sequence[ArticleRecord], cpu: Runner) -> list[ArticleRecord]:
    """Relevance and facts of articles read from files, EXTRACT_CHUNK at a time on `cpu`."""
    extracted: list[ArticleRecord] = []
    runner = runner_for(records, EXTRACT_CHUNK, cpu)
    for part in in_chunks(runner, extract_articles, chunks(records, runner.chunk_size(len(records), EXTRACT_CHUNK))):
        current_progress().advance("facts", sum(len(record.facts) for record in part))
        extracted += part
    return extracted


def open_local_processes(execution: Execution) -> LocalProcesses:
    return LocalProcesses(execution.worker_count())


def load_into(db_path: Path, batch: Batch, wait_seconds: float = 0.0) -> Delivery:
    """The only write of a run: batches kept by earlier runs, then this one, then the alerts sent.

    Under the run lock, so two runs never send the same alert; a kept batch sends nothing, and its alerts go
    out with the run that loads it.
    """
    return deliver(db_path, batch, wait_seconds=wait_seconds)


def keep_validators_on_failures(
    outcomes: list[SourceOutcome],
    states: Mapping[str, SourceState],
    sources: frozenset[str],
) -> list[SourceOutcome]:
    """A feed with a failed page keeps its old ETag/Last-Modified: the next run lists (and retries) it."""
    kept = []
    for outcome in outcomes:
        state = states.get(outcome.name) or SourceState(name=outcome.name)
        if outcome.name in sources:
            outcome = replace(outcome, etag=state.etag, last_modified=state.last_modified)
        kept.append(outcome)
    return kept


def batch_of(config: Config, started_at: Any, feeds: Sequence[FeedFetch], folders: Sequence[FolderFetch],
             pages: PagesFetch, articles: Sequence[ArticleRecord], states: Mapping[str, SourceState],
             already_seen: int) -> Batch:
    """Everything the run will write: its record, each source's outcome, the articles with their facts."""
    outcomes = keep_validators_on_failures([f.outcome for f in feeds], states, pages.sources_with_failures)
    run = RunRecord(run_id=str(uuid.uuid4()), started_at=started_at, finished_at=utc_now(),
                    articles_already_seen=already_seen)
    return Batch(
        run=run,
        sources=tuple(outcomes + [f.outcome for f in folders]),
        articles=tuple(fetched_by_run(articles, started_at)),
        extractor_version=extractors.EXTRACTOR_VERSION,
        alerts=config.alerts,
    )


def fetched_by_run(articles: Iterable[ArticleRecord], started_at: dt.datetime) -> Iterator[ArticleRecord]:
    """The articles stamped with the run's start as their fetch time. A run fetches its pages side by side, so
    no page of a run is fetched "before" another: the time a download happened to finish would order two undated
    reports differently in a flow run and a plain run, and the diff would raise its alert on either one. With one
    time per run, undated articles stand in run order, then in URL order (warehouse/sql/judge_facts.sql)."""
    for article in articles:
        yield article if article.fetched_at == started_at else replace(article, fetched_at=started_at)


def problems_of(feeds: Iterable[FeedFetch], folders: Iterable[FolderFetch], pages: PagesFetch) -> list[Problem]:
    """Every item the run skipped, feeds' warnings first, then files, then pages."""
    return [p for f in feeds for p in f.problems] + [p for f in folders for p in f.problems] + list(pages.problems)


def chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


PLAIN_STAGES = Stages(
    fetch_feeds=fetch_feeds,
    read_folders=read_folders,
    open_cpu=open_local_processes,
    load=load_into,
)
