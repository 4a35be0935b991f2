"""Names no list knows: capitalized runs that name a company by where they stand in the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.cues import PARTY_ARTICLES, Cue, preposition_before
from extractors.languages import VOCABULARIES, every_language
from extractors.languages.vocabulary import (
    CURRENCY_SYMBOLS,
    LOWER_CASE_LETTERS,
    POWER_SYMBOLS,
    UPPER_CASE_LETTERS,
    Concept,
    Vocabulary,
)
from extractors.names import Mention, is_alias
from extractors.patterns import alternation, before_name, capitalizable
from extractors.tokens import PhraseTable, Token, tokenize
from extractors.world import is_first_name, is_legal_suffix, is_place

NUMBER_WORDS = frozenset(word for vocabulary in VOCABULARIES.values() for word in vocabulary.number_words)
DEMONYMS = frozenset(every_language(Concept.DEMONYMS))
# Capitalized words that start sentences or name things other than companies, in lower case: openers, numbers
# ("Seven months ago"), nationalities ("Qatari").
NOT_COMPANY_WORDS = frozenset({*every_language(Concept.NOT_NAME_WORDS), *NUMBER_WORDS, *DEMONYMS})
# A title ("Président", "CEO") before a person's name belongs to neither a person's nor a company's name.
PERSON_TITLE_WORDS = frozenset(title.lower() for title in every_language(Concept.PERSON_TITLES) if " " not in title)
# "Orbis Raises $40M", "Orbis Lève 40 M$ et Vise": a headline's capitalised verbs end the name before them.
HEADLINE_WORDS = frozenset(every_language(Concept.HEADLINE_WORDS))
ORGANISATION_WORDS = frozenset(every_language(Concept.ORGANISATION_WORDS))
NOT_FIRST_NAMES = frozenset(every_language(Concept.NOT_FIRST_NAMES))
AI_ACRONYMS = frozenset(every_language(Concept.AI_ACRONYMS))
# Every one-word cue of the vocabulary, in lower case ("combined", "ensemble", "round").
CUE_WORDS = frozenset(word.lower() for vocabulary in VOCABULARIES.values() for words in vocabulary.words.values()
                      for word in words if " " not in word)
# One-word deal words ("investissement", "valuation", "funding"), in lower case.
DEAL_WORDS = frozenset(word for concept in (Concept.INVEST, Concept.RAISE, Concept.VALUATION, Concept.VALUATION_NOUN,
                                            Concept.LEAD, Concept.STAKE_NOUN, Concept.COMMIT, Concept.DEAL)
                       for word in every_language(concept) if " " not in word)
# Newspapers, places and agencies are capitalized like companies but are never a deal's party.
NOT_COMPANY_PHRASES = frozenset(every_language(Concept.NOT_PARTY_NAMES))
# "Silicone Valley", "Orange County", "la Vallée": a region, whatever the spelling of its other words.
PLACE_NOUNS = frozenset(every_language(Concept.PLACE_NOUNS))
OF_WORDS = (*every_language(Concept.OF), *every_language(Concept.OF_THE))
DEFINITE_ARTICLES = every_language(Concept.DEFINITE_ARTICLES)
ARTICLES = (*DEFINITE_ARTICLES, *every_language(Concept.INDEFINITE_ARTICLES))
# A person named next to a title ("Sam Altman, le PDG", "chief executive Satya Nadella") is not a company...
PERSON_BEFORE = re.compile(
    rf"{alternation(every_language(Concept.PERSON_TITLES))}\s*,?\s*(?:\w+\s+){{0,2}}"
    # ... but "le fondateur de Quillot", "founder of Lumeo" name the company the person belongs to.
    + "".join(rf"(?<!\b{re.escape(word)} )" for word in OF_WORDS) + "$",
    re.IGNORECASE)
PERSON_AFTER = re.compile(
    rf"^\s*,\s*{before_name([*DEFINITE_ARTICLES, *every_language(Concept.POSSESSIVES)])}?"
    rf"{alternation(every_language(Concept.PERSON_ROLES))}\b", re.IGNORECASE)
# Names given as a source of news, or a product after "the maker of", are not parties of the deal.
NOT_PARTY_BEFORE = re.compile(rf"{alternation(every_language(Concept.NOT_PARTY_BEFORE))}\s+$", re.IGNORECASE)
# "levés par Sylvane", "invested by Halberd": a new name after a deal verb in the passive is a party.
PASSIVE_BEFORE = re.compile(
    rf"\b{alternation(every_language(Concept.PASSIVE_VERB_STEMS))}\w*"
    rf"(?:\s+{alternation(every_language(Concept.DESTINATION))}\s[^,;()]{{1,30}}?)?"
    rf"\s+{alternation(every_language(Concept.BY))}\s+{before_name(DEFINITE_ARTICLES)}?$", re.IGNORECASE)
# "$30 million to Lumeo", "40 millions d'euros à Quillot": a new name right after a figure and "to"/"à".
SPELLED_SCALES = [scale for vocabulary in VOCABULARIES.values() for scale in vocabulary.scales]
SCALE_ABBREVIATIONS = [scale for vocabulary in VOCABULARIES.values() for scale in vocabulary.scale_abbreviations]
CURRENCY_WORDS = [word for vocabulary in VOCABULARIES.values() for word in vocabulary.currency_words]
FIGURE_TO = re.compile(
    rf"(?:\d|{alternation(SPELLED_SCALES)}|(?<!\w){alternation(SCALE_ABBREVIATIONS)}|{alternation(CURRENCY_WORDS)}"
    rf"|[$€£])\s+{alternation(every_language(Concept.TO))}\s+$", re.IGNORECASE)
FIGURE_AFTER = re.compile(r"^\s*[,;:]?\s*(?:[\w']+\s+){0,2}(?:[$€£]|\d)")
# "a $330 million Series F for Zipwing", "90 millions de dollars pour Brantley": a new name after a figure, a few
# words of its round and "for"/"pour".
FIGURE_FOR = re.compile(
    rf"(?:\d|{alternation(SPELLED_SCALES)}|(?<!\w){alternation(SCALE_ABBREVIATIONS)}|{alternation(CURRENCY_WORDS)}"
    rf"|[$€£])(?:\s+[\w'-]+){{0,3}}\s+{alternation(every_language(Concept.FOR))}\s+$", re.IGNORECASE)
# "Orbis, based in Austin, Texas, builds", "Brantley, spécialisée dans les drones, a dépassé": a description that
# opens with a lower-case word (a place may follow it), closed by a comma before a lower-case verb; the name
# before it is the subject of its clause.
COMMA_ASIDE = re.compile(
    rf",\s+[{LOWER_CASE_LETTERS}][^,;:()]{{0,60}}(?:,\s+[{UPPER_CASE_LETTERS}][^,;:()]{{0,25}})?,\s+"
    rf"[{LOWER_CASE_LETTERS}]")
COMMA_ASIDE_WINDOW = 130
# "7X Robotics", "1X": digits, then capitals that are no scale, unit or dimension ("400M", "2B", "5GW", "3D", "5G").
DIGIT_LED_NAME = re.compile(r"\d{1,2}[A-Z]{1,3}")
NOT_NAME_AFTER_DIGITS = frozenset({*(abbreviation.upper() for abbreviation in SCALE_ABBREVIATIONS), *POWER_SYMBOLS,
                                   "K", "KW", "D", "G"})
FOR_WORDS = frozenset(word.lower() for word in every_language(Concept.FOR))
# A ticker with its market's code after a dot ("VNTR.O", "MSFT.O", "AIR.PA").
MARKET_CODE = re.compile(r"[A-Z][A-Z0-9]{0,5}\.[A-Z]{1,2}")
# "for her new lab, Brightmoor", "pour sa nouvelle start-up, Brisemer": the name a person's company is given.
PERSONS_COMPANY_BEFORE = re.compile(
    rf"(?<!\w){alternation(every_language(Concept.PERSON_POSSESSIVES))}\s+(?:[\w'-]+\s+){{0,2}}"
    rf"{alternation(every_language(Concept.COMPANY_NOUNS))}\s*,?\s*$", re.IGNORECASE)
# "sports app company Sorvik set a record", "the robotics startup Velka": a company noun right before a name says
# that the name is a company's, wherever it stands in the sentence.
COMPANY_NOUN_BEFORE = re.compile(rf"(?<!\w){alternation(every_language(Concept.COMPANY_NOUNS))}\s+$", re.IGNORECASE)
COMPANY_NOUN_WORDS = frozenset(word.lower() for word in every_language(Concept.COMPANY_NOUNS))
# "(ORX)", "(NASDAQ: VNTR)", "(a16z)": a code of letters and digits, with its market before a colon, in brackets
# right after a name: a company's ticker or acronym.
BRACKETED_CODE = re.compile(r"\s*\(((?:[A-Z][\w.]*\s*:\s*)?[A-Za-z0-9][\w.&-]{0,9})\)")
BRACKETED_ASIDE = re.compile(r"\s*\([^()]{0,60}\)")
APPOSITION_AFTER = re.compile(
    rf"^,\s{alternation([*ARTICLES, *every_language(Concept.DEMONSTRATIVES)])}\s?"
    rf"|^,\s{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\b", re.IGNORECASE)
# "A, de B et du fonds C", "A and the B fund", "le fonds A et la banque B": what may join two parties.
COORDINATED = (rf",(?:\s*{before_name(OF_WORDS)})?"
               rf"|,?\s*{alternation(every_language(Concept.AND))}"
               # "auprès de Halcyon et de Tessera", "d'Arrow et d'Orbis": "et", then "de" again before the next name
               rf"(?:\s+{alternation([*every_language(Concept.OF_THE), *DEFINITE_ARTICLES, *OF_WORDS])})?"
               # "le japonais Halberd et l'américain Tessary", "and American chipmaker Tessary": a nationality (and a
               # noun) before the next name
               rf"(?:\s*{alternation(sorted(DEMONYMS))}(?:\s+[{LOWER_CASE_LETTERS}][\w-]*)?)?"
               rf"(?:\s*{alternation(every_language(Concept.FUND_NOUNS))})?")
ALSO = alternation(every_language(Concept.ALSO))
COORDINATION = re.compile(rf"\s*(?:{COORDINATED}|/|&|{ALSO})\s*", re.IGNORECASE)
# A slash joins parties already known ("Microsoft/Nvidia") but vouches for no new name ("PC/Zuhause").
NAME_COORDINATION = re.compile(rf"\s*(?:{COORDINATED}|&|{ALSO})\s*", re.IGNORECASE)
# "Xavier Tolan (Halden) et Paul Vasse (Brisemer) investissent": people coordinated, each with the company they
# stand for in brackets; the companies are the coordinated parties.
AFFILIATION_GAP = re.compile(
    rf"\s*\)\s*(?:{COORDINATED})\s*[{UPPER_CASE_LETTERS}][\w'’.-]*(?:\s+[{UPPER_CASE_LETTERS}][\w'’.-]*){{0,3}}\s*\(\s*",
    re.IGNORECASE)
# Cue concepts that, a few words after a capitalized name, show it is a party ("Orbis will invest").
ROLE_AFTER_CONCEPTS = frozenset({Concept.INVEST, Concept.RAISE, Concept.LEAD, Concept.PURCHASE, Concept.STAKE,
                                 Concept.COMMIT, Concept.VALUATION, Concept.SECONDARY, Concept.SUPPLY, Concept.SHARES})
ROLE_AFTER_WORDS = 5
# French elided words ("L'opération", "D'après"): their capital letter starts no name.
ELISIONS = frozenset(every_language(Concept.ELISIONS))
ELISION = re.compile(rf"^{capitalizable(ELISIONS)}(.+)$")
# "Banque de", "Bank of": words a name does not end with.
NOT_NAME_ENDINGS = frozenset({*OF_WORDS, "&"})
POSSESSIVE_SUFFIXES = every_language(Concept.POSSESSIVE_SUFFIXES)
PLACE_SUFFIXES = every_language(Concept.PLACE_SUFFIXES)
# A headline in title case: at least this share of its words of TITLE_CASE_WORD_LETTERS letters or more capitalised.
TITLE_CASE_SHARE = 0.75
TITLE_CASE_MIN_WORDS = 2
TITLE_CASE_WORD_LETTERS = 4
END_OF_SENTENCE = re.compile(r"[.!?\n]")


# One or two lower-case words, a nationality among them, between a party's preposition and its name.
# Or a place's (or an acronym's) capitalised words, then up to three lower-case words ("in Abu Dhabi artificial
# intelligence group G42", "in Abu Dhabi AI group G42").
DESCRIBED_BY = (rf"(?:(?:[{LOWER_CASE_LETTERS}][\w-]*\s+){{1,2}}|(?-i:(?:[{UPPER_CASE_LETTERS}][\w-]*\s+){{0,3}}"
                rf"(?:[{LOWER_CASE_LETTERS}][\w-]*\s+){{1,3}}))")


@dataclass(frozen=True)
class NameTables:
    """One language's words around a new name that show it is a party."""

    subject_verbs: PhraseTable[bool]
    role_before: re.Pattern[str]
    source_before: re.Pattern[str]


