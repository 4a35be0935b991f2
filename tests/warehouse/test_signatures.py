"""Text signatures made in the workers are datasketch's MinHash, and group copies as signing at the load did;
a batch loaded in chunks is the batch loaded at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from gold_rows import seed_articles, store
from test_diff_context import MONDAY, OWN_REPORT, TUESDAY, figure, report, wire_copies

import warehouse.load
from extractors.facts import Kind
from warehouse.copies import KnownCopy, NewSignatures, assign_groups, closest_group
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


def bands_of(db_path: Path) -> list[tuple[int, str]]:
    with connect(db_path) as con:
        return con.execute("SELECT CAST(band_key AS UBIGINT), article_id FROM signature_bands ORDER BY ALL").fetchall()


# A file as version 003 of the schema left it: band keys stored as text (a SHA-1 prefix per band).
BACK_TO_TEXT_KEYS = """
CREATE TABLE text_bands AS SELECT 'band ' || CAST(band_key AS VARCHAR) AS band_key, article_id FROM signature_bands;
DROP TABLE signature_bands;
ALTER TABLE text_bands RENAME TO signature_bands;
DELETE FROM schema_migrations WHERE version = 4;
"""


def test_a_warehouse_with_text_band_keys_gets_the_keys_a_new_file_makes(tmp_path: Path) -> None:
    articles = batch_of_copies()
    stored_outcome(tmp_path / "new.duckdb", articles, signed_by_workers=True)
    older = tmp_path / "older.duckdb"
    stored_outcome(older, articles, signed_by_workers=True)
    with connect(older) as con:
        con.execute(BACK_TO_TEXT_KEYS)
    assert bands_of(older) == bands_of(tmp_path / "new.duckdb")  # opening it ran the migration again
    with connect(older) as con:
        assert con.execute("SELECT count(*) FROM schema_migrations WHERE version = 4").fetchone() == (1,)


def all_bands_grouping(new: NewSignatures, known: dict[int, list[KnownCopy]]) -> list[str]:
    """Copy groups weighing every band of every article, as they were assigned before only shared bands were."""
    groups = []
    for index, article_id in enumerate(new.article_ids):
        signature = new.signature(index, new.band_keys[index].tolist())
        candidates_per_band = [known[key] for key in signature.band_keys if key in known]
        groups.append((closest_group(signature, candidates_per_band) if candidates_per_band else None) or article_id)
        for key in signature.band_keys:
            known.setdefault(key, []).append(KnownCopy(article_id, signature.hash_values, groups[-1]))
    return groups


def reworded(text: str, rng: random.Random, share: float) -> str:
    return " ".join(word if rng.random() > share else f"x{rng.randrange(10**6)}" for word in text.split())


def test_weighing_only_shared_bands_gives_the_groups_weighing_every_band_gives() -> None:
    rng = random.Random(5)
    stories = [" ".join(f"w{rng.randrange(3000)}" for _ in range(120)) for _ in range(60)]
    # Reprints more or less trimmed: some far over the copy threshold, some near it, some under.
    texts = [reworded(rng.choice(stories), rng, rng.choice([0.0, 0.02, 0.05, 0.1, 0.5])) for _ in range(300)]
    values = [signature_of(text) for text in texts]
    stored = NewSignatures.of([f"stored{n}" for n in range(100)], values[:100])
    known: dict[int, list[KnownCopy]] = {}
    for index, article_id in enumerate(stored.article_ids):
        for key in stored.band_keys[index].tolist():
            known.setdefault(key, []).append(KnownCopy(article_id, stored.hash_values[index], f"group{index % 40}"))
    new = NewSignatures.of([f"new{n}" for n in range(200)], values[100:])
    expected = all_bands_grouping(new, {key: list(copies) for key, copies in known.items()})
    assert assign_groups(new, known) == expected
    assert len(set(expected)) < len(expected) and any(group.startswith("group") for group in expected)
