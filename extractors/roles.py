"""Which role each figure plays: deal money, a valuation, compute, capacity, a stake, or no deal figure."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum, auto

from extractors.amounts import GW, PERCENT, Amount
from extractors.compute import continues_compute_deal, is_provider_mention, seller_winning
from extractors.cues import Cue, find_cues
from extractors.deals import Deal
from extractors.facts import Qualifier
from extractors.languages import VOCABULARIES, every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, Concept
from extractors.names import COMPUTE_SELLERS
from extractors.non_deal import (
    facility_power,
    free_float,
    is_site_power,
    market_value_at_offer,
    non_deal_around,
    non_deal_beside,
    stake_sold,
    user_named,
)
from extractors.patterns import alternation, before_name
from extractors.reading import (
    CUE_AFTER_WINDOW,
    CUE_BEFORE_WINDOW,
    Reading,
    clouds,
    cues_near,
    cues_of,
    has_compute,
    mentions_before,
    mentions_between,
)
from extractors.references import resolve
from extractors.stakes import SALE_WINDOW, STAKE_WINDOW, Sale, find_sale, sale_paid_for
from extractors.text import is_bullet
from extractors.tokens import tokenize


class Role(Enum):
    """What a figure measures in its sentence, before anyone asks who the parties are."""

    DEAL_MONEY = auto()  # money put into a company: an investment
    SALE_PRICE = auto()  # the price of a sold stake: an investment by the buyer (a secondary sale)
    VALUATION = auto()
    COMPUTE_COMMITMENT = auto()  # money for compute or cloud capacity: a compute purchase
    CAPACITY = auto()  # gigawatts of compute
    STAKE = auto()  # a share of a company, held or sold
    COMPARISON = auto()  # the same measure as the figure before, for another party
    CEILING = auto()  # the same deal as the figure before, at its ceiling ("would start at X and could reach Y")
    NOT_A_DEAL = auto()  # revenue, a cost, a price per unit, what a stake is worth, a figure no cue explains


@dataclass(frozen=True)
class FigureRole:
    """A figure and its role; `amount` may be requalified (a stake raised "to 14%" from 8% is 14%, exact)."""

    amount: Amount
    role: Role
    # The sale a stake or its price belongs to, when the sentence describes one.
    sale: Sale | None = None
    # What a figure that is no deal figure is instead (revenue, a fund's size, a project's budget...), when known.
    reason: Concept | None = None


VALUATION_BEFORE_WINDOW = 50
# Only a noun follows its valuation figure, and closely: "a $60 billion valuation".
VALUATION_AFTER_WINDOW = 14
VALUED_AT_AFTER_WINDOW = 30
WORTH_WINDOW = 15
SHARES_AFTER_WINDOW = 40
COMPARISON_WINDOW = 14
RECALLED_COMPARISON_WINDOW = 40
INTO_COMPUTE_WINDOW = 80
COMPUTE_AFTER_INTO = 30
CLOUD_AFTER_INTO = 40
LEVEL_WINDOW = 20
# "invests $1.5 billion to rent GPU servers": a verb of buying right after the figure.
RENT_AFTER_WINDOW = 12
# "$2.3 billion in debt financing": the word of raising right after "in" (an article between at most).
DEAL_NOUN_AFTER_INTO = 4
# "secured $2.3 billion", "took on $2.3 billion in debt financing": a word of raising this close governs the figure.
RAISE_GOVERNS_WINDOW = 25
# "provide GPU capacity", "fournira de la capacité de calcul": the compute right after the verb of supplying.
SUPPLIED_OBJECT_GAP = 10
# "$3 billion over five years for access to GPU chips": "for", then the compute paid for.
FOR_AFTER_FIGURE = re.compile(rf"\b{alternation(every_language(Concept.FOR))}\s", re.IGNORECASE)
PAID_FOR_WINDOW = 30
# "3 milliards de dollars à Marlowe Grid sur cinq ans pour": the payee and a duration may stand before "for".
FOR_AFTER_WINDOW = 50
# "un accord de cinq ans d'une valeur de", "a deal valued at": a deal word this close before the valuation word.
DEAL_SIZE_WINDOW = 25
# Words of money put into a company: near a figure, they outweigh a compute noun.
MONEY_IN_CONCEPTS = frozenset({Concept.INVEST, Concept.RAISE, Concept.LEAD, Concept.TRANSFER})
ROLE_OF_CUE = {
    Concept.INVEST: Role.DEAL_MONEY, Concept.RAISE: Role.DEAL_MONEY, Concept.LEAD: Role.DEAL_MONEY,
    Concept.SECONDARY: Role.DEAL_MONEY, Concept.STAKE_NOUN: Role.DEAL_MONEY, Concept.TRANSFER: Role.DEAL_MONEY,
    Concept.PURCHASE: Role.COMPUTE_COMMITMENT, Concept.COMPUTE: Role.COMPUTE_COMMITMENT,
}
MONEY_ROLE_CUES = (*ROLE_OF_CUE, Concept.SELL)
# Words of getting or supplying compute: without one (or a party named as user or provider), gigawatts measure a site.
CAPACITY_DEAL_CONCEPTS = frozenset({Concept.PURCHASE, Concept.SUPPLY, Concept.DEAL, Concept.COMMIT, Concept.INVEST,
                                    Concept.TRANSFER})
TO = alternation(every_language(Concept.TO))
FROM = alternation(every_language(Concept.FROM))
# "dans Microsoft Azure", "into Google Cloud", "sur AWS": money put into a cloud.
INTO = re.compile(rf"\s*{alternation(every_language(Concept.INTO))}\s", re.IGNORECASE)
# "to reserved instances", "to GPU capacity", "to dedicated compute": compute right after "to".
TO_COMPUTE = re.compile(
    rf"\s*{TO}\s+"
    rf"{before_name([*every_language(Concept.DEFINITE_ARTICLES), *every_language(Concept.INDEFINITE_ARTICLES)])}?"
    rf"(?P<word>(?:[A-Z]{{2,5}}|{alternation(every_language(Concept.COMPUTE_ADJECTIVES))})\s+)?"
)
VALUATION_NOUN_GAP = re.compile(
    rf"\s*{before_name(every_language(Concept.OF))}?"
    rf"(?:{alternation([*every_language(Concept.PRE_MONEY), *every_language(Concept.POST_MONEY)])}\s+)?",
    re.IGNORECASE)
# "120 millions d'euros (valorisation 900 millions)": the valuation in parentheses right after the money.
VALUATION_PAIR_WINDOW = 30
FURTHER = alternation(every_language(Concept.FURTHER))
# "250 millions de dollars supplémentaires (valorisation 4 milliards)": a word of more money may sit between.
PAIR_GAP = re.compile(rf"\s*(?:{FURTHER}\s*)?\(\s*", re.IGNORECASE)
# "Velka, 400 millions de plus, valorisé à 9 milliards", "$50 million more.": more money, said in a list.
MORE_MONEY = re.compile(rf"\s*{FURTHER}\s*(?:[,;.!()]|$)", re.IGNORECASE)
# "les attentes, fixées à un peu moins de": the words of expectation a few words before the figure.
EXPECTATION_WINDOW = 30
# "eyes $14B", "Vise 5,3 Milliards": the verb a few characters before the figure (an article or a qualifier).
AIM_WINDOW = 16
# "eyes $500 million in new funding": a word of raising this close after the figure makes it the round.
AIM_RAISE_AFTER = 25
# "it's leapt to a staggering $8 billion", "a propulsé la valorisation de la start-up à 4 milliards".
RISE_WINDOW = 60
# After "from": a company's possessive and a recall word, nothing else ("from Runway's previous").
RECALLED_GAP = re.compile(
    rf"\s*(?:{alternation(every_language(Concept.POSSESSIVE_SUFFIXES))})?\s*"
    rf"(?:{alternation([*every_language(Concept.RECALLED), *every_language(Concept.POSSESSIVES)])}\s+)+", re.IGNORECASE)
# "valued at" (en), "valorisée à" (fr) after the figure, no figure after them: the figure before is the value.
AT_ONLY = re.compile(rf"\s+{alternation([*every_language(Concept.AT), *every_language(Concept.TO)])}(?!\w)", re.I)
CLAUSE_MARK = re.compile(r"[,;:()]")
INDEFINITE = re.compile(rf"\s*{before_name(every_language(Concept.INDEFINITE_ARTICLES))}", re.IGNORECASE)
LIST_ITEM_GAP = re.compile(r"\s*[,:]?\s*(?:[\w']+\s+){0,2}", re.IGNORECASE)
RANGE_GAP = re.compile(
    rf"\s*(?:{alternation([*every_language(Concept.AND), *every_language(Concept.OR), *every_language(Concept.TO)])}"
    r"|-)\s*", re.IGNORECASE)
# "from $2 billion last year to $8 billion": "from" right before the first figure, "to" (and a word) before the second.
# "... and could reach": "and", then a few words (the qualifier's own words are part of the figure).
CEILING_GAP = re.compile(rf"\s*,?\s*{alternation(every_language(Concept.AND))}\s+(?:[^\s\d,;:()]+\s+){{0,3}}",
                         re.IGNORECASE)
PROGRESSION_HEAD = 12
PROGRESSION_FROM = re.compile(rf"(?<!\w){FROM}\s+\S*$", re.IGNORECASE)
# "de 2,8 milliards à, roulements de tambour, presque 7 milliards": "to" right after the first figure.
PROGRESSION_JOIN = re.compile(rf"\s*{TO}(?!\w)", re.IGNORECASE)
# "de 1,5 milliard de dollars en septembre 2024 à 2,65 milliards": the first end's date (or currency) between.
DATED_PROGRESSION_JOIN = re.compile(rf"(?:\s+[^\s\d,;:()]+){{1,4}}(?:\s+(?:19|20)\d{{2}})?\s+{TO}(?!\w)",
                                    re.IGNORECASE)
PROGRESSION_TO = re.compile(rf"(?<!\w){TO}\s+(?:\S+\s+)?$", re.IGNORECASE)
# "its stake in X from 8% to 14%", "sa participation dans X de 10 % à 15 %": a stake's change, not a range.
OLD_LEVEL = re.compile(rf"(?<!\w){FROM}\s+$")
NEW_LEVEL = re.compile(rf"(?<!\w){FROM}\s+\d[\d.,]*\s?%\s+{TO}\s+$")


def role_of(reading: Reading, amount: Amount, previous: Deal | None) -> FigureRole:
    """The role of one figure; `previous`: the deal of the sentence's figure before, if it had one.

    >>> from extractors.languages import ENGLISH
    >>> from extractors.reading import read
    >>> reading = read("Tessera, valued at $60 billion, has raised $5 billion.", ENGLISH)
    >>> [role_of(reading, amount, None).role.name for amount in reading.amounts]
    ['VALUATION', 'DEAL_MONEY']
    """
    if amount.unit == PERCENT:
        return percentage_role(reading, amount)
    if amount.unit == GW:
        return power_role(reading, amount)
    if not amount.unit:
        return FigureRole(amount, Role.NOT_A_DEAL)  # money whose currency no figure of the article gave
    if previous and is_ceiling(reading, previous, amount):
        return FigureRole(amount, Role.CEILING)
    ceiling = range_ceiling(reading, amount)
    if ceiling:
        # "at a ~$360-565m valuation": the floor of a range measures what its ceiling does.
        measured = role_of(reading, ceiling, previous)
        return FigureRole(amount, measured.role, reason=measured.reason)
    # "lifting its valuation from $2 billion": "from" belongs to the valuation, it compares nothing.
    if previous and is_comparison(reading, amount) and not valuation_cue(reading, amount):
        return FigureRole(amount, Role.COMPARISON)
    sale = sale_paid_for(reading, amount)
    if sale:
        return FigureRole(amount, Role.SALE_PRICE, sale)
    reason = non_deal_beside(reading, amount)
    if reason:
        return FigureRole(amount, Role.NOT_A_DEAL, reason=reason)
    return money_role(reading, amount)


def range_ceiling(reading: Reading, amount: Amount) -> Amount | None:
    """The ceiling of the range `amount` is the floor of ("$360-565m", "entre 300 et 400 millions")."""
    if amount.qualifier != Qualifier.AT_LEAST:
        return None
    following = next((a for a in reading.amounts if a.start >= amount.end), None)
    if following is None or following.qualifier != Qualifier.UP_TO or following.unit != amount.unit or \
            not RANGE_GAP.fullmatch(reading.text, amount.end, following.start):
        return None
    return following


def percentage_role(reading: Reading, amount: Amount) -> FigureRole:
    """A stake sold to someone, else a stake held at its level, else no deal figure."""
    sale = find_sale(reading, amount)
    if sale:
        return FigureRole(amount, Role.STAKE, sale)
    # "Halden a cédé 2 % du capital de Velka sur le marché": a stake sold to no one named; the seller named before
    # it holds it no longer, and its buyer is unknown.
    if cues_near(reading, amount, (Concept.SELL,), SALE_WINDOW, 0):
        return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.SELL)
    if free_float(reading, amount):
        return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.FREE_FLOAT)
    if stake_sold(reading, amount):
        return FigureRole(amount, Role.NOT_A_DEAL)
    if not cues_near(reading, amount, (Concept.STAKE,), STAKE_WINDOW, STAKE_WINDOW):
        return FigureRole(amount, Role.NOT_A_DEAL)
    level = stake_level(reading, amount)
    return FigureRole(level, Role.STAKE) if level else FigureRole(amount, Role.NOT_A_DEAL)


def power_role(reading: Reading, amount: Amount) -> FigureRole:
    """Gigawatts are capacity when someone gets them: a deal word (reserve, supply, an agreement) or a party named
    as the user or the provider. A site's power ("a 1.2 GW campus", "le site démarrera avec 24 MW") is no deal
    figure unless the sentence names who it is built for; a power grid's or a plant's is no compute at all."""
    if facility_power(reading, amount):
        return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.FACILITY)
    if bullet_role(reading) == Role.COMPUTE_COMMITMENT:
        return FigureRole(amount, Role.CAPACITY)  # "- Jusqu'à 1 gigawatt de capacité" under a compute deal's head
    if not (has_compute(reading) or is_site_power(reading, amount)):
        return FigureRole(amount, Role.NOT_A_DEAL)
    if not any(cue.concept in CAPACITY_DEAL_CONCEPTS for cue in reading.cues) and not user_named(reading, amount):
        return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.FACILITY)
    return FigureRole(amount, Role.CAPACITY)


def stake_level(reading: Reading, amount: Amount) -> Amount | None:
    """A stake raised "from 8% to 14%" is held at 14% (exact); the 8% it was is not read as a range's floor."""
    head = reading.text[max(0, amount.start - LEVEL_WINDOW):amount.start]
    if amount.qualifier == Qualifier.AT_LEAST and OLD_LEVEL.search(head):
        return None
    if amount.qualifier == Qualifier.UP_TO and NEW_LEVEL.search(head):
        return amount.qualified(Qualifier.EXACT)
    return amount


