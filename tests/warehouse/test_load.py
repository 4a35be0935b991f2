"""Loading: one transaction, idempotent keys; loading twice equals loading once (but for the run record)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from extractors.facts import Basis, Fact, Kind, Qualifier, Status
from warehouse import load as load_module
from warehouse.database import connect, transaction
from warehouse.load import fact_id_of, find_known_urls, load_batch, read_source_states, record_run
from warehouse.records import ArticleRecord, Batch, LoadResult, RunRecord, SourceOutcome

NOON = dt.datetime(2025, 11, 19, 12, 0)
FIFTEEN_BN = Fact(
    Kind.INVESTMENT,
    "Anthropic",
    "Microsoft+Nvidia",
    Decimal("15000000000"),
    "USD",
    Qualifier.EXACT,
    "un investissement conjugué de 15 milliards de dollars",
    10,
    60,
)
VALUATION = Fact(
    Kind.VALUATION,
    "Anthropic",
    None,
    Decimal("350000000000"),
    "USD",
    Qualifier.APPROX,
    "une valorisation d'environ 350 milliards de dollars",
)
DEAL = ArticleRecord(
    canonical_url="https://news.example/anthropic-deal",
    source_name="wire",
    outlet="Example News",
    title="Microsoft et Nvidia investissent dans Anthropic",
    text="Le texte de l'article.",
    published_at=dt.datetime(2025, 11, 19, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    fetched_at=NOON,
    is_relevant=True,
    facts=(FIFTEEN_BN, VALUATION, FIFTEEN_BN),
)
OFF_TOPIC = ArticleRecord(
    canonical_url="https://news.example/weather",
    source_name="wire",
    outlet="Example News",
    title="La météo",
    text="Il pleut.",
    published_at=None,
    fetched_at=NOON,
    is_relevant=False,
)
FEED_OK = SourceOutcome(
    name="wire",
    source_type="rss",
    location="https://news.example/feed.xml",
    status="ok",
    attempted_at=NOON,
    etag='"v1"',
    last_modified="Wed, 19 Nov 2025 12:00:00 GMT",
)



def load(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadResult:
    """A batch as the pipeline stores it without its diff: loaded and its run recorded, in one transaction."""
    with transaction(con):
        result = load_batch(con, batch)
        record_run(con, batch, result)
    return result


def batch(run_id: str, *, sources=(FEED_OK,), articles=(DEAL, OFF_TOPIC)) -> Batch:
    return Batch(
        run=RunRecord(run_id=run_id, started_at=NOON, finished_at=NOON),
        sources=sources,
        articles=articles,
        extractor_version="test-1",
    )


def table_rows(con, table: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_loading_twice_adds_only_a_run_record(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        first = load(con, batch("run-1"))
        after_one = {table: table_rows(con, table) for table in ("sources", "articles", "facts")}
        second = load(con, batch("run-2"))
        after_two = {table: table_rows(con, table) for table in ("sources", "articles", "facts")}
        runs = con.execute(
            "SELECT run_id, articles_new, articles_seen, facts_new FROM runs ORDER BY run_id"
        ).fetchall()
    assert (first.articles_new, first.facts_new) == (2, 2)
    assert (second.articles_new, second.articles_seen, second.facts_new) == (0, 2, 0)
    assert after_two == after_one
    assert runs == [("run-1", 2, 0, 2), ("run-2", 0, 2, 0)]


def test_articles_keep_their_fields_and_zoned_dates_are_stored_in_utc(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1"))
        rows = con.execute(
            "SELECT canonical_url, title, published_at, is_relevant, first_run_id FROM articles "
            "ORDER BY canonical_url"
        ).fetchall()
    assert rows == [
        ("https://news.example/anthropic-deal", DEAL.title, dt.datetime(2025, 11, 19, 8, 30), True, "run-1"),
        ("https://news.example/weather", "La météo", None, False, "run-1"),
    ]


def test_facts_are_keyed_by_article_kind_parties_unit_and_value(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1"))
        facts = con.execute(
            "SELECT fact_id, kind, value, evidence_start, extractor_version FROM facts ORDER BY kind"
        ).fetchall()
    assert facts == [
        (fact_id_of(DEAL.article_id, FIFTEEN_BN), "investment", Decimal("15000000000"), 10, "test-1"),
        (fact_id_of(DEAL.article_id, VALUATION), "valuation", Decimal("350000000000"), None, "test-1"),
    ]


def test_a_failed_fetch_counts_up_and_keeps_the_last_good_validators(tmp_path: Path) -> None:
    failed = SourceOutcome(
        name="wire",
        source_type="rss",
        location=FEED_OK.location,
        status="failed",
        attempted_at=NOON + dt.timedelta(hours=1),
        error="HTTP 500 from the server",
    )
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1"))
        load(con, batch("run-2", sources=(failed,), articles=()))
        load(con, batch("run-3", sources=(failed,), articles=()))
        states = read_source_states(con)
        row = con.execute("SELECT last_status, last_error, last_success_at FROM sources").fetchone()
        statuses = con.execute("SELECT status, sources_failed FROM runs ORDER BY run_id").fetchall()
    assert states["wire"].etag == '"v1"' and states["wire"].consecutive_failures == 2
    assert row == ("failed", "HTTP 500 from the server", NOON)
    assert statuses == [("ok", 0), ("partial", 1), ("partial", 1)]


def test_a_success_resets_the_failure_count(tmp_path: Path) -> None:
    failed = SourceOutcome(
        name="wire",
        source_type="rss",
        location=FEED_OK.location,
        status="failed",
        attempted_at=NOON,
        error="timeout",
    )
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1", sources=(failed,), articles=()))
        load(con, batch("run-2"))
        assert read_source_states(con)["wire"].consecutive_failures == 0


def test_known_urls_come_back_in_one_query(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1"))
        known = find_known_urls(con, [DEAL.canonical_url, "https://news.example/new"])
    assert known == {DEAL.canonical_url}


def test_a_failing_load_leaves_nothing_behind(tmp_path: Path) -> None:
    broken = ArticleRecord(
        canonical_url="https://news.example/broken",
        source_name="wire",
        outlet="x",
        title=None,
        text="t",
        published_at=None,
        fetched_at=NOON,
        is_relevant=False,
    )  # type: ignore[arg-type]
    with connect(tmp_path / "w.duckdb") as con:
        with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
            load(con, batch("run-1", articles=(DEAL, broken)))
        counts = [
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sources", "articles", "runs")
        ]
    assert counts == [0, 0, 0]


def test_a_large_batch_loads_in_bulk(tmp_path: Path) -> None:
    articles = tuple(
        ArticleRecord(
            canonical_url=f"https://news.example/{n}",
            source_name="wire",
            outlet="x",
            title=f"t{n}",
            text="text",
            published_at=None,
            fetched_at=NOON,
            is_relevant=True,
            facts=(FIFTEEN_BN,),
        )
        for n in range(5000)
    )
    with connect(tmp_path / "w.duckdb") as con:
        result = load(con, batch("run-1", articles=articles))
    assert (result.articles_new, result.facts_new) == (5000, 5000)


def test_a_fact_keeps_its_context_and_a_recalled_round_of_the_same_value_is_a_fact_of_its_own(
    tmp_path: Path,
) -> None:
    news = Fact(Kind.VALUATION, "Corvane", None, Decimal("9000000000"), "USD", Qualifier.EXACT,
                "Corvane is now valued at $9 billion pre-money", basis=Basis.PRE)
    recalled = replace(news, evidence="a round that valued it at $9 billion in 2024", as_of="2024", basis=None)
    talks = replace(news, value=Decimal("12000000000"), status=Status.TALKS, basis=None,
                    evidence="it is in talks at $12 billion")
    article = replace(DEAL, canonical_url="https://news.example/corvane", facts=(news, recalled, talks))
    with connect(tmp_path / "w.duckdb") as con:
        result = load(con, batch("run-1", articles=(article,)))
        stored = con.execute("SELECT value, as_of, status, basis FROM article_facts ORDER BY value, as_of").fetchall()
    assert result.facts_new == 3
    assert stored == [
        (Decimal("9000000000"), "2024", "announced", None),
        (Decimal("9000000000"), None, "announced", "pre"),
        (Decimal("12000000000"), None, "talks", None),
    ]


def numbered(count: int, facts: tuple[Fact, ...] = (FIFTEEN_BN, VALUATION)) -> tuple[ArticleRecord, ...]:
    return tuple(replace(DEAL, canonical_url=f"https://news.example/{n}", title=f"t{n}", facts=facts)
                 for n in range(count))


def test_a_batch_loaded_in_many_chunks_stores_what_one_chunk_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with connect(tmp_path / "one.duckdb") as con:
        whole = load(con, batch("run-1", articles=numbered(25)))
        in_one = {table: table_rows(con, table) for table in ("sources", "articles", "facts")}
    monkeypatch.setattr(load_module, "LOAD_CHUNK_ROWS", 7)
    with connect(tmp_path / "many.duckdb") as con:
        chunked = load(con, batch("run-1", articles=numbered(25)))
        in_many = {table: table_rows(con, table) for table in ("sources", "articles", "facts")}
        again = load(con, batch("run-2", articles=numbered(25)))

    assert (chunked.articles_new, chunked.facts_new) == (whole.articles_new, whole.facts_new) == (25, 50)
    assert in_many == in_one
    assert (again.articles_new, again.facts_new, again.articles_seen) == (0, 0, 25)


def test_a_chunk_that_fails_late_takes_the_earlier_chunks_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_module, "LOAD_CHUNK_ROWS", 4)
    no_evidence = replace(VALUATION, evidence=None)  # type: ignore[arg-type]
    articles = numbered(10) + (replace(DEAL, canonical_url="https://news.example/last", facts=(no_evidence,)),)
    with connect(tmp_path / "w.duckdb") as con:
        with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
            load(con, batch("run-1", articles=articles))
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "facts", "runs")]
    assert counts == [0, 0, 0], "the facts' first chunks were written, then rolled back with the rest"


def test_a_value_past_six_decimals_is_rounded_as_duckdb_rounds_a_literal(tmp_path: Path) -> None:
    values = [Decimal("27.5000005"), Decimal("-0.0000025"), Decimal("1.25"), Decimal("15E+9")]
    facts = tuple(replace(VALUATION, value=value) for value in values)
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1", articles=(replace(DEAL, facts=facts),)))
        stored = sorted(value for (value,) in con.execute("SELECT value FROM facts").fetchall())
        literals = sorted(con.execute("SELECT " + ", ".join(f"CAST('{v}' AS DECIMAL(38, 6))" for v in values))
                          .fetchone())
    assert stored == literals == [Decimal("-0.000003"), Decimal("1.25"), Decimal("27.500001"), Decimal("15E+9")]


def test_facts_rebuilt_without_their_key_index_keep_their_rows_and_a_load_again_adds_none(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        load(con, batch("run-1", articles=numbered(3)))
        stored = table_rows(con, "facts")
        con.execute("DELETE FROM schema_migrations WHERE version = 5")
    with connect(db) as con:  # the migration runs again over the stored facts
        assert table_rows(con, "facts") == stored
        assert load_module.load_facts(con, numbered(3), "test-2", NOON) == 0
        with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
            con.execute("INSERT INTO facts (fact_id) VALUES ('no article')")
    assert len(stored) == 6


def test_a_url_repeated_in_a_batch_is_one_article_and_a_fact_key_repeated_across_chunks_one_fact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 2 facts: the second record's facts come in other chunks than the first's.
    monkeypatch.setattr(load_module, "LOAD_CHUNK_ROWS", 2)
    later_copy = replace(DEAL, title="the same page fetched twice", facts=(VALUATION, FIFTEEN_BN))
    with connect(tmp_path / "w.duckdb") as con:
        result = load(con, batch("run-1", articles=(DEAL, later_copy, OFF_TOPIC)))
        titles = con.execute("SELECT title FROM articles ORDER BY title").fetchall()
        fact_ids = [fact_id for (fact_id,) in con.execute("SELECT fact_id FROM facts ORDER BY fact_id").fetchall()]

    assert result.new_article_ids == (DEAL.article_id, OFF_TOPIC.article_id)
    assert titles == sorted([(DEAL.title,), (OFF_TOPIC.title,)]), "the first record of a URL is the article"
    assert result.facts_new == 2
    assert fact_ids == sorted(fact_id_of(DEAL.article_id, fact) for fact in (FIFTEEN_BN, VALUATION))


def test_stored_articles_and_facts_are_left_out_of_a_batch_that_adds_new_ones(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        load(con, batch("run-1", articles=(DEAL,)))
        stored = table_rows(con, "facts")
        result = load(con, batch("run-2", articles=(replace(DEAL, title="changed"), OFF_TOPIC)))
        assert load_module.load_facts(con, [DEAL, replace(DEAL, facts=(VALUATION,))], "test-2", NOON) == 0
        assert table_rows(con, "facts") == stored
        titles = con.execute("SELECT title FROM articles ORDER BY title").fetchall()

    assert (result.new_article_ids, result.facts_new) == ((OFF_TOPIC.article_id,), 0)
    assert titles == sorted([(DEAL.title,), (OFF_TOPIC.title,)])
