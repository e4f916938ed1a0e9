"""The entity linker: what an imported announcement names, as suggestions for a reviewer.

Known records are found by name and alias, ignoring case and accents, the
longest name first, never inside a longer word (agreements.mentions does the
matching on a folded copy of the text of the same length, so offsets hold).
Beside them, each from its own module: names of organizations and people
nobody has recorded yet (names), cities and countries (places), and the facts
the text states: dates and agreements between parties (facts), money amounts (amounts).
Nothing here changes a record.
"""

from collections import Counter

from ..mentions import mentions_in
from ..models import Suggestion
from . import amounts, events, facts, names, places
from .proposals import MOST_OF_A_KIND, Proposals, Spans


def suggestions_for(announcement, report):
    """The suggestions for an announcement, unsaved, in text order.

    Time linear in the text: known names in one pass of an automaton, every other pattern in one
    pass of the text, and what is near what looked up by sentence, never by scanning all of them.
    """
    proposals = Proposals(announcement, report)
    mentions = mentions_in(proposals.text)
    for mention in mentions[:MOST_OF_A_KIND]:
        said = proposals.text[mention.start : mention.end]
        exact = said == mention.name or said.casefold() != said  # as written, or capitalised like a name
        candidate = {"kind": mention.kind, "id": mention.pk, "name": mention.name}
        confidence = 1.0 if said == mention.name else 0.9 if exact else 0.5
        proposals.add(Suggestion.Kind.MENTION, mention.start, mention.end, mention.name, confidence, [candidate])
    proposals.taken = Spans((m.start, m.end) for m in mentions)
    found = names.propose_organizations(proposals)
    found += places.propose_cities(proposals, found)
    found += names.propose_people(proposals, mentions, found)
    places.propose_countries(proposals)
    dates = facts.propose_dates(proposals, announcement.published)
    facts.propose_agreements(proposals, mentions, found, dates)
    events.propose_events(proposals, mentions, found, dates)
    amounts.propose_amounts(proposals, mentions)
    return proposals.in_text_order()


def kinds_cut_short(suggestions):
    """The kinds of suggestion of which the linker proposed as many as it proposes, and so perhaps not all."""
    made = Counter(suggestion.kind for suggestion in suggestions)
    return sorted(kind for kind, count in made.items() if count >= MOST_OF_A_KIND)
