"""Article -> facts (FACTS.md): the extractor's public entry points."""

from __future__ import annotations

from extractors.extraction import extract_facts, is_relevant

EXTRACTOR_VERSION = "1.2.0"

extract = extract_facts

__all__ = ["EXTRACTOR_VERSION", "extract", "is_relevant"]
