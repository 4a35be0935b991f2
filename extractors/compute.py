"""Compute deals: who buys compute or gets capacity, and from which provider."""

from __future__ import annotations

import re

from extractors.amounts import Amount
from extractors.cues import Cue
from extractors.deals import Deal, deal
from extractors.facts import Kind
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept
from extractors.names import COMPUTE_SELLERS, GPU_CLOUDS, LABS, Mention
from extractors.non_deal import is_leased_party, is_site_power
from extractors.patterns import alternation, before_name
from extractors.reading import (
    CUE_BEFORE_WINDOW,
    Reading,
    clouds,
    cues_near,
    cues_of,
    ends_with,
    has_compute,
    head_of,
    implied_company,
    last_before,
    mentions_before,
    read,
)
from extractors.references import group_starting_with, joint, mention_after, named_apposition, resolve
from extractors.text import is_bullet

SUPPLY_AFTER_WINDOW = 40
PAYEE_AFTER_WINDOW = 30
# "to supply", "pour lui fournir": a pronoun standing for the party dealt with may sit before the infinitive.
INFINITIVE_BEFORE = re.compile(rf"(?<!\w){alternation(every_language(Concept.IN_ORDER_TO))}\s+"
                               rf"(?:{alternation(every_language(Concept.OBJECT_PRONOUNS))}\s+)?$", re.IGNORECASE)
DIRECT_OBJECT_GAP = 2


def compute_deal(reading: Reading, kind: Kind, amount: Amount) -> Deal | None:
    """Who gets compute (the party before the figure, or named "de la part de") and from which provider."""
    if kind == Kind.COMPUTE_CAPACITY and is_site_power(reading, amount):
        return built_for(reading, amount)
    if names_the_deal_before(reading):
        parties = parties_of_deal_before(reading)
        return deal(kind, parties[0], parties[1], amount) if parties else None
    payee = paid_party(reading, amount)
    if payee:
        payer = last_before(reading, payee.start, lambda m: m is not payee)
        return deal(kind, resolve(reading, payer) or implied_company(reading), resolve(reading, payee), amount)
    supply = supply_cue(reading, amount)
    supplier = mentions_before(reading, supply.start)[-1:] if supply else []
    if supply and supplier and INFINITIVE_BEFORE.search(reading.text, 0, supply.start):
        # "Vantor signed a $6.2 billion deal with Microsoft to supply GPU capacity": the sentence's subject
        # supplies, the party it deals with receives.
        first = mentions_before(reading, supply.start)[0]
        if first is not supplier[0]:
            return deal(kind, resolve(reading, supplier[0]), resolve(reading, first), amount)
    if supply and supplier:
        return supplied_deal(reading, kind, amount, supply, supplier[0])
    provider = find_provider(reading, amount) or head_provider(reading)
    subject = buyer(reading, amount, provider)
    if subject is None or subject == provider:
        return None
    if provider in LABS and subject in COMPUTE_SELLERS or sells_to(reading, subject, provider):
        # "Oracle signed a $300 billion deal with OpenAI": the lab buys, the cloud sells.
        subject, provider = provider, subject
    elif seller_winning(reading) and subject in COMPUTE_SELLERS and provider not in COMPUTE_SELLERS:
        # "Oracle décroche un contrat de 12 milliards avec Corvane": the seller that wins the contract sells.
        customer = next((name for m in reading.mentions if m.start >= amount.end and
                         (name := resolve(reading, m)) and name not in COMPUTE_SELLERS), None)
        subject, provider = provider or customer or implied_company(reading), subject
    elif provider is None and subject in COMPUTE_SELLERS:
        # "Corvane Taps Oracle for $12B of GPUs", "Corvane, Oracle Sign $12 Billion Compute Pact": a seller of
        # compute named with a company that sells none sells to it.
        customer = next((name for m in mentions_before(reading, amount.start)
                         if (name := resolve(reading, m)) and name not in COMPUTE_SELLERS), None)
        if customer:
            subject, provider = customer, subject
    return deal(kind, subject, provider, amount)


# "The five-year agreement is worth", "Valued at $14 billion, the multi-year contract": an article and at most two
# words before the deal noun, at the sentence's start or after a comma.
DEAL_ANAPHOR = re.compile(
    rf"(?:^|,)\s*{before_name(every_language(Concept.DEFINITE_ARTICLES), either_case=True)}(?:[\w'’-]+\s+){{0,2}}$")


def names_the_deal_before(reading: Reading) -> bool:
    """A sentence that names no party and speaks of "the agreement": its figure is the deal's the sentence before
    described ("Microsoft signed a contract to rent capacity. The five-year agreement is worth $6.2 billion.")."""
    return not reading.mentions and bool(reading.previous_text) and \
        any(DEAL_ANAPHOR.search(reading.text, 0, cue.start) for cue in cues_of(reading, Concept.DEAL))


