"""Which parties a sentence names: gazetteer names, paraphrases, anaphors ("la start-up") and new names."""

from __future__ import annotations

import re
from functools import cache

from extractors.companies import COMPANIES
from extractors.cues import Cue
from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, UPPER_CASE_LETTERS, Concept, Vocabulary
from extractors.names import Mention, known_names
from extractors.new_names import BRACKETED_CODE, find_new_names
from extractors.patterns import alternation, before_name, first_letter_first
from extractors.tokens import PhraseTable, Token, tokenize

COMPANY_NOUN = alternation(every_language(Concept.COMPANY_NOUNS))
DEFINITE_ARTICLES = every_language(Concept.DEFINITE_ARTICLES)
# "the Toronto-based company", "the San Jose, California-based startup", "la société basée à Lyon": the place
# describes the company the article is about; it names no party.
BASED_DESCRIPTOR = re.compile(first_letter_first(DEFINITE_ARTICLES, (
    rf"\b{before_name(DEFINITE_ARTICLES, either_case=True)}"
    rf"(?:(?:[A-Z][\w.'-]*,?\s+)*[A-Z][\w.'-]*{alternation(every_language(Concept.PLACE_SUFFIXES))}\s+"
    rf"(?:{alternation(every_language(Concept.AI_ACRONYMS))}\s+)?{COMPANY_NOUN}\b"
    rf"|{COMPANY_NOUN}\s+{alternation(every_language(Concept.PLACED_IN))}\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")))


def paraphrases(vocabulary: Vocabulary) -> dict[str, str]:
    """Lower-case paraphrase -> canonical name ("le fabricant de claude" -> Anthropic), anaphors -> ""."""
    phrases = {template.format(product).lower(): company.name
               for company in COMPANIES for product in company.products
               for template in vocabulary.maker_templates}
    phrases.update({nickname.lower(): name for nickname, name in vocabulary.nicknames.items()})
    phrases.update({anaphor.lower(): "" for anaphor in vocabulary.anaphors})
    return phrases


@cache
def paraphrase_table(vocabulary: Vocabulary) -> PhraseTable[str]:
    """The vocabulary's paraphrases and anaphors, built once per language."""
    return PhraseTable(paraphrases(vocabulary))


# Words that may sit inside a background phrase: "founded in 2021 by", "rival américain de".
GAP_WORDS = 2


def gapped_alternation(phrases: tuple[str, ...]) -> str:
    """The phrases as an alternation where up to GAP_WORDS words may sit between two of their words."""
    gap = rf"(?:\s+[\w'-]+){{0,{GAP_WORDS}}}\s+"
    return "(?:" + "|".join(gap.join(re.escape(word) for word in phrase.split()) for phrase in phrases) + ")"


# "a startup founded by former Google researchers", "rival américain de Nvidia": a company named for another's
# background, in a clause that holds no figure, is no party of the sentence's figures.
BACKGROUND = re.compile(rf"(?<!\w){gapped_alternation(every_language(Concept.BACKGROUND))}", re.IGNORECASE)
BACKGROUND_SUFFIX = re.compile(rf"{alternation(every_language(Concept.BACKGROUND_SUFFIXES))}(?!\w)", re.IGNORECASE)
# "D'après un document déposé auprès de la SEC, ...": the names of a clause that gives the news's source.
SOURCE_CLAUSE = re.compile(rf"\s*{alternation(every_language(Concept.SOURCE_CLAUSE))}(?!\w)", re.IGNORECASE)
CLAUSE_MARK = re.compile(r"[,;:()\[\]—]|\s-\s")



def find_mentions(text: str, vocabulary: Vocabulary, extra_names: frozenset[str] = frozenset(),
                  tokens: list[Token] | None = None, cues: tuple[Cue, ...] = (),
                  figures: tuple[tuple[int, int], ...] = ()) -> list[Mention]:
    """Parties named in a (normalized) sentence, in order, longest first where two overlap.

    `extra_names` are new names the article has already shown to be companies (its title's names);
    `cues` (the sentence's deal cues) let a new name count when a deal verb follows it; `figures` (where the
    sentence's figures are) tell a background clause from one that holds a deal.

    >>> from extractors.languages import FRENCH
    >>> sentence = "le géant de Redmond détenant 27 % dans le créateur de ChatGPT"
    >>> [m.name or "<anaphor>" for m in find_mentions(sentence, FRENCH)]
    ['Microsoft', 'OpenAI']
    """
    tokens = tokenize(text) if tokens is None else tokens
    known = named_or_described(text, tokens, vocabulary)
    found = remove_overlaps(known + find_new_names(text, vocabulary, known, extra_names, tokens, cues))
    tickers = bracketed_codes(text, found)
    listed = listed_in_apposition(text, found)
    return [mention for mention in found if not is_aside(text, mention, figures) and mention not in listed
            and not any(start <= mention.start < end for start, end in tickers)]


