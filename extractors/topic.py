"""Which company an article is about: the party a sentence implies when it names none."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from extractors.cues import Cue, preposition_before
from extractors.languages import every_language
from extractors.languages.vocabulary import Concept, Vocabulary
from extractors.mentions import is_aside, is_likeness
from extractors.names import LABS, Mention, aliases_of, known_names, spellings_by_lower_case
from extractors.new_names import find_candidate_names, persons_last_names
from extractors.patterns import alternation
from extractors.reading import Reading, ReadSentence, Topic, ends_with, head_of, read
from extractors.references import COMPLEMENT_BEFORE, FOR_PERSONS_COMPANY, group_starting_with, is_lead, is_peer
from extractors.tokens import tokenize
from extractors.world import is_place

TITLE_WEIGHT = 3
RECEIVER_WEIGHT = 3
RAISE_GAP = 12
# Financing news is about the company that raises: a name read only as a round's lead or an investor is seldom
# the topic.
INVESTOR_FACTOR = 0.5
# ... nor a name it sets beside its own company in a list of peers ("avec Mistral AI, Hugging Face ou Giskard").
PEER_FACTOR = 0.5
# "with participation from X", "avec le soutien de X": X puts money in with others.
OTHERS_BEFORE = re.compile(rf"{alternation(every_language(Concept.OTHERS_JOIN))}\w*\s+$", re.IGNORECASE)
LAB_NAME_ENDING_WORDS = every_language(Concept.LAB_NAME_ENDINGS)
LAB_NAME_ENDINGS = tuple(f" {ending}" for ending in LAB_NAME_ENDING_WORDS)
# A new name of a sentence without figures is a candidate when the article writes it this often.
NAMED_AT_LEAST = 2
SENTENCE_ENDS = ".!?\n"
# Where a name that no sentence with a figure names was first named: after every other name.
NEVER_NAMED = 1 << 30
# "la start-up américaine Reflection AI", "the robotics startup Velka": a company noun before the name says it is
# the company the clause is about.
COMPANY_NOUN_BEFORE = re.compile(rf"(?<!\w){alternation(every_language(Concept.COMPANY_NOUNS))}(?!\w)", re.IGNORECASE)
CLAUSE_MARKS = re.compile(r"[,;:()]")
# How the article introduces its company: "The startup Velka", "The lab, called Velka", "Velka, a Berlin-based
# startup". The lede (the title and this many characters after it) introduces the company the article is about.
COMPANY_NOUN_RIGHT_BEFORE = re.compile(
    rf"(?<!\w){alternation(every_language(Concept.COMPANY_NOUNS))}"
    rf"(?:\s*,?\s+{alternation(every_language(Concept.CALLED))})?\s+$", re.IGNORECASE)
APPOSED_COMPANY_NOUN = re.compile(
    rf",\s+{alternation(every_language(Concept.INDEFINITE_ARTICLES))}\s+(?:[\w'’.-]+\s+){{0,4}}"
    rf"{alternation(every_language(Concept.COMPANY_NOUNS))}(?!\w)", re.IGNORECASE)
LEDE_LENGTH = 300
RECEIVER_WINDOW = 30


def find_topic(text: str, title: str, read: list[ReadSentence], vocabulary: Vocabulary,
               names: frozenset[str], others: Iterable[str] = ()) -> Topic:
    """The company the article is about: named most, in the title above all, as a receiver of money, a lab.

    `read`: the sentences with figures; `names`: the new names the title vouches for; `others`: the sentences
    without figures, whose parties may be the topic too ("A robotics company called Velka has trained ...").
    """
    title_names = count_known_names(title, names)
    others = list(others)
    elsewhere = parties_named(text, others, vocabulary, names)
    peers = peer_names(read, others, vocabulary, names)
    scores = {name: score * (PEER_FACTOR if name in peers else 1) for name, score in
              topic_scores(text, len(title), read, title_names, vocabulary, names, elsewhere).items()}
    introduced = {name: introduced_at(text, name) for name in scores}
    for name, position in introduced.items():
        if position is not None:
            scores[name] += TITLE_WEIGHT if position < len(title) + LEDE_LENGTH else 1
    if not scores:
        return Topic()
    first = first_positions(read)
    # How the article names a company decides; financing news is mostly about AI labs, so a lab breaks a tie, then
    # the company named first; a name of the title that no sentence with a figure names, its place in the title; the
    # name itself decides the rest, so that the topic never depends on the order of a set.
    name = max(scores, key=lambda name: (scores[name], is_lab_name(name), -first.get(name, first_in_text(text, name)),
                                         -title_position(title, name), name))
    position = introduced[name]
    return Topic(name, name in title_names or position is not None and position < len(title) + LEDE_LENGTH)


def introduced_at(text: str, name: str) -> int | None:
    """Where the article first introduces the name as a company's: a company noun right before it ("The startup
    Velka", "la start-up Velka"), an apposition after it ("Velka, a Berlin-based startup"), or a copula ("Velka is
    a robotics company"); not as a complement ("buys chips from the startup Velka"); None when it never does."""
    for start in occurrences(text, name):
        end = start + len(name)
        if not stands_apart(text, start, end):
            continue
        noun = COMPANY_NOUN_RIGHT_BEFORE.search(text, max(0, start - RECEIVER_WINDOW), start)
        head_end = noun.start() if noun else start
        if COMPLEMENT_BEFORE.search(text, max(0, head_end - RECEIVER_WINDOW), head_end):
            continue  # "auprès de la start-up Velka": the object of another's deal, not who the article is about
        if noun or APPOSED_COMPANY_NOUN.match(text, end) or DESCRIBED_AS_COMPANY.match(text, end):
            return start
    return None


