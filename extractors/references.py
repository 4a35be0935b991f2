"""Which company a mention stands for, and which mentions go together (a lead, a list, a joint figure)."""

from __future__ import annotations

import re

from extractors.amounts import PERCENT
from extractors.cues import Cue
from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, Concept
from extractors.names import LABS, Mention
from extractors.new_names import AFFILIATION_GAP, COORDINATION
from extractors.patterns import alternation
from extractors.reading import Reading, cues_of, ends_with, head_of, implied_company, mentions_before, mentions_between
from extractors.world import is_legal_suffix

PARTY_AFTER_WINDOW = 80
RECEIVER_WINDOW = 30
APPOSITION_GAP = 45
ROUND_NOUN_GAP = 12
RELATIVE_AFTER = re.compile(rf"\s*,?\s*{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\b", re.IGNORECASE)
# "led by", "mené par", "sous la houlette de": the lead is named after the cue; "X led" names it before.
PASSIVE_ENDING = re.compile(
    rf"(?<!\w){alternation([*every_language(Concept.BY), *every_language(Concept.OF)])}$", re.IGNORECASE)
CLAUSE_MARK = re.compile(r"[,;:()]")
# "for her new lab", "for his startup", "for the lab": the money goes to a person's company (or the article's), not
# to the person named before.
FOR_PERSONS_COMPANY = re.compile(
    rf"[^,;.]{{0,40}}?\b{alternation(every_language(Concept.FOR))}\s+"
    rf"{alternation([*every_language(Concept.PERSON_POSSESSIVES), *every_language(Concept.DEFINITE_ARTICLES)])}"
    rf"\s+(?:[\w'-]+\s+){{0,2}}{alternation(every_language(Concept.COMPANY_NOUNS))}(?!['’\w])", re.IGNORECASE)
# Between a name and the anaphor in apposition to it: a comma, and "quant à" before a pronoun.
APPOSED = re.compile(rf",\s*({alternation(every_language(Concept.AS_FOR))}\s+)?", re.IGNORECASE)
# Words before a name in its clause: it does not open the clause ("Backed by A, B and C, ...").
OPENING_WORDS = re.compile(r"\w[^,;:()]*$")
DEMONSTRATIVE = re.compile(rf"{alternation(every_language(Concept.DEMONSTRATIVES))}\s", re.IGNORECASE)
# A possessive and up to three words before a figure or a valuation word ("its $70 million", "sa levée de fonds de").
OWNER_BEFORE = re.compile(
    rf"(?<!\w){alternation(every_language(Concept.COMPANY_POSSESSIVES))}\s+(?:[\w'-]+\s+){{0,3}}$", re.IGNORECASE)
OWNER_WINDOW = 45
# "permet à Nvidia", "for OpenAI", "de Google": a preposition (then an article) right before a name makes it a
# complement, not the subject of its clause.
COMPLEMENTS = (Concept.OF, Concept.OF_THE, Concept.FOR, Concept.AT, Concept.DESTINATION, Concept.BY, Concept.GIVEN_BY,
               Concept.TARGET, Concept.RECIPIENT)
COMPLEMENT_BEFORE = re.compile(
    rf"(?<!\w){alternation([word for concept in COMPLEMENTS for word in every_language(concept)])}(?:\s+|(?<=['’]))"
    rf"(?:{alternation(every_language(Concept.DEFINITE_ARTICLES))}\s+)?$", re.IGNORECASE)


# A relative clause ("dont les investisseurs comptent", "qui", "whose backers include") opened after a comma.
RELATIVE_OPEN = re.compile(
    rf",\s*{alternation([*every_language(Concept.WHOSE), *every_language(Concept.RELATIVE_PRONOUNS)])}\b",
    re.IGNORECASE)
# A relative clause closes at a comma before a lower-case word (", raised"): its list's commas come before names.
RELATIVE_CLOSE = re.compile(rf",\s+[{LOWER_CASE_LETTERS}]")
RELATIVE_WINDOW = 150


