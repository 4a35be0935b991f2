"""How long the diff takes: a batch of new articles against a warehouse of many facts (prints seconds)."""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from extractors.facts import Fact, Kind, Qualifier
from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.load import load_articles, load_facts
from warehouse.records import AlertSettings, ArticleRecord

COMPANIES = [f"Company {n}" for n in range(400)]
INVESTORS = [f"Investor {n}" for n in range(60)]
FACTS_PER_ARTICLE = 5


def made_up_article(number: int, rng: random.Random) -> ArticleRecord:
    """An article from one of 200 outlets with a few investment figures, some of them disagreeing."""
    published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
    facts = tuple(
        Fact(
            Kind.INVESTMENT,
            rng.choice(COMPANIES),
            rng.choice(INVESTORS),
            Decimal(rng.choice([1, 2, 5, 10, 10, 10, 20])) * 10**9,
            "USD",
            rng.choice([Qualifier.EXACT, Qualifier.EXACT, Qualifier.UP_TO]),
            f"evidence {number}",
        )
        for _ in range(FACTS_PER_ARTICLE)
    )
    return ArticleRecord(
        canonical_url=f"https://outlet{number % 200}.example/{number}",
        source_name="bench",
        outlet=f"outlet{number % 200}",
        title=f"article {number}",
        text=f"text {number}",
        published_at=published,
        fetched_at=dt.datetime(2026, 1, 1),
        is_relevant=True,
        facts=facts,
    )


def main(stored_articles: int = 20_000, new_articles: int = 1_000) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder, connect(Path(folder) / "bench.duckdb") as con:
        old = [made_up_article(n, rng) for n in range(stored_articles)]
        load_articles(con, old, "bench-old")
        load_facts(con, old, "bench", dt.datetime(2026, 1, 1))
        new = [made_up_article(stored_articles + n, rng) for n in range(new_articles)]
        new_ids = load_articles(con, new, "bench-new")
        load_facts(con, new, "bench", dt.datetime(2026, 1, 1))
        started = time.perf_counter()
        raised = raise_alerts(con, new_ids, AlertSettings())
        seconds = time.perf_counter() - started
        again = time.perf_counter()
        raise_alerts(con, new_ids, AlertSettings())
        print(
            f"facts stored: {(stored_articles + new_articles) * FACTS_PER_ARTICLE}; "
            f"new articles: {new_articles}"
        )
        print(
            f"diff: {seconds:.2f} s, {raised} alerts raised; "
            f"same batch again: {time.perf_counter() - again:.2f} s"
        )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