def money_role(reading: Reading, amount: Amount) -> FigureRole:
    """Valuation when a valuation word is close; no deal figure when the words around it say what it is instead;
    compute when the money goes "into Azure"; else the nearest cue."""
    if is_stake_worth(reading, amount):
        return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.WORTH)
    if joint_value(reading, amount):
        return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.JOINT)
    if valuation_cue(reading, amount) or market_value_at_offer(reading, amount) or aimed_at(reading, amount) or \
            risen_to(reading, amount) or valuation_progression(reading, amount) or priced_at(reading, amount) or \
            valuation_series(reading, amount):
        return FigureRole(amount, Role.VALUATION)
    reason = non_deal_around(reading, amount)
    if reason:
        return FigureRole(amount, Role.NOT_A_DEAL, reason=reason)
    if goes_into_compute(reading, amount):
        if builds_own_compute(reading, amount):
            return FigureRole(amount, Role.NOT_A_DEAL, reason=Concept.PROJECT)
        return FigureRole(amount, Role.COMPUTE_COMMITMENT)
    if supplies_compute(reading, amount) or pays_for_compute(reading, amount) or secures_chips(reading):
        return FigureRole(amount, Role.COMPUTE_COMMITMENT)
    role = nearest_cue_role(reading, amount) or weak_cue_role(reading, amount) or \
        round_at_valuation(reading, amount) or more_money(reading, amount) or expected_round(reading, amount) or \
        bullet_role(reading) or box_value_role(reading, amount) or list_item_role(reading, amount)
    return FigureRole(amount, role)


