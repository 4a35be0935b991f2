"""The pipeline's records and settings, one definition each: what a run hands the warehouse, and how."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from extractors.facts import Fact

FAILED = "failed"
# A failing source's first retry waits one schedule period (the README's cron runs every 30 minutes);
# each further failure doubles it, up to a day so that a revived feed is noticed within 24 h.
FIRST_RETRY_INTERVAL = dt.timedelta(minutes=30)
MAX_RETRY_INTERVAL = dt.timedelta(hours=24)


def utc_now() -> dt.datetime:
    """Now, in UTC without a zone: the warehouse stores every timestamp that way."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class AlertSettings:
    """The `[alerts]` table of the config: what the diff step calls a disagreement, and where to send it."""

    window_days: int = 30
    tolerance_percent: Decimal = Decimal("1")
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceState:
    """What the warehouse remembers of a source before a run: conditional-GET validators and health."""

    name: str
    etag: str | None = None
    last_modified: str | None = None
    consecutive_failures: int = 0


@dataclass(frozen=True)
class SourceOutcome:
    """How one source did in this run; etag/last_modified are the validators to keep for the next run."""

    name: str
    source_type: str
    location: str
    status: str  # ok | not_modified | failed
    attempted_at: dt.datetime
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ArticleRecord:
    """One cleaned article ready to store, with the facts extracted from it (none when not relevant)."""

    canonical_url: str
    source_name: str
    outlet: str
    title: str
    text: str
    published_at: dt.date | None
    fetched_at: dt.datetime
    is_relevant: bool
    facts: tuple[Fact, ...] = ()
    language: str | None = None
    file_name: str | None = None
    # The text's near-duplicate signature (warehouse/signatures.py), made by the worker that extracted it so the
    # one writer only compares; None for an article off the subject, or one kept by an older version.
    signature: bytes | None = None
    # Each fact's key (fact_id_of), made with the facts by the same worker for the same reason; empty when the
    # record was built elsewhere, and the load makes them. Set together with `facts`, never apart.
    fact_ids: tuple[str, ...] = ()

    # Cached: the load and the diff ask a record for its id several times (a SHA-256 each, 20,000 articles a pass).
    @cached_property
    def article_id(self) -> str:
        return article_id_of(self.canonical_url)


@dataclass(frozen=True)
class RunRecord:
    """The run's own row: when, how it ended, and counts the load does not compute itself."""

    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime
    articles_already_seen: int = 0  # entries skipped before fetching because the warehouse had them
    message: str | None = None


@dataclass(frozen=True)
class PageFailure:
    """A feed entry whose page did not become an article this run, and why (it is retried after a back-off)."""

    canonical_url: str
    source_name: str
    reason: str
    attempted_at: dt.datetime


@dataclass(frozen=True)
class Batch:
    """Everything one run writes, and the alert settings its diff runs with."""

    run: RunRecord
    sources: tuple[SourceOutcome, ...] = ()
    articles: tuple[ArticleRecord, ...] = ()
    extractor_version: str = ""
    alerts: AlertSettings = field(default_factory=AlertSettings)
    page_failures: tuple[PageFailure, ...] = ()

    @property
    def signatures(self) -> dict[str, bytes]:
        """The text signatures the workers made, by article id (warehouse/copies.py groups copies with them)."""
        return {article.article_id: article.signature for article in self.articles if article.signature}


@dataclass(frozen=True)
class LoadResult:
    """What storing a batch changed: the new articles (by id) and the number of new rows of each kind."""

    new_article_ids: tuple[str, ...]
    articles_seen: int
    facts_new: int
    alerts_new: int = 0

    @property
    def articles_new(self) -> int:
        return len(self.new_article_ids)


def article_id_of(canonical_url: str) -> str:
    """The article key: the first 16 hex digits of the SHA-256 of its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def fact_id_of(article_id: str, fact: Fact) -> str:
    """The fact key: article, kind, subject, counterparty, unit and value (tranches differ by value), and the
    period of a recalled figure (last year's round may have this year's value; today's news keeps its old key)."""
    value = format(fact.value.normalize(), "f")
    parts = (article_id, str(fact.kind), fact.subject, fact.counterparty or "", fact.unit, value)
    parts += (fact.as_of,) if fact.as_of else ()
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def retry_interval(consecutive_failures: int) -> dt.timedelta:
    """How long a source (or a page) that failed this many times in a row is left alone: 30 min, doubling, at most 24 h.

    >>> [str(retry_interval(n)) for n in (1, 2, 5, 12)]
    ['0:30:00', '1:00:00', '8:00:00', '1 day, 0:00:00']
    """
    if consecutive_failures <= 0:
        return dt.timedelta(0)
    # Cap the exponent first: 2**n for a source dead for years would be a huge number.
    doublings = min(consecutive_failures - 1, 16)
    return min(FIRST_RETRY_INTERVAL * 2**doublings, MAX_RETRY_INTERVAL)


def next_attempt_at(attempted_at: dt.datetime, consecutive_failures: int) -> dt.datetime | None:
    """When a source (or a page) that has now failed `consecutive_failures` times in a row may be tried again."""
    if consecutive_failures <= 0:
        return None
    return attempted_at + retry_interval(consecutive_failures)
