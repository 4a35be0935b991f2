"""Article -> facts (FACTS.md): the extractor's public entry points."""

from __future__ import annotations

from extractors.extraction import ArticleReading, extract_facts, is_relevant, read_article

EXTRACTOR_VERSION = "1.8.0"

extract = extract_facts

__all__ = ["EXTRACTOR_VERSION", "ArticleReading", "extract", "is_relevant", "read_article"]