# "valorisées ensemble 5 milliards", "together valued at $5 billion": the joint word this close to the valuation word.
JOINT_VALUE_GAP = 12


def joint_value(reading: Reading, amount: Amount) -> bool:
    """"Les deux sociétés, valorisées ensemble 5 milliards": the value of several companies added up is no one
    company's valuation."""
    cue = valuation_cue(reading, amount)
    return cue is not None and any(cue.end <= joint.start and joint.end <= amount.start or
                                   0 <= cue.start - joint.end <= JOINT_VALUE_GAP
                                   for joint in cues_of(reading, Concept.JOINT))


def supplies_compute(reading: Reading, amount: Amount) -> bool:
    """"Vantor will provide GPU capacity to Microsoft in a deal valued at $6.2 billion": a verb of supplying with
    compute as its object sells compute, whatever else the verb may mean ("provide $75 million of debt")."""
    computes = cues_of(reading, Concept.COMPUTE)
    # "pour fournir 500 mégawatts de puissance de calcul": gigawatts right after the verb are compute too.
    return any(any(0 <= compute.start - supply.end <= SUPPLIED_OBJECT_GAP for compute in computes) or
               cue_supplies_compute(reading, supply)
               for supply in cues_near(reading, amount, (Concept.SUPPLY,), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW))