@cache
def name_tables(vocabulary: Vocabulary) -> NameTables:
    """The vocabulary's tables, built once per language."""
    words = vocabulary.words
    before_words = [*words[Concept.TARGET], *words[Concept.PROVIDER], *words[Concept.SOURCE], *words[Concept.LEAD],
                    *words[Concept.VALUATION], *words[Concept.OWNED]]
    return NameTables(
        subject_verbs=PhraseTable({verb: True for verb in words[Concept.SUBJECT_VERBS]}),
        # "auprès de l'australien Verdal", "from chipmaker Tessary", "from Australia's Verdal": a nationality, a
        # common noun or a place's possessive may describe the party between its preposition and its name.
        role_before=re.compile(
            rf"(?<!\w){alternation(before_words)}(?:\s+|(?<=')){PARTY_ARTICLES}?"
            rf"(?:{DESCRIBED_BY}|[{UPPER_CASE_LETTERS}][\w-]*{alternation(POSSESSIVE_SUFFIXES)}\s+)?$", re.IGNORECASE),
        source_before=preposition_before(vocabulary, Concept.SOURCE, strict=True),
    )


def find_new_names(text: str, vocabulary: Vocabulary, known: list[Mention], extra_names: frozenset[str],
                   tokens: list[Token], cues: tuple[Cue, ...]) -> list[Mention]:
    """New names that stand where a party does, or are joined to one ("Tessera et Orbis"); `known`: the
    sentence's names and paraphrases already read, which new names never overlap."""
    covered = {position for k in known for position in range(k.start, k.end)}
    candidates = [without_opening_word(text, m, extra_names) for m in find_candidate_names(text, tokens, covered)]
    candidates = [m for m in candidates if not any(overlap(m, k) for k in known)]
    tables = name_tables(vocabulary)
    accepted = [m for m in candidates if is_party_name(m, text, tokens, cues, tables, extra_names)
                and not is_kicker(text, m)]
    return accepted + coordinated_names(text, candidates, known + accepted)


