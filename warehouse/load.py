"""A run's batch into the warehouse: sources state, articles, facts, and the run record, idempotently."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice

import duckdb
import pyarrow as pa

from extractors.facts import Fact
from warehouse.database import json_list
from warehouse.heap import batch_out_of_collection
from warehouse.records import (
    FAILED,
    ArticleRecord,
    Batch,
    LoadResult,
    SourceOutcome,
    SourceState,
    fact_id_of,
    next_attempt_at,
)

# Each INSERT below reads its rows from an Arrow table registered on the connection as `incoming`, LOAD_CHUNK_ROWS
# rows at a time: bulk speed (executemany costs ~3 ms a row) with memory bounded by the chunk, not the batch.
LOAD_CHUNK_ROWS = 20_000
INCOMING = "incoming"


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
    with batch_out_of_collection():
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
FROM incoming
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
    rows = [(s.name, s.source_type, s.location, s.etag, s.last_modified, s.status, s.error, s.attempted_at)
            for s in sources]
    returned = insert_in_chunks(con, UPSERT_SOURCES, SOURCE_COLUMNS, rows)
    load_next_attempts(con, {name: next_attempt_at(at, failures) for name, failures, at in returned})


SOURCE_COLUMNS = {"name": pa.string(), "source_type": pa.string(), "location": pa.string(), "etag": pa.string(),
                  "last_modified": pa.string(), "status": pa.string(), "error": pa.string(),
                  "attempted_at": pa.timestamp("us")}


SET_NEXT_ATTEMPTS = """
UPDATE sources SET next_attempt_at = planned.next_attempt_at
FROM (SELECT unnest(?::JSON::VARCHAR[]) AS source_name, unnest(?::JSON::TIMESTAMP[]) AS next_attempt_at) AS planned
WHERE sources.source_name = planned.source_name
"""


def load_next_attempts(con: duckdb.DuckDBPyConnection, next_attempts: Mapping[str, dt.datetime | None]) -> None:
    """Record when each source may be tried again (None: at the next run), in one statement."""
    if next_attempts:
        con.execute(SET_NEXT_ATTEMPTS, [json_list(next_attempts), json_list(next_attempts.values())])


# The URLs already stored are left out before the insert (find_known_urls, once for the batch), not by ON CONFLICT
# or a NOT IN in each chunk: with one writer it is the same, DuckDB's conflict handling held ~80 MiB more for a batch
# of 10,000 articles until the commit, and a NOT IN per chunk read every stored URL again for each chunk.
INSERT_ARTICLES = """
INSERT INTO articles (article_id, canonical_url, source_name, outlet, file_name, title, published_at,
                      language, text, content_hash, fetched_at, is_relevant, first_run_id)
SELECT article_id, canonical_url, source_name, outlet, file_name, title, published_at, language,
       text, content_hash, fetched_at, is_relevant, first_run_id
FROM incoming
"""
# Texts make an article row ~100 times a fact row: smaller chunks keep their Arrow copies small.
ARTICLE_CHUNK_ROWS = 1_000


def load_articles(
    con: duckdb.DuckDBPyConnection, articles: Sequence[ArticleRecord], run_id: str
) -> list[str]:
    """Insert the articles whose canonical URL is new (the first record of each); return the ids of those
    inserted, in the batch's order."""
    first_by_url: dict[str, ArticleRecord] = {}
    for article in articles:
        first_by_url.setdefault(article.canonical_url, article)
    known = find_known_urls(con, list(first_by_url))
    new = [article for url, article in first_by_url.items() if url not in known]
    new_ids = [article.article_id for article in new]
    for start in range(0, len(new), ARTICLE_CHUNK_ROWS):
        chunk = slice(start, start + ARTICLE_CHUNK_ROWS)
        with registered(con, article_table(new[chunk], new_ids[chunk], run_id)):
            con.execute(INSERT_ARTICLES)
    return new_ids


