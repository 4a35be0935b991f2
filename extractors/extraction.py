"""A whole article -> facts: sentences, currencies carried over, the topic, one fact per figure."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple

from extractors.amounts import CARRIED, Amount, find_amounts
from extractors.cues import Cue, find_cues, preposition_before
from extractors.facts import Article, Fact, Qualifier, article_body
from extractors.languages import vocabulary_for
from extractors.languages.vocabulary import Vocabulary
from extractors.parties import LABS, Mention, article_names, count_company, count_known_names, find_mentions
from extractors.relevance import is_about_ai_money
from extractors.rules import Context, Evidence, Reading, SentenceRules
from extractors.text import Sentence, normalize, split_sentences
from extractors.tokens import Token, tokenize, tokenize_folded

# Articles without a digit or a spelled-out unit hold no figure: skipping them is most of the speed.
# Two searches: a digit is found at once by a scan for one class; the case-blind words only without one.
DIGIT = re.compile(r"\d")
UNIT_WORDS = re.compile(r"watt|milliard|billion|million|trillion", re.IGNORECASE)
TITLE_WEIGHT = 3
RECEIVER_WEIGHT = 3
RAISE_GAP = 12
# Financing news is mostly about AI labs: a lab named as often as its investors is the topic.
LAB_FACTOR = 1.5
LAB_NAME_ENDINGS = (" AI", " Lab", " Labs")


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
    if not (DIGIT.search(text) or UNIT_WORDS.search(text)):
        return []
    vocabulary = vocabulary_for(article.language, text)
    sentences = split_sentences(text)
    # Lowered once: the figures and the counting of names both look for words in any case.
    folded = text.lower()
    figures = amounts_by_sentence(text, sentences, vocabulary, folded)
    if not figures:
        return []
    title = text[:len(article.title)]
    title_tokens = tokenize(title)
    names = article_names(title, title_tokens)
    read = carry_currencies([read_sentence(sentences[i], amounts, vocabulary, names, title, title_tokens)
                             for i, amounts in sorted(figures.items())])
    topic = ArticleTopic(text, folded, read, Title(title, title_tokens, names), vocabulary)
    facts: list[Fact] = []
    for item, index in zip(read, sorted(figures), strict=True):
        previous = sentences[index - 1].text if index else ""
        # The evidence is the sentence as the article wrote it, and where it sits.
        evidence = Evidence(body[item.sentence.start:item.sentence.end], item.sentence.start, item.sentence.end)
        facts += SentenceRules(item.reading, Context(vocabulary, topic, previous, evidence)).facts()
    return merge_duplicates(facts)


class Title(NamedTuple):
    """The article's title, its words, and the new names it vouches for."""

    text: str
    tokens: list[Token]
    names: frozenset[str]


class ArticleTopic:
    """The company the article is about, counted over the whole text the first time a sentence asks for it:
    sentences that name all their parties never need it, and counting names is a good share of the work."""

    def __init__(self, text: str, folded: str, read: list[ReadSentence], title: Title, vocabulary: Vocabulary) -> None:
        self.text, self.folded, self.read, self.title, self.vocabulary = text, folded, read, title, vocabulary

    @cached_property
    def title_names(self) -> Counter[str]:
        return count_known_names(self.title.text, self.vocabulary, self.title.names, self.title.tokens)

    @cached_property
    def name(self) -> str | None:
        counts = mention_counts(self.text, self.folded, self.read, self.title_names)
        return find_topic(self.read, counts, self.title_names, self.title.text, self.vocabulary, self.title.names)

    @property
    def in_title(self) -> bool:
        return self.name in self.title_names


def amounts_by_sentence(text: str, sentences: list[Sentence], vocabulary: Vocabulary,
                        folded: str | None = None) -> dict[int, tuple[Amount, ...]]:
    """The figures of each sentence that has some, with offsets from the sentence's start.

    One pass over the whole text: the amount patterns cost less run once than once per sentence.
    """
    found: dict[int, list[Amount]] = defaultdict(list)
    starts = [s.start for s in sentences]
    for amount in find_amounts(text, vocabulary, folded):
        index = bisect_right(starts, amount.start) - 1
        sentence = sentences[index]
        if index >= 0 and amount.end <= sentence.end:
            found[index].append(Amount(amount.value, amount.unit, amount.start - sentence.start,
                                       amount.end - sentence.start, amount.qualifier))
    return {index: tuple(amounts) for index, amounts in found.items()}


