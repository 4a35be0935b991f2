"""Is an article about AI money at all? Two vocabularies must both show up (data, then one test)."""

from __future__ import annotations

from extractors.companies import COMPANIES
from extractors.patterns import word_pattern

# Acronyms are matched as written: "ai" is also French ("j'ai investi").
AI_ACRONYMS = ("IA", "AI", "A.I.", "LLM", "LLMs", "GPU", "GPUs", "AGI")
AI_WORDS = (
    "intelligence artificielle", "artificial intelligence", "IA générative", "generative AI",
    "modèle de langage", "modèles de langage", "language model", "language models", "chatbot",
    "machine learning", "apprentissage automatique", "data center", "data centers", "centre de données",
    "centres de données", "frontier model", "foundation model",
)
MONEY_WORDS = (
    "milliard", "milliards", "million", "millions", "billion", "billions", "trillion", "bn", "Md$", "Md€", "M€",
    "invest", "invests", "invested", "investment", "investir", "investit", "investissement", "investissements",
    "lève", "levée", "levée de fonds", "tour de table", "raise", "raises", "raised", "funding", "round",
    "valuation", "valued", "valorisation", "valorisée", "stake", "participation", "capital", "financement",
    "acquisition", "rachat", "deal", "accord", "contrat", "contract",
)
AI_PATTERN = word_pattern([*AI_WORDS, *(c.name for c in COMPANIES if c.is_lab)])
AI_ACRONYM_PATTERN = word_pattern(AI_ACRONYMS, flags=0)
MONEY_PATTERN = word_pattern(MONEY_WORDS)


def is_about_ai_money(text: str) -> bool:
    """Both an AI word (or an AI lab's name) and a financing word appear in the text."""
    about_ai = AI_ACRONYM_PATTERN.search(text) or AI_PATTERN.search(text)
    return bool(about_ai and MONEY_PATTERN.search(text))