def inside_closed_relative(reading: Reading, start: int, end: int) -> bool:
    """The span sits in a relative clause opened after a comma and closed by one, with no figure inside ("Halden,
    qui mène l'opération, apporte 40 millions": "mène" is the relative's verb, not the figure's)."""
    opened = list(RELATIVE_OPEN.finditer(reading.text, max(0, start - RELATIVE_WINDOW), start))
    closed = RELATIVE_CLOSE.search(reading.text, end)
    if not opened or not closed:
        return False
    return not any(opened[-1].end() <= figure.start < closed.start() for figure in reading.amounts)


def mention_after(reading: Reading, position: int, concept: Concept,
                  window: int = PARTY_AFTER_WINDOW) -> Mention | None:
    """The first party after `position` introduced by one of the concept's prepositions (never a round's lead)."""
    for mention in reading.mentions:
        if mention.start < position or mention.start - position > window:
            continue
        if ends_with(reading, concept, reading.text[position:mention.start]) and not follows_lead(reading, mention):
            return named_apposition(reading, mention)
    return None


def named_apposition(reading: Reading, mention: Mention) -> Mention:
    """"la start-up d'intelligence artificielle Anthropic": the name that follows an anaphor."""
    if not mention.is_anaphor:
        return mention
    for other in reading.mentions:
        gap = reading.text[mention.end:other.start]
        if other.start >= mention.end and other.name and len(gap) < APPOSITION_GAP and not CLAUSE_MARK.search(gap):
            return other
    return mention


def follows_lead(reading: Reading, mention: Mention) -> bool:
    """"a round led by Halcyon": a round's lead, unless a relative clause gives its own cheque
    ("Halcyon, which")."""
    return is_lead(reading, mention) and not RELATIVE_AFTER.match(reading.text[mention.end:mention.end + 10])


def is_lead(reading: Reading, mention: Mention) -> bool:
    """A round's lead: named right after "led by"/"mené par", or right before "led"/"leads", or listed after
    one ("led by Cisco, Samsung and BlackRock"), or coordinated with one before the verb ("Halden et le spécialiste
    des puces Orvane discutent pour mener")."""
    mentions = reading.mentions
    index = mentions.index(mention)
    # "A et le spécialiste des puces B discutent pour mener": the names coordinated before a lead named before the
    # verb lead with it.
    after = index
    while after + 1 < len(mentions) and coordinates(reading.text[mentions[after].end:mentions[after + 1].start]):
        after += 1
        if is_named_lead(reading, mentions[after]) and leads_actively(reading, mentions[after]):
            return True
    while not is_named_lead(reading, mentions[index]):
        gap = reading.text[mentions[index - 1].end:mentions[index].start] if index else ""
        if not index or not coordinates(gap):
            return False
        index -= 1
    return True


def leads_actively(reading: Reading, mention: Mention) -> bool:
    """The party is named before its verb of leading ("B mène", "B led"), not after "mené par"."""
    return any(cue.start >= mention.end and not PASSIVE_ENDING.search(reading.text[cue.start:cue.end])
               for cue in cues_of(reading, Concept.LEAD))


# ", qui mène", ", qui a mené", ", which led": a relative pronoun, then at most two short words (an auxiliary, "déjà").
RELATIVE_LEAD = re.compile(
    rf"\s*,\s*{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\s+(?:[\w']{{1,6}}\s+){{0,2}}", re.IGNORECASE)
# " a ", " avait déjà ", " has ": an auxiliary (and an adverb) between a name and its verb of leading.
AUXILIARY_GAP = re.compile(r"\s+(?:[\w']{1,6}\s+){1,2}")


# "mené par Halden avec Brisemer et Orvane": "with" (a comma before it at most) between a lead and the round's others.
WITH_LEAD_GAP = re.compile(rf"\s*,?\s*{alternation(every_language(Concept.PEERS))}\s*", re.IGNORECASE)


