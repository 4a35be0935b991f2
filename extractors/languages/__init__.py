"""Per-language vocabularies and a cheap guess of an article's language."""

from __future__ import annotations

from collections import Counter

from extractors.languages.en import ENGLISH
from extractors.languages.fr import FRENCH
from extractors.languages.vocabulary import Concept, Vocabulary

# Adding a language: its module beside en.py and fr.py, and one entry here.
VOCABULARIES: dict[str, Vocabulary] = {"fr": FRENCH, "en": ENGLISH}
DEFAULT_LANGUAGE = "en"
# The first few hundred characters decide; counting further costs time and changes nothing.
SAMPLE_CHARS = 600


def detect_language(text: str) -> str:
    """The language whose stop words are the most frequent in the text (English on a tie).

    >>> detect_language("Nvidia engagera jusqu'à 10 milliards de dollars dans la start-up")
    'fr'
    >>> detect_language("Halcyon will invest up to $4 billion in the startup")
    'en'
    """
    words = Counter(text[:SAMPLE_CHARS].lower().split())
    counts = {code: sum(words[word] for word in vocabulary.stop_words) for code, vocabulary in VOCABULARIES.items()}
    return max(counts, key=lambda code: (counts[code], code == DEFAULT_LANGUAGE))


def vocabulary_for(language: str | None, text: str) -> Vocabulary:
    """The vocabulary of the given language code ("fr", "fr-FR"), or of the guessed one."""
    code = (language or "").split("-")[0].lower()
    return VOCABULARIES.get(code) or VOCABULARIES[detect_language(text)]


def every_language(concept: Concept) -> tuple[str, ...]:
    """A concept's words in every registered language, for the rules that read them all at once whatever the
    article's language (a French article quotes English phrases, and these rules were written for both).

    >>> every_language(Concept.AND)
    ('et', 'and')
    """
    return tuple(dict.fromkeys(word for vocabulary in VOCABULARIES.values() for word in vocabulary.words[concept]))
