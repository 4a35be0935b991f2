"""A figure with its kind and its parties: a fact before its context and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from extractors.amounts import Amount
from extractors.facts import Basis, Fact, Kind, Status, whole


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


@dataclass(frozen=True)
class Context:
    """A figure's context (FACTS.md): the period it belongs to, how firm it is, and a valuation's basis."""

    as_of: str | None = None
    status: Status = Status.ANNOUNCED
    basis: Basis | None = None


def deal(kind: Kind, subject: str | None, counterparty: str | None, amount: Amount) -> Deal | None:
    """A deal, or None when no subject is known; a party is never its own counterparty."""
    if not subject:
        return None
    return Deal(kind, subject, counterparty if counterparty != subject else None, amount)


def to_fact(deal: Deal, evidence: Evidence, context: Context) -> Fact:
    """The fact a deal makes, with its context (as_of, status, basis) and its evidence."""
    amount = deal.amount
    return Fact(deal.kind, deal.subject, deal.counterparty, whole(amount.value), amount.unit, amount.qualifier,
                evidence.text, evidence.start, evidence.end, context.as_of, context.status, context.basis)