# "s'assure 200 000 GPU", "secures 50,000 Nvidia GPUs": a verb of securing, a count, a maker's name at most, chips.
SECURED_CHIPS = re.compile(
    rf"(?<![\w']){alternation(every_language(Concept.SECURE_UNITS))}\s+(?:\S+\s+){{0,2}}\d[\d\s,.\u202f\u00a0]*"
    rf"(?:[^\s\d]+\s+)?{alternation(every_language(Concept.COMPUTE))}(?!\w)", re.IGNORECASE)


def secures_chips(reading: Reading) -> bool:
    """"X s'assure 200 000 GPU dans un investissement de 14 milliards": the money of a sentence that secures a
    count of chips buys compute, whatever noun it is given."""
    return bool(SECURED_CHIPS.search(reading.text))


def pays_for_compute(reading: Reading, amount: Amount) -> bool:
    """"Corvane will pay Vantor $3 billion over five years for access to GPU chips": money paid for compute, said
    after the figure, buys compute."""
    if not cues_near(reading, amount, (Concept.PAY,), CUE_BEFORE_WINDOW, 0):
        return False
    paid_for = FOR_AFTER_FIGURE.search(reading.text, amount.end, amount.end + FOR_AFTER_WINDOW)
    return bool(paid_for) and any(0 <= cue.start - paid_for.end() <= PAID_FOR_WINDOW
                                  for cue in cues_of(reading, Concept.COMPUTE))


def nearest_cue_role(reading: Reading, amount: Amount) -> Role | None:
    """The role the nearest deal cue gives: buying or selling shares is deal money, buying compute needs
    compute in the sentence (or a seller of compute named as the provider); a compute noun alone gives way to a
    word of investing or raising ("backs Cohere with $240m under its compute strategy")."""
    if rents_compute(reading, amount) or seller_wins_contract(reading, amount):
        return Role.COMPUTE_COMMITMENT
    near = cues_near(reading, amount, MONEY_ROLE_CUES, CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW)
    if deal_noun_after(reading, amount):
        # "raised $450 million ..., and signed a $140 million deal with Meta": the verb governs the figure after it.
        near = [cue for cue in near if not (cue.end <= amount.start and
                                            amounts_between(reading, cue.end, amount.start, amount))]
    money_words = any(cue.concept in MONEY_IN_CONCEPTS for cue in near)
    for cue in near:
        if cue.concept in (Concept.PURCHASE, Concept.SELL) and buys_shares(reading, amount):
            return Role.DEAL_MONEY
        if cue.concept == Concept.SELL or cue.concept == Concept.COMPUTE and money_words:
            continue
        if cue_supplies_compute(reading, cue):
            return Role.COMPUTE_COMMITMENT
        role = ROLE_OF_CUE[cue.concept]
        if role == Role.COMPUTE_COMMITMENT and not (has_compute(reading) or seller_named(reading)):
            continue
        return role
    return None


# "to provide 600 megawatts of computing power", "will provide GPU capacity": what is provided follows closely.
SUPPLIED_WINDOW = 40


def cue_supplies_compute(reading: Reading, cue: Cue) -> bool:
    """"provide" of money (invest) or of compute (supply): the verb supplies compute when compute words or
    gigawatts follow it closely ("a $10 billion agreement with Y to provide 750 megawatts of computing power")."""
    if not any(other.concept == Concept.SUPPLY and (other.start, other.end) == (cue.start, cue.end)
               for other in reading.cues):
        return False
    return any(0 <= other.start - cue.end <= SUPPLIED_WINDOW for other in cues_of(reading, Concept.COMPUTE)) or \
        any(a.unit == GW and 0 <= a.start - cue.end <= SUPPLIED_WINDOW for a in reading.amounts)


# "Oracle lands $12 billion Corvane contract", "Oracle décroche un contrat de 12 milliards": the contract noun
# this close to the figure (a name between at most).
CONTRACT_WINDOW = 15


def seller_wins_contract(reading: Reading, amount: Amount) -> bool:
    """A seller of compute that wins (lands, décroche) a contract sells compute: the contract's figure is what its
    customer buys, not money raised."""
    contract = any(0 <= cue.start - amount.end <= CONTRACT_WINDOW or 0 <= amount.start - cue.end <= CONTRACT_WINDOW
                   for cue in cues_of(reading, Concept.DEAL))
    return contract and seller_winning(reading) is not None



def rents_compute(reading: Reading, amount: Amount) -> bool:
    """"invests $1.5 billion to rent GPU servers from Lambda": money spent on renting or buying compute, said
    right after the figure, buys compute whatever verb came before."""
    # "took on $2.3 billion in debt financing to buy GPUs": money raised to buy compute is a round (a word of
    # raising between the figure and the purchase, or governing the figure).
    if cues_near(reading, amount, (Concept.RAISE,), RAISE_GOVERNS_WINDOW, RENT_AFTER_WINDOW):
        return False
    return has_compute(reading) and any(0 <= cue.start - amount.end <= RENT_AFTER_WINDOW
                                        for cue in cues_of(reading, Concept.PURCHASE))


def seller_named(reading: Reading) -> bool:
    """A seller of compute named as a provider ("services from CoreWeave", "a deal with Nscale")."""
    return any(resolve(reading, mention) in COMPUTE_SELLERS and is_provider_mention(reading, mention, weak=True)
               for mention in reading.mentions)


def weak_cue_role(reading: Reading, amount: Amount) -> Role | None:
    """A commitment is compute when the sentence speaks of compute, else deal money; a deal word only names a
    compute deal."""
    if cues_near(reading, amount, (Concept.COMMIT,), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW):
        return Role.COMPUTE_COMMITMENT if has_compute(reading) else Role.DEAL_MONEY
    if cues_near(reading, amount, (Concept.DEAL,), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW) and \
            (has_compute(reading) or seller_named(reading) or continues_compute_deal(reading)):
        return Role.COMPUTE_COMMITMENT
    return None


