"""The typed shape every language fills in: words keyed by language-neutral concepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# Symbols and codes read the same in every language; longest first is handled by patterns.py.
CURRENCY_SYMBOLS: Mapping[str, str] = {
    "US$": "USD", "$US": "USD", "$": "USD", "€": "EUR", "£": "GBP",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP",
}
# Unit symbols for compute power, as both languages write them.
POWER_SYMBOLS: Mapping[str, Decimal] = {"GW": Decimal(1), "MW": Decimal("0.001")}
PERCENT_SYMBOLS: tuple[str, ...] = ("%",)


# Compared and hashed by identity: each language has one vocabulary, and patterns are compiled once for it.
@dataclass(frozen=True, eq=False)
class Vocabulary:
    """One language's words for amounts, qualifiers, deal cues and party paraphrases.

    `cues` maps a concept (see CUE_CONCEPTS) to the words that signal it; the algorithms
    only ever name the concept, never a word.
    """

    code: str
    decimal_separator: str
    thousands_separators: tuple[str, ...]
    scales: Mapping[str, int]
    currency_words: Mapping[str, str]
    number_words: Mapping[str, int]
    power_words: Mapping[str, Decimal]
    percent_words: tuple[str, ...]
    qualifiers: Mapping[str, tuple[str, ...]]
    cues: Mapping[str, tuple[str, ...]]
    anaphors: tuple[str, ...]
    maker_templates: tuple[str, ...]
    nicknames: Mapping[str, str]
    stop_words: tuple[str, ...]
    coordinators: tuple[str, ...] = field(default=(",",))


# What each cue concept means to the rules (rules.py decides kinds and roles from these).
CUE_CONCEPTS = {
    "invest": "money put into a company (verbs and nouns of investing)",
    "raise": "a company raising a round (the subject receives, the total has no counterparty)",
    "transfer": "handing money over to a company named after 'to'/'à' (wire to, lend to, accorde à)",
    "lead": "who leads a round (the lead is not the counterparty of the total)",
    "purchase": "buying or spending on something (compute when a compute word is near)",
    "compute": "compute, cloud capacity, data centres",
    "valuation": "what a company is worth",
    "valuation_noun": "valuation nouns that may follow their figure (a $45 billion valuation)",
    "worth": "what a stake is worth: not a deal figure of its own",
    "stake": "owning part of a company",
    "stake_noun": "nouns that make a percentage a stake even when the company is implied",
    "secondary": "a sale of existing shares (an investment on the company whose shares change hands)",
    "sell": "selling (a deal only when shares are sold)",
    "shares": "shares bought or sold (the money is an investment in their company)",
    "total": "a round's total",
    "supply": "a provider delivering compute (the party before it is the provider)",
    "recipient": "prepositions before who receives delivered compute",
    "subject_verbs": "auxiliaries and verbs that follow a company named as a sentence's subject",
    "commit": "a neutral commitment word (compute when compute is near, else an investment)",
    "deal": "a deal word (a compute deal when compute is near, else nothing by itself)",
    "not_deal": "revenue, sales, costs, prices: figures that are not a deal",
    "respectively": "figures listed in the order of the parties",
    "each": "the same figure from each of several parties (one fact per party)",
    "joint": "one figure for several parties together",
    "comparison": "a figure given for comparison, about the party after it",
    "target": "prepositions before the company that receives money",
    "provider": "prepositions before the provider of compute, wherever it is named",
    "provider_after": "weaker prepositions that introduce the provider only after the figure",
    "source": "prepositions before who the money comes from",
    "on_behalf": "prepositions before who spends the money (the buyer named after the figure)",
    "owned": "prepositions before the company a stake is in",
    "per_unit": "a figure per unit (a unit cost), never a deal",
    "count": "nouns counted in millions that are not money",
    "further": "a further tranche or an option",
    "range_start": "words opening a range (between, from)",
    "range_join": "words joining the two ends of a range",
    "list_join": "words joining figures of one list (they share a scale or currency)",
    "more_after": "words after a figure that make it a floor (or more)",
}
