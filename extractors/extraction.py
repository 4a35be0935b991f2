"""A whole article -> facts: sentences, currencies carried over, the topic, then each sentence's deals."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from extractors.amounts import CARRIED, Amount, find_amounts
from extractors.canonical import canonical_facts
from extractors.context import Surroundings, figure_contexts
from extractors.deals import Evidence, to_fact
from extractors.facts import EARLIER, Article, Fact, Kind, Qualifier, Status, article_body
from extractors.languages import vocabulary_for
from extractors.languages.vocabulary import Concept, Vocabulary
from extractors.new_names import article_names, lower_headline_words, persons_last_names
from extractors.parties import find_deals
from extractors.party_roles import named_givers
from extractors.reading import Reading, ReadSentence, read
from extractors.relevance import is_about_ai_money
from extractors.roles import Role, role_of
from extractors.text import Sentence, is_bullet, normalize, repair_mojibake, split_sentences
from extractors.topic import find_topic, only_company


def extract_facts(article: Article) -> list[Fact]:
    """The facts of one article, one per figure, in the order they are first said.

    >>> from extractors.facts import Article
    >>> [(f.kind.value, f.subject, f.counterparty, int(f.value), f.qualifier.value) for f in extract_facts(Article(
    ...     "Anthropic", "Nvidia engagera jusqu'à 10 milliards de dollars dans Anthropic.", language="fr"))]
    [('investment', 'Anthropic', 'Nvidia', 10000000000, 'up_to')]
    """
    article = repaired(article)
    body = article_body(article)
    return facts_of_text(article, body, normalize(body))


def read_article(article: Article) -> ArticleReading:
    """Whether the article is about AI money and, if it is, its facts: the body is built and normalised once.

    >>> read_article(Article("Le PSG s'impose", "Le club parisien a battu Marseille 3-0."))
    ArticleReading(is_relevant=False, facts=())
    """
    article = repaired(article)
    body = article_body(article)
    text = normalize(body)
    if not is_about_ai_money(text):
        return ArticleReading(is_relevant=False, facts=())
    return ArticleReading(is_relevant=True, facts=tuple(facts_of_text(article, body, text)))


def repaired(article: Article) -> Article:
    """The article with its mojibake read back ("dÃ©croche" -> "décroche"): its evidence and offsets are then those
    of the repaired text, the sentences the page meant."""
    title, text = repair_mojibake(article.title), repair_mojibake(article.text)
    return article if (title, text) == (article.title, article.text) else replace(article, title=title, text=text)


class ArticleReading(NamedTuple):
    """What the pipeline asks of an article: is it about AI money, and which facts does it report."""

    is_relevant: bool
    facts: tuple[Fact, ...]


def facts_of_text(article: Article, body: str, text: str) -> list[Fact]:
    """extract_facts on a body already built (`article_body`) and normalised (`text`)."""
    written, text = text, lower_headline_words(text)
    vocabulary = vocabulary_for(article.language, text)
    sentences = split_sentences(text)
    title = text[:len(article.title)]
    names = article_names(title)
    figures = carry_currencies(amounts_by_sentence(text, sentences, vocabulary))
    persons = persons_last_names(text)
    read_sentences = [ReadSentence(sentences[index], without_persons(read(
        sentences[index].text, vocabulary, amounts, names, text_before(sentences, index, title)), persons))
                      for index, amounts in figures.items()]
    others = (sentence.text for index, sentence in enumerate(sentences) if index not in figures)
    topic = find_topic(text, title, read_sentences, vocabulary, names, others)
    facts: list[Fact] = []
    subjects: dict[int, list[str]] = {}
    for index, (sentence, reading) in zip(figures, read_sentences, strict=True):
        surroundings = Surroundings(article.published_at, words_after(sentences, index, figures))
        focus = focus_before(sentences, index, subjects, vocabulary, names)
        found = sentence_facts(replace(reading, topic=topic, focus=focus), evidence_of(body, sentence), surroundings)
        subjects[index] = [fact.subject for fact in found]
        facts += found
    facts = [fact for fact in facts if not restates_a_body_figure(fact, len(article.title), read_sentences, facts)
             and not restates_an_acquisition_price(fact, read_sentences)]
    # The short names are counted as the article wrote them: a headline's words lowered are no names of their own.
    return merge_duplicates(canonical_facts(facts, written), len(article.title))


def restates_a_body_figure(fact: Fact, title_end: int, read_sentences: list[ReadSentence], facts: list[Fact]) -> bool:
    """"Fluidstack lève 10 milliards de dollars" over a body that says "plus de 10 Md $ de crédit": a headline's
    figure that the body names as something else (debt, revenue...), and never as a deal, is that figure; "X eyes
    $25B in funding" over "to raise $2.5 billion at a valuation of $25 billion": the body's kind for the figure wins."""
    if fact.evidence_start >= title_end:
        return False
    same = [other for other in facts if other.evidence_start >= title_end and other.unit == fact.unit
            and other.value == fact.value]
    if same:
        return all(other.kind != fact.kind and other.subject == fact.subject for other in same)
    return (fact.unit, fact.value) in named_non_deal_figures(read_sentences, title_end)


