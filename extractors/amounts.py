"""Money, compute power and stake percentages in a sentence: base-unit value, unit, qualifier, span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from extractors.facts import Qualifier
from extractors.languages.vocabulary import CURRENCY_SYMBOLS, PERCENT_SYMBOLS, POWER_SYMBOLS, Vocabulary
from extractors.patterns import alternation
from extractors.text import normalize, occurrences

GW = "GW"
PERCENT = "%"
# Money still waiting for the currency of a neighbouring figure ("5 milliards" after "10 milliards de dollars").
CARRIED = ""
# A deal figure below this is a truncated or per-unit figure ("$183 bi", "€2 per share"), never a deal.
MIN_MONEY = Decimal(100_000)
QUALIFIER_WINDOW = 40
# "jusqu'à une capacité impressionnante d'un gigawatt": "up to" may sit a few words before its figure.
LOOSE_UP_TO_WINDOW = 60
TAIL_WINDOW = 40
MAX_QUALIFIER_WORDS = 5
# Qualifier words, an elided article kept with its apostrophe: "d'environ" is "d'" + "environ".
QUALIFIER_WORD = re.compile(r"[^\s']+'?")
PARTIAL_WINDOW = 24
DIGIT = re.compile(r"\d")
NUMBER = re.compile(r"\d[\d,.]*")
# In text encoded to Latin-1 (one byte a character), the only decimal digits are the ASCII ones.
DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
DIGIT_THEN_SPACE = frozenset(f"{digit} " for digit in "0123456789")
# Signs and codes a figure may start with; str.find over the text beats a pattern tried at every character.
CURRENCY_SIGNS = ("$", "€", "£", "US$", "USD", "EUR", "GBP")
NOT_DIGIT = re.compile(r"\D")
SPACES = re.compile(r"\s+")
AGO = re.compile(r"\s+(?:ago|earlier|before)\b")
OPENING_PARENTHESIS = re.compile(r"\s*\([^()\d]{0,25}")
LIST_GAP = re.compile(r"\s*(?:,|et|and|ou|or|à|to|-)\s*", re.IGNORECASE)
AND_GAP = re.compile(r"\s*(?:,|et|and)\s*", re.IGNORECASE)
# Words a spelled-out number may come before: "un milliard", "one gigawatt", "a billion".
UNIT_WORD = re.compile(r"[mMbBtTgG](?:illiard|illion|rillion|igawatt|égawatt|egawatt)")
PREVIOUS_WORD = re.compile(r"(?<![\w'])\w+\s+$|(?<=')\w+\s+$")
# Letters that a case-blind pattern matches only as themselves, upper or lower: "i" also matches "ı" and "İ",
# "s" matches "ſ", whose lower case is no "i" or "s". A run of them in a phrase is found in the lowered text.
FOLD_SAFE_RUN = re.compile(r"[a-hj-rt-zA-HJ-RT-Z]+")


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

    # Built directly rather than with dataclasses.replace, which inspects the fields on every call:
    # figures get their qualifier and currency on the hot path.
    def qualified(self, qualifier: Qualifier) -> Amount:
        """The same figure with this qualifier."""
        return Amount(self.value, self.unit, self.start, self.end, qualifier)

    def in_unit(self, unit: str) -> Amount:
        """The same figure in this unit (a currency carried over from a neighbouring figure)."""
        return Amount(self.value, unit, self.start, self.end, self.qualifier)


@dataclass(frozen=True)
class AmountPatterns:
    """The compiled patterns of one vocabulary."""

    money: re.Pattern[str]
    grouped: re.Pattern[str]
    power: re.Pattern[str]
    percent: re.Pattern[str]
    partial: re.Pattern[str]
    qualifiers: dict[str, Qualifier]
    # The last word of each qualifier phrase -> the phrases' word counts, most first: after any other word,
    # no phrase ends right before a figure.
    qualifier_sizes: dict[str, tuple[int, ...]]
    loose_up_to: re.Pattern[str]
    # Searched in the lowered text: where it finds nothing, loose_up_to cannot match either.
    up_to_hint: re.Pattern[str]
    per_unit: re.Pattern[str]
    count: re.Pattern[str]
    noun_after: re.Pattern[str]
    more_after: re.Pattern[str]
    range_start: re.Pattern[str]
    range_join: re.Pattern[str]
    list_join: re.Pattern[str]
    conversion: re.Pattern[str]


_PATTERNS: dict[str, AmountPatterns] = {}


def patterns_for(vocabulary: Vocabulary) -> AmountPatterns:
    """The vocabulary's patterns, compiled once per language."""
    if vocabulary.code not in _PATTERNS:
        _PATTERNS[vocabulary.code] = compile_patterns(vocabulary)
    return _PATTERNS[vocabulary.code]