def article_table(articles: Sequence[ArticleRecord], article_ids: Sequence[str], run_id: str) -> pa.Table:
    """The articles (and their ids) as the Arrow table `incoming`, built a column at a time (as the facts are)."""
    return pa.table({
        "article_id": pa.array(article_ids, pa.string()),
        "canonical_url": pa.array([article.canonical_url for article in articles], pa.string()),
        "source_name": pa.array([article.source_name for article in articles], pa.string()),
        "outlet": pa.array([article.outlet for article in articles], pa.string()),
        "file_name": pa.array([article.file_name for article in articles], pa.string()),
        "title": pa.array([article.title for article in articles], pa.string()),
        "published_at": pa.array([as_timestamp(article.published_at) for article in articles], pa.timestamp("us")),
        "language": pa.array([article.language for article in articles], pa.string()),
        "text": pa.array([article.text for article in articles], pa.string()),
        "content_hash": pa.array([content_hash_of(article.text) for article in articles], pa.string()),
        "fetched_at": pa.array([article.fetched_at for article in articles], pa.timestamp("us")),
        "is_relevant": pa.array([article.is_relevant for article in articles], pa.bool_()),
        "first_run_id": pa.array([run_id] * len(articles), pa.string()),
    })


# A key already stored keeps the stored fact, and a key the batch repeats its first fact: both left out before the
# insert, as no index keeps fact_id unique (migrations/005_facts_without_key_index.sql). The stored keys are read
# once for the batch: a NOT IN over the facts in each chunk's insert read every stored key again for each chunk.
STORED_FACT_IDS = "SELECT fact_id FROM facts SEMI JOIN incoming USING (fact_id)"

INSERT_FACTS = """
INSERT INTO facts (fact_id, article_id, kind, subject, counterparty, value, unit, qualifier, evidence,
                   evidence_start, evidence_end, as_of, status, basis, extractor_version, loaded_at)
SELECT fact_id, article_id, kind, subject, counterparty, value, unit, qualifier, evidence, evidence_start,
       evidence_end, as_of, status, basis, ?, ?
FROM incoming
"""


