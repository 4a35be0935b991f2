"""Text normalization that keeps character offsets, and sentences with their spans."""

from __future__ import annotations

import re
from functools import partial
from typing import AnyStr, NamedTuple

# One character for one character, so that offsets into the normalized text index the original.
SAME_LENGTH_REPLACEMENTS = {
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2008": " ", "\u200a": " ",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\u2013": "-", "\u2011": "-", "\u2012": "-",
    "\t": " ",
}
# A full stop ends a sentence unless it belongs to one of these (legal suffixes, initials, domains).
ABBREVIATIONS = ("inc", "corp", "co", "ltd", "u.s", "u.k", "st", "mr", "mrs", "ms", "dr", "no", "vs", "jr", "sr",
                 "m", "mme", "etc", "av", "j.-c", "approx", "est")
END_MARKS = ("\n", ".", "!", "?", "…")
NEWLINES = re.compile(r"\n+")
# After a full stop: a closing quote or bracket, spaces, then what opens a sentence.
AFTER_STOP = re.compile(r"[\"»”)]?\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9«\"“(])")
LONGEST_ABBREVIATION = max(len(a) for a in ABBREVIATIONS)
ABBREVIATION_END = re.compile(r"(?:^|[\s(])(" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")\.$", re.I)


class Sentence(NamedTuple):
    """A sentence (or title, or heading) and where it sits in the article body (an immutable tuple)."""

    text: str
    start: int
    end: int


# tuple.__new__ straight from C, as for tokens: a named tuple's own constructor is a Python function.
MAKE_SENTENCE = partial(tuple.__new__, Sentence)


def normalize(text: str) -> str:
    """Spaces, apostrophes and dashes folded to their plain forms, without moving any character.

    >>> normalize("1\\u202f500 millions d\\u2019euros")
    "1 500 millions d'euros"
    """
    # A few `in` tests and replaces run in C; str.translate would look up every character in a dict.
    for special, plain in SAME_LENGTH_REPLACEMENTS.items():
        if special in text:
            text = text.replace(special, plain)
    return text


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets in `text`; lines always break, full stops unless an abbreviation.

    >>> [s.text for s in split_sentences("Corvid Inc. lève 2 M€. La suite.\\nTitre")]
    ['Corvid Inc. lève 2 M€.', 'La suite.', 'Titre']
    """
    sentences: list[Sentence] = []
    start = 0
    # Finding the few end marks, then looking closer, is cheaper than one pattern tried everywhere.
    for position in end_marks(text):
        if position < start:
            continue
        if text[position] == "\n":
            add_sentence(sentences, text, start, position)
            start = NEWLINES.match(text, position).end()  # type: ignore[union-attr]
            continue
        gap = AFTER_STOP.match(text, position + 1)
        # Only a full stop can close an abbreviation: "!", "?" and "…" end the sentence outright.
        if gap and not (text[position] == "." and is_abbreviation(text, position + 1)):
            add_sentence(sentences, text, start, position + 1)
            start = gap.end()
    add_sentence(sentences, text, start, len(text))
    return sentences


def end_marks(text: str) -> list[int]:
    """Where a line break or a sentence's end mark may be, in order."""
    # A str.find per mark (C fast search) costs half a character-class pattern stepping through the text.
    positions = []
    for mark in END_MARKS:
        # Whole lists joined and sorted in C, where a generator would hand over each position in Python.
        positions += occurrences(text, mark)
    positions.sort()
    return positions


def occurrences(text: AnyStr, part: AnyStr) -> list[int]:
    """Every position where `part` starts in the text."""
    found = []
    position = text.find(part)
    while position >= 0:
        found.append(position)
        position = text.find(part, position + 1)
    return found


def is_abbreviation(text: str, position: int) -> bool:
    """The full stop just before `position` closes an abbreviation such as "Inc." or "U.S."."""
    # Right after a full stop (every call from split_sentences) the tail would end with it as it is: the pattern
    # searched in place, without a slice, a strip and a split, rules out most stops. (In place its "^" only
    # matches at the text's start, but an abbreviation filling the tail up to its start would be too long.)
    if text[position - 1:position] == "." and not ABBREVIATION_END.search(text, max(0, position - 8), position):
        return False
    tail = text[max(0, position - 8):position].rstrip("\"»”) ")
    words = tail.split()
    # Abbreviations are short: a longer last word ends a sentence without a look at the list.
    if words and len(words[-1]) > LONGEST_ABBREVIATION + 1:
        return False
    return bool(ABBREVIATION_END.search(tail))


def add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Append text[start:end] trimmed of spaces, with the offsets of the trimmed text."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        # The trimmed text starts where the leading spaces end: no search for it needed.
        offset = start + len(chunk) - len(chunk.lstrip())
        sentences.append(MAKE_SENTENCE((stripped, offset, offset + len(stripped))))