def number_pattern(vocabulary: Vocabulary) -> str:
    """Digits with the language's thousands groups, or a plain decimal with either separator."""
    separators = "".join(sorted({normalize(sep) for sep in vocabulary.thousands_separators}))
    decimal_separator = re.escape(vocabulary.decimal_separator)
    return rf"\d{{1,3}}(?:[{re.escape(separators)}]\d{{3}})+(?:{decimal_separator}\d+)?|\d+(?:[.,]\d+)?"


def compile_patterns(vocabulary: Vocabulary) -> AmountPatterns:
    if any(word[-1:].isdecimal() for word in vocabulary.number_words):
        raise ValueError(f"number words are spelled out, not {sorted(vocabulary.number_words)}")
    number = number_pattern(vocabulary)
    words = alternation(vocabulary.number_words)
    scale = alternation(vocabulary.scales)
    symbols = alternation(CURRENCY_SYMBOLS)
    currency = alternation([*CURRENCY_SYMBOLS, *vocabulary.currency_words])
    power = alternation([*vocabulary.power_words, *POWER_SYMBOLS])
    percent = alternation([*PERCENT_SYMBOLS, *vocabulary.percent_words])
    cues = vocabulary.cues
    qualifiers = {" ".join(QUALIFIER_WORD.findall(normalize(word).lower())): Qualifier(name)
                  for name, words_ in vocabulary.qualifiers.items() for word in words_}
    return AmountPatterns(
        money=re.compile(
            rf"(?<![\w.,$€£])(?:(?P<pre>{symbols})\s?)?"
            rf"(?:(?P<num>{number})|(?P<word>{words})(?=\s+{scale}(?!\w)))"
            rf"(?:\s?(?P<scale>{scale})(?!\w))?(?:\s?(?P<post>{currency})(?!\w))?",
            re.IGNORECASE,
        ),
        grouped=re.compile(number.split("|")[0]),
        # "gigawatt-hours" measure energy, not capacity.
        power=re.compile(rf"(?<![\w.,])(?:(?P<num>{number})|(?P<word>{words}))[\s-]?(?P<unit>{power})(?![\w-])", re.I),
        percent=re.compile(rf"(?<![\w.,])(?P<num>{number})\s?{percent}(?!\w)", re.IGNORECASE),
        partial=re.compile(
            rf"(?<![\w.,])(?:{symbols}\s?)?(?P<num>{number})"
            rf"\s?(?P<join>{alternation(cues['list_join'])})\s?$",
            re.I,
        ),
        qualifiers=qualifiers,
        qualifier_sizes=phrase_sizes(qualifiers),
        loose_up_to=re.compile(rf"(?<!\w){alternation(vocabulary.qualifiers['up_to'])}[^,;:()\d.!?]*$", re.I),
        up_to_hint=hint_pattern(vocabulary.qualifiers["up_to"]),
        per_unit=re.compile(rf"^\s*{alternation(cues['per_unit'])}(?!\w)", re.IGNORECASE),
        count=re.compile(rf"^\s*(?:\w+\s){{0,2}}{alternation(cues['count'])}(?!\w)", re.IGNORECASE),
        noun_after=re.compile(r"^\s*(?:de\s|d'|of\s)", re.IGNORECASE),
        more_after=re.compile(rf"^\s*{alternation(cues['more_after'])}(?!\w)", re.IGNORECASE),
        range_start=re.compile(rf"(?<!\w){alternation(cues['range_start'])}\s*$", re.IGNORECASE),
        range_join=re.compile(rf"^\s*{alternation(cues['range_join'])}\s*$", re.IGNORECASE),
        list_join=re.compile(rf"^\s*{alternation(cues['list_join'])}\s*$", re.IGNORECASE),
        conversion=re.compile(r"^\s*\((?:[^()\d$€£]{0,20})?$", re.IGNORECASE),
    )


