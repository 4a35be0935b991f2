"""Deal money: who receives it and who puts it in, for a round's total or one investor's cheque."""

from __future__ import annotations

import itertools
import re

from extractors.amounts import Amount
from extractors.cues import preposition_before
from extractors.deals import Deal, deal
from extractors.facts import Kind
from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, UPPER_CASE_LETTERS, Concept
from extractors.names import Mention
from extractors.new_names import DEMONYMS, is_person
from extractors.party_roles import (
    TOOK_PART,
    gave_here_or_just_before,
    in_aside_about_another,
    may_receive,
    named_givers,
)
from extractors.patterns import alternation, before_name
from extractors.reading import (
    CUE_AFTER_WINDOW,
    CUE_BEFORE_WINDOW,
    Reading,
    cues_near,
    cues_of,
    ends_with,
    head_of,
    implied_company,
    last_before,
    mention_at,
    mentions_before,
    mentions_between,
)
from extractors.references import (
    COMPLEMENT_BEFORE,
    FOR_PERSONS_COMPANY,
    PARTY_AFTER_WINDOW,
    beside_lead,
    follows_lead,
    group_ending_with,
    group_starting_with,
    inside_closed_relative,
    is_apposed,
    is_lead,
    joint,
    mention_after,
    named_apposition,
    past_legal_suffix,
    possessive_owner,
    resolve,
)
from extractors.roles import Role, box_value_role, buys_shares, expected, more_money, round_at_valuation
from extractors.world import is_place

ROUND_AFTER_WINDOW = 25
# A round raised from this many named investors or more is reported as its total, with no counterparty.
ROUND_INVESTORS_AT_LEAST = 4
TOTAL_WINDOW = 16
# "le financement total de la start-up Velka à": the company between the words of a total raised and its figure.
TOTAL_FUNDING_WINDOW = 60
SOURCE_WINDOW = 60
SHARES_AFTER_WINDOW = 40
TARGET_ANYWHERE_WINDOW = PARTY_AFTER_WINDOW + 40
PASSIVE_WINDOW = CUE_AFTER_WINDOW + 25
ROUND_CONCEPTS = frozenset({Concept.RAISE, Concept.LEAD, Concept.SECONDARY})
ACTIVE_CONCEPTS = frozenset({Concept.TRANSFER, Concept.INVEST})
# Cues that give a figure no role of its own ("from" of a comparison, "more", "each").
NOT_OWN_CUES = frozenset({Concept.COMPARISON, Concept.FURTHER, Concept.EACH, Concept.JOINT, Concept.RESPECTIVELY,
                          Concept.TOTAL})
BY = alternation(every_language(Concept.BY))
THE = before_name(every_language(Concept.DEFINITE_ARTICLES))
AMONG = alternation(every_language(Concept.AMONG))
FRONTED_FIGURE = re.compile(
    rf"\s*[:—–-]\s*{alternation(every_language(Concept.FRONTED_IS))}\s+{alternation(every_language(Concept.FRONTED_WHAT))}\s*",
    re.IGNORECASE,
)
OTHERS_JOIN = re.compile(rf"\s*,?\s*{alternation(every_language(Concept.OTHERS_JOIN))}", re.IGNORECASE)
ROUND_OWNER = re.compile(rf"\s+{before_name(every_language(Concept.OF))}")
OF_AFTER = ROUND_OWNER
NAME_AFTER_NOUN = re.compile(r"\s*,?\s*")
# "$330 million Series F for", "90 millions de dollars pour": up to three words of the round, then "for"/"pour".
FOR_AFTER = re.compile(rf"(?:\s+[\w'-]+){{0,3}}?\s+{alternation(every_language(Concept.FOR))}\s+{THE}?",
                       re.IGNORECASE)
NOUN_BEFORE_WINDOW = 25
NOUN_AFTER_WINDOW = 25
RELATIVE_SOURCE = re.compile(rf"\s*,?\s*{alternation(every_language(Concept.RELATIVE_SOURCE))}\b", re.IGNORECASE)
DESTINATION = alternation(every_language(Concept.DESTINATION))
TO_US = re.compile(rf"\s+{DESTINATION}\s+{alternation(every_language(Concept.US))}\b", re.IGNORECASE)
PASSIVE_WORD = re.compile(f" {BY} ")
PASSIVE_BY = re.compile(rf"\s+{BY}\s+{THE}?", re.IGNORECASE)
# "apportés à Quillot par Brisemer": the agent after a short complement.
PASSIVE_BY_LATER = re.compile(
    rf"\s+{DESTINATION}\s[^,;()]{{1,40}}?\s{BY}\s+{THE}?", re.IGNORECASE)
