"""When a figure belongs and how firm it is: the context fields of FACTS.md (as_of, status, basis)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum, auto
from functools import cache
from typing import NamedTuple

from extractors.amounts import Amount
from extractors.deals import Context, Deal
from extractors.facts import EARLIER, Basis, Kind, Status
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept, Vocabulary
from extractors.patterns import alternation
from extractors.reading import Reading
from extractors.roles import PROGRESSION_FROM, PROGRESSION_HEAD, is_progression
from extractors.tokens import PhraseTable, tokenize

# A date right after a figure dates it ("$50 million in December 2022"); further on, it dates the next figure.
DATE_AFTER_WINDOW = 40
# A recall word ("its previous", "had raised") dates the figure that follows it within this many characters.
RECALL_WINDOW = 70
# A date opening a clause dates the next figure within this many characters ("In March, Thrive led its ...").
DATE_BEFORE_WINDOW = 100
# "a $4 billion pre-money valuation", "valued at €2 billion before the round": how far a basis word may sit.
BASIS_WINDOW = 45
# "the $500 million it hopes to raise": how far after its figure a word may say that it is still sought.
TALKS_AFTER_WINDOW = 30
# How many words may sit between a time span's number and its unit ("two and a half years ago").
SPAN_WORDS = 3
# A clause that another one cannot reach across.
CLAUSE_BREAK = re.compile(r";")
YEAR = r"(?:19|20)\d{2}"
FIGURE_MASK = "#"
CLAUSE_PUNCTUATION = re.compile(r"[,;:()]")
RELATIVE_OPENING = re.compile(rf",\s*{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\b", re.IGNORECASE)
POSSESSIVE_BEFORE = re.compile(rf"(?<!\w){alternation(every_language(Concept.POSSESSIVES))}\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Surroundings:
    """What the article tells one sentence about its figures: the article's date, and the words of the next
    sentence before its own first figure ("The figure is a pre-money valuation.")."""

    published: dt.date | None = None
    next_text: str = ""


class Reach(Enum):
    """Which figure a time mark dates."""

    NEAREST = auto()  # a date: the figure right before it, else the next one ("in 2019", "En mars, ...")
    FOLLOWING = auto()  # a recall word or "now": the figure after it ("its previous $3 billion round")


class TimeMark(NamedTuple):
    """A date or a recall word in the sentence, what it resolves to (None: the article's own news), and which
    figure it dates."""

    start: int
    end: int
    as_of: str | None
    reach: Reach


@dataclass(frozen=True)
class DatePatterns:
    """One vocabulary's date patterns, compiled once."""

    month_or_year: re.Pattern[str]
    day_month_year: re.Pattern[str]
    month_year: re.Pattern[str]
    month_last: re.Pattern[str]
    last_month_name: re.Pattern[str]
    month_after_preposition: re.Pattern[str]
    year_after_preposition: re.Pattern[str]
    span_ago: re.Pattern[str]
    ago_span: re.Pattern[str]
    since_before: re.Pattern[str]
    since_after: re.Pattern[str]
    words: PhraseTable[Concept]


@cache
def date_patterns(vocabulary: Vocabulary) -> DatePatterns:
    words = vocabulary.words
    month = alternation(vocabulary.months)
    preposition = alternation(words[Concept.DATE_PREPOSITIONS])
    of = alternation(words[Concept.OF])
    units = alternation(words[Concept.TIME_UNITS])
    span = rf"(?:\d+|{alternation(vocabulary.number_words)})(?:\s+[\w-]+){{0,{SPAN_WORDS}}}?\s+{units}"
    flags = re.IGNORECASE
    return DatePatterns(
        month_or_year=re.compile(rf"(?<!\w)(?:{month}(?!\w)|{YEAR}(?!\d))", flags),
        day_month_year=re.compile(
            rf"(?<![\w.,])(?:\d{{1,2}}[a-z]{{0,2}}\s+(?P<mm>{month})|(?P<mm2>{month})\.?\s+\d{{1,2}}[a-z]{{0,2}},?)"
            rf"\s+(?P<yyyy>{YEAR})(?!\d)", flags),
        month_year=re.compile(rf"(?<!\w)(?P<mm>{month})\.?,?\s+(?:{of}\s+)?(?P<yyyy>{YEAR})(?!\d)", flags),
        month_last=re.compile(rf"(?<!\w)(?P<mm>{month})\s+{alternation(words[Concept.LAST_AFTER_MONTH])}(?!\w)",
                              flags),
        last_month_name=re.compile(
            rf"(?<!\w){alternation(words[Concept.LAST_BEFORE_MONTH])}\s+(?P<mm>{month})(?!\w)", flags),
        # "in March", "fin mars", "mid-January", "Lambda's February Series D".
        month_after_preposition=re.compile(
            rf"(?:(?<!\w){preposition}(?:\s+|-|(?<='))|{alternation(words[Concept.POSSESSIVE_SUFFIXES])}\s+)"
            rf"(?P<mm>{month})\.?(?!\w)(?!,?\s+(?:{of}\s+)?{YEAR})", flags),
        year_after_preposition=re.compile(rf"(?<!\w){preposition}(?:\s+|-|(?<='))(?P<yyyy>{YEAR})(?!\d)", flags),
        span_ago=re.compile(rf"(?<!\w){span}\s+{alternation(every_language(Concept.AGO))}(?!\w)", flags),
        ago_span=re.compile(rf"(?<!\w){alternation(words[Concept.AGO_BEFORE])}\s+(?:\S+\s+){{0,2}}?{span}(?!\w)",
                            flags),
        since_before=re.compile(rf"(?<!\w){alternation(words[Concept.SINCE])}(?:\s+\S+){{0,3}}\s*$", flags),
        since_after=re.compile(rf"\s*,?\s*(?:\S+\s+){{0,2}}?{alternation(words[Concept.SINCE_START])}(?!\w)", flags),
        words=PhraseTable([(word, concept) for concept in CONTEXT_WORDS for word in words[concept]]),
    )


CONTEXT_WORDS = (
    Concept.TALKS, Concept.TALKS_AFTER, Concept.DONE_AFTER, Concept.CONFIRMED, Concept.REPORTED, Concept.RECALLED,
    Concept.AFTER_HAVING, Concept.PLUPERFECT,
    Concept.SAID, Concept.NOW, Concept.LAST_YEAR, Concept.EARLIER_THIS_YEAR, Concept.LAST_MONTH, Concept.PRE_MONEY,
    Concept.POST_MONEY,
)


class Word(NamedTuple):
    """A context word of the sentence and its span."""

    concept: Concept
    start: int
    end: int


def context_words(text: str, vocabulary: Vocabulary) -> list[Word]:
    """The context words of a text, in order (longest phrase at each place)."""
    tokens = tokenize(text)
    table = date_patterns(vocabulary).words
    return [Word(concept, tokens[index].start, tokens[index + size - 1].end)
            for index, size, concepts in table.find_longest(tokens) for concept in concepts]


def figure_contexts(reading: Reading, deals: list[Deal], surroundings: Surroundings) -> list[Context]:
    """The context of each deal of one sentence, read from the sentence, its neighbour and the article's date.

    >>> from extractors.languages import ENGLISH
    >>> from extractors.reading import read
    >>> from extractors.parties import find_deals
    >>> reading = read("Velka is in talks to raise $300 million, up from its previous $90 million round.", ENGLISH)
    >>> [(c.as_of, c.status.value) for c in figure_contexts(reading, find_deals(reading), Surroundings())]
    [(None, 'talks'), ('earlier', 'announced')]
    """
    if not deals:
        return []
    figures = list(reading.amounts)
    words = context_words(reading.text, reading.vocabulary)
    dates = figure_dates(reading, figures, words, surroundings.published)
    statuses = figure_statuses(reading, figures, words, dates)
    valuations = sum(1 for found in deals if found.kind == Kind.VALUATION)
    contexts = []
    for found in deals:
        index = figure_index(figures, found.amount)
        as_of, status = (dates[index], statuses[index]) if index is not None else (None, Status.ANNOUNCED)
        basis = valuation_basis(reading, found.amount, words, surroundings.next_text if valuations == 1 else "") \
            if found.kind == Kind.VALUATION else None
        contexts.append(Context(as_of, status, basis))
    return contexts


def figure_index(figures: list[Amount], amount: Amount) -> int | None:
    """Where a deal's figure sits among the sentence's figures (a stake level may have been requalified)."""
    return next((i for i, figure in enumerate(figures) if (figure.start, figure.end) == (amount.start, amount.end)),
                None)


# --- as_of ------------------------------------------------------------------------------------------------------


def figure_dates(reading: Reading, figures: list[Amount], words: list[Word],
                 published: dt.date | None) -> list[str | None]:
    """Each figure's as_of: the time mark that dates it, else the one of the figure it goes with."""
    dated: dict[int, tuple[tuple[bool, int], str | None]] = {}
    for mark in time_marks(reading, words, published):
        owner = owner_of(reading, figures, mark)
        if owner is None:
            continue
        distance = min(abs(mark.start - figures[owner].end), abs(figures[owner].start - mark.end))
        # A date says more than a recall word ("its previous round, in March 2024"); else the nearer mark wins.
        rank = (mark.as_of == EARLIER, distance)
        if owner not in dated or rank < dated[owner][0]:
            dated[owner] = (rank, mark.as_of)
    dates: list[str | None] = []
    for index, figure in enumerate(figures):
        if cumulative(reading, figure):
            dates.append(None)  # "having raised $3.9 billion since its inception": a total up to now
        elif index in dated:
            dates.append(dated[index][1])
        elif index and goes_with_previous(reading, figures, index):
            dates.append(dates[-1])
        else:
            dates.append(None)
    return dates


def cumulative(reading: Reading, figure: Amount) -> bool:
    """A figure followed closely by "since its inception", "depuis sa création": a total up to the news."""
    head = date_patterns(reading.vocabulary).since_after
    return bool(head.match(reading.text, figure.end))


def owner_of(reading: Reading, figures: list[Amount], mark: TimeMark) -> int | None:
    """The figure a time mark dates: a date dates the figure right before it, else the next one in its clause;
    a recall word or "now" dates the next figure."""
    text = reading.text
    if mark.reach == Reach.NEAREST:
        before = [i for i, f in enumerate(figures) if f.end <= mark.start]
        if before and same_clause(text, figures[before[-1]].end, mark.start, DATE_AFTER_WINDOW):
            # "$12 billion, four times its valuation of last October": the date is that valuation's.
            if not valuation_between(reading, figures[before[-1]].end, mark.start):
                return before[-1]
            return None
        if dates_a_non_deal(reading, mark):
            return None
    if PROGRESSION_TO.match(text, mark.end):
        return None  # "from stealth mode in 2019 to a $7.2 billion valuation by June 2025": the start's date
    window = DATE_BEFORE_WINDOW if mark.reach == Reach.NEAREST else RECALL_WINDOW
    after = next((i for i, f in enumerate(figures) if f.start >= mark.end), None)
    if after is None or not same_clause(text, mark.end, figures[after].start, window):
        return None
    # "OpenAI, qui avait envisagé de l'acheter, a apporté 4,5 millions": after a comma, another verb governs.
    if mark.reach == Reach.FOLLOWING and (new_clause_verb(reading, mark.end, figures[after].start) or
                                          closed_relative(reading, mark.start, figures[after].start)):
        return None
    return after


# "in 2019 to", "en 2019 à": a date that ends the start of a progression, right before the word that leads to its end.
PROGRESSION_TO = re.compile(rf"\s+{alternation([w for w in every_language(Concept.RANGE_JOIN) if w.isalpha()])}\s",
                            re.IGNORECASE)


def closed_relative(reading: Reading, start: int, end: int) -> bool:
    """"Orin, which had considered buying Velka outright, put $5 million": the mark sits in a relative clause
    closed by a comma before the figure."""
    opened = max((m.end() for m in RELATIVE_OPENING.finditer(reading.text, 0, start)), default=None)
    return opened is not None and not CLAUSE_PUNCTUATION.search(reading.text, opened, start) and \
        bool(CLAUSE_PUNCTUATION.search(reading.text, start, end))


def new_clause_verb(reading: Reading, start: int, end: int) -> bool:
    """A verb of its own after the last comma between two positions: the later words are another clause's."""
    comma = max((m.end() for m in CLAUSE_PUNCTUATION.finditer(reading.text, start, end)), default=None)
    return comma is not None and bool(subject_verb_pattern(reading.vocabulary).search(reading.text, comma, end))


def dates_a_non_deal(reading: Reading, mark: TimeMark) -> bool:
    """"increased revenue over 10x in 2023, and raised $80M": a date right after a word of revenue or cost is
    that figure's date, not the next deal's."""
    return any(0 <= mark.start - cue.end <= DATE_AFTER_WINDOW for cue in reading.cues
               if cue.concept in (Concept.REVENUE, Concept.COST, Concept.MARKET_VALUE))


def valuation_between(reading: Reading, start: int, end: int) -> bool:
    """"its valuation", "sa valeur": a valuation of its own, not the figure's, between two positions."""
    return any(cue.concept in (Concept.VALUATION, Concept.VALUATION_NOUN) and start <= cue.start and cue.end <= end
               and POSSESSIVE_BEFORE.search(reading.text, max(start, cue.start - 6), cue.start)
               for cue in reading.cues)


def same_clause(text: str, start: int, end: int, window: int) -> bool:
    return end - start <= window and not CLAUSE_BREAK.search(text, start, end)


def goes_with_previous(reading: Reading, figures: list[Amount], index: int) -> bool:
    """"$80 million in December 2023 at a $715 million valuation": a figure of the same clause shares the date
    of the one before, unless a new verb starts another clause between them ("$15 million seven months ago, has
    closed a $90 million round") or they are the two ends of a progression ("from $3 billion last year to $12
    billion")."""
    text = reading.text
    previous, current = figures[index - 1], figures[index]
    if CLAUSE_BREAK.search(text, previous.end, current.start) or \
            subject_verb_pattern(reading.vocabulary).search(text, previous.end, current.start):
        return False
    # "X, whose previous round had valued it at $1 billion, raises $400 million": the relative clause closes first.
    if closed_relative(reading, previous.start, current.start):
        return False
    return not is_progression(reading, previous, current)


@cache
def subject_verb_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){alternation(vocabulary.words[Concept.SUBJECT_VERBS])}(?!\w)", re.IGNORECASE)


