"""Source health: what each source did lately and when it may be tried again, read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb


@dataclass(frozen=True)
class SourceHealth:
    """One row of `dealwatch sources`."""

    source_name: str
    source_type: str
    location: str
    last_status: str | None
    last_error: str | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    consecutive_failures: int
    next_attempt_at: datetime | None
    articles_contributed: int

    @classmethod
    def never_run(cls, source_name: str, source_type: str, location: str) -> SourceHealth:
        """A configured source with no row yet: the pipeline writes one at the source's first attempt."""
        return cls(source_name, source_type, location, None, None, None, None, 0, None, 0)


SOURCE_HEALTH_SQL = """
WITH contributed AS (
    SELECT source_name, count(*) AS articles_contributed
    FROM articles
    GROUP BY source_name
),
final AS (
    SELECT
        s.source_name, s.source_type, s.location, s.last_status, s.last_error,
        s.last_attempt_at, s.last_success_at, s.consecutive_failures, s.next_attempt_at,
        coalesce(c.articles_contributed, 0) AS articles_contributed
    FROM sources AS s
    LEFT JOIN contributed AS c USING (source_name)
)
SELECT * FROM final ORDER BY source_name
"""


def read_source_health(con: duckdb.DuckDBPyConnection) -> list[SourceHealth]:
    return [SourceHealth(*row) for row in con.execute(SOURCE_HEALTH_SQL).fetchall()]


FAILURE_COUNTS_SQL = "SELECT source_name, consecutive_failures, next_attempt_at FROM sources"


def read_failure_counts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, datetime | None]]:
    """Per source: consecutive failures and the earliest next attempt (what backoff needs)."""
    rows = con.execute(FAILURE_COUNTS_SQL).fetchall()
    return {name: (failures, next_at) for name, failures, next_at in rows}


RUN_RECORDED_SQL = "SELECT count(*) FROM runs WHERE run_id = ?"


def is_run_recorded(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether this run is recorded (a pending batch loaded just before a crash must not load twice)."""
    (count,) = con.execute(RUN_RECORDED_SQL, [run_id]).fetchone() or (0,)
    return bool(count)