SOURCE_END = re.compile(rf"\b{alternation(every_language(Concept.GIVEN_BY))}\s*{THE}?$", re.IGNORECASE)
# "from investors including Tessera": a party among others is not the source of the whole figure.
PARTIAL_SOURCE = re.compile(rf",|\b{AMONG}\b", re.IGNORECASE)
PARTIAL_GROUP = re.compile(rf"\b{AMONG}\s+$", re.IGNORECASE)
COMMA_ONLY = re.compile(r"\s*,\s*")
PARTIAL_GROUP_WINDOW = 12
INTO_WHAT = re.compile(rf"\s+{alternation(every_language(Concept.INTO_WHAT))}\s", re.IGNORECASE)
CLAUSE_END = re.compile(r"[,;:()]")
LOWER_WORD_AFTER = re.compile(rf" [{LOWER_CASE_LETTERS}]")
THING_WINDOW = 50
OBJECT_PRONOUNS = frozenset(every_language(Concept.OBJECT_PRONOUNS))
THING_WORDS = re.compile(
    rf"{before_name([*every_language(Concept.DEFINITE_ARTICLES), *every_language(Concept.INDEFINITE_ARTICLES)])}?"
    rf"(?:(?P<common>[{LOWER_CASE_LETTERS}][\w'-]*)|(?P<name>[{UPPER_CASE_LETTERS}][\w'-]*(?:\s[{UPPER_CASE_LETTERS}]"
    rf"[\w'-]*){{0,3}}))")

# "Le fondateur de Streamly investit", "The CEO of Orin puts in": a person invests, not the company they run
# (ANNOTATION.md: the person by name, or nobody when the text does not name them).
FOUNDER_OF = re.compile(
    rf"(?<!\w){alternation(every_language(Concept.PERSON_TITLES))}\s+{alternation(every_language(Concept.OF))}\s*$",
    re.IGNORECASE)
FOUNDER_AFTER = re.compile(rf"['’]s\s+{alternation(every_language(Concept.PERSON_TITLES))}(?!\w)", re.IGNORECASE)


def investment(reading: Reading, amount: Amount, previous: Deal | None = None) -> Deal | None:
    """The receiver and the investor of deal money: a round's total, or one investor's cheque. `previous`: the
    sentence's deal before, if any."""
    if previous and continues_round(reading, previous, amount):
        return deal(Kind.INVESTMENT, previous.subject, None, amount)
    before = [m for m in mentions_before(reading, amount.start)
              if not follows_lead(reading, m) and not beside_lead(reading, m)]
    target = shares_owner(reading, amount) or target_from(reading, amount.end) or transfer_recipient(reading, amount)
    source = money_source(reading, amount)
    company = previous.subject if previous else None
    if is_round(reading, amount, before[-1] if before else None):
        return round_total(reading, amount, before, target, source, company)
    return cheque(reading, amount, before, target, source, company)


def continues_round(reading: Reading, previous: Deal, amount: Amount) -> bool:
    """"raised $400 million, mostly from Halberd, then $300 million": a figure after a round, with no deal word of
    its own and no party between but the round's investors, is the same company's next round."""
    start, end = previous.amount.end, amount.end + ROUND_AFTER_WINDOW
    if previous.kind != Kind.INVESTMENT or not is_round(reading, previous.amount, None):
        return False
    if any(start <= cue.start < end and cue.concept not in NOT_OWN_CUES for cue in reading.cues):
        return False  # "dont 20 millions apportés par": the figure has a deal word of its own
    between = mentions_between(reading, start, amount.start)
    return all(ends_with(reading, Concept.SOURCE, head_of(reading, m)) for m in between)


def round_total(reading: Reading, amount: Amount, before: list[Mention], target: Mention | None,
                source: Mention | None, previous: str | None = None) -> Deal | None:
    """A round's total: the company that raises ("its $70 million round": the company "its" points back to), and
    who the money comes from only where the sentence says ("auprès de", "from"), never its lead."""
    owner = possessive_owner(reading, amount.start, previous)
    agent = clause_agent(reading, before, amount)
    if owner and agent and previous is None:
        owner = resolve(reading, agent)  # "Velka lève à son tour 200 millions": the clause's agent, not the last focus
    if owner and target is None:
        source = source or passive_party(reading, amount, Concept.INVEST)
        counterparty = joint(reading, group_starting_with(reading, source), {owner}) if source else None
        return deal(Kind.INVESTMENT, owner, counterparty, amount)
    # The company that raises is never a party that gives nor one that is only context (party_roles), by its role
    # here or by its name ("Nvidia's $1 billion investment, part of a $1.5 billion round led by the chipmaker").
    givers = named_givers(reading)
    raisers = [m for m in before if may_receive(reading, m, amount.start) and resolve(reading, m) not in givers]
    if FOR_PERSONS_COMPANY.match(reading.text, amount.end):
        raisers = []  # "Okafor raised $1 billion for her new lab": a person raises for the article's company
    if before and RELATIVE_SOURCE.match(reading.text, before[-1].end):
        # "from Halberd Partners, from which it had already received $20 million": Halberd gave it
        source, raisers = source or before[-1], [m for m in raisers if m != before[-1]]
    owner = round_owner(reading, amount)
    if owner is not None and raisers and resolve(reading, owner) != resolve(reading, raisers[-1]) and \
            not CLAUSE_END.search(reading.text, raisers[-1].end, amount.start) and \
            not any(raisers[-1].end <= other.start < amount.start for other in reading.amounts):
        # "Velka obtient 50 millions d'euros de Halden et de Brisemer": with the company that raises named before the
        # figure in its clause, the party after "de" gives the money (its round would be "la levée de 50 millions de
        # Halden").
        source, owner = source or owner, None
    raiser = agent_of_raise(reading, amount) or raiser_after_figure(reading, amount) or round_for(reading, amount) or \
        passive_party(reading, amount, Concept.RAISE) or \
        fronted_party(reading, amount) or after_clause_party(reading, amount) or owner or \
        owner_after_noun(reading, amount) or after_bracket_party(reading, amount)
    if raiser is not None and source is not None and raiser.start == source.start:
        raiser = None  # "un investissement de 200 millions d'euros de Tessary": the investor, not the raiser
    # "it leapt to $8 billion, thanks to a $2 billion round": no raiser named, the company of the figure before.
    # Read back from an anaphor or implied (the sentence before's company, the topic), a company raises nothing either
    # when the sentence names it as a giver ("SoftBank et Nvidia discutent pour mener une levée" in an article read
    # as SoftBank's; "Brisemer participe à la levée de 100 millions de la start-up").
    raised_by = resolve(reading, raiser or (raisers[-1] if raisers else None))
    implied = previous or round_topic(reading, amount)
    subject = resolve(reading, target) or next(
        (name for name in (raised_by, implied) if name and name not in givers and
         (name != implied or not gave_here_or_just_before(reading, name))), None)
    source = source or round_passive_source(reading, amount)
    return deal(Kind.INVESTMENT, subject, round_source(reading, source, subject), amount)


