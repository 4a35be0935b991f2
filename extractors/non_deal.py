"""Which figures are no deal figure, and what they are instead: revenue, a fund's size, a market's total, a project's
budget, an acquisition's price, a hypothetical figure (each role with its own words in languages/)."""

from __future__ import annotations

import re
from functools import cache

from extractors.amounts import PERCENT, Amount
from extractors.cues import Cue, find_cues
from extractors.languages import every_language
from extractors.languages.vocabulary import UPPER_CASE_LETTERS, Concept, Vocabulary
from extractors.names import Mention
from extractors.patterns import alternation, before_name
from extractors.reading import Reading, cues_near, cues_of, ends_with, head_of, mentions_between
from extractors.tokens import tokenize

# "revenue of $3 billion": the words of a figure's own noun phrase sit this close to it.
BESIDE_BEFORE_WINDOW = 40
BESIDE_AFTER_WINDOW = 15
# "a $40 billion investment firm", "a $2bn Canadian Sovereign AI Compute Strategy": words before the noun.
NOUN_AFTER_WORDS = 5
NOUN_AFTER_WINDOW = 80
# "son plan ambitieux de 109 milliards": a fund noun, a couple of words, then "de" and the figure.
NOUN_BEFORE_WINDOW = 30
# "raised a $500 million fund": a fund raising its own money is a round (ANNOTATION.md).
RAISED_FUND_WINDOW = 15
# "les start-up françaises ont levé 1,9 milliard", "$71.9 billion worldwide": a market's words around a figure;
# "l'ensemble des financements européens dans l'IA visuelle et la robotique en 2025 dépassent": a long noun phrase.
MARKET_BEFORE_WINDOW = 90
MARKET_AFTER_WINDOW = 30
MARKET_SUBJECT_WINDOW = 70
# "a campus costing about $9 billion", "a $3.4 billion joint venture": a project's noun next to its budget.
PROJECT_NOUN_WINDOW = 20
# "$3.4 billion with Blue Owl to build a campus": how far a project's purpose may follow its budget.
PURPOSE_WINDOW = 90
# "its previous round" (60 characters of a deal's words before a figure): money that a company raised.
RAISED_BEFORE_WINDOW = 60
# "a $3.4bn deal": the deal noun right after its figure.
DEAL_NOUN_GAP = 2
ACQUISITION_BEFORE_WINDOW = 50
ACQUISITION_AFTER_WINDOW = 40
ACQUISITION_BESIDE_WINDOW = 4
PAY_WINDOW = 12
FOR_ONLY = re.compile(rf"\s+{alternation(every_language(Concept.FOR))}\s+", re.IGNORECASE)
FREE_FLOAT_WINDOW = 40
# "a 1.2-gigawatt Abilene campus" (a couple of words, no preposition), "a pipeline of about 45 gigawatts",
# "un supercalculateur d'une puissance de 1 gigawatt" (a few words ending with "of" and a qualifier).
FACILITY_AFTER = re.compile(r"\s*(?:[^\W\d][\w-]*\s+){0,2}")
FACILITY_OF = re.compile(
    rf"\s+(?:(?:[^\s,;]+\s+){{0,3}}?{before_name(every_language(Concept.OF))}|"
    rf"{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\s+(?:[^\s,;\d]+\s+){{1,2}})(?:[^\s,;\d]+\s+){{0,2}}",
    re.IGNORECASE)
# Figures next to these words are what the words say (revenue, a market value, a cost, debt, cash), not a deal.
BESIDE_CONCEPTS = (Concept.REVENUE, Concept.MARKET_VALUE, Concept.COST, Concept.DEBT, Concept.CASH)
MARKET_VALUES = frozenset({Concept.MARKET_VALUE})
# Deal phrases that may hold a not-a-deal word ("debt facility", "obligations convertibles").
DEAL_PHRASE_CONCEPTS = frozenset({
    Concept.INVEST, Concept.RAISE, Concept.LEAD, Concept.SECONDARY, Concept.STAKE_NOUN, Concept.TRANSFER,
    Concept.PURCHASE, Concept.COMPUTE, Concept.SHARES,
})
# Words of a deal: one of them after a figure ends the figure's own noun phrase ("$500 million round").
DEAL_WORDS = frozenset({*DEAL_PHRASE_CONCEPTS, Concept.VALUATION, Concept.VALUATION_NOUN, Concept.DEAL,
                        Concept.COMMIT, Concept.STAKE})