def parties_named(text: str, sentences: Iterable[str], vocabulary: Vocabulary,
                  names: frozenset[str]) -> frozenset[str]:
    """The companies the sentences name where a party stands (clouds left out), and the new names they write
    more than once in the article, once at least inside a sentence ("En Europe, Tavelle s'impose ...")."""
    found = set()
    persons = persons_last_names(text)
    for sentence in sentences:
        found |= {m.name for m in read(sentence, vocabulary, (), names).mentions if m.name and not m.is_cloud}
        found |= {m.name for m in find_candidate_names(sentence)
                  if not is_place(m.name) and not is_aside(sentence, m, ()) and is_used_as_name(text, m.name)
                  and m.name not in persons}
    return frozenset(found)


def peer_names(with_figures: list[ReadSentence], others: list[str], vocabulary: Vocabulary,
               names: frozenset[str]) -> set[str]:
    """The names the article lists as its company's peers somewhere ("l'entreprise fait partie des acteurs
    montants, avec Korvel AI, Dunmere ou Hask"; `others`: the sentences without figures)."""
    readings = [item.reading for item in with_figures] + [read(sentence, vocabulary, (), names) for sentence in others]
    return {m.name for reading in readings for m in reading.mentions if m.name and is_peer(reading, m)}


def is_used_as_name(text: str, name: str) -> bool:
    """Written at least twice, standing apart, once at least inside a sentence (not only as a first word), and
    never in lower case (a common word: "Nouvelle" of "Nouvelle levée", "une nouvelle levée")."""
    places = [start for start in occurrences(text, name) if stands_apart(text, start, start + len(name))]
    lower = name[0].lower() + name[1:]
    written_lower = any(stands_apart(text, start, start + len(lower)) for start in occurrences(text, lower))
    return len(places) >= NAMED_AT_LEAST and any(is_inside_sentence(text, start) for start in places) and \
        not written_lower


def is_inside_sentence(text: str, start: int) -> bool:
    """Not a sentence's first word, which is capitalised whatever it is ("World models are ...")."""
    before = text[:start].rstrip(" \"'«“(")
    return bool(before) and before[-1] not in SENTENCE_ENDS


def topic_scores(text: str, title_end: int, read: list[ReadSentence], title_names: Counter[str],
                 vocabulary: Vocabulary, names: frozenset[str],
                 elsewhere: frozenset[str] = frozenset()) -> dict[str, float]:
    """Each candidate's score: how often it is named, more in the title, more as a new name or a receiver;
    `elsewhere`: candidates named only in sentences without figures."""
    scores: dict[str, float] = defaultdict(float)
    scores.update(mention_counts(text, read, title_names, elsewhere))
    for name, count in title_names.items():
        scores[name] += (TITLE_WEIGHT - 1) * count
    for item in read:
        for mention in item.reading.mentions:
            if mention.name and not mention.is_cloud:
                scores[mention.name] += mention_weight(item, mention, title_end, vocabulary, names)
    investors = investor_names(read)
    return {name: score * (INVESTOR_FACTOR if name in investors else 1) for name, score in scores.items()}