def clause_agent(reading: Reading, before: list[Mention], amount: Amount) -> Mention | None:
    """The party named before the figure in its clause as the one acting: no clause mark between it and the figure,
    no preposition right before it, and a role that may receive ("Orvane a levé 100 millions en mars. Velka lève à
    son tour 200 millions": Velka, whatever the sentence before was about)."""
    agent = next((m for m in reversed(before) if m.name), None)
    if agent is None or CLAUSE_END.search(reading.text, agent.end, amount.start) or \
            COMPLEMENT_BEFORE.search(head_of(reading, agent)) or not may_receive(reading, agent, amount.start):
        return None
    return agent


# "a funding round backed by", "a round that was backed by": the round noun, then its participle, at most a relative
# pronoun and one word between.
ROUND_TO_PARTICIPLE = re.compile(
    rf"\s*,?\s*(?:{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\s+\w+\s+)?", re.IGNORECASE)


def round_passive_source(reading: Reading, amount: Amount) -> Mention | None:
    """"$1 billion invested by Halcyon": the agent gives the round's money; not in "a funding round backed by
    Tessera, Orbis and Halcyon", where the participle right after the round noun lists the round's investors, as
    "led by" names its lead: the figure stays the round's total, no joint cheque of the parties."""
    party = passive_party(reading, amount, Concept.INVEST)
    if party is None:
        return None
    verbs = [cue for cue in cues_of(reading, Concept.INVEST) if amount.end <= cue.start and cue.end <= party.start]
    verb = verbs[-1] if verbs else None
    if verb and any(cue.end <= verb.start and ROUND_TO_PARTICIPLE.fullmatch(reading.text, cue.end, verb.start)
                    for cue in cues_of(reading, Concept.RAISE)):
        return None
    return party


def round_source(reading: Reading, source: Mention | None, subject: str | None) -> str | None:
    """Who a round's money comes from: the parties named after "from"/"auprès de" ("from Arrow and Lumo": a joint
    figure); none when the sentence lists a round's many investors ("raised $400 million from Arrow, Lumo, Pim
    Larsen and Sigma": the round's total, not a joint cheque)."""
    if source is None:
        return None
    group = group_starting_with(reading, source)
    if len(group) >= ROUND_INVESTORS_AT_LEAST or list_goes_on(reading, group) or others_follow(reading, group):
        return None
    return joint(reading, group, {subject})


# After a list's last name read: a capitalised tail ("Startup Fund"), then a comma and another capitalised word.
LIST_RUNS_ON = re.compile(rf"(?:\s+[{UPPER_CASE_LETTERS}][\w.-]*){{0,3}},\s+[{UPPER_CASE_LETTERS}]")
AND_WORD = re.compile(rf"(?<!\w){alternation(every_language(Concept.AND))}(?!\w)", re.IGNORECASE)


# "auprès de A, B, C et 100 autres investisseurs", "et d'autres": the list's end says more gave.
OTHERS_AFTER_LIST = re.compile(
    rf"\s*,?\s*{alternation(every_language(Concept.AND))}\s+(?:[^\s,;:()']+\s+|\w+')?"
    rf"{alternation(every_language(Concept.ELIDED_SCALE))}(?!\w)", re.IGNORECASE)


def others_follow(reading: Reading, group: list[Mention]) -> bool:
    """"a levé 80 millions auprès de Brisemer, Halden, Corran et 100 autres investisseurs": the names read are some
    of the round's many investors, so the figure is the round's total, no joint cheque."""
    return bool(group) and bool(OTHERS_AFTER_LIST.match(reading.text, past_legal_suffix(reading.text, group[-1].end)))