# The verbs of money changing hands, which govern the figure after them.
VERBS = (Concept.INVEST, Concept.RAISE, Concept.LEAD, Concept.TRANSFER, Concept.PURCHASE)
RAISED = (Concept.RAISE, Concept.LEAD)
WORD = re.compile(r"[^\s,;:()]+")
# "at large AI companies", "chez les start-up": a preposition a couple of words before a noun makes it its object.
PREPOSITION_WORDS = [word for concept in (Concept.TARGET, Concept.OF, Concept.OF_THE, Concept.FROM, Concept.FOR,
                                          Concept.AT, Concept.BY, Concept.IN, Concept.SOURCE, Concept.GIVEN_BY)
                     for word in every_language(concept)]
PREPOSITION_BEFORE = re.compile(rf"(?<!\w){alternation(PREPOSITION_WORDS)}\s+(?:[^\s,;]+\s+){{0,3}}$",
                                re.IGNORECASE)
SUBJECT_HEAD_WINDOW = 50
# Prepositions that end a figure's own noun phrase: a fund named after them is how the money came, not its size.
# "et 100 autres par le fonds X": "by" ends it too, the fund gives the money.
NOUN_PHRASE_STOPS = frozenset(word for concept in (Concept.RECIPIENT, Concept.PROVIDER, Concept.BY) for word in
                              every_language(concept) if " " not in word)
# "the global space industry, which was estimated to be worth": a relative clause keeps the market its subject.
RELATIVE_CLAUSE = re.compile(rf",\s*{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\b", re.IGNORECASE)
PUNCTUATION = re.compile(r"[,;:()]")
CAPITALIZED = re.compile(rf"[{UPPER_CASE_LETTERS}]")


# "sold its entire Vexa stake for $4 billion", "sold all of its stake in Vexa for about $4 billion": the verb, its
# holder's possessive, a stake noun (a couple of words before it, a company after it), then "for" and the figure.
SOLD_ITS = (rf"\b{alternation(every_language(Concept.SELL))}\s+(?:[^\s,;]+\s+){{0,3}}?"
            rf"{alternation(every_language(Concept.COMPANY_POSSESSIVES))}")
HELD_NOUNS = alternation([*every_language(Concept.STAKE_NOUN), *every_language(Concept.SHARES)])
HOLDING_SOLD = re.compile(
    rf"{SOLD_ITS}\s+(?:[^\s,;]+\s+){{0,3}}?{HELD_NOUNS}"
    rf"(?:\s+{alternation([*every_language(Concept.IN), *every_language(Concept.OF)])}(?:\s+[^\s,;]+){{1,2}})?"
    rf"\s+{alternation(every_language(Concept.FOR))}\s+(?:{alternation(every_language(Concept.ROUGHLY))}\s+)?$",
    re.IGNORECASE)


# "sold its 4% stake": the percentage a holder sold, right after its possessive (a word or two between).
STAKE_SOLD = re.compile(rf"{SOLD_ITS}\s+(?:[^\s,;\d]+\s+){{0,2}}$", re.IGNORECASE)


def stake_sold(reading: Reading, amount: Amount) -> bool:
    """"Pellmont sold its 4% stake in Brisa": a stake its holder sold, to no buyer named, is held by nobody the
    sentence names; no stake fact."""
    return bool(STAKE_SOLD.search(reading.text[:amount.start]))


def holding_sold(reading: Reading, amount: Amount) -> Concept | None:
    """"SoftBank sold its entire Vexa stake for $5.8 billion": what a holder got for the shares it sold, with no
    buyer named, is the price of its exit (on the market, most often), no financing of the company."""
    return Concept.ACQUISITION if HOLDING_SOLD.search(reading.text[:amount.start]) else None


def non_deal_beside(reading: Reading, amount: Amount) -> Concept | None:
    """What a figure is when its own noun phrase says it is no deal figure, whatever deal word comes before:
    "$200 million ARR", "a $40 billion investment firm", "le plan de 109 milliards", "a $3 trillion behemoth", "its
    space sector is now worth $2.1 billion", "le premier qui atteint les 100 milliards de valorisation"."""
    return holding_sold(reading, amount) or revenue_noun_after(reading, amount) or size_noun(reading, amount) \
        or market_subject(reading, amount) or hypothetical(reading, amount) or latter_acquisition(reading, amount) \
        or moved_market_value(reading, amount) or cost_subject(reading, amount) or stock_market_value(reading, amount)


# "valued at $3 trillion on the stock market": the stock market's words right after the figure.
STOCK_MARKET_GAP = 2