def investor_names(read: list[ReadSentence]) -> set[str]:
    """The names the sentences read only as investors: a round's leads and who money comes from ("led by A and
    B", "from C", "auprès de D"), and the parties listed with them."""
    investors, receivers = set(), set()
    for item in read:
        reading = item.reading
        for mention in reading.mentions:
            if not mention.name:
                continue
            head = head_of(reading, mention)
            if is_lead(reading, mention) or ends_with(reading, Concept.SOURCE, head) or OTHERS_BEFORE.search(head) \
                    or sells_to_buyer(reading, mention):
                investors |= {m.name for m in group_starting_with(reading, mention)}
            elif is_receiver(item, mention, reading.vocabulary):
                receivers.add(mention.name)
    return investors - receivers


# "la start-up va acheter pour 10 milliards de dollars de puces IA à Cerebras": the verb of buying this far before.
SELLER_WINDOW = 80


def sells_to_buyer(reading: Reading, mention: Mention) -> bool:
    """"OpenAI va acheter pour 10 milliards de dollars de puces à Cerebras": the party a buyer named before buys
    from ("à", "auprès de" after a verb of buying) sells, like an investor it is seldom what the article is about."""
    head = head_of(reading, mention)
    buying = any(cue.concept == Concept.PURCHASE and 0 <= mention.start - cue.end <= SELLER_WINDOW
                 for cue in reading.cues)
    return buying and any(m.end <= mention.start and m.name != mention.name for m in reading.mentions) and \
        (ends_with(reading, Concept.PROVIDER, head, strict=True) or
         ends_with(reading, Concept.PROVIDER_AFTER, head, strict=True))


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
    return any(0 <= c.start - mention.end <= RAISE_GAP and "," not in text[mention.end:c.start]
               and not FOR_PERSONS_COMPANY.search(text, c.end) for c in raises)


def is_lab_name(name: str) -> bool:
    return name in LABS or name.endswith(LAB_NAME_ENDINGS)


def first_positions(read: list[ReadSentence]) -> dict[str, int]:
    """Where the article first names each party of its sentences with figures."""
    first: dict[str, int] = {}
    for item in read:
        for mention in item.reading.mentions:
            first.setdefault(mention.name, item.sentence.start + mention.start)
    return first


def first_in_text(text: str, name: str) -> int:
    """Where the text first writes a name no sentence with a figure names: after every name those sentences
    name, in the order of the text."""
    position = text.find(name)
    return NEVER_NAMED + (position if position >= 0 else len(text))


def title_position(title: str, name: str) -> int:
    """Where the title first writes the name (after the title's end when it writes it otherwise)."""
    position = title.find(name)
    return position if position >= 0 else len(title)


def mention_counts(text: str, read: list[ReadSentence], title_names: Counter[str],
                   elsewhere: frozenset[str] = frozenset()) -> Counter[str]:
    """How often the article names each party of its figures' sentences, its title and `elsewhere`, under any of
    its names."""
    candidates = {m.name for item in read for m in item.reading.mentions if m.name} | set(title_names) | elsewhere
    folded = text.lower()
    return Counter({name: count_company(text, folded, name) for name in candidates})


def count_known_names(text: str, extra_names: frozenset[str] = frozenset()) -> Counter[str]:
    """How often each gazetteer company (or name the article vouches for) is named in a short text such as
    a title, clouds and background left out ("Former OpenAI researchers raise $120 million": OpenAI is where the
    founders come from)."""
    counts = Counter(m.name for m in known_names(tokenize(text))
                     if not m.is_cloud and not is_likeness(text, m) and not is_aside(text, m, ()))
    for name in extra_names:
        counts[name] += count_word(text, name)
    return counts


