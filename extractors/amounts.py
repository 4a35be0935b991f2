"""Money, compute power and stake percentages in a sentence: base-unit value, unit, qualifier, span."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from extractors.facts import Qualifier
from extractors.languages import every_language
from extractors.languages.vocabulary import CURRENCY_SYMBOLS, PERCENT_SYMBOLS, POWER_SYMBOLS, Concept, Vocabulary
from extractors.patterns import alternation, before_name, capitalizable, first_letter_first
from extractors.text import normalize

GW = "GW"
PERCENT = "%"
# Money still waiting for the currency of a neighbouring figure ("5 milliards" after "10 milliards de dollars").
CARRIED = ""
# A deal figure below this is a truncated or per-unit figure ("$183 bi", "€2 per share"), never a deal.
MIN_MONEY = Decimal(100_000)
HALF = Decimal("0.5")
DOLLAR = "USD"
# ISO codes: written after a dollar figure, they say which dollar it is.
CURRENCY_CODES = frozenset(code for code in CURRENCY_SYMBOLS.values())
QUALIFIER_WINDOW = 40
# "jusqu'à une capacité impressionnante d'un gigawatt": "up to" may sit a few words before its figure.
LOOSE_UP_TO_WINDOW = 60
TAIL_WINDOW = 40
MAX_QUALIFIER_WORDS = 5
# Qualifier words, an elided article kept with its apostrophe: "d'environ" is "d'" + "environ".
QUALIFIER_WORD = re.compile(r"[^\s']+'?")
PARTIAL_WINDOW = 24
# How far before a scale word its spelled-out number starts ("cinquante milliards").
SPELLED_NUMBER_WINDOW = 16
NUMBER = re.compile(r"\d[\d,.]*")
CURRENCY_SIGN = re.compile(alternation(CURRENCY_SYMBOLS))
NOT_DIGIT = re.compile(r"\D")
SPACES = re.compile(r"\s+")
AGO = re.compile(rf"\s+{alternation(every_language(Concept.AGO))}\b")
OPENING_PARENTHESIS = re.compile(r"\s*\([^()\d]{0,25}")
# "(valorisation 900 millions)": a deal word inside the parentheses makes the figure one of its own.
DEAL_WORDS = alternation([*every_language(Concept.VALUATION), *every_language(Concept.RAISE)])
DEAL_WORD = re.compile(rf"(?<!\w){DEAL_WORDS}(?!\w)", re.IGNORECASE)
# "2,2 milliards de dollars, soit environ 2 milliards d'euros": the same figure in another currency.
RESTATED = re.compile(rf"\s*,?\s*{alternation(every_language(Concept.RESTATEMENT))}(?:\s+[^\s\d]+){{0,2}}\s*",
                      re.IGNORECASE)
LIST_GAP = re.compile(rf"\s*{alternation(every_language(Concept.LIST_JOIN))}\s*", re.IGNORECASE)
AND_GAP = re.compile(rf"\s*(?:,|{alternation(every_language(Concept.AND))})\s*", re.IGNORECASE)
INDEFINITE_ARTICLES = frozenset(every_language(Concept.INDEFINITE_ARTICLES))
NOUN_AFTER = re.compile(rf"^\s*{before_name(every_language(Concept.OF))}", re.IGNORECASE)
# "400 millions de plus": "of" that opens a word of more money, not a counted noun.
MORE_AFTER_FIGURE = re.compile(rf"^\s*{alternation(every_language(Concept.FURTHER))}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """A figure in base units with its span in the sentence it was read from."""

    value: Decimal
    unit: str
    start: int
    end: int
    qualifier: Qualifier = Qualifier.EXACT

    @property
    def is_money(self) -> bool:
        return self.unit not in (GW, PERCENT)

    def qualified(self, qualifier: Qualifier) -> Amount:
        """The same figure with this qualifier."""
        return Amount(self.value, self.unit, self.start, self.end, qualifier)

    def in_unit(self, unit: str) -> Amount:
        """The same figure in this unit (a currency carried over from a neighbouring figure)."""
        return Amount(self.value, unit, self.start, self.end, self.qualifier)

    def moved(self, offset: int) -> Amount:
        """The same figure, its span counted from `offset` (the start of its sentence)."""
        return Amount(self.value, self.unit, self.start - offset, self.end - offset, self.qualifier)


@dataclass(frozen=True)
class AmountPatterns:
    """The compiled patterns of one vocabulary."""

    money: re.Pattern[str]
    grouped: re.Pattern[str]
    power: re.Pattern[str]
    percent: re.Pattern[str]
    partial: re.Pattern[str]
    qualifiers: dict[str, Qualifier]
    loose_up_to: re.Pattern[str]
    # A scale or power word written in full, and a spelled-out number right before one: "un milliard".
    spelled_unit: re.Pattern[str]
    number_word_before: re.Pattern[str]
    per_unit: re.Pattern[str]
    count: re.Pattern[str]
    more_after: re.Pattern[str]
    range_start: re.Pattern[str]
    range_join: re.Pattern[str]
    list_join: re.Pattern[str]
    elided: re.Pattern[str]


@cache
def patterns_for(vocabulary: Vocabulary) -> AmountPatterns:
    """The vocabulary's patterns, compiled once per language."""
    return compile_patterns(vocabulary)