def restates_an_acquisition_price(fact: Fact, read_sentences: list[ReadSentence]) -> bool:
    """"acquiring Anysphere in an all-stock deal worth USD 60 billion" ... "before SpaceX sealed the deal at USD 60
    billion": money said again as the price of an acquisition another sentence names is that price, no investment."""
    if fact.kind != Kind.INVESTMENT:
        return False
    return any(amount.unit == fact.unit and amount.value == fact.value and not
               sentence.start <= fact.evidence_start < sentence.end and
               role_of(reading, amount, None).reason == Concept.ACQUISITION
               for sentence, reading in read_sentences for amount in reading.amounts)


def named_non_deal_figures(read_sentences: list[ReadSentence], title_end: int) -> set[tuple[str, Decimal]]:
    """The body's figures that are no deal figure for a reason the sentence names (debt, revenue, a cost...)."""
    found = set()
    for sentence, reading in read_sentences:
        if sentence.start < title_end:
            continue
        for amount in reading.amounts:
            figure = role_of(reading, amount, None)
            if figure.role == Role.NOT_A_DEAL and figure.reason is not None:
                found.add((amount.unit, amount.value))
    return found


def sentence_facts(reading: Reading, evidence: Evidence, surroundings: Surroundings) -> list[Fact]:
    """The facts of one sentence: each figure's role and parties (parties.find_deals), then its context (when it
    belongs, how firm it is: context.figure_contexts), with their evidence."""
    deals = find_deals(reading)
    contexts = figure_contexts(reading, deals, surroundings)
    return [to_fact(deal, evidence, context) for deal, context in zip(deals, contexts, strict=True)]


def without_persons(reading: Reading, persons: frozenset[str]) -> Reading:
    """The sentence's parties but the new names that are a person's last name the article gives in full elsewhere
    ("Tolan committed $100 million" after "Xavier Tolan, the founder"): the person, not a company."""
    kept = tuple(m for m in reading.mentions if m.is_known or m.name not in persons)
    return reading if len(kept) == len(reading.mentions) else replace(reading, mentions=kept)


def text_before(sentences: list[Sentence], index: int, title: str) -> str:
    """The sentence before, whose words may give a figure its role; for a bullet line, the line that introduces the
    list, and the title and the sentence before that line too when it only announces the list ("Ce qu'il faut
    retenir :", "The deal is split into two parts:")."""
    if not index:
        return ""
    if not is_bullet(sentences[index].text):
        return sentences[index - 1].text
    head = index - 1
    while head > 0 and is_bullet(sentences[head].text):
        head -= 1
    lead = sentences[head].text
    if not lead.rstrip().endswith(LIST_LEAD_END):
        return lead
    # "The deal is split into two parts:" only announces the list: the sentence before it (and the title) say whose
    # deal it is. A line break keeps each line's names apart ("... from Quill" + "The deal").
    before = sentences[head - 1].text if head > 0 else ""
    return "\n".join(dict.fromkeys(part for part in (lead, title, before) if part))


# "Ce qu'il faut retenir :", "Key points:": a line that only introduces the list after it.
LIST_LEAD_END = ":"


