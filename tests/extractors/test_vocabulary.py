"""The per-language vocabularies: the same concepts in every language, each one documented, none empty everywhere."""

from __future__ import annotations

import pytest

from extractors.companies import COMPANIES
from extractors.cues import DEAL_CUES
from extractors.languages import VOCABULARIES
from extractors.languages.vocabulary import CONCEPTS, Concept


def test_every_concept_is_documented() -> None:
    assert set(CONCEPTS) == set(Concept)


@pytest.mark.parametrize("code", sorted(VOCABULARIES))
def test_every_language_lists_every_concept_and_every_deal_cue(code: str) -> None:
    words = VOCABULARIES[code].words
    assert set(words) == set(Concept), f"{code}: {sorted(set(words) ^ set(Concept))}"
    assert all(words[concept] for concept in DEAL_CUES), f"{code}: a deal cue without words"


def test_every_concept_has_words_in_some_language() -> None:
    empty = [concept for concept in Concept if not any(v.words[concept] for v in VOCABULARIES.values())]
    assert not empty


@pytest.mark.parametrize("code", sorted(VOCABULARIES))
def test_qualifiers_and_scales_are_given(code: str) -> None:
    vocabulary = VOCABULARIES[code]
    assert set(vocabulary.qualifiers) == {"up_to", "approx", "at_least"}
    assert vocabulary.scales and vocabulary.currency_words and vocabulary.maker_templates


def test_french_billion_is_a_million_millions() -> None:
    assert VOCABULARIES["fr"].scales["billion"] == 10**12
    assert VOCABULARIES["en"].scales["billion"] == 10**9


def test_company_names_are_unique() -> None:
    names = [company.name for company in COMPANIES]
    assert len(names) == len(set(names))