def stock_market_value(reading: Reading, amount: Amount) -> Concept | None:
    """"Brisa, valued at $3 trillion on the stock market, will invest", "valorisé 3 000 milliards en Bourse": a
    listed company's market value."""
    if any(0 <= cue.start - amount.end <= STOCK_MARKET_GAP for cue in cues_of(reading, Concept.STOCK_MARKET)):
        return Concept.MARKET_VALUE
    return None


# "Les actions de Brisa ont bondi de 8 %": the shares noun, a company's name, then the verb of the move.
SHARE_MOVE_WINDOW = 40


def moved_market_value(reading: Reading, amount: Amount) -> Concept | None:
    """"Les actions de Brisa ont bondi de 8 %, valorisant le groupe à 3 000 milliards", "X's shares jumped, valuing
    it at $3 trillion": a value given after a share move is the market's, no deal's."""
    for move in cues_of(reading, Concept.SHARE_MOVE):
        if move.end <= amount.start and any(0 <= move.start - shares.end <= SHARE_MOVE_WINDOW
                                            for shares in cues_of(reading, Concept.SHARES)) and \
                any(move.end <= cue.start and cue.end <= amount.start for cue in cues_of(reading, Concept.VALUATION)) \
                and not verb_between(reading, move.end, amount.start):
            return Concept.MARKET_VALUE  # "shares jumped after it agreed to invest $2 billion" stays a deal
    return None


def cost_subject(reading: Reading, amount: Amount) -> Concept | None:
    """"Le coût d'un gigawatt de capacité est estimé à environ 35 milliards", "The cost of a gigawatt is estimated at
    $35 billion": a cost noun opening the sentence is what its figure measures (no company or deal verb between)."""
    for cue in cues_of(reading, Concept.COST):
        if cue.end <= amount.start and opening_article(reading.vocabulary).fullmatch(reading.text, 0, cue.start) and \
                not mentions_between(reading, cue.end, amount.start) and \
                not verb_between(reading, cue.end, amount.start):
            return Concept.COST
    return None


@cache
def opening_article(vocabulary: Vocabulary) -> re.Pattern[str]:
    """Nothing but a definite article before a word that opens the sentence."""
    return re.compile(rf"\s*(?:{before_name(every_language(Concept.DEFINITE_ARTICLES))})?\s*", re.IGNORECASE)


# "Cette dernière valait": the pronoun opens its sentence (a character or two of quote or space before it).
LATTER_OPENING = 2


def latter_acquisition(reading: Reading, amount: Amount) -> Concept | None:
    """"... son acquisition de Brisa en 2019. Cette dernière valait environ 7 milliards": a sentence that opens with
    a pronoun for the thing the sentence before named last, after an acquisition, gives the acquisition's price."""
    opening = [cue for cue in cues_of(reading, Concept.LATTER) if cue.start <= LATTER_OPENING and
               cue.end <= amount.start]
    if not opening:
        return None
    previous = find_cues(tokenize(reading.previous_text), reading.vocabulary)
    return Concept.ACQUISITION if any(cue.concept == Concept.ACQUISITION for cue in previous) else None


def market_subject(reading: Reading, amount: Amount) -> Concept | None:
    """"its space sector is now worth $2.1 billion", "le marché est estimé à 800 milliards": a market right before
    its figure (no comma, company or deal verb between) is what the figure measures, whatever the verb."""
    for cue in market_cues(reading, Concept.MARKET_STATS):
        if cue.end <= amount.start and amount.start - cue.end <= MARKET_SUBJECT_WINDOW and \
                not PUNCTUATION.search(RELATIVE_CLAUSE.sub(" ", reading.text[cue.end:amount.start])) and \
                not mentions_between(reading, cue.end, amount.start) and \
                not verb_between(reading, cue.end, amount.start):
            return Concept.MARKET_STATS
    return None


def non_deal_around(reading: Reading, amount: Amount) -> Concept | None:
    """What a figure is when the words around it say it is no deal figure: revenue, a cost or debt near it, a
    market's total, a project's budget, an acquisition's price."""
    return beside_word(reading, amount) or market_total(reading, amount) or project_budget(reading, amount) or \
        acquisition_price(reading, amount) or paid_for_collaboration(reading, amount)


# "paierait 90 millions de dollars pour les trois premières années de collaboration": "for", then at most six words
# (a duration, an article) before the deal noun.
PAID_FOR_DEAL = re.compile(rf"\s+{alternation(every_language(Concept.FOR))}\s+(?:[^\s\d,;:]+\s+){{0,6}}$",
                           re.IGNORECASE)


