"""Which company an article is about: the party a sentence implies when it names none."""

from __future__ import annotations

from collections import Counter, defaultdict

from extractors.cues import Cue, preposition_before
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept, Vocabulary
from extractors.names import LABS, Mention, aliases_of, known_names, spellings_by_lower_case
from extractors.reading import ReadSentence, Topic
from extractors.tokens import tokenize

TITLE_WEIGHT = 3
RECEIVER_WEIGHT = 3
RAISE_GAP = 12
# Financing news is mostly about AI labs: a lab named as often as its investors is the topic.
LAB_FACTOR = 1.5
LAB_NAME_ENDINGS = tuple(f" {ending}" for ending in every_language(Concept.LAB_NAME_ENDINGS))
# Where a name that no sentence with a figure names was first named: after every other name.
NEVER_NAMED = 1 << 30
RECEIVER_WINDOW = 30


def find_topic(text: str, title: str, read: list[ReadSentence], vocabulary: Vocabulary,
               names: frozenset[str]) -> Topic:
    """The company the article is about: named most, in the title above all, as a receiver of money, a lab.

    `read`: the sentences with figures; `names`: the new names the title vouches for.
    """
    title_names = count_known_names(title, names)
    scores = topic_scores(text, len(title), read, title_names, vocabulary, names)
    if not scores:
        return Topic()
    first = first_positions(read)
    # Ties go to the company named first; a name of the title that no sentence with a figure names, to its place
    # in the title; the name itself decides the rest, so that the topic never depends on the order of a set.
    name = max(scores, key=lambda name: (scores[name], -first.get(name, NEVER_NAMED), -title_position(title, name),
                                         name))
    return Topic(name, name in title_names)


def topic_scores(text: str, title_end: int, read: list[ReadSentence], title_names: Counter[str],
                 vocabulary: Vocabulary, names: frozenset[str]) -> dict[str, float]:
    """Each candidate's score: how often it is named, more in the title, more as a new name or a receiver."""
    scores: dict[str, float] = defaultdict(float)
    scores.update(mention_counts(text, read, title_names))
    for name, count in title_names.items():
        scores[name] += (TITLE_WEIGHT - 1) * count
    for item in read:
        for mention in item.reading.mentions:
            if mention.name and not mention.is_cloud:
                scores[mention.name] += mention_weight(item, mention, title_end, vocabulary, names)
    return {name: score * (LAB_FACTOR if is_lab_name(name) else 1) for name, score in scores.items()}


def mention_weight(item: ReadSentence, mention: Mention, title_end: int, vocabulary: Vocabulary,
                   names: frozenset[str]) -> float:
    """What one mention adds: a new name the title did not vouch for counts again (more in the title); a
    receiver of money counts more."""
    weight = 0
    if not mention.is_known and mention.name not in names:
        weight += TITLE_WEIGHT if item.sentence.start < title_end else 1
    if is_receiver(item, mention, vocabulary):
        weight += RECEIVER_WEIGHT
    return weight


def is_receiver(item: ReadSentence, mention: Mention, vocabulary: Vocabulary) -> bool:
    """"dans Anthropic", "Tessera lève 500 millions": money goes to the party."""
    text = item.reading.text
    raises = [cue for cue in item.reading.cues if cue.concept == Concept.RAISE]
    head = text[max(0, mention.start - RECEIVER_WINDOW):mention.start]
    receiving = preposition_before(vocabulary, Concept.TARGET, strict=True)
    return raises_after(text, mention, raises) or bool(receiving.search(head))


def raises_after(text: str, mention: Mention, raises: list[Cue]) -> bool:
    """"Tessera lève 500 millions": the company that raises money is a receiver too (not "whose backers include
    Halberd, raised": a comma closes the clause the name was in). `raises`: the sentence's cues of raising."""
    return any(0 <= c.start - mention.end <= RAISE_GAP and "," not in text[mention.end:c.start] for c in raises)


def is_lab_name(name: str) -> bool:
    return name in LABS or name.endswith(LAB_NAME_ENDINGS)


def first_positions(read: list[ReadSentence]) -> dict[str, int]:
    """Where the article first names each party of its sentences with figures."""
    first: dict[str, int] = {}
    for item in read:
        for mention in item.reading.mentions:
            first.setdefault(mention.name, item.sentence.start + mention.start)
    return first


def title_position(title: str, name: str) -> int:
    """Where the title first writes the name (after the title's end when it writes it otherwise)."""
    position = title.find(name)
    return position if position >= 0 else len(title)


def mention_counts(text: str, read: list[ReadSentence], title_names: Counter[str]) -> Counter[str]:
    """How often the article names each party of its figures' sentences and title, under any of its names."""
    candidates = {m.name for item in read for m in item.reading.mentions if m.name} | set(title_names)
    folded = text.lower()
    return Counter({name: count_company(text, folded, name) for name in candidates})


def count_known_names(text: str, extra_names: frozenset[str] = frozenset()) -> Counter[str]:
    """How often each gazetteer company (or name the article vouches for) is named in a short text such as
    a title, clouds left out."""
    counts = Counter(m.name for m in known_names(tokenize(text)) if not m.is_cloud)
    for name in extra_names:
        counts[name] += count_word(text, name)
    return counts


def count_company(text: str, folded: str, name: str) -> int:
    """How often a company is named in the text under any of its names or products, clouds left out: each
    place where the lower-case text (`folded`) shows one of them counts when the text writes it one of the
    company's ways ("Nvidia", "NVIDIA"; not "nvidia")."""
    if len(folded) != len(text):  # a letter lowered to two ("İ"): the places in `folded` are not the text's
        return sum(count_word(text, alias) for alias in aliases_of(name))
    grouped = spellings_by_lower_case(name)
    return sum(count_spellings(text, folded, lower, spellings) for lower, spellings in grouped.items())


def count_spellings(text: str, folded: str, lower: str, spellings: set[str]) -> int:
    """How often the text writes one of the spellings, not glued to a word, where `folded` shows `lower`."""
    return sum(text[start:start + len(lower)] in spellings and stands_apart(text, start, start + len(lower))
               for start in occurrences(folded, lower))


def count_word(text: str, word: str) -> int:
    """Occurrences of `word` not glued to a letter, digit or hyphen ("Intel" is not in "Intelligence").

    >>> count_word("Intel and Intelligence, Intel-based", "Intel")
    1
    """
    return sum(stands_apart(text, start, start + len(word)) for start in occurrences(text, word))


def occurrences(text: str, part: str) -> list[int]:
    """Every place where `part` starts in the text, overlapping ones included."""
    found = []
    start = text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def stands_apart(text: str, start: int, end: int) -> bool:
    """text[start:end] is glued to no letter, digit, underscore or hyphen."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-")
