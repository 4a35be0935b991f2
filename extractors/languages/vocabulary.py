"""The typed shape every language fills in: words keyed by language-neutral concepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# Symbols and codes read the same in every language; longest first is handled by patterns.py.
CURRENCY_SYMBOLS: Mapping[str, str] = {
    "US$": "USD", "$US": "USD", "$": "USD", "€": "EUR", "£": "GBP", "C$": "CAD", "CA$": "CAD",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CAD": "CAD", "CHF": "CHF", "CNY": "CNY", "RMB": "CNY", "JPY": "JPY",
}
# Unit symbols for compute power, as both languages write them.
POWER_SYMBOLS: Mapping[str, Decimal] = {"GW": Decimal(1), "MW": Decimal("0.001")}
PERCENT_SYMBOLS: tuple[str, ...] = ("%",)
# The letters of the Latin-1 script, as regex ranges: what the press of every registered language writes with.
LOWER_CASE_LETTERS = "a-zà-ÿ"
UPPER_CASE_LETTERS = "A-ZÀ-ÖØ-Þ"


class Concept(StrEnum):
    """What a list of words means to the rules; CONCEPTS says it in a sentence for each one.

    The algorithms only ever name a concept, never a word.
    """

    # Deal cues: words found in a sentence (cues.py), whose distance to a figure decides its role.
    INVEST = "invest"
    RAISE = "raise"
    TRANSFER = "transfer"
    LEAD = "lead"
    PURCHASE = "purchase"
    COMPUTE = "compute"
    VALUATION = "valuation"
    VALUATION_NOUN = "valuation_noun"
    AIM = "aim"
    EXPECTATION = "expectation"
    RISE_TO = "rise_to"
    WORTH = "worth"
    STAKE = "stake"
    STAKE_NOUN = "stake_noun"
    SECONDARY = "secondary"
    SELL = "sell"
    SHARES = "shares"
    TOTAL = "total"
    SUPPLY = "supply"
    SECURE_UNITS = "secure_units"
    COMMIT = "commit"
    DEAL = "deal"
    REVENUE = "revenue"
    MARKET_VALUE = "market_value"
    SHARE_MOVE = "share_move"
    STOCK_MARKET = "stock_market"
    COST = "cost"
    DEBT = "debt"
    CASH = "cash"
    FUND_SIZE = "fund_size"
    MARKET_STATS = "market_stats"
    MANY_COMPANIES = "many_companies"
    PROJECT = "project"
    BUILD = "build"
    FACILITY = "facility"
    LEASED = "leased"
    ACQUISITION = "acquisition"
    LATTER = "latter"
    HYPOTHETICAL = "hypothetical"
    PAY = "pay"
    FREE_FLOAT = "free_float"
    AT_OFFER = "at_offer"
    RESPECTIVELY = "respectively"
    EACH = "each"
    JOINT = "joint"
    COMPARISON = "comparison"
    FURTHER = "further"
    # Prepositions before a party, read from the article's language.
    TARGET = "target"
    PROVIDER = "provider"
    PROVIDER_AFTER = "provider_after"
    SOURCE = "source"
    ON_BEHALF = "on_behalf"
    OWNED = "owned"
    RECIPIENT = "recipient"
    BACKED_OBJECT = "backed_object"
    DEAL_PARTNER = "deal_partner"
    PRICE_AFTER_FIGURE = "price_after_figure"
    IS_A = "is_a"
    TOOK_PART = "took_part"
    SUBJECT_VERBS = "subject_verbs"
    # Around a figure, read from the article's language.
    PER_UNIT = "per_unit"
    COUNT = "count"
    RANGE_START = "range_start"
    RANGE_JOIN = "range_join"
    LIST_JOIN = "list_join"
    ELIDED_SCALE = "elided_scale"
    MORE_AFTER = "more_after"
    RESTATEMENT = "restatement"
    SCALE_ADJECTIVES = "scale_adjectives"
    AND_A_HALF = "and_a_half"
    # Small words that sentence patterns are built of; these rules read every language's words at once.
    AND = "and"
    OR = "or"
    TO = "to"
    FROM = "from"
    FOR = "for"
    AT = "at"
    PRICED_AT = "priced_at"
    BY = "by"
    OF = "of"
    OF_THE = "of_the"
    IN = "in"
    INTO = "into"
    DESTINATION = "destination"
    ALSO = "also"
    DEFINITE_ARTICLES = "definite_articles"
    INDEFINITE_ARTICLES = "indefinite_articles"
    PARTY_ARTICLES = "party_articles"
    POSSESSIVES = "possessives"
    POSSESSIVE_SUFFIXES = "possessive_suffixes"
    COMPANY_POSSESSIVES = "company_possessives"
    DEMONSTRATIVES = "demonstratives"
    AS_FOR = "as_for"
    INTO_WHAT = "into_what"
    OBJECT_PRONOUNS = "object_pronouns"
    PERSON_POSSESSIVES = "person_possessives"
    IN_ORDER_TO = "in_order_to"
    RELATIVE_PRONOUNS = "relative_pronouns"
    WHOSE = "whose"
    US = "us"
    ELISIONS = "elisions"
    ROUGHLY = "roughly"
    AMONG = "among"
    PEERS = "peers"
    RIVALS = "rivals"
    PARENT_OF = "parent_of"
    ANOTHER_COMPANY = "another_company"
    CALLED = "called"
    AGO = "ago"
    # Phrases of deal constructions.
    GIVEN_BY = "given_by"
    RELATIVE_SOURCE = "relative_source"
    OTHERS_JOIN = "others_join"
    FRONTED_IS = "fronted_is"
    FRONTED_WHAT = "fronted_what"
    PRE_MONEY = "pre_money"
    POST_MONEY = "post_money"
    COMPUTE_ADJECTIVES = "compute_adjectives"
    # Names: what is a company, what is not.
    NOT_NAME_WORDS = "not_name_words"
    NOT_PARTY_NAMES = "not_party_names"
    NOT_PARTY_BEFORE = "not_party_before"
    PLACE_NOUNS = "place_nouns"
    PERSON_TITLES = "person_titles"
    PERSON_ROLES = "person_roles"
    PASSIVE_VERB_STEMS = "passive_verb_stems"
    FUND_NOUNS = "fund_nouns"
    COMPANY_NOUNS = "company_nouns"
    PLACE_SUFFIXES = "place_suffixes"
    PLACED_IN = "placed_in"
    LAB_NAME_ENDINGS = "lab_name_endings"
    HEADLINE_WORDS = "headline_words"
    DEMONYMS = "demonyms"
    ORGANISATION_WORDS = "organisation_words"
    NOT_FIRST_NAMES = "not_first_names"
    BACKGROUND = "background"
    BACKGROUND_SUFFIXES = "background_suffixes"
    SOURCE_CLAUSE = "source_clause"
    # The context of a figure (FACTS.md as_of, status, basis), read from the article's language.
    TALKS = "talks"
    TALKS_AFTER = "talks_after"
    DONE_AFTER = "done_after"
    CONFIRMED = "confirmed"
    REPORTED = "reported"
    ACCORDING_TO = "according_to"
    NEWS_SOURCES = "news_sources"
    RECALLED = "recalled"
    AFTER_HAVING = "after_having"
    PLUPERFECT = "pluperfect"
    SAID = "said"
    NOW = "now"
    AGO_BEFORE = "ago_before"
    TIME_UNITS = "time_units"
    DATE_PREPOSITIONS = "date_prepositions"
    LAST_YEAR = "last_year"
    EARLIER_THIS_YEAR = "earlier_this_year"
    LAST_MONTH = "last_month"
    LAST_BEFORE_MONTH = "last_before_month"
    LAST_AFTER_MONTH = "last_after_month"
    SINCE = "since"
    SINCE_START = "since_start"
    # Whole articles: sentence ends and relevance.
    ABBREVIATIONS = "abbreviations"
    AI_WORDS = "ai_words"
    AI_ACRONYMS = "ai_acronyms"
    MONEY_WORDS = "money_words"


CONCEPTS: Mapping[Concept, str] = {
    Concept.INVEST: "money put into a company (verbs and nouns of investing)",
    Concept.RAISE: "a company raising a round (the subject receives, the total has no counterparty)",
    Concept.TRANSFER: "handing money over to a company named after 'to'/'à' (wire to, lend to, accorde à)",
    Concept.LEAD: "who leads a round (the lead is not the counterparty of the total)",
    Concept.PURCHASE: "buying or spending on something (compute when a compute word is near)",
    Concept.COMPUTE: "compute, cloud capacity, data centres",
    Concept.VALUATION: "what a company is worth",
    Concept.VALUATION_NOUN: "valuation nouns that may follow their figure (a $45 billion valuation)",
    Concept.AIM: "aiming at a figure right after the verb ('eyes $14B', 'vise 5 milliards'): a valuation sought, "
                 "unless a word of raising follows the figure",
    Concept.EXPECTATION: "the size a round was expected to reach ('expectations of $500 million', 'les attentes, "
                         "fixées à 500 millions'): a round's figure (talks)",
    Concept.RISE_TO: "a value rising to a figure ('leapt to', 'a bondi à'): a valuation when the sentence or the one "
                     "before speaks of one",
    Concept.WORTH: "what a stake is worth: not a deal figure of its own",
    Concept.STAKE: "owning part of a company",
    Concept.STAKE_NOUN: "nouns that make a percentage a stake even when the company is implied",
    Concept.SECONDARY: "a sale of existing shares (an investment on the company whose shares change hands)",
    Concept.SELL: "selling (a deal only when shares are sold)",
    Concept.SHARES: "shares bought or sold (the money is an investment in their company)",
    Concept.TOTAL: "a round's total",
    Concept.SUPPLY: "a provider delivering compute (the party before it is the provider)",
    Concept.SECURE_UNITS: "verbs of securing a count of chips ('secures 50,000 GPUs', 's'assure 50 000 GPU'): the "
                          "money said with them buys compute, it is no investment",
    Concept.COMMIT: "a neutral commitment word (compute when compute is near, else an investment)",
    Concept.DEAL: "a deal word (a compute deal when compute is near, else nothing by itself)",
    Concept.REVENUE: "not a deal figure: revenue, ARR, run-rate, results, forecasts (next to the figure)",
    Concept.MARKET_VALUE: "not a deal figure: market value, share moves, buybacks, dividends (next to the figure)",
    Concept.STOCK_MARKET: "the stock market right after a value ('valued at $3 trillion on the stock market', "
                          "'valorisé 3 000 milliards en Bourse'): a listed company's market value, no deal's",
    Concept.SHARE_MOVE: "a verb of a share price moving, after a shares noun ('Les actions de X ont bondi', 'X's "
                        "shares jumped'): a value the sentence gives after it is a market value",
    Concept.COST: "not a deal figure: costs, prices, budgets, capex, fines, pay (next to the figure)",
    Concept.DEBT: "not a deal figure: debt, loans, bonds, credit (next to the figure; a debt facility raised is "
                  "a round, by the project's corpus)",
    Concept.CASH: "not a deal figure: the cash a company holds ('$60 billion in cash and short-term investments', "
                  "'sa trésorerie', 'des liquidités') or a founder's own ('ses propres fonds'): money on hand, "
                  "raised from no one in the sentence",
    Concept.FUND_SIZE: "not a deal figure: the size of a fund, a firm, a programme or a listed giant ('a $40 "
                       "billion investment firm', 'un plan de 109 milliards')",
    Concept.MARKET_STATS: "not a deal figure: a market's or a sector's total ('the market', 'worldwide')",
    Concept.MANY_COMPANIES: "not a deal figure: what many companies raised together ('les start-up françaises')",
    Concept.PROJECT: "not a deal figure: a joint venture's or a campus's budget (project nouns next to the figure)",
    Concept.FACILITY: "a site's power is no deal figure unless the sentence names who uses it ('a 1.2 GW campus')",
    Concept.LEASED: "a lease's participle before a party ('un campus loué à X'): X is the site's landlord or tenant, "
                    "the press does not say which, so no user of its power",
    Concept.BUILD: "not a deal figure: money to build something (a purpose after the figure: capex)",
    Concept.ACQUISITION: "not a deal figure: an acquisition, licensing or acqui-hire price",
    Concept.LATTER: "a pronoun opening a sentence for the thing the sentence before named last ('Cette dernière "
                    "valait', 'The latter was worth'): after an acquisition, its price",
    Concept.PAY: "paying for something: 'pays $X for <company>' is an acquisition's price",
    Concept.HYPOTHETICAL: "not a deal figure: a figure someone might reach ('le premier qui atteint 100 milliards')",
    Concept.AT_OFFER: "an IPO notice's words (over-allotment, offer price): a market value said there is a valuation",
    Concept.FREE_FLOAT: "not a stake: the share of a listed company's capital that trades freely",
    Concept.RESPECTIVELY: "figures listed in the order of the parties",
    Concept.EACH: "the same figure from each of several parties (one fact per party)",
    Concept.JOINT: "one figure for several parties together (found as a cue; no rule reads it yet)",
    Concept.COMPARISON: "a figure given for comparison, about the party after it",
    Concept.FURTHER: "a further tranche or an option (found as a cue; no rule reads it yet)",
    Concept.TARGET: "prepositions before the company that receives money",
    Concept.PROVIDER: "prepositions before the provider of compute, wherever it is named",
    Concept.PROVIDER_AFTER: "weaker prepositions that introduce the provider only after the figure",
    Concept.SOURCE: "prepositions before who the money comes from",
    Concept.ON_BEHALF: "prepositions before who spends the money (the buyer named after the figure)",
    Concept.OWNED: "prepositions before the company a stake is in",
    Concept.RECIPIENT: "prepositions before who receives delivered compute, a transfer or a sold stake",
    Concept.TOOK_PART: "verbs of taking part in a round: the figure after them is the whole round's, not the party's",
    Concept.IS_A: "a copula and an article that describe the name before as a company ('Orin is an AI company')",
    Concept.PRICE_AFTER_FIGURE: "between a raised figure and the valuation it is raised at ('$300M at $3B')",
    Concept.DEAL_PARTNER: "prepositions after a deal word before the other side of the deal ('a deal with Orin')",
    Concept.BACKED_OBJECT: "verbs of backing whose direct object receives the money ('backed Orin')",
    Concept.SUBJECT_VERBS: "auxiliaries and verbs that follow a company named as a sentence's subject",
    Concept.PER_UNIT: "a figure per unit (a unit cost), never a deal",
    Concept.COUNT: "nouns counted in millions that are not money",
    Concept.RANGE_START: "words opening a range (between, from)",
    Concept.RANGE_JOIN: "words joining the two ends of a range",
    Concept.LIST_JOIN: "words joining figures of one list (they share a scale or currency)",
    Concept.ELIDED_SCALE: "words after a bare number that stands for more of the figure before, at its scale "
                          "('100 millions par A et 100 autres par B')",
    Concept.MORE_AFTER: "words after a figure that make it a floor (or more)",
    Concept.SCALE_ADJECTIVES: "words of size between a number and its scale word ('4 petits milliards')",
    Concept.AND_A_HALF: "half a unit more after a scale word ('un milliard et demi')",
    Concept.RESTATEMENT: "words before the same figure in another currency ('soit' 2 milliards d'euros)",
    Concept.AND: "the conjunction joining two parties or two figures",
    Concept.OR: "the conjunction of alternatives (two ends of a range)",
    Concept.TO: "'to': a stake brought to a level, money handed to a company, a range's end",
    Concept.FROM: "'from': the level a stake is raised from",
    Concept.FOR: "'for': the price paid for a stake, the party a compared figure is for",
    Concept.AT: "'at': the company a compared figure is about",
    Concept.PRICED_AT: "a round noun and 'at' right before a figure: the price the round is done at ('a new round "
                       "at $15 billion'), a valuation (French names the price with a valuation word)",
    Concept.BY: "the agent of a passive verb ('raised by', 'levés par')",
    Concept.OF: "'of': the company a round, a stake or a person belongs to",
    Concept.OF_THE: "'of' joined with an article ('du', 'de la')",
    Concept.IN: "'in': the company a stake is in",
    Concept.INTO: "prepositions before where money goes when it buys compute ('into Azure', 'sur AWS')",
    Concept.DESTINATION: "prepositions before where money goes, in a complement ('apportés à X par Y')",
    Concept.ALSO: "phrases joining one more party to a list ('as well as', 'ainsi que')",
    Concept.DEFINITE_ARTICLES: "definite articles (an elided one ends with its apostrophe)",
    Concept.INDEFINITE_ARTICLES: "indefinite articles",
    Concept.PARTY_ARTICLES: "articles between a preposition and the party it names ('in the startup'; 'dans une' "
                            "names a thing, not a party)",
    Concept.POSSESSIVES: "possessive determiners before a person's role ('its chief executive')",
    Concept.POSSESSIVE_SUFFIXES: "a possessive written on the name ('Peltrix's founders')",
    Concept.DEMONSTRATIVES: "demonstrative determiners: an anaphor that opens with one right after a name and a "
                            "comma says that name again ('Velka, cette start-up')",
    Concept.IN_ORDER_TO: "words before an infinitive of purpose ('a deal with Y to supply'): its agent is the "
                         "sentence's subject",
    Concept.PERSON_POSSESSIVES: "possessive determiners that only a person takes ('for her new lab')",
    Concept.INTO_WHAT: "prepositions after invested money before what it goes into: a company, or a thing "
                       "('dans des projets', 'in Korea') that makes the figure no investment in a company",
    Concept.OBJECT_PRONOUNS: "pronouns after a preposition that stand for a company named before ('in it')",
    Concept.AS_FOR: "words between a name and the pronoun that says it again ('Velka, quant à elle, ...')",
    Concept.COMPANY_POSSESSIVES: "possessive determiners that point back to a company ('its $70 million round', "
                                 "'sa valorisation')",
    Concept.RELATIVE_PRONOUNS: "relative pronouns opening a clause about the party before ('Halcyon, which')",
    Concept.WHOSE: "the relative pronoun of possession ('whose backers include')",
    Concept.US: "the speaker's company in a quote ('committed $75 million to us')",
    Concept.ELISIONS: "elided words with their apostrophe, whose capital letter starts no name ('L'', 'D'')",
    Concept.ROUGHLY: "approximations a stake level or a sale price may carry ('to about 18%')",
    Concept.AMONG: "words before a party among others ('including Tessera'): not the source of the whole",
    Concept.PEERS: "words before a list of other companies the article compares its own to ('alongside A, B and C', "
                   "'avec A, B ou C'): none of them is what a pronoun after the list says again",
    Concept.RIVALS: "words before a company the sentence sets its own against as a complement ('face à son rival', "
                    "'against'): a rival is context, never the company that raises or is valued",
    Concept.PARENT_OF: "words before the company that owns another ('filiale de', 'a unit of'): a parent is "
                       "context, never the company that raises or is valued",
    Concept.CALLED: "participles that give a company's name after its noun ('a lab called Orvelle', 'la start-up, "
                    "baptisée Orvelle')",
    Concept.ANOTHER_COMPANY: "words opening an apposition that sets a company beside the article's ('Orbis, another "
                             "German lab,'): it is not the company a sentence after means",
    Concept.AGO: "words after a time that date a figure ('a year ago') rather than make it a rate",
    Concept.GIVEN_BY: "prepositions before a giver, which make the party after them no target ('from', 'par')",
    Concept.RELATIVE_SOURCE: "a relative clause naming the party before as a source ('from which')",
    Concept.OTHERS_JOIN: "others putting money in too ('alongside', 'avec la participation de')",
    Concept.FRONTED_IS: "the start of a fronted figure's clause ('$2 billion: that is what...')",
    Concept.FRONTED_WHAT: "the end of a fronted figure's clause ('... what', '... how much')",
    Concept.PRE_MONEY: "a valuation before the new money",
    Concept.POST_MONEY: "a valuation after the new money",
    Concept.COMPUTE_ADJECTIVES: "adjectives between 'to' and a compute word ('to dedicated compute')",
    Concept.NOT_NAME_WORDS: "capitalized words that start sentences or name no company (lower case)",
    Concept.NOT_PARTY_NAMES: "newspapers, agencies and places: capitalized like companies, never a party",
    Concept.NOT_PARTY_BEFORE: "words after which a name is a news source or a product, not a party",
    Concept.PLACE_NOUNS: "nouns that make a capitalised run a region, not a company, however its other words are "
                         "spelt ('Valley', 'County'; 'Vallée')",
    Concept.PERSON_TITLES: "titles before a person's name ('chief executive Ada Finch')",
    Concept.PERSON_ROLES: "roles after a person's name and a comma ('Ada Finch, chief...')",
    Concept.PASSIVE_VERB_STEMS: "beginnings of deal verbs whose agent, after 'by', is a party",
    Concept.FUND_NOUNS: "nouns before a party's name in a list ('et du fonds Harnois')",
    Concept.COMPANY_NOUNS: "nouns for a company in a descriptor ('the Toronto-based startup')",
    Concept.PLACE_SUFFIXES: "suffixes that make a place an adjective of a company ('Toronto-based')",
    Concept.PLACED_IN: "participles placing a company in a town ('basée à')",
    Concept.LAB_NAME_ENDINGS: "last words of an AI lab's name ('Corvid AI')",
    Concept.HEADLINE_WORDS: "verbs and nouns that a headline in title case capitalises but that never belong to a "
                            "company's name ('Raises', 'Secures', 'Lève', 'Vise', 'Valuation')",
    Concept.DEMONYMS: "adjectives of nationality or origin (lower case): they describe a company, they name none",
    Concept.ORGANISATION_WORDS: "last words that make a name a company's, never a person's ('Capital', 'Partners')",
    Concept.NOT_FIRST_NAMES: "capitalised words that lists of first names hold but that open names of companies "
                             "(lower case: 'general' of 'General Atlantic')",
    Concept.BACKGROUND: "words before a company named for the background of another (its founders' past "
                        "employers, a rival, a backer, where a founder went): no party of the figures outside "
                        "that clause",
    Concept.BACKGROUND_SUFFIXES: "suffixes glued to a company's name that make it the background of the next name "
                                 "('Nvidia-backed')",
    Concept.SOURCE_CLAUSE: "words opening a clause that says where the news comes from ('according to', "
                           "'selon'): the names of that clause are no parties",
    Concept.TALKS: "a deal not done yet: in talks, seeks, plans, would, could, rumours (status talks)",
    Concept.TALKS_AFTER: "words right after a figure that say it is still sought ('qu'elle espère lever')",
    Concept.DONE_AFTER: "words right after a figure that say it is done ('dont 686 millions ont déjà été sécurisés')",
    Concept.CONFIRMED: "words of confirmation that set aside the talks and reports said before them",
    Concept.REPORTED: "a deal the article relays from unnamed people, the press or estimates (status reported)",
    Concept.ACCORDING_TO: "words before a source ('according to', 'selon'): a news outlet after them makes a report",
    Concept.NEWS_SOURCES: "news outlets and data providers whose word is a report, not an announcement",
    Concept.RECALLED: "words before a figure that recall an earlier one ('its previous', 'up from', 'sa précédente')",
    Concept.AFTER_HAVING: "a clause of what was done before the news ('a week after closing a $1.1 billion round, X', "
                          "'après avoir levé 1,1 milliard, X'): its figure is recalled, the party after the clause "
                          "did it",
    Concept.PLUPERFECT: "auxiliaries of the pluperfect ('had raised', 'avait levé'): a figure told as past",
    Concept.SAID: "verbs of saying, after which a pluperfect is reported speech of the news ('said it had raised')",
    Concept.NOW: "words placing a figure in the article's present ('now', 'désormais')",
    Concept.AGO_BEFORE: "words before a time span that date a figure back ('il y a' deux ans)",
    Concept.TIME_UNITS: "units of a time span ('months' ago, 'il y a un an')",
    Concept.DATE_PREPOSITIONS: "words before a month or a year that date a figure ('in March', 'fin 2022')",
    Concept.LAST_YEAR: "the year before the article's ('last year', 'l'an dernier')",
    Concept.EARLIER_THIS_YEAR: "earlier in the article's year ('earlier this year', 'plus tôt cette année')",
    Concept.LAST_MONTH: "the month before the article's ('last month', 'le mois dernier')",
    Concept.LAST_BEFORE_MONTH: "'last' before a month name: the latest such month before the article ('last May')",
    Concept.LAST_AFTER_MONTH: "'dernier' after a month name: the latest such month before the article ('mai dernier')",
    Concept.SINCE_START: "'since its inception' after a figure: a total up to the news, not a recalled figure",
    Concept.SINCE: "words before a date that is no figure's date: a start or a founding ('since', 'fondée en')",
    Concept.ABBREVIATIONS: "abbreviations whose full stop ends no sentence (without the stop)",
    Concept.AI_WORDS: "words of artificial intelligence (any case)",
    Concept.AI_ACRONYMS: "acronyms of artificial intelligence (as written: 'ai' is a French word)",
    Concept.MONEY_WORDS: "words of financing (any case)",
}


# Compared and hashed by identity: each language has one vocabulary, and patterns are compiled once for it.
@dataclass(frozen=True, eq=False)
class Vocabulary:
    """One language's words for amounts, qualifiers, concepts and party paraphrases."""

    code: str
    decimal_separator: str
    thousands_separators: tuple[str, ...]
    # Scale words a spelled-out number may come before ("un milliard"), and their abbreviations ("Md").
    scales: Mapping[str, int]
    scale_abbreviations: Mapping[str, int]
    currency_words: Mapping[str, str]
    number_words: Mapping[str, int | Decimal]
    # Month names and abbreviations -> month number (1-12), for the dates that place a figure in time.
    months: Mapping[str, int]
    power_words: Mapping[str, Decimal]
    percent_words: tuple[str, ...]
    qualifiers: Mapping[str, tuple[str, ...]]
    words: Mapping[Concept, tuple[str, ...]]
    anaphors: tuple[str, ...]
    maker_templates: tuple[str, ...]
    nicknames: Mapping[str, str]
    stop_words: tuple[str, ...]

    @property
    def all_scales(self) -> Mapping[str, int]:
        return {**self.scales, **self.scale_abbreviations}
