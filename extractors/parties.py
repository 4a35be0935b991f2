"""Which parties fill each figure's role: the subject and counterparty of a sentence's deals."""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.amounts import Amount
from extractors.compute import compute_deal
from extractors.cues import Cue
from extractors.deals import Deal, deal
from extractors.facts import Kind
from extractors.investments import ROUND_AFTER_WINDOW, ROUND_OWNER, investment, respective_party
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept
from extractors.names import Mention
from extractors.party_roles import implied_receiver, may_receive
from extractors.patterns import alternation
from extractors.reading import (
    CUE_BEFORE_WINDOW,
    Reading,
    cues_near,
    last_before,
    mention_at,
    mentions_before,
    mentions_between,
)
from extractors.references import OWNER_BEFORE, OWNER_WINDOW, possessive_owner, resolve
from extractors.roles import FigureRole, Role, role_of, valuation_cue
from extractors.stakes import held_stake, sold_stake

KIND_OF_ROLE = {
    Role.DEAL_MONEY: Kind.INVESTMENT, Role.SALE_PRICE: Kind.INVESTMENT, Role.VALUATION: Kind.VALUATION,
    Role.COMPUTE_COMMITMENT: Kind.COMPUTE_PURCHASE, Role.CAPACITY: Kind.COMPUTE_CAPACITY, Role.STAKE: Kind.STAKE,
}
COMPARED_PARTY = re.compile(
    rf"\s*{alternation([*every_language(Concept.FOR), *every_language(Concept.AT)])}\s", re.IGNORECASE)
COMPARED_PARTY_WINDOW = 10


def find_deals(reading: Reading) -> list[Deal]:
    """The deals of a sentence's figures, in order: each figure's role, then the parties of that role.

    >>> from extractors.languages import ENGLISH
    >>> from extractors.reading import read
    >>> reading = read("Halcyon Capital will invest up to $4 billion in Corvid AI.", ENGLISH)
    >>> [(d.kind.value, d.subject, d.counterparty, d.amount.qualifier.value) for d in find_deals(reading)]
    [('investment', 'Corvid AI', 'Halcyon Capital', 'up_to')]
    """
    deals: list[Deal] = []
    previous: Deal | None = None
    for amount in reading.amounts:
        found = parties_of(reading, role_of(reading, amount, previous), previous)
        if found:
            deals += each_party(reading, found)
            previous = found
    return deals


def parties_of(reading: Reading, figure: FigureRole, previous: Deal | None) -> Deal | None:
    """The deal a figure in its role makes, once its parties are found; None when the sentence does not say
    who (or the figure is no deal figure)."""
    role, amount = figure.role, figure.amount
    if role == Role.DEAL_MONEY:
        return investment(reading, amount, previous)
    if role == Role.SALE_PRICE and figure.sale:
        return deal(Kind.INVESTMENT, figure.sale.company, figure.sale.buyer, amount)
    if role == Role.VALUATION:
        return valuation(reading, amount, previous.subject if previous else None)
    if role in (Role.COMPUTE_COMMITMENT, Role.CAPACITY):
        return compute_deal(reading, KIND_OF_ROLE[role], amount)
    if role == Role.STAKE:
        return sold_stake(figure.sale, amount) if figure.sale else held_stake(reading, amount)
    if role in (Role.COMPARISON, Role.CEILING) and previous:
        return comparison(reading, amount, previous)
    return None


def valuation(reading: Reading, amount: Amount, previous: str | None) -> Deal | None:
    """The company valued: named between "valuing" and the figure, the company "its valuation" points back to,
    else the last party before (not a lead, even one a relative clause follows: "led by Halcyon, that lifts the
    company's valuation" values the company, not its lead). `previous`: the company of the sentence's deal before."""
    respective = respective_party(reading, amount, mentions_before(reading, amount.start))
    if respective:
        # "Orvane et Brisemer, valorisées respectivement 2 et 3 milliards": in order.
        return deal(Kind.VALUATION, respective, None, amount)
    cue = valuation_cue(reading, amount)
    start = min(cue.start, amount.start) if cue else amount.start
    between = mentions_between(reading, cue.end, amount.start) if cue else []
    owner = fronted_owner(reading, start, amount) or owner_after_valuation(reading, cue, amount) or \
        possessive_owner(reading, start, previous) or pronoun_owner(reading, cue, amount, previous)
    if owner and not between:
        return deal(Kind.VALUATION, owner, None, amount)
    chosen = between[-1] if between else \
        last_before(reading, start, lambda m: may_receive(reading, m, amount.start))
    return deal(Kind.VALUATION, resolve(reading, chosen) or implied_receiver(reading), None, amount)


def owner_after_valuation(reading: Reading, cue: Cue | None, amount: Amount) -> str | None:
    """"a fraction of the $8 billion valuation of Harvey": the company named right after "valuation of" that follows
    the figure."""
    if cue is None or cue.start < amount.end or mentions_between(reading, amount.end, cue.start):
        return None
    owner = ROUND_OWNER.match(reading.text, cue.end)
    found = mention_at(reading, owner.end()) if owner else None
    return resolve(reading, found) if found else None


# The main clause's party opens it within this many characters after the comma.
MAIN_CLAUSE_OPENING = 2


def fronted_owner(reading: Reading, start: int, amount: Amount) -> str | None:
    """"Despite its €400 million valuation, Quillon has shipped no product": a possessive in the clause that opens
    the sentence points forward to the party that opens the main clause after it."""
    comma = reading.text.find(",", amount.end)
    if comma < 0 or "," in reading.text[:start] or mentions_before(reading, comma) or \
            not OWNER_BEFORE.search(reading.text, max(0, start - OWNER_WINDOW), start):
        return None
    main = next((m for m in reading.mentions if m.name and 0 < m.start - comma <= MAIN_CLAUSE_OPENING), None)
    return main.name if main else None


# "would value it at $5 billion": an object pronoun (and at most two words) between the valuation word and the figure.
VALUED_PRONOUN = re.compile(rf"\s+{alternation(every_language(Concept.OBJECT_PRONOUNS))}\s+(?:\S+\s+){{0,2}}",
                            re.IGNORECASE)


def pronoun_owner(reading: Reading, cue: Cue | None, amount: Amount, previous: str | None) -> str | None:
    """"X is in discussions with SoftBank and Nvidia about a round that would value it at $5 billion": the pronoun
    points back to the company the sentence is about (`previous`, else the one an anaphor there would be), never to
    the last name before it."""
    if cue is None or not VALUED_PRONOUN.fullmatch(reading.text, cue.end, amount.start):
        return None
    return previous or resolve(reading, Mention("", cue.start, cue.start))


def comparison(reading: Reading, amount: Amount, previous: Deal) -> Deal | None:
    """"(contre 500 milliards de dollars pour OpenAI)": the same measure, for the party named after it."""
    named = COMPARED_PARTY.match(reading.text[amount.end:amount.end + COMPARED_PARTY_WINDOW])
    after = next((m for m in reading.mentions if m.start >= amount.end), None)
    subject = resolve(reading, after) if named and after else previous.subject
    counterparty = previous.counterparty if subject == previous.subject else None
    return deal(previous.kind, subject, counterparty, amount)


def each_party(reading: Reading, found: Deal) -> list[Deal]:
    """"Tessera and Orbis will each invest $500 million": one deal per party, not one joint figure."""
    if not found.counterparty or "+" not in found.counterparty or \
            not cues_near(reading, found.amount, (Concept.EACH,), CUE_BEFORE_WINDOW, ROUND_AFTER_WINDOW):
        return [found]
    return [replace(found, counterparty=party) for party in found.counterparty.split("+")]
