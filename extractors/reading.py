"""One sentence read: its figures, names and deal cues, and where they sit relative to each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from extractors.amounts import Amount, find_amounts
from extractors.cues import Cue, find_cues, preposition_before
from extractors.languages.vocabulary import Concept, Vocabulary
from extractors.mentions import find_mentions
from extractors.names import Mention
from extractors.text import Sentence
from extractors.tokens import tokenize

# How far (characters) a deal cue may sit from the figure it qualifies.
CUE_BEFORE_WINDOW = 110
CUE_AFTER_WINDOW = 70
# How far before a party its preposition may start ("de la part de", "auprès de la jeune pousse").
PREPOSITION_WINDOW = 40


@dataclass(frozen=True)
class Topic:
    """The company an article is about, and whether the article vouches for it: its title names it, or its lede
    introduces it as a company ("The startup Velka ...", "Velka, a Berlin-based startup, ..."); only then may it
    stand for a round's company that a sentence leaves unnamed."""

    name: str | None = None
    vouched: bool = False


@dataclass(frozen=True)
class Reading:
    """What one (normalized) sentence holds, with what the article tells it: its language, the sentence before
    (the kind of deal it spoke of), the article's topic and the sentence before's company (`focus`): the party
    implied when none is named."""

    text: str
    amounts: tuple[Amount, ...]
    mentions: tuple[Mention, ...]
    cues: tuple[Cue, ...]
    vocabulary: Vocabulary
    previous_text: str = ""
    topic: Topic = Topic()
    focus: str | None = None


def read(text: str, vocabulary: Vocabulary, amounts: tuple[Amount, ...] | None = None,
         names: frozenset[str] = frozenset(), previous_text: str = "") -> Reading:
    """One (normalized) sentence read: its figures (found in it unless given), deal cues and parties.

    `names`: new names the article vouches for (its title's).

    >>> from extractors.languages import FRENCH
    >>> reading = read("Nvidia engagera jusqu'à 10 milliards de dollars dans Anthropic", FRENCH)
    >>> [a.qualifier.value for a in reading.amounts], [m.name for m in reading.mentions]
    (['up_to'], ['Nvidia', 'Anthropic'])
    """
    words = tokenize(text)
    cues = find_cues(words, vocabulary)
    figures = tuple(find_amounts(text, vocabulary)) if amounts is None else amounts
    spans = tuple((figure.start, figure.end) for figure in figures)
    mentions = tuple(find_mentions(text, vocabulary, names, words, cues, spans))
    return Reading(text, figures, mentions, cues, vocabulary, previous_text)


def implied_company(reading: Reading) -> str | None:
    """The company a sentence means when it names none: the one the sentence before was about ("Anthropic raised
    $400 million. It is now valued at $4 billion." in an article about Cohere), else the article's topic."""
    return reading.focus or reading.topic.name


class ReadSentence(NamedTuple):
    """A sentence with its figures, and where it sits in the article."""

    sentence: Sentence
    reading: Reading


def cues_of(reading: Reading, *concepts: Concept) -> list[Cue]:
    """The sentence's cues of these concepts, in sentence order."""
    return [cue for cue in reading.cues if cue.concept in concepts]


def has_cue(reading: Reading, concept: Concept) -> bool:
    return any(cue.concept == concept for cue in reading.cues)


def cues_near(reading: Reading, amount: Amount, concepts: tuple[Concept, ...], before: int,
              after: int) -> list[Cue]:
    """The cues of these concepts within `before` characters before the figure or `after` after it, nearest
    first (the first said of two as near)."""
    near = []
    for cue in cues_of(reading, *concepts):
        if cue.end <= amount.start and amount.start - cue.end <= before:
            near.append((amount.start - cue.end, cue))
        elif cue.start >= amount.end and cue.start - amount.end <= after:
            near.append((cue.start - amount.end, cue))
    return [cue for _, cue in sorted(near, key=lambda pair: pair[0])]


def clouds(reading: Reading) -> list[Mention]:
    """The cloud brands the sentence names ("Azure", "AWS")."""
    return [mention for mention in reading.mentions if mention.is_cloud]


def has_compute(reading: Reading) -> bool:
    """The sentence speaks of compute: a compute word, or a cloud."""
    return has_cue(reading, Concept.COMPUTE) or bool(clouds(reading))


def mentions_before(reading: Reading, position: int) -> list[Mention]:
    return [m for m in reading.mentions if m.end <= position]


def mentions_between(reading: Reading, start: int, end: int) -> list[Mention]:
    return [m for m in reading.mentions if start <= m.start and m.end <= end]


def mention_at(reading: Reading, position: int) -> Mention | None:
    """The party named right at this position, if any."""
    return next((m for m in reading.mentions if m.start == position), None)


def last_before(reading: Reading, position: int, keep: Callable[[Mention], bool]) -> Mention | None:
    """The last party ending before `position` that `keep` accepts."""
    return next((m for m in reversed(reading.mentions) if m.end <= position and keep(m)), None)


def ends_with(reading: Reading, concept: Concept, head: str, strict: bool = False) -> bool:
    """`head` ends with one of the concept's prepositions (then, unless strict, a few lower-case words)."""
    return bool(preposition_before(reading.vocabulary, concept, strict).search(head))


def head_of(reading: Reading, mention: Mention, size: int = PREPOSITION_WINDOW) -> str:
    """The `size` characters before a party, where its preposition would be."""
    return reading.text[max(0, mention.start - size):mention.start]
