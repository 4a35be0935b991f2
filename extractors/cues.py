"""Deal cues in a sentence (words of investing, valuing, buying compute...) and preposition patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.languages.vocabulary import Vocabulary
from extractors.patterns import alternation

# Up to this many lower-case words between a preposition and its party ("dans la jeune pousse Corvid").
WORDS_AFTER_PREPOSITION = 3


@dataclass(frozen=True)
class Cue:
    """One cue word of a concept (see languages.vocabulary.CUE_CONCEPTS) and its span."""

    concept: str
    start: int
    end: int


_CUE_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {}
_PREPOSITIONS: dict[tuple[str, str, bool], re.Pattern[str]] = {}


def cue_patterns(vocabulary: Vocabulary) -> dict[str, re.Pattern[str]]:
    if vocabulary.code not in _CUE_PATTERNS:
        _CUE_PATTERNS[vocabulary.code] = {
            concept: re.compile(rf"(?<!\w){alternation(words)}(?!\w)", re.IGNORECASE)
            for concept, words in vocabulary.cues.items()
        }
    return _CUE_PATTERNS[vocabulary.code]


def find_cues(text: str, vocabulary: Vocabulary) -> tuple[Cue, ...]:
    """Every deal cue of the sentence, in order.

    >>> from extractors.languages import FRENCH
    >>> [c.concept for c in find_cues("Nvidia engagera jusqu'à 10 milliards", FRENCH) if c.concept == "invest"]
    ['invest']
    """
    found = [Cue(concept, m.start(), m.end())
             for concept, pattern in cue_patterns(vocabulary).items() for m in pattern.finditer(text)]
    return tuple(sorted(found, key=lambda cue: cue.start))


def preposition_before(vocabulary: Vocabulary, concept: str, strict: bool = False) -> re.Pattern[str]:
    """Matches text that ends with one of the concept's prepositions, then (unless strict) a few lower-case words.

    >>> from extractors.languages import FRENCH
    >>> bool(preposition_before(FRENCH, "target").search("10 milliards de dollars dans la jeune pousse "))
    True
    """
    key = (vocabulary.code, concept, strict)
    if key not in _PREPOSITIONS:
        words = r"(?:(?:la|le|les|the|a|an)\s+|l')?" if strict else \
            rf"(?:[a-zà-ÿ][\w'-]*\s+|[a-zà-ÿ]'){{0,{WORDS_AFTER_PREPOSITION}}}(?::\s*)?"
        _PREPOSITIONS[key] = re.compile(
            rf"(?<!\w){alternation(vocabulary.cues[concept])}(?:\s+|(?<=')){words}$", re.IGNORECASE)
    return _PREPOSITIONS[key]