def round_at_valuation(reading: Reading, amount: Amount) -> Role | None:
    """"• Mars 2024 : 120 millions d'euros (valorisation 900 millions)": money said with the valuation it came
    at, and nothing else, is a round."""
    after = reading.text[amount.end:amount.end + VALUATION_PAIR_WINDOW]
    for cue in cues_of(reading, Concept.VALUATION, Concept.VALUATION_NOUN):
        if cue.start >= amount.end and PAIR_GAP.fullmatch(after[:cue.start - amount.end]):
            return Role.DEAL_MONEY
    return None


def more_money(reading: Reading, amount: Amount) -> Role | None:
    """"Velka, 400 millions de plus, valorisé à 9 milliards", "then $50 million more.": money said as more of it,
    at the end of its clause, is another round."""
    return Role.DEAL_MONEY if MORE_MONEY.match(reading.text, amount.end) else None


def expected_round(reading: Reading, amount: Amount) -> Role | None:
    """"a dépassé les attentes, fixées à un peu moins de 500 millions", "beat expectations of $400 million": the size
    the round was expected to reach, said right after the words of expectation (no other figure between)."""
    return Role.DEAL_MONEY if expected(reading, amount) else None


def expected(reading: Reading, amount: Amount) -> bool:
    return any(0 <= amount.start - cue.end <= EXPECTATION_WINDOW and
               not amounts_between(reading, cue.end, amount.start, amount)
               for cue in cues_of(reading, Concept.EXPECTATION))


def aimed_at(reading: Reading, amount: Amount) -> bool:
    """"Orbis Lève 40M$ et Vise 900 Millions", "raises $40M, eyes $900M": after the money raised, the figure a
    company aims at is its valuation, unless a word of raising follows it or stands between ("Orbis eyes $650M"
    alone is the round it seeks)."""
    aims = [cue for cue in cues_of(reading, Concept.AIM) if 0 <= amount.start - cue.end <= AIM_WINDOW]
    if not aims or cue_between(reading, aims[-1].end, amount.start) or \
            not any(other.end <= aims[-1].start and other.unit == amount.unit for other in reading.amounts):
        return False
    return not cues_near(reading, amount, (Concept.RAISE, Concept.INVEST), 0, AIM_RAISE_AFTER)


def risen_to(reading: Reading, amount: Amount) -> bool:
    """"Seven months back, its valuation sat at $545 million. Today, it's leapt to $8 billion": a value that rises
    to the figure is a valuation when this sentence or the one before speaks of one (and of no revenue)."""
    rises = [cue for cue in cues_of(reading, Concept.RISE_TO) if 0 <= amount.start - cue.end <= RISE_WINDOW]
    if not rises or amounts_between(reading, rises[-1].end, amount.start, amount) or \
            cue_between(reading, rises[-1].end, amount.start) or cues_of(reading, Concept.REVENUE):
        return False
    previous = find_cues(tokenize(reading.previous_text), reading.vocabulary)
    return bool(cues_of(reading, Concept.VALUATION)) or any(c.concept == Concept.VALUATION for c in previous)


def valuation_progression(reading: Reading, amount: Amount) -> bool:
    """"a doublé sa valorisation, ... pour passer de 2,8 milliards à presque 7 milliards", "its valuation went from
    $2 billion to $5 billion": both ends of a progression after a valuation word (no deal word of their own)."""
    for first, second in itertools.pairwise(reading.amounts):
        if amount is not first and amount is not second:
            continue
        head_start = max(0, first.start - PROGRESSION_HEAD)
        if PROGRESSION_FROM.search(reading.text, head_start, first.start) and \
                (PROGRESSION_JOIN.match(reading.text, first.end, second.start) or
                 DATED_PROGRESSION_JOIN.match(reading.text, first.end, second.start)) and \
                not cue_between(reading, head_start, second.start) and \
                any(cue.end <= head_start for cue in cues_of(reading, Concept.VALUATION)):
            return True
    return False


AND_WORDS = alternation(every_language(Concept.AND))
# "..., $9 billion by May, and over $50 billion": the last comma-separated piece before a figure of a series holds
# at most "and" and two words (a qualifier), no digit ("et plus de 40 milliards" after a French list without comma).
SERIES_ITEM_HEAD = re.compile(
    rf"(?:,\s*(?:{AND_WORDS}\s+)?|\s+{AND_WORDS}\s+)(?:[^\s\d,;:()]+\s+){{0,2}}$", re.IGNORECASE)
SERIES_GAP = 60


def valuation_series(reading: Reading, amount: Amount) -> bool:
    """"X was valued at $2.5 billion in January, $9 billion by May, $29 billion after its Series D, and over $50
    billion by April": each figure of a comma-separated series whose first figure is a valuation is one too (not
    "..., raised $300 million": a deal word of its own before the figure)."""
    index = reading.amounts.index(amount)
    while index > 0:
        before, current = reading.amounts[index - 1], reading.amounts[index]
        item = SERIES_ITEM_HEAD.search(reading.text, before.end, current.start)
        if not item or current.start - before.end > SERIES_GAP or cue_between(reading, item.start(), current.start) \
                or own_noun_after(reading, current):
            return False
        if valuation_cue(reading, before):
            return True
        index -= 1
    return False


# "a $140 million contract", "a $140 million multi-year deal": a deal noun right after its figure, at most two
# hyphenated words between ("valued at $40 billion, invested" is a clause after the figure, "in a deal" a complement).
NOUN_AFTER_FIGURE = re.compile(r"\s+(?:\w+-[\w-]+\s+){0,2}")
OWN_NOUNS = frozenset({Concept.PURCHASE, Concept.DEAL, Concept.RAISE, Concept.INVEST, Concept.COMMIT, Concept.COMPUTE})


def own_noun_after(reading: Reading, amount: Amount) -> bool:
    """"a $3.25 billion valuation, a $140 million contract with Meta": a figure with a deal noun of its own right
    after it measures that noun (a contract, a deal, a round), not the valuation named before it."""
    return any(cue.concept in OWN_NOUNS and noun_of_figure(reading, amount, cue) for cue in reading.cues)


def deal_noun_after(reading: Reading, amount: Amount) -> bool:
    """"a $140 million deal", "a $140 million contract": a deal noun right after the figure names what it measures."""
    return any(noun_of_figure(reading, amount, cue) for cue in cues_of(reading, Concept.DEAL))


