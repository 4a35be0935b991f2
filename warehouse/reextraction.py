"""Stored facts follow the extractor: the articles another version read, and replacing their facts with the diff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from warehouse.copies import group_copies
from warehouse.database import json_list
from warehouse.diff import Rediff, find_touched_keys, rediff
from warehouse.load import load_facts, record_extractions
from warehouse.records import AlertSettings, ArticleRecord

# Relevant articles whose last reading (or whose facts) came from another extractor version, or with no record of
# a reading at all (loaded before extractions were recorded), published (else fetched) on or after $since.
STALE_ARTICLES = """
FROM articles
WHERE is_relevant
    AND ($since IS NULL OR coalesce(published_at, fetched_at) >= $since)
    AND (
        article_id NOT IN (SELECT article_id FROM extractions WHERE extractor_version = $extractor_version)
        OR article_id IN (SELECT article_id FROM facts WHERE extractor_version <> $extractor_version)
    )
"""

COUNT_STALE = "SELECT count(*) " + STALE_ARTICLES

READ_STALE = (
    """
SELECT canonical_url, source_name, outlet, title, text, published_at, fetched_at, language, file_name
"""
    + STALE_ARTICLES
    # In publication order: the facts a chunk may change are then mostly the chunk's own and the window after it.
    + "ORDER BY coalesce(published_at, fetched_at), fetched_at, canonical_url LIMIT $limit"
)


@dataclass(frozen=True)
class ChunkResult:
    """What replacing one chunk's facts changed."""

    articles: int
    facts_before: int
    facts_after: int
    diff: Rediff


def count_stale_articles(
    con: duckdb.DuckDBPyConnection, extractor_version: str, since: dt.datetime | None
) -> int:
    params = {"extractor_version": extractor_version, "since": since}
    (count,) = con.execute(COUNT_STALE, params).fetchall()[0]
    return count


def read_stale_articles(
    con: duckdb.DuckDBPyConnection, extractor_version: str, since: dt.datetime | None, limit: int
) -> list[ArticleRecord]:
    """The next `limit` articles to read again, as the pipeline's records (their facts left out)."""
    params = {"extractor_version": extractor_version, "since": since, "limit": limit}
    return [
        ArticleRecord(
            canonical_url=url, source_name=source, outlet=outlet, title=title, text=text, published_at=published,
            fetched_at=fetched, is_relevant=True, language=language, file_name=file_name,
        )
        for url, source, outlet, title, text, published, fetched, language, file_name
        in con.execute(READ_STALE, params).fetchall()
    ]


DELETE_FACTS = "DELETE FROM facts WHERE article_id IN (SELECT unnest(?::JSON::VARCHAR[])) RETURNING fact_id"

SET_RELEVANCE = """
UPDATE articles SET is_relevant = judged.is_relevant
FROM (SELECT unnest($article_ids::JSON::VARCHAR[]) AS article_id,
             unnest($relevance::JSON::BOOLEAN[]) AS is_relevant) AS judged
WHERE articles.article_id = judged.article_id AND articles.is_relevant <> judged.is_relevant
"""


def replace_facts(
    con: duckdb.DuckDBPyConnection,
    extracted: Sequence[ArticleRecord],
    extractor_version: str,
    settings: AlertSettings,
    at: dt.datetime,
) -> ChunkResult:
    """These articles' facts replaced by their new reading, and the diff run again over the keys their old and
    new facts touch (alerts no longer raised are withdrawn). Run it inside one transaction per chunk."""
    article_ids = [record.article_id for record in extracted]
    keys_before = find_touched_keys(con, article_ids)
    removed = len(con.execute(DELETE_FACTS, [json_list(article_ids)]).fetchall())
    added = load_facts(con, extracted, extractor_version, at)
    relevance = json_list(record.is_relevant for record in extracted)
    con.execute(SET_RELEVANCE, {"article_ids": json_list(article_ids), "relevance": relevance})
    record_extractions(con, article_ids, extractor_version, at)
    group_copies(con, article_ids)
    keys = unique_keys([*keys_before, *find_touched_keys(con, article_ids)])
    return ChunkResult(len(extracted), removed, added, rediff(con, article_ids, keys, settings, at))


def unique_keys(keys: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    return [dict(key) for key in dict.fromkeys(tuple(sorted(key.items())) for key in keys)]
