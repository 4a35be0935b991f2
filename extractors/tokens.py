"""Words with their offsets, and phrase tables: word lists looked up word by word instead of by big regexes.

One pass of a small regex splits the text; phrases (cue words, company names, paraphrases) are then
dictionary look-ups on runs of words, which keeps extraction fast whatever the size of the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from itertools import accumulate
from typing import Generic, NamedTuple, TypeVar

# A word keeps its inner dots, hyphens and ampersands ("Amazon.com", "GPT-5", "start-up") and an elided
# apostrophe ("d'", "s'", "jusqu'"); currency and percent signs are words of their own.
TOKEN = re.compile(r"\w+(?:[.&-]\w+)*'?|[%$€£]")
# The same words as split's separators, so that one C call cuts the text into gaps and words alternately
# (possessive: a word never gives back letters, and the engine then keeps no places to backtrack to).
WORD_SPLIT = re.compile(r"(\w++(?:[.&-]\w++)*+'?+|[%$€£])")
Value = TypeVar("Value")


class Token(NamedTuple):
    """One word and its span (a named tuple: articles hold thousands and tuples are cheap to build)."""

    text: str
    start: int
    end: int


# tuple.__new__ straight from C: a named tuple's own constructor is a Python function, and articles have
# thousands of words.
MAKE_TOKEN = partial(tuple.__new__, Token)


def tokenize(text: str) -> list[Token]:
    """The words of a (normalized) text with their offsets.

    >>> [t.text for t in tokenize("Nvidia s'engage à investir 2,2 Md$ dans Amazon.com.")]
    ['Nvidia', "s'", 'engage', 'à', 'investir', '2', '2', 'Md', '$', 'dans', 'Amazon.com']
    """
    words, starts, ends = split_words(text)
    return list(map(MAKE_TOKEN, zip(words, starts, ends, strict=True)))


def tokenize_folded(text: str) -> tuple[list[Token], list[str]]:
    """The words of a text with their offsets, and the same words in lower case (what cue and paraphrase
    tables compare).

    >>> tokens, folded = tokenize_folded("Nvidia s'engage")
    >>> [t.text for t in tokens], folded
    (['Nvidia', "s'", 'engage'], ['nvidia', "s'", 'engage'])
    """
    words, starts, ends = split_words(text)
    # Lower-cased from the split's own list with a C-level map: cheaper than reading each token's text back.
    return list(map(MAKE_TOKEN, zip(words, starts, ends, strict=True))), list(map(str.lower, words))


def split_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of a text, their starts and their ends."""
    # [gap, word, gap, word, ..., gap]: the running total of lengths gives each word's start and end, and
    # every step runs in C (a match object per word, and its start() and end(), cost more).
    parts = WORD_SPLIT.split(text)
    offsets = list(accumulate(map(len, parts)))
    # The last gap's end starts no word: it is left out so that the three lists are as long.
    return parts[1::2], offsets[0:-1:2], offsets[1::2]


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
        self.longest = max((len(key) for key in self.entries), default=0)
        # For each first word, the phrase lengths that start with it, longest first.
        self.sizes: dict[str, list[int]] = {}
        for key in self.entries:
            self.sizes.setdefault(key[0], []).append(len(key))
        for sizes in self.sizes.values():
            sizes[:] = sorted(set(sizes), reverse=True)
        # The second words of the longer phrases, by first word: "de" starts many phrases, but "de la part de"
        # only before "la"; without such a second word, only a one-word phrase can start there.
        seconds: dict[str, set[str]] = {}
        for key in self.entries:
            if len(key) > 1:
                seconds.setdefault(key[0], set()).add(key[1])
        # For each first word: the values of the one-word phrase, if any, the longer phrases' lengths, longest
        # first, and their second words. Most phrases found are one word: their values come without building a
        # key, and a second word is tested without building a pair.
        self.first_words: dict[str, tuple[list[Value] | None, tuple[int, ...], frozenset[str]]] = {
            word: (self.entries.get((word,)), tuple(size for size in sizes if size > 1),
                   frozenset(seconds.get(word, ())))
            for word, sizes in self.sizes.items()}

    def words(self, tokens: list[Token], strip: Callable[[str], str] | None = None) -> list[str]:
        texts = [t.text for t in tokens] if strip is None else [strip(t.text) for t in tokens]
        return [text.lower() for text in texts] if self.fold else texts

    def matches_at(self, words: list[str], index: int) -> list[tuple[int, list[Value]]]:
        """(word count, values) of every phrase starting at word `index`, longest first."""
        sizes = self.sizes.get(words[index])
        if not sizes:
            return []
        found = []
        for size in sizes:
            values = self.entries.get(tuple(words[index:index + size])) if index + size <= len(words) else None
            if values:
                found.append((size, values))
        return found

    def find_all(self, tokens: list[Token], words: list[str] | None = None) -> list[tuple[int, int, list[Value]]]:
        """(first token, token count, values) of every phrase in the tokens, overlaps included.

        `words` may give the tokens' texts already folded (or not) the way this table compares them.
        """
        words = self.words(tokens) if words is None else words
        first_words, entries, count = self.first_words, self.entries, len(words)
        found = []
        # The look-up is inlined: it runs for every word of every sentence with a figure, and most words start
        # no phrase (a membership test is cheaper than fetching nothing).
        for index, word in enumerate(words):
            if word not in first_words:
                continue
            one_word, longer, seconds = first_words[word]
            if longer and index + 1 < count and words[index + 1] in seconds:
                for size in longer:
                    values = entries.get(tuple(words[index:index + size])) if index + size <= count else None
                    if values:
                        found.append((index, size, values))
            if one_word:
                found.append((index, 1, one_word))
        return found

    def starts(self, words: list[str]) -> bool:
        """The words begin with one of the phrases."""
        if not words:
            return False
        return any(tuple(words[:size]) in self.entries for size in self.sizes.get(words[0], ()))

    def find_longest(self, tokens: list[Token], strip: Callable[[str], str] | None = None,
                     words: list[str] | None = None) -> list[tuple[int, int, list[Value]]]:
        """The longest phrase at each place, left to right, without overlaps."""
        found: list[tuple[int, int, list[Value]]] = []
        taken_until = 0
        for index, size, values in self.find_all(tokens, self.words(tokens, strip) if words is None else words):
            if index >= taken_until:
                found.append((index, size, values))
                taken_until = index + size
        return found