def noun_of_figure(reading: Reading, amount: Amount, cue: Cue) -> bool:
    """The cue is the figure's own noun: right after it, or after a hyphenated word or two ("seven-year")."""
    return cue.start >= amount.end and bool(NOUN_AFTER_FIGURE.fullmatch(reading.text, amount.end, cue.start))


def bullet_role(reading: Reading) -> Role | None:
    """"- Plus de 3 milliards de dollars sur cinq ans" under "X s'engage à acheter de la puissance de calcul à Y": a
    bullet line whose words give no role takes the one its list's head (or the title) speaks of."""
    if not is_bullet(reading.text):
        return None
    head = find_cues(tokenize(reading.previous_text), reading.vocabulary)
    # "s'engage à acheter de la puissance de calcul": compute in the head makes its list a compute deal's.
    if any(cue.concept == Concept.COMPUTE for cue in head):
        return Role.COMPUTE_COMMITMENT
    return role_of_cues(head)


# A figure box's value line: the figure alone, with bracketed notes ("3.3 USD B [CV001]", "500 USD M (approximate)").
NOTES_ONLY = re.compile(r"\s*(?:[\[(][^\])]*[\])]\s*)*")
# Label words that say a box's figure is no deal figure ("Reported run-rate revenue range").
LABEL_NOT_A_DEAL = frozenset({Concept.REVENUE, Concept.MARKET_VALUE, Concept.COST, Concept.DEBT, Concept.CASH,
                              Concept.FUND_SIZE, Concept.MARKET_STATS})


# A label ends without a sentence's stop ("Latest disclosed valuation (Series B 2025) 01").
SENTENCE_STOP = re.compile(r"[.!?:;]\s*$")


def is_label(text: str) -> bool:
    return bool(text.strip()) and not SENTENCE_STOP.search(text)


def box_value_role(reading: Reading, amount: Amount) -> Role | None:
    """"Latest disclosed valuation (Series B 2024)" then a line "3.3 USD B [CV001]": a line that holds only its
    figure takes the role its label line (the sentence before) names: a valuation, deal money, or no deal figure."""
    if reading.text[:amount.start].strip() or not NOTES_ONLY.fullmatch(reading.text, amount.end) or \
            not is_label(reading.previous_text):
        return None
    label = find_cues(tokenize(reading.previous_text), reading.vocabulary)
    concepts = {cue.concept for cue in label}
    if concepts & LABEL_NOT_A_DEAL:
        return Role.NOT_A_DEAL
    if concepts & {Concept.VALUATION, Concept.VALUATION_NOUN}:
        return Role.VALUATION
    return role_of_cues(label)


def list_item_role(reading: Reading, amount: Amount) -> Role:
    """"Tessera, jusqu'à 3 milliards ; Orbis, 2 milliards": a figure right after a party, in a list of
    commitments, has the role the sentence (or the one before) speaks of."""
    before = mentions_before(reading, amount.start)
    if not before or not LIST_ITEM_GAP.fullmatch(reading.text[before[-1].end:amount.start]):
        return Role.NOT_A_DEAL
    role = role_of_cues(reading.cues) or role_of_cues(find_cues(tokenize(reading.previous_text), reading.vocabulary))
    # "will acquire Peltrix for $2 billion": buying a company is no compute purchase.
    if role is None or role == Role.COMPUTE_COMMITMENT and not has_compute(reading):
        return Role.NOT_A_DEAL
    return role


def role_of_cues(cues: tuple[Cue, ...]) -> Role | None:
    """The role the first deal cue of a sentence speaks of (a commitment is deal money)."""
    first = next((ROLE_OF_CUE[c.concept] for c in cues if c.concept in ROLE_OF_CUE), None)
    return first or (Role.DEAL_MONEY if any(c.concept == Concept.COMMIT for c in cues) else None)


def valuation_cue(reading: Reading, amount: Amount) -> Cue | None:
    """"valued at $X", "valorisation à X" (nothing else said in between), or "a $X (post-money) valuation"; not
    the size of a deal ("a deal valued at $6.2 billion", "with a total value of $1.3 billion")."""
    for cue in cues_near(reading, amount, (Concept.VALUATION,), VALUATION_BEFORE_WINDOW, 0):
        if not amounts_between(reading, cue.end, amount.start, amount) and \
                not cue_between(reading, cue.end, amount.start) and not deal_size(reading, cue, amount) and \
                not own_noun_after(reading, amount):
            return cue
    for cue in cues_near(reading, amount, (Concept.VALUATION_NOUN,), 0, VALUATION_AFTER_WINDOW):
        if cue.start >= amount.end and VALUATION_NOUN_GAP.fullmatch(reading.text[amount.end:cue.start]):
            return cue
    # "the roughly $545 million the company was valued at in March": "valued at" after the figure, no other after.
    nouns = {(cue.start, cue.end) for cue in cues_of(reading, Concept.VALUATION_NOUN)}
    for cue in cues_near(reading, amount, (Concept.VALUATION,), 0, VALUED_AT_AFTER_WINDOW):
        if cue.start >= amount.end and (cue.start, cue.end) not in nouns and AT_ONLY.match(reading.text, cue.end) and \
                not CLAUSE_MARK.search(reading.text, amount.end, cue.start) and \
                not cue_between(reading, amount.end, cue.start) and \
                not any(0 <= other.start - cue.end <= VALUED_AT_AFTER_WINDOW for other in reading.amounts):
            return cue
    return None


# "a new round at $15 billion", "raised $500 million at roughly $9 billion": "at" right after the round's noun or
# its figure, then at most two words (a qualifier, an article) before the price.
PRICE_WORDS = r"\s+(?P<words>(?:[^\s\d]+\s+){0,2})$"
ROUND_PRICED_AT = re.compile(rf"(?<!\w){alternation(every_language(Concept.PRICED_AT))}{PRICE_WORDS}", re.IGNORECASE)
# "raised $500 million at $9 billion", "lève 300 M$ à 3,25 Md$".
FIGURE_PRICED_AT = re.compile(rf"\s+{alternation(every_language(Concept.PRICE_AFTER_FIGURE))}{PRICE_WORDS}",
                              re.IGNORECASE)
