"""A run's batch into the warehouse: sources state, articles, facts, and the run record, idempotently."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal

import duckdb

from extractors.facts import Fact
from warehouse.records import (
    FAILED,
    ArticleRecord,
    Batch,
    LoadResult,
    SourceOutcome,
    SourceState,
    next_attempt_at,
)

# Each INSERT below sends its rows as one JSON array that DuckDB unnests into typed columns: one statement
# per table and batch, bulk speed without pandas or pyarrow (5,000 rows in ~0.1 s; executemany ~3 ms a row).


def fact_id_of(article_id: str, fact: Fact) -> str:
    """The fact key: article, kind, subject, counterparty, unit and value (tranches differ by value), and the
    period of a recalled figure (last year's round may have this year's value; today's news keeps its old key)."""
    value = format(fact.value.normalize(), "f")
    parts = (article_id, str(fact.kind), fact.subject, fact.counterparty or "", fact.unit, value)
    parts += (fact.as_of,) if fact.as_of else ()
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def as_utc_naive(moment: dt.date | None) -> dt.date | None:
    """Timestamps are stored in UTC without a zone; a zoned datetime is converted, a date kept as is."""
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def content_hash_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadResult:
    """The batch's sources, articles and facts; loading it again adds nothing.

    Run it inside `warehouse.database.transaction`, with the diff (`warehouse.diff.raise_alerts`) and
    `record_run` after it, so that facts, their alerts and the run record commit together.
    """
    load_sources(con, batch.sources)
    new_ids = load_articles(con, batch.articles, batch.run.run_id)
    new_id_set = set(new_ids)
    new_articles = [article for article in batch.articles if article.article_id in new_id_set]
    facts_new = load_facts(con, new_articles, batch.extractor_version, batch.run.finished_at)
    record_extractions(con, [a.article_id for a in new_articles if a.is_relevant], batch.extractor_version,
                       batch.run.finished_at)
    return LoadResult(
        new_article_ids=tuple(new_ids),
        articles_seen=batch.run.articles_already_seen + len(batch.articles) - len(new_ids),
        facts_new=facts_new,
    )


UPSERT_SOURCES = """
INSERT INTO sources (source_name, source_type, location, etag, last_modified, last_status, last_error,
                     last_attempt_at, last_success_at, consecutive_failures)
SELECT name, source_type, location, etag, last_modified, status, error, attempted_at,
       CASE WHEN status = 'failed' THEN NULL ELSE attempted_at END,
       CASE WHEN status = 'failed' THEN 1 ELSE 0 END
FROM (SELECT unnest(row) FROM (
      SELECT unnest(?::JSON::STRUCT(name VARCHAR, source_type VARCHAR, location VARCHAR, etag VARCHAR,
                                    last_modified VARCHAR, status VARCHAR, error VARCHAR,
                                    attempted_at TIMESTAMP)[]) AS row))
ON CONFLICT (source_name) DO UPDATE SET
    source_type = excluded.source_type,
    location = excluded.location,
    -- A failed attempt keeps the validators of the last good one.
    etag = CASE WHEN excluded.last_status = 'failed' THEN sources.etag ELSE excluded.etag END,
    last_modified = CASE WHEN excluded.last_status = 'failed' THEN sources.last_modified
                         ELSE excluded.last_modified END,
    last_status = excluded.last_status,
    last_error = excluded.last_error,
    last_attempt_at = excluded.last_attempt_at,
    last_success_at = CASE WHEN excluded.last_status = 'failed' THEN sources.last_success_at
                           ELSE excluded.last_attempt_at END,
    consecutive_failures = CASE WHEN excluded.last_status = 'failed' THEN sources.consecutive_failures + 1
                                ELSE 0 END
RETURNING source_name, consecutive_failures, last_attempt_at
"""


def load_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[SourceOutcome]) -> None:
    """Upsert each source's validators and health (a failure counts up, a success resets the count), and
    when a failing one may be tried again."""
    if not sources:
        return
    rows = con.execute(UPSERT_SOURCES, [as_json([dataclasses.asdict(source) for source in sources])]).fetchall()
    load_next_attempts(con, {name: next_attempt_at(at, failures) for name, failures, at in rows})


