"""A whole article -> facts: sentences, currencies carried over, the topic, one fact per figure."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from extractors.amounts import CARRIED, Amount, find_amounts
from extractors.cues import Cue, find_cues, preposition_before
from extractors.facts import Article, Fact, Qualifier, article_body
from extractors.languages import vocabulary_for
from extractors.languages.vocabulary import Vocabulary
from extractors.parties import LABS, Mention, article_names, count_company, count_known_names, find_mentions
from extractors.relevance import is_about_ai_money
from extractors.rules import Context, Evidence, Reading, SentenceRules
from extractors.text import Sentence, normalize, split_sentences
from extractors.tokens import tokenize

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
    vocabulary = vocabulary_for(article.language, text)
    sentences = split_sentences(text)
    figures = amounts_by_sentence(text, sentences, vocabulary)
    if not figures:
        return []
    title = text[:len(article.title)]
    names = article_names(title)
    read = carry_currencies([read_sentence(sentences[i], amounts, vocabulary, names)
                             for i, amounts in sorted(figures.items())])
    topic = article_topic(text, read, title, names, vocabulary)
    facts: list[Fact] = []
    for item, index in zip(read, sorted(figures), strict=True):
        previous = sentences[index - 1].text if index else ""
        # The evidence is the sentence as the article wrote it, and where it sits.
        evidence = Evidence(body[item.sentence.start:item.sentence.end], item.sentence.start, item.sentence.end)
        facts += SentenceRules(item.reading, Context(vocabulary, topic, previous, evidence)).facts()
    return merge_duplicates(facts)


@dataclass(frozen=True)
class ArticleTopic:
    """The company the article is about, and whether its title names it."""

    name: str | None
    in_title: bool


def article_topic(text: str, read: list[ReadSentence], title: str, names: frozenset[str],
                  vocabulary: Vocabulary) -> ArticleTopic:
    """The company the article is about: counted over the whole text, the title's names above all."""
    title_names = count_known_names(title, vocabulary, names)
    name = find_topic(read, mention_counts(text, read, title_names), title_names, title, vocabulary, names)
    return ArticleTopic(name, name in title_names)


def amounts_by_sentence(text: str, sentences: list[Sentence], vocabulary: Vocabulary) -> dict[int, tuple[Amount, ...]]:
    """The figures of each sentence that has some, with offsets from the sentence's start.

    One pass over the whole text: the amount patterns cost less run once than once per sentence.
    """
    found: dict[int, list[Amount]] = defaultdict(list)
    starts = [s.start for s in sentences]
    for amount in find_amounts(text, vocabulary):
        index = bisect_right(starts, amount.start) - 1
        sentence = sentences[index]
        if index >= 0 and amount.end <= sentence.end:
            found[index].append(Amount(amount.value, amount.unit, amount.start - sentence.start,
                                       amount.end - sentence.start, amount.qualifier))
    return {index: tuple(amounts) for index, amounts in found.items()}


def read_sentence(sentence: Sentence, amounts: tuple[Amount, ...], vocabulary: Vocabulary,
                  names: frozenset[str]) -> ReadSentence:
    """Figures, deal cues and parties of one sentence."""
    words = tokenize(sentence.text)
    cues = find_cues(words, vocabulary)
    mentions = tuple(find_mentions(sentence.text, vocabulary, names, words, cues))
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


def mention_counts(text: str, read: list[ReadSentence], title_names: Counter[str]) -> Counter[str]:
    """How often the article names each party of its figures' sentences and title, under any of its names."""
    candidates = {m.name for item in read for m in item.reading.mentions if m.name} | set(title_names)
    return Counter({name: count_company(text, name) for name in candidates})


def find_topic(read: list[ReadSentence], counts: Counter[str], title_names: Counter[str], title: str,
               vocabulary: Vocabulary, names: frozenset[str]) -> str | None:
    """The company the article is about: named most, in the title above all, as a receiver of money, a lab."""
    scores: dict[str, float] = defaultdict(float)
    scores.update(counts)
    for name, count in title_names.items():
        scores[name] += (TITLE_WEIGHT - 1) * count
    receiver = preposition_before(vocabulary, "target", strict=True)
    for item in read:
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
