"""Pages that failed: how often in a row, why, and when each may be fetched again (the load sets it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from warehouse.database import json_list
from warehouse.load import insert_in_chunks
from warehouse.records import PageFailure, next_attempt_at

UPSERT_PAGE_FAILURES = """
INSERT INTO page_failures (canonical_url, source_name, last_error, first_failed_at, last_attempt_at,
                           consecutive_failures, next_attempt_at)
SELECT canonical_url, source_name, reason, attempted_at, attempted_at, 1, attempted_at
FROM incoming
ON CONFLICT (canonical_url) DO UPDATE SET
    source_name = excluded.source_name,
    last_error = excluded.last_error,
    last_attempt_at = excluded.last_attempt_at,
    -- The same attempt loaded twice (a kept batch, a run that died before deleting its file) counts once.
    consecutive_failures = CASE WHEN excluded.last_attempt_at > page_failures.last_attempt_at
                                THEN page_failures.consecutive_failures + 1
                                ELSE page_failures.consecutive_failures END
RETURNING canonical_url, consecutive_failures, last_attempt_at
"""

PAGE_FAILURE_COLUMNS = {"canonical_url": pa.string(), "source_name": pa.string(), "reason": pa.string(),
                        "attempted_at": pa.timestamp("us")}

SET_NEXT_ATTEMPTS = """
UPDATE page_failures SET next_attempt_at = planned.next_attempt_at
FROM (SELECT unnest(?::JSON::VARCHAR[]) AS canonical_url, unnest(?::JSON::TIMESTAMP[]) AS next_attempt_at) AS planned
WHERE page_failures.canonical_url = planned.canonical_url
"""

FORGET_STORED = """
DELETE FROM page_failures
WHERE canonical_url IN (SELECT canonical_url FROM articles WHERE canonical_url IN (SELECT unnest(?::JSON::VARCHAR[])))
"""


def load_page_failures(con: duckdb.DuckDBPyConnection, failures: Sequence[PageFailure],
                       stored_urls: Sequence[str]) -> None:
    """Count each failed page up and set when it may be tried again (the sources' schedule: 30 min, doubling,
    at most a day); forget the pages that are articles now. Run it in the load's transaction."""
    if stored_urls:
        con.execute(FORGET_STORED, [json_list(stored_urls)])
    if not failures:
        return
    unique = {failure.canonical_url: failure for failure in failures}
    rows = insert_in_chunks(con, UPSERT_PAGE_FAILURES, PAGE_FAILURE_COLUMNS,
                            [(f.canonical_url, f.source_name, f.reason, f.attempted_at) for f in unique.values()])
    planned = {url: next_attempt_at(at, count) for url, count, at in rows}
    con.execute(SET_NEXT_ATTEMPTS, [json_list(planned), json_list(planned.values())])


HAS_PAGE_FAILURES = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'page_failures'"

PAGES_BACKING_OFF = """
SELECT canonical_url, consecutive_failures, next_attempt_at
FROM page_failures
WHERE canonical_url IN (SELECT unnest(?::JSON::VARCHAR[])) AND next_attempt_at > ?
"""


def find_pages_backing_off(con: duckdb.DuckDBPyConnection, canonical_urls: Sequence[str],
                           now: dt.datetime) -> dict[str, tuple[int, dt.datetime]]:
    """Of these URLs, the failed pages inside their retry interval: failures in a row and next attempt, by URL.

    A file written before migration 003 has no such table yet (it is read before the run's load migrates it).
    """
    (has_table,) = con.execute(HAS_PAGE_FAILURES).fetchone() or (0,)
    if not canonical_urls or not has_table:
        return {}
    rows = con.execute(PAGES_BACKING_OFF, [json_list(canonical_urls), now]).fetchall()
    return {url: (failures, next_at) for url, failures, next_at in rows}
