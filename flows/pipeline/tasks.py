"""The run's stages as Prefect tasks, one per batch (a feed, a chunk of pages, a chunk of articles, the load)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote, unmapped

from flows.config import FetchPolicy, Source
from flows.pipeline.stages import (
    EXTRACT_CHUNK,
    FEED_RETRIES,
    FEED_RETRY_DELAYS_SECONDS,
    PAGE_CHUNK,
    FeedFetch,
    NewEntry,
    PagesFetch,
    Stages,
    chunks,
    extract_articles,
    feed_fetch_of,
    fetch_pages,
    fetch_source_feed,
    load_into,
    read_folders,
)
from flows.sources.http_client import is_transient
from warehouse.records import ArticleRecord, SourceState


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
fetch_pages_task = task(name="fetch and clean pages", **TASK_OPTIONS)(fetch_pages)
extract_task = task(name="extract facts", **TASK_OPTIONS)(extract_articles)
load_task = task(name="load and send alerts", **TASK_OPTIONS)(load_into)


def fetch_feeds_as_tasks(
    sources: Sequence[Source],
    states: Mapping[str, SourceState],
    policy: FetchPolicy,
) -> list[FeedFetch]:
    futures = fetch_feed_task.map(list(sources), [states.get(s.name) for s in sources], unmapped(policy))
    return [
        feed_fetch_of(source, outcome_of(future)) for source, future in zip(sources, futures, strict=True)
    ]


def outcome_of(future: PrefectFuture[Any]) -> Any:
    """The task's result, or the exception it ended with after its retries."""
    return future.result(raise_on_failure=False)


def fetch_pages_as_tasks(entries: Sequence[NewEntry], policy: FetchPolicy) -> PagesFetch:
    futures = fetch_pages_task.map(chunks(entries, PAGE_CHUNK), unmapped(policy))
    parts: list[PagesFetch] = [future.result() for future in futures]
    return PagesFetch(
        articles=tuple(a for part in parts for a in part.articles),
        problems=tuple(p for part in parts for p in part.problems),
        sources_with_failures=frozenset().union(*(part.sources_with_failures for part in parts)),
    )


def extract_as_tasks(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    futures = extract_task.map(chunks(records, EXTRACT_CHUNK))
    return [record for future in futures for record in future.result()]


PREFECT_STAGES = Stages(
    fetch_feeds=fetch_feeds_as_tasks,
    read_folders=lambda sources: read_folders_task(sources),
    fetch_pages=fetch_pages_as_tasks,
    extract=extract_as_tasks,
    load=lambda db_path, batch, wait_seconds: load_task(db_path, quote(batch), wait_seconds),
)
