"""Article -> facts (FACTS.md): the extractor's public entry points."""

from __future__ import annotations

import re

from extractors.facts import Article, Fact, article_body

EXTRACTOR_VERSION = "0.0.1"

_AI = re.compile(r"\b(?:IA|AI|intelligence artificielle|artificial intelligence|OpenAI|Anthropic)\b", re.I)
_MONEY = re.compile(r"\b(?:milliards?|millions?|billions?|invest\w*|valu\w*|valoris\w*|lève|raise[sd]?)\b", re.I)


def is_relevant(article: Article) -> bool:
    """An article about AI and money (first interface version; vocabulary grows in languages/)."""
    body = article_body(article)
    return bool(_AI.search(body) and _MONEY.search(body))


def extract(article: Article) -> list[Fact]:
    """The facts of one article (interface placeholder: the rule-based extractor lands next)."""
    return []