def continues_compute_deal(reading: Reading) -> bool:
    """The sentence speaks of "the agreement" the sentence before described, and that one was about compute."""
    return names_the_deal_before(reading) and has_compute(read(reading.previous_text, reading.vocabulary))


def parties_of_deal_before(reading: Reading) -> tuple[str, str] | None:
    """The customer and the provider of the compute deal the sentence before described: "X signed a deal with Y to
    supply ..." (Y buys from X), "X signed a contract to rent ..." (X buys, from the party named after "from", else
    from the article's topic)."""
    before = read(reading.previous_text, reading.vocabulary)
    for cue in before.cues:
        named = [resolve(before, m) for m in mentions_before(before, cue.start)]
        if cue.concept == Concept.SUPPLY and INFINITIVE_BEFORE.search(before.text, 0, cue.start) and len(named) == 2:
            return (named[1], named[0]) if named[0] and named[1] and named[0] != named[1] else None
        if cue.concept == Concept.PURCHASE and len(named) == 1 and named[0]:
            seller = mention_after(before, cue.end, Concept.PROVIDER, window=SUPPLY_AFTER_WINDOW)
            provider = resolve(before, seller) or reading.topic.name
            return (named[0], provider) if provider and provider != named[0] else None
    return None


def head_provider(reading: Reading) -> str | None:
    """A bullet line's provider, named in its list's head or the title ("X s'engage à acheter de la puissance de
    calcul à Microsoft" above "- Jusqu'à 1 gigawatt de capacité")."""
    if not is_bullet(reading.text):
        return None
    head = read(reading.previous_text, reading.vocabulary)
    named = clouds(head) or [m for m in head.mentions if is_provider_mention(head, m, weak=True)]
    return resolve(head, named[-1]) if named else None


# "Oracle lands", "Oracle décroche": the word of winning right after the seller's name.
WIN_GAP = 2


def seller_winning(reading: Reading) -> Mention | None:
    """The seller of compute a word of winning follows ("Oracle lands", "Oracle décroche")."""
    return next((m for m in reading.mentions if resolve(reading, m) in COMPUTE_SELLERS and
                 any(0 <= cue.start - m.end <= WIN_GAP for cue in cues_of(reading, Concept.RAISE))), None)


def sells_to(reading: Reading, subject: str, provider: str | None) -> bool:
    """"Nscale a signé un accord ... avec Microsoft": a GPU cloud dealing with a company that is no GPU cloud (and
    not named by a cloud brand) sells to it."""
    return subject in GPU_CLOUDS and provider is not None and provider not in GPU_CLOUDS and \
        not any(m.is_cloud and m.name == provider for m in reading.mentions)


def built_for(reading: Reading, amount: Amount) -> Deal | None:
    """"a 1.2 GW campus for Velka", "that project, being built for Velka and Lumo", "developed in partnership with
    Velka": the users named after "for" (or "with") get the site's capacity (jointly), from its builder: the party
    named before the figure, else the topic."""
    user = mention_after(reading, amount.end, Concept.RECIPIENT) or mention_after(reading, amount.end, Concept.PROVIDER)
    if user is None or is_leased_party(reading, user):
        return None
    users = group_starting_with(reading, user)
    subject = joint(reading, users, set())
    builder = resolve(reading, last_before(reading, amount.start, lambda m: m not in users)) or reading.topic.name
    return deal(Kind.COMPUTE_CAPACITY, subject, builder if builder != subject else None, amount)


def supplied_deal(reading: Reading, kind: Kind, amount: Amount, supply: Cue, supplier: Mention) -> Deal | None:
    """"Thistle Compute will deliver 500 megawatts ... to Pellucid AI": the party before a supply verb provides,
    its object (or the party after "to") receives."""
    # "will supply GPU capacity to Microsoft under a $6.2 billion contract": "to" may come before the figure too
    after = [found for found in (mention_after(reading, amount.end, Concept.RECIPIENT),
                                 mention_after(reading, supply.end, Concept.RECIPIENT, window=SUPPLY_AFTER_WINDOW))
             if found and not is_leased_party(reading, found)]
    recipient = direct_object(reading, supply) or next(iter(after), None)
    return deal(kind, resolve(reading, recipient) or implied_company(reading), resolve(reading, supplier), amount)


def buyer(reading: Reading, amount: Amount, provider: str | None) -> str | None:
    """Who spends: named after "on behalf of", else the last party before the figure that is no provider, else
    the topic."""
    def is_buyer(m: Mention) -> bool:
        return not m.is_cloud and resolve(reading, m) != provider and not is_provider_mention(reading, m) and \
            not bought_from(reading, m)

    buyer_after = mention_after(reading, amount.end, Concept.ON_BEHALF)
    return resolve(reading, buyer_after) or resolve(reading, last_before(reading, amount.start, is_buyer)) or \
        implied_company(reading)