def without_opening_word(text: str, mention: Mention, extra_names: frozenset[str]) -> Mention:
    """"Enter Velka, founded in 2024 with ...": a capitalised word opening the sentence before a name the article
    vouches for (its title's) is the sentence's word, not the name's."""
    first, _, rest = mention.name.partition(" ")
    if not rest or rest not in extra_names or text[:mention.start].strip():
        return mention
    start = mention.start + len(first) + 1
    return Mention(rest, start, start + len(rest), is_known=False)


# "Legal AI: Lexora draws $40M": a colon, then a capitalised word.
KICKER_AFTER = re.compile(rf"\s*:\s+[{UPPER_CASE_LETTERS}]")


def is_kicker(text: str, mention: Mention) -> bool:
    """"Legal AI: Lexora draws $40M": a new name that opens the line before a colon and a capitalised word is the
    headline's theme; the name after the colon is the company ("Lexora: the startup raises" keeps Lexora)."""
    return not text[:mention.start].strip() and bool(KICKER_AFTER.match(text, mention.end))


def overlap(first: Mention, second: Mention) -> bool:
    return first.start < second.end and second.start < first.end


def find_candidate_names(text: str, tokens: list[Token] | None = None,
                         covered: frozenset[int] | set[int] = frozenset()) -> list[Mention]:
    """Runs of capitalized words that could name a company not in the gazetteer, cleaned of sentence words.

    Runs wholly inside `covered` positions (known names, already read) are skipped.
    """
    tokens = tokenize(text) if tokens is None else tokens
    mentions = []
    for run in capitalized_runs(text, tokens):
        if is_sentence_word_or_covered(run, covered) or is_opening_cue_word(text, run):
            continue
        raw = text[run[0].start:run[-1].end]
        name = raw if is_word_and_lab_ending(text, run) else clean_name(raw)
        if name and not is_person(name):
            start = run[0].start + raw.index(name)
            mentions.append(Mention(name, start, start + len(name), is_known=False))
    return mentions


