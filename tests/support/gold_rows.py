"""Rows for diff and view tests: the seeds' gold facts, one outlet per seed, and hand-made articles."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import duckdb

from extractors.facts import Fact, Kind, Qualifier
from warehouse.load import load_articles, load_facts
from warehouse.records import ArticleRecord

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
# The seeds' own dates (date line or front matter); 004 gives none.
SEED_DATES = {
    "000_1d47dec1d2c33ff5.txt": dt.date(2025, 11, 19),
    "001_dd43606ce86874cc.txt": dt.date(2025, 11, 18),
    "002_3e778302757a9e98.txt": dt.date(2025, 11, 19),
    "003_91ea438c95295eca.txt": dt.datetime(2025, 11, 22, 19, 38, 25),
    "004_3c70629ff31dc08d.txt": None,
}
FETCHED_AT = dt.datetime(2026, 11, 21, 8, 0)
# Each article is fetched a second after the one made before it: the diff orders articles of one publication
# time by when they were fetched.
FETCH_TICKS = itertools.count()
BILLION = Decimal(10**9)


def gold_fact(row: dict) -> Fact:
    """A gold line as a Fact; "*" (any counterparty accepted) is read as the provider the article names."""
    counterparty = "Microsoft" if row["counterparty"] == "*" else row["counterparty"]
    value = Decimal(str(row["value"])).quantize(Decimal(1))
    return Fact(
        Kind(row["kind"]),
        row["subject"],
        counterparty,
        value,
        row["unit"],
        Qualifier(row["qualifier"]),
        row["evidence"],
    )


def gold_facts_by_seed() -> dict[str, list[Fact]]:
    facts: dict[str, list[Fact]] = {}
    for line in (SEEDS_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        facts.setdefault(row["article"], []).append(gold_fact(row))
    return facts


def article(
    name: str,
    facts: Iterable[Fact],
    *,
    outlet: str | None = None,
    published_at: dt.date | None = None,
    text: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> ArticleRecord:
    """One relevant article from a folder source; the outlet defaults to the file's name; fetched after every
    article made before it."""
    return ArticleRecord(
        canonical_url=url or f"file:///articles/{name}",
        source_name="test",
        outlet=outlet or name,
        title=title or name,
        text=text or f"the text of {name}",
        published_at=published_at,
        fetched_at=FETCHED_AT + dt.timedelta(seconds=next(FETCH_TICKS)),
        is_relevant=True,
        facts=tuple(facts),
        file_name=name,
    )


def seed_articles() -> list[ArticleRecord]:
    return [
        article(name, facts, published_at=SEED_DATES[name]) for name, facts in gold_facts_by_seed().items()
    ]


def store(con: duckdb.DuckDBPyConnection, articles: list[ArticleRecord]) -> list[str]:
    """Load articles and their facts without the diff; the ids of the new articles."""
    new_ids = load_articles(con, articles, "test-run")
    load_facts(con, articles, "test", FETCHED_AT)
    return new_ids


def investment(
    counterparty: str, billions: int | str, qualifier: str = "exact", subject: str = "Anthropic"
) -> Fact:
    return Fact(
        Kind.INVESTMENT,
        subject,
        counterparty,
        Decimal(billions) * BILLION,
        "USD",
        Qualifier(qualifier),
        f"{counterparty} puts {billions} bn into {subject}",
    )


def valuation(billions: int | str, subject: str = "Anthropic") -> Fact:
    return Fact(
        Kind.VALUATION,
        subject,
        None,
        Decimal(billions) * BILLION,
        "USD",
        Qualifier.EXACT,
        f"{subject} valued at {billions} bn",
    )