def paid_party(reading: Reading, amount: Amount) -> Mention | None:
    """"Corvane will pay Vantor $3 billion for GPU access", "Corvane paiera 3 milliards de dollars à Vantor": who is
    paid for compute provides it (named right after the verb, or after "to"/"à" right after the figure)."""
    for cue in cues_near(reading, amount, (Concept.PAY,), CUE_BEFORE_WINDOW, 0):
        paid = direct_object(reading, cue)
        if paid and paid.end <= amount.start:
            return paid
        after = mention_after(reading, amount.end, Concept.RECIPIENT, window=PAYEE_AFTER_WINDOW)
        if after:
            return after
    return None


def supply_cue(reading: Reading, amount: Amount) -> Cue | None:
    """"Thistle Compute will deliver 500 megawatts ... to Pellucid AI", "a $14 billion agreement to supply
    Meta": a supply verb makes the party before it the provider."""
    supply = cues_near(reading, amount, (Concept.SUPPLY,), CUE_BEFORE_WINDOW, SUPPLY_AFTER_WINDOW)
    return supply[0] if supply else None


def direct_object(reading: Reading, cue: Cue) -> Mention | None:
    return next((m for m in reading.mentions if 0 <= m.start - cue.end <= DIRECT_OBJECT_GAP), None)


def find_provider(reading: Reading, amount: Amount) -> str | None:
    """The provider: the cloud nearest the figure (the first named of two as near), else a party introduced as a
    seller of compute, after the figure first."""
    own = own_provider(reading, amount)
    if own:
        return own
    named_clouds = clouds(reading)
    if named_clouds:
        return min(named_clouds, key=lambda m: abs(m.start - amount.start)).name
    buyer_after = mention_after(reading, amount.end, Concept.ON_BEHALF)
    for mention in reading.mentions:
        if mention is not buyer_after and mention.start >= amount.end and \
                is_provider_mention(reading, mention, weak=True):
            return provider_name(reading, mention)
    return provider_name(reading, last_before(reading, amount.start,
                                              lambda m: is_provider_mention(reading, m) or bought_from(reading, m)))


# "louera des serveurs à Orvane": the verb of buying or renting, its object, then the seller.
BOUGHT_FROM_WINDOW = 40


def bought_from(reading: Reading, mention: Mention) -> bool:
    """"Velka louera des serveurs à Orvane pour 2 milliards": a party named right after "à"/"de" (strictly), after
    a verb of buying or renting and its object with no other party between, sells what is bought."""
    return ends_with(reading, Concept.PROVIDER_AFTER, head_of(reading, mention), strict=True) and \
        any(0 <= mention.start - cue.end <= BOUGHT_FROM_WINDOW and
            not any(cue.end <= other.start < mention.start for other in reading.mentions)
            for cue in cues_of(reading, Concept.PURCHASE))


# "a separate $300 billion agreement with Oracle": the figure's own deal noun, then the provider.
OWN_PROVIDER_WINDOW = 30


def own_provider(reading: Reading, amount: Amount) -> str | None:
    """The provider named right after the figure (its deal noun and "with"/"from" between, no other figure), over a
    cloud the sentence names for another figure ("a $38 billion contract with AWS, and a $300 billion one with
    Oracle")."""
    for mention in reading.mentions:
        if 0 <= mention.start - amount.end <= OWN_PROVIDER_WINDOW and is_provider_mention(reading, mention) and \
                not any(amount.end <= other.start < mention.start for other in reading.amounts):
            return provider_name(reading, mention)
    return None


def provider_name(reading: Reading, mention: Mention | None) -> str | None:
    """"a deal with the company": an anaphor as the provider is the company the article is about, not the buyer
    named before it."""
    if mention is not None and named_apposition(reading, mention).is_anaphor:
        return reading.topic.name
    return resolve(reading, mention)


def is_provider_mention(reading: Reading, mention: Mention, weak: bool = False) -> bool:
    """A party introduced as the seller of compute ("auprès de Microsoft", "from Google Cloud").

    After the figure, weaker prepositions do too ("l'achat de services en nuage à Amazon.com").
    """
    if mention.is_cloud:
        return True
    head = head_of(reading, mention)
    if mention.is_anaphor:
        # "another deal with the company": an anaphor right after "with"/"from" (the company the article is about).
        return ends_with(reading, Concept.PROVIDER, head, strict=True) and \
            not ends_with(reading, Concept.ON_BEHALF, head)
    preposition = ends_with(reading, Concept.PROVIDER, head) or \
        weak and ends_with(reading, Concept.PROVIDER_AFTER, head)
    return preposition and not ends_with(reading, Concept.ON_BEHALF, head)