def list_goes_on(reading: Reading, group: list[Mention]) -> bool:
    """"with investments from Microsoft, OpenAI Startup Fund, NVIDIA, Jeff Bezos (through ...), ...": a list of two
    or more joined by commas only runs on past the names read, so it names the round's many investors ("from A and
    B, Orin said" is a list closed by "and")."""
    if len(group) < 2 or any(AND_WORD.search(reading.text, first.end, second.start)
                             for first, second in itertools.pairwise(group)):
        return False
    return bool(LIST_RUNS_ON.match(reading.text, group[-1].end))


def cheque(reading: Reading, amount: Amount, before: list[Mention], target: Mention | None,
           source: Mention | None, previous: str | None = None) -> Deal | None:
    """One investor's money: the company it goes into (named, the company of the sentence's deal before, or the
    topic) and the investor; nothing when neither the company nor the investor is named."""
    if target is None and goes_into_a_thing(reading, amount):
        return None  # "prévoit d'investir 70 millions dans des projets de défense", "$2 billion in Korea"
    named_target = resolve(reading, target) or resolve(reading, backed_object(reading, amount)) or \
        sentence_target(reading) or speakers_company(reading, amount)
    subject = named_target or previous or implied_company(reading)
    counterparty = investor(reading, amount, before, subject, source)
    if counterparty is None and named_target is None and not took_part(reading, before, amount):
        return None
    if counterparty is None and person_gives(reading, amount):
        return None  # "Marc Tolan a investi 100 millions dans Velka": one person's cheque, no round's total
    if counterparty is None and investor_as_anaphor_target(reading, target, before, subject):
        return None
    return deal(Kind.INVESTMENT, subject, counterparty, amount)


# "backed Quillon with €70 million": "with", then the figure.
WITH_FIGURE = re.compile(rf"\s+{alternation(every_language(Concept.DEAL_PARTNER))}\s+[$€£]?\s*$", re.IGNORECASE)


def backed_object(reading: Reading, amount: Amount) -> Mention | None:
    """"Halberd Capital backed Quillon with €70 million": the object of a verb of backing, right before "with" and
    the figure, is who gets the money (not the investor: the agent before the verb is)."""
    party = last_before(reading, amount.start, lambda mention: bool(mention.name) or mention.is_anaphor)
    if party is None or not WITH_FIGURE.fullmatch(reading.text, party.end, amount.start):
        return None
    return party if ends_with(reading, Concept.BACKED_OBJECT, head_of(reading, party), strict=True) else None


# "Marc Tolan a investi", "Son fondateur, Marc Tolan, a investi": a capitalised run of two or three words opening
# the sentence or a clause, then at most two lower-case words (an auxiliary).
PERSON_SUBJECT = re.compile(
    rf"(?:^|[,;:(]\s*)(?P<name>[{UPPER_CASE_LETTERS}][\w'’-]+(?:\s+[{UPPER_CASE_LETTERS}][\w'’-]+){{1,2}})"
    rf",?(?:\s+[{LOWER_CASE_LETTERS}][\w'’-]*){{0,2}}\s*$")
# "reçu 100 millions d'euros de Marc Tolan": "of"/"by" right after the figure, then a capitalised run.
PERSON_AFTER = re.compile(
    rf"\s*{before_name([*every_language(Concept.OF), *every_language(Concept.BY)])}"
    rf"(?P<name>[{UPPER_CASE_LETTERS}][\w'’-]+(?:\s+[{UPPER_CASE_LETTERS}][\w'’-]+){{1,2}})")


def person_gives(reading: Reading, amount: Amount) -> bool:
    """A person, not a company, puts the money in: the subject of the verb of investing ("Marc Tolan a investi 100
    millions dans Velka"), or named right after the figure ("a reçu 100 millions de Marc Tolan"). Read without that
    person, the figure would pass for the round's total."""
    for cue in cues_near(reading, amount, (Concept.INVEST,), CUE_BEFORE_WINDOW, 0):
        subject = PERSON_SUBJECT.search(reading.text, 0, cue.start)
        if subject and is_person(subject["name"]):
            return True
    after = PERSON_AFTER.match(reading.text, amount.end)
    return bool(after) and is_person(after["name"])


def investor_as_anaphor_target(reading: Reading, target: Mention | None, before: list[Mention],
                               subject: str | None) -> bool:
    """"Halden a annoncé un investissement de 90 millions dans la startup": "the startup" read back to the company
    the sentence names as the one acting is that company investing, not the startup it invests in."""
    if target is None or not target.is_anaphor or not before or before[-1].name != subject:
        return False
    return not is_apposed(reading, before[-1], target)


