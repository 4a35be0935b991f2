"""Deal cues in a sentence (words of investing, valuing, buying compute...) and preposition patterns."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from extractors.languages.vocabulary import Vocabulary
from extractors.patterns import alternation
from extractors.tokens import PhraseTable, Token

# Up to this many lower-case words between a preposition and its party ("dans la jeune pousse Corvid").
WORDS_AFTER_PREPOSITION = 3


class Cue(NamedTuple):
    """One cue word of a concept (see languages.vocabulary.CUE_CONCEPTS) and its span."""

    concept: str
    start: int
    end: int


# Concepts read as prepositions before a party or as amount context, not as cues of a deal.
NOT_CUES = frozenset({"target", "on_behalf", "owned", "recipient", "provider", "provider_after", "source",
                      "range_start", "range_join", "list_join", "per_unit", "count", "more_after", "subject_verbs"})


@cache
def cue_table(vocabulary: Vocabulary) -> PhraseTable[str]:
    """The vocabulary's cue words -> their concepts."""
    return PhraseTable([(word, concept) for concept, words in vocabulary.cues.items()
                        if concept not in NOT_CUES for word in words])


def find_cues(tokens: list[Token], vocabulary: Vocabulary) -> tuple[Cue, ...]:
    """Every deal cue among the sentence's words, in order (a word may be a cue of several concepts).

    >>> from extractors.languages import FRENCH
    >>> from extractors.tokens import tokenize
    >>> [c.concept for c in find_cues(tokenize("Nvidia engagera jusqu'à 10 milliards"), FRENCH)]
    ['invest']
    """
    # find_all goes word by word, so the cues come out in order of their start.
    return tuple(Cue(concept, tokens[index].start, tokens[index + size - 1].end)
                 for index, size, concepts in cue_table(vocabulary).find_all(tokens) for concept in concepts)


@cache
def preposition_before(vocabulary: Vocabulary, concept: str, strict: bool = False) -> re.Pattern[str]:
    """Matches text that ends with one of the concept's prepositions, then (unless strict) a few lower-case words.

    >>> from extractors.languages import FRENCH
    >>> bool(preposition_before(FRENCH, "target").search("10 milliards de dollars dans la jeune pousse "))
    True
    """
    words = r"(?:(?:la|le|les|the|a|an)\s+|l')?" if strict else \
        rf"(?:[a-zà-ÿ][\w'-]*\s+|[a-zà-ÿ]'){{0,{WORDS_AFTER_PREPOSITION}}}(?::\s*)?"
    return re.compile(rf"(?<!\w){alternation(vocabulary.cues[concept])}(?:\s+|(?<=')){words}$", re.IGNORECASE)