def paid_for_collaboration(reading: Reading, amount: Amount) -> Concept | None:
    """"Sanofi paierait 90 millions pour les trois premières années de collaboration avec Owkin": money one side
    pays for a collaboration or a commercial deal is a price, no money put into the other's capital."""
    if not cues_near(reading, amount, (Concept.PAY,), PAY_WINDOW, 0):
        return None
    return Concept.COST if any(cue.start > amount.end and PAID_FOR_DEAL.fullmatch(reading.text, amount.end, cue.start)
                               for cue in cues_of(reading, Concept.DEAL)) else None


def market_value_at_offer(reading: Reading, amount: Amount) -> bool:
    """"Capitalisation boursière d'environ 62 M€ (avant exercice de l'Option de Surallocation)": in an IPO notice,
    the market value at the offer price is the company's valuation (ANNOTATION.md); later market values are not."""
    near = cues_near(reading, amount, (Concept.MARKET_VALUE,), BESIDE_BEFORE_WINDOW, BESIDE_AFTER_WINDOW)
    return bool(near) and bool(cues_of(reading, Concept.AT_OFFER))


def beside_word(reading: Reading, amount: Amount) -> Concept | None:
    """"revenue of $3 billion" is no deal; "a $500 million debt facility" is one: a not-a-deal word inside a
    longer deal phrase does not count, nor one before a deal verb that governs the figure."""
    near = cues_near(reading, amount, BESIDE_CONCEPTS, BESIDE_BEFORE_WINDOW, BESIDE_AFTER_WINDOW)
    # "an oversubscribed $1.1 billion Series G round": the round noun right after the figure is what it measures,
    # the word before is the round's adjective.
    if round_noun_after(reading, amount):
        near = [cue for cue in near if cue.start >= amount.end]
    if debt_raised(reading, amount):
        near = [cue for cue in near if not (cue.concept == Concept.DEBT and cue.start >= amount.end)]
    near = [cue for cue in near if not qualifies_round(reading, cue)]
    # "grew revenue tenfold in 2023, and raised $80 million": a deal verb between the word and the figure wins.
    return next((cue.concept for cue in near if not inside_deal_phrase(reading, cue) and
                 not (cue.end <= amount.start and verb_between(reading, cue.end, amount.start))), None)


# "secured a $50 million loan": the verb of raising, an article, then the figure.
RAISED_VERB_GAP = 4


def debt_raised(reading: Reading, amount: Amount) -> bool:
    """"secured a $50 million loan from Corran Bank": debt a company raises is money into it (the corpus reads a
    loan obtained as a round), unlike debt it holds or repays."""
    return any(0 <= amount.start - cue.end <= RAISED_VERB_GAP for cue in cues_of(reading, Concept.RAISE))


def qualifies_round(reading: Reading, cue: Cue) -> bool:
    """"une série H sursouscrite", "an oversubscribed round": a word of demand next to a round noun describes the
    round, it says nothing of the figure."""
    return cue.concept == Concept.REVENUE and any(
        0 <= cue.start - other.end <= ADJECTIVE_GAP or 0 <= other.start - cue.end <= ADJECTIVE_GAP
        for other in cues_of(reading, Concept.RAISE))


ADJECTIVE_GAP = 2


def round_noun_after(reading: Reading, amount: Amount) -> bool:
    """A word of a round right after the figure ("$1.1 billion Series G", "$500 million round")."""
    return any(0 <= cue.start - amount.end <= DEAL_NOUN_GAP for cue in cues_of(reading, Concept.RAISE))


def inside_deal_phrase(reading: Reading, cue: Cue, concepts: frozenset[Concept] = DEAL_PHRASE_CONCEPTS) -> bool:
    """The cue's words are part of a longer phrase of one of the concepts ("debt" in "debt facility")."""
    return any(other.concept in concepts and other.start <= cue.start and cue.end <= other.end
               and other.end - other.start > cue.end - cue.start for other in reading.cues)


def market_cues(reading: Reading, *concepts: Concept) -> list[Cue]:
    """Market words that are no part of a market value ("market" in "market capitalisation")."""
    return [cue for cue in cues_of(reading, *concepts) if not inside_deal_phrase(reading, cue, MARKET_VALUES)]


def revenue_noun_after(reading: Reading, amount: Amount) -> Concept | None:
    """"values the company at 50x its $200 million ARR": a revenue noun right after the figure ("of" or "in"
    between at most)."""
    for cue in cues_of(reading, Concept.REVENUE):
        if cue.start >= amount.end and of_or_in(reading.vocabulary).fullmatch(reading.text, amount.end, cue.start):
            return Concept.REVENUE
    return None


