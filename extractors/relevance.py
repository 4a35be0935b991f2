"""Is an article about AI money at all? Words of AI and words of financing must both show up, in any language."""

from __future__ import annotations

from extractors.companies import COMPANIES
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept
from extractors.patterns import word_pattern

# Acronyms are matched as written: "ai" is also French ("j'ai investi").
AI_PATTERN = word_pattern([*every_language(Concept.AI_WORDS), *(c.name for c in COMPANIES if c.is_lab)])
AI_ACRONYM_PATTERN = word_pattern(every_language(Concept.AI_ACRONYMS), flags=0)
MONEY_PATTERN = word_pattern(every_language(Concept.MONEY_WORDS))


def is_about_ai_money(text: str) -> bool:
    """Both an AI word (or an AI lab's name) and a financing word appear in the text."""
    about_ai = AI_ACRONYM_PATTERN.search(text) or AI_PATTERN.search(text)
    return bool(about_ai and MONEY_PATTERN.search(text))