def number_pattern(vocabulary: Vocabulary) -> str:
    """Digits with the language's thousands groups, or a plain decimal with either separator."""
    separators = "".join(sorted({normalize(sep) for sep in vocabulary.thousands_separators}))
    decimal_separator = re.escape(vocabulary.decimal_separator)
    return rf"\d{{1,3}}(?:[{re.escape(separators)}]\d{{3}})+(?:{decimal_separator}\d+)?|\d+(?:[.,]\d+)?"


def compile_patterns(vocabulary: Vocabulary) -> AmountPatterns:
    number = number_pattern(vocabulary)
    words = alternation(vocabulary.number_words)
    scale = alternation(vocabulary.all_scales)
    symbols = alternation(CURRENCY_SYMBOLS)
    currency = alternation([*CURRENCY_SYMBOLS, *vocabulary.currency_words])
    power = alternation([*vocabulary.power_words, *POWER_SYMBOLS])
    percent = alternation([*PERCENT_SYMBOLS, *vocabulary.percent_words])
    words_of = vocabulary.words
    spelled_units = [*vocabulary.scales, *vocabulary.power_words, *vocabulary.percent_words]
    # "4 petits milliards": a word of size between a number and its scale.
    between = rf"(?:[\s-]?|\s+{alternation(words_of[Concept.SCALE_ADJECTIVES])}\s+)"
    half = alternation(words_of[Concept.AND_A_HALF])
    qualifiers = {" ".join(QUALIFIER_WORD.findall(normalize(word).lower())): Qualifier(name)
                  for name, words_ in vocabulary.qualifiers.items() for word in words_}
    return AmountPatterns(
        money=re.compile(
            rf"(?<![\w.,$€£])(?:(?P<pre>{symbols})\s?)?"
            rf"(?:(?P<num>{number})|(?P<word>{words})(?={between}{scale}(?!\w)))"
            rf"(?:{between}(?P<scale>{scale})(?!\w)(?:\s+(?P<half>{half})(?!\w))?)?(?:\s?(?P<post>{currency})(?!\w))?"
            rf"(?:\s(?P<code>{alternation(CURRENCY_CODES)})(?!\w))?"
            # A figure box's notation, the scale after the currency code: "3.3 USD B", "500 USD M".
            # (the code in capitals, then the scale alone before a note in brackets or the line's end)
            rf"(?:(?<=[A-Z]{{3}})\s(?P<box_scale>{alternation(list(vocabulary.scale_abbreviations))})"
            rf"(?=[ \t]*(?:[\[(\n]|$)))?",
            re.IGNORECASE,
        ),
        grouped=re.compile(number.split("|")[0]),
        # "gigawatt-hours" measure energy, not capacity.
        power=re.compile(rf"(?<![\w.,])(?:(?P<num>{number})|(?P<word>{words}))[\s-]?(?P<unit>{power})(?![\w-])", re.I),
        percent=re.compile(rf"(?<![\w.,])(?:(?P<num>{number})\s?|(?P<word>{words})\s+){percent}(?!\w)", re.IGNORECASE),
        partial=re.compile(
            rf"(?<![\w.,])(?:{symbols}\s?)?(?P<num>{number})"
            rf"\s?(?P<join>{alternation(words_of[Concept.LIST_JOIN])})\s?$",
            re.I,
        ),
        # A word of its own, in lower case but for its first letter ("Un Milliard", not "UN MILLIARD").
        spelled_unit=re.compile(first_letter_first(spelled_units, rf"\b{capitalizable(spelled_units)}")),
        number_word_before=re.compile(rf"(?<![^\s']){words}[\s-]+$", re.IGNORECASE),
        qualifiers=qualifiers,
        # A phrase ("up to", "jusqu'à") reaches a figure a few words on; a lone adverb ("potentially tripling its
        # valuation from $2 billion") qualifies the verb after it, and counts only right before its figure.
        loose_up_to=re.compile(rf"(?<!\w){alternation(phrases_of(vocabulary.qualifiers['up_to']))}[^,;:()\d.!?]*$",
                               re.I),
        per_unit=re.compile(rf"^\s*{alternation(words_of[Concept.PER_UNIT])}(?!\w)", re.IGNORECASE),
        count=re.compile(rf"^\s*(?:\w+\s){{0,2}}{alternation(words_of[Concept.COUNT])}(?!\w)", re.IGNORECASE),
        more_after=re.compile(rf"^\s*{alternation(words_of[Concept.MORE_AFTER])}(?!\w)", re.IGNORECASE),
        range_start=re.compile(rf"(?<!\w){alternation(words_of[Concept.RANGE_START])}\s*$", re.IGNORECASE),
        range_join=re.compile(rf"^\s*{alternation(words_of[Concept.RANGE_JOIN])}\s*$", re.IGNORECASE),
        list_join=re.compile(rf"^\s*{alternation(words_of[Concept.LIST_JOIN])}\s*$", re.IGNORECASE),
        # "et 100 autres par le fonds X", "100 autres." (not "3 autres start-up": a noun after it counts something)
        elided=re.compile(rf"(?<![\w.,])(?P<num>{number})\s+{alternation(words_of[Concept.ELIDED_SCALE])}"
                          rf"(?=\s*(?:[,;:.)]|$)|\s+{alternation(words_of[Concept.BY])}\s)", re.IGNORECASE),
    )