PRICE_HEAD_WINDOW = 40
# "at a cost of": a noun of its own before the figure says what it measures.
OF_WORDS = frozenset(word.lower() for word in every_language(Concept.OF))
# "raised at least $500 million": an "at" that opens a qualifier sets no price.
AT_WORDS = frozenset(word.lower() for word in every_language(Concept.AT))
AT_QUALIFIERS = frozenset(phrase.lower() for vocabulary in VOCABULARIES.values()
                          for phrases in vocabulary.qualifiers.values() for phrase in phrases
                          if phrase.split()[0].lower() in AT_WORDS)


def priced_at(reading: Reading, amount: Amount) -> bool:
    """The price a round is done at: "at" right after a round noun, or after the figure a company raised (not the
    ceiling of a range)."""
    head_start = max(0, amount.start - PRICE_HEAD_WINDOW)
    if price_words(ROUND_PRICED_AT.search(reading.text, head_start, amount.start)) is not None:
        return True
    match = FIGURE_PRICED_AT.search(reading.text, head_start, amount.start)
    if price_words(match) is None:
        return False
    return any(other is not amount and other.is_money and other.end == match.start() and
               not (other.qualifier == Qualifier.AT_LEAST and amount.qualifier == Qualifier.UP_TO) and
               cues_near(reading, other, (Concept.RAISE,), CUE_BEFORE_WINDOW, 0) for other in reading.amounts)


def price_words(match: re.Match[str] | None) -> str | None:
    """The words between "at" and the price, unless one of them makes a noun of its own ("at a cost of")."""
    if match is None or OF_WORDS & {word.lower() for word in match["words"].split()} or \
            opens_qualifier(match["words"]):
        return None
    return match["words"]


def opens_qualifier(words: str) -> bool:
    """The words after "at" make a qualifier with it ("at least", "at most"): the figure is no price."""
    head = words.lower().split()
    return any(" ".join([at, *head[:count]]) in AT_QUALIFIERS for at in AT_WORDS for count in (1, 2))


def deal_size(reading: Reading, cue: Cue, amount: Amount) -> bool:
    """"an agreement ... worth", "a deal valued at $6.2 billion", "un accord d'une valeur de": a deal or total
    word right before the valuation word, and no company named between it and the figure ("the deal values
    Reflection AI at $8 billion" values a company)."""
    deals = cues_of(reading, Concept.DEAL, Concept.TOTAL)
    sized = any(0 <= cue.start - other.end <= DEAL_SIZE_WINDOW or deal_with_partner(reading, other, cue)
                for other in deals) or fronted_deal_size(reading, cue, amount) or term_sized(reading, cue)
    return sized and not mentions_between(reading, cue.end, amount.start)


# "Valued at up to $14 billion, the multi-year contract ...": after the figure, a comma, an article and at most
# two words (no company noun: "the startup signed a contract") before the deal word the fronted phrase describes.
FRONTED_HEAD = re.compile(
    rf"\s*,\s*{before_name([*every_language(Concept.DEFINITE_ARTICLES), *every_language(Concept.INDEFINITE_ARTICLES)])}"
    rf"(?P<words>(?:[\w'’-]+\s+){{0,2}})$", re.IGNORECASE)
COMPANY_NOUNS = frozenset(word.lower() for word in every_language(Concept.COMPANY_NOUNS))
FRONTED_HEAD_WINDOW = 50


# "for a four-year period valued at", "a multi-year lease worth": a duration adjective, then the one noun it
# describes, right before the valuation word.
TERM_BEFORE = re.compile(rf"(?<![\w-])[\w]+-{alternation(every_language(Concept.TIME_UNITS))}\s+(?P<noun>[^\W\d]+)\s+$",
                         re.IGNORECASE)


def term_sized(reading: Reading, cue: Cue) -> bool:
    """A term of so many years is valued, not a company ("agreed to lease servers for a four-year period valued at
    $1.3 billion"); a company noun there is a company's age ("a three-year startup valued at")."""
    term = TERM_BEFORE.search(reading.text, max(0, cue.start - DEAL_SIZE_WINDOW), cue.start)
    return bool(term) and term["noun"].lower() not in COMPANY_NOUNS


def fronted_deal_size(reading: Reading, cue: Cue, amount: Amount) -> bool:
    """A sentence that opens on the valuation word, whose phrase then describes a deal ("Valued at $14 billion, the
    contract runs five years"): the deal's size, no company's valuation."""
    if reading.text[:cue.start].strip():
        return False
    heads = (FRONTED_HEAD.fullmatch(reading.text, amount.end, deal.start) for deal in cues_of(reading, Concept.DEAL)
             if amount.end < deal.start <= amount.end + FRONTED_HEAD_WINDOW)
    return any(head and not COMPANY_NOUNS & set(head["words"].lower().split()) for head in heads)


# "a deal with Meta Platforms reportedly valued at", "un partenariat de plusieurs années avec Orin, d'une valeur de":
# up to three lower-case words, "with" and the other side of the deal (maybe an article and up to three words that
# describe it before it, "with AI chip startup Corvane Systems"; a comma and up to two lower-case words after it)
# between the deal word and the valuation word.
PARTNER_BEFORE = re.compile(
    rf"(?:\s+[{LOWER_CASE_LETTERS}][\w'’-]*){{0,3}}\s+{alternation(every_language(Concept.DEAL_PARTNER))}\s+"
    rf"{before_name([*every_language(Concept.DEFINITE_ARTICLES), *every_language(Concept.INDEFINITE_ARTICLES)])}?"
    rf"(?:[\w'’.-]+\s+){{0,3}}",
    re.IGNORECASE)
PARTNER_AFTER = re.compile(rf"\s*,?(?:\s*[{LOWER_CASE_LETTERS}][\w'’-]*){{0,2}}\s*,?\s*")


