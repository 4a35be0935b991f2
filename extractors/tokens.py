"""Words with their offsets, and phrase tables: word lists looked up word by word instead of by big regexes.

Phrases (cue words, company names, paraphrases) are dictionary look-ups on runs of words, which keeps
extraction fast whatever the size of the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Generic, NamedTuple, TypeVar

# A word keeps its inner dots, hyphens and ampersands ("Amazon.com", "GPT-5", "start-up") and an elided
# apostrophe ("d'", "s'", "jusqu'"); currency and percent signs are words of their own.
TOKEN = re.compile(r"\w+(?:[.&-]\w+)*'?|[%$€£]")
Value = TypeVar("Value")


class Token(NamedTuple):
    """One word and its span."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The words of a (normalized) text with their offsets.

    >>> [t.text for t in tokenize("Nvidia s'engage à investir 2,2 Md$ dans Amazon.com.")]
    ['Nvidia', "s'", 'engage', 'à', 'investir', '2', '2', 'Md', '$', 'dans', 'Amazon.com']
    """
    return [Token(match.group(), match.start(), match.end()) for match in TOKEN.finditer(text)]


def phrase_key(phrase: str, fold: bool = True) -> tuple[str, ...]:
    """A phrase as the tuple of words a text would show ("s'engage" -> ("s'", "engage"))."""
    words = tuple(m.group() for m in TOKEN.finditer(phrase.replace("’", "'")))
    return tuple(word.lower() for word in words) if fold else words


class PhraseTable(Generic[Value]):
    """Phrases -> values, found in a token list; case-folded unless told otherwise."""

    def __init__(self, phrases: Mapping[str, Value] | Iterable[tuple[str, Value]], fold: bool = True) -> None:
        self.fold = fold
        self.entries: dict[tuple[str, ...], list[Value]] = {}
        items = phrases.items() if isinstance(phrases, Mapping) else phrases
        for phrase, value in items:
            key = phrase_key(phrase, fold)
            if key:
                self.entries.setdefault(key, []).append(value)
        # For each first word, the word counts of the phrases that start with it, longest first.
        self.sizes: dict[str, list[int]] = {}
        for key in self.entries:
            self.sizes.setdefault(key[0], []).append(len(key))
        for sizes in self.sizes.values():
            sizes[:] = sorted(set(sizes), reverse=True)

    def words(self, tokens: list[Token], strip: str = "") -> list[str]:
        """The tokens' texts as this table compares them: without the `strip` characters at their end, folded
        unless told otherwise."""
        texts = [t.text.rstrip(strip) for t in tokens] if strip else [t.text for t in tokens]
        return [text.lower() for text in texts] if self.fold else texts

    def matches_at(self, words: list[str], index: int) -> list[tuple[int, list[Value]]]:
        """(word count, values) of every phrase starting at word `index`, longest first."""
        found = []
        for size in self.sizes.get(words[index], ()):
            values = self.entries.get(tuple(words[index:index + size])) if index + size <= len(words) else None
            if values:
                found.append((size, values))
        return found

    def find_all(self, tokens: list[Token], strip: str = "") -> list[tuple[int, int, list[Value]]]:
        """(first token, token count, values) of every phrase in the tokens, overlaps included."""
        words = self.words(tokens, strip)
        found = []
        for index, word in enumerate(words):
            for size in self.sizes.get(word, ()):
                values = self.entries.get(tuple(words[index:index + size])) if index + size <= len(words) else None
                if values:
                    found.append((index, size, values))
        return found

    def starts(self, words: list[str]) -> bool:
        """The words begin with one of the phrases."""
        return bool(words) and bool(self.matches_at(words, 0))

    def find_longest(self, tokens: list[Token], strip: str = "") -> list[tuple[int, int, list[Value]]]:
        """The longest phrase at each place, left to right, without overlaps."""
        found: list[tuple[int, int, list[Value]]] = []
        taken_until = 0
        for index, size, values in self.find_all(tokens, strip):
            if index >= taken_until:
                found.append((index, size, values))
                taken_until = index + size
        return found
