"""Text normalization that keeps character offsets, and sentences with their spans."""

from __future__ import annotations

import re
from typing import NamedTuple

from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, UPPER_CASE_LETTERS, Concept
from extractors.patterns import alternation

# One character for one character, so that offsets into the normalized text index the original.
SAME_LENGTH_REPLACEMENTS = {
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2008": " ", "\u200a": " ",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\u2013": "-", "\u2011": "-", "\u2012": "-",
    "\t": " ",
}
END_MARK = re.compile(r"[\n.!?…]")
NEWLINES = re.compile(r"\n+")
# After a full stop: a closing quote or bracket, spaces, then what opens a sentence.
AFTER_STOP = re.compile(rf"[\"»”)]?\s+(?=[\"«“(]?[{UPPER_CASE_LETTERS}0-9«\"“(])")
# A full stop ends a sentence unless it belongs to an abbreviation (legal suffixes, initials, domains).
ABBREVIATIONS = every_language(Concept.ABBREVIATIONS)
ABBREVIATION_END = re.compile(rf"(?:^|[\s(]){alternation(ABBREVIATIONS)}\.$", re.I)
# The characters before a full stop that may hold an abbreviation, the space before it and its stop.
ABBREVIATION_WINDOW = max(len(abbreviation) for abbreviation in ABBREVIATIONS) + 2


# A line that opens with a bullet mark is an item of the list its head line introduces.
BULLET = re.compile(r"^\s*[-•▪◦*–—]\s")


def is_bullet(text: str) -> bool:
    """The sentence is a bullet line ("- Plus de 3 milliards sur cinq ans", "• Up to 1 gigawatt").

    >>> is_bullet("- Plus de 3 milliards sur cinq ans"), is_bullet("Quenby lève 3 milliards")
    (True, False)
    """
    return bool(BULLET.match(text))


class Sentence(NamedTuple):
    """A sentence (or title, or heading) and where it sits in the article body."""

    text: str
    start: int
    end: int


# UTF-8 read as Windows-1252 ("dÃ©croche", "lâ€™IA"): a lead byte's character, then the characters cp1252 gives
# to continuation bytes (0x80-0xBF). A run that encodes back to valid UTF-8 was mojibake. Built from the bytes, so
# that no letter of a language is written here.
CP1252_LEADS = bytes(range(0xC2, 0xF5)).decode("cp1252")
CP1252_CONTINUATIONS = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
MOJIBAKE = re.compile(f"[{re.escape(CP1252_LEADS)}][{re.escape(CP1252_CONTINUATIONS)}]{{1,3}}")
# A page that lost the no-break space of "à" (0xC3 0xA0) leaves its lead character before a plain space.
A_GRAVE = bytes([0xC3, 0xA0]).decode("utf-8")
LOST_A_GRAVE = re.compile(f"{re.escape(bytes([0xC3]).decode('cp1252'))} (?P<space>\\s?)")


def repair_mojibake(text: str) -> str:
    """UTF-8 text that was decoded as Windows-1252 on its way, read back as it was written.

    >>> repair_mojibake("Ondine dÃ©croche 300 millions dâ€™euros")
    'Ondine décroche 300 millions d’euros'
    """
    if not MOJIBAKE.search(text):
        return text
    # "Ã " is read as "à " only in text that has mojibake of its own.
    # Its space is the lost no-break space when another space follows, else the word's own.
    return LOST_A_GRAVE.sub(lambda m: f"{A_GRAVE}{m['space'] or ' '}", MOJIBAKE.sub(decoded_run, text))


def decoded_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return run.encode("cp1252").decode("utf-8")
    except UnicodeError:  # not mojibake after all ("Â»" in Latin-1 text read right)
        return run


def normalize(text: str) -> str:
    """Spaces, apostrophes and dashes folded to their plain forms, without moving any character.

    >>> normalize("1\\u202f500 millions d\\u2019euros")
    "1 500 millions d'euros"
    """
    for special, plain in SAME_LENGTH_REPLACEMENTS.items():
        text = text.replace(special, plain)
    return GLUED_ITEM_NUMBER.sub(lambda match: match[1] + " " * len(match[2]), text)


# "- 1World Labs raised $1 billion": a page that drops the space after a numbered item's number glues it to the
# item's first word; the number becomes spaces, so that the name stands alone and no offset moves.
GLUED_ITEM_NUMBER = re.compile(rf"^(\s*[-•▪◦*–—]\s+)(\d{{1,2}})(?=[{UPPER_CASE_LETTERS}][{LOWER_CASE_LETTERS}])",
                               re.MULTILINE)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets in `text`; lines always break, full stops unless an abbreviation.

    >>> [s.text for s in split_sentences("Corvid Inc. lève 2 M€. La suite.\\nTitre")]
    ['Corvid Inc. lève 2 M€.', 'La suite.', 'Titre']
    """
    sentences: list[Sentence] = []
    start = 0
    for mark in END_MARK.finditer(text):
        position = mark.start()
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


def is_abbreviation(text: str, position: int) -> bool:
    """The full stop just before `position` closes an abbreviation such as "Inc." or "U.S."."""
    tail = text[max(0, position - ABBREVIATION_WINDOW):position].rstrip("\"»”) ")
    return bool(ABBREVIATION_END.search(tail))


def add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Append text[start:end] trimmed of spaces, with the offsets of the trimmed text."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