def goes_into_a_thing(reading: Reading, amount: Amount) -> bool:
    """The money goes into something no party names: "into" right after the figure, then a common noun or a place
    and no party before the clause ends (a sector, projects, a country: a company's own spending, not an investment
    in a company; "in 2027", "in March" say when)."""
    into = INTO_WHAT.match(reading.text, amount.end)
    if not into:
        return False
    thing = THING_WORDS.match(reading.text, into.end())
    if not thing or not (is_thing(thing["common"], thing["name"]) or qualifies_a_noun(reading.text, thing)):
        return False
    clause_end = CLAUSE_END.search(reading.text, into.end())
    end = min(clause_end.start() if clause_end else len(reading.text), into.end() + THING_WINDOW)
    # "in two instalments", "en trois tranches": a deal word says how the money comes, not where it goes.
    # "into US AI start-ups": a plural of companies is the kind of company the money goes to, no party.
    starts = [mention.start for mention in reading.mentions] + \
        [cue.start for cue in reading.cues if cue.concept != Concept.MANY_COMPANIES]
    return not any(into.end() <= start < end for start in starts)


def is_thing(common: str | None, name: str | None) -> bool:
    """A common noun ("des projets", not "it" of "has invested $800 million in it": the company again) or a place."""
    return common.lower() not in OBJECT_PRONOUNS if common else bool(name) and is_place(name or "")


def qualifies_a_noun(text: str, thing: re.Match[str]) -> bool:
    """"into US AI start-ups", "into European robotics companies": capitalised words opened by a place or a
    nationality, then a common noun: a kind of company, not one company."""
    name = thing["name"]
    if not name or not LOWER_WORD_AFTER.match(text, thing.end()):
        return False
    first = name.split()[0]
    return is_place(first) or first.lower() in DEMONYMS


def round_topic(reading: Reading, amount: Amount) -> str | None:
    """The company the sentence before was about stands for a round's company; the topic only when the title names
    it, or in a list of the article's rounds told with their valuations ("• Juin 2025 : 300 millions de dollars
    (valorisation 5 milliards)"), where the valuation goes to the topic too."""
    if reading.focus:
        return reading.focus
    return reading.topic.name if reading.topic.vouched or round_at_valuation(reading, amount) else None


def target_from(reading: Reading, position: int, window: int = PARTY_AFTER_WINDOW) -> Mention | None:
    """"in Corvid", "dans Anthropic" after the position; not "in new funding from Halberd" nor "put in by
    Corran" (the source)."""
    target = mention_after(reading, position, Concept.TARGET, window)
    if target and SOURCE_END.search(reading.text, position, target.start):
        return None
    # "$3bn into European robotics companies and $2bn into Orbis": past another figure, the target is that one's.
    if target and any(position <= other.start < target.start for other in reading.amounts):
        return None
    return target


def transfer_recipient(reading: Reading, amount: Amount) -> Mention | None:
    """"Corran Capital wired $30 million to Lumeo", "$500 million will be provided by Halberd to Fenwick": with a
    verb of handing money over, "to"/"à" names the company that receives it (a cloud receives no investment)."""
    if not cues_near(reading, amount, (Concept.TRANSFER,), CUE_BEFORE_WINDOW, ROUND_AFTER_WINDOW):
        return None
    recipient = mention_after(reading, amount.end, Concept.RECIPIENT, window=SOURCE_WINDOW)
    return recipient if recipient and not recipient.is_cloud else None


def speakers_company(reading: Reading, amount: Amount) -> str | None:
    """"Investors have committed $75 million to us," the chief executive said: "us" is the article's company."""
    return reading.topic.name if TO_US.match(reading.text, amount.end) else None


def money_source(reading: Reading, amount: Amount) -> Mention | None:
    """"2,2 Md$ auprès d'Halcyon Capital", "apportés par des investisseurs existants : A, B et C", "une
    contribution de 800 millions de dollars de Nvidia"."""
    source = mention_after(reading, amount.end, Concept.SOURCE, window=SOURCE_WINDOW)
    if source is None:
        return investor_of_noun(reading, amount) or gapped_source(reading, amount)
    between = reading.text[amount.end:source.start]
    # "90 millions d'euros, abondés par Brisemer": a comma right before the preposition lists nothing.
    preposition = preposition_before(reading.vocabulary, Concept.SOURCE).search(between)
    listed = between
    if preposition and COMMA_ONLY.fullmatch(between[:preposition.start()]):
        listed = between[preposition.start():]
    if PARTIAL_SOURCE.search(listed):
        return None
    # "240 millions d'euros : 80 millions apportés par Brisemer": past another figure, the source is that one's.
    if any(amount.end <= other.start < source.start for other in reading.amounts):
        return None
    # "auprès de Brisemer, avec la participation de Harnois": others put money in too, the figure is the total.
    if OTHERS_JOIN.match(reading.text, past_legal_suffix(reading.text, group_starting_with(reading, source)[-1].end)):
        return None
    return source


# "et 100 autres par le fonds d'investissement X": "by" right after the figure (its elided scale between), then up
# to a few words of the giver's kind before its name.
GAPPED_BY = re.compile(rf"\s+(?:{alternation(every_language(Concept.ELIDED_SCALE))}\s+)?{BY}\s+", re.IGNORECASE)
GIVER_KIND = re.compile(r"(?:[^\s,;:()]+\s+){0,3}")