LAB_ENDINGS = frozenset(every_language(Concept.LAB_NAME_ENDINGS))
# A lower-case word after the run: "Today AI startups", "Now AI is": the first word is a sentence's, not a name's.
LOWER_CASE_NEXT = re.compile(rf"\s+[{LOWER_CASE_LETTERS}]")


def is_word_and_lab_ending(text: str, run: list[Token]) -> bool:
    """"Together AI's founders", "of Together AI", a line "Together AI": a common word before a lab's last word is
    the lab's whole name, unless a lower-case word goes on the sentence ("Together AI firms raised") that is no
    deal word ("Together AI raised $800 million": the name does the deal)."""
    return len(run) == 2 and run[1].text in LAB_ENDINGS and run[0].text.lower() in NOT_COMPANY_WORDS and \
        (not LOWER_CASE_NEXT.match(text, run[1].end) or next_word(text, run[1].end) in DEAL_WORDS)


NEXT_WORD = re.compile(r"\s+([\w'’-]+)")


def next_word(text: str, position: int) -> str:
    """The word after the position, in lower case ("" at the end)."""
    found = NEXT_WORD.match(text, position)
    return found[1].lower() if found else ""


def is_opening_cue_word(text: str, run: list[Token]) -> bool:
    """"Combined, Halberd and Tessary put $1 billion", "Ensemble, Halberd et Tessary ont investi": a word of the
    deal vocabulary opening its sentence before a comma is an adverb, not a name before a list of names."""
    token = run[0]
    opens = not text[:token.start].strip() or END_OF_SENTENCE.search(text[max(0, token.start - 3):token.start])
    return len(run) == 1 and bool(opens) and text.startswith(",", token.end) and token.text.lower() in CUE_WORDS