def bracketed_codes(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The brackets right after a name that hold its code: an acronym or a ticker ("Orbis Robotics (ORX)", "Vantor
    (NASDAQ: VNTR)", "(a16z)"): another way to write that name, no party of its own."""
    spans = []
    for mention in mentions:
        code = BRACKETED_CODE.match(text, mention.end)
        if code:
            spans.append((code.start(1), code.end(1)))
    return spans


def is_aside(text: str, mention: Mention, figures: tuple[tuple[int, int], ...]) -> bool:
    """A company named aside from the sentence's deals: in another's background ("founded by former Google
    researchers", "Nvidia-backed"), as the source of the news ("According to a filing with the SEC, ..."), or as a
    figure of speech ("le ChatGPT français de la photo")."""
    if BACKGROUND_SUFFIX.match(text, mention.end) or is_likeness(text, mention) or makes_counted_chips(text, mention):
        return True
    start, end = clause_around(text, mention)
    head = text[start:mention.start]
    if SOURCE_CLAUSE.match(head) and end < len(text) or describes_the_name_before(text, mention, start, end):
        return True
    # "competes with Cerebras, which raised $1.1 billion": the relative clause the name opens is still about it.
    relative = RELATIVE_AFTER_NAME.match(text, mention.end)
    if relative:
        end = clause_around(text, Mention(mention.name, relative.end(), relative.end()))[1]
    return bool(BACKGROUND.search(head)) and not any(start <= figure_start < end for figure_start, _ in figures)


RELATIVE_AFTER_NAME = re.compile(rf",\s*{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\b", re.IGNORECASE)


DEMONYM_WORDS = alternation(every_language(Concept.DEMONYMS))
LIKENED_ARTICLES = alternation([*DEFINITE_ARTICLES, *every_language(Concept.OF_THE)])
# "le ChatGPT français", "the Swiss OpenAI of bookkeeping": a famous name with an article and an adjective of origin
# likens another company to it; it is not that company. The adjective before the name needs "of" after it, as
# "le néerlandais ASML" says where ASML comes from.
ARTICLE_BEFORE = re.compile(rf"(?<!\w){LIKENED_ARTICLES}\s*$", re.IGNORECASE)
ARTICLE_AND_DEMONYM_BEFORE = re.compile(rf"(?<!\w){LIKENED_ARTICLES}\s+{DEMONYM_WORDS}\s+$", re.IGNORECASE)
DEMONYM_AFTER = re.compile(rf"\s+{DEMONYM_WORDS}(?!\w)", re.IGNORECASE)
OF_AFTER = re.compile(rf"\s+{alternation(every_language(Concept.OF))}(?!\w)", re.IGNORECASE)
LIKENESS_HEAD = 30


def is_likeness(text: str, mention: Mention) -> bool:
    """"le ChatGPT français de la retouche", "the Swiss OpenAI of bookkeeping": a name likened to, not a party."""
    head = text[max(0, mention.start - LIKENESS_HEAD):mention.start]
    return bool(ARTICLE_BEFORE.search(head) and DEMONYM_AFTER.match(text, mention.end) or
                ARTICLE_AND_DEMONYM_BEFORE.search(head) and OF_AFTER.match(text, mention.end))


ARTICLES = alternation([*DEFINITE_ARTICLES, *every_language(Concept.INDEFINITE_ARTICLES)])
# ", a rumored OpenAI data center supplier,", ", un fournisseur de puces pressenti d'Anthropic,": an article opens
# the clause, then lower-case words only up to the name; lower-case words close it, or "of" before the name.
APPOSITION_HEAD = re.compile(rf"\s*{ARTICLES}\s+[{LOWER_CASE_LETTERS}\s'’-]{{0,60}}$", re.IGNORECASE)
OF_BEFORE_NAME = re.compile(rf"(?<!\w){alternation(every_language(Concept.OF))}\s*$", re.IGNORECASE)
LOWER_CASE_TAIL = re.compile(rf"(?:\s+[{LOWER_CASE_LETTERS}][\w-]*){{1,4}}\s*")
NAME_BEFORE_COMMA = re.compile(rf"[{UPPER_CASE_LETTERS}][\w.-]*\s*$")


def describes_the_name_before(text: str, mention: Mention, start: int, end: int) -> bool:
    """"Crusoe, a rumored OpenAI data center supplier, has secured $686M", "Halden, un fournisseur pressenti
    d'Anthropic, a obtenu": a name inside an apposition that describes the name before it is background."""
    closed = start > 0 and text[start - 1] == "," and end < len(text) and text[end] == ","
    head = text[start:mention.start]
    return closed and bool(NAME_BEFORE_COMMA.search(text, 0, start - 1) and APPOSITION_HEAD.fullmatch(head) and
                           (LOWER_CASE_TAIL.fullmatch(text, mention.end, end) or
                            OF_BEFORE_NAME.search(head) and not text[mention.end:end].strip()))


# Between two parties of a list: a comma or "and"/"et" (after a name's abbreviation point, "Co. et"), then maybe an
# article ("et la société d'IA G42" names its party by an anaphor, then the name).
LIST_GAP = re.compile(
    rf"\.?\s*(?:,\s*(?:{alternation(every_language(Concept.AND))}\s+)?|{alternation(every_language(Concept.AND))}\s+)"
    rf"(?:{ARTICLES}\s+)?", re.IGNORECASE)
# An anaphor and the name it introduces ("la société d'IA G42"): no clause mark between them.
ANAPHOR_GAP = re.compile(r"[^,;:()]{0,20}")
# ", a startup building data centers to be leased by A, B and C,": the apposition's head may run longer than one
# party's.
LIST_APPOSITION_HEAD = re.compile(rf"\s*{ARTICLES}\s+[{LOWER_CASE_LETTERS}\s'’-]{{0,80}}$", re.IGNORECASE)
# ", a German A.I. startup drawing attention from Silicon Valley players like A, B and C,": capitalised words that
# name no party (an adjective of origin, an acronym, a place) may stand in the head too.
WIDE_APPOSITION_HEAD = re.compile(rf"\s*{ARTICLES}\s+[^,;:()\[\]—]{{0,80}}$", re.IGNORECASE)
CLAUSE_GOES_ON = re.compile(rf"\s*,\s+[{LOWER_CASE_LETTERS}]")


def listed_in_apposition(text: str, mentions: list[Mention]) -> set[Mention]:
    """"Crusoe, a startup building data centers leased to Oracle, Microsoft and OpenAI, is raising $818 million",
    "MGX, un groupe établi par Mubadala et la société d'IA G42, explorerait": the parties of a list inside an
    apposition to the name before it (an article and lower-case words open it after "Name,"; a comma and a
    lower-case word close it) are its background, not parties of the sentence's deal."""
    background: set[Mention] = set()
    index = 0
    while index < len(mentions):
        first, last = index, index
        while last + 1 < len(mentions) and joins_list(text, mentions[last], mentions[last + 1]):
            last += 1
        head_start = text.rfind(",", 0, mentions[first].start)
        opens = head_start > 0 and NAME_BEFORE_COMMA.search(text, 0, head_start) and \
            opens_apposition(text, mentions, head_start + 1, mentions[first].start)
        if opens and CLAUSE_GOES_ON.match(text, mentions[last].end):
            background.update(mentions[first:last + 1])
        index = last + 1
    return background


def opens_apposition(text: str, mentions: list[Mention], start: int, end: int) -> bool:
    """The words from after the comma to the list open an apposition: an article and lower-case words, or words
    that hold no other party."""
    if LIST_APPOSITION_HEAD.fullmatch(text, start, end):
        return True
    return bool(WIDE_APPOSITION_HEAD.fullmatch(text, start, end)) and \
        not any(start <= mention.start < end for mention in mentions)


def joins_list(text: str, mention: Mention, following: Mention) -> bool:
    """The next party continues a list ("A, B and C"), or names the anaphor before it ("la société d'IA G42")."""
    if mention.is_anaphor and following.name:
        return bool(ANAPHOR_GAP.fullmatch(text, mention.end, following.start))
    return bool(LIST_GAP.fullmatch(text, mention.end, following.start))


COMPUTE_WORDS = alternation(every_language(Concept.COMPUTE))
# "200 000 GPU NVIDIA", "50,000 Nvidia GPUs": a count, then the chips' maker before or after the chip noun.
COUNT_AND_CHIPS_BEFORE = re.compile(rf"\d\s+{COMPUTE_WORDS}\s+$", re.IGNORECASE)
COUNT_BEFORE = re.compile(r"\d\s+$")
CHIPS_AFTER = re.compile(rf"\s+{COMPUTE_WORDS}(?!\w)", re.IGNORECASE)


def makes_counted_chips(text: str, mention: Mention) -> bool:
    """"s'assure 200 000 GPU NVIDIA", "secures 50,000 Nvidia GPUs": the name says whose chips are counted; the
    maker is no party of the deal."""
    head = text[max(0, mention.start - LIKENESS_HEAD):mention.start]
    return bool(COUNT_AND_CHIPS_BEFORE.search(head) or
                COUNT_BEFORE.search(head) and CHIPS_AFTER.match(text, mention.end))


def clause_around(text: str, mention: Mention) -> tuple[int, int]:
    """Where the clause that holds the mention starts and ends (commas, brackets, dashes, the sentence's ends)."""
    marks_before = list(CLAUSE_MARK.finditer(text, 0, mention.start))
    start = marks_before[-1].end() if marks_before else 0
    after = CLAUSE_MARK.search(text, mention.end)
    return start, after.start() if after else len(text)


def named_or_described(text: str, tokens: list[Token], vocabulary: Vocabulary) -> list[Mention]:
    """Gazetteer names, "the Toronto-based company" and paraphrases ("le créateur de ChatGPT"), in order,
    longest first where two overlap."""
    paraphrases = [Mention(values[0], tokens[index].start, tokens[index + size - 1].end)
                   for index, size, values in paraphrase_table(vocabulary).find_longest(tokens)]
    return remove_overlaps(known_names(tokens) + based_descriptors(text) + paraphrases)


def based_descriptors(text: str) -> list[Mention]:
    """"the Toronto-based company": an anaphor (the company the article is about), never a company "Toronto-based"."""
    return [Mention("", match.start(), match.end()) for match in BASED_DESCRIPTOR.finditer(text)]


def remove_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
