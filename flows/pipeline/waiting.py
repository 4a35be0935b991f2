"""What a run leaves alone: pages that keep failing (inside their back-off) and pages already in kept batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from flows.pipeline.stages import NewEntry, PagesFetch
from flows.pipeline.storing import read_kept_batches
from flows.unattended.snapshot import read_or_default
from flows.unattended.spool import Quarantined
from warehouse.page_failures import find_pages_backing_off
from warehouse.records import PageFailure


@dataclass(frozen=True)
class KeptPages:
    """The pages of the batches waiting in `<db>.pending/`: their articles and their failed pages."""

    urls: frozenset[str] = frozenset()
    quarantined: tuple[Quarantined, ...] = ()


@dataclass(frozen=True)
class PageBackoff:
    """A failed page inside its retry interval."""

    failures: int
    next_attempt_at: dt.datetime


def find_kept_pages(db_path: Path) -> KeptPages:
    """A kept batch is loaded by the next run that can: fetching its pages again meanwhile is wasted work."""
    batches, quarantined = read_kept_batches(db_path)
    urls = {article.canonical_url for batch in batches for article in batch.articles}
    urls |= {failure.canonical_url for batch in batches for failure in batch.page_failures}
    return KeptPages(frozenset(urls), tuple(quarantined))


def known_or_kept(known: set[str], candidates: Sequence[str], kept: KeptPages) -> tuple[set[str], int]:
    """The URLs this run skips as seen: stored ones, and those a kept batch holds (how many of those)."""
    in_kept = (kept.urls & set(candidates)) - known
    return known | in_kept, len(in_kept)


def find_pages_left_alone(db_path: Path, entries: Sequence[NewEntry], now: dt.datetime) -> dict[str, PageBackoff]:
    """Of these entries, the pages that failed lately and are inside their retry interval, by URL."""
    urls = [new.entry.url for new in entries]
    nothing: dict[str, tuple[int, dt.datetime]] = {}
    found = read_or_default(db_path, lambda con: find_pages_backing_off(con, urls, now), nothing)
    return {url: PageBackoff(failures, next_at) for url, (failures, next_at) in found.items()}


def due_pages(entries: Sequence[NewEntry], backing_off: Mapping[str, PageBackoff]) -> list[NewEntry]:
    return [new for new in entries if new.entry.url not in backing_off]


def with_pages_left_alone(pages: PagesFetch, entries: Sequence[NewEntry],
                          backing_off: Mapping[str, PageBackoff]) -> PagesFetch:
    """A feed with a page left alone keeps its old validators, as one with a failed page does: a feed that
    answered 304 next time would never list the page again, and it would never be retried."""
    waiting = {new.source_name for new in entries if new.entry.url in backing_off}
    return replace(pages, sources_with_failures=pages.sources_with_failures | waiting)


def page_failures_of(entries: Iterable[NewEntry], pages: PagesFetch,
                     attempted_at: dt.datetime) -> tuple[PageFailure, ...]:
    """The pages of this run that did not become articles, with their feed and why (the load counts them).

    `attempted_at` is the run's start: a page retried "30 minutes later" is then due at the next cron run.
    """
    source_of = {new.entry.url: new.source_name for new in entries}
    return tuple(PageFailure(problem.where, source_of[problem.where], problem.reason, attempted_at)
                 for problem in pages.problems if problem.where in source_of)


def describe_left_alone(backing_off: Mapping[str, PageBackoff], kept: int) -> tuple[str, ...]:
    """The summary's lines on the pages this run did not fetch, and why."""
    lines = []
    if backing_off:
        soonest = min(page.next_attempt_at for page in backing_off.values())
        lines.append(f"pages backing off: {len(backing_off)} failed page(s) left alone, "
                     f"the first due again after {soonest:%Y-%m-%d %H:%M}")
    if kept:
        lines.append(f"already in kept batches: {kept} article(s), not fetched again")
    return tuple(lines)