def is_sentence_word_or_covered(run: list[Token], covered: frozenset[int] | set[int]) -> bool:
    """A run of one sentence word ("Selon"), or wholly inside known names."""
    is_sentence_word = len(run) == 1 and run[0].text.lower() in NOT_COMPANY_WORDS
    return is_sentence_word or all(token.start in covered for token in run)


def capitalized_runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Capitalized words one space apart ("Thinking Machines Lab", "7X Robotics"); not "2,2 Md$" nor "L'" of
    "L'opération"."""
    runs: list[list[Token]] = []
    last_in_run = -2  # the index of the last word put in a run
    capitalized = [index for index, token in enumerate(tokens)
                   if token.text[0].isupper() or is_digit_led_name(token.text)]
    for index in capitalized:
        token, previous = tokens[index], tokens[index - 1] if index else None
        if not is_name_word(token, previous):
            continue
        if last_in_run == index - 1 and previous is not None and continues_run(text, previous, token):
            runs[-1].append(token)
        else:
            runs.append([token])
        last_in_run = index
    # "7X Robotics" is a name; "7X" alone is as often a multiple ("grew 10X") as a name.
    return [run for run in runs if len(run) > 1 or not is_digit_led_name(run[0].text)]


def is_digit_led_name(word: str) -> bool:
    """"7X" of "7X Robotics": digits then capitals that measure nothing."""
    return bool(DIGIT_LED_NAME.fullmatch(word)) and word.lstrip("0123456789") not in NOT_NAME_AFTER_DIGITS


def is_name_word(token: Token, previous: Token | None) -> bool:
    """A capitalized word that is not a French elided word ("L'", "Jusqu'"), a unit glued to a number ("2,2 Md$")
    nor a headline's verb or noun ("Raises", "Lève", "Valuation")."""
    word = token.text
    is_elided = word.lower() in ELISIONS
    # "2,2 Md$" has its unit after the number; "$1B Skild AI" has its scale already, the next word is a name's.
    is_unit = previous is not None and previous.text[0].isdigit() and token.start - previous.end <= 1 and \
        not is_digit_led_name(previous.text) and not (token.start > previous.end and previous.text[-1].isalpha())
    return not is_elided and not is_unit and word.lower().rstrip("'") not in HEADLINE_WORDS


def persons_last_names(text: str, tokens: list[Token] | None = None) -> frozenset[str]:
    """"Xavier Tolan said ... Tolan committed $100 million": the last names of the persons the article names in full;
    alone, such a word names the person again, not a company.

    >>> sorted(persons_last_names("Velka was founded by Ana Ruiz. Ruiz put in $2 million."))
    ['Ruiz']
    """
    tokens = tokenize(text) if tokens is None else tokens
    # "Take Sierra, ...": a run that opens a sentence may start with a capitalised verb that is also a first name.
    names = (clean_name(text[run[0].start:run[-1].end]) for run in capitalized_runs(text, tokens)
             if not opens_sentence(text, run[0].start))
    return frozenset(name.split()[-1] for name in names if name and is_person(name))


def opens_sentence(text: str, position: int) -> bool:
    """Nothing but a sentence's end (and quotes or brackets) before the position."""
    before = text[:position].rstrip(" \"'«“(")
    return not before or before[-1] in ".!?\n"


