"""Stakes: a percentage held (its holder, the company owned) or sold (its buyer), and the price of a sale."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.amounts import PERCENT, Amount
from extractors.cues import Cue
from extractors.deals import Deal, deal
from extractors.facts import Kind
from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, Concept
from extractors.names import Mention
from extractors.party_roles import in_aside_about_another
from extractors.patterns import alternation, before_name
from extractors.reading import Reading, cues_near, implied_company, last_before, mentions_before, mentions_between
from extractors.references import group_ending_with, joint, mention_after, resolve

STAKE_WINDOW = 45
SALE_WINDOW = 20
STAKE_NOUN_WINDOW = 20
OWNED_AFTER_WINDOW = 60
SELLER_WINDOW = 30
ROUGHLY = before_name(every_language(Concept.ROUGHLY))
OF = alternation(every_language(Concept.OF))
# "... to Halberd Partners for $90 million", "... à Harnois Capital pour 40 millions": the price of a sale.
SALE_PRICE = re.compile(rf"\b{alternation(every_language(Concept.FOR))}\s+{ROUGHLY}?$", re.IGNORECASE)
# "... in Olvera to 18%", "... dans Quillot à 12 %": the level a stake is brought to.
LEVEL_BEFORE = re.compile(
    rf"\s*(?:{alternation(every_language(Concept.FROM))}\s+\d[\d.,]*\s?%\s+)?"
    rf"{alternation(every_language(Concept.TO))}\s+{ROUGHLY}?",
    re.IGNORECASE,
)
# "a 49% stake in the deal": a stake in something that is not a company.
OBJECT_AFTER = re.compile(
    rf"\s+(?:{alternation([*every_language(Concept.IN), *every_language(Concept.OF_THE)])}|{OF})\s+"
    rf"{alternation(every_language(Concept.DEFINITE_ARTICLES))}?\s*[{LOWER_CASE_LETTERS}]", re.IGNORECASE)
POSSESSIVE_SUFFIXES = every_language(Concept.POSSESSIVE_SUFFIXES)
OWNER_BEFORE = re.compile(rf"(?<!\w){OF}\s*$")


@dataclass(frozen=True)
class Sale:
    """A stake sold: the company whose shares change hands, and who buys them."""

    company: str
    buyer: str


def find_sale(reading: Reading, amount: Amount) -> Sale | None:
    """"sold a 10% stake in the company to Halberd", "cède 5 % de la société à Harnois Capital": the buyer
    named after "to"/"à" holds the stake; the company is named after "of"/"de"/"in", else the topic."""
    sell = cues_near(reading, amount, (Concept.SELL,), SALE_WINDOW, 0)
    if not sell:
        return None
    buyer = mention_after(reading, amount.end, Concept.RECIPIENT, window=STAKE_WINDOW + 15)
    if buyer is None or buyer.is_anaphor:
        return None
    # "5 % de la société à Y", "4% of Peltrix to Y": the company, by name or anaphor, before the buyer.
    owned = mentions_between(reading, amount.end, buyer.start)
    if not owned and not cues_near(reading, amount, (Concept.STAKE,), STAKE_WINDOW, STAKE_WINDOW):
        return None  # "sold 30% of its output to...": a share of something else
    company = next((m.name for m in owned if m.name), None) or \
        resolve(reading, sellers_company(reading, sell[0])) or implied_company(reading)
    return Sale(company, buyer.name) if company and company != buyer.name else None


def sellers_company(reading: Reading, sell: Cue) -> Mention | None:
    """"Peltrix's founders sold...", "Le fondateur de Quillot cède...": the company whose owners sell."""
    for mention in reversed(mentions_before(reading, sell.start)):
        if sell.start - mention.end > SELLER_WINDOW:
            break
        head = reading.text[max(0, mention.start - 5):mention.start]
        if reading.text.startswith(POSSESSIVE_SUFFIXES, mention.end) or OWNER_BEFORE.search(head):
            return mention
    return None


def sale_paid_for(reading: Reading, amount: Amount) -> Sale | None:
    """"... 10% stake in the company to Halberd Partners for $90 million": the sale whose price the figure is
    (FACTS.md: a secondary sale is an investment by the buyer in the company)."""
    percents = [a for a in reading.amounts if a.unit == PERCENT and a.end <= amount.start]
    if percents and SALE_PRICE.search(reading.text[percents[-1].end:amount.start]):
        return find_sale(reading, percents[-1])
    return None


def sold_stake(sale: Sale, amount: Amount) -> Deal | None:
    return deal(Kind.STAKE, sale.company, sale.buyer, amount)


def held_stake(reading: Reading, amount: Amount) -> Deal | None:
    """The stake a figure says someone holds, the company named after it (or the topic) and its holder."""
    owned_mention = mention_after(reading, amount.end, Concept.OWNED, window=OWNED_AFTER_WINDOW) or \
        owned_before(reading, amount)
    owned = resolve(reading, owned_mention) or implied_owner(reading, amount)
    # "Halden, premier actionnaire d'Orvane, prend 20 % de Velka": not a party of an aside closed before the figure.
    last = last_before(reading, amount.start,
                       lambda m: resolve(reading, m) != owned and not in_aside_about_another(reading, m, amount.start))
    holder = joint(reading, group_ending_with(reading, last), {owned}) if last else None
    if owned is None or holder is None:
        return None
    return deal(Kind.STAKE, owned, holder, amount)


def implied_owner(reading: Reading, amount: Amount) -> str | None:
    """"détenant 27 % du capital": a stake noun without a company after it is a stake in the topic (not "a 49%
    stake in the deal")."""
    stake_nouns = cues_near(reading, amount, (Concept.STAKE_NOUN,), STAKE_NOUN_WINDOW, STAKE_NOUN_WINDOW)
    if not stake_nouns or OBJECT_AFTER.match(reading.text[stake_nouns[0].end:]):
        return None
    return implied_company(reading)


def owned_before(reading: Reading, amount: Amount) -> Mention | None:
    """"raised its stake in Olvera to 18%", "porte sa participation dans Quillot à 12 %": the company
    named between the stake noun and its level."""
    for cue in cues_near(reading, amount, (Concept.STAKE_NOUN, Concept.STAKE), STAKE_WINDOW, 0):
        owned = mention_after(reading, cue.end, Concept.OWNED, window=amount.start - cue.end)
        if owned and owned.end <= amount.start and (LEVEL_BEFORE.fullmatch(reading.text[owned.end:amount.start]) or
                                                    level_word_between(reading, owned.end, amount.start)):
            return owned
    return None


def level_word_between(reading: Reading, start: int, end: int) -> bool:
    """"entre au capital de Velka à hauteur de 12 %": only a word of the amount put in ("à hauteur de") between
    the company and the level."""
    return any(not reading.text[start:cue.start].strip() and not reading.text[cue.end:end].strip()
               for cue in reading.cues if cue.concept == Concept.INVEST)