def gapped_source(reading: Reading, amount: Amount) -> Mention | None:
    """"100 millions apportés par le groupe CMA-CGM et 100 autres par le fonds X": after a figure a passive verb
    gave its source, the next figure's "par" names its own source, the verb left out."""
    by = GAPPED_BY.match(reading.text, amount.end)
    named = next((m for m in reading.mentions if by and m.start >= by.end()), None)
    if named is None or not GIVER_KIND.fullmatch(reading.text, by.end(), named.start):
        return None
    earlier = [other for other in reading.amounts if other.end <= amount.start]
    gave = earlier and (mention_after(reading, earlier[-1].end, Concept.SOURCE, window=SOURCE_WINDOW) or
                        passive_party(reading, earlier[-1], Concept.INVEST))
    return named if gave else None


def investor_of_noun(reading: Reading, amount: Amount) -> Mention | None:
    """"une contribution de 800 millions de dollars de Nvidia", "an investment of $300 million of Sigma": the party
    right after the figure of an investing noun, joined by "de"/"of"."""
    if not cues_near(reading, amount, (Concept.INVEST,), NOUN_BEFORE_WINDOW, 0):
        return None
    joined = OF_AFTER.match(reading.text, amount.end)
    return mention_at(reading, joined.end()) if joined else None


def shares_owner(reading: Reading, amount: Amount) -> Mention | None:
    """"$1.5 billion of existing Tessera shares": the company whose shares are bought."""
    shares = cues_near(reading, amount, (Concept.SHARES,), 0, SHARES_AFTER_WINDOW)
    if not shares:
        return None
    inside = mentions_between(reading, amount.end, shares[0].start)
    return inside[-1] if inside else None


def is_round(reading: Reading, amount: Amount, nearest: Mention | None) -> bool:
    """A round's total: a raising word between the last party and the figure, or right after it, or "au total"."""
    start = nearest.end if nearest else 0
    if invests_actively(reading, start, amount):
        return False
    # A figure box's line under "Cumulative capital raised" is the total raised.
    if round_at_valuation(reading, amount) or more_money(reading, amount) or expected(reading, amount) or \
            box_value_role(reading, amount) == Role.DEAL_MONEY:
        return True  # "• Mars 2024 : 120 millions d'euros (valorisation 900 millions)", "Velka, 400 millions de plus"
    raised_after = cues_near(reading, amount, (Concept.RAISE,), 0, CUE_AFTER_WINDOW)
    if FRONTED_FIGURE.match(reading.text, amount.end) and raised_after:
        return True  # "$1.2 billion: that's how much Fenwick AI raised"
    for cue in reading.cues:
        sold_shares = cue.concept == Concept.SELL and buys_shares(reading, amount)
        if (cue.concept in ROUND_CONCEPTS or sold_shares) and start <= cue.start <= amount.start and \
                not inside_closed_relative(reading, cue.start, cue.end):
            return True  # not "Halden, qui mène l'opération, apporte 40 millions": the relative's verb
        if cue.concept == Concept.RAISE and 0 <= cue.start - amount.end <= ROUND_AFTER_WINDOW:
            return True
    invested = cues_near(reading, amount, (Concept.INVEST,), TOTAL_WINDOW + 4, 0)
    return not invested and bool(cues_near(reading, amount, (Concept.TOTAL,), TOTAL_WINDOW, TOTAL_WINDOW)) or \
        total_raised_of(reading, amount)


def total_raised_of(reading: Reading, amount: Amount) -> bool:
    """"porte le financement total de Velka à 1 milliard", "brings Velka's total funding to $1 billion": the total
    raised to date, its company named between the words and the figure (a round's total, ANNOTATION.md)."""
    return any(total.concept == Concept.RAISE and any(
        word.concept == Concept.TOTAL and total.start <= word.start and word.end <= total.end for word in reading.cues)
        for total in cues_near(reading, amount, (Concept.RAISE,), TOTAL_FUNDING_WINDOW, 0))


def invests_actively(reading: Reading, start: int, amount: Amount) -> bool:
    """"Halberd provided $75 million of venture debt to Lumeo": an investing verb between the party and the
    figure makes the party the investor, even when a word of raising follows the figure."""
    active = False
    for cue in reading.cues:
        if start <= cue.start and cue.end <= amount.start:
            if cue.concept in ROUND_CONCEPTS and not inside_closed_relative(reading, cue.start, cue.end):
                return False
            active = active or cue.concept in ACTIVE_CONCEPTS
    # "conduite par X, qui apporte 150 millions, porte sur 400 millions": the verb is the other figure's.
    return active and not any(start <= a.start and a.end <= amount.start for a in reading.amounts)


def passive_party(reading: Reading, amount: Amount, concept: Concept) -> Mention | None:
    """"$3 billion could be raised by Vantel AI", "70 millions ont été injectés par Brisemer": the party
    right after the figure's verb and "by"/"par"."""
    if not PASSIVE_WORD.search(reading.text, amount.end, amount.end + PASSIVE_WINDOW):
        return None
    for cue in cues_near(reading, amount, (concept,), 0, CUE_AFTER_WINDOW):
        if any(amount.end <= other.start < cue.start for other in reading.amounts):
            break  # "45 millions, dont 20 millions apportés par X": the verb belongs to the nearer figure
        by = PASSIVE_BY.match(reading.text, cue.end) or PASSIVE_BY_LATER.match(reading.text, cue.end)
        named = mention_at(reading, by.end()) if by else None
        if named and not is_lead(reading, named):  # "a round in December led by Felicis": the lead raises nothing
            return named
    return None