def is_person(name: str) -> bool:
    """"Ana Ruiz", "Fei-Fei Li": a first name, then one or two names that are no company's words ("Harvey AI",
    "Kora Systems" and "Velka Capital" are companies)."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not is_first_name(words[0]) or words[0].lower() in NOT_FIRST_NAMES:
        return False
    last = words[-1]
    return not (last.lower() in ORGANISATION_WORDS or is_legal_suffix(last) or last in AI_ACRONYMS
                or any(word.isupper() for word in words))


def continues_run(text: str, previous: Token, token: Token) -> bool:
    """The word right before, one space apart and not elided, belongs to the same name."""
    return text[previous.end:token.start] == " " and not previous.text.endswith("'")


def is_party_name(mention: Mention, text: str, tokens: list[Token], cues: tuple[Cue, ...], tables: NameTables,
                  extra_names: frozenset[str]) -> bool:
    """A new name counts where a company stands: several words ("Halcyon Capital"), a name the title gave,
    before a deal verb or a figure ("Orbis up to $2 billion"), after a deal preposition ("in Corvid")."""
    before = text[max(0, mention.start - 40):mention.start]
    after = text[mention.end:mention.end + 50]
    if PERSON_BEFORE.search(before) or PERSON_AFTER.match(after) or NOT_PARTY_BEFORE.search(before):
        return False
    # "Velka (founded by Ana Ruiz) is seeking": the words after a bracketed aside follow the name.
    aside = BRACKETED_ASIDE.match(text, mention.end)
    following = [t for t in tokens if t.start >= (aside.end() if aside else mention.end)][:ROLE_AFTER_WORDS]
    if is_place(mention.name):
        # "à Stockholm", "in Abilene": a place is a party only as a deal's agent ("Abu Dhabi will invest") or
        # where money comes from ("from Saudi Arabia").
        is_agent = deal_cue_follows(following[:1], cues) or subject_verb_follows(following[:1], tables)
        return is_agent and not after.lstrip().startswith((",", ";", ")")) or \
            bool(tables.source_before.search(before))
    if " " in mention.name or mention.name in extra_names:
        return True
    described = COMMA_ASIDE.match(text, mention.end, mention.end + COMMA_ASIDE_WINDOW)
    return bool(tables.role_before.search(before) or PASSIVE_BEFORE.search(before) or FIGURE_TO.search(before)
                or FIGURE_FOR.search(before) or PERSONS_COMPANY_BEFORE.search(before) or described
                or COMPANY_NOUN_BEFORE.search(before)
                or FIGURE_AFTER.match(after) or APPOSITION_AFTER.match(after) or BRACKETED_CODE.match(after)
                or deal_cue_follows(following, cues) or subject_verb_follows(following, tables))


def deal_cue_follows(following: list[Token], cues: tuple[Cue, ...]) -> bool:
    if not following:
        return False
    return any(c.concept in ROLE_AFTER_CONCEPTS and following[0].start <= c.start <= following[-1].start for c in cues)


def subject_verb_follows(following: list[Token], tables: NameTables) -> bool:
    """"Marrowind is in discussions...", "Vireo disposera de...": a lower-case verb right after the name."""
    words = [t.text for t in following[:3]]
    return any(words[i:] and words[i].islower() and tables.subject_verbs.starts(words[i:]) for i in range(2))


def coordinated_names(text: str, candidates: list[Mention], accepted: list[Mention]) -> list[Mention]:
    """"Tessera et Orbis": a name joined by "et"/"and" to a party is a party too, and so on along a list ("auprès
    de Halden, Brisemer et Tolvik": Tolvik is joined to Brisemer, itself joined to Halden)."""
    found: list[Mention] = []
    while True:
        joined = [candidate for candidate in candidates if candidate not in accepted and candidate not in found and
                  coordinated(text, candidate, [*accepted, *found])]
        if not joined:
            return found
        found += joined


def coordinated(text: str, candidate: Mention, parties: list[Mention]) -> bool:
    # "Fondée à Berlin, la start-up": a name beside an anaphor is its apposition or a place, not a party.
    for other in (other for other in parties if not other.is_anaphor):
        gap = text[candidate.end:other.start] if candidate.end <= other.start else text[other.end:candidate.start]
        if NAME_COORDINATION.fullmatch(gap) or AFFILIATION_GAP.fullmatch(gap):
            return True
    return False


def clean_name(raw: str) -> str:
    """A candidate name without sentence words around it ("Selon Corvid AI" -> "Corvid AI",
    "London-based Fenwick AI" -> "Fenwick AI", "Velarium's" -> "Velarium"); "" if nothing is left."""
    words = [strip_elision(word) for word in raw.rstrip(".'").split()]
    if words:
        words[-1] = without_possessive(words[-1])
    cut = max((i + 1 for i, word in enumerate(words[:-1]) if word.endswith((*POSSESSIVE_SUFFIXES, *PLACE_SUFFIXES))
               or not word), default=0)
    words = words[cut:]
    if len(words) > 1 and is_place(" ".join(words)):
        return " ".join(words)  # "Saudi Arabia", "Abu Dhabi": a place is read whole, whatever its first word
    while words and (words[0].lower().strip(".'") in NOT_COMPANY_WORDS | PERSON_TITLE_WORDS or not words[0]):
        words.pop(0)
    if len(words) > 1 and words[0].lower() in COMPANY_NOUN_WORDS:
        words.pop(0)  # "Startup Quillon raised": a company noun, capitalised as the sentence's first word
    while len(words) > 1 and is_compound_adjective(words[0]):
        words.pop(0)  # "Sequoia-backed Halden", "AI-native Quillon": an adjective before the name
    while words and words[-1].lower() in NOT_NAME_ENDINGS:
        words.pop()
    words = without_place_before(words)
    if all(is_legal_suffix(word) for word in words):
        return ""  # "Inc." of "Tesselate AI, Inc.": the legal form of the name before
    name = " ".join(words)
    if name.endswith(PLACE_SUFFIXES):
        return ""  # "Toronto-based" describes a company, it names none
    if not name or len(name) < 2 or name.lower() in NOT_COMPANY_WORDS | NOT_COMPANY_PHRASES | DEAL_WORDS:
        return ""  # "Investissement de 700 millions": a deal word opening a sentence names nothing
    if is_common_words(name) or name.split()[-1].lower() in PLACE_NOUNS:
        return ""  # "Over-allotment Option", "Silicone Valley": nouns of a notice, a region
    if name in CURRENCY_SYMBOLS:
        return ""  # "USD 2.5 billion": a currency's code before its figure
    if MARKET_CODE.fullmatch(name):
        return ""  # "VNTR.O", "AIR.PA": a ticker with its market says which shares trade, beside the company's name
    if is_compound_adjective(name):
        return ""  # "AI-powered robots", "GPU-rich": a capital before the hyphen, a lower-case word after it
    return name


def is_compound_adjective(name: str) -> bool:
    """One hyphenated word whose last part is in lower case ("AI-powered", "IA-native"): an adjective, not a name
    (a company capitalises its parts: "Coca-Cola", "Mercedes-Benz")."""
    parts = name.split("-")
    return " " not in name and len(parts) > 1 and parts[-1].isalpha() and parts[-1].islower()


def is_common_words(name: str) -> bool:
    """Every word of the name, hyphenated parts too, is a word no company is named by ("Over-allotment Option")."""
    return all(part.lower() in NOT_COMPANY_WORDS for part in name.replace("-", " ").split())


def without_place_before(words: list[str]) -> list[str]:
    """"Abu Dhabi G42" -> "G42": a place glued before an acronym says where the company is (before a word it may
    be the company's own name: "Altamira Growth")."""
    for size in (1, 2):
        if len(words) == size + 1 and words[-1].isupper() and is_place(" ".join(words[:size])):
            return words[size:]
    return words


def without_possessive(word: str) -> str:
    """"Velarium's" -> "Velarium", "Tessera'" -> "Tessera"."""
    for suffix in POSSESSIVE_SUFFIXES:
        word = word.removesuffix(suffix)
    return word.rstrip("'")


def strip_elision(word: str) -> str:
    """"L'opération" is no name (""); "L'Oréal" stays a name."""
    match = ELISION.match(word)
    if not match:
        return word
    return match.group(1) if match.group(1)[:1].isupper() else ""


def lower_headline_words(text: str) -> str:
    """The article with the capitalised words of its headlines in title case lower-cased where the rest of the
    article never writes them capitalised: "Orbis Raises $40M to Pioneer Robotics" names Orbis only, when the
    prose names no "Pioneer Robotics". Each line keeps its first word; the text keeps its length (offsets hold).

    >>> lower_headline_words("Orbis Raises $40M to Pioneer Robotics\\nOrbis said it had raised $40 million.")
    'Orbis raises $40M to pioneer robotics\\nOrbis said it had raised $40 million.'
    """
    lines = text.split("\n")
    headlines = [is_title_case(line) for line in lines]
    prose = "\n".join(line for line, headline in zip(lines, headlines, strict=True) if not headline)
    capitalised = {token.text.rstrip("'") for token in tokenize(prose) if token.text[0].isupper()}
    if not capitalised:
        return text  # a headline alone: nothing tells its names from its words
    lines = [lowered_words(line, capitalised) if headline else line
             for line, headline in zip(lines, headlines, strict=True)]
    body = "\n".join(line for line, headline in zip(lines[1:], headlines[1:], strict=True) if not headline)
    lines[0] = lowered_first_word(lines[0], body)
    return "\n".join(lines)


def lowered_first_word(title: str, prose: str) -> str:
    """"Robotics brains draw investors": the title's first word lower-cased when the prose writes it in lower case
    and never capitalised inside a sentence (a name would be: "... for Velka")."""
    tokens = tokenize(title)
    if not tokens or not tokens[0].text[0].isupper() or tokens[0].text.isupper():
        return title
    word = tokens[0].text.rstrip("'")
    lower = word[0].lower() + word[1:]
    prose_words = tokenize(prose)
    kicker = title[tokens[0].end:].lstrip().startswith(":")
    if is_rubric(word, tokens[1:], prose_words, kicker) and len(lower) == len(word):
        return title[:tokens[0].start] + lower + title[tokens[0].start + len(word):]
    written_lower = any(token.text.rstrip("'") == lower for token in prose_words)
    named_inside = any(token.text.rstrip("'") == word and index and prose_words[index - 1].end < token.start
                       and not END_OF_SENTENCE.search(prose, prose_words[index - 1].end, token.start)
                       for index, token in enumerate(prose_words))
    if not written_lower or named_inside or len(lower) != len(word):
        return title
    return title[:tokens[0].start] + lower + title[tokens[0].start + len(word):]


def is_rubric(word: str, others: list[Token], prose_words: list[Token], kicker: bool) -> bool:
    """"Robotics Funding Surges with $400M for Orbis", "Robotique : 300 M€ pour Quillon": a title's first word the
    prose never writes, while it writes another capitalised word of the title (the company), is the headline's
    theme or rubric when a colon or a common noun follows it, or when that company is who the money is "for", not a
    party (a known company keeps its name)."""
    written = {token.text.rstrip("'").lower() for token in prose_words}
    if word.lower() in written or is_alias(word):
        return False
    named = [index for index, token in enumerate(others)
             if token.text[0].isupper() and token.text.rstrip("'").lower() in written]
    # "... with $400M for Tesserine": the company the prose names is who the money is for.
    named_for = any(index and others[index - 1].text.lower() in FOR_WORDS for index in named)
    return bool(named) and (kicker or named_for or opens_a_theme(others, written))


def opens_a_theme(others: list[Token], written: set[str]) -> bool:
    """The word opens a phrase of common words the prose writes too ("Robotics Investment Surges", where the prose
    writes "investment"); "Quillon Lands $300M" opens with its company."""
    if not others:
        return False
    return others[0].text.lower() in written


def is_title_case(line: str) -> bool:
    """Most of the line's longer words start with a capital ("Orbis Lève 40 M$ et Vise 900 Millions"); a figure
    ("$400M") is no word ("Robotics Funding Surges with $400M for Orbis" is in title case)."""
    words = [token.text for token in tokenize(line)
             if len(token.text) >= TITLE_CASE_WORD_LETTERS and token.text[0].isalpha()]
    capitalised = sum(word[0].isupper() for word in words)
    return len(words) >= TITLE_CASE_MIN_WORDS and capitalised >= TITLE_CASE_SHARE * len(words)


def lowered_words(line: str, capitalised: set[str]) -> str:
    """The line with its capitalised words lower-cased, but the first, acronyms, known companies and the words in
    `capitalised`."""
    letters = list(line)
    for token in tokenize(line)[1:]:
        word = token.text.rstrip("'")
        first = word[0].lower()
        # "Corvane Inks $12B Cloud Deal With Oracle": a company the gazetteer knows keeps its capital.
        if word[0].isupper() and not word.isupper() and word not in capitalised and len(first) == 1 and \
                not is_alias(word):
            letters[token.start] = first
    return "".join(letters)


def article_names(title: str, tokens: list[Token] | None = None) -> frozenset[str]:
    """New names the article vouches for: the names in its title ("Pixiome change de dimension").

    >>> sorted(article_names("Velarium lève 250 M€ auprès d'Orbis"))
    ['Orbis', 'Velarium']
    """
    return frozenset(m.name for m in find_candidate_names(title, tokens)
                     if not is_alias(m.name) and not is_place(m.name))
