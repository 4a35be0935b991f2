"""Prints what unattended runs cost: a kept batch written and read back, a delivery, a snapshot."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from extractors.facts import Fact, Kind, Qualifier
from flows.pipeline.storing import deliver
from flows.unattended.snapshot import publish_snapshot
from flows.unattended.spool import read_pending, write_pending
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

AT = dt.datetime(2026, 3, 2, 8, 0)
TEXT = "Mistral AI a levé 1,7 milliard d'euros auprès d'ASML, qui prend 11 % du capital. " * 40


def article(number: int) -> ArticleRecord:
    # One deal per article: the diff step has nothing to compare, so this times the load itself.
    fact = Fact(Kind.INVESTMENT, f"Investor {number}", f"Lab {number}", Decimal(1_300_000_000), "EUR",
                Qualifier.EXACT, "ASML investit 1,3 milliard d'euros")
    return ArticleRecord(f"https://news.example/{number}", "wire", "news.example", f"Article {number}", TEXT,
                         None, AT, True, facts=(fact,) * 3)


def batch(run_id: str, articles: int, offset: int = 0) -> Batch:
    records = tuple(article(offset + n) for n in range(articles))
    source = SourceOutcome("wire", "rss", "https://news.example/feed", "ok", AT)
    return Batch(RunRecord(run_id, AT, AT), (source,), records)


def timed(label: str, function, *args, **kwargs) -> object:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<52} {time.perf_counter() - started:8.3f} s")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "dealwatch.duckdb"
        for articles in (600, 5000):
            kept = batch(f"kept-{articles}", articles)
            label = f"keep a batch of {articles} articles (3 facts each)"
            path = timed(label, write_pending, db_path, kept.run.run_id, kept)
            print(f"{'  its file':<52} {path.stat().st_size / 1e6:8.1f} MB")
            timed(f"read it back ({articles} articles)", lambda: list(read_pending(db_path)))
            path.unlink()
        for run in range(2):
            new = batch(f"run-{run}", 1000, offset=run * 1000)
            timed(f"deliver 1000 new articles (run {run + 1}, snapshot included)",
                  deliver, db_path, new, wait_seconds=0.0)
        print(f"{'  warehouse file':<52} {db_path.stat().st_size / 1e6:8.1f} MB")
        timed("publish the snapshot alone", publish_snapshot, db_path)
        kept = batch("kept-again", 1000, offset=5000)
        write_pending(db_path, kept.run.run_id, kept)
        timed("next run: load 1000 kept articles, then 1000 of its own", lambda: deliver(
            db_path, batch("run-after", 1000, offset=9000), wait_seconds=0.0))


if __name__ == "__main__":
    main()
