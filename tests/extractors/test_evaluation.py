"""Scoring with FACTS.md's matching rules."""

from __future__ import annotations

from extractors.evaluation import normalize_party, same_fact, score

GOLD = {"article": "a.txt", "kind": "investment", "subject": "Corvid AI", "counterparty": "Orbis+Tessera",
        "value": 6e9, "unit": "USD", "qualifier": "at_least"}


def test_parties_match_case_insensitively_without_legal_suffix_in_any_order() -> None:
    assert same_fact({**GOLD, "subject": "corvid ai", "counterparty": "Tessera Inc+Orbis"}, GOLD)
    assert normalize_party("Nvidia Corp") == "nvidia"


def test_value_within_one_percent_and_unit_and_kind_equal() -> None:
    assert same_fact({**GOLD, "value": 6.05e9}, GOLD)
    assert not same_fact({**GOLD, "value": 6.1e9}, GOLD)
    assert not same_fact({**GOLD, "unit": "EUR"}, GOLD)
    assert not same_fact({**GOLD, "kind": "valuation"}, GOLD)


def test_any_counterparty_matches_a_star() -> None:
    assert same_fact({**GOLD, "counterparty": None}, {**GOLD, "counterparty": "*"})
    assert not same_fact({**GOLD, "counterparty": None}, GOLD)


def test_a_duplicate_prediction_is_a_false_positive_and_qualifiers_are_scored_apart() -> None:
    result = score([GOLD], [{**GOLD, "qualifier": "exact"}, GOLD])
    assert (result.total.tp, result.total.fp, result.total.fn) == (1, 1, 0)
    assert result.qualifier_accuracy == 0.0
    assert result.precision == 0.5 and result.recall == 1.0
    assert round(result.f1, 3) == 0.667


def test_only_articles_of_the_gold_file_are_scored_and_misses_are_listed() -> None:
    result = score([GOLD, {"article": "empty.txt", "kind": None}],
                   [{**GOLD, "article": "other.txt"}, {**GOLD, "article": "empty.txt"}])
    assert (result.total.tp, result.total.fp, result.total.fn) == (0, 1, 1)
    assert result.misses == [GOLD]
    assert result.kinds["investment"].f1 == 0.0
