"""Sentence rules, one construction per test: the sentence is the spec, the facts are what it must give."""

from __future__ import annotations

import pytest

from extractors import extract
from extractors.facts import Article


def facts(text: str, language: str, title: str = "") -> list[tuple[str, str, str | None, float, str, str]]:
    return [(f.kind.value, f.subject, f.counterparty, float(f.value), f.unit, f.qualifier.value)
            for f in extract(Article(title, text, language=language))]


CONSTRUCTIONS = [
    ("fr", "", "Nvidia engagera jusqu'à 10 milliards de dollars dans Anthropic "
     "et Microsoft jusqu'à 5 milliards de dollars.",
     [("investment", "Anthropic", "Nvidia", 1e10, "USD", "up_to"),
      ("investment", "Anthropic", "Microsoft", 5e9, "USD", "up_to")]),
    ("fr", "", "Microsoft et Nvidia ont annoncé un investissement conjugué de 15 milliards de dollars "
     "dans Anthropic.",
     [("investment", "Anthropic", "Microsoft+Nvidia", 1.5e10, "USD", "exact")]),
    ("fr", "", "NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards de dollars "
     "dans Anthropic.",
     [("investment", "Anthropic", "Nvidia", 1e10, "USD", "exact"),
      ("investment", "Anthropic", "Microsoft", 5e9, "USD", "exact")]),
    ("fr", "", "Anthropic s'est engagé à acheter 30 milliards de dollars de capacité de calcul sur Microsoft Azure.",
     [("compute_purchase", "Anthropic", "Microsoft", 3e10, "USD", "exact")]),
    ("fr", "Anthropic", "Enfin, la jeune pousse décroche une option auprès de Microsoft pour réserver "
     "jusqu'à 1 gigawatt supplémentaire de capacité de calcul Azure.",
     [("compute_capacity", "Anthropic", "Microsoft", 1.0, "GW", "up_to")]),
    ("fr", "", "Le géant de Redmond détenant désormais 27 % dans le créateur de ChatGPT.",
     [("stake", "OpenAI", "Microsoft", 27.0, "%", "exact")]),
    ("fr", "", "Cet investissement devrait porter la valorisation d'Anthropic à 350 milliards de dollars "
     "(contre 500 milliards de dollars pour OpenAI).",
     [("valuation", "Anthropic", None, 3.5e11, "USD", "exact"),
      ("valuation", "OpenAI", None, 5e11, "USD", "exact")]),
    ("en", "", "Corvid AI is close to closing a $9 billion funding round led by Halcyon Capital.",
     [("investment", "Corvid AI", None, 9e9, "USD", "exact")]),
    ("en", "Mistral AI raises 1.7 billion euros", "Mistral AI has raised €1.7 billion ($2 billion) in a round led by "
     "ASML, which contributed €1.3 billion.",
     [("investment", "Mistral AI", None, 1.7e9, "EUR", "exact"),
      ("investment", "Mistral AI", "ASML", 1.3e9, "EUR", "exact")]),
    ("en", "", "Glenmoor Robotics raised almost $700 million at a post-money valuation of $6.2 billion.",
     [("investment", "Glenmoor Robotics", None, 7e8, "USD", "approx"),
      ("valuation", "Glenmoor Robotics", None, 6.2e9, "USD", "exact")]),
    ("en", "", "OpenAI signed a seven-year deal worth $38bn with AWS.",
     [("compute_purchase", "OpenAI", "Amazon", 3.8e10, "USD", "exact")]),
    ("en", "", "Corvid AI is seeking a round of between $5bn and $7bn.",
     [("investment", "Corvid AI", None, 5e9, "USD", "at_least"),
      ("investment", "Corvid AI", None, 7e9, "USD", "up_to")]),
    ("en", "", "Oracle signed a $300 billion, five-year deal with OpenAI for computing power.",
     [("compute_purchase", "OpenAI", "Oracle", 3e11, "USD", "exact")]),
    ("en", "", "Nvidia will invest up to $100 billion in OpenAI as the AI lab deploys 10 gigawatts of Nvidia systems.",
     [("investment", "OpenAI", "Nvidia", 1e11, "USD", "up_to"),
      ("compute_capacity", "OpenAI", "Nvidia", 10.0, "GW", "exact")]),
    ("en", "", "Corvid AI said it raised $2 billion in a round led by Halcyon, valuing the startup at $20 billion.",
     [("investment", "Corvid AI", None, 2e9, "USD", "exact"), ("valuation", "Corvid AI", None, 2e10, "USD", "exact")]),
    ("en", "", "SoftBank led OpenAI's $40 billion round.", [("investment", "OpenAI", None, 4e10, "USD", "exact")]),
    ("en", "", "CoreWeave signed a $14.2 billion agreement to supply Meta with computing power.",
     [("compute_purchase", "Meta", "CoreWeave", 1.42e10, "USD", "exact")]),
    ("fr", "", "Orbis prend 15 % du capital de Kerlann AI pour 90 millions d'euros.",
     [("stake", "Kerlann AI", "Orbis", 15.0, "%", "exact"),
      ("investment", "Kerlann AI", "Orbis", 9e7, "EUR", "exact")]),
]


