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
# Articles of their own words (a news page has 300-1,000): copy detection compares texts, and no two are copies.
WORDS = [f"w{n}" for n in range(5_000)]
TEXT_WORDS = 300


def made_up_article(number: int, rng: random.Random, first_day: int = 0, days: int = 365) -> ArticleRecord:
    """An article from one of 200 outlets with a few investment figures, some of them disagreeing."""
    published = dt.datetime(2025, 1, 1) + dt.timedelta(days=first_day + rng.randrange(days), minutes=number % 1440)
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
        text=" ".join(rng.choice(WORDS) for _ in range(TEXT_WORDS)),
        published_at=published,
        fetched_at=dt.datetime(2026, 1, 1),
        is_relevant=True,
        facts=facts,
    )


def timed_diff(con, articles: list[ArticleRecord]) -> tuple[float, int, float]:
    """Load a batch, diff it (seconds, alerts raised), and diff it again (seconds: nothing new)."""
    new_ids = load_articles(con, articles, "bench-new")
    load_facts(con, articles, "bench", dt.datetime(2026, 1, 1))
    started = time.perf_counter()
    raised = raise_alerts(con, new_ids, AlertSettings())
    seconds = time.perf_counter() - started
    again = time.perf_counter()
    assert raise_alerts(con, new_ids, AlertSettings()) == 0
    return seconds, raised, time.perf_counter() - again


def main(stored_articles: int = 20_000, new_articles: int = 1_000) -> None:
    """A year of stored articles (loaded and diffed as earlier runs did), then two batches of new ones: one of
    the last month's news (a run's usual batch), one spread over the whole year (a folder of old clippings)."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder, connect(Path(folder) / "bench.duckdb") as con:
        old = [made_up_article(n, rng, days=335) for n in range(stored_articles)]
        old_ids = load_articles(con, old, "bench-old")
        load_facts(con, old, "bench", dt.datetime(2026, 1, 1))
        started = time.perf_counter()
        raise_alerts(con, old_ids, AlertSettings())
        stored = time.perf_counter() - started
        recent = [made_up_article(stored_articles + n, rng, first_day=335, days=30) for n in range(new_articles)]
        spread = [made_up_article(2 * stored_articles + n, rng) for n in range(new_articles)]
        print(f"facts stored: {stored_articles * FACTS_PER_ARTICLE}; batches of {new_articles} new articles")
        for name, batch in (("last month's news", recent), ("spread over the year", spread)):
            seconds, raised, again = timed_diff(con, batch)
            print(f"diff, {name}: {seconds:.2f} s, {raised} alerts raised; same batch again: {again:.2f} s")
        print(f"(diffing the {stored_articles} stored articles as one first run took {stored:.1f} s)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
