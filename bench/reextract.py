"""How fast `dealwatch reextract` goes: N stored articles an older extractor read, re-read chunk by chunk (prints
articles per second, the share of time in extraction, and the diff's share, side by side in one run)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from flows.config import Source
from flows.pipeline.reextracting import reextract_stored
from flows.pipeline.stages import extract_articles
from flows.sources.folders import read_folder
from warehouse.database import connect
from warehouse.load import load_articles, load_facts
from warehouse.records import AlertSettings, ArticleRecord

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def stored_archive(count: int) -> list[ArticleRecord]:
    """The seeds' texts under `count` URLs and outlets, an hour apart, as an older extractor stored them."""
    seeds = read_folder(Source("seeds", "folder", path=SEEDS), dt.datetime(2026, 1, 1)).articles
    return [
        dataclasses.replace(
            seeds[n % len(seeds)], canonical_url=f"https://outlet{n}.example/{n}", outlet=f"Outlet {n % 40}",
            file_name=None, is_relevant=True, published_at=dt.datetime(2025, 1, 1) + dt.timedelta(hours=n),
        )
        for n in range(count)
    ]


def main(count: int = 2_000, chunk_size: int = 200) -> None:
    archive = stored_archive(count)
    started = time.perf_counter()
    extract_articles(archive)
    extract_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        with connect(db) as con:
            load_articles(con, archive, "bench")
            load_facts(con, archive, "0.0-bench", dt.datetime(2026, 1, 1))
        started = time.perf_counter()
        summary = reextract_stored(db, AlertSettings(), chunk_size=chunk_size)
        seconds = time.perf_counter() - started
    print(summary.format())
    print(f"reextract: {count} articles in {seconds:.2f} s, {count / seconds:.0f} articles/s (chunks of {chunk_size})")
    print(f"extraction alone: {extract_seconds:.2f} s ({extract_seconds / seconds:.0%} of the reextract); "
          f"the rest is the load, the copy groups and the diff")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
