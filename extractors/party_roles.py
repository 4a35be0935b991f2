"""The role a party plays in a sentence's deals, decided in one place before it becomes a subject or counterparty.

A party of a sentence does one of three things for a figure:
- it GIVES the money: a round's lead ("mené par Halden", "Halden, qui mène le tour", "Halden et le fonds Orvane
  discutent pour mener"), a party listed with the lead ("avec Brisemer"), a party named after a preposition of
  giving ("auprès de", "de la part de", "provenant de", "from") or listed after one, the agent of a verb of taking
  part ("Brisemer participe à la levée");
- it is only CONTEXT: a rival ("face à son rival Orvane"), a name inside an aside about another party (a relative
  clause or an apposition closed before the figure, a bracket closed before it), a parent ("filiale de Orvane");
- it RECEIVES the money ("dans Velka", "au capital de Velka", "Velka shares"), or the sentence does not say
  (UNSAID: the agent of "lève", the first name of the sentence...).

The company that raises a round, or that a valuation values, is never a party that gives nor one that is context:
`may_receive` is that one rule; `implied_receiver` holds it for the company a sentence leaves unnamed (never a
giver of that sentence or the one before).
"""

from __future__ import annotations

import re
from enum import StrEnum

from extractors.languages import every_language
from extractors.languages.vocabulary import LOWER_CASE_LETTERS, Concept
from extractors.mentions import RELATIVE_AFTER_NAME, clause_around
from extractors.names import Mention
from extractors.patterns import alternation
from extractors.reading import (
    Reading,
    cues_of,
    ends_with,
    head_of,
    implied_company,
    mentions_before,
    mentions_between,
    read,
)
from extractors.references import (
    COMPLEMENT_BEFORE,
    beside_lead,
    group_starting_with,
    inside_closed_relative,
    is_lead,
    is_receiver,
)


class PartyRole(StrEnum):
    """What a party does for a figure of its sentence."""

    RECEIVER = "receiver"
    GIVER = "giver"
    CONTEXT = "context"
    UNSAID = "unsaid"


def party_role(reading: Reading, mention: Mention, position: int) -> PartyRole:
    """The role of a party for the figure that starts at `position` (givers first: "auprès de Velka" gives even
    where Velka is a lab)."""
    if gives(reading, mention):
        return PartyRole.GIVER
    if is_context(reading, mention, position):
        return PartyRole.CONTEXT
    if is_receiver(reading, mention):
        return PartyRole.RECEIVER
    return PartyRole.UNSAID


def may_receive(reading: Reading, mention: Mention, position: int) -> bool:
    """The party may be the company that raises the figure's round or that its valuation values."""
    return party_role(reading, mention, position) not in (PartyRole.GIVER, PartyRole.CONTEXT)


def gives(reading: Reading, mention: Mention) -> bool:
    """A round's lead, a party listed with it, a party named after "auprès de"/"from" (or listed after one), or the
    agent of a verb of taking part ("Brisemer participe à la levée")."""
    return is_lead(reading, mention) or beside_lead(reading, mention) or is_source(reading, mention) or \
        is_listed_source(reading, mention) or takes_part(reading, mention)


def named_givers(reading: Reading) -> set[str]:
    """The names the sentence gives a giver's role by its own words (a lead, a party listed with it, after "auprès
    de"/"from", the agent of "participe à"); a name merely listed after a source is left out, as the end of such a
    list may be who speaks ("from Halberd and Tessary, Orin said")."""
    return {m.name for m in reading.mentions if m.name and (
        is_lead(reading, m) or beside_lead(reading, m) or is_source(reading, m) or takes_part(reading, m))}


def gave_here_or_just_before(reading: Reading, name: str) -> bool:
    """This sentence or the one before names the company as a giver ("SoftBank et Nvidia discutent pour mener une
    levée. Et pas à n'importe quelle valorisation : 14 milliards." values neither SoftBank nor Nvidia)."""
    if name in named_givers(reading):
        return True
    return bool(reading.previous_text) and name in named_givers(read(reading.previous_text, reading.vocabulary))


def implied_receiver(reading: Reading) -> str | None:
    """The company a sentence means when it names none (the sentence before's, else the topic), unless that
    company gives money here or in the sentence before: a valuation or a round belongs to who receives."""
    company = implied_company(reading)
    return None if company is None or gave_here_or_just_before(reading, company) else company


TOOK_PART = re.compile(rf"(?<!\w){alternation(every_language(Concept.TOOK_PART))}(?!\w)", re.IGNORECASE)


def takes_part(reading: Reading, mention: Mention) -> bool:
    """"Brisemer, client de Velka, participe à la levée de 100 millions": the agent of the first verb of taking part
    after the party (the last party before the verb that is neither in an aside nor a complement) gives money."""
    verb = TOOK_PART.search(reading.text, mention.end)
    if verb is None:
        return False
    agents = [m for m in mentions_between(reading, 0, verb.start())
              if not in_aside_about_another(reading, m, verb.start())
              and not COMPLEMENT_BEFORE.search(head_of(reading, m))]
    return bool(agents) and agents[-1] == mention


def is_context(reading: Reading, mention: Mention, position: int) -> bool:
    """A rival or a parent (unless the figure describes it), or a name in an aside about another party closed
    before the figure: never the company that receives."""
    rival = (is_rival(reading, mention) or is_parent(reading, mention)) and \
        not values_it(reading, mention, position) and not in_its_relative(reading, mention, position)
    return rival or in_aside_about_another(reading, mention, position)