@pytest.mark.parametrize(("language", "title", "text", "expected"), CONSTRUCTIONS)
def test_construction(language: str, title: str, text: str, expected: list[tuple]) -> None:
    assert facts(text, language, title) == expected


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Un chiffre qui représente un coût estimé à près de 50 milliards de dollars par gigawatt."),
    ("en", "Microsoft will hold a stake in OpenAI worth about $135 billion, and revenue of $3 billion this year."),
    ("en", "AI startups raised $110 billion globally in 2025, according to PitchBook data."),
    ("en", "Nvidia controls roughly 80% of the market, while AMD holds about 10%."),
    ("fr", "Le PSG a déboursé 90 millions d'euros pour recruter l'ailier portugais."),
    ("en", "OpenAI now has 800 million weekly users and its GPT-5 model launched in 2025."),
    ("en", "Training the model used roughly 3.1 gigawatt-hours of electricity, the lab estimated."),
    ("en", "Grid demand peaked at 41,200 megawatts on Tuesday, the operator said."),
    ("en", "Nordvale Foods holds a 40% stake in the venture, which sells its brands abroad."),
    ("en", "Chile has launched two satellites, and its own space sector is now worth $2.1 billion."),
    ("en", "Corvid AI said its app passed 250 million monthly active users this spring."),
])
def test_no_fact(language: str, text: str) -> None:
    assert facts(text, language) == []


def test_a_figure_said_twice_is_one_fact_with_the_most_specific_qualifier() -> None:
    found = facts("Orbis will invest up to $10 billion in Corvid AI. The $10 billion commitment is its largest.",
                  "en", "Orbis to invest $10 billion in Corvid AI")
    assert found == [("investment", "Corvid AI", "Orbis", 1e10, "USD", "up_to")]


def test_the_topic_of_the_title_is_the_implied_party() -> None:
    found = facts("Microsoft prévoit une contribution de 5 milliards de dollars.", "fr", "Anthropic lève des fonds")
    assert found == [("investment", "Anthropic", "Microsoft", 5e9, "USD", "exact")]


def test_evidence_is_the_sentence_as_written_with_offsets_into_the_body() -> None:
    article = Article("Titre", "Intro.  Nvidia investit jusqu\u2019\u00e0 10\u202fmilliards de dollars dans Anthropic.",
                      language="fr")
    (fact,) = extract(article)
    body = f"{article.title}\n\n{article.text}"
    assert body[fact.evidence_start:fact.evidence_end] == fact.evidence
    assert "\u202f" in fact.evidence


def test_a_figure_the_title_and_the_body_both_give_has_the_bodys_sentence_as_evidence() -> None:
    # The diff sets a title figure its body lacks apart as an inconsistency: one the body states is no such figure.
    article = Article("Velka Robotics raises $100 million",
                      "Velka Robotics has raised $100 million in a Series B round. Its total funding stands at "
                      "$140 million.", language="en")
    body = f"{article.title}\n\n{article.text}"
    round_figure = next(fact for fact in extract(article) if fact.value == 100_000_000)
    assert round_figure.evidence_start > len(article.title)
    assert body[round_figure.evidence_start:round_figure.evidence_end] == round_figure.evidence
    assert round_figure.evidence.startswith("Velka Robotics has raised $100 million")


def test_language_is_guessed_when_unknown() -> None:
    found = facts("Halcyon Capital will invest as much as $4 billion in Corvid AI.", language=None)  # type: ignore[arg-type]
    assert found == [("investment", "Corvid AI", "Halcyon Capital", 4e9, "USD", "up_to")]
