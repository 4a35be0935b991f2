"""Parties: gazetteer names, products and clouds, paraphrases, anaphors, new companies, and what is no party."""

from __future__ import annotations

import pytest

from extractors.languages import VOCABULARIES
from extractors.mentions import find_mentions
from extractors.new_names import article_names, clean_name
from extractors.text import normalize


def names(language: str, text: str) -> list[str]:
    return [m.name or "<anaphor>" for m in find_mentions(normalize(text), VOCABULARIES[language])]


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("fr", "le géant de Redmond détenant 27 % dans le créateur de ChatGPT", ["Microsoft", "OpenAI"]),
    ("fr", "le fabricant de Claude s'engage à investir 30 milliards de dollars dans Azure", ["Anthropic", "Microsoft"]),
    ("en", "as the Claude maker committed to buy $30 billion of Azure compute capacity", ["Anthropic", "Microsoft"]),
    ("en", "OpenAI signed a deal worth $38bn with AWS", ["OpenAI", "Amazon"]),
    ("en", "capacity on Oracle Cloud Infrastructure and Google Cloud", ["Oracle", "Google"]),
    ("fr", "un accord pour l'achat de services en nuage à Amazon.com", ["Amazon"]),
    ("fr", "NVIDIA et Microsoft vont respectivement injecter", ["Nvidia", "Microsoft"]),
    ("fr", "La start-up cherche à sécuriser de nouveaux fonds", ["<anaphor>"]),
])
def test_known_companies_and_paraphrases(language: str, text: str, expected: list[str]) -> None:
    assert names(language, text) == expected


def test_a_cloud_brand_is_marked_as_one() -> None:
    mentions = find_mentions("capacité de calcul sur Microsoft Azure", VOCABULARIES["fr"])
    assert [(m.name, m.is_cloud) for m in mentions] == [("Microsoft", True)]


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("fr", "Thinking Machines Lab lève 2 milliards de dollars", ["Thinking Machines Lab"]),
    ("en", "Halcyon Capital will invest as much as $4 billion in Corvid AI", ["Halcyon Capital", "Corvid AI"]),
    ("en", "Tessera will invest $3 billion in Corvid AI and Orbis another 2 billion",
     ["Tessera", "Corvid AI", "Orbis"]),
    ("fr", "Corvid AI a levé 2,2 Md$ auprès d'Halcyon Capital", ["Corvid AI", "Halcyon Capital"]),
    ("en", "London-based Fenwick AI raised £500m", ["Fenwick AI"]),
    ("en", "Kittiwake AI's £40m round", ["Kittiwake AI"]),
    ("en", "Bramblecode, a two-year-old startup, said it had raised $110 million", ["Bramblecode"]),
    ("fr", "Tessera et Orbis vont respectivement injecter 3 milliards", ["Tessera", "Orbis"]),
    ("en", "Marrowind has said so in a filing", ["Marrowind"]),
    ("fr", "Vireo disposera bientôt d'un site", ["Vireo"]),
])
def test_new_companies_are_found_by_their_name(language: str, text: str, expected: list[str]) -> None:
    assert names(language, text) == expected


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Selon Bloomberg, L'opération pourrait"),
    ("en", "according to PitchBook data"),
    ("en", "chief executive Ada Finch said"),
    ("fr", "Satya Nadella, le PDG de la firme, explique"),
    ("en", "The Information reported on Monday"),
])
def test_words_that_are_no_party(language: str, text: str) -> None:
    assert names(language, text) == []


def test_clean_name_drops_sentence_words() -> None:
    assert clean_name("Selon Corvid AI") == "Corvid AI"
    assert clean_name("Singapore's Lioncrest AI") == "Lioncrest AI"
    assert clean_name("L'opération") == ""


def test_the_title_vouches_for_its_names() -> None:
    assert article_names("Pixiome change de dimension face à Microsoft") == frozenset({"Pixiome"})
    mentions = find_mentions("Pixiome lève 2 milliards d'euros.", VOCABULARIES["fr"], frozenset({"Pixiome"}))
    assert [m.name for m in mentions] == ["Pixiome"]