@cache
def of_or_in(vocabulary: Vocabulary) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{before_name([*every_language(Concept.OF), *every_language(Concept.IN)])})?",
                      re.IGNORECASE)


def size_noun(reading: Reading, amount: Amount) -> Concept | None:
    """"a $15 billion AI fund", "a $2bn Canadian Sovereign AI Compute Strategy" (the noun after the figure, with
    only names or words of no deal between), "un fonds de 500 millions" (the noun before "de")."""
    if cues_near(reading, amount, (Concept.RAISE,), RAISED_FUND_WINDOW, 0):
        return None
    previous_end = amount.end
    for count, word in enumerate(WORD.finditer(reading.text, amount.end, amount.end + NOUN_AFTER_WINDOW)):
        if count == NOUN_AFTER_WORDS or PUNCTUATION.search(reading.text, previous_end, word.start()):
            break
        concepts = {cue.concept for cue in reading.cues if cue.start == word.start()}
        if word.group().lower() in NOUN_PHRASE_STOPS:
            break  # "apportant 60 millions à travers son fonds", "$60 million via its fund": how, not what
        if concepts & {Concept.RAISE, Concept.TOTAL}:
            break  # "porte à 115 millions le total des fonds levés": raised money, not a fund
        if any(cue.concept == Concept.FUND_SIZE and cue.start == word.start() and not inside_deal_phrase(reading, cue)
               for cue in reading.cues):
            return Concept.FUND_SIZE
        if concepts & DEAL_WORDS and not CAPITALIZED.match(word.group()):
            break
        previous_end = word.end()
    for cue in cues_of(reading, Concept.FUND_SIZE):
        # "une levée de fonds de 1,1 milliard": "fonds" inside a phrase of raising is no fund.
        if 0 <= amount.start - cue.end <= NOUN_BEFORE_WINDOW and not inside_deal_phrase(reading, cue) and \
                FUND_OF.fullmatch(reading.text, cue.end, amount.start):
            return Concept.FUND_SIZE
    return None


# After a fund noun: a couple of lower-case words, then "de"/"of" right before the figure.
FUND_OF = re.compile(rf"(?:\s+[^\W\d]+){{0,2}}\s+{before_name(every_language(Concept.OF))}", re.IGNORECASE)


def market_total(reading: Reading, amount: Amount) -> Concept | None:
    """"les start-up françaises ont levé 1,9 milliard", "raised $71.9 billion worldwide", "le marché ... estimé à
    1 000 milliards": a market's total (no company named between its words and the figure; a market noun is the
    figure's subject only when no deal verb stands between them)."""
    for cue in market_cues(reading, Concept.MANY_COMPANIES, Concept.MARKET_STATS):
        if cue.end <= amount.start:
            if amount.start - cue.end > MARKET_BEFORE_WINDOW or mentions_between(reading, cue.end, amount.start):
                continue
            if cue.concept == Concept.MARKET_STATS and verb_between(reading, cue.end, amount.start):
                continue
            if cue.concept == Concept.MANY_COMPANIES and not is_subject(reading, cue) and \
                    not FUNDING_FOR_MANY.search(reading.text, 0, cue.start):
                continue  # "founded by former researchers at large AI companies, has raised..."
            return Concept.MARKET_STATS
        if cue.concept == Concept.MARKET_STATS and cue.start - amount.end <= MARKET_AFTER_WINDOW and \
                not mentions_between(reading, amount.end, cue.start) and \
                not PURPOSE_WORD.search(reading.text, amount.end, cue.start):
            return Concept.MARKET_STATS
    return None


# "lève 50 millions d'euros pour transformer l'industrie": a market named after "for" is what the money is for.
PURPOSE_WORD = re.compile(rf"(?<!\w){alternation(every_language(Concept.FOR))}(?!\w)", re.IGNORECASE)


# "VC funding for robotics companies doubled to $18 billion": funding for a kind of company, a market's total.
FUNDING_FOR_MANY = re.compile(
    rf"(?<!\w){alternation([*every_language(Concept.RAISE), *every_language(Concept.INVEST)])}\s+"
    rf"{alternation([*every_language(Concept.FOR), *every_language(Concept.INTO_WHAT)])}"
    rf"\s+(?:[^\s,;]+\s+){{0,2}}$", re.IGNORECASE)


