"""One sentence -> facts: the kind of each figure (from the nearest deal cue) and the parties of each kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from extractors.amounts import GW, PERCENT, Amount
from extractors.cues import Cue, find_cues, preposition_before
from extractors.facts import Fact, Kind, Qualifier, whole
from extractors.languages.vocabulary import Vocabulary
from extractors.parties import COMPUTE_SELLERS, COORDINATED, LABS, Mention
from extractors.patterns import alternation
from extractors.tokens import tokenize

# How far (characters) a cue may sit from the figure it qualifies.
CUE_BEFORE_WINDOW = 110
CUE_AFTER_WINDOW = 70
# "revenue of $3 billion": a not-a-deal word counts only right next to its figure.
NOT_DEAL_BEFORE_WINDOW = 40
NOT_DEAL_AFTER_WINDOW = 15
VALUATION_BEFORE_WINDOW = 50
# Only a noun follows its valuation figure, and closely: "a $60 billion valuation".
VALUATION_AFTER_WINDOW = 14
STAKE_WINDOW = 45
ROUND_AFTER_WINDOW = 25
SUPPLY_AFTER_WINDOW = 40
TOTAL_WINDOW = 16
WORTH_WINDOW = 15
PARTY_AFTER_WINDOW = 80
SOURCE_WINDOW = 60
KIND_OF_CUE = {
    "invest": Kind.INVESTMENT, "raise": Kind.INVESTMENT, "lead": Kind.INVESTMENT, "secondary": Kind.INVESTMENT,
    "stake_noun": Kind.INVESTMENT, "transfer": Kind.INVESTMENT, "purchase": Kind.COMPUTE_PURCHASE,
    "compute": Kind.COMPUTE_PURCHASE,
}
CLASSIFYING_CUES = tuple(KIND_OF_CUE)
MONEY_KIND_CUES = (*CLASSIFYING_CUES, "sell")
# Deal phrases that may hold a not-a-deal word ("debt facility", "obligations convertibles").
DEAL_PHRASE_CONCEPTS = frozenset({*KIND_OF_CUE, "shares"})
# "Brisemer et du fonds Harnois Capital", "A and the B fund": an article (and "fonds"/"fund") may follow "et"/"and".
COORDINATION = re.compile(rf"\s*(?:{COORDINATED}|/|&|ainsi que|as well as|along with)\s*", re.IGNORECASE)
RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:qui|which|who)\b", re.IGNORECASE)
# "dans Microsoft Azure", "into Google Cloud", "sur AWS": money put into a cloud.
INTO = re.compile(rf"\s*{alternation(['dans', 'in', 'into', 'sur', 'on', 'chez'])}\s", re.IGNORECASE)
# "... in Olvera to 18%", "... dans Quillot à 12 %": the level a stake is brought to.
LEVEL_BEFORE = re.compile(
    r"\s*(?:(?:from|de)\s+\d[\d.,]*\s?%\s+)?"
    r"(?:to|à)\s+"
    r"(?:about\s+|around\s+|roughly\s+|environ\s+|près\s+de\s+)?",
    re.IGNORECASE,
)
# "its stake in X from 8% to 14%", "sa participation dans X de 10 % à 15 %": a stake's change, not a range.
OLD_LEVEL = re.compile(r"\b(?:from|de)\s+$")
NEW_LEVEL = re.compile(r"\b(?:from|de)\s+\d[\d.,]*\s?%\s+(?:to|à)\s+$")
PASSIVE_BY = re.compile(r"\s+(?:by|par)\s+(?:the\s+|le\s+|la\s+|l')?", re.IGNORECASE)
FRONTED_FIGURE = re.compile(
    r"\s*[:—–-]\s*"
    r"(?:that is|that's|this is|c'est|voilà|voici)\s+"
    r"(?:what|how much|ce que|ce qu')\s*",
    re.IGNORECASE,
)
OTHERS_JOIN = re.compile(
    r"\s*,?\s*(?:avec la participation d|with (?:the )?participation (?:from|of)|aux côtés d|"
    r"alongside\b|together with\b|and (?:other|existing|new) (?:investors|backers|shareholders)|"
    r"et d'autres investisseurs|et des investisseurs|et ses investisseurs|et de ses actionnaires)",
    re.IGNORECASE,
)
ROUND_OWNER = re.compile(r"\s+(?:de\s+|d')")
SALE_WINDOW = 20
# "... to Halberd Partners for $90 million", "... à Harnois Capital pour 40 millions": the price of a sale.
SALE_PRICE = re.compile(
    r"\b(?:for|pour)\s+"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|environ\s+|près\s+de\s+)?$",
    re.IGNORECASE,
)
RELATIVE_SOURCE = re.compile(r"\s*,?\s*(?:from which|from whom|auprès duquel|auprès de laquelle|auprès de qui)\b",
                             re.IGNORECASE)
TO_US = re.compile(r"\s+(?:to|in|into)\s+us\b", re.IGNORECASE)
PASSIVE_WORD = re.compile(r" (?:by|par) ")
ROUND_CONCEPTS = frozenset({"raise", "lead", "secondary"})
ACTIVE_CONCEPTS = frozenset({"transfer", "invest"})
SOURCE_END = re.compile(
    r"\b(?:from|by|par|auprès d'|auprès de|de la part de|de la part d')\s*"
    r"(?:the\s+|la\s+|le\s+|l')?$",
    re.IGNORECASE,
)
# "to reserved instances", "to GPU capacity", "to dedicated compute": compute right after "to".
RELATIVE_OPEN = re.compile(r",\s*(?:whose|dont)\b[^,]*$", re.IGNORECASE)
# "apportés à Quillot par Brisemer": the agent after a short complement.
PASSIVE_BY_LATER = re.compile(r"\s+(?:à|to|dans|in|into)\s[^,;()]{1,40}?\s(?:by|par)\s+(?:the\s+|le\s+|la\s+|l')?",
                              re.IGNORECASE)
TO_COMPUTE = re.compile(
    r"\s*(?:to|à)\s+"
    r"(?:the\s+|des\s+|la\s+|les\s+)?"
    r"(?P<word>(?:[A-Z]{2,5}|dedicated|additional|extra|new)\s+)?"
)
VALUATION_NOUN_GAP = re.compile(r"\s*(?:de\s+|d')?(?:(?:pre|post)-money\s+)?", re.IGNORECASE)
# "from investors including Tessera": a party among others is not the source of the whole figure.
PARTIAL_SOURCE = re.compile(r",|\b(?:including|among|dont|notamment|parmi|such as|like)\b", re.IGNORECASE)
PARTIAL_GROUP = re.compile(r"\b(?:including|among|dont|notamment|parmi|such as)\s+$", re.IGNORECASE)
# "a 49% stake in the deal": a stake in something that is not a company.
OBJECT_AFTER = re.compile(r"\s+(?:in|of|dans|de|du)\s+(?:the|la|le|les|l')?\s*[a-zà-ÿ]", re.IGNORECASE)
# "led by", "mené par", "sous la houlette de": the lead is named after the cue; "X led" names it before.
PASSIVE_ENDING = re.compile(r"(?:\bby|\bpar|\bde|\bd')$", re.IGNORECASE)
LIST_ITEM_GAP = re.compile(r"\s*[,:]?\s*(?:[\w']+\s+){0,2}", re.IGNORECASE)


_KEY_PARTS: dict[tuple[str, str], tuple[str, ...]] = {}


def key_parts(vocabulary: Vocabulary, concept: str) -> tuple[str, ...]:
    """A few lower-case pieces of the concept's prepositions, such that each preposition holds one: where none
    is written, no preposition is ("par" stands for "apportés par" and "de la part de"). Pieces hold no space
    or apostrophe, which preposition patterns match loosely. Empty when a preposition has no such piece."""
    key = (vocabulary.code, concept)
    if key not in _KEY_PARTS:
        _KEY_PARTS[key] = covering_pieces([word.lower() for word in vocabulary.cues[concept]])
    return _KEY_PARTS[key]


def covering_pieces(words: list[str]) -> tuple[str, ...]:
    """Greedily, the piece in most of the words not yet covered (the longer of two), until every word is.

    >>> covering_pieces(["apportés par", "versés par", "de la part de", "auprès de"])
    ('par', 'auprès')
    >>> covering_pieces(["par", "à l'"])  # "à l'" has no piece of two letters: no precheck at all
    ()
    """
    pieces = [[piece for piece in re.split(r"[\s'’]+", word) if piece] for word in words]
    if not all(pieces):
        return ()
    # One-letter pieces ("d" of "d'") are in nearly every text: only a word's sole piece may be one.
    candidates = sorted({piece for split in pieces for piece in split if len(piece) > 1 or len(split) == 1})
    chosen: list[str] = []
    while words:
        best = max(candidates, key=lambda piece: (sum(piece in word for word in words), len(piece)), default="")
        if not best or not any(best in word for word in words):
            return ()  # a word no candidate covers: the patterns are always tried
        chosen.append(best)
        words = [word for word in words if best not in word]
    return tuple(chosen)


def may_hold_preposition(vocabulary: Vocabulary, concept: str, head: str) -> bool:
    """False only when no key part of the concept's prepositions is written in `head`."""
    # The only letters that re's case-blind matching takes for a vocabulary letter ("i", "s") where str.lower()
    # does not (checked over every code point); "İ" even lowers to two characters.
    if "İ" in head or "ı" in head or "ſ" in head:
        return True
    lowered = head.lower()
    parts = key_parts(vocabulary, concept)
    for part in parts:
        if part in lowered:
            return True
    return not parts