SET_NEXT_ATTEMPTS = """
UPDATE sources SET next_attempt_at = planned.next_attempt_at
FROM (SELECT unnest(?::VARCHAR[]) AS source_name, unnest(?::TIMESTAMP[]) AS next_attempt_at) AS planned
WHERE sources.source_name = planned.source_name
"""


def load_next_attempts(con: duckdb.DuckDBPyConnection, next_attempts: Mapping[str, dt.datetime | None]) -> None:
    """Record when each source may be tried again (None: at the next run), in one statement."""
    if next_attempts:
        con.execute(SET_NEXT_ATTEMPTS, [list(next_attempts), list(next_attempts.values())])


INSERT_ARTICLES = """
INSERT INTO articles (article_id, canonical_url, source_name, outlet, file_name, title, published_at,
                      language, text, content_hash, fetched_at, is_relevant, first_run_id)
SELECT article_id, canonical_url, source_name, outlet, file_name, title, published_at, language,
       text, content_hash, fetched_at, is_relevant, first_run_id
FROM (SELECT unnest(row) FROM (
      SELECT unnest(?::JSON::STRUCT(article_id VARCHAR, canonical_url VARCHAR, source_name VARCHAR,
                                    outlet VARCHAR, file_name VARCHAR, title VARCHAR, published_at TIMESTAMP,
                                    language VARCHAR, text VARCHAR, content_hash VARCHAR,
                                    fetched_at TIMESTAMP, is_relevant BOOLEAN, first_run_id VARCHAR)[]) AS row))
ON CONFLICT DO NOTHING
RETURNING article_id
"""


def load_articles(
    con: duckdb.DuckDBPyConnection, articles: Sequence[ArticleRecord], run_id: str
) -> list[str]:
    """Insert the articles whose canonical URL is new; return the ids of those inserted."""
    first_by_url: dict[str, ArticleRecord] = {}
    for article in articles:
        first_by_url.setdefault(article.canonical_url, article)
    if not first_by_url:
        return []
    rows = [article_row(article, run_id) for article in first_by_url.values()]
    return [article_id for (article_id,) in con.execute(INSERT_ARTICLES, [as_json(rows)]).fetchall()]


def article_row(article: ArticleRecord, run_id: str) -> dict[str, object]:
    return {
        "article_id": article.article_id,
        "canonical_url": article.canonical_url,
        "source_name": article.source_name,
        "outlet": article.outlet,
        "file_name": article.file_name,
        "title": article.title,
        "published_at": as_utc_naive(article.published_at),
        "language": article.language,
        "text": article.text,
        "content_hash": content_hash_of(article.text),
        "fetched_at": article.fetched_at,
        "is_relevant": article.is_relevant,
        "first_run_id": run_id,
    }


INSERT_FACTS = """
INSERT INTO facts (fact_id, article_id, kind, subject, counterparty, value, unit, qualifier, evidence,
                   evidence_start, evidence_end, as_of, status, basis, extractor_version, loaded_at)
SELECT fact_id, article_id, kind, subject, counterparty, value, unit, qualifier, evidence,
       evidence_start, evidence_end, as_of, status, basis, ?, ?
FROM (SELECT unnest(row) FROM (
      SELECT unnest(?::JSON::STRUCT(fact_id VARCHAR, article_id VARCHAR, kind VARCHAR, subject VARCHAR,
                                    counterparty VARCHAR, value DECIMAL(38, 6), unit VARCHAR,
                                    qualifier VARCHAR, evidence VARCHAR, evidence_start INTEGER,
                                    evidence_end INTEGER, as_of VARCHAR, status VARCHAR,
                                    basis VARCHAR)[]) AS row))
ON CONFLICT DO NOTHING
RETURNING fact_id
"""


