"""The per-language vocabularies: the same concepts in every language, each one documented, no empty list."""

from __future__ import annotations

import pytest

from extractors.companies import COMPANIES
from extractors.languages import VOCABULARIES
from extractors.languages.vocabulary import CUE_CONCEPTS


@pytest.mark.parametrize("code", sorted(VOCABULARIES))
def test_every_cue_concept_is_documented_and_filled(code: str) -> None:
    cues = VOCABULARIES[code].cues
    assert set(cues) == set(CUE_CONCEPTS), f"{code}: {sorted(set(cues) ^ set(CUE_CONCEPTS))}"
    assert all(words for words in cues.values())


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
