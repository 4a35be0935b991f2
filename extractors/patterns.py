"""Word lists into regular-expression alternations (escaped, longest first, never empty)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Straight and typographic apostrophes are one character class: the press uses both.
APOSTROPHES = "'’"
# A pattern that never matches, for an empty word list (an empty alternation would match everywhere).
NEVER = r"(?!x)x"


def alternation(words: Iterable[str]) -> str:
    """A non-capturing alternation of the words, longest first so "milliards" wins over "milliard".

    >>> alternation(["md", "milliard", "milliards"])
    '(?:milliards|milliard|md)'
    >>> alternation([])
    '(?!x)x'
    """
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    if not unique:
        return NEVER
    return "(?:" + "|".join(flexible(word) for word in unique) + ")"


def flexible(word: str) -> str:
    """One word as a regex: escaped, any apostrophe for an apostrophe, any space run for a space."""
    parts = []
    for char in word:
        if char in APOSTROPHES:
            parts.append(f"[{APOSTROPHES}]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def word_pattern(words: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """The words as whole words (no letter or digit right before or after)."""
    return re.compile(rf"(?<!\w){alternation(words)}(?!\w)", flags)