def is_subject(reading: Reading, cue: Cue) -> bool:
    """"Companies that build models have raised", "les start-up françaises ont levé": the plural noun is no
    preposition's object (a couple of words before it hold none) and a verb of money follows it."""
    head = reading.text[max(0, cue.start - SUBJECT_HEAD_WINDOW):cue.start]
    return not PREPOSITION_BEFORE.search(head) and verb_between(reading, cue.end, len(reading.text))


def verb_between(reading: Reading, start: int, end: int) -> bool:
    return any(cue.concept in VERBS and start <= cue.start and cue.end <= end for cue in reading.cues)


def project_budget(reading: Reading, amount: Amount) -> Concept | None:
    """"a $3.4 billion joint venture", "a campus costing $9 billion", "un partenariat de 3,4 milliards ... pour
    construire un campus": a project's budget, unless a company raised the money or is named as where it goes."""
    if raised(reading, amount):
        return None
    for cue in cues_of(reading, Concept.PROJECT):
        if -PROJECT_NOUN_WINDOW <= gap(cue, amount) <= PROJECT_NOUN_WINDOW:
            return Concept.PROJECT
    for cue in cues_of(reading, Concept.FACILITY):
        # "building a $725 million data center": the figure is the site's cost (not "a $10 billion data center deal").
        if cue.start >= amount.end and FACILITY_AFTER.fullmatch(reading.text, amount.end, cue.start) and \
                not deal_word_after(reading, cue):
            return Concept.PROJECT
    for cue in cues_of(reading, Concept.BUILD):
        if 0 <= cue.start - amount.end <= PURPOSE_WINDOW and not target_between(reading, amount.end, cue.start):
            return Concept.PROJECT
    return built_site_budget(reading, amount)


def built_site_budget(reading: Reading, amount: Amount) -> Concept | None:
    """"son intention de construire un centre de données ..., avec un engagement de Kora d'un milliard": money for
    a site the sentence builds before naming the figure (no company named after it as where the money goes)."""
    for build in cues_of(reading, Concept.BUILD):
        if build.end <= amount.start and any(build.end <= site.start and site.end <= amount.start
                                             for site in cues_of(reading, Concept.FACILITY)) and \
                not target_between(reading, amount.end, len(reading.text)):
            return Concept.PROJECT
    return None


def deal_word_after(reading: Reading, cue: Cue) -> bool:
    following = WORD.search(reading.text, cue.end)
    if following is None:
        return False
    return any(c.concept in DEAL_WORDS for c in reading.cues if c.start == following.start())


def gap(cue: Cue, amount: Amount) -> int:
    """Characters from the figure to the cue: positive after it, negative before it."""
    return cue.start - amount.end if cue.start >= amount.end else cue.end - amount.start


def target_between(reading: Reading, start: int, end: int) -> bool:
    """"invest $2 billion in Corvid AI to build...": a company the money goes into, named before the purpose."""
    return any(ends_with(reading, Concept.TARGET, head_of(reading, mention), strict=True)
               for mention in mentions_between(reading, start, end))


def raised(reading: Reading, amount: Amount) -> bool:
    """A word of raising governs the figure ("raised $1.3 billion to buy hardware", "a $600 million round"), not
    when a deal noun follows the figure ("its round comes as it signed a $3.4bn deal with Blue Owl to finance")."""
    if any(0 <= cue.start - amount.end <= DEAL_NOUN_GAP for cue in cues_of(reading, Concept.DEAL)):
        return False
    return bool(cues_near(reading, amount, RAISED, RAISED_BEFORE_WINDOW, BESIDE_AFTER_WINDOW))


def acquisition_price(reading: Reading, amount: Amount) -> Concept | None:
    """"its $7 billion purchase of a game studio", "paid $1.8 billion to license its models", "le rachat de X pour 2
    milliards": what a company pays for another, its models or its people (a deal verb between an acquisition
    word and the figure governs the figure instead: "qui avait envisagé de l'acheter, a apporté 5 millions")."""
    if any(a.unit == PERCENT for a in reading.amounts if a.end <= amount.start):
        return None  # "agreed to acquire a 9.9% stake for $1.2 billion": the price of a stake, read elsewhere
    near = [cue for cue in cues_near(reading, amount, (Concept.ACQUISITION,), ACQUISITION_BEFORE_WINDOW,
                                     ACQUISITION_AFTER_WINDOW) if not buys_compute(reading, cue)]
    # "a splashy $20 billion 'not-acqui-hire'": right next to its figure, the word says what it is.
    if any(-ACQUISITION_BESIDE_WINDOW <= gap(cue, amount) <= ACQUISITION_BESIDE_WINDOW for cue in near):
        return Concept.ACQUISITION
    if raised(reading, amount) and not bought_after_raise(reading, near, amount):
        return None
    for cue in near:
        if cue.start >= amount.end or not verb_between(reading, cue.end, amount.start):
            return Concept.ACQUISITION
    return paid_for_company(reading, amount) or bought_company(reading, amount) or \
        price_alternative(reading, amount) or usage_fee(reading, amount)


