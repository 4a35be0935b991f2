"""A figure with its kind and its parties: a fact before its context and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from extractors.amounts import Amount
from extractors.facts import Fact, Kind, whole


@dataclass(frozen=True)
class Deal:
    """One figure's kind and parties (FACTS.md), read from one sentence."""

    kind: Kind
    subject: str
    counterparty: str | None
    amount: Amount


class Evidence(NamedTuple):
    """The sentence as the article wrote it, and where it sits in the article's body (FACTS.md offsets)."""

    text: str
    start: int
    end: int


def deal(kind: Kind, subject: str | None, counterparty: str | None, amount: Amount) -> Deal | None:
    """A deal, or None when no subject is known; a party is never its own counterparty."""
    if not subject:
        return None
    return Deal(kind, subject, counterparty if counterparty != subject else None, amount)


def to_fact(deal: Deal, evidence: Evidence) -> Fact:
    amount = deal.amount
    return Fact(deal.kind, deal.subject, deal.counterparty, whole(amount.value), amount.unit, amount.qualifier,
                evidence.text, evidence.start, evidence.end)