def beside_lead(reading: Reading, mention: Mention) -> bool:
    """"Mené par Halden avec Brisemer et Orvane, le tour ...": a party listed with a round's lead put money into
    the round, it raised none."""
    group = group_ending_with(reading, mention)
    index = reading.mentions.index(group[0])
    return index > 0 and follows_lead(reading, reading.mentions[index - 1]) and \
        bool(WITH_LEAD_GAP.fullmatch(reading.text, reading.mentions[index - 1].end, group[0].start))


def is_named_lead(reading: Reading, mention: Mention) -> bool:
    """Named right after "led by"/"mené par", or right before "led"/"leads", or the subject of a verb of leading a
    round's figure ("Halberd Fund, the vehicle run by Ana Ruiz, is in talks to lead a $700 million round")."""
    for cue in cues_of(reading, Concept.LEAD):
        passive = PASSIVE_ENDING.search(reading.text[cue.start:cue.end])
        if passive and 0 <= mention.start - cue.end <= 4 or not passive and 0 <= cue.start - mention.end <= 2:
            return True
        gap = (mention.end, max(mention.end, cue.start))
        if not passive and RELATIVE_LEAD.fullmatch(reading.text, *gap):
            return True  # "Halden Capital, qui mène le tour", "Halcyon, which led the round": the relative's subject
        if not passive and AUXILIARY_GAP.fullmatch(reading.text, *gap) and \
                not any(figure.start > cue.end for figure in reading.amounts):
            return True  # "Halden a mené la levée." (a figure after: leads_a_figure decides, "is set to lead $1bn")
        if not passive and UNIT_WORD_BEFORE_VERB.fullmatch(reading.text, mention.end, cue.start):
            return True  # "Salesforce Ventures led": a known group's venture arm leads
        if not passive and leads_a_figure(reading, mention, cue):
            return True
    return False


# "Salesforce Ventures led", "Nvidia Capital led": an organisation word after a known name, then the verb.
UNIT_WORD_BEFORE_VERB = re.compile(
    rf"\s+(?i:{alternation(every_language(Concept.ORGANISATION_WORDS))})\s+")


def leads_a_figure(reading: Reading, mention: Mention, cue: Cue) -> bool:
    """The party is the nearest before the verb of leading (no figure nor word of raising between them), and the
    verb's object is a round's figure in the same clause ("to lead a $700 million round"; not "leads the round,
    putting in $80 million", the lead's own cheque, nor "to lead a $1 billion investment", which it may join)."""
    # "Halden, qui avait investi dans Orvane, mène un tour": a name in a relative clause closed before the verb
    # neither leads nor stands between the lead and its verb.
    between = [m for m in mentions_between(reading, mention.end, cue.start)
               if not inside_closed_relative(reading, m.start, m.end)]
    if cue.start < mention.end or opens_participle_clause(reading.text[mention.end:cue.start]) or between or \
            inside_closed_relative(reading, mention.start, mention.end) or \
            any(mention.end <= other.start < cue.start for other in reading.amounts) or \
            any(mention.end <= other.start < cue.start for other in cues_of(reading, Concept.RAISE)):
        return False
    figure = next((amount for amount in reading.amounts if amount.start >= cue.end), None)
    if figure is None or CLAUSE_MARK.search(reading.text, cue.end, figure.start) or \
            mentions_between(reading, cue.end, figure.start):
        return False
    # "a $700 million round", "un tour de 700 millions": a round is led; "a $1 billion investment" may be joined
    return any(0 <= other.start - figure.end <= ROUND_NOUN_GAP or cue.end <= other.start < figure.start
               for other in cues_of(reading, Concept.RAISE))


def opens_participle_clause(gap: str) -> bool:
    """"Benchmark first backed Cerebras in 2016, leading its Series A": words, then a comma right before the verb of
    leading: the verb opens a clause of its own whose subject is the sentence's, not the name just before (the
    object of "backed"). "Halcyon, leading the round, ..." (only a comma) names its subject."""
    return gap.rstrip().endswith(",") and bool(gap.strip(" ,"))