def phrase_sizes(phrases: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Each last word of the phrases -> the word counts of the phrases it ends (up to MAX_QUALIFIER_WORDS), most first.

    >>> phrase_sizes(["plus de", "un peu plus de", "environ"])
    {'de': (4, 2), 'environ': (1,)}
    """
    sizes: dict[str, set[int]] = {}
    for phrase in phrases:
        words = phrase.split(" ")
        sizes.setdefault(words[-1], set()).add(len(words))
    return {word: tuple(sorted((n for n in counts if n <= MAX_QUALIFIER_WORDS), reverse=True))
            for word, counts in sizes.items()}


def hint_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A plain pattern of a part each phrase must show in lower case, to rule out a costly case-blind search.

    >>> hint_pattern(["up to", "as much as", "jusqu'à"]).pattern
    '(?:much|ju|up)'
    """
    anchors = [max(FOLD_SAFE_RUN.findall(phrase), key=len, default="").lower() for phrase in phrases]
    # A phrase without such a letter could be anywhere: the hint then finds something everywhere.
    return re.compile("" if "" in anchors else alternation(anchors))


def parse_number(raw: str, vocabulary: Vocabulary) -> Decimal | None:
    """A written number as a Decimal, reading separators the language's way.

    >>> from extractors.languages import FRENCH, ENGLISH
    >>> parse_number("1,4", FRENCH), parse_number("1 500", FRENCH), parse_number("1,500", ENGLISH)
    (Decimal('1.4'), Decimal('1500'), Decimal('1500'))
    """
    # Plain digits, most numbers, are no number word and have no separator to read.
    if raw.isdecimal():
        return Decimal(raw)
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
    # Memo per language: the same few symbols and words, as written, come back in every article.
    codes = _CURRENCY_CODES.setdefault(vocabulary.code, {})
    if word not in codes:
        codes[word] = fold_currency(word, vocabulary)
    return codes[word]


def fold_currency(word: str, vocabulary: Vocabulary) -> str:
    folded = SPACES.sub(" ", normalize(word)).lower()
    return SYMBOLS.get(folded) or currency_words(vocabulary).get(folded, CARRIED)


SYMBOLS = {symbol.lower(): code for symbol, code in CURRENCY_SYMBOLS.items()}
_CURRENCY_WORDS: dict[str, dict[str, str]] = {}
# Language code -> currency word as written ("Dollars", "US$") -> ISO code.
_CURRENCY_CODES: dict[str, dict[str, str]] = {}


def currency_words(vocabulary: Vocabulary) -> dict[str, str]:
    if vocabulary.code not in _CURRENCY_WORDS:
        _CURRENCY_WORDS[vocabulary.code] = {normalize(k).lower(): v for k, v in vocabulary.currency_words.items()}
    return _CURRENCY_WORDS[vocabulary.code]


def scale_of(word: str | None, vocabulary: Vocabulary) -> int:
    return vocabulary.scales.get(word.lower(), 1) if word else 1


def read_money(match: re.Match[str], text: str, vocabulary: Vocabulary) -> Amount | None:
    """A money match as an Amount, or None when it is a bare number, a count or a per-unit figure."""
    if not (match["pre"] or match["scale"] or match["post"]):
        return None
    number = parse_number(match["num"] or match["word"], vocabulary)
    if number is None:
        return None
    value = number * scale_of(match["scale"], vocabulary)
    unit = currency_of(match["pre"] or match["post"], vocabulary)
    # Only the words right after the figure matter: slicing the rest of the text would copy it all.
    if value < MIN_MONEY or is_not_money(text[match.end():match.end() + TAIL_WINDOW], unit, vocabulary):
        return None
    return Amount(value, unit, match.start(), match.end())


def is_not_money(after: str, unit: str, vocabulary: Vocabulary) -> bool:
    """A figure per unit ("par gigawatt"), or a count that only looks like money ("25 millions de foyers")."""
    patterns = patterns_for(vocabulary)
    head = after[:TAIL_WINDOW]
    per_unit = patterns.per_unit.match(head)
    # "$2bn a year ago" dates the figure; "$2bn a year" is a yearly rate.
    if per_unit and not AGO.match(head[per_unit.end():]):
        return True
    return unit == CARRIED and bool(patterns.count.match(head) or patterns.noun_after.match(head))


def read_power(match: re.Match[str], vocabulary: Vocabulary) -> Amount | None:
    number = parse_number(match["num"] or match["word"], vocabulary)
    if number is None:
        return None
    unit_word = match["unit"]
    factor = POWER_SYMBOLS.get(unit_word.upper()) if unit_word.upper() in POWER_SYMBOLS else None
    factor = factor if factor is not None else vocabulary.power_words.get(unit_word.lower(), Decimal(1))
    return Amount(number * factor, GW, match.start(), match.end())


def read_percent(match: re.Match[str], vocabulary: Vocabulary) -> Amount | None:
    number = parse_number(match["num"], vocabulary)
    if number is None or number > 100:
        return None
    return Amount(number, PERCENT, match.start(), match.end())


def find_amounts(text: str, vocabulary: Vocabulary, folded: str | None = None) -> list[Amount]:
    """Every deal-sized figure of a (normalized) sentence, in order, with its qualifier.

    `folded` may give the text in lower case already (an article lowers its text once for several uses).

    >>> from extractors.languages import FRENCH
    >>> [(str(a.value), a.unit, str(a.qualifier)) for a in find_amounts(
    ...     "NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards de dollars", FRENCH)]
    [('10000000000', 'USD', 'exact'), ('5000000000', 'USD', 'exact')]
    >>> [str(a.value) for a in find_amounts("près de 50 milliards de dollars par gigawatt", FRENCH)]
    []
    """
    patterns = patterns_for(vocabulary)
    starts = figure_starts(text, vocabulary.number_words)
    amounts = [a for m in matches_at(patterns.money, text, starts) if (a := read_money(m, text, vocabulary))]
    folded = text.lower() if folded is None else folded
    if "watt" in folded or "gw" in folded or "mw" in folded:
        amounts += [a for m in matches_at(patterns.power, text, starts) if (a := read_power(m, vocabulary))]
    if "%" in text or "cent" in folded:
        amounts += [a for m in matches_at(patterns.percent, text, starts) if (a := read_percent(m, vocabulary))]
    amounts = drop_overlaps(sorted(amounts, key=lambda a: (a.start, -a.end)))
    amounts = add_partial_figures(text, amounts, vocabulary)
    amounts = drop_conversions(text, amounts)
    amounts = share_currencies(text, amounts)
    amounts = share_qualifiers(text, [with_qualifier(text, amount, patterns) for amount in amounts])
    return mark_ranges(text, amounts, patterns)


def figure_starts(text: str, number_words: Mapping[str, int]) -> list[int]:
    """Where a figure may start: at a number, at a currency sign or code before it, at a number word
    before a scale or power word ("un gigawatt", "a billion").

    Trying the figure patterns only there is what keeps a long article cheap: a pattern scanned over
    every character of the text costs several times more.
    """
    starts = set(number_starts(text))
    for sign in CURRENCY_SIGNS:
        starts.update(sign_occurrences(text, sign))
    for word in unit_words(text):
        # "15 milliards", the usual case: the word before ends in a digit, as no number word does.
        if text[word.start() - 2:word.start()] in DIGIT_THEN_SPACE:
            continue
        before = text[max(0, word.start() - 12):word.start()].split()
        if before and before[-1].split("'")[-1].lower() in number_words:
            previous = PREVIOUS_WORD.search(text, max(0, word.start() - 12), word.start())
            starts.add(previous.start() if previous else word.start())
    return sorted(starts)


def unit_words(text: str) -> list[re.Match[str]]:
    """The UNIT_WORD matches of the text, in order.

    >>> [word[0] for word in unit_words("un milliard, three trillion, 2 gigawatts et 1 mégawatt")]
    ['milliard', 'trillion', 'gigawatt', 'mégawatt']
    """
    # A str.find of a part every unit word has is C fast search; UNIT_WORD scanned over the text tries every
    # m, b, t and g. "illi" sits two characters into "trillion", one into the others; "gawatt" two into all.
    near = [position - 2 if text[position - 1:position] == "r" else position - 1
            for position in occurrences(text, "illi")]
    near += [position - 2 for position in occurrences(text, "gawatt")]
    return matches_at(UNIT_WORD, text, sorted(position for position in near if position >= 0))


def number_starts(text: str) -> list[int]:
    """Where each NUMBER match begins: the first digit of each run of digits and separators.

    >>> number_starts("1.500,5 et 30 000"), number_starts("٣5 et 7")
    ([0, 11, 14], [0, 6])
    """
    marked = text.encode("latin-1", "replace")
    if has_other_digits(text, marked):
        return [match.start() for match in NUMBER.finditer(text)]
    # With every digit made a "0" (in C), one find loop visits each number once, skipping to its end,
    # where a pattern would step through every character and a find per digit would visit every digit.
    zeros = marked.translate(DIGITS_TO_ZERO)
    starts = []
    position = zeros.find(b"0")
    while position >= 0:
        starts.append(position)
        position = zeros.find(b"0", NUMBER.match(text, position).end())  # type: ignore[union-attr]
    return starts


def has_other_digits(text: str, marked: bytes | None = None) -> bool:
    """Whether the text has a decimal digit of another script ("٣", "３"), all of them above U+00FF
    (`marked`: the text encoded to Latin-1 with "?" for the others, when the caller has it).

    >>> has_other_digits("5 € … ?"), has_other_digits("٣ milliards")
    (False, True)
    """
    # Encoding to Latin-1 turns each character above U+00FF into "?" in C, where a pattern would step
    # through every character.
    marked = text.encode("latin-1", "replace") if marked is None else marked
    return any(text[position].isdecimal() for position in occurrences(marked, b"?"))


def sign_occurrences(text: str, sign: str) -> list[int]:
    """Every position of a currency sign or code ("$", "USD") in the text."""
    # A one-character find is a memchr, several times faster than a search for "USD": its first letter,
    # a capital, is rare enough to look for instead.
    found = []
    position = text.find(sign[0])
    while position >= 0:
        if text.startswith(sign, position):
            found.append(position)
        position = text.find(sign[0], position + 1)
    return found


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
    patterns = patterns_for(vocabulary)
    result: list[Amount] = []
    previous_end = 0
    for amount in amounts:
        # A partial number sits right before its figure: only the last few characters need a look.
        head_start = max(previous_end, amount.start - PARTIAL_WINDOW)
        head = text[head_start:amount.start]
        partial = patterns.partial.search(head) if DIGIT.search(head) else None
        scale = amount_scale(amount, text, vocabulary) if partial else None
        if partial and scale:
            number = parse_number(partial["num"], vocabulary)
            if number is not None and number * scale >= MIN_MONEY or amount.unit in (GW, PERCENT):
                start = head_start + partial.start()
                end = head_start + partial.end("num")
                result.append(Amount((number or Decimal(0)) * scale, amount.unit, start, end))
        result.append(amount)
        previous_end = amount.end
    return result


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
    """"1.7 billion euros ($2 billion)": the figure in parentheses restates the one before it."""
    kept: list[Amount] = []
    for amount in amounts:
        if kept and kept[-1].is_money and amount.is_money and text[amount.end:amount.end + 1] == ")" and \
                OPENING_PARENTHESIS.fullmatch(text[kept[-1].end:amount.start]):
            continue
        kept.append(amount)
    return kept


def share_currencies(text: str, amounts: list[Amount]) -> list[Amount]:
    """"10 milliards et 5 milliards de dollars": a currency said once covers the figures listed before it."""
    result = list(amounts)
    for index in range(len(result) - 2, -1, -1):
        current, following = result[index], result[index + 1]
        # The gap between them is read only for a figure still waiting for its currency.
        if current.unit == CARRIED and following.is_money and following.unit and \
                LIST_GAP.fullmatch(text[current.end:following.start]):
            result[index] = current.in_unit(following.unit)
    return result


def with_qualifier(text: str, amount: Amount, patterns: AmountPatterns) -> Amount:
    """The qualifier written just before the figure (or "jusqu'à" a few words before, or "or more" after)."""
    qualifier = qualifier_before(text[max(0, amount.start - QUALIFIER_WINDOW):amount.start].lower(), patterns)
    if qualifier:
        return amount.qualified(qualifier)
    loose_window = text[max(0, amount.start - LOOSE_UP_TO_WINDOW):amount.start]
    # The case-blind search tries every phrase at every character: a plain search of the lowered window for a
    # part of each phrase rules most figures out first.
    if patterns.up_to_hint.search(loose_window.lower()) and patterns.loose_up_to.search(loose_window):
        return amount.qualified(Qualifier.UP_TO)
    if patterns.more_after.match(text[amount.end:amount.end + TAIL_WINDOW]):
        return amount.qualified(Qualifier.AT_LEAST)
    return amount


def qualifier_before(window: str, patterns: AmountPatterns) -> Qualifier | None:
    """The qualifier of the longest phrase the (lowered) window ends with, if any."""
    last = last_word(window)
    # Most figures follow a word that ends no phrase: they need no split of the window into words.
    if last is not None and last not in patterns.qualifier_sizes:
        return None
    words = QUALIFIER_WORD.findall(window)
    for size in patterns.qualifier_sizes.get(words[-1], ()) if words else ():
        qualifier = patterns.qualifiers.get(" ".join(words[-size:])) if size <= len(words) else None
        if qualifier:
            return qualifier
    return None


def last_word(window: str) -> str | None:
    """The last QUALIFIER_WORD of the window, or None when its last run of non-spaces is all apostrophes.

    >>> last_word("capital d'environ "), last_word("jusqu' "), last_word("  "), last_word("x '")
    ('environ', "jusqu'", '', None)
    """
    chunks = window.rsplit(None, 1)
    if not chunks:
        return ""
    # Words are the runs between apostrophes, each keeping the apostrophe that follows it.
    parts = chunks[-1].split("'")
    for index in range(len(parts) - 1, -1, -1):
        if parts[index]:
            return parts[index] + "'" if index < len(parts) - 1 else parts[index]
    return None


def share_qualifiers(text: str, amounts: list[Amount]) -> list[Amount]:
    """"up to $10 billion and $5 billion": a qualifier said once covers the figures listed after it."""
    result = list(amounts)
    for index in range(1, len(result)):
        previous, current = result[index - 1], result[index]
        # The gap between them is read only when the qualifier could pass on.
        if current.qualifier == Qualifier.EXACT and previous.qualifier != Qualifier.EXACT and \
                previous.unit == current.unit and AND_GAP.fullmatch(text[previous.end:current.start]):
            result[index] = current.qualified(previous.qualifier)
    return result


def mark_ranges(text: str, amounts: list[Amount], patterns: AmountPatterns) -> list[Amount]:
    """"between $10bn and $15bn", "de 5 à 7 milliards": a floor and a ceiling."""
    result = list(amounts)
    for index in range(len(result) - 1):
        low, high = result[index], result[index + 1]
        if low.unit != high.unit or not patterns.list_join.match(text[low.end:high.start]):
            continue
        opened = patterns.range_start.search(text[max(0, low.start - 12):low.start])
        if opened or patterns.range_join.match(text[low.end:high.start]):
            result[index] = low.qualified(Qualifier.AT_LEAST)
            result[index + 1] = high.qualified(Qualifier.UP_TO)
    return result
