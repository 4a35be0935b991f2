"""One sentence -> facts: the kind of each figure (from the nearest deal cue) and the parties of each kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.amounts import GW, PERCENT, Amount
from extractors.facts import Fact, Kind
from extractors.languages.vocabulary import Vocabulary
from extractors.parties import LABS, Mention
from extractors.patterns import alternation

# How far (characters) a cue may sit from the figure it qualifies.
CUE_BEFORE_WINDOW = 110
CUE_AFTER_WINDOW = 70
VALUATION_BEFORE_WINDOW = 50
VALUATION_AFTER_WINDOW = 30
STAKE_WINDOW = 45
PARTY_AFTER_WINDOW = 80
# Up to this many lower-case words between a preposition and its party ("dans la jeune pousse Corvid").
WORDS_AFTER_PREPOSITION = 3
KIND_OF_CUE = {
    "invest": Kind.INVESTMENT, "raise": Kind.INVESTMENT, "lead": Kind.INVESTMENT,
    "purchase": Kind.COMPUTE_PURCHASE, "compute": Kind.COMPUTE_PURCHASE, "not_deal": None,
}
CLASSIFYING_CUES = tuple(KIND_OF_CUE)
COORDINATION = re.compile(r"\s*(?:,|et|and|/|&|ainsi que|as well as|along with)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    concept: str
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """What one (normalized) sentence holds: its figures, parties and deal cues."""

    text: str
    amounts: tuple[Amount, ...]
    mentions: tuple[Mention, ...]
    cues: tuple[Cue, ...]


_CUE_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {}
_PREPOSITIONS: dict[tuple[str, str], re.Pattern[str]] = {}


def cue_patterns(vocabulary: Vocabulary) -> dict[str, re.Pattern[str]]:
    if vocabulary.code not in _CUE_PATTERNS:
        _CUE_PATTERNS[vocabulary.code] = {
            concept: re.compile(rf"(?<!\w){alternation(words)}(?!\w)", re.IGNORECASE)
            for concept, words in vocabulary.cues.items()
        }
    return _CUE_PATTERNS[vocabulary.code]


def preposition_before(vocabulary: Vocabulary, concept: str) -> re.Pattern[str]:
    """Matches text ending with one of the concept's prepositions, then up to three lower-case words."""
    key = (vocabulary.code, concept)
    if key not in _PREPOSITIONS:
        words = rf"(?:[a-zà-ÿ][\w'-]*\s+|[a-zà-ÿ]'){{0,{WORDS_AFTER_PREPOSITION}}}"
        _PREPOSITIONS[key] = re.compile(
            rf"(?<!\w){alternation(vocabulary.cues[concept])}(?:\s+|(?<=')){words}$", re.IGNORECASE)
    return _PREPOSITIONS[key]


def find_cues(text: str, vocabulary: Vocabulary) -> tuple[Cue, ...]:
    """Every deal cue of the sentence, in order."""
    found = [Cue(concept, m.start(), m.end())
             for concept, pattern in cue_patterns(vocabulary).items() for m in pattern.finditer(text)]
    return tuple(sorted(found, key=lambda cue: cue.start))


