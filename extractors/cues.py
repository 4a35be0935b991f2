"""Deal cues in a sentence (words of investing, valuing, buying compute...) and preposition patterns."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, UPPER_CASE_LETTERS, Concept, Vocabulary
from extractors.patterns import alternation, before_name
from extractors.tokens import PhraseTable, Token

# Up to this many lower-case words between a preposition and its party ("dans la jeune pousse Corvid").
WORDS_AFTER_PREPOSITION = 3
# The concepts whose words find_cues finds: the rest are read as prepositions or around figures.
DEAL_CUES = frozenset({
    Concept.INVEST, Concept.RAISE, Concept.TRANSFER, Concept.LEAD, Concept.PURCHASE, Concept.COMPUTE,
    Concept.VALUATION, Concept.VALUATION_NOUN, Concept.AIM, Concept.RISE_TO, Concept.EXPECTATION, Concept.WORTH,
    Concept.STAKE, Concept.STAKE_NOUN, Concept.SECONDARY,
    Concept.SELL, Concept.SHARES, Concept.TOTAL, Concept.SUPPLY, Concept.COMMIT, Concept.DEAL, Concept.REVENUE,
    Concept.MARKET_VALUE, Concept.SHARE_MOVE, Concept.STOCK_MARKET, Concept.COST, Concept.DEBT, Concept.CASH,
    Concept.FUND_SIZE, Concept.MARKET_STATS, Concept.MANY_COMPANIES, Concept.PROJECT, Concept.BUILD, Concept.FACILITY,
    Concept.ACQUISITION, Concept.LATTER, Concept.PAY, Concept.HYPOTHETICAL, Concept.FREE_FLOAT,
    Concept.AT_OFFER,
    Concept.RESPECTIVELY, Concept.EACH, Concept.JOINT, Concept.COMPARISON, Concept.FURTHER,
})
PARTY_ARTICLES = before_name(every_language(Concept.PARTY_ARTICLES))
# A nationality may stand before or after those words, capitalised in English ("with Dutch data centre firm Vantor",
# "avec le groupe industriel norvégien Aker").
DEMONYM = rf"(?:(?i:{alternation(every_language(Concept.DEMONYMS))})\s+)?"
# "in Abu Dhabi artificial intelligence group G42": a place's (or an acronym's) capitalised words may open the
# description, when lower-case words follow them.
PLACE_BEFORE_DESCRIPTION = rf"(?-i:(?:[{UPPER_CASE_LETTERS}][\w-]*\s+){{1,3}}(?=[{LOWER_CASE_LETTERS}]))?"
LOWER_CASE_WORDS = (rf"{DEMONYM}{PLACE_BEFORE_DESCRIPTION}(?:[{LOWER_CASE_LETTERS}][\w'-]*\s+|[{LOWER_CASE_LETTERS}]')"
                    rf"{{0,{WORDS_AFTER_PREPOSITION}}}{DEMONYM}")


class Cue(NamedTuple):
    """One cue word of a concept (see languages.vocabulary.CONCEPTS) and its span."""

    concept: Concept
    start: int
    end: int


@cache
def cue_table(vocabulary: Vocabulary) -> PhraseTable[Concept]:
    """The vocabulary's cue words -> their concepts."""
    return PhraseTable([(word, concept) for concept, words in vocabulary.words.items() if concept in DEAL_CUES
                        for word in words])


def find_cues(tokens: list[Token], vocabulary: Vocabulary) -> tuple[Cue, ...]:
    """Every deal cue among the sentence's words, in order (a word may be a cue of several concepts).

    >>> from extractors.languages import FRENCH
    >>> from extractors.tokens import tokenize
    >>> [c.concept.name for c in find_cues(tokenize("Nvidia engagera jusqu'à 10 milliards"), FRENCH)]
    ['INVEST']
    """
    # find_all goes word by word, so the cues come out in order of their start.
    cues = tuple(Cue(concept, tokens[index].start, tokens[index + size - 1].end)
                 for index, size, concepts in cue_table(vocabulary).find_all(tokens) for concept in concepts)
    return tuple(cue for cue in cues if not swallowed(cue, cues))


# Phrases of money on hand whose words of a deal say nothing of a deal ("investissements" in "liquidités et
# investissements à court terme", "short-term investments").
SWALLOWING = frozenset({Concept.CASH})


def swallowed(cue: Cue, cues: tuple[Cue, ...]) -> bool:
    """The cue is a word of a longer phrase that is no deal ("investments" in "short-term investments")."""
    return cue.concept not in SWALLOWING and any(
        other.concept in SWALLOWING and other.start <= cue.start and cue.end <= other.end and
        other.end - other.start > cue.end - cue.start for other in cues)


@cache
def preposition_before(vocabulary: Vocabulary, concept: Concept, strict: bool = False) -> re.Pattern[str]:
    """Matches text that ends with one of the concept's prepositions, then an article (strict) or a few
    lower-case words.

    >>> from extractors.languages import FRENCH
    >>> bool(preposition_before(FRENCH, Concept.TARGET).search("10 milliards de dollars dans la jeune pousse "))
    True
    """
    words = f"{PARTY_ARTICLES}?" if strict else rf"{LOWER_CASE_WORDS}(?::\s*)?"
    return re.compile(rf"(?<!\w){alternation(vocabulary.words[concept])}(?:\s+|(?<=')){words}$", re.IGNORECASE)
