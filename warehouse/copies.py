"""Wire copies: articles whose texts are near duplicates (MinHash LSH) share a copy group, counted as one report."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from warehouse.signatures import (
    BANDS,
    COPY_SIMILARITY,
    HASH_VALUE,
    PERMUTATIONS,
    band_keys_of,
    signature_of,
    similarity,
)


@dataclass(frozen=True)
class Signature:
    article_id: str
    hash_values: np.ndarray
    band_keys: tuple[int, ...]


@dataclass(frozen=True)
class NewSignatures:
    """A batch's signatures in publication order: one row of hash values and one of band keys per article."""

    article_ids: list[str]
    hash_values: np.ndarray
    band_keys: np.ndarray

    @classmethod
    def of(cls, article_ids: list[str], signatures: list[bytes]) -> NewSignatures:
        """From the signatures as they travel (warehouse/signatures.py), read as one array."""
        matrix = np.frombuffer(b"".join(signatures), dtype=HASH_VALUE).reshape(len(signatures), PERMUTATIONS)
        return cls(article_ids, matrix, band_keys_of(matrix))

    def signature(self, index: int, band_keys: Iterable[int]) -> Signature:
        return Signature(self.article_ids[index], self.hash_values[index], tuple(band_keys))


UNSIGNED_ARTICLES = """
SELECT article_id
FROM articles
WHERE article_id IN (SELECT unnest($article_ids::JSON::VARCHAR[]))
    AND is_relevant
    AND article_id NOT IN (SELECT article_id FROM article_signatures)
ORDER BY coalesce(published_at, fetched_at), fetched_at, canonical_url
"""

ARTICLE_TEXTS = "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?::JSON::VARCHAR[]))"

# The new signatures' bands are the Arrow table `new_bands` (band_key, article_id) while they are grouped.
NEW_BANDS = "new_bands"

CANDIDATE_COPIES = """
SELECT DISTINCT bands.band_key, bands.article_id, signatures.minhash, articles.copy_group
FROM signature_bands AS bands
INNER JOIN article_signatures AS signatures USING (article_id)
INNER JOIN articles USING (article_id)
WHERE bands.band_key IN (SELECT band_key FROM new_bands)
"""

# The articles signed are those without a signature (UNSIGNED_ARTICLES, in the same transaction of the one writer):
# no conflict to handle, and DuckDB's conflict handling took half again as long as the insert of 20,000 rows.
INSERT_SIGNATURES = """
INSERT INTO article_signatures (article_id, minhash)
SELECT article_id, minhash FROM new_signatures
"""

INSERT_BANDS = "INSERT INTO signature_bands (band_key, article_id) SELECT band_key, article_id FROM new_bands"

# The rows handed to the update in the articles' storage order (rowid): in publication order they are scattered
# over the table, and DuckDB took 0.23 s instead of 0.01 s to update 20,000 of them.
SET_COPY_GROUPS = """
UPDATE articles SET copy_group = grouped.copy_group
FROM (
    SELECT new_copy_groups.article_id, new_copy_groups.copy_group
    FROM new_copy_groups
    INNER JOIN articles USING (article_id)
    ORDER BY articles.rowid
) AS grouped
WHERE articles.article_id = grouped.article_id
"""


@dataclass(frozen=True)
class KnownCopy:
    article_id: str
    hash_values: np.ndarray
    copy_group: str


def group_copies(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], signatures: Mapping[str, bytes] | None = None
) -> dict[str, str]:
    """Sign these articles (the relevant ones not signed yet) and put each in a copy group; the groups set.

    `signatures`: those already made where the articles were cleaned (warehouse/signatures.py), by article id;
    the others are signed here from their stored text. An article joins the group of its most similar stored or
    earlier-published copy, else starts its own group (named by its id). Run it in the load's transaction.
    """
    unsigned = [article_id for (article_id,) in
                con.execute(UNSIGNED_ARTICLES, {"article_ids": json.dumps(list(article_ids))}).fetchall()]
    if not unsigned:
        return {}
    new = sign_articles(con, unsigned, signatures or {})
    con.register(NEW_BANDS, bands_table(new))
    try:
        groups = dict(zip(new.article_ids, assign_groups(new, find_known_copies(con)), strict=True))
        store_signatures(con, new, groups)
    finally:
        con.unregister(NEW_BANDS)
    return groups


def sign_articles(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], signatures: Mapping[str, bytes]
) -> NewSignatures:
    """The articles' signatures in their order: those given, and the others signed from their stored text (only
    those texts are read back)."""
    missing = [article_id for article_id in article_ids if article_id not in signatures]
    signed = {article_id: signature_of(text)
              for article_id, text in con.execute(ARTICLE_TEXTS, [json.dumps(missing)]).fetchall()} if missing else {}
    return NewSignatures.of(list(article_ids), [signed.get(article_id) or signatures[article_id]
                                                for article_id in article_ids])