def parse_number(raw: str, vocabulary: Vocabulary) -> Decimal | None:
    """A written number as a Decimal, reading separators the language's way.

    >>> from extractors.languages import FRENCH, ENGLISH
    >>> parse_number("1,4", FRENCH), parse_number("1 500", FRENCH), parse_number("1,500", ENGLISH)
    (Decimal('1.4'), Decimal('1500'), Decimal('1500'))
    """
    text = raw.strip()
    if vocabulary.number_words.get(text.lower()) is not None:
        return Decimal(vocabulary.number_words[text.lower()])
    grouped = patterns_for(vocabulary).grouped.fullmatch(text)
    if grouped:
        integer, _, fraction = text.partition(vocabulary.decimal_separator)
        digits = NOT_DIGIT.sub("", integer)
        text = f"{digits}.{fraction}" if fraction else digits
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def currency_of(word: str | None, vocabulary: Vocabulary) -> str:
    """The ISO code of a currency symbol or word, CARRIED when there is none."""
    if not word:
        return CARRIED
    folded = SPACES.sub(" ", normalize(word)).lower()
    return SYMBOLS.get(folded) or currency_words(vocabulary).get(folded, CARRIED)


SYMBOLS = {symbol.lower(): code for symbol, code in CURRENCY_SYMBOLS.items()}