def load_facts(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[ArticleRecord],
    extractor_version: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert the facts of these articles (one per fact key: the first wins); return how many were new."""
    new = new_facts(con, keyed_facts(articles))
    for start in range(0, len(new), LOAD_CHUNK_ROWS):
        with registered(con, fact_table(new[start : start + LOAD_CHUNK_ROWS])):
            con.execute(INSERT_FACTS, [extractor_version, loaded_at])
    return len(new)


# A fact as the load reads it: its article's id, its key, the fact.
KeyedFact = tuple[str, str, Fact]


def keyed_facts(articles: Sequence[ArticleRecord]) -> list[KeyedFact]:
    """Each fact with its article's id and its key, in the articles' order."""
    keyed: list[KeyedFact] = []
    for article in articles:
        article_id = article.article_id  # a hash: once per article, not per fact
        keyed += ((article_id, fact_id, fact)
                  for fact_id, fact in zip(keys_of_facts(article_id, article), article.facts, strict=True))
    return keyed


def new_facts(con: duckdb.DuckDBPyConnection, keyed: list[KeyedFact]) -> list[KeyedFact]:
    """The first fact of each key that the warehouse does not have yet (the keys go in as an Arrow column: as a
    JSON list, 100,000 of them took twice as long)."""
    if not keyed:
        return []
    with registered(con, pa.table({"fact_id": pa.array([fact_id for _, fact_id, _ in keyed], pa.string())})):
        stored = {fact_id for (fact_id,) in con.execute(STORED_FACT_IDS).fetchall()}
    first_of_key: dict[str, KeyedFact] = {}
    for fact in keyed:
        if fact[1] not in stored:
            first_of_key.setdefault(fact[1], fact)
    return list(first_of_key.values())


def keys_of_facts(article_id: str, article: ArticleRecord) -> tuple[str, ...]:
    """The keys the worker made with the facts, else made here (a record built elsewhere: tests, a batch kept by
    an older version)."""
    if len(article.fact_ids) == len(article.facts):
        return article.fact_ids
    return tuple(fact_id_of(article_id, fact) for fact in article.facts)


# The column's type: Arrow carries decimals exactly (a float would lose cents on billions), and DuckDB reads them
# as they are (casting 100k values from text took 2.5 s).
VALUE_TYPE = pa.decimal128(38, 6)
VALUE_STEP = Decimal("0.000001")


def fact_table(facts: Sequence[KeyedFact]) -> pa.Table:
    """The facts as the Arrow table `incoming`, built a column at a time: tuples of rows and their transposition
    cost as much as the insert."""
    kept = [fact for _, _, fact in facts]
    return pa.table({
        "fact_id": pa.array([fact_id for _, fact_id, _ in facts], pa.string()),
        "article_id": pa.array([article_id for article_id, _, _ in facts], pa.string()),
        "kind": pa.array([str(fact.kind) for fact in kept], pa.string()),
        "subject": pa.array([fact.subject for fact in kept], pa.string()),
        "counterparty": pa.array([fact.counterparty for fact in kept], pa.string()),
        "value": value_column([fact.value for fact in kept]),
        "unit": pa.array([fact.unit for fact in kept], pa.string()),
        "qualifier": pa.array([str(fact.qualifier) for fact in kept], pa.string()),
        "evidence": pa.array([fact.evidence for fact in kept], pa.string()),
        "evidence_start": pa.array([offset_or_null(fact.evidence_start) for fact in kept], pa.int32()),
        "evidence_end": pa.array([offset_or_null(fact.evidence_end) for fact in kept], pa.int32()),
        "as_of": pa.array([fact.as_of for fact in kept], pa.string()),
        "status": pa.array([str(fact.status) for fact in kept], pa.string()),
        "basis": pa.array([str(fact.basis) if fact.basis else None for fact in kept], pa.string()),
    })


def value_column(values: list[Decimal]) -> pa.Array:
    """The values as the column's type; Arrow refuses a value with more decimal places than the column's six
    (rare), and then each value is rounded first."""
    try:
        return pa.array(values, VALUE_TYPE)
    except pa.ArrowInvalid:
        return pa.array([stored_value(value) for value in values], VALUE_TYPE)


def stored_value(value: Decimal) -> Decimal:
    """The value with at most the column's 6 decimal places, rounded half away from zero as DuckDB rounds a
    literal (Arrow refuses to drop digits itself)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        return value.quantize(VALUE_STEP, rounding=ROUND_HALF_UP)
    return value


RECORD_EXTRACTIONS = """
INSERT INTO extractions (article_id, extractor_version, extracted_at)
SELECT unnest($article_ids::JSON::VARCHAR[]), $extractor_version, $extracted_at
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
        params = {"article_ids": json_list(article_ids), "extractor_version": extractor_version,
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


def insert_in_chunks(con: duckdb.DuckDBPyConnection, statement: str, columns: Mapping[str, pa.DataType],
                     rows: Iterable[tuple[object, ...]], params: Sequence[object] = (),
                     chunk_rows: int = LOAD_CHUNK_ROWS) -> list[tuple[object, ...]]:
    """Run `statement` over `rows`, `chunk_rows` at a time as the Arrow table `incoming`; what it returned."""
    returned: list[tuple[object, ...]] = []
    for chunk in row_chunks(rows, chunk_rows):
        with registered(con, arrow_table(columns, chunk)):
            returned += con.execute(statement, list(params)).fetchall()
    return returned


def row_chunks(rows: Iterable[tuple[object, ...]], size: int) -> Iterator[list[tuple[object, ...]]]:
    remaining = iter(rows)
    while chunk := list(islice(remaining, size)):
        yield chunk


def arrow_table(columns: Mapping[str, pa.DataType], rows: Sequence[tuple[object, ...]]) -> pa.Table:
    """Rows (tuples in the order of `columns`) as a typed Arrow table, one column at a time."""
    values_by_column = zip(*rows, strict=True)
    return pa.table({name: pa.array(values, type=kind)
                     for (name, kind), values in zip(columns.items(), values_by_column, strict=True)})


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, table: pa.Table) -> Iterator[None]:
    """`table` readable as `incoming` by the statements of this module, for one statement."""
    con.register(INCOMING, table)
    try:
        yield
    finally:
        con.unregister(INCOMING)


def as_timestamp(moment: dt.date | None) -> dt.datetime | None:
    """A publication moment as a UTC timestamp without zone; a bare date is its midnight."""
    moment = as_utc_naive(moment)
    if moment is None or isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time())


KNOWN_SOURCES = "SELECT source_name, etag, last_modified, consecutive_failures FROM sources"


def read_source_states(con: duckdb.DuckDBPyConnection) -> dict[str, SourceState]:
    """Every source's remembered validators and health, by name."""
    return {row[0]: SourceState(*row) for row in con.execute(KNOWN_SOURCES).fetchall()}


KNOWN_URLS = "SELECT canonical_url FROM articles WHERE canonical_url IN (SELECT unnest(?::JSON::VARCHAR[]))"


def find_known_urls(con: duckdb.DuckDBPyConnection, canonical_urls: Sequence[str]) -> set[str]:
    """Which of these canonical URLs the warehouse already has (one query for the whole batch)."""
    if not canonical_urls:
        return set()
    return {url for (url,) in con.execute(KNOWN_URLS, [json_list(canonical_urls)]).fetchall()}
