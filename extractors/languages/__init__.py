"""Per-language vocabularies, and the pipeline's one language detector (stop words: no model to load)."""

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
# Below this share of stop words among its first words, a text is in none of the languages read here.
# bench/language.py: right on all 26 fixture pages (German ones included) and the seeds, like py3langid,
# with no model to load; only texts of one short sentence fall under it.
LANGUAGE_FLOOR = 0.10


def detect_language(text: str) -> str:
    """The language whose stop words are the most frequent in the text (English on a tie).

    >>> detect_language("Nvidia engagera jusqu'à 10 milliards de dollars dans la start-up")
    'fr'
    >>> detect_language("Halcyon will invest up to $4 billion in the startup")
    'en'
    """
    counts = stop_word_counts(text)
    return max(counts, key=lambda code: (counts[code], code == DEFAULT_LANGUAGE))


def identify_language(text: str) -> str | None:
    """The text's language when it is one read here, else None (the one detector of the pipeline).

    >>> identify_language("Die Bank hat im dritten Quartal mehr verdient als erwartet, teilte sie mit.") is None
    True
    >>> identify_language("La start-up a levé 40 millions d'euros auprès de ses investisseurs.")
    'fr'
    """
    language = detect_language(text)
    words = len(text[:SAMPLE_CHARS].split())
    return language if words and stop_word_counts(text)[language] >= LANGUAGE_FLOOR * words else None


def stop_word_counts(text: str) -> dict[str, int]:
    """How many of the text's first words are each language's stop words."""
    words = Counter(text[:SAMPLE_CHARS].lower().split())
    return {code: sum(words[word] for word in vocabulary.stop_words) for code, vocabulary in VOCABULARIES.items()}


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
