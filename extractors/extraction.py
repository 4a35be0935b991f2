"""A whole article -> facts: sentences, currencies carried over, the topic, one fact per figure."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from extractors.amounts import CARRIED, Amount, find_amounts
from extractors.facts import Article, Fact, Kind, Qualifier, article_body
from extractors.languages import vocabulary_for
from extractors.languages.vocabulary import Vocabulary
from extractors.parties import LABS, Mention, find_mentions
from extractors.relevance import is_about_ai_money
from extractors.patterns import alternation
from extractors.rules import Reading, SentenceRules, find_cues
from extractors.text import Sentence, normalize, split_sentences

# Sentences without a digit or a spelled-out unit hold no figure: skipping them is most of the speed.
MAYBE_FIGURE = re.compile(r"\d|watt|milliard|billion|million|trillion", re.IGNORECASE)
TITLE_WEIGHT = 3
RECEIVER_WEIGHT = 3
# Financing news is mostly about AI labs: a lab named as often as its investors is the topic.
LAB_FACTOR = 1.5
LAB_NAME_ENDINGS = (" AI", " Lab", " Labs")
COMPUTE_KINDS = (Kind.COMPUTE_PURCHASE, Kind.COMPUTE_CAPACITY)


@dataclass(frozen=True)
class ReadSentence:
    sentence: Sentence
    reading: Reading


def extract_facts(article: Article) -> list[Fact]:
    """The facts of one article, one per figure, in the order they are first said.

    >>> from extractors.facts import Article
    >>> [(f.kind.value, f.subject, f.counterparty, int(f.value), f.qualifier.value) for f in extract_facts(Article(
    ...     "Anthropic", "Nvidia engagera jusqu'à 10 milliards de dollars dans Anthropic.", language="fr"))]
    [('investment', 'Anthropic', 'Nvidia', 10000000000, 'up_to')]
    """
    body = article_body(article)
    text = normalize(body)
    vocabulary = vocabulary_for(article.language, text)
    sentences = [read_sentence(s, vocabulary) for s in split_sentences(text)]
    with_figures = carry_currencies([s for s in sentences if s.reading.amounts])
    if not with_figures:
        return []
    topic = find_topic(sentences, article, vocabulary)
    facts = [to_fact(draft, item.sentence, body)
             for item in with_figures for draft in SentenceRules(item.reading, vocabulary, topic).drafts()]
    return merge_duplicates(facts)


def read_sentence(sentence: Sentence, vocabulary: Vocabulary) -> ReadSentence:
    """Figures, parties and cues of one sentence (parties only, when it holds no figure)."""
    text = sentence.text
    amounts = tuple(find_amounts(text, vocabulary)) if MAYBE_FIGURE.search(text) else ()
    mentions = tuple(find_mentions(text, vocabulary))
    cues = find_cues(text, vocabulary) if amounts else ()
    return ReadSentence(sentence, Reading(text, amounts, mentions, cues))


def carry_currencies(sentences: list[ReadSentence]) -> list[ReadSentence]:
    """"Microsoft investira 5 milliards": a figure without currency takes the last one named (or the next)."""
    units = [a.unit for s in sentences for a in s.reading.amounts if a.is_money and a.unit]
    if not units:
        return sentences
    last = units[0]
    result = []
    for item in sentences:
        amounts = []
        for amount in item.reading.amounts:
            if amount.is_money and amount.unit == CARRIED:
                amount = replace(amount, unit=last)
            elif amount.is_money:
                last = amount.unit
            amounts.append(amount)
        result.append(replace(item, reading=replace(item.reading, amounts=tuple(amounts))))
    return result


def find_topic(sentences: list[ReadSentence], article: Article, vocabulary: Vocabulary) -> str | None:
    """The company the article is about: named most, in the title above all, as a receiver of money, a lab."""
    scores: dict[str, float] = defaultdict(float)
    title_end = len(article.title)
    for item in sentences:
        weight = TITLE_WEIGHT if item.sentence.start < title_end else 1
        for mention in item.reading.mentions:
            if mention.name and not mention.is_cloud:
                scores[mention.name] += weight + receiver_bonus(item.reading, mention, vocabulary)
    for name in scores:
        scores[name] *= LAB_FACTOR if name in LABS or name.endswith(LAB_NAME_ENDINGS) else 1
    return max(scores, key=lambda name: scores[name]) if scores else None


def receiver_bonus(reading: Reading, mention: Mention, vocabulary: Vocabulary) -> int:
    """A party that money goes into ("dans Anthropic", "in the startup Corvid AI"), in a sentence with a figure."""
    if not reading.amounts:
        return 0
    head = reading.text[max(0, mention.start - 30):mention.start]
    return RECEIVER_WEIGHT if target_pattern(vocabulary).search(head) else 0


_TARGETS: dict[str, re.Pattern[str]] = {}


def target_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    if vocabulary.code not in _TARGETS:
        _TARGETS[vocabulary.code] = re.compile(
            rf"(?<!\w){alternation(vocabulary.cues['target'])}\s+(?:(?:la|le|les|the)\s+|l')?$", re.IGNORECASE)
    return _TARGETS[vocabulary.code]


def to_fact(draft: Fact, sentence: Sentence, body: str) -> Fact:
    """A sentence's fact with its evidence: the sentence as the article wrote it, and where it sits."""
    return replace(draft, value=whole(draft.value), evidence=body[sentence.start:sentence.end],
                   evidence_start=sentence.start, evidence_end=sentence.end)


def whole(value: Decimal) -> Decimal:
    """30000000000.0 -> 30000000000: the value without a meaningless decimal part."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def merge_duplicates(facts: list[Fact]) -> list[Fact]:
    """One fact per figure: the same figure said twice is one fact with the most specific qualifier.

    A compute figure without a provider is the same figure as one that names it.
    """
    kept: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        key = fact_key(fact)
        kept[key] = more_specific(kept[key], fact) if key in kept else fact
    for key, fact in list(kept.items()):
        if fact.kind in COMPUTE_KINDS and fact.counterparty is None:
            named = next((k for k in kept if k != key and k[:2] + k[3:] == key[:2] + key[3:]), None)
            if named:
                kept[named] = more_specific(kept[named], kept.pop(key))
    return sorted(kept.values(), key=lambda f: f.evidence_start)


def fact_key(fact: Fact) -> tuple[object, ...]:
    return (fact.kind, fact.subject.lower(), (fact.counterparty or "").lower(), fact.unit, fact.value)


def more_specific(first: Fact, second: Fact) -> Fact:
    """The first fact, with the second's qualifier when it says more ("jusqu'à 10 milliards" beats "10 milliards")."""
    if first.qualifier == Qualifier.EXACT and second.qualifier != Qualifier.EXACT:
        return replace(first, qualifier=second.qualifier)
    return first


def is_relevant(article: Article) -> bool:
    """An article about AI money: an AI word and a financing word (French or English) in title or text.

    >>> is_relevant(Article("Anthropic lève 13 milliards de dollars", "La start-up d'IA lève des fonds."))
    True
    >>> is_relevant(Article("Le PSG s'impose 3-0", "Le club parisien a battu Marseille au Parc des Princes."))
    False
    """
    return is_about_ai_money(normalize(article_body(article)))