def is_receiver(reading: Reading, mention: Mention) -> bool:
    """Money goes into this party: "dans Anthropic", "in Corvid", "Tessera shares", "acquire Peltrix", "first
    backed Orin" (the object of a verb of backing)."""
    head = reading.text[max(0, mention.start - RECEIVER_WINDOW):mention.start]
    shares = any(c.concept == Concept.SHARES and 0 <= c.start - mention.end <= 2 or
                 c.concept == Concept.STAKE and 0 <= mention.start - c.end <= 1 for c in reading.cues)
    # "a acquis 10 % de Velka", "20% of Orin": the company a stake is a share of
    share_of = any(figure.unit == PERCENT and STAKE_OF.fullmatch(reading.text, figure.end, mention.start)
                   for figure in reading.amounts if figure.end <= mention.start)
    return shares or share_of or ends_with(reading, Concept.TARGET, head, strict=True) or \
        ends_with(reading, Concept.BACKED_OBJECT, head, strict=True)


STAKE_OF = re.compile(rf"\s*{alternation(every_language(Concept.OF))}(?:\s+|(?<=['’]))", re.IGNORECASE)


def possessive_owner(reading: Reading, position: int, previous: str | None) -> str | None:
    """"led its $70 million seed round", "bringing its valuation to", "sa levée de 165 millions": the company a
    possessive right before the position points back to (`previous`: the company of the sentence's deal before,
    if any), else None."""
    owner = OWNER_BEFORE.search(reading.text, max(0, position - OWNER_WINDOW), position)
    if not owner or mentions_between(reading, owner.start(), position):
        return None  # "Its rival Quillon raised $120 million": the name after the possessive raises
    return previous or resolve(reading, Mention("", position, position))


def is_apposed(reading: Reading, named: Mention, anaphor: Mention) -> bool:
    """"Velka, cette start-up en pleine expansion, ...", "Velka, la start-up parisienne, ...", "Velka, quant à
    elle, ...": the anaphor says again the name right before it (not "Backed by A and B, the company raised": after
    a name that does not open its clause, a definite anaphor is the subject of the next clause)."""
    gap = APPOSED.fullmatch(reading.text, named.end, anaphor.start)
    if not gap or is_lead(reading, named) or ends_with(reading, Concept.SOURCE, head_of(reading, named)):
        return False
    if gap.group(1):
        return True  # "Velka, quant à elle,"
    opens_clause = not OPENING_WORDS.search(reading.text, 0, named.start)
    return opens_clause or bool(DEMONSTRATIVE.match(reading.text, anaphor.start))


def resolve(reading: Reading, mention: Mention | None) -> str | None:
    """A mention's company; an anaphor is the name it stands in apposition to ("Velka, cette start-up", "Velka,
    quant à elle,"), else the last lab or receiver named before it, else the company the sentence before was about
    (else the topic)."""
    if mention is None:
        return None
    if mention.name:
        return mention.name
    before = mentions_before(reading, mention.start)
    if before and before[-1].name and is_apposed(reading, before[-1], mention):
        return before[-1].name
    earlier = [m.name for m in before if m.name and not is_lead(reading, m) and not is_peer(reading, m)
               and (m.name in LABS or m.name == reading.topic.name or is_receiver(reading, m))]
    return earlier[-1] if earlier else implied_company(reading)


def is_peer(reading: Reading, mention: Mention) -> bool:
    """"The firm is one of the rising names, with Korvel AI, Dunmere or Hask. It raised...": a name in a list of two
    or more after a word of comparison is another company the article sets its own beside, never the "it" after."""
    group = [*group_ending_with(reading, mention)[:-1], *group_starting_with(reading, mention)]
    return len(group) > 1 and ends_with(reading, Concept.PEERS, head_of(reading, group[0]), strict=True)


