"""Amounts: one expected value <- every way the press writes it; and text that must give no amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.amounts import find_amounts
from extractors.facts import Qualifier
from extractors.languages import VOCABULARIES
from extractors.text import normalize

AMOUNTS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("1500000000", "EUR"): [
        ("fr", "1,5 milliard d'euros"), ("fr", "1,5 Md€"), ("fr", "1 500 millions d’euros"),
        ("fr", "1\u202f500 millions d'euros"), ("fr", "1\u00a0500 millions d'euros"), ("fr", "1,5 milliard €"),
        ("en", "€1.5bn"), ("en", "€1.5 billion"), ("en", "1.5 billion euros"), ("en", "EUR 1.5 billion"),
        ("en", "€1,500 million"),
    ],
    ("1400000000000", "USD"): [
        ("fr", "1,4 billion de dollars"), ("en", "$1.4 trillion"), ("en", "$1.4tn"), ("en", "US$1.4 trillion"),
        ("fr", "1 400 milliards de dollars"),
    ],
    ("2200000000", "USD"): [("fr", "2,2 Md$"), ("fr", "2,2 milliards de dollars américains"), ("en", "$2.2B"),
                            ("en", "$2.2 billion"), ("en", "2.2 billion dollars"), ("fr", "2,2 milliards $")],
    ("500000000", "EUR"): [("fr", "500 M€"), ("fr", "500 millions d'euros"), ("en", "€500m"), ("en", "€500M")],
    ("40000000", "GBP"): [("en", "£40m"), ("en", "£40 million"), ("fr", "40 millions de livres sterling")],
    ("3000000000", "USD"): [("fr", "3 Mds de dollars"), ("en", "$3bn"), ("en", "USD 3 billion")],
    ("1700000000", "EUR"): [("fr", "la levée de fonds d'1,7 milliard d'euros"),
                            ("en", "1.7 billion euros ($2 billion)")],
    ("1000000000", "USD"): [("en", "a billion dollars"), ("fr", "un milliard de dollars"),
                            ("en", "one billion dollars")],
    ("1", "GW"): [("fr", "1 gigawatt"), ("fr", "d'un gigawatt"), ("en", "one gigawatt"), ("en", "1 GW"), ("en", "1GW"),
                  ("en", "1,000 megawatts"), ("fr", "1 000 mégawatts")],
    ("0.5", "GW"): [("en", "500 megawatts"), ("fr", "500 mégawatts"), ("en", "500 MW"), ("en", "0.5 GW"),
                    ("fr", "0,5 GW")],
    ("27", "%"): [("fr", "27 %"), ("fr", "27\u202f%"), ("en", "27%"), ("en", "27 per cent"), ("en", "27 percent"),
                  ("fr", "27 pour cent")],
    ("12.5", "%"): [("fr", "12,5 %"), ("en", "12.5%")],
}

NOT_AMOUNTS = [
    ("fr", "une équipe de 40 personnes"), ("en", "founded in 2019"), ("fr", "50 milliards de dollars par gigawatt"),
    ("en", "$40 billion per gigawatt"), ("fr", "25 millions de foyers américains"), ("en", "300 million weekly users"),
    ("en", "Claude Sonnet 4.5 and GPT-5"), ("fr", "jusqu'en 2032"), ("en", "€2 per share"),
    ("en", "at a valuation of $183 bi"), ("fr", "Microsoft 365 Copilot"), ("fr", "5 millions d'utilisateurs"),
    ("en", "revenue of $1 billion a year"), ("fr", "350 milliards de doll"), ("en", "on 18/11/2025 at 16:37"),
]

QUALIFIERS = [
    ("fr", "jusqu'à 10 milliards de dollars", [Qualifier.UP_TO]),
    ("fr", "jusqu’à une capacité impressionnante d'un gigawatt", [Qualifier.UP_TO]),
    ("en", "as much as $4 billion", [Qualifier.UP_TO]),
    ("fr", "près de 3 milliards d'euros", [Qualifier.APPROX]),
    ("en", "a little less than a billion dollars", [Qualifier.APPROX]),
    ("en", "nearly $3 billion", [Qualifier.APPROX]),
    ("fr", "plus de 8 milliards de dollars", [Qualifier.AT_LEAST]),
    ("en", "a combined investment exceeding $6 billion", [Qualifier.AT_LEAST]),
    ("en", "between $5bn and $7bn", [Qualifier.AT_LEAST, Qualifier.UP_TO]),
    ("fr", "entre 8 et 10 milliards de dollars", [Qualifier.AT_LEAST, Qualifier.UP_TO]),
    ("fr", "de 300 à 400 millions d'euros", [Qualifier.AT_LEAST, Qualifier.UP_TO]),
    ("en", "$300 million to $400 million", [Qualifier.AT_LEAST, Qualifier.UP_TO]),
    ("en", "up to $10 billion and $5 billion", [Qualifier.UP_TO, Qualifier.UP_TO]),
    ("fr", "10 milliards et 5 milliards de dollars", [Qualifier.EXACT, Qualifier.EXACT]),
]


def read(language: str, text: str) -> list[tuple[str, str]]:
    amounts = find_amounts(normalize(text), VOCABULARIES[language])
    return [(str(a.value.normalize()) if a.value != a.value.to_integral_value() else str(int(a.value)), a.unit)
            for a in amounts]


@pytest.mark.parametrize(("expected", "language", "text"),
                         [(expected, language, text) for expected, ways in AMOUNTS.items() for language, text in ways])
def test_every_way_of_writing_gives_the_value(expected: tuple[str, str], language: str, text: str) -> None:
    assert read(language, text) == [expected]


@pytest.mark.parametrize(("language", "text"), NOT_AMOUNTS)
def test_figures_that_are_no_deal_amount(language: str, text: str) -> None:
    assert read(language, text) == []


@pytest.mark.parametrize(("language", "text", "qualifiers"), QUALIFIERS)
def test_qualifiers(language: str, text: str, qualifiers: list[Qualifier]) -> None:
    assert [a.qualifier for a in find_amounts(normalize(text), VOCABULARIES[language])] == qualifiers


def test_a_currency_named_once_covers_a_list() -> None:
    text = "NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards de dollars"
    assert read("fr", text) == [("10000000000", "USD"), ("5000000000", "USD")]


def test_money_is_decimal_not_float() -> None:
    (amount,) = find_amounts("1,4 billion de dollars", VOCABULARIES["fr"])
    assert amount.value == Decimal("1400000000000")
