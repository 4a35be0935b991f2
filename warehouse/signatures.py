"""Near-duplicate signatures of article texts (MinHash of word 5-shingles), pure: signed where a text is cleaned.

No DuckDB here: the worker processes that clean and extract pages sign each relevant article's text, and the
run's own process (the one writer) only bands and compares the 512-byte signatures they return.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

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
# The affine32 scheme's values fit 32 bits: a signature travels and compares as 128 little-endian uint32.
HASH_VALUE = np.dtype("<u4")
WORD = re.compile(r"\w+")


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


def signature_of(text: str) -> bytes:
    """A text's signature as it crosses processes and is stored: its MinHash values as bytes."""
    return hash_values_of(text).tobytes()


def hash_values_of(text: str) -> np.ndarray:
    return np.asarray(minhash_of(text).hashvalues, dtype=HASH_VALUE)


def hash_values_from(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, dtype=HASH_VALUE)


# The LSH bands datasketch's MinHashLSH chooses for COPY_SIMILARITY and PERMUTATIONS (25 bands of 5 values), as
# constants: asking it imports scipy (0.8 s and ~40 MiB) into the loading process (a test checks they agree).
BANDS, BAND_VALUES = 25, 5
BAND_RANGES = tuple((band * BAND_VALUES, (band + 1) * BAND_VALUES) for band in range(BANDS))


def band_keys_of(hash_values: np.ndarray) -> list[str]:
    """One key per band: two texts are candidate copies when any key is equal."""
    return [
        f"{band}:{hashlib.sha1(hash_values[start:end].tobytes()).hexdigest()[:16]}"
        for band, (start, end) in enumerate(BAND_RANGES)
    ]


def similarity(hash_values: np.ndarray, other: np.ndarray) -> float:
    """The estimated Jaccard similarity of two texts: the share of equal MinHash values (datasketch's own)."""
    return float(np.count_nonzero(hash_values == other)) / PERMUTATIONS