def price_alternative(reading: Reading, amount: Amount) -> Concept | None:
    """"an option to buy Quill for $40 billion, or partner for $8 billion instead": a figure after an acquisition
    price, with no deal verb between them, is the other price of the same option."""
    before = [other for other in reading.amounts if other.end <= amount.start]
    if not before or verb_between(reading, before[-1].end, amount.start):
        return None
    return acquisition_price(reading, before[-1])


def bought_after_raise(reading: Reading, near: list[Cue], amount: Amount) -> bool:
    """"secured an option to buy Quill for $40 billion": a word of buying between the word of raising and the
    figure governs the figure (what was secured is the option, the figure is the price)."""
    raises = [cue for cue in cues_of(reading, *RAISED) if cue.end <= amount.start]
    return bool(raises) and any(raises[-1].end <= cue.start and cue.end <= amount.start for cue in near)


# "pour acheter de la puissance de calcul", "to acquire GPU capacity": what is bought follows the verb closely.
BOUGHT_OBJECT_WINDOW = 30


def buys_compute(reading: Reading, cue: Cue) -> bool:
    """A verb of buying whose object is compute ("pour acheter de la puissance de calcul à AWS") buys no company
    ("pour acheter Groq, une startup de puces" buys the company named first)."""
    return any(0 <= other.start - cue.end <= BOUGHT_OBJECT_WINDOW and
               not mentions_between(reading, cue.end, other.start) for other in cues_of(reading, Concept.COMPUTE))


# "pay $140 million to use its models", "pay $60 million over two years to use": at most three words (a duration)
# between the figure and the purpose's "to".
PURPOSE_AFTER_FIGURE = re.compile(rf"(?:\s+[^\s,;.]+){{0,3}}?\s+{alternation(every_language(Concept.IN_ORDER_TO))}\s+",
                                  re.IGNORECASE)


def usage_fee(reading: Reading, amount: Amount) -> Concept | None:
    """"Meta agreed to pay $140 million to use its models": money paid to use another's product (not compute:
    "pays $3 billion to use GPU servers" buys compute; nor shares: "pays $2 billion to buy a stake in X") is a
    licence fee, no money put into the company."""
    if not cues_near(reading, amount, (Concept.PAY,), PAY_WINDOW, 0):
        return None
    for cue in cues_of(reading, Concept.PURCHASE):
        if cue.start > amount.end and PURPOSE_AFTER_FIGURE.fullmatch(reading.text, amount.end, cue.start) and \
                not buys_compute(reading, cue) and not buys_shares_after(reading, cue):
            return Concept.ACQUISITION
    return None


def buys_shares_after(reading: Reading, cue: Cue) -> bool:
    """A stake or shares right after the verb of buying ("to buy a stake in", "to buy shares of")."""
    return any(0 <= other.start - cue.end <= BOUGHT_OBJECT_WINDOW
               for other in cues_of(reading, Concept.STAKE_NOUN, Concept.SHARES))


def paid_for_company(reading: Reading, amount: Amount) -> Concept | None:
    """"Google Pays $2.7 Billion for Character.AI": a payment for a company named right after "for"."""
    if not cues_near(reading, amount, (Concept.PAY,), PAY_WINDOW, 0):
        return None
    named = next((m for m in reading.mentions if m.start >= amount.end), None)
    return Concept.ACQUISITION if named and FOR_ONLY.fullmatch(reading.text, amount.end, named.start) else None


# "rachète Quillo et ses puces pour 12 milliards", "buys Quillo for $12 billion": the company right after the verb,
# at most "and its <one or two words>", then "for" (and a qualifier) before the figure.
BOUGHT_GAP = 2
BOUGHT_TAIL = re.compile(
    rf"(?:\s+{alternation(every_language(Concept.AND))}\s+{alternation(every_language(Concept.COMPANY_POSSESSIVES))}"
    rf"(?:\s+[^\s\d,;:]+){{1,2}})?\s*,?\s+{alternation(every_language(Concept.FOR))}\s+(?:[^\s\d]+\s+){{0,2}}",
    re.IGNORECASE)


