"""Wire copies: articles whose texts are near duplicates (MinHash LSH) share a copy group, counted as one report."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
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
    band_keys: tuple[str, ...]

    @classmethod
    def of(cls, article_id: str, text: str) -> Signature:
        minhash = minhash_of(text)
        return cls(article_id, minhash, tuple(band_keys_of(minhash)))


def minhash_of(text: str) -> MinHash:
    """The MinHash of a text's word 5-shingles (lower-cased; a text shorter than that is one shingle)."""
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    from datasketch import MinHash  # imported when needed: datasketch brings scipy (0.5 s) into every command

    minhash = MinHash(num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, permutations=permutations())
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return minhash


@cache
def permutations() -> tuple:
    """The seeded permutations, drawn once per process (drawing them is a third of signing a page)."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


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
        num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashvalues=np.array(stored, dtype=np.uint64),
        permutations=permutations(),
    )


UNSIGNED_ARTICLES = """
SELECT article_id, text
FROM articles
WHERE article_id IN (SELECT unnest($article_ids::JSON::VARCHAR[]))
    AND is_relevant
    AND article_id NOT IN (SELECT article_id FROM article_signatures)
ORDER BY coalesce(published_at, fetched_at), fetched_at, canonical_url
"""

CANDIDATE_COPIES = """
SELECT DISTINCT bands.band_key, bands.article_id, signatures.minhash, articles.copy_group
FROM signature_bands AS bands
INNER JOIN article_signatures AS signatures USING (article_id)
INNER JOIN articles USING (article_id)
WHERE bands.band_key IN (SELECT unnest($band_keys::JSON::VARCHAR[]))
"""

# Rows go in as one JSON array each (as in warehouse/load.py): binding Python lists costs ~60 us a value, and a
# thousand signatures are 128,000 values.
INSERT_SIGNATURES = """
INSERT INTO article_signatures (article_id, minhash)
SELECT signed.article_id, signed.minhash
FROM (SELECT unnest(?::JSON::STRUCT(article_id VARCHAR, minhash UBIGINT[])[], recursive := true)) AS signed
ON CONFLICT DO NOTHING
"""

INSERT_BANDS = """
INSERT INTO signature_bands (band_key, article_id)
SELECT banded.band_key, banded.article_id
FROM (SELECT unnest(?::JSON::STRUCT(band_key VARCHAR, article_id VARCHAR)[], recursive := true)) AS banded
"""

SET_COPY_GROUPS = """
UPDATE articles SET copy_group = grouped.copy_group
FROM (SELECT unnest(?::JSON::STRUCT(article_id VARCHAR, copy_group VARCHAR)[], recursive := true)) AS grouped
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
    rows = con.execute(UNSIGNED_ARTICLES, {"article_ids": json.dumps(list(article_ids))}).fetchall()
    if not rows:
        return {}
    signatures = [Signature.of(article_id, text) for article_id, text in rows]
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
    """Stored articles sharing a band with any of these signatures, by band key (each article read once)."""
    keys = [key for signature in signatures for key in signature.band_keys]
    rows = con.execute(CANDIDATE_COPIES, {"band_keys": json.dumps(keys)}).fetchall()
    copies: dict[str, KnownCopy] = {}
    found: dict[str, list[KnownCopy]] = {}
    for band_key, article_id, minhash, copy_group in rows:
        if article_id not in copies:
            copies[article_id] = KnownCopy(article_id, minhash_from(minhash), copy_group or article_id)
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
        similarity = next((s for s in similarities(signature, members.values()) if s >= COPY_SIMILARITY), None)
        if similarity is not None and (best is None or similarity > best[0]):
            best = (similarity, group)
    return best[1] if best else None


def similarities(signature: Signature, members: Iterable[KnownCopy]) -> Iterator[float]:
    return (signature.minhash.jaccard(member.minhash) for member in members)


def store_signatures(
    con: duckdb.DuckDBPyConnection, signatures: Sequence[Signature], groups: dict[str, str]
) -> None:
    signed = [{"article_id": s.article_id, "minhash": [int(v) for v in s.minhash.hashvalues]} for s in signatures]
    con.execute(INSERT_SIGNATURES, [json.dumps(signed)])
    bands = [{"band_key": key, "article_id": s.article_id} for s in signatures for key in s.band_keys]
    con.execute(INSERT_BANDS, [json.dumps(bands)])
    grouped = [{"article_id": article_id, "copy_group": group} for article_id, group in groups.items()]
    con.execute(SET_COPY_GROUPS, [json.dumps(grouped)])