def count_company(text: str, folded: str, name: str) -> int:
    """How often a company is named in the text under any of its names or products, clouds left out: each
    place where the lower-case text (`folded`) shows one of them counts when the text writes it one of the
    company's ways ("Nvidia", "NVIDIA"; not "nvidia"); a lab's name also counts without its ending
    ("Reflection" for "Reflection AI")."""
    if len(folded) != len(text):  # a letter lowered to two ("İ"): the places in `folded` are not the text's
        return sum(count_word(text, alias) for alias in aliases_of(name))
    grouped = spellings_by_lower_case(name)
    named = sum(count_spellings(text, folded, lower, spellings) for lower, spellings in grouped.items())
    return named + count_short_form(text, name)


def count_short_form(text: str, name: str) -> int:
    """"Reflection" alone (not followed by "AI") where the company is "Reflection AI"."""
    short, _, ending = name.rpartition(" ")
    if not short or ending not in LAB_NAME_ENDING_WORDS:
        return 0
    return sum(stands_apart(text, start, start + len(short)) and not text.startswith(name, start)
               for start in occurrences(text, short))


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


def only_company(reading: Reading) -> str | None:
    """The one company a sentence names, as its subject ("Physical Intelligence received two rounds in 2024." before
    "In March, Arrow led its $70 million seed round"; "Founded in 2024, the startup Velka takes on ..."); None when
    the sentence names none, several, or one in a complement ("This lets Orin strengthen its chips." says who acts
    on whom, not who the next sentence is about). A name in brackets is an aside ("(co-creator of Halo)")."""
    named = [mention for mention in reading.mentions if mention.name and not mention.is_cloud
             and not in_brackets(reading.text, mention.start)]
    if named and ANOTHER_COMPANY_AFTER.match(reading.text, named[0].end):
        return None  # "Orbis, another German lab, raised far less": a peer, not who the next sentence means
    if named and described_as_company(reading.text, named[0]):
        return named[0].name
    if named and opens_alone(reading, named, CLAUSE_MARKS):
        return named[0].name
    if len({mention.name for mention in named}) != 1:
        return None
    first = named[0]
    marks = list(CLAUSE_MARKS.finditer(reading.text, 0, first.start))
    head = reading.text[marks[-1].end() if marks else 0:first.start]
    opens = not reading.text[:first.start].strip()
    is_subject = opens or COMPANY_NOUN_BEFORE.search(head) and not COMPLEMENT_BEFORE.search(head)
    return first.name if is_subject else None


# "Glean is an enterprise search company founded by former Google engineers": the sentence's first name, described
# as a company by a copula (up to four words of description before the company noun), is what it is about.
DESCRIBED_AS_COMPANY = re.compile(
    rf"\s+{alternation(every_language(Concept.IS_A))}\s+(?:[\w'’-]+\s+){{0,4}}"
    rf"{alternation(every_language(Concept.COMPANY_NOUNS))}(?!\w)", re.IGNORECASE)


# "Orbis, another German lab,", "Orbis, son rival,": an apposition that sets the company beside the article's.
ANOTHER_COMPANY_AFTER = re.compile(rf",\s+{alternation(every_language(Concept.ANOTHER_COMPANY))}(?!\w)", re.IGNORECASE)


def opens_alone(reading: Reading, named: list[Mention], marks: re.Pattern[str]) -> bool:
    """"Cerebras s'est spécialisé dans les processeurs géants, aussi appelés ..., celle du leader Nvidia": a name
    that opens the sentence is its subject when every other name sits past a clause mark (an aside, not the object
    of its verb: "Microsoft mise sur Corvid AI" is about both)."""
    first = named[0]
    if reading.text[:first.start].strip() or len(group_starting_with(reading, first)) > 1:
        return False  # "Velka, Orin et Lumo ont ...": a list of subjects
    clause = marks.search(reading.text, first.end)
    return clause is not None and all(other.start > clause.start() for other in named[1:])


def described_as_company(text: str, mention: Mention) -> bool:
    """The name opens the sentence and the sentence goes on to say it is a company."""
    return not text[:mention.start].strip() and bool(DESCRIBED_AS_COMPANY.match(text, mention.end))


def in_brackets(text: str, position: int) -> bool:
    """The position sits inside brackets opened before it and not yet closed."""
    before = text[:position]
    return before.count("(") > before.count(")")
