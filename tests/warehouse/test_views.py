"""The views for people: what they show on the seeds plus a conflict; the README documents and runs them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest
from gold_rows import BILLION, article, investment, seed_articles, store, valuation

from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.load import load_sources
from warehouse.records import AlertSettings, SourceOutcome

ROOT = Path(__file__).resolve().parents[2]
VIEW_NAMES = sorted(path.stem for path in (ROOT / "warehouse/views").glob("*.sql"))
SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.DOTALL)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, then a made-up outlet with two conflicting figures; one failing source; one channel."""
    path = tmp_path_factory.mktemp("views") / "warehouse.duckdb"
    with connect(path) as con:
        raise_alerts(con, store(con, seed_articles()), AlertSettings())
        gazette = article(
            "gazette.txt",
            [investment("Nvidia", 8), valuation(300)],
            outlet="La Gazette",
            published_at=dt.date(2025, 11, 20),
        )
        raise_alerts(con, store(con, [gazette]), AlertSettings(channels=("json://127.0.0.1:9/hook",)))
        load_sources(
            con,
            [
                SourceOutcome("test", "folder", "/articles", "ok", dt.datetime(2026, 11, 21)),
                SourceOutcome(
                    "wire",
                    "rss",
                    "https://wire.example/feed",
                    "failed",
                    dt.datetime(2026, 11, 21),
                    error="HTTP 503",
                ),
            ],
        )
    return path


@pytest.fixture
def con(warehouse: Path) -> duckdb.DuckDBPyConnection:
    with connect(warehouse, read_only=True) as connection:
        yield connection


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_deal_figures_groups_outlets_behind_each_value(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("""
        SELECT value, qualifiers, outlet_count, outlets, is_disputed FROM deal_figures
        WHERE kind = 'investment' AND subject = 'Anthropic' AND counterparty = 'Nvidia' ORDER BY value
    """).fetchall()
    assert rows == [
        (8 * BILLION, ["exact"], 1, ["La Gazette"], True),
        (
            10 * BILLION,
            ["exact", "up_to"],
            5,
            [
                "000_1d47dec1d2c33ff5.txt",
                "001_dd43606ce86874cc.txt",
                "002_3e778302757a9e98.txt",
                "003_91ea438c95295eca.txt",
                "004_3c70629ff31dc08d.txt",
            ],
            True,
        ),
    ]


def test_first_and_last_seen_follow_publication_dates(con: duckdb.DuckDBPyConnection) -> None:
    first, last = con.execute("""
        SELECT first_seen_at, last_seen_at FROM deal_figures WHERE kind = 'valuation' AND value = 350e9
    """).fetchone()
    assert (first, last) == (dt.datetime(2025, 11, 19), dt.datetime(2025, 11, 19))


def test_open_conflicts_lists_the_two_disputed_deals(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("""
        SELECT kind, counterparty, reported_values, outlet_counts, conflict_count, is_sent
        FROM open_conflicts ORDER BY kind
    """).fetchall()
    assert rows == [
        ("investment", "Nvidia", [8 * BILLION, 10 * BILLION], [1, 5], 1, False),
        ("valuation", None, [300 * BILLION, 350 * BILLION], [1, 2], 1, False),
    ]


def test_open_conflicts_evidence_lists_each_report_behind_a_conflict(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("""
        SELECT kind, counterparty, value, outlet, evidence IS NOT NULL FROM open_conflicts_evidence
    """).fetchall()
    valuations = [row for row in rows if row[0] == "valuation"]
    assert valuations == [
        ("valuation", None, 300 * BILLION, "La Gazette", True),
        ("valuation", None, 350 * BILLION, "000_1d47dec1d2c33ff5.txt", True),
        ("valuation", None, 350 * BILLION, "002_3e778302757a9e98.txt", True),
    ]
    nvidia = [(value, outlet) for kind, _, value, outlet, _ in rows if kind == "investment"]
    assert nvidia[0] == (8 * BILLION, "La Gazette") and [value for value, _ in nvidia[1:]] == [10 * BILLION] * 5
    assert {counterparty for kind, counterparty, *_ in rows if kind == "investment"} == {"Nvidia"}


def test_articles_per_outlet_counts_articles_and_facts(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT article_count, relevant_article_count, fact_count FROM articles_per_outlet "
        "WHERE outlet = 'La Gazette'"
    ).fetchone()
    assert row == (1, 1, 2)
    assert con.execute("SELECT sum(fact_count) FROM articles_per_outlet").fetchone()[0] == 29


def test_source_health_puts_failing_sources_first(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT source_name, is_failing, last_error, article_count FROM source_health"
    ).fetchall()
    assert rows == [("wire", True, "HTTP 503", 0), ("test", False, None, 6)]


def test_pending_deliveries_shows_what_the_channel_owes(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT channel_name, severity, outlet, attempts FROM pending_deliveries").fetchall()
    assert rows == [("json://127.0.0.1:9", "conflict", "La Gazette", 0)] * 2


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_readme_documents_every_column_of_every_view(con: duckdb.DuckDBPyConnection, view: str) -> None:
    section = readme_section("Querying the warehouse")
    row = next((line for line in section.splitlines() if line.startswith(f"| `{view}` |")), None)
    assert row is not None, f"README's view table has no row for {view}"
    columns = [name for name, *_ in con.execute(f"DESCRIBE {view}").fetchall()]
    assert [column for column in columns if f"`{column}`" not in row] == []


def test_readme_queries_run_read_only_and_find_rows(con: duckdb.DuckDBPyConnection) -> None:
    queries = SQL_BLOCK.findall(readme_section("Querying the warehouse"))
    assert len(queries) >= 5
    empty = [query for query in queries if not con.execute(query).fetchall()]
    # The 90-day query depends on today's date; the others must find the fixture's rows.
    assert [query for query in empty if "current_date" not in query] == []
