"""One name per company in an article: legal suffixes off, a known company's own name, the shortest form used."""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.companies import COMPANIES
from extractors.facts import Fact
from extractors.languages import every_language
from extractors.languages.vocabulary import UPPER_CASE_LETTERS, Concept
from extractors.names import is_alias
from extractors.topic import is_inside_sentence, occurrences, stands_apart
from extractors.world import is_legal_suffix

KNOWN_NAMES = frozenset(company.name for company in COMPANIES)
LAB_NAME_ENDINGS = every_language(Concept.LAB_NAME_ENDINGS)
JOINT = "+"
# A capitalised word right after a form makes it part of a longer name ("Runway AI", "World Models").
NEXT_NAME_WORD = re.compile(rf" [{UPPER_CASE_LETTERS}0-9]")


def canonical_facts(facts: list[Fact], text: str) -> list[Fact]:
    """The facts with each company under one name for the whole article (FACTS.md: canonical names), so that
    "Tesselate AI, Inc." and "Tesselate" on one page are one company: "Tesselate AI" when the page names it so
    first, "Tesselate" when the page opens with the short form and uses it most.

    >>> from extractors.facts import Kind, Qualifier
    >>> fact = Fact(Kind.INVESTMENT, "Tesselate AI Inc", None, 9, "USD", Qualifier.EXACT, "", 0, 0)
    >>> [f.subject for f in canonical_facts([fact], "Tesselate AI Inc. raised $9. Tesselate hired, as Tesselate said.")]
    ['Tesselate AI']
    >>> [f.subject for f in canonical_facts([fact], "Tesselate hired. Tesselate AI Inc. raised $9, Tesselate said.")]
    ['Tesselate']
    """
    names = {party for fact in facts for party in parties_of(fact)}
    canonical = {name: canonical_name(name, text) for name in names}
    for name in names:
        if longer := only_longer_form(name, names):
            canonical[name] = canonical[longer]
    return [replace(fact, subject=canonical[fact.subject], counterparty=joined(fact.counterparty, canonical))
            for fact in facts]


def only_longer_form(name: str, names: set[str]) -> str | None:
    """"Verdal" in a headline, "Verdal Capital" in the body: a new name that opens exactly one longer party name
    of the article is that party, shortened (a known company keeps its own name)."""
    if name in KNOWN_NAMES or is_alias(name):
        return None
    longer = [other for other in names if other.startswith(f"{name} ") and other not in KNOWN_NAMES]
    return longer[0] if len(longer) == 1 else None


def parties_of(fact: Fact) -> list[str]:
    return [fact.subject, *(fact.counterparty.split(JOINT) if fact.counterparty else [])]


def joined(counterparty: str | None, canonical: dict[str, str]) -> str | None:
    """A joint counterparty under its parties' canonical names, still in alphabetical order."""
    if counterparty is None:
        return None
    names = {canonical[name] for name in counterparty.split(JOINT)}
    return JOINT.join(sorted(names, key=lambda name: (name.lower(), name)))


def canonical_name(name: str, text: str) -> str:
    """A gazetteer company keeps its name; another loses its legal suffix ("Runway AI Inc" -> "Runway AI"), takes
    a known company's name it is short for ("Reflection" -> "Reflection AI"), or the shorter form the article
    uses more often than the long one ("Velka AI" -> "Velka" on a page that says "Velka" throughout); a known name
    written with a letter too many is that name ("Figures AI" -> "Figure AI")."""
    if name in KNOWN_NAMES:
        return name
    if misspelt := known_name_misspelt(name):
        return misspelt
    words = name.split()
    while len(words) > 1 and is_legal_suffix(words[-1]):
        words.pop()
    short = " ".join(words)
    completed = next((f"{short} {ending}" for ending in LAB_NAME_ENDINGS
                      if f"{short} {ending}" in KNOWN_NAMES), None)
    if completed:
        return completed
    if lengthened := usual_longer_form(text, words):
        return lengthened
    return next((" ".join(words[:size]) for size in range(1, len(words))
                 if all(word in LAB_NAME_ENDINGS for word in words[size:]) and not is_alias(" ".join(words[:size]))
                 and is_usual_form(text, words[:size], words[size:])), short)


# A name shorter than this may be one letter away from a known name by chance ("Intel", "Inte").
MISSPELT_AT_LEAST = 7


def known_name_misspelt(name: str) -> str | None:
    """A known company's name written with one letter too many ("Figures AI", "MMicrosoft"): that company. Only a
    letter added, in a long name, so that two real names one letter apart are not merged."""
    if len(name) < MISSPELT_AT_LEAST:
        return None
    return next((shorter for index in range(len(name))
                 if (shorter := name[:index] + name[index + 1:]) in KNOWN_NAMES), None)


def usual_longer_form(text: str, words: list[str]) -> str | None:
    """"Sakana" in one sentence of a page that says "Sakana AI" in its title and elsewhere: the name with a lab
    ending is the company's usual form when the article writes it more often than the short form alone, or when
    the article names the company first with it ("Skild AI" in the first sentence, "Skild" after: a page gives a
    company's full name the first time and shortens it later)."""
    alone = written_alone(text, " ".join(words))
    return next((longer for ending in LAB_NAME_ENDINGS if words[-1] != ending
                 and (longer := " ".join([*words, ending]))
                 and (written_count(text, longer) > len(alone) or first_written(text, longer, alone))), None)


def first_written(text: str, longer: str, alone: list[int]) -> bool:
    """The longer form comes before every place where the short form stands alone."""
    first = next((start for start in occurrences(text, longer) if stands_apart(text, start, start + len(longer))), None)
    return first is not None and all(first < start for start in alone)


def written_alone(text: str, written: str) -> list[int]:
    """Where the article writes a form as a word of its own, not followed by a capitalised word ("Runway" alone,
    not "Runway AI")."""
    ends = [(start, start + len(written)) for start in occurrences(text, written)]
    return [start for start, end in ends if stands_apart(text, start, end) and not NEXT_NAME_WORD.match(text, end)]


def written_count(text: str, written: str) -> int:
    return sum(stands_apart(text, start, start + len(written)) for start in occurrences(text, written))


def is_usual_form(text: str, form: list[str], dropped: list[str]) -> bool:
    """The article writes the form alone ("Runway", inside a sentence at least once; not "World" of "World
    Models") more often than followed by the dropped words ("Runway AI"), and not first with them."""
    alone = written_alone(text, " ".join(form))
    long_count = written_count(text, " ".join([*form, *dropped]))
    return (len(alone) > long_count and any(is_inside_sentence(text, start) for start in alone)
            and not first_written(text, " ".join([*form, *dropped]), alone))
