"""Text signatures made in the workers are datasketch's MinHash, and group copies as signing at the load did;
a batch loaded in chunks is the batch loaded at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from gold_rows import seed_articles, store
from test_diff_context import MONDAY, OWN_REPORT, TUESDAY, figure, report, wire_copies

import warehouse.load
from extractors.facts import Kind
from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.records import AlertSettings, ArticleRecord
from warehouse.signatures import (
    BAND_RANGES,
    COPY_SIMILARITY,
    MINHASH_SEED,
    PERMUTATIONS,
    hash_values_of,
    shingles_of,
    signature_of,
)

TEXTS = [
    "",
    "Mistral",
    OWN_REPORT,
    "Mistral AI lève 1,7 milliard d’euros auprès d’ASML, qui devient son premier actionnaire.",
    "Some article text. " * 150,
]


def datasketch_values(text: str) -> np.ndarray:
    minhash = MinHash(num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme="affine32")
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles_of(text)])
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


@pytest.mark.parametrize("text", TEXTS)
def test_a_signature_is_datasketchs_minhash_of_the_texts_shingles(text: str) -> None:
    # Signatures stored by earlier runs were made by datasketch: a new one must compare with them.
    assert np.array_equal(hash_values_of(text), datasketch_values(text))


def test_the_bands_are_those_datasketch_chooses() -> None:
    assert list(BAND_RANGES) == list(MinHashLSH(threshold=COPY_SIMILARITY, num_perm=PERMUTATIONS).hashranges)


def batch_of_copies() -> list[ArticleRecord]:
    own = report("own.txt", MONDAY, figure(10, kind=Kind.INVESTMENT), text=OWN_REPORT, outlet="The Herald")
    return [*seed_articles(), own, *wire_copies(TUESDAY)]


def stored_outcome(db_path: Path, articles: list[ArticleRecord], *, signed_by_workers: bool) -> tuple[list, list]:
    """Load and diff the articles in a new file: its alerts (but when raised) and each article's copy group."""
    signatures = {a.article_id: signature_of(a.text) for a in articles} if signed_by_workers else None
    with connect(db_path) as con:
        raise_alerts(con, store(con, articles), AlertSettings(), raised_at=dt.datetime(2026, 1, 1),
                     signatures=signatures)
        alerts = con.execute("SELECT * FROM alerts ORDER BY alert_id").fetchall()
        groups = con.execute("SELECT article_id, copy_group FROM articles ORDER BY article_id").fetchall()
    return alerts, groups


def test_copies_and_alerts_are_the_same_whether_the_workers_signed_the_texts_or_the_load_did(tmp_path: Path) -> None:
    articles = batch_of_copies()
    at_the_load = stored_outcome(tmp_path / "load.duckdb", articles, signed_by_workers=False)
    by_workers = stored_outcome(tmp_path / "workers.duckdb", articles, signed_by_workers=True)
    assert by_workers == at_the_load
    alerts, groups = by_workers
    assert alerts and len({group for _, group in groups}) < len(groups)  # the wire copies share a group


def test_articles_loaded_in_small_chunks_are_the_articles_loaded_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = batch_of_copies()
    at_once = stored_outcome(tmp_path / "once.duckdb", articles, signed_by_workers=True)
    monkeypatch.setattr(warehouse.load, "ARTICLE_CHUNK_ROWS", 2)
    in_chunks = stored_outcome(tmp_path / "chunks.duckdb", articles, signed_by_workers=True)
    assert in_chunks == at_once


def test_loading_the_batch_again_adds_no_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warehouse.load, "ARTICLE_CHUNK_ROWS", 2)
    articles = batch_of_copies()
    with connect(tmp_path / "again.duckdb") as con:
        assert len(store(con, articles)) == len(articles)
        renamed = [dataclasses.replace(a, title="retitled") for a in articles]
        assert store(con, renamed) == []
        assert con.execute("SELECT count(*) FROM articles WHERE title = 'retitled'").fetchone() == (0,)
