"""An item a source gave that did not become an article (a page, a file, a feed warning): where, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One item the run skipped: where it is and why, in a sentence."""

    where: str
    reason: str
