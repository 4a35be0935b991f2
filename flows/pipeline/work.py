"""The CPU work of a run, one chunk per call: fetched pages -> cleaned articles -> facts, in a worker process.

Only what a worker needs is imported here (trafilatura, the extractors; never Prefect, DuckDB or the
network), so a worker process starts small; every function takes and returns plain picklable records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import extractors
from extractors.facts import Article
from flows.sources.dates import most_precise
from flows.sources.feeds import FeedEntry
from flows.sources.pages import NotAnArticle, clean_page
from flows.sources.problems import Problem
from warehouse.records import ArticleRecord, fact_id_of
from warehouse.signatures import signature_of


@dataclass(frozen=True)
class NewEntry:
    """A feed entry whose canonical URL the warehouse does not have yet."""

    source_name: str
    entry: FeedEntry
    outlet: str | None = None


@dataclass(frozen=True)
class FetchedPage:
    """A page's bytes as downloaded (after redirects), waiting to be cleaned."""

    new: NewEntry
    url: str
    body: bytes
    content_type: str
    max_bytes: int
    fetched_at: dt.datetime


def clean_and_extract_pages(pages: Sequence[FetchedPage]) -> list[ArticleRecord | Problem]:
    """Each page as an article with its facts, or why it is not an article; in the pages' order."""
    return [extract_record(found) if isinstance(found, ArticleRecord) else found
            for found in (article_from_page(page) for page in pages)]


def article_from_page(page: FetchedPage) -> ArticleRecord | Problem:
    """One page as an article (the feed fills in a missing title or date), or why it is not one."""
    new = page.new
    try:
        cleaned = clean_page(page.body, page.url, max_bytes=page.max_bytes, content_type=page.content_type)
    except NotAnArticle as error:
        return Problem(where=new.entry.url, reason=error.reason)
    article = cleaned.article
    return ArticleRecord(
        canonical_url=new.entry.url,
        source_name=new.source_name,
        outlet=new.outlet or cleaned.outlet,
        title=article.title or new.entry.title,
        text=article.text,
        published_at=most_precise(article.published_at, new.entry.published_at),
        fetched_at=page.fetched_at,
        is_relevant=False,
        language=article.language,
    )


def extract_articles(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """Relevance and facts for each article; an article off the subject is kept with no facts."""
    return [extract_record(record) for record in records]


def extract_record(record: ArticleRecord) -> ArticleRecord:
    article = Article(
        title=record.title,
        text=record.text,
        url=record.canonical_url,
        language=record.language,
        published_at=record.published_at,
    )
    relevant, facts = extractors.read_article(article)
    # Only relevant articles are grouped into wire copies: signing here spares the loading process the work, as
    # keying the facts does.
    signature = signature_of(record.text) if relevant else None
    article_id = record.article_id
    fact_ids = tuple(fact_id_of(article_id, fact) for fact in facts)
    return replace(record, is_relevant=relevant, facts=facts, signature=signature, fact_ids=fact_ids)
