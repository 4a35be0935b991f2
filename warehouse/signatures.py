"""Near-duplicate signatures of article texts (MinHash of word 5-shingles), pure: signed where a text is cleaned.

No DuckDB here: the worker processes that clean and extract pages sign each relevant article's text, and the
run's own process (the one writer) only bands and compares the 512-byte signatures they return.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np

# 128 permutations estimate a Jaccard similarity within about +-0.09 (1/sqrt(128)), plenty to tell a reprint
# (0.6-1.0 on real wire copies that outlets trim or retitle) from two reports of one deal (under 0.1).
PERMUTATIONS = 128
# Five-word shingles: shorter ones are shared by any two texts on one deal ("raised $2 billion led by").
SHINGLE_WORDS = 5
# Texts sharing half of their shingles are one story: a reprint that cut a third of the wire keeps ~0.65.
COPY_SIMILARITY = 0.5
# Seed and hashing scheme (datasketch's "affine32") are fixed, so signatures stored by one run compare with a
# later run's.
MINHASH_SEED = 1
# The affine32 scheme's values fit 32 bits: a signature travels and compares as 128 little-endian uint32.
HASH_VALUE = np.dtype("<u4")
WORD = re.compile(r"\w+")


def shingles_of(text: str) -> set[str]:
    """A text's word 5-shingles (lower-cased; a text shorter than that is one shingle)."""
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def hash_values_of(text: str) -> np.ndarray:
    """The MinHash of a text's shingles, computed as datasketch's MinHash(num_perm=128, seed=1, scheme="affine32")
    computes it (a test checks they are equal), without importing datasketch: it brings scipy, ~50 MiB into each
    worker process."""
    hashes = np.array([sha1_32(shingle.encode("utf-8")) for shingle in shingles_of(text)], dtype=np.uint32)
    multipliers, offsets = permutations()
    # uint32 arithmetic wraps around: the affine32 scheme's permutations are modulo 2^32 by design.
    return (mixed(hashes)[:, None] * multipliers + offsets).min(axis=0).astype(HASH_VALUE)


def sha1_32(data: bytes) -> int:
    """datasketch's sha1_hash32: the first 4 bytes of the SHA-1, little-endian."""
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


# MurmurHash3's 32-bit finalizer: datasketch mixes every input hash with it before the permutations.
FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def mixed(hashes: np.ndarray) -> np.ndarray:
    shift1, multiplier1, shift2, multiplier2, shift3 = FMIX32
    hashes = hashes ^ (hashes >> shift1)
    hashes = hashes * multiplier1
    hashes = hashes ^ (hashes >> shift2)
    hashes = hashes * multiplier2
    return hashes ^ (hashes >> shift3)


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The seeded affine permutations (odd multipliers, offsets), drawn as datasketch draws them for seed 1."""
    generator = np.random.RandomState(MINHASH_SEED)
    multipliers = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return multipliers, offsets


def signature_of(text: str) -> bytes:
    """A text's signature as it crosses processes and is stored: its MinHash values as bytes."""
    return hash_values_of(text).tobytes()


def hash_values_from(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, dtype=HASH_VALUE)


# The LSH bands datasketch's MinHashLSH chooses for COPY_SIMILARITY and PERMUTATIONS (25 bands of 5 values), as
# constants: asking it imports scipy (0.8 s and ~40 MiB) into the loading process (a test checks they agree).
BANDS, BAND_VALUES = 25, 5
BAND_RANGES = tuple((band * BAND_VALUES, (band + 1) * BAND_VALUES) for band in range(BANDS))


# A band's key: its band number and its BAND_VALUES values folded into 64 bits (k = k * M + value, modulo 2^64).
# Integers, made for every signature of a batch at once, where a text key made with SHA-1 per band took 1 s for
# 20,000 articles; the same arithmetic in SQL rewrote the stored text keys (migrations/004_band_keys.sql). Two
# bands that fold to one key only make a candidate, which the similarity then weighs, as a hash prefix did.
BAND_KEY_MULTIPLIER = np.uint64(0x5851F42D4C957F2D)


def band_keys_of(hash_values: np.ndarray) -> np.ndarray:
    """The band keys of signatures, one row of BANDS keys per row of hash values: two texts are candidate copies
    when they have a key in common."""
    rows = np.atleast_2d(hash_values).astype(np.uint64)
    keys = np.broadcast_to(np.arange(BANDS, dtype=np.uint64), (len(rows), BANDS)).copy()
    bands = rows[:, : BANDS * BAND_VALUES].reshape(len(rows), BANDS, BAND_VALUES)
    # uint64 arithmetic wraps around: the fold is modulo 2^64 by design.
    for position in range(BAND_VALUES):
        keys = keys * BAND_KEY_MULTIPLIER + bands[:, :, position]
    return keys


def similarity(hash_values: np.ndarray, other: np.ndarray) -> float:
    """The estimated Jaccard similarity of two texts: the share of equal MinHash values (datasketch's own)."""
    return float(np.count_nonzero(hash_values == other)) / PERMUTATIONS