def time_marks(reading: Reading, words: list[Word], published: dt.date | None) -> list[TimeMark]:
    """The sentence's dates and recall words, resolved against the article's date, without overlaps."""
    patterns = date_patterns(reading.vocabulary)
    text = without_figures(reading)
    marks = [*calendar_marks(text, patterns, reading.vocabulary, published), *span_marks(text, patterns)]
    marks += [mark for word in words if (mark := word_mark(word, words, published))]
    marks = [m for m in marks if not patterns.since_before.search(text[max(0, m.start - 40):m.start])
             or m.reach != Reach.NEAREST]
    kept: list[TimeMark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
        elif mark.end - mark.start > kept[-1].end - kept[-1].start:
            kept[-1] = mark  # "d'octobre dernier": the longer reading of overlapping dates
    return kept


def without_figures(reading: Reading) -> str:
    """The sentence with its figures blanked out, offsets kept: no date is read inside a figure ("$15 million
    seven months ago" holds the span "seven months", not "15 million seven months")."""
    text = reading.text
    for amount in reading.amounts:
        text = text[:amount.start] + FIGURE_MASK * (amount.end - amount.start) + text[amount.end:]
    return text


def calendar_marks(text: str, patterns: DatePatterns, vocabulary: Vocabulary,
                   published: dt.date | None) -> list[TimeMark]:
    """Days, months and years: "4 décembre 2025", "June 2023", "mai dernier", "last May", "in March", "fin 2022"."""
    if not patterns.month_or_year.search(text):
        return []  # no month named and no year written: no calendar date
    months = {name.lower(): number for name, number in vocabulary.months.items()}
    marks = []
    for match in patterns.day_month_year.finditer(text):
        month = months[(match["mm"] or match["mm2"]).lower()]
        marks.append(date_mark(match, day_as_of(int(match["yyyy"]), month, published)))
    for match in patterns.month_year.finditer(text):
        marks.append(date_mark(match, month_as_of(int(match["yyyy"]), months[match["mm"].lower()], published)))
    for pattern in (patterns.month_last, patterns.last_month_name):
        for match in pattern.finditer(text):
            marks.append(date_mark(match, last_month_as_of(months[match["mm"].lower()], published)))
    for match in patterns.month_after_preposition.finditer(text):
        marks.append(date_mark(match, bare_month_as_of(months[match["mm"].lower()], published)))
    for match in patterns.year_after_preposition.finditer(text):
        marks.append(date_mark(match, year_as_of(int(match["yyyy"]), published)))
    return marks


def span_marks(text: str, patterns: DatePatterns) -> list[TimeMark]:
    """"seven months ago", "il y a deux ans": recalled, with no date to resolve (ANNOTATION.md)."""
    return [TimeMark(m.start(), m.end(), EARLIER, Reach.NEAREST)
            for pattern in (patterns.span_ago, patterns.ago_span) for m in pattern.finditer(text)]


def date_mark(match: re.Match[str], as_of: str | None) -> TimeMark:
    return TimeMark(match.start(), match.end(), as_of, Reach.NEAREST)


def word_mark(word: Word, words: list[Word], published: dt.date | None) -> TimeMark | None:
    """The time mark a context word makes: a relative date, a recall word, or "now"."""
    if word.concept == Concept.LAST_YEAR:
        return TimeMark(word.start, word.end, str(published.year - 1) if published else EARLIER, Reach.NEAREST)
    if word.concept == Concept.EARLIER_THIS_YEAR:
        return TimeMark(word.start, word.end, str(published.year) if published else EARLIER, Reach.NEAREST)
    if word.concept == Concept.LAST_MONTH:
        return TimeMark(word.start, word.end, previous_month(published) if published else EARLIER, Reach.NEAREST)
    if word.concept in (Concept.RECALLED, Concept.AFTER_HAVING):
        return TimeMark(word.start, word.end, EARLIER, Reach.FOLLOWING)
    if word.concept == Concept.PLUPERFECT and not said_before(words, word):
        return TimeMark(word.start, word.end, EARLIER, Reach.FOLLOWING)
    if word.concept == Concept.NOW:
        return TimeMark(word.start, word.end, None, Reach.FOLLOWING)
    return None


def said_before(words: list[Word], word: Word) -> bool:
    """"said on Thursday it had raised $270 million": a pluperfect after a verb of saying tells the news."""
    return any(w.concept == Concept.SAID and w.end <= word.start for w in words)


def month_as_of(year: int, month: int, published: dt.date | None) -> str | None:
    """A month of a given year; None when it is the article's own month (its news)."""
    if published and (published.year, published.month) == (year, month):
        return None
    return f"{year}-{month:02d}"


def day_as_of(year: int, month: int, published: dt.date | None) -> str | None:
    """"Jeudi 4 décembre 2025", "Paris, 21 November 2024": a dated day is the news's dateline unless the article's
    own date says it is of another month."""
    return month_as_of(year, month, published) if published else None


def year_as_of(year: int, published: dt.date | None) -> str | None:
    return str(year)


def bare_month_as_of(month: int, published: dt.date | None) -> str | None:
    """"in March": the last March up to the article's date (its own month is its news); earlier without a date."""
    if published is None:
        return EARLIER
    if month == published.month:
        return None
    year = published.year if month < published.month else published.year - 1
    return f"{year}-{month:02d}"


def last_month_as_of(month: int, published: dt.date | None) -> str:
    """"en mai dernier", "last May": the last such month strictly before the article's month."""
    if published is None:
        return EARLIER
    year = published.year if month < published.month else published.year - 1
    return f"{year}-{month:02d}"


def previous_month(published: dt.date) -> str:
    year, month = (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
    return f"{year}-{month:02d}"


# --- status -------------------------------------------------------------------------------------------------------


def figure_statuses(reading: Reading, figures: list[Amount], words: list[Word],
                    dates: list[str | None]) -> list[Status]:
    """Each figure's status: the talks or report words before it (for a recalled figure, only those after what
    recalls it), and a report the sentence ends on ("…, according to PitchBook") for its last figure."""
    statuses = []
    recall_starts = [w.start for w in words if w.concept in (Concept.RECALLED, Concept.AFTER_HAVING,
                                                             Concept.PLUPERFECT)]
    reported = reports(reading, words)
    for index, figure in enumerate(figures):
        start = 0
        if dates[index] is not None:
            before = [s for s in recall_starts if s < figure.start]
            previous_end = figures[index - 1].end if index else 0
            start = max([previous_end, *before[-1:], progression_start(reading.text, figure)])
        status = status_between(without_qualifier(reading, words, figure), reported, start, figure.start)
        if talks_after(reading, words, figures, index, Concept.TALKS_AFTER):
            status = Status.TALKS
        elif talks_after(reading, words, figures, index, Concept.DONE_AFTER):
            status = Status.ANNOUNCED  # "818 millions, dont 686 millions ont déjà été sécurisés"
        statuses.append(status)
    if figures and statuses[-1] == Status.ANNOUNCED and any(s >= figures[-1].end for s, _ in reported):
        statuses[-1] = Status.REPORTED
    return statuses


def without_qualifier(reading: Reading, words: list[Word], figure: Amount) -> list[Word]:
    """"which could be increased to €13.5m", "pourrait atteindre 900 millions": a talks word that is part of the
    figure's own qualifier says how far the figure goes (up_to), not that the deal is undone."""
    phrases = {phrase for qualifier in reading.vocabulary.qualifiers.values() for phrase in qualifier}
    return [w for w in words if not (w.concept == Concept.TALKS and w.end <= figure.start and
                                     reading.text[w.start:figure.start].strip().lower() in phrases)]


def talks_after(reading: Reading, words: list[Word], figures: list[Amount], index: int, concept: Concept) -> bool:
    """"les 818 millions qu'elle espère lever", "the $500 million it is seeking" (a figure still sought), "dont
    686 millions ont déjà été sécurisés" (a figure done): words right after the figure, before the next one."""
    end = figures[index + 1].start if index + 1 < len(figures) else len(reading.text)
    return any(w.concept == concept and figures[index].end <= w.start and
               w.end - figures[index].end <= TALKS_AFTER_WINDOW and w.end <= end for w in words)


def progression_start(text: str, figure: Amount) -> int:
    """Where "from" stands right before a figure ("from $3 billion last year to ..."), else 0."""
    head = text[max(0, figure.start - PROGRESSION_HEAD):figure.start]
    found = PROGRESSION_FROM.search(head)
    return figure.start - len(head) + found.start() if found else 0


def status_between(words: list[Word], reported: list[tuple[int, int]], start: int, end: int) -> Status:
    """Talks when a talks word sits in the span, else reported when a report does, else announced; a word of
    confirmation sets aside what was said before it ("a confirmé ce que les rumeurs disaient : ...")."""
    start = max([start, *(w.end for w in words if w.concept == Concept.CONFIRMED and start <= w.start < end)])
    if any(w.concept == Concept.TALKS and start <= w.start and w.end <= end for w in words):
        return Status.TALKS
    if any(start <= s and e <= end for s, e in reported):
        return Status.REPORTED
    return Status.ANNOUNCED


def reports(reading: Reading, words: list[Word]) -> list[tuple[int, int]]:
    """Where the sentence relays a report: report words, and a news outlet after "according to"."""
    spans = [(w.start, w.end) for w in words if w.concept == Concept.REPORTED]
    return sorted(spans + [(m.start(), m.end()) for m in source_pattern(reading.vocabulary).finditer(reading.text)])


@cache
def source_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    """"according to The Information", "selon le Financial Times", "d'après des sources de Bloomberg"."""
    according = alternation(vocabulary.words[Concept.ACCORDING_TO])
    sources = alternation(every_language(Concept.NEWS_SOURCES))
    return re.compile(rf"(?<!\w){according}\s+(?:\S+\s+){{0,4}}?{sources}(?!\w)", re.IGNORECASE)


# --- basis --------------------------------------------------------------------------------------------------------


def valuation_basis(reading: Reading, amount: Amount, words: list[Word], next_words: str) -> Basis | None:
    """Pre or post when a basis word sits next to the valuation figure (no other figure between), or in the next
    sentence's words before its own figures when the sentence values once ("The figure represents a pre-money
    valuation and ...")."""
    for word in words:
        if word.concept not in (Concept.PRE_MONEY, Concept.POST_MONEY):
            continue
        before = word.end <= amount.start
        start, end = (word.end, amount.start) if before else (amount.end, word.start)
        # "$8 billion, including the new money, far more than the $545 million": a basis word is its figure's
        # after it, or before it within the same phrase (no comma).
        if 0 <= end - start <= BASIS_WINDOW and not any(start <= a.start < end for a in reading.amounts) and \
                not (before and CLAUSE_PUNCTUATION.search(reading.text, start, end)):
            return basis_of(word.concept)
    if next_words:
        following = [w for w in context_words(next_words, reading.vocabulary)
                     if w.concept in (Concept.PRE_MONEY, Concept.POST_MONEY)]
        if following:
            return basis_of(following[0].concept)
    return None


def basis_of(concept: Concept) -> Basis:
    return Basis.PRE if concept == Concept.PRE_MONEY else Basis.POST