@cache
def currency_words(vocabulary: Vocabulary) -> dict[str, str]:
    """The vocabulary's currency words, normalized and in lower case, -> ISO code."""
    return {normalize(k).lower(): v for k, v in vocabulary.currency_words.items()}


def scale_of(word: str | None, vocabulary: Vocabulary) -> int:
    return vocabulary.all_scales.get(word.lower(), 1) if word else 1


def read_money(match: re.Match[str], text: str, vocabulary: Vocabulary) -> Amount | None:
    """A money match as an Amount, or None when it is a bare number, a count or a per-unit figure."""
    if not (match["pre"] or match["scale"] or match["post"]):
        return None
    number = parse_number(match["num"] or match["word"], vocabulary)
    if number is None:
        return None
    # "un milliard et demi": half a unit of the scale more.
    scale = match["scale"] or (match["box_scale"] if match["post"] or match["code"] else None)
    value = (number + (HALF if match["half"] else 0)) * scale_of(scale, vocabulary)
    unit = money_unit(match["pre"] or match["post"], match["code"] or match["post"], vocabulary)
    if value < MIN_MONEY or is_not_money(text[match.end():match.end() + TAIL_WINDOW], unit, vocabulary):
        return None
    return Amount(value, unit, match.start(), match.end())


def money_unit(sign: str | None, code: str | None, vocabulary: Vocabulary) -> str:
    """The currency of a figure: its sign, unless a code after it says which dollar ("$150 million CAD", "150
    millions $ CAD")."""
    if sign and code and currency_of(sign, vocabulary) == DOLLAR and code.upper() in CURRENCY_CODES:
        return currency_of(code, vocabulary)
    return currency_of(sign or code, vocabulary)


def is_not_money(after: str, unit: str, vocabulary: Vocabulary) -> bool:
    """A figure per unit ("par gigawatt"), or a count that only looks like money ("25 millions de foyers");
    `after`: the words right after the figure."""
    patterns = patterns_for(vocabulary)
    per_unit = patterns.per_unit.match(after)
    # "$2bn a year ago" dates the figure; "$2bn a year" is a yearly rate.
    if per_unit and not AGO.match(after[per_unit.end():]):
        return True
    return unit == CARRIED and bool(patterns.count.match(after) or
                                    NOUN_AFTER.match(after) and not MORE_AFTER_FIGURE.match(after))


def read_power(match: re.Match[str], vocabulary: Vocabulary) -> Amount | None:
    number = parse_number(match["num"] or match["word"], vocabulary)
    if number is None:
        return None
    unit_word = match["unit"]
    factor = POWER_SYMBOLS.get(unit_word.upper()) or vocabulary.power_words.get(unit_word.lower(), Decimal(1))
    return Amount(number * factor, GW, match.start(), match.end())


def read_percent(match: re.Match[str], vocabulary: Vocabulary) -> Amount | None:
    number = parse_number(match["num"] or match["word"], vocabulary)
    if number is None or number > 100:
        return None
    return Amount(number, PERCENT, match.start(), match.end())