def in_aside_about_another(reading: Reading, mention: Mention, position: int) -> bool:
    """A name in an aside about another party closed before the figure (a relative clause, an apposition, brackets):
    it neither receives nor gives the figure ("une filiale d'Intel a déboursé" names Intel as who gives, so a
    parent is context only for receiving)."""
    return in_closed_relative(reading, mention) or in_apposition(reading, mention, position) or \
        in_closed_aside(reading.text, mention, position)


def is_parent(reading: Reading, mention: Mention) -> bool:
    """"Velka, filiale du groupe Orvane, a levé", "a unit of Orvane": the company that owns the one the sentence
    is about is context, it raises nothing."""
    return ends_with(reading, Concept.PARENT_OF, head_of(reading, mention))


# A few words of an apposition opened right after a name.
OWN_APPOSITION = re.compile(r"\s*[,(—–]\s*(?:[^\s,;:()]+\s+){0,3}")
VALUING = (Concept.VALUATION, Concept.VALUATION_NOUN, Concept.WORTH)


def values_it(reading: Reading, mention: Mention, position: int) -> bool:
    """"face à son rival Orvane, valorisé 9 milliards": a valuation a few words into an apposition opened right
    after the name describes that name (not ", malgré une valorisation dépassant les 8 milliards", a clause of its
    own, nor ", a levé 400 millions", the sentence's own verb)."""
    return bool(OWN_APPOSITION.fullmatch(reading.text, mention.end, position)) and \
        any(mention.end <= cue.start < position for cue in cues_of(reading, *VALUING))


def in_its_relative(reading: Reading, mention: Mention, position: int) -> bool:
    """"competes with Cerebras, which raised $1.1 billion": the figure of the relative clause a name opens is that
    name's, a rival's too."""
    relative = RELATIVE_AFTER_NAME.match(reading.text, mention.end)
    if not relative:
        return False
    return relative.end() <= position < clause_around(reading.text, Mention(mention.name, relative.end(),
                                                                             relative.end()))[1]


def is_source(reading: Reading, mention: Mention) -> bool:
    """"de la part de Tessera", "provenant de Tessera", "from Tessera": the party gives money (not in "a jump from
    Runwell's previous round", where the name owns the noun after it)."""
    return ends_with(reading, Concept.SOURCE, head_of(reading, mention)) and \
        not POSSESSIVE_AFTER.match(reading.text, mention.end)


POSSESSIVE_AFTER = re.compile(r"['’]s\b")


def is_listed_source(reading: Reading, mention: Mention) -> bool:
    """"raised $1.1 billion from investors including Aker, Nokia and Fidelity, reaching a valuation of $3 billion":
    the names listed after the first of those who gave the money give it too."""
    return any(mention in group_starting_with(reading, source)[1:] for source in reading.mentions
               if source.start < mention.start and is_source(reading, source))


def is_rival(reading: Reading, mention: Mention) -> bool:
    """"face à son rival Orvane", "en concurrence avec Orvane", "against Orvane": a company the sentence sets its own
    against, as a complement (not "Son rival Orvane lève 100 millions", where the rival is the subject)."""
    return ends_with(reading, Concept.RIVALS, head_of(reading, mention))


# ", a supplier of data centres for", "—the startup that": a description opened right after a name.
APPOSITION_OPEN = re.compile(rf"\s*[,—–]\s*[{LOWER_CASE_LETTERS}]")
APPOSITION_CLOSE = re.compile(r"[,—–]")
CLAUSE_END = re.compile(r"[,;:()]")


def in_closed_relative(reading: Reading, mention: Mention) -> bool:
    """"The company, whose backers include Corran Capital, raised $75 million", "Le tour, qui réunit Arrow et
    Rook Partners, arrive après une série B de 120 millions": the party sits in a relative clause closed before
    the figure (no figure inside), it is not who raises."""
    return inside_closed_relative(reading, mention.start, mention.end)


def in_apposition(reading: Reading, mention: Mention, position: int) -> bool:
    """"Kora, a supplier of data centres for Lumo, raised $90 million", "Orbis—the startup that turned down an offer
    from Sigma—is raising": the party, after a preposition, sits in a description of the name before it, closed
    before the figure; it is not who raises."""
    described = next((m for m in reversed(mentions_before(reading, mention.start)) if m.name), None)
    if described is None or in_closed_relative(reading, described) or in_apposition(reading, described, position):
        return False  # "X, qui a investi dans Orvane, mène un tour dans Velka": the comma closes the aside
    opening = APPOSITION_OPEN.match(reading.text, described.end, mention.start)
    if not opening or CLAUSE_END.search(reading.text, opening.end(), mention.start) or \
            not COMPLEMENT_BEFORE.search(reading.text, opening.end(), mention.start):
        return False  # "the Orin-backed, robotics startup Velka": the description's own head is the company
    return bool(APPOSITION_CLOSE.search(reading.text, mention.end, position))


def in_closed_aside(text: str, mention: Mention, position: int) -> bool:
    """"Korvel, the leader (which just signed with Halberd) and whose valuation reached $2 billion": a name in
    brackets closed before the figure is an aside about the company named before the brackets."""
    opened = text.rfind("(", 0, mention.start)
    if opened < 0 or text.rfind(")", 0, mention.start) > opened or ")" not in text[mention.end:position]:
        return False
    # "Xavier Tolan (Halden) et Paul Vasse (Brisemer) investissent": brackets that hold only the name say whom the
    # name before them stands for; they are no aside.
    return bool(text[opened + 1:mention.start].strip() or text[mention.end:text.index(")", mention.end)].strip())
