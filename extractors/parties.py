"""Parties in a sentence: known companies, their products and clouds, paraphrases, anaphors, new names."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.companies import COMPANIES, Company
from extractors.languages.vocabulary import Vocabulary
from extractors.patterns import alternation

# Capitalized words that start sentences or name things other than companies.
NOT_COMPANY_WORDS = frozenset("""
le la les l un une des du de d dans en selon cette ce cet ces mais et pour par sur avec au aux il elle ils elles on
nous son sa ses leur leurs après avant depuis lors alors ainsi enfin côté autre grâce face malgré pendant quand si
the a an in on at by for with from after before as its his her their our this that these those but and or it
according under since while when if yet also however meanwhile last next
ia ai pdg ceo cfo cto us usa uk eu europe france américain américains europe monday tuesday wednesday thursday
friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche january february march april may june
july august september october november december janvier février mars avril mai juin juillet août septembre
octobre novembre décembre reuters bloomberg afp series série tl dr
""".split())
NAME_WORD = r"[A-Z][\w&.'-]*[\w&]|[A-Z]"
NEW_NAME = re.compile(rf"(?<![\w.'-])(?:{NAME_WORD})(?:\s(?:{NAME_WORD}|&))*")


@dataclass(frozen=True)
class Mention:
    """A party named in a sentence: canonical name (empty for an anaphor like "la start-up")."""

    name: str
    start: int
    end: int
    is_cloud: bool = False
    is_known: bool = True

    @property
    def is_anaphor(self) -> bool:
        return not self.name


@dataclass(frozen=True)
class PartyPatterns:
    names: re.Pattern[str]
    phrases: re.Pattern[str]
    name_lookup: dict[str, tuple[str, bool]]
    phrase_lookup: dict[str, str]
    role_before: re.Pattern[str]
    role_after: re.Pattern[str]


_PATTERNS: dict[str, PartyPatterns] = {}
LABS = frozenset(company.name for company in COMPANIES if company.is_lab)


def company_names(company: Company) -> dict[str, tuple[str, bool]]:
    """Every way a company is written, as written and in capitals, -> (canonical name, is a cloud brand)."""
    written: dict[str, tuple[str, bool]] = {}
    for alias in (company.name, *company.aliases, *company.products):
        written[alias] = written[alias.upper()] = (company.name, False)
    for cloud in company.clouds:
        written[cloud] = written[cloud.upper()] = (company.name, True)
    return written


def paraphrases(vocabulary: Vocabulary) -> dict[str, str]:
    """Lower-case paraphrase -> canonical name ("le fabricant de claude" -> Anthropic), anaphors -> ""."""
    phrases = {template.format(product).lower(): company.name
               for company in COMPANIES for product in company.products
               for template in vocabulary.maker_templates}
    phrases.update({nickname.lower(): name for nickname, name in vocabulary.nicknames.items()})
    phrases.update({anaphor.lower(): "" for anaphor in vocabulary.anaphors})
    return phrases


def patterns_for(vocabulary: Vocabulary) -> PartyPatterns:
    if vocabulary.code not in _PATTERNS:
        _PATTERNS[vocabulary.code] = compile_patterns(vocabulary)
    return _PATTERNS[vocabulary.code]


def compile_patterns(vocabulary: Vocabulary) -> PartyPatterns:
    names: dict[str, tuple[str, bool]] = {}
    for company in COMPANIES:
        names.update(company_names(company))
    phrases = paraphrases(vocabulary)
    cues = vocabulary.cues
    before_words = [*cues["target"], *cues["provider"], *cues["source"], *cues["lead"], *cues["valuation"]]
    after_words = [*cues["invest"], *cues["raise"], *cues["lead"], *cues["purchase"], *cues["stake"],
                   *cues["commit"], *cues["valuation"]]
    return PartyPatterns(
        names=re.compile(rf"(?<![\w-]){alternation(names)}(?![\w-])"),
        phrases=re.compile(rf"(?<!\w){alternation(phrases)}(?!\w)", re.IGNORECASE),
        name_lookup=names,
        phrase_lookup=phrases,
        role_before=re.compile(rf"(?<!\w){alternation(before_words)}\s+$", re.IGNORECASE),
        role_after=re.compile(rf"^(?:,\s)?(?:\s*\w+){{0,2}}?\s*{alternation(after_words)}(?!\w)", re.IGNORECASE),
    )


def find_mentions(text: str, vocabulary: Vocabulary) -> list[Mention]:
    """Parties named in a (normalized) sentence, in order, longest first where two overlap.

    >>> from extractors.languages import FRENCH
    >>> [m.name or "<anaphor>" for m in find_mentions("le géant de Redmond détenant 27 % dans le créateur de ChatGPT", FRENCH)]
    ['Microsoft', 'OpenAI']
    """
    patterns = patterns_for(vocabulary)
    found = [Mention(*patterns.name_lookup[m.group()][:1], m.start(), m.end(), patterns.name_lookup[m.group()][1])
             for m in patterns.names.finditer(text)]
    found += [Mention(patterns.phrase_lookup[re.sub(r"\s+", " ", m.group().lower())], m.start(), m.end())
              for m in patterns.phrases.finditer(text)]
    known = remove_overlaps(found)
    new = [m for m in find_new_names(text, patterns) if not any(overlap(m, k) for k in known)]
    return remove_overlaps(known + new)


def overlap(first: Mention, second: Mention) -> bool:
    return first.start < second.end and second.start < first.end


def remove_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def find_new_names(text: str, patterns: PartyPatterns) -> list[Mention]:
    """Names not in the gazetteer, kept only where a party stands: before a deal verb or after a preposition.

    "Thinking Machines Lab lève 2 milliards" and "invest $4 billion in Corvid AI" give their names.
    """
    mentions = []
    for match in NEW_NAME.finditer(text):
        name = clean_name(match.group())
        if not name:
            continue
        start = match.start() + match.group().index(name)
        end = start + len(name)
        if patterns.role_before.search(text[max(0, start - 30):start]) or patterns.role_after.match(text[end:end + 40]):
            mentions.append(Mention(name, start, end, is_known=False))
    return mentions


def clean_name(raw: str) -> str:
    """A candidate name without leading sentence words ("Selon Corvid AI" -> "Corvid AI"); "" if nothing left."""
    words = raw.rstrip(".'").split()
    while words and words[0].lower().strip(".'") in NOT_COMPANY_WORDS:
        words.pop(0)
    while words and words[-1].lower() in {"de", "du", "of", "&"}:
        words.pop()
    if not words or (len(words) == 1 and len(words[0]) < 2):
        return ""
    if len(words) == 1 and words[0].lower() in NOT_COMPANY_WORDS:
        return ""
    return " ".join(words)


def count_mentions(mentions: list[Mention]) -> Counter[str]:
    return Counter(m.name for m in mentions if m.name)
