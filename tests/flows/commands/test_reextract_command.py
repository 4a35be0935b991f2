"""`dealwatch reextract` on real DuckDB files: facts follow the extractor, chunk by chunk, and survive a kill -9."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

import extractors
from extractors.facts import Fact, Kind, Qualifier
from flows.config import Source
from flows.pipeline.stages import extract_articles
from flows.sources.folders import read_folder
from warehouse.database import connect
from warehouse.load import load_articles, load_facts
from warehouse.records import ArticleRecord

ROOT = Path(__file__).resolve().parents[3]
DEALWATCH = Path(sys.executable).with_name("dealwatch")
OLD_VERSION = "0.9.0-test"
FETCHED_AT = dt.datetime(2026, 11, 21, 8, 0)


def seed_records() -> list[ArticleRecord]:
    """The five seeds as a folder source reads them (no facts yet)."""
    return list(read_folder(Source("seeds", "folder", path=ROOT / "seeds"), FETCHED_AT).articles)


def copies_of_the_seeds(count: int) -> list[ArticleRecord]:
    """`count` articles: the seeds' texts under other URLs and outlets, a day apart."""
    seeds = seed_records()
    return [
        dataclasses.replace(
            seeds[n % len(seeds)],
            canonical_url=f"https://outlet{n}.example/deal-{n}",
            outlet=f"Outlet {n}",
            file_name=None,
            published_at=dt.datetime(2025, 11, 1) + dt.timedelta(hours=n),
        )
        for n in range(count)
    ]


def store_as_read_by_an_old_extractor(db: Path, records: list[ArticleRecord], facts_of=None) -> None:
    """Articles with the facts an older extractor gave (by default: none, the relevant articles it missed)."""
    stored = [dataclasses.replace(r, is_relevant=True, facts=tuple(facts_of(r)) if facts_of else ()) for r in records]
    with connect(db) as con:
        load_articles(con, stored, "old-run")
        load_facts(con, stored, OLD_VERSION, FETCHED_AT)


def misread(record: ArticleRecord) -> list[Fact]:
    """What the old extractor read: a valuation of 3 bn in every article (a misreading)."""
    return [Fact(Kind.VALUATION, "Anthropic", None, Decimal(3 * 10**9), "USD", Qualifier.EXACT, record.title)]


def reextract(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DEALWATCH), "reextract", "--db", str(db), *args], capture_output=True, text=True, timeout=120,
        cwd=db.parent,
    )


def stored_facts(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT article_id, kind, subject, counterparty, value, unit, qualifier, extractor_version "
            "FROM facts"
        ).fetchall()
    return sorted(rows, key=repr)


def current_facts(records: list[ArticleRecord]) -> list[tuple]:
    """What the current extractor reads in these articles, as the rows stored_facts returns."""
    rows = set()
    for record in extract_articles(records):
        for fact in record.facts:
            rows.add((record.article_id, str(fact.kind), fact.subject, fact.counterparty,
                      fact.value.quantize(Decimal("0.000001")), fact.unit, str(fact.qualifier),
                      extractors.EXTRACTOR_VERSION))
    return sorted(rows, key=repr)


def test_reextract_replaces_old_facts_and_a_second_run_does_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    seeds = seed_records()
    store_as_read_by_an_old_extractor(db, seeds, misread)

    first = reextract(db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"articles read again by extractor {extractors.EXTRACTOR_VERSION}: 5 in 1 chunk")
    assert stored_facts(db) == current_facts(seeds)

    second = reextract(db)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("nothing to read again")
    assert stored_facts(db) == current_facts(seeds)


def test_since_leaves_older_articles_as_they_are(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    store_as_read_by_an_old_extractor(db, seed_records(), misread)
    result = reextract(db, "--since", "2025-11-19")
    assert result.returncode == 0, result.stderr
    # 000, 002 (Nov 19) and 003 (Nov 22) are read again; 001 (Nov 18) keeps its old facts; 004 has no date,
    # so its fetch time (2026) counts.
    versions = {version for *_, version in stored_facts(db)}
    assert versions == {OLD_VERSION, extractors.EXTRACTOR_VERSION}
    assert "4 in 1 chunk" in result.stdout


def test_a_reextract_killed_half_way_loses_nothing_and_a_rerun_finishes(tmp_path: Path) -> None:
    records = copies_of_the_seeds(60)
    db, untouched = tmp_path / "killed.duckdb", tmp_path / "straight.duckdb"
    store_as_read_by_an_old_extractor(db, records, misread)
    shutil.copy(db, untouched)

    process = subprocess.Popen(
        [str(DEALWATCH), "reextract", "--db", str(db), "--chunk-size", "4", "--verbose"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    committed = [process.stdout.readline() for _ in range(3)]
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert all(line.startswith("chunk ") for line in committed), committed

    half_way = stored_facts(db)
    versions = {version for *_, version in half_way}
    assert versions == {OLD_VERSION, extractors.EXTRACTOR_VERSION}  # some chunks done, some not: mid-way
    done = {article_id for article_id, *_, version in half_way if version == extractors.EXTRACTOR_VERSION}
    assert len(done) >= 12 and len(done) % 4 == 0  # whole chunks only

    rerun = reextract(db, "--chunk-size", "4")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{60 - len(done)} in" in rerun.stdout  # the articles left, and only those
    assert reextract(untouched, "--chunk-size", "4").returncode == 0
    assert stored_facts(db) == stored_facts(untouched) == current_facts(records)
    assert alerts_of(db) == alerts_of(untouched)


def alerts_of(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT alert_id, severity, reason, article_id, value, withdrawn_at IS NULL FROM alerts ORDER BY ALL"
        ).fetchall()


@pytest.mark.parametrize("option", [["--chunk-size", "0"], ["--since", "last week"]])
def test_bad_options_stop_with_a_message(tmp_path: Path, option: list[str]) -> None:
    result = reextract(tmp_path / "w.duckdb", *option)
    assert result.returncode == 2
    assert option[0] in result.stderr
