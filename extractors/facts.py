"""The fact contract (FACTS.md): what extractors produce and everything downstream reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    INVESTMENT = "investment"
    VALUATION = "valuation"
    COMPUTE_PURCHASE = "compute_purchase"
    COMPUTE_CAPACITY = "compute_capacity"
    STAKE = "stake"


class Qualifier(StrEnum):
    EXACT = "exact"
    UP_TO = "up_to"
    APPROX = "approx"
    AT_LEAST = "at_least"


class Status(StrEnum):
    """How firm the figure is (FACTS.md, context fields)."""

    ANNOUNCED = "announced"  # done, signed, closed, confirmed, said
    TALKS = "talks"  # in talks, seeks, plans, would, is preparing
    REPORTED = "reported"  # an unconfirmed report the article relays ("according to people familiar")


# FACTS.md's as_of for a figure recalled without a date that can be resolved ("its previous round").
EARLIER = "earlier"


class Basis(StrEnum):
    """For a valuation: before or after the round's money (FACTS.md, context fields)."""

    PRE = "pre"
    POST = "post"


@dataclass(frozen=True)
class Article:
    """One cleaned article, the only thing that crosses into the extractors."""

    title: str
    text: str
    url: str = ""
    language: str | None = None
    published_at: dt.date | None = None


@dataclass(frozen=True)
class Fact:
    """One figure about one AI financing deal, as one article reports it.

    `value` is in base units (30 billion dollars is Decimal("30000000000"), 1 GW is 1,
    27 % is 27). `counterparty` joins several parties with "+" in alphabetical order.
    Offsets index `Article.title + "\\n\\n" + Article.text` (see `article_body`).

    The context: `as_of` is the period the text dates a figure to when it is not the article's own news
    ("2024-09", "2023", or "earlier" for a recalled figure without a date), None for the news itself;
    `status` how firm it is; `basis` whether a valuation is pre- or post-money, None when not said.
    """

    kind: Kind
    subject: str
    counterparty: str | None
    value: Decimal
    unit: str
    qualifier: Qualifier
    evidence: str
    evidence_start: int = -1
    evidence_end: int = -1
    as_of: str | None = None
    status: Status = Status.ANNOUNCED
    basis: Basis | None = None

    def to_json(self) -> dict[str, object]:
        """The FACTS.md fields as JSON-ready values (value as a number)."""
        return {
            "kind": str(self.kind),
            "subject": self.subject,
            "counterparty": self.counterparty,
            "value": float(self.value) if self.value != self.value.to_integral_value() else int(self.value),
            "unit": self.unit,
            "qualifier": str(self.qualifier),
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "as_of": self.as_of,
            "status": str(self.status),
            "basis": str(self.basis) if self.basis else None,
        }


def whole(value: Decimal) -> Decimal:
    """30000000000.0 -> 30000000000: a base-unit value without a meaningless decimal part."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def article_body(article: Article) -> str:
    """The text that evidence offsets refer to: the title, a blank line, the body."""
    return f"{article.title}\n\n{article.text}" if article.title else article.text
