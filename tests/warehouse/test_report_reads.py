"""What the report reads from the warehouse: companies ranked, their figures, the evidence of conflicts, runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from gold_rows import BILLION, article, investment, seed_articles, store, valuation

from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.load import record_run
from warehouse.records import AlertSettings, Batch, LoadResult, RunRecord
from warehouse.report import ReportScope, read_report_data


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, a made-up outlet disputing Anthropic's figures, and a quiet company reported later."""
    path = tmp_path_factory.mktemp("report") / "warehouse.duckdb"
    with connect(path) as con:
        raise_alerts(con, store(con, seed_articles()), AlertSettings())
        gazette = article("gazette.txt", [investment("Nvidia", 8), valuation(300)], outlet="La Gazette",
                          published_at=dt.date(2025, 11, 20))
        quiet = article("quiet.txt", [valuation(12, subject="Corvid AI")], outlet="Wire",
                        published_at=dt.date(2025, 12, 1))
        raise_alerts(con, store(con, [gazette, quiet]), AlertSettings())
        run = RunRecord("run-1", dt.datetime(2025, 12, 2, 8), dt.datetime(2025, 12, 2, 8, 1))
        record_run(con, Batch(run, (), ()), LoadResult(new_article_ids=(), articles_seen=0, facts_new=0))
    return path


def read(path: Path, scope: ReportScope) -> object:
    with connect(path, read_only=True) as con:
        return read_report_data(con, scope)


def test_disputed_companies_come_first_then_the_most_recently_reported(warehouse: Path) -> None:
    data = read(warehouse, ReportScope())
    assert [(s.subject, s.is_disputed) for s in data.subjects] == [
        ("Anthropic", True), ("Corvid AI", False), ("OpenAI", False),
    ]
    assert data.totals.conflicts == 2 and data.totals.articles == 7
    assert [run.started_at for run in data.runs] == [dt.datetime(2025, 12, 2, 8)]


def test_the_evidence_of_each_conflict_is_read_newest_first_with_its_reports(warehouse: Path) -> None:
    data = read(warehouse, ReportScope())
    keys = list(dict.fromkeys((r.figure.kind, r.figure.counterparty) for r in data.disputed))
    assert sorted(keys) == [("investment", "Nvidia"), ("valuation", None)]
    valuations = [(r.figure.value, r.figure.outlet) for r in data.disputed if r.figure.kind == "valuation"]
    assert valuations[0] == (300 * BILLION, "La Gazette") and len(valuations) == 3


def test_one_company_any_case_and_a_date_narrow_what_is_read(warehouse: Path) -> None:
    corvid = read(warehouse, ReportScope(subject="corvid ai"))
    assert [s.subject for s in corvid.subjects] == ["Corvid AI"] and corvid.disputed == ()
    assert [(f.kind, f.value) for f in corvid.figures] == [("valuation", 12 * BILLION)]

    recent = read(warehouse, ReportScope(since=dt.datetime(2025, 11, 20)))
    assert {f.outlet for f in recent.figures} >= {"La Gazette", "Wire"}
    assert all(f.seen_at >= dt.datetime(2025, 11, 20) for f in recent.figures)


def test_the_page_reads_at_most_the_companies_it_shows(warehouse: Path) -> None:
    data = read(warehouse, ReportScope(max_subjects=1))
    assert len(data.subjects) == 3 and {f.subject for f in data.figures} == {"Anthropic"}