# "Skild AI secures $300M", "Velka raised a $40 million": the verb of raising, then at most an article, before the
# figure; the party right before the verb (no comma between) raised it.
RAISE_TO_FIGURE = re.compile(rf"\s*(?:{THE}\s*)?[$€£]?$", re.IGNORECASE)
AGENT_TO_RAISE = re.compile(r"\s{1,3}$")


def agent_of_raise(reading: Reading, amount: Amount) -> Mention | None:
    """"Skild AI secures $300M Series A for Physical AI models": the party that does the raising right before its
    verb and figure raised it; what the money is "for" after the round is its purpose, not another company."""
    verbs = [cue for cue in cues_of(reading, Concept.RAISE)
             if cue.end <= amount.start and RAISE_TO_FIGURE.fullmatch(reading.text, cue.end, amount.start)]
    if not verbs or FOR_PERSONS_COMPANY.match(reading.text, amount.end):
        return None  # "Okafor raised $1 billion for her new lab": a person raises for a company
    agent = last_before(reading, verbs[-1].start, lambda mention: bool(mention.name) and not mention.is_cloud)
    return agent if agent and AGENT_TO_RAISE.fullmatch(reading.text, agent.end, verbs[-1].start) else None


# "the $13 billion that OpenAI raised": a relative pronoun (or nothing) between the figure and the party.
FIGURE_THEN_PARTY = re.compile(rf"\s+(?:{alternation(every_language(Concept.RELATIVE_PRONOUNS))}\s+)?", re.IGNORECASE)
PARTY_TO_RAISE = re.compile(r"\s+(?:\w+\s+){0,2}")


def raiser_after_figure(reading: Reading, amount: Amount) -> Mention | None:
    """"small next to the $13 billion that OpenAI raised": the party right after the figure, whose verb of raising
    follows it (an auxiliary between), raised it."""
    party = next((mention for mention in reading.mentions if mention.start >= amount.end), None)
    if party is None or not party.name or not FIGURE_THEN_PARTY.fullmatch(reading.text, amount.end, party.start):
        return None
    raises = any(PARTY_TO_RAISE.fullmatch(reading.text, party.end, cue.start) or cue.start == party.end + 1
                 for cue in cues_of(reading, Concept.RAISE) if cue.start > party.end)
    return party if raises else None


def round_for(reading: Reading, amount: Amount) -> Mention | None:
    """"a $330 million Series F for Zipwing", "une série C de 90 millions de dollars pour Brantley": the company
    named after "for"/"pour" right after a round's figure (a few words of the round between) raises it; not
    "for her new lab", a person's company said later."""
    persons = FOR_PERSONS_COMPANY.match(reading.text, amount.end)
    if persons:
        # "for her new lab, Brightmoor AI": the person's company when the sentence names it right after
        named = NAME_AFTER_NOUN.match(reading.text, persons.end())
        return mention_at(reading, named.end()) if named else None
    joined = FOR_AFTER.match(reading.text, amount.end)
    return mention_at(reading, joined.end()) if joined else None


def round_owner(reading: Reading, amount: Amount) -> Mention | None:
    """"Le tour de table de 90 millions d'euros de Quillot": the company named right after a round's figure."""
    if not cues_near(reading, amount, (Concept.RAISE,), CUE_BEFORE_WINDOW, 0):
        return None
    owner = ROUND_OWNER.match(reading.text, amount.end)
    named = mention_at(reading, owner.end()) if owner else None
    return named_apposition(reading, named) if named else None  # "de la start-up Velka": Velka


def owner_after_noun(reading: Reading, amount: Amount) -> Mention | None:
    """"led the $675 million financing of Velka", "the $300 million Series A of Korrin", "la levée de 40 millions
    d'euros de série B de Quillot": the company named after the deal noun that follows the figure."""
    for cue in cues_of(reading, Concept.RAISE, Concept.INVEST):
        if 0 <= cue.start - amount.end <= NOUN_AFTER_WINDOW and \
                not mentions_between(reading, amount.end, cue.start) and \
                not any(amount.end <= other.start < cue.start for other in reading.amounts):
            owner = ROUND_OWNER.match(reading.text, cue.end)
            if owner:
                return mention_at(reading, owner.end())
    return None


def fronted_party(reading: Reading, amount: Amount) -> Mention | None:
    """"$2 billion: that is what Vantel AI raised": the party after the figure put first."""
    fronted = FRONTED_FIGURE.match(reading.text, amount.end)
    return mention_at(reading, fronted.end()) if fronted else None


# "A week after closing a $1.1 billion round, Nscale ...", "Une semaine après avoir levé 1,1 milliard, Nscale ...":
# a few words, then the clause of what was done before, opening the sentence.
AFTER_CLAUSE = re.compile(rf"^(?:\S+\s+){{0,3}}?{alternation(every_language(Concept.AFTER_HAVING))}\s[^,;]*$",
                          re.IGNORECASE)