def find_amounts(text: str, vocabulary: Vocabulary) -> list[Amount]:
    """Every deal-sized figure of a (normalized) sentence, in order, with its qualifier.

    >>> from extractors.languages import FRENCH
    >>> [(str(a.value), a.unit, str(a.qualifier)) for a in find_amounts(
    ...     "NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards de dollars", FRENCH)]
    [('10000000000', 'USD', 'exact'), ('5000000000', 'USD', 'exact')]
    >>> [str(a.value) for a in find_amounts("près de 50 milliards de dollars par gigawatt", FRENCH)]
    []
    """
    patterns = patterns_for(vocabulary)
    starts = figure_starts(text, patterns)
    amounts = [a for m in matches_at(patterns.money, text, starts) if (a := read_money(m, text, vocabulary))]
    amounts += [a for m in matches_at(patterns.power, text, starts) if (a := read_power(m, vocabulary))]
    amounts += [a for m in matches_at(patterns.percent, text, starts) if (a := read_percent(m, vocabulary))]
    amounts = drop_overlaps(sorted(amounts, key=lambda a: (a.start, -a.end)))
    amounts = add_partial_figures(text, amounts, vocabulary)
    amounts = add_elided_figures(text, amounts, vocabulary)
    amounts = drop_conversions(text, amounts)
    amounts = share_currencies(text, amounts)
    amounts = share_qualifiers(text, [with_qualifier(text, amount, patterns) for amount in amounts])
    return mark_ranges(text, amounts, patterns)


def figure_starts(text: str, patterns: AmountPatterns) -> list[int]:
    """Where a figure may start: at a number, at a currency sign or code before it, at a number word
    before a scale or power word ("un gigawatt", "a billion"). A spelled-out number counts nowhere else
    ("a B round" holds no billion).
    """
    starts = {match.start() for match in NUMBER.finditer(text)}
    starts.update(match.start() for match in CURRENCY_SIGN.finditer(text))
    for unit in patterns.spelled_unit.finditer(text):
        number = patterns.number_word_before.search(text, max(0, unit.start() - SPELLED_NUMBER_WINDOW), unit.start())
        if number:
            starts.add(number.start())
    return sorted(starts)


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """The pattern's non-overlapping matches that begin at one of the positions."""
    found = []
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match and match.end() > start:
            found.append(match)
            end = match.end()
    return found


def drop_overlaps(amounts: list[Amount]) -> list[Amount]:
    """Keep the first and longest of figures that overlap ("1 GW" read as power, not as money)."""
    kept: list[Amount] = []
    for amount in amounts:
        if kept and amount.start < kept[-1].end:
            continue
        kept.append(amount)
    return kept


def add_partial_figures(text: str, amounts: list[Amount], vocabulary: Vocabulary) -> list[Amount]:
    """"10 et 15 milliards", "5 to 7 billion dollars": the bare first number borrows scale and unit."""
    result: list[Amount] = []
    previous_end = 0
    for amount in amounts:
        # A partial number sits right before its figure, after the figure before.
        partial = partial_figure(text, amount, max(previous_end, amount.start - PARTIAL_WINDOW), vocabulary)
        result += [partial, amount] if partial else [amount]
        previous_end = amount.end
    return result


# "100 millions apportés par le groupe CMA-CGM et 100 autres par le fonds": how far the bare number may follow.
ELIDED_WINDOW = 80


def add_elided_figures(text: str, amounts: list[Amount], vocabulary: Vocabulary) -> list[Amount]:
    """"100 millions apportés par A et 100 autres par B": a bare number said as "others" of the figure before it
    is one more figure, at that figure's scale and in its unit."""
    elided = patterns_for(vocabulary).elided
    result: list[Amount] = []
    for index, amount in enumerate(amounts):
        result.append(amount)
        end = min(amounts[index + 1].start if index + 1 < len(amounts) else len(text), amount.end + ELIDED_WINDOW)
        match = elided.search(text, amount.end, end) if amount.is_money else None
        scale = amount_scale(amount, text, vocabulary) if match else None
        number = parse_number(match["num"], vocabulary) if match and scale else None
        if number is not None and scale is not None and number * scale >= MIN_MONEY:
            result.append(Amount(number * scale, amount.unit, match.start("num"), match.end("num")))
    return result


