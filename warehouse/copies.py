"""Wire copies: articles whose texts are near duplicates (MinHash LSH) share a copy group, counted as one report."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from datasketch import MinHash

# 128 permutations estimate a Jaccard similarity within about +-0.09 (1/sqrt(128)), plenty to tell a reprint
# (0.6-1.0 on real wire copies that outlets trim or retitle) from two reports of one deal (under 0.1).
PERMUTATIONS = 128
# Five-word shingles: shorter ones are shared by any two texts on one deal ("raised $2 billion led by").
SHINGLE_WORDS = 5
# Texts sharing half of their shingles are one story: a reprint that cut a third of the wire keeps ~0.65.
COPY_SIMILARITY = 0.5
# Seed and hashing scheme are fixed, so signatures stored by one run compare with a later run's (and with a
# later datasketch whose default scheme changes).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    article_id: str
    minhash: MinHash

    @property
    def band_keys(self) -> list[str]:
        return band_keys_of(self.minhash)


def minhash_of(text: str) -> MinHash:
    """The MinHash of a text's word 5-shingles (lower-cased; a text shorter than that is one shingle)."""
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    from datasketch import MinHash  # imported when needed: datasketch brings scipy (0.5 s) into every command

    minhash = MinHash(num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return minhash


@cache
def band_ranges() -> tuple[tuple[int, int], ...]:
    """The LSH bands datasketch chooses for this similarity and number of permutations (25 bands of 5)."""
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=COPY_SIMILARITY, num_perm=PERMUTATIONS).hashranges)


def band_keys_of(minhash: MinHash) -> list[str]:
    """One key per band: two texts are candidate copies when any key is equal."""
    values = minhash.hashvalues
    return [
        f"{band}:{hashlib.sha1(values[start:end].tobytes()).hexdigest()[:16]}"
        for band, (start, end) in enumerate(band_ranges())
    ]


def minhash_from(stored: Sequence[int]) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    return MinHash(
        num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashvalues=np.array(stored, dtype=np.uint64)
    )


UNSIGNED_ARTICLES = """
SELECT article_id, text
FROM articles
WHERE article_id IN (SELECT unnest($article_ids::VARCHAR[]))
    AND is_relevant
    AND article_id NOT IN (SELECT article_id FROM article_signatures)
ORDER BY coalesce(published_at, fetched_at), fetched_at, canonical_url
"""

CANDIDATE_COPIES = """
SELECT DISTINCT bands.band_key, bands.article_id, signatures.minhash, articles.copy_group
FROM signature_bands AS bands
INNER JOIN article_signatures AS signatures USING (article_id)
INNER JOIN articles USING (article_id)
WHERE bands.band_key IN (SELECT unnest($band_keys::VARCHAR[]))
"""

INSERT_SIGNATURES = """
INSERT INTO article_signatures (article_id, minhash)
SELECT unnest($article_ids::VARCHAR[]), unnest($minhashes::UBIGINT[][])
ON CONFLICT DO NOTHING
"""

INSERT_BANDS = "INSERT INTO signature_bands SELECT unnest($band_keys::VARCHAR[]), unnest($article_ids::VARCHAR[])"

SET_COPY_GROUPS = """
UPDATE articles SET copy_group = grouped.copy_group
FROM (SELECT unnest($article_ids::VARCHAR[]) AS article_id, unnest($copy_groups::VARCHAR[]) AS copy_group) AS grouped
WHERE articles.article_id = grouped.article_id
"""


@dataclass(frozen=True)
class KnownCopy:
    article_id: str
    minhash: MinHash
    copy_group: str


def group_copies(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, str]:
    """Sign these articles (the relevant ones not signed yet) and put each in a copy group; the groups set.

    An article joins the group of its most similar stored or earlier-published copy, else starts its own group
    (named by its id). Run it in the load's transaction.
    """
    rows = con.execute(UNSIGNED_ARTICLES, {"article_ids": list(article_ids)}).fetchall()
    if not rows:
        return {}
    signatures = [Signature(article_id, minhash_of(text)) for article_id, text in rows]
    known = find_known_copies(con, signatures)
    groups: dict[str, str] = {}
    for signature in signatures:
        group = closest_group(signature, [known.get(key, []) for key in signature.band_keys])
        groups[signature.article_id] = group or signature.article_id
        for key in signature.band_keys:
            known.setdefault(key, []).append(
                KnownCopy(signature.article_id, signature.minhash, groups[signature.article_id])
            )
    store_signatures(con, signatures, groups)
    return groups


def find_known_copies(con: duckdb.DuckDBPyConnection, signatures: Sequence[Signature]) -> dict[str, list[KnownCopy]]:
    """Stored articles sharing a band with any of these signatures, by band key."""
    keys = [key for signature in signatures for key in signature.band_keys]
    found: dict[str, list[KnownCopy]] = {}
    for band_key, article_id, minhash, copy_group in con.execute(CANDIDATE_COPIES, {"band_keys": keys}).fetchall():
        found.setdefault(band_key, []).append(KnownCopy(article_id, minhash_from(minhash), copy_group or article_id))
    return found


def closest_group(signature: Signature, candidates_per_band: list[list[KnownCopy]]) -> str | None:
    """The copy group of the most similar candidate at or above COPY_SIMILARITY (LSH candidates can be far)."""
    best: tuple[float, str] | None = None
    for candidates in candidates_per_band:
        for candidate in candidates:
            similarity = signature.minhash.jaccard(candidate.minhash)
            if similarity >= COPY_SIMILARITY and (best is None or similarity > best[0]):
                best = (similarity, candidate.copy_group)
    return best[1] if best else None


def store_signatures(
    con: duckdb.DuckDBPyConnection, signatures: Sequence[Signature], groups: dict[str, str]
) -> None:
    ids = [signature.article_id for signature in signatures]
    con.execute(
        INSERT_SIGNATURES,
        {"article_ids": ids, "minhashes": [[int(v) for v in s.minhash.hashvalues] for s in signatures]},
    )
    pairs = [(key, signature.article_id) for signature in signatures for key in signature.band_keys]
    con.execute(INSERT_BANDS, {"band_keys": [k for k, _ in pairs], "article_ids": [a for _, a in pairs]})
    con.execute(SET_COPY_GROUPS, {"article_ids": ids, "copy_groups": [groups[i] for i in ids]})