def deal_with_partner(reading: Reading, deal: Cue, cue: Cue) -> bool:
    """The deal word, "with" and a party, then the valuation word: the deal's size, not the party's valuation."""
    return any(PARTNER_BEFORE.fullmatch(reading.text, deal.end, partner.start) and
               PARTNER_AFTER.fullmatch(reading.text, partner.end, cue.start)
               for partner in mentions_between(reading, deal.end, cue.start))


def amounts_between(reading: Reading, start: int, end: int, amount: Amount) -> bool:
    """Another figure lies between the two positions (a figure joined to `amount` in a range, or the start of a
    progression "from $2 billion last year to $8 billion", does not count)."""
    others = [a for a in reading.amounts if a is not amount and start <= a.start and a.end <= end]
    joined = [a for a in others if RANGE_GAP.fullmatch(reading.text[a.end:amount.start]) or
              is_progression(reading, a, amount)]
    return len(others) > len(joined)


def is_progression(reading: Reading, first: Amount, second: Amount) -> bool:
    """"from $2 billion last year to $8 billion", "de 2,8 milliards à 7 milliards": two values of one measure."""
    head = reading.text[max(0, first.start - PROGRESSION_HEAD):first.start]
    between = reading.text[first.end:second.start]
    return bool(PROGRESSION_FROM.search(head) and (PROGRESSION_TO.search(between) or PROGRESSION_JOIN.match(between)))


def cue_between(reading: Reading, start: int, end: int) -> bool:
    return any(c.concept in ROLE_OF_CUE and start <= c.start and c.end <= end for c in reading.cues)


def is_stake_worth(reading: Reading, amount: Amount) -> bool:
    """"a stake of roughly 27% in OpenAI, worth about $135 billion": what a stake is worth is no deal figure."""
    percent_before = any(a.unit == PERCENT and a.start < amount.start for a in reading.amounts)
    return percent_before and bool(cues_near(reading, amount, (Concept.WORTH,), WORTH_WINDOW, 0))


def buys_shares(reading: Reading, amount: Amount) -> bool:
    """"$1.5 billion of existing shares": shares right after the figure."""
    return bool(cues_near(reading, amount, (Concept.SHARES,), 0, SHARES_AFTER_WINDOW))


def goes_into_compute(reading: Reading, amount: Amount) -> bool:
    """"investit 30 milliards de dollars dans Microsoft Azure": money put into a cloud buys compute."""
    if not has_compute(reading):
        return False
    after = reading.text[amount.end:amount.end + INTO_COMPUTE_WINDOW]
    into = INTO.match(after)
    if into:
        return into_compute(reading, amount.end + into.end())
    to = TO_COMPUTE.match(after)
    if to is None:
        return False
    return compute_cue_at(reading, amount.end + to.end()) or \
        bool(to["word"]) and compute_cue_at(reading, amount.end + to.start("word"))


def builds_own_compute(reading: Reading, amount: Amount) -> bool:
    """"investir 10 milliards d'euros dans une infrastructure", "invest $8 billion in a supercomputer": money into
    a compute site of its own (an indefinite article, no cloud or seller of compute named) is a project's budget."""
    into = INTO.match(reading.text, amount.end)
    if into is None:
        return False
    return bool(INDEFINITE.match(reading.text, into.end())) and not clouds(reading) and not seller_named(reading)


def into_compute(reading: Reading, start: int) -> bool:
    """After "into": a cloud named close, or a compute word before any company ("in OpenAI as the lab
    deploys...": a company named first is where the money goes, not compute)."""
    named = next((m for m in reading.mentions if m.start >= start), None)
    if named and named.is_cloud and named.start - start < CLOUD_AFTER_INTO:
        return True
    if any(0 <= cue.start - start <= DEAL_NOUN_AFTER_INTO for cue in cues_of(reading, Concept.RAISE, Concept.DEBT)):
        return False  # "$2.3 billion in debt financing to buy GPUs": the money is a financing, bought with later
    limit = named.start - start if named else COMPUTE_AFTER_INTO
    return any(0 <= cue.start - start < min(COMPUTE_AFTER_INTO, limit) for cue in cues_of(reading, Concept.COMPUTE))


def compute_cue_at(reading: Reading, position: int) -> bool:
    """"committed $2 billion to reserved instances": a compute word right after "to" (not "to build data
    centres", where the money may fund the company that builds)."""
    return any(cue.start == position for cue in cues_of(reading, Concept.COMPUTE))


def is_ceiling(reading: Reading, previous: Deal, amount: Amount) -> bool:
    """"would start at $500 million and could reach $1 billion", "démarrerait à 300 millions et pourrait atteindre
    800 millions": a ceiling joined to the figure before by "and" and a few words (no party, no deal word of its
    own) is the same deal's."""
    if amount.qualifier != Qualifier.UP_TO or previous.amount.qualifier == Qualifier.UP_TO or \
            previous.amount.end > amount.start or cues_of(reading, Concept.RESPECTIVELY):
        return False  # "up to $10 billion and $5 billion ..., respectively": one qualifier for a list
    return bool(CEILING_GAP.fullmatch(reading.text, previous.amount.end, amount.start)) and \
        not mentions_between(reading, previous.amount.end, amount.start) and \
        not cue_between(reading, previous.amount.end, amount.start)


def is_comparison(reading: Reading, amount: Amount) -> bool:
    """"(contre 500 milliards de dollars pour OpenAI)": a figure given for comparison with the one before; "a
    77% jump from Runway's previous $3 billion round": the company's name and a recall word may sit between."""
    if cues_near(reading, amount, (Concept.COMPARISON,), COMPARISON_WINDOW, 0):
        return True
    for cue in cues_near(reading, amount, (Concept.COMPARISON,), RECALLED_COMPARISON_WINDOW, 0):
        gap = reading.text[cue.end:amount.start]
        named = [m for m in mentions_between(reading, cue.end, amount.start)]
        for mention in named:
            gap = gap.replace(reading.text[mention.start:mention.end], "")
        if RECALLED_GAP.fullmatch(gap):
            return True
    return False