def focus_before(sentences: list[Sentence], index: int, subjects: dict[int, list[str]], vocabulary: Vocabulary,
                 names: frozenset[str]) -> str | None:
    """The company the sentence before was about (`subjects`: the subjects of the facts of each sentence read so
    far): the subject of its first fact, else the one company it names, if any, unless it names it as a giver
    ("Halden Capital a conduit la levée." is no sentence about Halden's round)."""
    if index == 0:
        return None
    if subjects.get(index - 1):
        return subjects[index - 1][0]
    reading = read(sentences[index - 1].text, vocabulary, (), names)
    company = only_company(reading)
    return None if company in named_givers(reading) else company


def words_after(sentences: list[Sentence], index: int, figures: dict[int, tuple[Amount, ...]]) -> str:
    """The next sentence up to its first figure: what it says before naming a figure of its own may be about the
    figures before it ("That figure is a pre-money valuation.")."""
    following = index + 1
    if following >= len(sentences):
        return ""
    text = sentences[following].text
    return text[:figures[following][0].start] if following in figures else text


def evidence_of(body: str, sentence: Sentence) -> Evidence:
    """The sentence as the article wrote it (before normalization), and where it sits."""
    return Evidence(body[sentence.start:sentence.end], sentence.start, sentence.end)


def amounts_by_sentence(text: str, sentences: list[Sentence], vocabulary: Vocabulary) -> dict[int, tuple[Amount, ...]]:
    """The figures of each sentence that has some, in sentence order, with offsets from the sentence's start.

    One pass over the whole text: a figure's qualifier or currency may sit across a sentence's end.
    """
    found: dict[int, list[Amount]] = defaultdict(list)
    starts = [s.start for s in sentences]
    for amount in find_amounts(text, vocabulary):
        index = bisect_right(starts, amount.start) - 1
        sentence = sentences[index]
        if index >= 0 and amount.end <= sentence.end:
            found[index].append(amount.moved(sentence.start))
    return {index: tuple(amounts) for index, amounts in sorted(found.items())}


def carry_currencies(figures: dict[int, tuple[Amount, ...]]) -> dict[int, tuple[Amount, ...]]:
    """"Microsoft investira 5 milliards": a figure without currency takes the last one named (or the next).

    `figures`: each sentence's figures, in sentence order.
    """
    units = [a.unit for amounts in figures.values() for a in amounts if a.is_money and a.unit]
    if not units:
        return figures
    last = units[0]
    carried = {}
    for index, amounts in figures.items():
        carried[index], last = with_carried_currency(amounts, last)
    return carried


def with_carried_currency(amounts: tuple[Amount, ...], last: str) -> tuple[tuple[Amount, ...], str]:
    """The figures, each without currency given `last` (the currency named last before it), and the currency
    named last after them."""
    carried = []
    for amount in amounts:
        if amount.is_money and amount.unit == CARRIED:
            amount = amount.in_unit(last)
        elif amount.is_money:
            last = amount.unit
        carried.append(amount)
    return tuple(carried), last


