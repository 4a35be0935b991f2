"""What the report page reads: each deal's figures as reported, the evidence of open conflicts, runs, totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from warehouse.database import DatabaseUnusable
from warehouse.health import SourceHealth, read_source_health


@dataclass(frozen=True)
class ReportedFigure:
    """One fact as one article reported it: the figure, its context, the outlet, the sentence and the link."""

    kind: str
    subject: str
    counterparty: str | None
    unit: str
    value: Decimal
    qualifier: str
    as_of: str | None
    status: str | None
    basis: str | None
    outlet: str
    title: str
    article: str
    canonical_url: str
    published_at: dt.datetime | None
    seen_at: dt.datetime
    evidence: str
    # The near-duplicate group of the article's text (issue 12): outlets of one group reprint one reporting.
    copy_group: str


@dataclass(frozen=True)
class DisputedReport:
    """A report on a fact key with an open conflict, and when that key's latest conflict was raised."""

    last_raised_at: dt.datetime
    figure: ReportedFigure


@dataclass(frozen=True)
class SubjectActivity:
    """How much was reported about one company in the report's period, and whether outlets disagree on it."""

    subject: str
    fact_count: int
    outlet_count: int
    last_seen_at: dt.datetime
    is_disputed: bool


@dataclass(frozen=True)
class RunCounts:
    """One run's record: when, how it ended, what it found."""

    started_at: dt.datetime
    status: str
    sources_ok: int
    sources_failed: int
    articles_new: int
    articles_seen: int
    facts_new: int
    alerts_new: int


@dataclass(frozen=True)
class WarehouseTotals:
    articles: int
    relevant_articles: int
    facts: int
    outlets: int
    conflicts: int


@dataclass(frozen=True)
class ReportScope:
    """What the page covers: facts seen (and conflicts raised) since a moment, one company or all, and caps
    that keep the page small on a large warehouse (the page says what it left out)."""

    since: dt.datetime | None = None
    subject: str | None = None
    max_subjects: int = 30
    max_runs: int = 100


@dataclass(frozen=True)
class ReportData:
    scope: ReportScope
    totals: WarehouseTotals
    subjects: tuple[SubjectActivity, ...]
    figures: tuple[ReportedFigure, ...]
    disputed: tuple[DisputedReport, ...]
    sources: tuple[SourceHealth, ...]
    runs: tuple[RunCounts, ...]

    @property
    def shown_subjects(self) -> tuple[SubjectActivity, ...]:
        return self.subjects[: self.scope.max_subjects]


def read_report_data(con: duckdb.DuckDBPyConnection, scope: ReportScope) -> ReportData:
    """Everything the page shows, read in one go (the caller picks the warehouse or its snapshot).

    DatabaseUnusable when the file predates a view the page reads (views are recreated on a writable open).
    """
    try:
        return read_everything(con, scope)
    except duckdb.CatalogException as error:
        missing = str(error).splitlines()[0]
        raise DatabaseUnusable(
            f"this warehouse was last written by an older dealwatch ({missing}); the next `dealwatch run` "
            "brings its views up to date"
        ) from error


def read_everything(con: duckdb.DuckDBPyConnection, scope: ReportScope) -> ReportData:
    subjects = read_subject_activity(con, scope)
    shown = [activity.subject for activity in subjects[: scope.max_subjects]]
    return ReportData(
        scope=scope,
        totals=read_totals(con),
        subjects=tuple(subjects),
        figures=tuple(read_reported_figures(con, shown, scope.since)),
        disputed=tuple(read_disputed_reports(con, scope)),
        sources=tuple(read_source_health(con)),
        runs=tuple(read_runs(con, scope.max_runs)),
    )


SUBJECT_ACTIVITY = """
SELECT subject, count(*), count(DISTINCT outlet), max(seen_at),
       subject IN (SELECT subject FROM open_conflicts) AS is_disputed
FROM article_facts
WHERE ($since IS NULL OR seen_at >= $since) AND ($subject IS NULL OR lower(subject) = lower($subject))
GROUP BY subject
ORDER BY is_disputed DESC, max(seen_at) DESC, subject
"""


def read_subject_activity(con: duckdb.DuckDBPyConnection, scope: ReportScope) -> list[SubjectActivity]:
    """The companies reported on in the period: disputed ones first, then the most recently reported."""
    rows = con.execute(SUBJECT_ACTIVITY, {"since": scope.since, "subject": scope.subject}).fetchall()
    return [SubjectActivity(*row) for row in rows]


FIGURE_COLUMNS = """
    kind, subject, counterparty, unit, value, qualifier, as_of, status, basis,
    outlet, title, article, canonical_url, published_at, seen_at, evidence, copy_group
"""
FIGURE_ORDER = "subject, kind, counterparty NULLS FIRST, unit, value, seen_at, outlet"

REPORTED_FIGURES = f"""
SELECT {FIGURE_COLUMNS}
FROM article_facts
WHERE subject IN (SELECT unnest($subjects::VARCHAR[])) AND ($since IS NULL OR seen_at >= $since)
ORDER BY {FIGURE_ORDER}
"""


def read_reported_figures(
    con: duckdb.DuckDBPyConnection, subjects: list[str], since: dt.datetime | None
) -> list[ReportedFigure]:
    """Every fact on these companies seen since the moment, grouped by deal, oldest report first."""
    rows = con.execute(REPORTED_FIGURES, {"subjects": subjects, "since": since}).fetchall()
    return [ReportedFigure(*row) for row in rows]


DISPUTED_REPORTS = f"""
SELECT last_raised_at, {FIGURE_COLUMNS}
FROM open_conflicts_evidence
WHERE ($since IS NULL OR last_raised_at >= $since) AND ($subject IS NULL OR lower(subject) = lower($subject))
ORDER BY last_raised_at DESC, {FIGURE_ORDER}
"""


def read_disputed_reports(con: duckdb.DuckDBPyConnection, scope: ReportScope) -> list[DisputedReport]:
    """The reports behind each open conflict raised since the moment, newest conflict first."""
    rows = con.execute(DISPUTED_REPORTS, {"since": scope.since, "subject": scope.subject}).fetchall()
    return [DisputedReport(row[0], ReportedFigure(*row[1:])) for row in rows]


RECENT_RUNS = """
SELECT started_at, status, sources_ok, sources_failed, articles_new, articles_seen, facts_new, alerts_new
FROM runs
ORDER BY started_at DESC
LIMIT ?
"""


def read_runs(con: duckdb.DuckDBPyConnection, limit: int) -> list[RunCounts]:
    """The latest runs, newest first."""
    return [RunCounts(*row) for row in con.execute(RECENT_RUNS, [limit]).fetchall()]


TOTALS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE is_relevant),
       (SELECT count(*) FROM facts), (SELECT count(DISTINCT outlet) FROM articles),
       (SELECT count(*) FROM open_conflicts)
"""


def read_totals(con: duckdb.DuckDBPyConnection) -> WarehouseTotals:
    return WarehouseTotals(*(con.execute(TOTALS).fetchone() or (0, 0, 0, 0, 0)))
