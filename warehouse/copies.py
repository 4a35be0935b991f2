"""Wire copies: articles whose texts are near duplicates (MinHash LSH) share a copy group, counted as one report."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from warehouse.signatures import (
    COPY_SIMILARITY,
    PERMUTATIONS,
    band_keys_of,
    hash_values_from,
    hash_values_of,
    similarity,
)


@dataclass(frozen=True)
class Signature:
    article_id: str
    hash_values: np.ndarray
    band_keys: tuple[str, ...]

    @classmethod
    def of(cls, article_id: str, text: str) -> Signature:
        return cls.from_values(article_id, hash_values_of(text))

    @classmethod
    def from_bytes(cls, article_id: str, signature: bytes) -> Signature:
        return cls.from_values(article_id, hash_values_from(signature))

    @classmethod
    def from_values(cls, article_id: str, hash_values: np.ndarray) -> Signature:
        return cls(article_id, hash_values, tuple(band_keys_of(hash_values)))


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

INSERT_SIGNATURES = """
INSERT INTO article_signatures (article_id, minhash)
SELECT article_id, minhash FROM new_signatures
ON CONFLICT DO NOTHING
"""

INSERT_BANDS = "INSERT INTO signature_bands (band_key, article_id) SELECT band_key, article_id FROM new_bands"

SET_COPY_GROUPS = """
UPDATE articles SET copy_group = grouped.copy_group
FROM (SELECT unnest(?::JSON::STRUCT(article_id VARCHAR, copy_group VARCHAR)[], recursive := true)) AS grouped
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
        groups = assign_groups(new, find_known_copies(con))
        store_signatures(con, new, groups)
    finally:
        con.unregister(NEW_BANDS)
    return groups


def sign_articles(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], signatures: Mapping[str, bytes]
) -> list[Signature]:
    """The articles' signatures in their order: those given, and the others signed from their stored text (only
    those texts are read back)."""
    missing = [article_id for article_id in article_ids if article_id not in signatures]
    signed = {article_id: Signature.of(article_id, text)
              for article_id, text in con.execute(ARTICLE_TEXTS, [json.dumps(missing)]).fetchall()} if missing else {}
    return [signed[article_id] if article_id in signed else Signature.from_bytes(article_id, signatures[article_id])
            for article_id in article_ids]


def assign_groups(signatures: Sequence[Signature], known: dict[str, list[KnownCopy]]) -> dict[str, str]:
    """Each signature's copy group, in publication order (an article is an earlier copy of the later ones)."""
    groups: dict[str, str] = {}
    for signature in signatures:
        candidates_per_band = [known[key] for key in signature.band_keys if key in known]
        # Most articles share no band with any other: no group to weigh.
        group = closest_group(signature, candidates_per_band) if candidates_per_band else None
        groups[signature.article_id] = group or signature.article_id
        copy = KnownCopy(signature.article_id, signature.hash_values, groups[signature.article_id])
        for key in signature.band_keys:
            known.setdefault(key, []).append(copy)
    return groups


def bands_table(signatures: Sequence[Signature]) -> pa.Table:
    return pa.table({"band_key": [key for s in signatures for key in s.band_keys],
                     "article_id": [s.article_id for s in signatures for _ in s.band_keys]})


def find_known_copies(con: duckdb.DuckDBPyConnection) -> dict[str, list[KnownCopy]]:
    """Stored articles sharing a band with any new signature, by band key (each article read once)."""
    copies: dict[str, KnownCopy] = {}
    found: dict[str, list[KnownCopy]] = {}
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


def signatures_table(signatures: Sequence[Signature]) -> pa.Table:
    """The signatures as rows of `article_signatures`: one list of PERMUTATIONS values each, built at once."""
    values = pa.array(np.concatenate([s.hash_values for s in signatures]).astype(np.uint64))
    offsets = pa.array(np.arange(0, (len(signatures) + 1) * PERMUTATIONS, PERMUTATIONS, dtype=np.int32))
    return pa.table({"article_id": [s.article_id for s in signatures],
                     "minhash": pa.ListArray.from_arrays(offsets, values)})


def store_signatures(
    con: duckdb.DuckDBPyConnection, signatures: Sequence[Signature], groups: dict[str, str]
) -> None:
    con.register("new_signatures", signatures_table(signatures))
    try:
        con.execute(INSERT_SIGNATURES)
    finally:
        con.unregister("new_signatures")
    con.execute(INSERT_BANDS)
    grouped = [{"article_id": article_id, "copy_group": group} for article_id, group in groups.items()]
    con.execute(SET_COPY_GROUPS, [json.dumps(grouped)])