def kind_of_cues(cues: tuple[Cue, ...]) -> Kind | None:
    """The kind a sentence's first deal cue speaks of, for a list of figures that gives none."""
    first = next((KIND_OF_CUE[c.concept] for c in cues if c.concept in KIND_OF_CUE), None)
    return first or (Kind.INVESTMENT if any(c.concept == "commit" for c in cues) else None)


@dataclass(frozen=True)
class Reading:
    """What one (normalized) sentence holds: its figures, parties and deal cues."""

    text: str
    amounts: tuple[Amount, ...]
    mentions: tuple[Mention, ...]
    cues: tuple[Cue, ...]


class Topic(Protocol):
    """The company an article is about; worked out only when a sentence needs it (most name their parties)."""

    @property
    def name(self) -> str | None: ...

    # Only a topic the title names may stand for a round's company that the sentence leaves unnamed.
    @property
    def in_title(self) -> bool: ...


class Evidence(NamedTuple):
    """The sentence as the article wrote it, and where it sits in the article's body (FACTS.md offsets)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    """What the article tells a sentence: its topic, the sentence before (the kind of deal it spoke of), and
    where the sentence sits (the evidence of its facts)."""

    vocabulary: Vocabulary
    topic: Topic
    previous_sentence: str = ""
    evidence: Evidence = Evidence("", -1, -1)


class SentenceRules:
    """The facts of one sentence, given the article's topic (the party implied when none is named)."""

    def __init__(self, reading: Reading, context: Context) -> None:
        self.reading = reading
        self.vocabulary = context.vocabulary
        self.article_topic = context.topic
        self.previous_sentence = context.previous_sentence
        self.evidence = context.evidence
        self.prepositions: dict[tuple[str, str, bool], bool] = {}
        self.has_percent = PERCENT in [a.unit for a in reading.amounts]
        # Whether the sentence names a cloud, and which one is nearest a figure, are asked for several figures.
        self.clouds = [m for m in reading.mentions if m.is_cloud]
        # Each concept's cues, in sentence order: most questions about a figure ask for one concept's cues.
        self.cues_of: dict[str, list[Cue]] = {}
        for cue in reading.cues:
            self.cues_of.setdefault(cue.concept, []).append(cue)
        self.cues_of_concepts: dict[tuple[str, ...], list[Cue]] = {}

    @property
    def topic(self) -> str | None:
        return self.article_topic.name

    @property
    def round_topic(self) -> str | None:
        return self.article_topic.name if self.article_topic.in_title else None

    def facts(self) -> list[Fact]:
        """The sentence's facts, with the context's evidence."""
        facts: list[Fact] = []
        previous: Fact | None = None
        for index, amount in enumerate(self.reading.amounts):
            fact = self.read_amount(index, amount, previous)
            if fact:
                facts += self.each_party(fact, amount)
                previous = fact
        return facts

    def each_party(self, fact: Fact, amount: Amount) -> list[Fact]:
        """"Tessera and Orbis will each invest $500 million": one fact per party, not one joint figure."""
        if not fact.counterparty or "+" not in fact.counterparty or \
                not self.cues_near(amount, ("each",), CUE_BEFORE_WINDOW, ROUND_AFTER_WINDOW):
            return [fact]
        return [replace(fact, counterparty=party) for party in fact.counterparty.split("+")]

    def hint(self) -> Kind | None:
        return kind_of_cues(self.reading.cues)

    def read_amount(self, index: int, amount: Amount, previous: Fact | None) -> Fact | None:
        if amount.unit == PERCENT:
            return self.stake(amount)
        if amount.unit == GW:
            # Gigawatts of a power grid or a plant are no compute: the sentence must speak of compute.
            return self.compute(Kind.COMPUTE_CAPACITY, amount) if self.has_compute() else None
        if not amount.unit:
            return None
        if previous and self.is_comparison(amount):
            return self.comparison(amount, previous)
        sold = self.sold_stake(amount)
        if sold:
            return self.fact(Kind.INVESTMENT, sold.subject, sold.counterparty, amount)
        kind = self.money_kind(amount)
        if kind == Kind.VALUATION:
            return self.valuation(amount)
        if kind == Kind.COMPUTE_PURCHASE:
            return self.compute(kind, amount)
        if kind == Kind.INVESTMENT:
            return self.investment(index, amount)
        return None

    def cues_near(self, amount: Amount, concepts: tuple[str, ...], before: int, after: int) -> list[tuple[int, Cue]]:
        """(distance, cue) for the cues of these concepts within the windows, nearest first."""
        cues = self.cues_of.get(concepts[0]) if len(concepts) == 1 else self.cues_of_any(concepts)
        if not cues:
            return []  # most concepts asked about have no cue in the sentence
        near = []
        for cue in cues:
            if cue.end <= amount.start and amount.start - cue.end <= before:
                near.append((amount.start - cue.end, cue))
            elif cue.start >= amount.end and cue.start - amount.end <= after:
                near.append((cue.start - amount.end, cue))
        # Most figures have no cue or one cue of the concepts near them: nothing to order then.
        if len(near) > 1:
            near.sort(key=lambda pair: pair[0])
        return near

    def cues_of_any(self, concepts: tuple[str, ...]) -> list[Cue]:
        """The cues of any of these concepts, in sentence order; kept, as every figure asks for the same ones."""
        if concepts not in self.cues_of_concepts:
            self.cues_of_concepts[concepts] = [cue for cue in self.reading.cues if cue.concept in concepts]
        return self.cues_of_concepts[concepts]

    def has_cue(self, concept: str) -> bool:
        return concept in self.cues_of

    def has_compute(self) -> bool:
        return self.has_cue("compute") or bool(self.clouds)

    def money_kind(self, amount: Amount) -> Kind | None:
        """Valuation when a valuation word is close; compute when the money goes "into Azure"; else the nearest cue."""
        if self.valuation_cue(amount):
            return Kind.VALUATION
        if self.is_stake_worth(amount):
            return None
        if self.goes_into_compute(amount):
            return Kind.COMPUTE_PURCHASE
        if self.not_deal_near(amount):
            return None
        for _, cue in self.cues_near(amount, MONEY_KIND_CUES, CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW):
            if cue.concept in ("purchase", "sell") and self.buys_shares(amount):
                return Kind.INVESTMENT
            if cue.concept == "sell":
                continue
            kind = KIND_OF_CUE[cue.concept]
            if kind == Kind.COMPUTE_PURCHASE and not self.has_compute():
                continue
            return kind
        if self.cues_near(amount, ("commit",), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW):
            return Kind.COMPUTE_PURCHASE if self.has_compute() else Kind.INVESTMENT
        if self.cues_near(amount, ("deal",), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW) and self.has_compute():
            return Kind.COMPUTE_PURCHASE
        return self.list_item_kind(amount)

    def not_deal_near(self, amount: Amount) -> bool:
        """"revenue of $3 billion" is no deal; "a $500 million debt facility" is one: a not-a-deal word inside a
        longer deal phrase does not count."""
        near = self.cues_near(amount, ("not_deal",), NOT_DEAL_BEFORE_WINDOW, NOT_DEAL_AFTER_WINDOW)
        return bool(near) and any(not self.inside_deal_phrase(cue) for _, cue in near)

    def inside_deal_phrase(self, cue: Cue) -> bool:
        return any(other.concept in DEAL_PHRASE_CONCEPTS and other.start <= cue.start and cue.end <= other.end
                   and other.end - other.start > cue.end - cue.start for other in self.reading.cues)

    def list_item_kind(self, amount: Amount) -> Kind | None:
        """"Tessera, jusqu'à 3 milliards ; Orbis, 2 milliards": a figure right after a party,
        in a list of commitments."""
        before = self.mentions_before(amount.start)
        if not before or not LIST_ITEM_GAP.fullmatch(self.reading.text[before[-1].end:amount.start]):
            return None
        kind = self.hint() or kind_of_cues(find_cues(tokenize(self.previous_sentence), self.vocabulary))
        # "will acquire Peltrix for $2 billion": buying a company is no compute purchase.
        return None if kind == Kind.COMPUTE_PURCHASE and not self.has_compute() else kind

    def amounts_between(self, start: int, end: int, amount: Amount) -> bool:
        """Another figure lies between the two positions (a figure joined to `amount` in a range does not count)."""
        others = [a for a in self.reading.amounts if a is not amount and start <= a.start and a.end <= end]
        joined = [a for a in others if re.fullmatch(r"\s*(?:and|et|to|à|-|ou|or)\s*",
                                                     self.reading.text[a.end:amount.start], re.I)]
        return len(others) > len(joined)

    def valuation_cue(self, amount: Amount) -> Cue | None:
        """"valued at $X", "valorisation à X" (nothing else said in between), or "a $X (post-money) valuation"."""
        for _, cue in self.cues_near(amount, ("valuation",), VALUATION_BEFORE_WINDOW, 0):
            if not self.amounts_between(cue.end, amount.start, amount) and not self.cue_between(cue.end, amount.start):
                return cue
        for _, cue in self.cues_near(amount, ("valuation_noun",), 0, VALUATION_AFTER_WINDOW):
            if cue.start >= amount.end and VALUATION_NOUN_GAP.fullmatch(self.reading.text[amount.end:cue.start]):
                return cue
        return None

    def cue_between(self, start: int, end: int) -> bool:
        return any(c.concept in KIND_OF_CUE and start <= c.start and c.end <= end for c in self.reading.cues)

    def is_stake_worth(self, amount: Amount) -> bool:
        """"a stake of roughly 27% in OpenAI, worth about $135 billion": what a stake is worth is no deal figure."""
        # Most sentences have no percentage: the sentence-wide answer spares the walk over its figures.
        percent_before = self.has_percent and \
            any(a.unit == PERCENT and a.start < amount.start for a in self.reading.amounts)
        return percent_before and bool(self.cues_near(amount, ("worth",), WORTH_WINDOW, 0))

    def buys_shares(self, amount: Amount) -> bool:
        return bool(self.cues_near(amount, ("shares",), 0, 40))

    def goes_into_compute(self, amount: Amount) -> bool:
        """"investit 30 milliards de dollars dans Microsoft Azure": money put into a cloud buys compute."""
        if not self.has_compute():
            return False  # both ways below need a compute cue or a cloud: spare the patterns
        after = self.reading.text[amount.end:amount.end + PARTY_AFTER_WINDOW]
        target = INTO.match(after)
        if not target:
            to = TO_COMPUTE.match(after)
            if to is None:
                return False
            return self.compute_cue_at(amount.end + to.end()) or \
                bool(to["word"]) and self.compute_cue_at(amount.end + to.start("word"))
        start = amount.end + target.end()
        named = next((m for m in self.reading.mentions if m.start >= start), None)
        if named and named.is_cloud and named.start - start < 40:
            return True
        # "in OpenAI as the lab deploys...": a company named first is where the money goes, not compute.
        limit = named.start - start if named else 30
        return any(0 <= cue.start - start < min(30, limit) for cue in self.cues_of.get("compute", ()))

    def compute_cue_at(self, position: int) -> bool:
        """"committed $2 billion to reserved instances": a compute word right after "to" (not "to build data
        centres", where the money may fund the company that builds)."""
        return any(cue.start == position for cue in self.cues_of.get("compute", ()))

    def is_comparison(self, amount: Amount) -> bool:
        return bool(self.cues_near(amount, ("comparison",), 14, 0))

    def ends_with(self, concept: str, head: str, strict: bool = False) -> bool:
        """`head` ends with one of the concept's prepositions; answers kept for the sentence, whose figures
        ask the same question about the same parties."""
        key = (concept, head, strict)
        if key not in self.prepositions:
            # A few substring tests rule out most heads before the pattern is tried at each of their positions.
            self.prepositions[key] = may_hold_preposition(self.vocabulary, concept, head) and \
                bool(preposition_before(self.vocabulary, concept, strict).search(head))
        return self.prepositions[key]

    def mentions_before(self, position: int) -> list[Mention]:
        return [m for m in self.reading.mentions if m.end <= position]

    def last_before(self, position: int, keep: Callable[[Mention], bool]) -> Mention | None:
        """The last party ending before `position` that `keep` accepts; asked nearest first, as `keep` may cost a
        regex search per party."""
        for mention in reversed(self.reading.mentions):
            if mention.end <= position and keep(mention):
                return mention
        return None

    def mention_after(self, position: int, concept: str, window: int = PARTY_AFTER_WINDOW) -> Mention | None:
        """The first party after `position` introduced by one of the concept's prepositions (never a round's lead)."""
        for mention in self.reading.mentions:
            if mention.start < position or mention.start - position > window:
                continue
            if self.ends_with(concept, self.reading.text[position:mention.start]) and not self.follows_lead(mention):
                return self.named_apposition(mention)
        return None

    def named_apposition(self, mention: Mention) -> Mention:
        """"la start-up d'intelligence artificielle Anthropic": the name that follows an anaphor."""
        if not mention.is_anaphor:
            return mention
        for other in self.reading.mentions:
            gap = self.reading.text[mention.end:other.start]
            if other.start >= mention.end and other.name and len(gap) < 45 and not re.search(r"[,;:()]", gap):
                return other
        return mention

    def is_receiver(self, mention: Mention) -> bool:
        """Money goes into this party: "dans Anthropic", "in Corvid", "Tessera shares", "acquire Peltrix"."""
        head = self.reading.text[max(0, mention.start - 30):mention.start]
        shares = any(c.concept == "shares" and 0 <= c.start - mention.end <= 2 or
                     c.concept == "stake" and 0 <= mention.start - c.end <= 1 for c in self.reading.cues)
        return shares or self.ends_with("target", head, strict=True)

    def resolve(self, mention: Mention | None) -> str | None:
        """A mention's company; an anaphor is the last lab or receiver named before it, else the topic."""
        if mention is None:
            return None
        if mention.name:
            return mention.name
        earlier = [m.name for m in self.mentions_before(mention.start) if m.name and not self.is_lead(m)
                   and (m.name in LABS or m.name == self.topic or self.is_receiver(m))]
        return earlier[-1] if earlier else self.topic

    def group_ending_with(self, mention: Mention) -> list[Mention]:
        """"Microsoft et Nvidia", "A, B and C": the coordinated parties that end with this mention.

        A list joined by commas only ("sur Foundry, Nvidia investit") is not a coordination.
        """
        text, mentions = self.reading.text, self.reading.mentions
        index = mentions.index(mention)
        group = [mention]
        while index > 0 and COORDINATION.fullmatch(gap := text[mentions[index - 1].end:mentions[index].start]):
            if len(group) == 1 and gap.strip() == ",":
                break
            index -= 1
            group.insert(0, mentions[index])
        return group

    def group_starting_with(self, mention: Mention) -> list[Mention]:
        mentions = self.reading.mentions
        index = mentions.index(mention)
        group = [mention]
        while index + 1 < len(mentions) and \
                COORDINATION.fullmatch(self.reading.text[mentions[index].end:mentions[index + 1].start]):
            index += 1
            group.append(mentions[index])
        return group

    def joint(self, mentions: list[Mention], excluded: set[str | None]) -> str | None:
        """Several parties as one counterparty, "+"-joined in alphabetical order (FACTS.md)."""
        names = {name for m in mentions if (name := self.resolve(m)) and name not in excluded}
        return "+".join(sorted(names, key=str.lower)) if names else None

    def investment(self, index: int, amount: Amount) -> Fact | None:
        before = [m for m in self.mentions_before(amount.start) if not self.follows_lead(m)]
        nearest = before[-1] if before else None
        target = self.shares_owner(amount) or self.target_from(amount.end) or self.transfer_recipient(amount)
        source = self.source(amount)
        if self.is_round(amount, nearest):
            raisers = [m for m in before if not self.is_lead(m) and not self.in_closed_relative(m, amount)]
            if raisers and RELATIVE_SOURCE.match(self.reading.text, raisers[-1].end):
                # "from Halberd Partners, from which it had already received $20 million": Halberd gave it
                source, raisers = source or raisers[-1], raisers[:-1]
            raiser = self.passive_party(amount, "raise") or self.fronted_party(amount) or self.round_owner(amount)
            subject = self.resolve(target) or self.resolve(raiser or (raisers[-1] if raisers else None)) or \
                self.round_topic
            source = source or self.passive_party(amount, "invest")
            counterparty = self.joint(self.group_starting_with(source), {subject}) if source else None
            return self.fact(Kind.INVESTMENT, subject, counterparty, amount)
        named_target = self.resolve(target) or self.sentence_target() or self.speakers_company(amount)
        subject = named_target or self.topic
        counterparty = self.investor(index, amount, before, subject, source)
        if counterparty is None and named_target is None:
            return None
        return self.fact(Kind.INVESTMENT, subject, counterparty, amount)

    def target_from(self, position: int, window: int = PARTY_AFTER_WINDOW) -> Mention | None:
        """"in Corvid", "dans Anthropic" after the position; not "in new funding from Halberd" nor "put in by
        Corran" (the source)."""
        target = self.mention_after(position, "target", window)
        if target and SOURCE_END.search(self.reading.text, position, target.start):
            return None
        return target

    def transfer_recipient(self, amount: Amount) -> Mention | None:
        """"Corran Capital wired $30 million to Lumeo", "$500 million will be provided by Halberd to Fenwick": with a
        verb of handing money over, "to"/"à" names the company that receives it (a cloud receives no investment)."""
        if not self.cues_near(amount, ("transfer",), CUE_BEFORE_WINDOW, ROUND_AFTER_WINDOW):
            return None
        recipient = self.mention_after(amount.end, "recipient", window=SOURCE_WINDOW)
        return recipient if recipient and not recipient.is_cloud else None

    def speakers_company(self, amount: Amount) -> str | None:
        """"Investors have committed $75 million to us," the chief executive said: "us" is the article's company."""
        return self.topic if TO_US.match(self.reading.text, amount.end) else None

    def source(self, amount: Amount) -> Mention | None:
        """"2,2 Md$ auprès d'Halcyon Capital", "apportés par des investisseurs existants : A, B et C"."""
        source = self.mention_after(amount.end, "source", window=SOURCE_WINDOW)
        if source is None:
            return None
        between = self.reading.text[amount.end:source.start]
        # "90 millions d'euros, abondés par Brisemer": a comma right before the preposition lists nothing.
        preposition = preposition_before(self.vocabulary, "source").search(between)
        listed = between
        if preposition and re.fullmatch(r"\s*,\s*", between[:preposition.start()]):
            listed = between[preposition.start():]
        if PARTIAL_SOURCE.search(listed):
            return None
        # "auprès de Brisemer, avec la participation de Harnois": others put money in too, the figure is the total.
        if OTHERS_JOIN.match(self.reading.text, self.group_starting_with(source)[-1].end):
            return None
        return source

    def shares_owner(self, amount: Amount) -> Mention | None:
        """"$1.5 billion of existing Tessera shares": the company whose shares are bought."""
        shares = self.cues_near(amount, ("shares",), 0, 40)
        if not shares:
            return None
        inside = [m for m in self.reading.mentions if amount.end <= m.start and m.end <= shares[0][1].start]
        return inside[-1] if inside else None

    def is_round(self, amount: Amount, nearest: Mention | None) -> bool:
        """A round's total: a raising word between the last party and the figure, or right after it, or "au total"."""
        start = nearest.end if nearest else 0
        if self.invests_actively(start, amount):
            return False
        fronted = FRONTED_FIGURE.match(self.reading.text, amount.end)
        if fronted and self.cues_near(amount, ("raise",), 0, CUE_AFTER_WINDOW):
            return True  # "$1.2 billion: that's how much Fenwick AI raised"
        for cue in self.reading.cues:
            sold_shares = cue.concept == "sell" and self.buys_shares(amount)
            if (cue.concept in ("raise", "lead", "secondary") or sold_shares) and start <= cue.start <= amount.start:
                return True
            if cue.concept == "raise" and 0 <= cue.start - amount.end <= ROUND_AFTER_WINDOW:
                return True
        invested = self.cues_near(amount, ("invest",), TOTAL_WINDOW + 4, 0)
        return not invested and bool(self.cues_near(amount, ("total",), TOTAL_WINDOW, TOTAL_WINDOW))

    def in_closed_relative(self, mention: Mention, amount: Amount) -> bool:
        """"The company, whose backers include Corran Capital, raised $75 million": Corran sits in a clause
        closed before the figure, it is not who raises."""
        return bool(RELATIVE_OPEN.search(self.reading.text, max(0, mention.start - 60), mention.start)) and \
            self.reading.text.startswith(",", mention.end)

    def passive_party(self, amount: Amount, concept: str) -> Mention | None:
        """"$3 billion could be raised by Vantel AI", "70 millions ont été injectés par Brisemer": the party
        right after the figure's verb and "by"/"par"."""
        if not PASSIVE_WORD.search(self.reading.text, amount.end, amount.end + CUE_AFTER_WINDOW + 25):
            return None
        for _, cue in self.cues_near(amount, (concept,), 0, CUE_AFTER_WINDOW):
            if any(amount.end <= other.start < cue.start for other in self.reading.amounts):
                break  # "45 millions, dont 20 millions apportés par X": the verb belongs to the nearer figure
            by = PASSIVE_BY.match(self.reading.text, cue.end) or PASSIVE_BY_LATER.match(self.reading.text, cue.end)
            named = by and next((m for m in self.reading.mentions if m.start == by.end()), None)
            if named:
                return named
        return None

    def round_owner(self, amount: Amount) -> Mention | None:
        """"Le tour de table de 90 millions d'euros de Quillot": the company named right after a round's figure."""
        if not self.cues_near(amount, ("raise",), CUE_BEFORE_WINDOW, 0):
            return None
        owner = ROUND_OWNER.match(self.reading.text, amount.end)
        return next((m for m in self.reading.mentions if owner and m.start == owner.end()), None)

    def fronted_party(self, amount: Amount) -> Mention | None:
        """"$2 billion: that is what Vantel AI raised": the party after the figure put first."""
        fronted = FRONTED_FIGURE.match(self.reading.text, amount.end)
        return next((m for m in self.reading.mentions if fronted and m.start == fronted.end()), None)

    def invests_actively(self, start: int, amount: Amount) -> bool:
        """"Halberd provided $75 million of venture debt to Lumeo": an investing verb between the party and the
        figure makes the party the investor, even when a word of raising follows the figure."""
        active = False
        for cue in self.reading.cues:
            if start <= cue.start and cue.end <= amount.start:
                if cue.concept in ROUND_CONCEPTS:
                    return False
                active = active or cue.concept in ACTIVE_CONCEPTS
        # "conduite par X, qui apporte 150 millions, porte sur 400 millions": the verb is the other figure's.
        return active and not any(start <= a.start and a.end <= amount.start for a in self.reading.amounts)

    def sentence_target(self) -> str | None:
        """The company the sentence's money goes into ("... dans Anthropic"), wherever it is said."""
        for cue in self.reading.cues:
            if cue.concept in ("invest", "stake"):
                target = self.target_from(cue.end, window=PARTY_AFTER_WINDOW + 40)
                if target:
                    return self.resolve(target)
        return None

    def investor(self, index: int, amount: Amount, before: list[Mention], subject: str | None,
                 source: Mention | None) -> str | None:
        """Who puts the money in: named after "de la part de"/"from", else the party or parties before the figure."""
        source = source or self.passive_party(amount, "invest")
        if source:
            return self.joint(self.group_starting_with(source), {subject})
        candidates = [m for m in before if self.resolve(m) != subject]
        respective = self.respective_party(index, amount, candidates)
        if respective:
            return respective
        if candidates:
            last = candidates[-1]
            if PARTIAL_GROUP.search(self.reading.text[max(0, last.start - 12):last.start]):
                return None
            return self.joint(self.group_ending_with(last), {subject})
        return None

    def follows_lead(self, mention: Mention) -> bool:
        """"a round led by Halcyon": a round's lead, unless a relative clause gives its own cheque
        ("Halcyon, which")."""
        return self.is_lead(mention) and not RELATIVE_AFTER.match(self.reading.text[mention.end:mention.end + 10])

    def is_lead(self, mention: Mention) -> bool:
        """A round's lead: named right after "led by"/"mené par", or right before "led"/"leads"."""
        for cue in self.cues_of.get("lead", ()):
            passive = PASSIVE_ENDING.search(self.reading.text[cue.start:cue.end])
            if passive and 0 <= mention.start - cue.end <= 4 or not passive and 0 <= cue.start - mention.end <= 2:
                return True
        return False

    def respective_party(self, index: int, amount: Amount, candidates: list[Mention]) -> str | None:
        """"NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards": in order."""
        cue = self.cues_of["respectively"][0] if "respectively" in self.cues_of else None
        if cue is None or not candidates:
            return None
        listed = [m for m in candidates if m.end <= cue.start] or candidates
        group = self.group_ending_with(listed[-1])
        figures = [a for a in self.reading.amounts if a.is_money and a.start > group[-1].end]
        if len(group) < 2 or amount not in figures:
            return None
        position = figures.index(amount)
        return self.resolve(group[position]) if position < len(group) else None

    def valuation(self, amount: Amount) -> Fact | None:
        """The company valued: named between "valuing" and the figure, else the last party before (not a lead)."""
        cue = self.valuation_cue(amount)
        start = min(cue.start, amount.start) if cue else amount.start
        between = [m for m in self.reading.mentions if cue and cue.end <= m.start and m.end <= amount.start]
        chosen = between[-1] if between else \
            self.last_before(start, lambda m: not self.follows_lead(m) and not self.is_source(m))
        return self.fact(Kind.VALUATION, self.resolve(chosen) or self.topic, None, amount)

    def is_source(self, mention: Mention) -> bool:
        head = self.reading.text[max(0, mention.start - 40):mention.start]
        return self.ends_with("source", head)

    def comparison(self, amount: Amount, previous: Fact) -> Fact | None:
        """"(contre 500 milliards de dollars pour OpenAI)": the same measure, for the party named after it."""
        named = re.match(r"\s*(?:pour|for|chez|at)\s", self.reading.text[amount.end:amount.end + 10], re.I)
        after = next((m for m in self.reading.mentions if m.start >= amount.end), None)
        subject = self.resolve(after) if named and after else previous.subject
        counterparty = previous.counterparty if subject == previous.subject else None
        return self.fact(previous.kind, subject, counterparty, amount)

    def compute(self, kind: Kind, amount: Amount) -> Fact | None:
        """Who gets compute (the party before the figure, or named "de la part de") and from which provider."""
        supply = self.supply_cue(amount)
        supplier = self.mentions_before(supply.start)[-1:] if supply else []
        if supply and supplier:
            recipient = self.direct_object(supply) or self.mention_after(amount.end, "recipient")
            return self.fact(kind, self.resolve(recipient) or self.topic, self.resolve(supplier[0]), amount)
        provider = self.provider(amount)
        buyer_after = self.mention_after(amount.end, "on_behalf")
        def is_buyer(m: Mention) -> bool:
            return not m.is_cloud and self.resolve(m) != provider and not self.is_provider_mention(m)

        subject = self.resolve(buyer_after) or self.resolve(self.last_before(amount.start, is_buyer)) or self.topic
        if subject is None or subject == provider:
            return None
        if provider in LABS and subject in COMPUTE_SELLERS:
            # "Oracle signed a $300 billion deal with OpenAI": the lab buys, the cloud sells.
            subject, provider = provider, subject
        return self.fact(kind, subject, provider, amount)

    def supply_cue(self, amount: Amount) -> Cue | None:
        """"Thistle Compute will deliver 500 megawatts ... to Pellucid AI", "a $14 billion agreement to supply
        Meta": a supply verb makes the party before it the provider."""
        supply = self.cues_near(amount, ("supply",), CUE_BEFORE_WINDOW, SUPPLY_AFTER_WINDOW)
        return supply[0][1] if supply else None

    def direct_object(self, cue: Cue) -> Mention | None:
        return next((m for m in self.reading.mentions if 0 <= m.start - cue.end <= 2), None)

    def provider(self, amount: Amount) -> str | None:
        if self.clouds:
            # The nearest cloud, the first named of two as near.
            return min(self.clouds, key=lambda m: abs(m.start - amount.start)).name
        buyer = self.mention_after(amount.end, "on_behalf")
        for mention in self.reading.mentions:
            if mention is not buyer and mention.start >= amount.end and self.is_provider_mention(mention, weak=True):
                return self.resolve(mention)
        return self.resolve(self.last_before(amount.start, self.is_provider_mention))

    def is_provider_mention(self, mention: Mention, weak: bool = False) -> bool:
        """A party introduced as the seller of compute ("auprès de Microsoft", "from Google Cloud").

        After the figure, weaker prepositions do too ("l'achat de services en nuage à Amazon.com").
        """
        if mention.is_cloud:
            return True
        if mention.is_anaphor:
            return False
        head = self.reading.text[max(0, mention.start - 40):mention.start]
        # Each test is a regex search: the later ones run only when the answer still depends on them.
        preposition = self.ends_with("provider", head) or (weak and self.ends_with("provider_after", head))
        return preposition and not self.ends_with("on_behalf", head)

    def stake(self, amount: Amount) -> Fact | None:
        """Who owns what share: the holder before the figure, the company after "in"/"of"/"du capital de"."""
        sale = self.sale(amount)
        if sale:
            return sale
        if not self.cues_near(amount, ("stake",), STAKE_WINDOW, STAKE_WINDOW):
            return None
        level = self.stake_level(amount)
        return self.held_stake(level) if level else None

    def held_stake(self, amount: Amount) -> Fact | None:
        """The stake a figure says someone holds, the company named after it (or the topic) and its holder."""
        owned_mention = self.mention_after(amount.end, "owned", window=60) or self.owned_before(amount)
        stake_noun = self.cues_near(amount, ("stake_noun",), 20, 20)
        object_after = stake_noun and OBJECT_AFTER.match(self.reading.text[stake_noun[0][1].end:])
        implied = self.topic if stake_noun and not object_after else None
        owned = self.resolve(owned_mention) or implied
        last = self.last_before(amount.start, lambda m: self.resolve(m) != owned)
        holder = self.joint(self.group_ending_with(last), {owned}) if last else None
        if owned is None or holder is None:
            return None
        return self.fact(Kind.STAKE, owned, holder, amount)

    def stake_level(self, amount: Amount) -> Amount | None:
        """A stake raised "from 8% to 14%" is held at 14% (exact); the 8% it was is not read as a range's floor."""
        head = self.reading.text[max(0, amount.start - 20):amount.start]
        if amount.qualifier == Qualifier.AT_LEAST and OLD_LEVEL.search(head):
            return None
        if amount.qualifier == Qualifier.UP_TO and NEW_LEVEL.search(head):
            return amount.qualified(Qualifier.EXACT)
        return amount

    def sale(self, amount: Amount) -> Fact | None:
        """"sold a 10% stake in the company to Halberd", "cède 5 % de la société à Harnois Capital": the buyer
        named after "to"/"à" holds the stake; the company is named after "of"/"de"/"in", else the topic."""
        sell = self.cues_near(amount, ("sell",), SALE_WINDOW, 0)
        if not sell:
            return None
        buyer = self.mention_after(amount.end, "recipient", window=STAKE_WINDOW + 15)
        if buyer is None or buyer.is_anaphor:
            return None
        # "5 % de la société à Y", "4% of Peltrix to Y": the company, by name or anaphor, before the buyer.
        owned = [m for m in self.reading.mentions if amount.end <= m.start and m.end <= buyer.start]
        if not owned and not self.cues_near(amount, ("stake",), STAKE_WINDOW, STAKE_WINDOW):
            return None  # "sold 30% of its output to...": a share of something else
        company = next((m.name for m in owned if m.name), None)
        if not company:
            company = self.resolve(self.sellers_company(sell[0][1])) or self.topic
        return self.fact(Kind.STAKE, company, buyer.name, amount) if company != buyer.name else None

    def sellers_company(self, sell: Cue) -> Mention | None:
        """"Peltrix's founders sold...", "Le fondateur de Quillot cède...": the company whose owners sell."""
        for mention in reversed(self.mentions_before(sell.start)):
            if sell.start - mention.end > 30:
                break
            head = self.reading.text[max(0, mention.start - 5):mention.start]
            if self.reading.text.startswith(("'s", "’s"), mention.end) or re.search(r"\b(?:of|de|d')\s*$", head):
                return mention
        return None

    def sold_stake(self, amount: Amount) -> Fact | None:
        """"... 10% stake in the company to Halberd Partners for $90 million": the price of a sold stake is an
        investment by the buyer in the company (FACTS.md: a secondary sale)."""
        if not self.has_percent:
            return None
        for percent in reversed([a for a in self.reading.amounts if a.unit == PERCENT and a.end <= amount.start]):
            if SALE_PRICE.search(self.reading.text[percent.end:amount.start]):
                return self.sale(percent)
            break
        return None

    def owned_before(self, amount: Amount) -> Mention | None:
        """"raised its stake in Olvera to 18%", "porte sa participation dans Quillot à 12 %": the company
        named between the stake noun and its level."""
        text = self.reading.text
        for _, cue in self.cues_near(amount, ("stake_noun", "stake"), STAKE_WINDOW, 0):
            owned = self.mention_after(cue.end, "owned", window=amount.start - cue.end)
            if owned and owned.end <= amount.start and LEVEL_BEFORE.fullmatch(text[owned.end:amount.start]):
                return owned
        return None

    def fact(self, kind: Kind, subject: str | None, counterparty: str | None, amount: Amount) -> Fact | None:
        if not subject:
            return None
        evidence = self.evidence
        return Fact(kind, subject, counterparty if counterparty != subject else None, whole(amount.value),
                    amount.unit, amount.qualifier, evidence.text, evidence.start, evidence.end)