class SentenceRules:
    """The facts of one sentence, given the article's topic (the party implied when none is named)."""

    def __init__(self, reading: Reading, vocabulary: Vocabulary, topic: str | None) -> None:
        self.reading = reading
        self.vocabulary = vocabulary
        self.topic = topic

    def drafts(self) -> list[Fact]:
        """The sentence's facts, evidence still to fill in (the caller knows where the sentence sits)."""
        drafts: list[Fact] = []
        previous: Fact | None = None
        for index, amount in enumerate(self.reading.amounts):
            draft = self.read_amount(index, amount, previous)
            if draft:
                drafts.append(draft)
                previous = draft
        return drafts

    def read_amount(self, index: int, amount: Amount, previous: Fact | None) -> Fact | None:
        if amount.unit == PERCENT:
            return self.stake(amount)
        if amount.unit == GW:
            return self.compute(Kind.COMPUTE_CAPACITY, amount)
        if not amount.unit:
            return None
        if previous and self.is_comparison(amount):
            return self.comparison(amount, previous)
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
        near = []
        for cue in self.reading.cues:
            if cue.concept not in concepts:
                continue
            if cue.end <= amount.start and amount.start - cue.end <= before:
                near.append((amount.start - cue.end, cue))
            elif cue.start >= amount.end and cue.start - amount.end <= after:
                near.append((cue.start - amount.end, cue))
        return sorted(near, key=lambda pair: pair[0])

    def has_cue(self, concept: str) -> bool:
        return any(cue.concept == concept for cue in self.reading.cues)

    def has_compute(self) -> bool:
        return self.has_cue("compute") or any(m.is_cloud for m in self.reading.mentions)

    def money_kind(self, amount: Amount) -> Kind | None:
        """Valuation when a valuation word is close; compute when the money goes "into Azure"; else the nearest cue."""
        if self.cues_near(amount, ("valuation",), VALUATION_BEFORE_WINDOW, VALUATION_AFTER_WINDOW):
            return Kind.VALUATION
        if self.goes_into_compute(amount):
            return Kind.COMPUTE_PURCHASE
        for _, cue in self.cues_near(amount, CLASSIFYING_CUES, CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW):
            kind = KIND_OF_CUE[cue.concept]
            if kind == Kind.COMPUTE_PURCHASE and not self.has_compute():
                continue
            return kind
        if self.cues_near(amount, ("commit",), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW):
            return Kind.COMPUTE_PURCHASE if self.has_compute() else Kind.INVESTMENT
        if self.cues_near(amount, ("deal",), CUE_BEFORE_WINDOW, CUE_AFTER_WINDOW) and self.has_compute():
            return Kind.COMPUTE_PURCHASE
        return None

    def goes_into_compute(self, amount: Amount) -> bool:
        """"investit 30 milliards de dollars dans Microsoft Azure": money put into a cloud buys compute."""
        after = self.reading.text[amount.end:amount.end + PARTY_AFTER_WINDOW]
        target = re.match(rf"\s*{alternation([*self.vocabulary.cues['target'], 'sur', 'on', 'chez'])}\s", after, re.I)
        if not target:
            return False
        start = amount.end + target.end()
        cloud = next((m for m in self.reading.mentions if m.start >= start), None)
        if cloud and cloud.is_cloud and cloud.start - start < 40:
            return True
        return any(cue.concept == "compute" and 0 <= cue.start - start < 30 for cue in self.reading.cues)

    def is_comparison(self, amount: Amount) -> bool:
        return bool(self.cues_near(amount, ("comparison",), 14, 0))


    def mentions_before(self, position: int) -> list[Mention]:
        return [m for m in self.reading.mentions if m.end <= position]

    def mention_after(self, position: int, concept: str, window: int = PARTY_AFTER_WINDOW) -> Mention | None:
        """The first party after `position` introduced by one of the concept's prepositions."""
        pattern = preposition_before(self.vocabulary, concept)
        for mention in self.reading.mentions:
            if mention.start < position or mention.start - position > window:
                continue
            if pattern.search(self.reading.text[position:mention.start]):
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

    def resolve(self, mention: Mention | None) -> str | None:
        """A mention's company; an anaphor is the last lab named before it in the sentence, else the topic."""
        if mention is None:
            return None
        if mention.name:
            return mention.name
        labs = [m.name for m in self.mentions_before(mention.start) if m.name in LABS]
        return labs[-1] if labs else self.topic

    def group_ending_with(self, mention: Mention) -> list[Mention]:
        """"Microsoft et Nvidia", "A, B and C": the coordinated parties that end with this mention.

        A list joined by commas only ("sur Foundry, Nvidia investit") is not a coordination.
        """
        mentions = list(self.reading.mentions)
        index = mentions.index(mention)
        group = [mention]
        while index > 0 and COORDINATION.fullmatch(joint := self.reading.text[mentions[index - 1].end:mentions[index].start]):
            if len(group) == 1 and joint.strip() == ",":
                break
            index -= 1
            group.insert(0, mentions[index])
        return group

    def group_starting_with(self, mention: Mention) -> list[Mention]:
        mentions = list(self.reading.mentions)
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
        before = self.mentions_before(amount.start)
        nearest = before[-1] if before else None
        target = self.mention_after(amount.end, "target")
        if self.is_round(amount, nearest):
            subject = self.resolve(target) or self.resolve(nearest) or self.topic
            source = self.mention_after(amount.end, "source")
            counterparty = self.joint(self.group_starting_with(source), {subject}) if source else None
            return self.draft(Kind.INVESTMENT, subject, counterparty, amount)
        subject = self.resolve(target) or self.sentence_target() or self.topic
        counterparty = self.investor(index, amount, before, subject)
        if counterparty is None and subject is None:
            return None
        return self.draft(Kind.INVESTMENT, subject, counterparty, amount)

    def is_round(self, amount: Amount, nearest: Mention | None) -> bool:
        """A round's total: a raising word between the last party and the figure, or right after the figure."""
        start = nearest.end if nearest else 0
        for cue in self.reading.cues:
            if cue.concept != "raise":
                continue
            if start <= cue.start and cue.end <= amount.start:
                return True
            if 0 <= cue.start - amount.end <= 25:
                return True
        return False

    def sentence_target(self) -> str | None:
        """The company the sentence's money goes into ("... dans Anthropic"), wherever it is said."""
        for cue in self.reading.cues:
            if cue.concept == "invest":
                target = self.mention_after(cue.end, "target", window=PARTY_AFTER_WINDOW + 40)
                if target:
                    return self.resolve(target)
        return None

    def investor(self, index: int, amount: Amount, before: list[Mention], subject: str | None) -> str | None:
        """Who puts the money in: the party (or coordinated parties) before the figure, or after "from"."""
        candidates = [m for m in before if self.resolve(m) != subject and not self.is_lead_only(m)]
        respective = self.respective_party(index, amount, candidates)
        if respective:
            return respective
        if candidates:
            return self.joint(self.group_ending_with(candidates[-1]), {subject})
        source = self.mention_after(amount.end, "source")
        return self.joint(self.group_starting_with(source), {subject}) if source else None

    def is_lead_only(self, mention: Mention) -> bool:
        """"a round led by Halcyon": the lead named before a round's figure is not that figure's investor."""
        return any(cue.concept == "lead" and 0 <= mention.start - cue.end <= 4 for cue in self.reading.cues) and \
            not re.match(r"\s*,?\s*(?:qui|which|who)\b", self.reading.text[mention.end:mention.end + 10], re.I)

    def respective_party(self, index: int, amount: Amount, candidates: list[Mention]) -> str | None:
        """"NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards": in order."""
        cue = next((c for c in self.reading.cues if c.concept == "respectively"), None)
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
        cues = self.cues_near(amount, ("valuation",), VALUATION_BEFORE_WINDOW, VALUATION_AFTER_WINDOW)
        cue = cues[0][1]
        between = [m for m in self.reading.mentions if cue.end <= m.start and m.end <= amount.start]
        before = self.mentions_before(min(cue.start, amount.start))
        chosen = between[-1] if between else (before[-1] if before else None)
        subject = self.resolve(chosen) or self.topic
        return self.draft(Kind.VALUATION, subject, None, amount)

    def comparison(self, amount: Amount, previous: Fact) -> Fact | None:
        """"(contre 500 milliards de dollars pour OpenAI)": the same measure, for the party named after it."""
        named = re.match(r"\s*(?:pour|for|chez|at)\s", self.reading.text[amount.end:amount.end + 10], re.I)
        after = next((m for m in self.reading.mentions if m.start >= amount.end), None)
        subject = self.resolve(after) if named and after else previous.subject
        return self.draft(previous.kind, subject, previous.counterparty if subject == previous.subject else None, amount)

    def compute(self, kind: Kind, amount: Amount) -> Fact | None:
        """Who buys compute (the party before the figure, or named "de la part de") and from which provider."""
        provider = self.provider(amount)
        buyer_after = self.mention_after(amount.end, "on_behalf")
        before = [m for m in self.mentions_before(amount.start)
                  if not m.is_cloud and self.resolve(m) != provider and not self.is_provider_mention(m)]
        subject = self.resolve(buyer_after) or (self.resolve(before[-1]) if before else None) or self.topic
        if subject is None or subject == provider:
            return None
        return self.draft(kind, subject, provider, amount)

    def provider(self, amount: Amount) -> str | None:
        clouds = sorted((m for m in self.reading.mentions if m.is_cloud),
                        key=lambda m: abs(m.start - amount.start))
        if clouds:
            return clouds[0].name
        buyer = self.mention_after(amount.end, "on_behalf")
        for mention in self.reading.mentions:
            if mention is not buyer and mention.start >= amount.end and self.is_provider_mention(mention, weak=True):
                return self.resolve(mention)
        before = [m for m in self.mentions_before(amount.start) if self.is_provider_mention(m)]
        return self.resolve(before[-1]) if before else None

    def is_provider_mention(self, mention: Mention, weak: bool = False) -> bool:
        """A party introduced as the seller of compute ("auprès de Microsoft", "from Google Cloud").

        After the figure, weaker prepositions do too ("l'achat de services en nuage à Amazon.com").
        """
        if mention.is_cloud:
            return True
        head = self.reading.text[max(0, mention.start - 40):mention.start]
        preposition = preposition_before(self.vocabulary, "provider").search(head) or \
            (weak and preposition_before(self.vocabulary, "provider_after").search(head))
        behalf = preposition_before(self.vocabulary, "on_behalf").search(head)
        return bool(preposition) and not behalf and not mention.is_anaphor

    def stake(self, amount: Amount) -> Fact | None:
        if not self.cues_near(amount, ("stake",), STAKE_WINDOW, STAKE_WINDOW):
            return None
        owned_mention = self.mention_after(amount.end, "owned", window=60)
        owned = self.resolve(owned_mention) or self.topic
        before = [m for m in self.mentions_before(amount.start) if self.resolve(m) != owned]
        holder = self.joint(self.group_ending_with(before[-1]), {owned}) if before else None
        if owned is None or holder is None:
            return None
        return self.draft(Kind.STAKE, owned, holder, amount)

    def draft(self, kind: Kind, subject: str | None, counterparty: str | None, amount: Amount) -> Fact | None:
        if not subject:
            return None
        return Fact(kind, subject, counterparty if counterparty != subject else None,
                    amount.value, amount.unit, amount.qualifier, evidence="")