def partial_figure(text: str, amount: Amount, head_start: int, vocabulary: Vocabulary) -> Amount | None:
    """The bare number joined to a figure from `head_start` on, read at the figure's scale and in its unit."""
    partial = patterns_for(vocabulary).partial.search(text[head_start:amount.start])
    scale = amount_scale(amount, text, vocabulary) if partial else None
    if not partial or not scale:
        return None
    number = parse_number(partial["num"], vocabulary)
    if (number is None or number * scale < MIN_MONEY) and amount.unit not in (GW, PERCENT):
        return None
    start, end = head_start + partial.start(), head_start + partial.end("num")
    if is_dated_year(text, start, end, vocabulary):
        return None
    return Amount((number or Decimal(0)) * scale, amount.unit, start, end)


YEAR_NUMBER = re.compile(r"(?:19|20)\d{2}")
# "from $1.5 billion in September 2024 to $2.65 billion": the year of a date is no first end of a range.
YEAR_HEAD_WINDOW = 20


def is_dated_year(text: str, start: int, end: int, vocabulary: Vocabulary) -> bool:
    """The bare number is a year said after a month or a date preposition ("September 2024", "en 2024")."""
    if not YEAR_NUMBER.fullmatch(text, start, end):
        return False
    return bool(dated_year_head(vocabulary).search(text, max(0, start - YEAR_HEAD_WINDOW), start))


@cache
def dated_year_head(vocabulary: Vocabulary) -> re.Pattern[str]:
    """A month name of the article's language, or a date preposition of any, right before a year."""
    words = [*vocabulary.months, *every_language(Concept.DATE_PREPOSITIONS)]
    return re.compile(rf"(?<!\w){alternation(words)}\.?,?\s+$", re.IGNORECASE)


def amount_scale(amount: Amount, text: str, vocabulary: Vocabulary) -> Decimal | None:
    """The multiplier the written figure applied (1e9 for "7 milliards"), None for a plain number."""
    patterns = patterns_for(vocabulary)
    if amount.unit == PERCENT:
        return Decimal(1)
    if amount.unit == GW:
        power = patterns.power.match(text, amount.start)
        figure = read_power(power, vocabulary) if power else None
        number = parse_number(power["num"] or power["word"], vocabulary) if power else None
        return figure.value / number if figure and number is not None else None
    written = patterns.money.match(text, amount.start)
    if not written or not written["scale"]:
        return None
    return Decimal(scale_of(written["scale"], vocabulary))


def drop_conversions(text: str, amounts: list[Amount]) -> list[Amount]:
    """"1.7 billion euros ($2 billion)", "2,2 milliards de dollars, soit environ 2 milliards d'euros": a figure
    that restates the one before it in another currency is no figure of its own."""
    kept: list[Amount] = []
    for amount in amounts:
        if kept and kept[-1].is_money and amount.is_money and is_conversion(text, kept[-1], amount):
            continue
        kept.append(amount)
    return kept


def is_conversion(text: str, before: Amount, amount: Amount) -> bool:
    gap = text[before.end:amount.start]
    if text[amount.end:amount.end + 1] == ")" and OPENING_PARENTHESIS.fullmatch(gap):
        return not DEAL_WORD.search(gap)
    return bool(RESTATED.fullmatch(gap)) and CARRIED not in (before.unit, amount.unit) and before.unit != amount.unit


def share_currencies(text: str, amounts: list[Amount]) -> list[Amount]:
    """"10 milliards et 5 milliards de dollars": a currency said once covers the figures listed before it."""
    result = list(amounts)
    for index in range(len(result) - 2, -1, -1):
        current, following = result[index], result[index + 1]
        if current.unit == CARRIED and following.is_money and following.unit and \
                LIST_GAP.fullmatch(text[current.end:following.start]):
            result[index] = current.in_unit(following.unit)
    return result