def read_sentence(sentence: Sentence, amounts: tuple[Amount, ...], vocabulary: Vocabulary,
                  names: frozenset[str], title: str = "",
                  title_tokens: list[Token] | None = None) -> ReadSentence:
    """Figures, deal cues and parties of one sentence.

    A title with a figure is also the article's first sentence: its words, already read, are not read again.
    """
    if title_tokens is not None and sentence.text == title:
        words, folded = title_tokens, [word.text.lower() for word in title_tokens]
    else:
        words, folded = tokenize_folded(sentence.text)
    cues = find_cues(words, vocabulary, folded)
    mentions = tuple(find_mentions(sentence.text, vocabulary, names, words, cues, folded))
    return ReadSentence(sentence, Reading(sentence.text, amounts, mentions, cues))


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
                amount = amount.in_unit(last)
            elif amount.is_money:
                last = amount.unit
            amounts.append(amount)
        changed = tuple(amounts) != item.reading.amounts
        result.append(replace(item, reading=replace(item.reading, amounts=tuple(amounts))) if changed else item)
    return result


def mention_counts(text: str, folded: str, read: list[ReadSentence],
                   title_names: Counter[str]) -> Counter[str]:
    """How often the article names each party of its figures' sentences and title, under any of its names
    (`folded`: the text in lower case)."""
    candidates = {m.name for item in read for m in item.reading.mentions if m.name} | set(title_names)
    return Counter({name: count_company(text, folded, name) for name in candidates})


def find_topic(read: list[ReadSentence], counts: Counter[str], title_names: Counter[str], title: str,
               vocabulary: Vocabulary, names: frozenset[str]) -> str | None:
    """The company the article is about: named most, in the title above all, as a receiver of money, a lab."""
    scores: dict[str, float] = defaultdict(float)
    scores.update(counts)
    for name, count in title_names.items():
        scores[name] += (TITLE_WEIGHT - 1) * count
    receiver = preposition_before(vocabulary, "target", strict=True)
    for item in read:
        # A sentence's words of raising, gathered once for all its parties: most sentences have none.
        raises = [cue for cue in item.reading.cues if cue.concept == "raise"]
        for mention in item.reading.mentions:
            if not mention.name or mention.is_cloud:
                continue
            if not mention.is_known and mention.name not in names:
                scores[mention.name] += TITLE_WEIGHT if item.sentence.start < len(title) else 1
            if raises and raises_after(item.reading.text, mention, raises) or \
                    receiver.search(item.reading.text[max(0, mention.start - 30):mention.start]):
                scores[mention.name] += RECEIVER_WEIGHT
    for name in scores:
        scores[name] *= LAB_FACTOR if name in LABS or name.endswith(LAB_NAME_ENDINGS) else 1
    # Ties go to the company named first, so that the topic never depends on the order of a set.
    first: dict[str, int] = {}
    for item in read:
        for mention in item.reading.mentions:
            first.setdefault(mention.name, item.sentence.start + mention.start)
    # A name of the title that no sentence with a figure names has no first position: its place in the title
    # breaks the tie (else the order of a set would, and the topic would change between runs).
    return max(scores, key=lambda name: (scores[name], -first.get(name, 1 << 30), -title_position(title, name),
                                         name)) if scores else None


def title_position(title: str, name: str) -> int:
    """Where the title first writes the name (after the title's end when it writes it otherwise)."""
    position = title.find(name)
    return position if position >= 0 else len(title)


def raises_after(text: str, mention: Mention, raises: list[Cue]) -> bool:
    """"Tessera lève 500 millions": the company that raises money is a receiver too (not "whose backers include
    Halberd, raised": a comma closes the clause the name was in). `raises`: the sentence's cues of raising."""
    return any(0 <= c.start - mention.end <= RAISE_GAP and "," not in text[mention.end:c.start] for c in raises)


def merge_duplicates(facts: list[Fact]) -> list[Fact]:
    """One fact per figure: the same figure said twice is one fact with the most specific qualifier.

    A figure without a counterparty is the same figure as one that names it ("The $10 billion commitment").
    """
    kept: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        key = fact_key(fact)
        kept[key] = more_specific(kept[key], fact) if key in kept else fact
    for key, fact in list(kept.items()):
        if fact.counterparty is None:
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
