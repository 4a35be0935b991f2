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


def before_name(words: Iterable[str], either_case: bool = False) -> str:
    """Words each followed by spaces, or by nothing when elided (ending with an apostrophe): what may stand
    right before a name ("the Toronto", "l'Oréal"); with `either_case`, their first letter in either case.

    >>> print(before_name(["la", "l'"]))
    (?:l['’]|la\s+)
    """
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    if not unique:
        return NEVER
    written = [capitalizable([word])[3:-1] if either_case else flexible(word) for word in unique]
    return "(?:" + "|".join(pattern if word[-1] in APOSTROPHES else pattern + r"\s+"
                            for word, pattern in zip(unique, written, strict=True)) + ")"


def capitalizable(words: Iterable[str]) -> str:
    """An alternation of the words, their first letter in either case, the rest as written (for a pattern that
    minds case: "The"/"the" open a descriptor, "THE" does not).

    >>> capitalizable(["the", "la"])
    '(?:[Tt]he|[Ll]a)'
    """
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    if not unique:
        return NEVER
    return "(?:" + "|".join(f"[{word[0].upper()}{word[0].lower()}]{flexible(word[1:])}" for word in unique) + ")"


def first_letter_first(words: Iterable[str], pattern: str) -> str:
    """`pattern` (which starts with one of the words, any case of its first letter) behind a look at that first
    letter: the regex engine then passes at once over the characters where none of the words can start, where
    it would otherwise try every word of a long alternation.

    >>> first_letter_first(["milliard", "gigawatt"], "x")
    '(?=[GMgm])x'
    """
    letters = sorted({case for word in words if word for case in (word[0].lower(), word[0].upper())})
    return f"(?=[{re.escape(''.join(letters))}]){pattern}" if letters else NEVER