def with_qualifier(text: str, amount: Amount, patterns: AmountPatterns) -> Amount:
    """The qualifier written just before the figure (or "jusqu'à" a few words before, or "or more" after)."""
    qualifier = qualifier_before(text[max(0, amount.start - QUALIFIER_WINDOW):amount.start].lower(), patterns)
    if qualifier:
        return amount.qualified(qualifier)
    if text[max(0, amount.start - len(TILDE)):amount.start] == TILDE:
        return amount.qualified(Qualifier.APPROX)  # "~$100m": shorthand for "about"
    loose_window = text[max(0, amount.start - LOOSE_UP_TO_WINDOW):amount.start]
    if patterns.loose_up_to.search(loose_window):
        return amount.qualified(Qualifier.UP_TO)
    if patterns.more_after.match(text[amount.end:amount.end + TAIL_WINDOW]):
        return amount.qualified(Qualifier.AT_LEAST)
    if text.startswith(PLUS, amount.end):
        # "$10B+": the sign is the figure's floor, and part of it ("at a $10B+ valuation" keeps its noun close).
        return Amount(amount.value, amount.unit, amount.start, amount.end + len(PLUS), Qualifier.AT_LEAST)
    return amount


# Shorthand glued to the figure: "$10B+" (or more), "~$100m" (about).
PLUS = "+"
# A qualifier of more than one word (a space or an elided article in it).
LONE_WORD = re.compile(r"[\s'\u2019]")


def phrases_of(words: tuple[str, ...]) -> list[str]:
    """The qualifiers of more than one word ("up to", "jusqu'à"), not the lone adverbs ("potentially")."""
    return [word for word in words if LONE_WORD.search(word)]
TILDE = "~"


def qualifier_before(window: str, patterns: AmountPatterns) -> Qualifier | None:
    """The qualifier of the longest phrase the (lowered) window ends with, if any; an indefinite article may sit
    between ("at roughly a $10 billion valuation")."""
    words = QUALIFIER_WORD.findall(window)
    if words and words[-1] in INDEFINITE_ARTICLES:
        words = words[:-1]
    for size in range(min(MAX_QUALIFIER_WORDS, len(words)), 0, -1):
        qualifier = patterns.qualifiers.get(" ".join(words[-size:]))
        if qualifier:
            return qualifier
    return None


def share_qualifiers(text: str, amounts: list[Amount]) -> list[Amount]:
    """"up to $10 billion and $5 billion": a qualifier said once covers the figures listed after it."""
    result = list(amounts)
    for index in range(1, len(result)):
        previous, current = result[index - 1], result[index]
        if current.qualifier == Qualifier.EXACT and previous.qualifier != Qualifier.EXACT and \
                previous.unit == current.unit and AND_GAP.fullmatch(text[previous.end:current.start]):
            result[index] = current.qualified(previous.qualifier)
    return result


# A range said without its opener ("200 à 300 millions") spans less than this factor; "300 M$ à 3,25 Md$" is a
# figure and the price it is raised at.
RANGE_SPREAD_AT_MOST = 5


def mark_ranges(text: str, amounts: list[Amount], patterns: AmountPatterns) -> list[Amount]:
    """"between $10bn and $15bn", "de 5 à 7 milliards": a floor and a ceiling."""
    result = list(amounts)
    for index in range(len(result) - 1):
        low, high = result[index], result[index + 1]
        if low.unit != high.unit or not patterns.list_join.match(text[low.end:high.start]):
            continue
        opened = patterns.range_start.search(text[max(0, low.start - 12):low.start])
        if not opened and high.value > RANGE_SPREAD_AT_MOST * low.value:
            continue  # "lève 300 M$ à 3,25 Md$": a round and the valuation it is done at, no range
        if opened or patterns.range_join.match(text[low.end:high.start]):
            result[index] = low.qualified(Qualifier.AT_LEAST)
            result[index + 1] = high.qualified(Qualifier.UP_TO)
    return result
