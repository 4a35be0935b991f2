"""One run of the pipeline, stage by stage: sources -> feeds -> new entries -> fetch + clean -> extract -> load.

Plain Python: `dealwatch run` with no Prefect API runs it as it is, and never imports Prefect (~1 s of every
run); flows/monitor.py runs the same stages as Prefect tasks inside its flow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from flows.config import Config
from flows.pipeline.stages import (
    PLAIN_STAGES,
    Stages,
    batch_of,
    candidate_urls,
    due,
    extract_in_chunks,
    fetch_pages,
    new_entries,
    new_folder_articles,
    problems_of,
    read_known_urls,
    read_states,
)
from flows.pipeline.storing import Delivery
from flows.pipeline.summary import RunSummary
from flows.pipeline.waiting import (
    describe_left_alone,
    due_pages,
    find_kept_pages,
    find_pages_left_alone,
    known_or_kept,
    page_failures_of,
    with_pages_left_alone,
)
from flows.sources.problems import Problem
from flows.unattended.backoff import SourceBackoff, find_sources_backing_off, skip_reason
from flows.unattended.runlock import hold_run_lock
from warehouse.records import Batch, utc_now


def run_pipeline(
    config: Config, db_path: Path | None = None, stages: Stages | None = None, wait_seconds: float = 0.0
) -> RunSummary:
    """One run per database at a time (RunLockBusy after `wait_seconds`), then the run."""
    db_path = db_path or config.db_path
    with hold_run_lock(db_path, wait_seconds=wait_seconds):
        return run_locked(config, db_path, stages or PLAIN_STAGES, wait_seconds)


def run_locked(config: Config, db_path: Path, stages: Stages, wait_seconds: float) -> RunSummary:
    """The whole run, stage by stage as in the README's diagram; the warehouse is written only at the end."""
    started_at = utc_now()
    states = read_states(db_path)
    backing_off = find_sources_backing_off(db_path, started_at)
    kept = find_kept_pages(db_path)
    feeds = stages.fetch_feeds(due(config.sources_of_type("rss"), backing_off), states, config.fetch)
    folders = stages.read_folders(due(config.sources_of_type("folder"), backing_off))
    candidates = candidate_urls(feeds, folders)
    known, in_kept = known_or_kept(read_known_urls(db_path, candidates), candidates, kept)
    entries = new_entries(feeds, known)
    pages_waiting = find_pages_left_alone(db_path, entries, started_at)
    with stages.open_cpu(config.execution) as cpu:
        pages = fetch_pages(due_pages(entries, pages_waiting), config.fetch, cpu)
        articles = extract_in_chunks(new_folder_articles(folders, known), cpu) + list(pages.articles)
    batch = batch_of(config, started_at, feeds, folders, with_pages_left_alone(pages, entries, pages_waiting),
                     articles, states, len(known))
    batch = replace(batch, page_failures=page_failures_of(entries, pages, started_at))
    delivery = stages.load(db_path, batch, wait_seconds)
    summary = summarize(batch, delivery, db_path, problems_of(feeds, folders, pages), backing_off, cpu.description)
    return replace(summary, quarantined=kept.quarantined + summary.quarantined,
                   left_alone=describe_left_alone(pages_waiting, in_kept))


def summarize(batch: Batch, delivery: Delivery, db_path: Path, problems: list[Problem],
              backing_off: Mapping[str, SourceBackoff], execution: str) -> RunSummary:
    """What the run did, as `dealwatch run` prints it and as the flow run returns it."""
    result = delivery.result
    return RunSummary(
        run_id=batch.run.run_id,
        db_path=db_path.resolve(),
        started_at=batch.run.started_at,
        finished_at=utc_now(),
        sources=batch.sources,
        articles_new=result.articles_new if result else 0,
        articles_seen=result.articles_seen if result else 0,
        facts_new=result.facts_new if result else 0,
        alerts_new=result.alerts_new if result else 0,
        problems=tuple(problems),
        delivery=delivery,
        alert_lines=delivery.alert_lines,
        backing_off=tuple(f"{source.source_name}: {skip_reason(source)}" for source in backing_off.values()),
        execution=execution,
        quarantined=delivery.quarantined,
    )
