"""Companies the gazetteer knows, as a sentence names them: the Mention of a party, aliases, products, clouds."""

from __future__ import annotations

from typing import NamedTuple

from extractors.companies import COMPANIES, Company
from extractors.tokens import PhraseTable, Token


class Mention(NamedTuple):
    """A party named in a sentence: canonical name (empty for an anaphor like "la start-up")."""

    name: str
    start: int
    end: int
    is_cloud: bool = False
    is_known: bool = True

    @property
    def is_anaphor(self) -> bool:
        return not self.name


LABS = frozenset(company.name for company in COMPANIES if company.is_lab)
COMPUTE_SELLERS = frozenset(company.name for company in COMPANIES if company.sells_compute)
GPU_CLOUDS = frozenset(company.name for company in COMPANIES if company.is_gpu_cloud)


def company_names(company: Company) -> dict[str, tuple[str, bool]]:
    """Every way a company is written, as written and in capitals, -> (canonical name, is a cloud brand)."""
    written: dict[str, tuple[str, bool]] = {}
    for alias in (company.name, *company.aliases, *company.products):
        written[alias] = written[alias.upper()] = (company.name, False)
    for cloud in company.clouds:
        written[cloud] = written[cloud.upper()] = (company.name, True)
    return written


def non_cloud_aliases() -> dict[str, list[str]]:
    """Company -> every spelling of its names and products (as written and in capitals), clouds left out."""
    aliases: dict[str, list[str]] = {}
    for company in COMPANIES:
        for alias, (name, is_cloud) in company_names(company).items():
            if not is_cloud:
                aliases.setdefault(name, []).append(alias)
    return aliases


APOSTROPHE = "'"
ALIASES_OF = non_cloud_aliases()
FOLDED_ALIASES = frozenset(alias.lower() for aliases in ALIASES_OF.values() for alias in aliases)
# Every way a company is written -> (canonical name, is a cloud brand), compared as written.
GAZETTEER = PhraseTable({written: value for company in COMPANIES for written, value in company_names(company).items()},
                        fold=False)


def is_alias(name: str) -> bool:
    """A name the gazetteer knows, under any case ("nvidia")."""
    return name.lower() in FOLDED_ALIASES


def aliases_of(name: str) -> list[str]:
    """Every spelling of a company's names and products, its clouds left out; a new name is its only spelling."""
    return ALIASES_OF.get(name) or [name]


def group_by_lower_case(spellings: list[str]) -> dict[str, set[str]]:
    """Spellings grouped by their lower-case form ("nvidia": {"Nvidia", "NVIDIA"})."""
    grouped: dict[str, set[str]] = {}
    for spelling in spellings:
        grouped.setdefault(spelling.lower(), set()).add(spelling)
    return grouped


SPELLINGS_BY_LOWER_CASE = {name: group_by_lower_case(aliases) for name, aliases in ALIASES_OF.items()}


def spellings_by_lower_case(name: str) -> dict[str, set[str]]:
    """A company's spellings (aliases_of) grouped by their lower-case form."""
    return SPELLINGS_BY_LOWER_CASE.get(name) or {name.lower(): {name}}


def known_names(tokens: list[Token]) -> list[Mention]:
    """Gazetteer names ("Microsoft Azure", "Claude", "Amazon.com"); "Velarium'" (of "Velarium's") is "Velarium"."""
    found = []
    for index, size, values in GAZETTEER.find_longest(tokens, strip=APOSTROPHE):
        name, is_cloud = values[0]
        last = tokens[index + size - 1]
        # The name ends where its last word does, without the apostrophe.
        found.append(Mention(name, tokens[index].start, last.start + len(last.text.rstrip(APOSTROPHE)), is_cloud))
    return found