def merge_duplicates(facts: list[Fact], title_end: int = 0) -> list[Fact]:
    """One fact per figure: the same figure said twice is one fact with the most specific qualifier.

    Figures of two periods stay apart (FACTS.md); a figure said once with its date and once without (or recalled
    without a date, "earlier") is one figure, of that date. A figure without a counterparty is the same figure as
    one that names it ("The $10 billion commitment"), when their periods agree.
    """
    kept: dict[tuple[object, ...], Fact] = {}
    said_in_body: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        key = fact_key(fact)
        kept[key] = more_specific(kept[key], fact) if key in kept else fact
        if fact.evidence_start >= title_end:
            said_in_body.setdefault(key, fact)
    # "Five months ago, X closed ... at a $3 billion valuation" under "X was worth $3 billion in October": the
    # figure recalled without a date is the one the other sentence dates.
    for undated in (EARLIER, None):
        for key in [k for k in kept if k[-1] == undated]:
            dated = [k for k in kept if k[:-1] == key[:-1] and k[-1] not in (None, undated)]
            if len(dated) == 1:
                kept[dated[0]] = more_specific(kept[dated[0]], kept.pop(key))
    for key, fact in list(kept.items()):
        if fact.counterparty is None:
            named = next((k for k in kept if k != key and k[:2] + k[3:] == key[:2] + key[3:]), None)
            if named and kept[named].evidence_start < title_end <= fact.evidence_start:
                # "Runway raises $141 million from Google, Nvidia" over "from Google, Nvidia, Salesforce and other
                # investors": the body, which names no single source, says the figure is the round's total.
                kept[key] = more_specific(fact, kept.pop(named))
            elif named:
                kept[named] = more_specific(kept[named], kept.pop(key))
    for key, fact in list(kept.items()):
        precise = next((k for k, other in kept.items() if rounds(fact, other)), None)
        if precise:
            del kept[key]  # "plus de 140 millions" in the title, "143 millions" in the body: one figure, 143
    return sorted((with_body_evidence(fact, said_in_body.get(key), title_end) for key, fact in kept.items()),
                  key=lambda f: f.evidence_start)


def with_body_evidence(fact: Fact, in_body: Fact | None, title_end: int) -> Fact:
    """A figure the title and the body both give, with the body's sentence as its evidence: the fuller one, and a
    figure the body states is no title figure its body lacks (the diff sets those apart as inconsistencies)."""
    if in_body is None or not 0 <= fact.evidence_start < title_end:
        return fact
    return replace(fact, evidence=in_body.evidence, evidence_start=in_body.evidence_start,
                   evidence_end=in_body.evidence_end)


# "plus de 140 millions" restates 143 millions; "dépassant les 5 milliards", 5,2 milliards (ANNOTATION.md).
ROUNDING = Decimal("0.1")


def rounds(rounded: Fact, precise: Fact) -> bool:
    """`rounded` (a floor, a ceiling or an approximation) restates the exact figure `precise` of the same deal."""
    if rounded.qualifier == Qualifier.EXACT or precise.qualifier != Qualifier.EXACT or rounded is precise or \
            fact_key(rounded)[:4] + fact_key(rounded)[5:] != fact_key(precise)[:4] + fact_key(precise)[5:]:
        return False
    low, high = rounded.value * (1 - ROUNDING), rounded.value * (1 + ROUNDING)
    if rounded.qualifier == Qualifier.AT_LEAST:
        low = rounded.value
    elif rounded.qualifier == Qualifier.UP_TO:
        high = rounded.value
    return low <= precise.value <= high and precise.value != rounded.value


def fact_key(fact: Fact) -> tuple[object, ...]:
    """The same figure of the same deal; FACTS.md: figures of two periods are not the same deal's ("its previous
    $500 million round in 2024" and "$500 million now")."""
    return (fact.kind, fact.subject.lower(), (fact.counterparty or "").lower(), fact.unit, fact.value, fact.as_of)


# Of one figure said twice with different statuses, the least firm is what the article knows (FACTS.md: talks
# wins over reported when the deal is not done).
STATUS_RANK = (Status.ANNOUNCED, Status.REPORTED, Status.TALKS)


def more_specific(first: Fact, second: Fact) -> Fact:
    """The first fact, with the second's qualifier and context where they say more ("jusqu'à 10 milliards" beats
    "10 milliards"; a body's "in talks" or "in March 2024" beats a headline that says neither)."""
    return replace(
        first,
        qualifier=second.qualifier if first.qualifier == Qualifier.EXACT else first.qualifier,
        as_of=first.as_of or second.as_of,
        status=max(first.status, second.status, key=STATUS_RANK.index),
        basis=first.basis or second.basis,
    )


def is_relevant(article: Article) -> bool:
    """An article about AI money: an AI word and a financing word (French or English) in title or text.

    >>> is_relevant(Article("Anthropic lève 13 milliards de dollars", "La start-up d'IA lève des fonds."))
    True
    >>> is_relevant(Article("Le PSG s'impose 3-0", "Le club parisien a battu Marseille au Parc des Princes."))
    False
    """
    return is_about_ai_money(normalize(article_body(repaired(article))))