def assign_groups(new: NewSignatures, known: dict[int, list[KnownCopy]]) -> list[str]:
    """Each new signature's copy group, in publication order (an article is an earlier copy of the later ones).

    Only a band key that another article has too can bring a candidate: an article with none is its own group
    and no one's candidate, so the loop weighs only the articles with such a key (most news shares no band).
    """
    groups = list(new.article_ids)
    is_shared = shared_band_keys(new.band_keys, known)
    for index in np.flatnonzero(is_shared.any(axis=1)).tolist():
        signature = new.signature(index, new.band_keys[index][is_shared[index]].tolist())
        candidates_per_band = [known[key] for key in signature.band_keys if key in known]
        group = closest_group(signature, candidates_per_band) if candidates_per_band else None
        groups[index] = group or signature.article_id
        copy = KnownCopy(signature.article_id, signature.hash_values, groups[index])
        for key in signature.band_keys:
            known.setdefault(key, []).append(copy)
    return groups


def shared_band_keys(band_keys: np.ndarray, known: Mapping[int, object]) -> np.ndarray:
    """Which of the new band keys a stored article or another new one has too (True where it is shared)."""
    keys, counts = np.unique(band_keys, return_counts=True)
    stored = np.fromiter(known, dtype=np.uint64, count=len(known))
    return np.isin(band_keys, np.concatenate([keys[counts > 1], stored]))


def bands_table(new: NewSignatures) -> pa.Table:
    """The new bands as rows of `signature_bands`, built as columns (25 rows an article)."""
    rows_per_article = np.repeat(np.arange(len(new.article_ids)), BANDS)
    return pa.table({"band_key": pa.array(new.band_keys.ravel()),
                     "article_id": pa.array(new.article_ids, pa.string()).take(pa.array(rows_per_article))})


def find_known_copies(con: duckdb.DuckDBPyConnection) -> dict[int, list[KnownCopy]]:
    """Stored articles sharing a band with any new signature, by band key (each article read once)."""
    copies: dict[str, KnownCopy] = {}
    found: dict[int, list[KnownCopy]] = {}
    for band_key, article_id, minhash, copy_group in con.execute(CANDIDATE_COPIES).fetchall():
        if article_id not in copies:
            copies[article_id] = KnownCopy(article_id, np.array(minhash, dtype=np.uint32), copy_group or article_id)
        found.setdefault(band_key, []).append(copies[article_id])
    return found


def closest_group(signature: Signature, candidates_per_band: list[list[KnownCopy]]) -> str | None:
    """The copy group most similar to the signature at or above COPY_SIMILARITY (LSH candidates can be far).

    A candidate found in several bands is compared once, and a group once one of its members passes: a story
    reprinted a hundred times costs a comparison, not a hundred.
    """
    by_group: dict[str, dict[str, KnownCopy]] = {}
    for candidates in candidates_per_band:
        for candidate in candidates:
            by_group.setdefault(candidate.copy_group, {})[candidate.article_id] = candidate
    best: tuple[float, str] | None = None
    for group, members in by_group.items():
        found = next((s for s in similarities(signature, members.values()) if s >= COPY_SIMILARITY), None)
        if found is not None and (best is None or found > best[0]):
            best = (found, group)
    return best[1] if best else None


def similarities(signature: Signature, members: Iterable[KnownCopy]) -> Iterator[float]:
    return (similarity(signature.hash_values, member.hash_values) for member in members)


def signatures_table(new: NewSignatures) -> pa.Table:
    """The signatures as rows of `article_signatures`: one list of PERMUTATIONS values each, built at once."""
    values = pa.array(new.hash_values.astype(np.uint64).ravel())
    offsets = pa.array(np.arange(0, (len(new.article_ids) + 1) * PERMUTATIONS, PERMUTATIONS, dtype=np.int32))
    return pa.table({"article_id": pa.array(new.article_ids, pa.string()),
                     "minhash": pa.ListArray.from_arrays(offsets, values)})


def store_signatures(con: duckdb.DuckDBPyConnection, new: NewSignatures, groups: Mapping[str, str]) -> None:
    """The new signatures, their bands (the table `new_bands`) and every new article's copy group."""
    with registered(con, "new_signatures", signatures_table(new)):
        con.execute(INSERT_SIGNATURES)
    con.execute(INSERT_BANDS)
    copy_groups = pa.table({"article_id": pa.array(list(groups), pa.string()),
                            "copy_group": pa.array(list(groups.values()), pa.string())})
    with registered(con, "new_copy_groups", copy_groups):
        con.execute(SET_COPY_GROUPS)


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)
