"""Which parties a sentence names: gazetteer names, paraphrases, anaphors ("la start-up") and new names."""

from __future__ import annotations

import re
from functools import cache

from extractors.companies import COMPANIES
from extractors.cues import Cue
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept, Vocabulary
from extractors.names import Mention, known_names
from extractors.new_names import find_new_names
from extractors.patterns import alternation, before_name, first_letter_first
from extractors.tokens import PhraseTable, Token, tokenize

COMPANY_NOUN = alternation(every_language(Concept.COMPANY_NOUNS))
DEFINITE_ARTICLES = every_language(Concept.DEFINITE_ARTICLES)
# "the Toronto-based company", "the San Jose, California-based startup", "la société basée à Lyon": the place
# describes the company the article is about; it names no party.
BASED_DESCRIPTOR = re.compile(first_letter_first(DEFINITE_ARTICLES, (
    rf"\b{before_name(DEFINITE_ARTICLES, either_case=True)}"
    rf"(?:(?:[A-Z][\w.'-]*,?\s+)*[A-Z][\w.'-]*{alternation(every_language(Concept.PLACE_SUFFIXES))}\s+"
    rf"(?:{alternation(every_language(Concept.AI_ACRONYMS))}\s+)?{COMPANY_NOUN}\b"
    rf"|{COMPANY_NOUN}\s+{alternation(every_language(Concept.PLACED_IN))}\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")))


def paraphrases(vocabulary: Vocabulary) -> dict[str, str]:
    """Lower-case paraphrase -> canonical name ("le fabricant de claude" -> Anthropic), anaphors -> ""."""
    phrases = {template.format(product).lower(): company.name
               for company in COMPANIES for product in company.products
               for template in vocabulary.maker_templates}
    phrases.update({nickname.lower(): name for nickname, name in vocabulary.nicknames.items()})
    phrases.update({anaphor.lower(): "" for anaphor in vocabulary.anaphors})
    return phrases


@cache
def paraphrase_table(vocabulary: Vocabulary) -> PhraseTable[str]:
    """The vocabulary's paraphrases and anaphors, built once per language."""
    return PhraseTable(paraphrases(vocabulary))


def find_mentions(text: str, vocabulary: Vocabulary, extra_names: frozenset[str] = frozenset(),
                  tokens: list[Token] | None = None, cues: tuple[Cue, ...] = ()) -> list[Mention]:
    """Parties named in a (normalized) sentence, in order, longest first where two overlap.

    `extra_names` are new names the article has already shown to be companies (its title's names);
    `cues` (the sentence's deal cues) let a new name count when a deal verb follows it.

    >>> from extractors.languages import FRENCH
    >>> sentence = "le géant de Redmond détenant 27 % dans le créateur de ChatGPT"
    >>> [m.name or "<anaphor>" for m in find_mentions(sentence, FRENCH)]
    ['Microsoft', 'OpenAI']
    """
    tokens = tokenize(text) if tokens is None else tokens
    known = named_or_described(text, tokens, vocabulary)
    return remove_overlaps(known + find_new_names(text, vocabulary, known, extra_names, tokens, cues))


def named_or_described(text: str, tokens: list[Token], vocabulary: Vocabulary) -> list[Mention]:
    """Gazetteer names, "the Toronto-based company" and paraphrases ("le créateur de ChatGPT"), in order,
    longest first where two overlap."""
    paraphrases = [Mention(values[0], tokens[index].start, tokens[index + size - 1].end)
                   for index, size, values in paraphrase_table(vocabulary).find_longest(tokens)]
    return remove_overlaps(known_names(tokens) + based_descriptors(text) + paraphrases)


def based_descriptors(text: str) -> list[Mention]:
    """"the Toronto-based company": an anaphor (the company the article is about), never a company "Toronto-based"."""
    return [Mention("", match.start(), match.end()) for match in BASED_DESCRIPTOR.finditer(text)]


def remove_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
