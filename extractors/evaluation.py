"""Scoring predicted facts against gold facts with FACTS.md's matching rules (pure, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Row = Mapping[str, object]
ANY_PARTY = "*"
VALUE_TOLERANCE = 0.01
# Legal forms are not part of a party's name for matching ("Nvidia Corp" is "Nvidia").
LEGAL_SUFFIX = re.compile(r"[,.]?\s+(?:inc|corp|corporation|ltd|llc|plc|sa|sas|ag|gmbh|co)\.?$")


@dataclass
class KindScore:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Score:
    """Per-kind counts, the totals, qualifier accuracy over matched facts, and the errors themselves."""

    kinds: dict[str, KindScore] = field(default_factory=dict)
    qualifier_matches: int = 0
    misses: list[Row] = field(default_factory=list)
    wrong: list[Row] = field(default_factory=list)

    @property
    def total(self) -> KindScore:
        return KindScore(sum(k.tp for k in self.kinds.values()), sum(k.fp for k in self.kinds.values()),
                         sum(k.fn for k in self.kinds.values()))

    @property
    def precision(self) -> float:
        return self.total.precision

    @property
    def recall(self) -> float:
        return self.total.recall

    @property
    def f1(self) -> float:
        return self.total.f1

    @property
    def qualifier_accuracy(self) -> float:
        matched = self.total.tp
        return self.qualifier_matches / matched if matched else 0.0

    def kind(self, name: str) -> KindScore:
        return self.kinds.setdefault(name, KindScore())


def normalize_party(name: object) -> str | None:
    """Lower case, legal suffix dropped, joint parties in sorted order.

    >>> normalize_party("Tessera Inc+orbis")
    'orbis+tessera'
    """
    if name is None:
        return None
    parts = (LEGAL_SUFFIX.sub("", part.strip().lower()).strip() for part in str(name).split("+"))
    return "+".join(sorted(parts))


def as_number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def same_fact(predicted: Row, gold: Row) -> bool:
    """Kind, unit, subject and counterparty ("*" accepts any) equal, value within 1 %."""
    if predicted.get("kind") != gold.get("kind") or predicted.get("unit") != gold.get("unit"):
        return False
    if normalize_party(predicted.get("subject")) != normalize_party(gold.get("subject")):
        return False
    expected_party = gold.get("counterparty")
    if expected_party != ANY_PARTY and (
        normalize_party(predicted.get("counterparty")) != normalize_party(expected_party)
    ):
        return False
    value, expected = as_number(predicted.get("value")), as_number(gold.get("value"))
    return value is not None and expected is not None and abs(value - expected) <= VALUE_TOLERANCE * abs(expected)


def by_article(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(str(row.get("article")), []).append(row)
    return grouped


def score(gold_rows: list[Row], predicted_rows: list[Row]) -> Score:
    """Score predictions on the articles the gold file lists (a gold row with kind null: an article with no fact).

    Each prediction takes the first unmatched gold fact it matches; a second prediction of the
    same gold fact is a false positive.
    """
    gold = by_article(gold_rows)
    predicted = by_article(predicted_rows)
    result = Score()
    for article, golds in gold.items():
        score_article([g for g in golds if g.get("kind")], [p for p in predicted.get(article, []) if p.get("kind")],
                      result)
    return result


def score_article(golds: list[Row], predictions: list[Row], result: Score) -> None:
    unused = list(range(len(golds)))
    for prediction in predictions:
        hit = next((i for i in unused if same_fact(prediction, golds[i])), None)
        if hit is None:
            result.kind(str(prediction.get("kind"))).fp += 1
            result.wrong.append(prediction)
            continue
        unused.remove(hit)
        result.kind(str(golds[hit]["kind"])).tp += 1
        result.qualifier_matches += prediction.get("qualifier") == golds[hit].get("qualifier")
    for index in unused:
        result.kind(str(golds[index]["kind"])).fn += 1
        result.misses.append(golds[index])