def bought_company(reading: Reading, amount: Amount) -> Concept | None:
    """"Torvane rachète Quillo et ses puces pour 12 milliards $": a company bought whole, its price after "for"
    (not "buys $2 billion of servers from Supermicro", where the figure is what is bought)."""
    for cue in cues_of(reading, Concept.PURCHASE, Concept.ACQUISITION):
        bought = next((m for m in reading.mentions if 0 <= m.start - cue.end <= BOUGHT_GAP), None)
        if bought and bought.end <= amount.start and BOUGHT_TAIL.fullmatch(reading.text, bought.end, amount.start):
            return Concept.ACQUISITION
    return None


def hypothetical(reading: Reading, amount: Amount) -> Concept | None:
    """"le premier qui atteint les 100 milliards gagne": a figure someone might reach."""
    before = any(cue.end <= amount.start for cue in cues_of(reading, Concept.HYPOTHETICAL))
    return Concept.HYPOTHETICAL if before else None


def facility_power(reading: Reading, amount: Amount) -> bool:
    """"Crusoe's 1.2-gigawatt Abilene campus", "a 45 GW development pipeline", "un supercalculateur d'une puissance
    de 1 gigawatt", "The facility will deliver 50 megawatts": a site's power, no capacity deal unless the sentence
    names who gets it ("for OpenAI")."""
    return (is_site_power(reading, amount) or site_opens_sentence(reading) or after_site_power(reading, amount)) and \
        not user_named(reading, amount)


def after_site_power(reading: Reading, amount: Amount) -> bool:
    """"a 240 MW campus ..., with options for up to 1.2 GW by 2027": power said after a site's power is the same
    site's."""
    return any(other.unit == amount.unit and other.end <= amount.start and is_site_power(reading, other)
               for other in reading.amounts)


# "The facility is set to deliver", "The new Texas campus will host": an article and at most two words before the
# facility noun that opens the sentence.
SITE_OPENING = re.compile(
    rf"\s*{before_name([*every_language(Concept.DEFINITE_ARTICLES), *every_language(Concept.INDEFINITE_ARTICLES)])}"
    rf"(?:[\w'’-]+\s+){{0,2}}", re.IGNORECASE)


def site_opens_sentence(reading: Reading) -> bool:
    """The sentence is about a site: its first noun is a facility's, so the power it delivers is the site's."""
    return any(SITE_OPENING.fullmatch(reading.text, 0, cue.start) for cue in cues_of(reading, Concept.FACILITY))


def is_site_power(reading: Reading, amount: Amount) -> bool:
    """The figure measures a site: a facility noun right after it, or a few words before it ending with "of"."""
    return any(cue.start >= amount.end and FACILITY_AFTER.fullmatch(reading.text, amount.end, cue.start) or
               cue.end <= amount.start and FACILITY_OF.fullmatch(reading.text, cue.end, amount.start)
               for cue in cues_of(reading, Concept.FACILITY))


def user_named(reading: Reading, amount: Amount) -> bool:
    """"a campus for Kora", "built in partnership with OpenAI": a party the capacity is for (not the one a site is
    "leased via" or "leased from": its landlord)."""
    return any(ends_with(reading, Concept.RECIPIENT, head_of(reading, m), strict=True) or
               ends_with(reading, Concept.PROVIDER, head_of(reading, m), strict=True) and not is_landlord(reading, m)
               for m in reading.mentions if m.start >= amount.end and not is_leased_party(reading, m))


LEASED_END = re.compile(rf"(?<!\w){alternation(every_language(Concept.LEASED))}\s+$", re.IGNORECASE)


def is_leased_party(reading: Reading, mention: Mention) -> bool:
    """"un campus de 240 mégawatts loué à Ionic Digital": the site's landlord or tenant, not who uses its power."""
    return bool(LEASED_END.search(head_of(reading, mention)))


# "leased via Ionic Digital", "rented from Brisk": a verb of renting, then the provider's preposition.
LANDLORD_GAP = re.compile(r"\s+\S+\s+")


def is_landlord(reading: Reading, mention: Mention) -> bool:
    """The party a site is rented from: right after a verb of renting and a preposition of provenance."""
    return any(LANDLORD_GAP.fullmatch(reading.text, cue.end, mention.start)
               for cue in cues_of(reading, Concept.PURCHASE))


def free_float(reading: Reading, amount: Amount) -> bool:
    """"le flottant représente désormais 21,2 % du capital": the shares that trade freely are nobody's stake."""
    return bool(cues_near(reading, amount, (Concept.FREE_FLOAT,), FREE_FLOAT_WINDOW, 0))