# "Halden et le spécialiste des puces Orvane", "Halden and chipmaker Orvane": "and", then a description of the second
# name (an article at most and a few lower-case words, the last no preposition: "Halden et les fondateurs de Orvane"
# names Orvane's founders, not Orvane).
DESCRIBED_SECOND = re.compile(
    rf"\s*{alternation(every_language(Concept.AND))}\s+"
    rf"(?:{alternation(every_language(Concept.DEFINITE_ARTICLES))}\s+|l['’])?"
    rf"(?:[{LOWER_CASE_LETTERS}][\w-]*\s+){{1,5}}", re.IGNORECASE)
OF_WORDS = alternation([*every_language(Concept.OF), *every_language(Concept.OF_THE)])
DESCRIPTION_LAST_WORD = re.compile(rf"(?<!\w){OF_WORDS}\s+$", re.IGNORECASE)


def coordinates(gap: str) -> bool:
    """The text between two names joins them: "A et B", "A, B", "X (A) et Y (B)", "A et le spécialiste des puces
    B"."""
    return bool(COORDINATION.fullmatch(gap) or AFFILIATION_GAP.fullmatch(gap)) or \
        bool(DESCRIBED_SECOND.fullmatch(gap)) and not DESCRIPTION_LAST_WORD.search(gap)


def group_ending_with(reading: Reading, mention: Mention) -> list[Mention]:
    """"Microsoft et Nvidia", "A, B and C", "X (A) et Y (B)": the coordinated parties that end with this mention.

    A list joined by commas only ("sur Foundry, Nvidia investit") is not a coordination.
    """
    text, mentions = reading.text, reading.mentions
    index = mentions.index(mention)
    group = [mention]
    while index > 0 and coordinates(gap := text[mentions[index - 1].end:mentions[index].start]):
        if len(group) == 1 and gap.strip() == ",":
            break
        index -= 1
        group.insert(0, mentions[index])
    return group


def group_starting_with(reading: Reading, mention: Mention) -> list[Mention]:
    """"auprès de Brisemer et de Harnois", "from Alphabet Inc.'s Google, Nvidia Corp., Salesforce Inc. and others":
    the coordinated parties that start with this mention (a legal suffix's point, or a parent's possessive, between
    two names)."""
    mentions = reading.mentions
    index = mentions.index(mention)
    group = [mention]
    while index + 1 < len(mentions) and joins_group(reading.text, mentions[index].end, mentions[index + 1].start):
        index += 1
        group.append(mentions[index])
    return group


# "Alphabet Inc.'s Google": a parent's possessive links its unit to it, one party.
POSSESSIVE_LINK = re.compile(r"['’]s\s+")


def joins_group(text: str, end: int, start: int) -> bool:
    """The text between two names joins them into one list, once a legal suffix after the first is passed."""
    after = past_legal_suffix(text, end)
    return after <= start and bool(COORDINATION.fullmatch(text, after, start) or
                                   POSSESSIVE_LINK.fullmatch(text, after, start))


LEGAL_SUFFIX_AFTER = re.compile(r"\s+([A-Z][\w.]{0,5})")
LAST_WORD = re.compile(r"(\w+)$")


def past_legal_suffix(text: str, position: int) -> int:
    """The position after a legal suffix right after a name ("Nvidia Corp.", "Salesforce Inc."), or after the point
    of one the name ends with ("Quill Inc" of "Quill Inc.")."""
    suffix = LEGAL_SUFFIX_AFTER.match(text, position)
    if suffix and is_legal_suffix(suffix[1]):
        return suffix.end()
    last = LAST_WORD.search(text, 0, position)
    return position + 1 if text.startswith(".", position) and last and is_legal_suffix(last[1]) else position


def joint(reading: Reading, mentions: list[Mention], excluded: set[str | None]) -> str | None:
    """Several parties as one counterparty, "+"-joined in alphabetical order (FACTS.md)."""
    names = {name for m in mentions if (name := resolve(reading, m)) and name not in excluded}
    return "+".join(sorted(names, key=lambda name: (name.lower(), name))) if names else None