MAIN_CLAUSE_OPENING = 2


def after_clause_party(reading: Reading, amount: Amount) -> Mention | None:
    """The figure of a clause that opens the sentence (or a clause after a comma: "..., et, après une levée de 193
    millions, le fondateur de Character.AI est parti") with what was done before the news: the party that opens the
    main clause after it did it, or the company of the person who opens it ("le fondateur de X")."""
    opening = reading.text.rfind(",", 0, amount.start) + 1
    if not AFTER_CLAUSE.match(reading.text[opening:amount.start].lstrip()) or \
            mentions_between(reading, opening, amount.start):
        return None
    comma = reading.text.find(",", amount.end)
    if comma < 0:
        return None
    # The party must open the main clause: "..., le néo-cloud britannique annonce" leaves it to the topic.
    return next((m for m in reading.mentions if 0 < m.start - comma <= MAIN_CLAUSE_OPENING or
                 m.start > comma and PERSON_OF_OPENING.fullmatch(reading.text, comma + 1, m.start)), None)


def after_bracket_party(reading: Reading, amount: Amount) -> Mention | None:
    """"Très vite soutenue par les investisseurs (75 millions de dollars levés de 2016 à 2020, notamment par GV),
    Owkin applique ...": a figure in brackets before any party is named belongs to the party that opens the main
    clause right after them."""
    opened = reading.text.rfind("(", 0, amount.start)
    closed = reading.text.find(")", amount.end)
    if opened < 0 or closed < 0 or reading.text.rfind(")", 0, amount.start) > opened or \
            mentions_between(reading, 0, opened):
        return None
    opening = BRACKET_CLOSE.match(reading.text, closed)
    return next((m for m in reading.mentions if opening and m.start == opening.end()), None)


BRACKET_CLOSE = re.compile(r"\)\s*,?\s*")
# "..., le fondateur de Character.AI est parti": a person's title and "of" open the main clause before the company.
PERSON_OF_OPENING = re.compile(
    rf"\s*{before_name(every_language(Concept.DEFINITE_ARTICLES))}?\s*"
    rf"{alternation(every_language(Concept.PERSON_TITLES))}\s+{before_name(every_language(Concept.OF))}\s*",
    re.IGNORECASE)


def sentence_target(reading: Reading) -> str | None:
    """The company the sentence's money goes into ("... dans Anthropic"), wherever it is said."""
    for cue in cues_of(reading, Concept.INVEST, Concept.STAKE):
        target = target_from(reading, cue.end, window=TARGET_ANYWHERE_WINDOW)
        if target:
            return resolve(reading, target)
    return None


def took_part(reading: Reading, before: list[Mention], amount: Amount) -> bool:
    """"Norvane, which took part in the $60 million injection": the last party before the figure is one investor of
    the whole round the figure measures (its company's round, no counterparty)."""
    return bool(before) and bool(TOOK_PART.search(reading.text, before[-1].end, amount.start))


def investor(reading: Reading, amount: Amount, before: list[Mention], subject: str | None,
             source: Mention | None) -> str | None:
    """Who puts the money in: named after "de la part de"/"from", else the party or parties before the figure."""
    source = source or passive_party(reading, amount, Concept.INVEST)
    if source:
        return joint(reading, group_starting_with(reading, source), {subject})
    # "OpenAI, qui avait envisagé d'acheter Figure, a apporté", "Halden, déjà actionnaire d'Orvane, investit": not the
    # party of an aside closed before.
    candidates = [m for m in before if resolve(reading, m) != subject
                  and not in_aside_about_another(reading, m, amount.start) and not runs_it(reading, m)]
    respective = respective_party(reading, amount, candidates)
    if respective:
        return respective
    if candidates:
        last = candidates[-1]
        if PARTIAL_GROUP.search(reading.text[max(0, last.start - PARTIAL_GROUP_WINDOW):last.start]) or \
                took_part(reading, candidates, amount):
            return None
        return joint(reading, group_ending_with(reading, last), {subject})
    return None


def runs_it(reading: Reading, mention: Mention) -> bool:
    """"the founder of Streamly", "Streamly's chief executive": the company names who invests, it does not invest."""
    return bool(FOUNDER_OF.search(head_of(reading, mention)) or FOUNDER_AFTER.match(reading.text, mention.end))


def respective_party(reading: Reading, amount: Amount, candidates: list[Mention]) -> str | None:
    """"NVIDIA et Microsoft vont respectivement injecter 10 milliards et 5 milliards": in order."""
    respectively = cues_of(reading, Concept.RESPECTIVELY)
    if not respectively or not candidates:
        return None
    listed = [m for m in candidates if m.end <= respectively[0].start] or candidates
    group = group_ending_with(reading, listed[-1])
    figures = [a for a in reading.amounts if a.is_money and a.start > group[-1].end]
    if len(group) < 2 or amount not in figures:
        return None
    position = figures.index(amount)
    return resolve(reading, group[position]) if position < len(group) else None