def load_facts(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[ArticleRecord],
    extractor_version: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert the facts of these articles (one per fact key: the first wins); return how many were new."""
    rows: dict[str, dict[str, object]] = {}
    for article in articles:
        for fact in article.facts:
            rows.setdefault(fact_id_of(article.article_id, fact), fact_row(article.article_id, fact))
    if not rows:
        return 0
    params = [extractor_version, loaded_at, as_json(list(rows.values()))]
    return len(con.execute(INSERT_FACTS, params).fetchall())


def fact_row(article_id: str, fact: Fact) -> dict[str, object]:
    return {
        "fact_id": fact_id_of(article_id, fact),
        "article_id": article_id,
        "kind": str(fact.kind),
        "subject": fact.subject,
        "counterparty": fact.counterparty,
        "value": fact.value,
        "unit": fact.unit,
        "qualifier": str(fact.qualifier),
        "evidence": fact.evidence,
        "evidence_start": offset_or_null(fact.evidence_start),
        "evidence_end": offset_or_null(fact.evidence_end),
        "as_of": fact.as_of,
        "status": str(fact.status),
        "basis": str(fact.basis) if fact.basis else None,
    }


RECORD_EXTRACTIONS = """
INSERT INTO extractions (article_id, extractor_version, extracted_at)
SELECT unnest($article_ids::VARCHAR[]), $extractor_version, $extracted_at
ON CONFLICT (article_id) DO UPDATE SET
    extractor_version = excluded.extractor_version,
    extracted_at = excluded.extracted_at
"""


def record_extractions(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], extractor_version: str, extracted_at: dt.datetime
) -> None:
    """Which extractor read these articles (with or without finding facts): `dealwatch reextract` reads the
    articles another version read."""
    if article_ids:
        params = {"article_ids": list(article_ids), "extractor_version": extractor_version,
                  "extracted_at": extracted_at}
        con.execute(RECORD_EXTRACTIONS, params)


def offset_or_null(offset: int) -> int | None:
    """The extractors write -1 for "no offset"; the warehouse stores NULL."""
    return None if offset < 0 else offset


INSERT_RUN = """
INSERT INTO runs (run_id, started_at, finished_at, status, sources_ok, sources_failed, articles_new,
                  articles_seen, facts_new, alerts_new, message)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def record_run(con: duckdb.DuckDBPyConnection, batch: Batch, result: LoadResult) -> None:
    """The run record: status `ok` when every source worked, `partial` when some failed."""
    failed = sum(source.status == FAILED for source in batch.sources)
    status = "partial" if failed else "ok"
    con.execute(
        INSERT_RUN,
        [
            batch.run.run_id,
            batch.run.started_at,
            batch.run.finished_at,
            status,
            len(batch.sources) - failed,
            failed,
            result.articles_new,
            result.articles_seen,
            result.facts_new,
            result.alerts_new,
            batch.run.message,
        ],
    )


def as_json(rows: list[dict[str, object]]) -> str:
    """Rows as one JSON array: DuckDB parses it in one go (binding Python lists costs ~60 us per value).

    The statements unnest the list, then each struct: one `unnest(..., recursive := true)` over long texts
    took 17 s for 3,000 articles in duckdb 1.5.5, against 0.2 s in two steps.
    """
    return json.dumps(rows, default=json_value, ensure_ascii=False)


def json_value(value: object) -> str:
    """Dates as ISO text and decimals as exact digits (a float would lose cents on billions)."""
    if isinstance(value, dt.date | Decimal):
        return value.isoformat() if isinstance(value, dt.date) else format(value, "f")
    raise TypeError(f"cannot store a {type(value).__name__} in the warehouse")


KNOWN_SOURCES = "SELECT source_name, etag, last_modified, consecutive_failures FROM sources"


def read_source_states(con: duckdb.DuckDBPyConnection) -> dict[str, SourceState]:
    """Every source's remembered validators and health, by name."""
    return {row[0]: SourceState(*row) for row in con.execute(KNOWN_SOURCES).fetchall()}


KNOWN_URLS = "SELECT canonical_url FROM articles WHERE canonical_url IN (SELECT unnest(?::VARCHAR[]))"


def find_known_urls(con: duckdb.DuckDBPyConnection, canonical_urls: Sequence[str]) -> set[str]:
    """Which of these canonical URLs the warehouse already has (one query for the whole batch)."""
    if not canonical_urls:
        return set()
    return {url for (url,) in con.execute(KNOWN_URLS, [list(canonical_urls)]).fetchall()}
