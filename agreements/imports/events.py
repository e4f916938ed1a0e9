"""Events a press release names that the knowledge base does not know yet: a summit, a conference, an expo.

A name is a run of capitalised words ending in an event noun ("Smart Cities Central Europe Summit"), perhaps
with its year before or after the noun ("Infocus 2016 Conference", "Expo 2018"). Each is found from its noun
and read backwards a few words, so the work stays in step with the text. Where it was held is the city its
sentence names after it, else before it; when, a date of that sentence that dates an event, else the year in its
name.
"""

import re

from ..models import Suggestion
from .dates import headline_end
from .proposals import Spans

EVENT_NOUN = re.compile(
    r"\b(?:Summit|Conference|Expo|Congress|Festival|Exhibition|Fair|Week|Forum)(?:\s+(?:19|20)\d\d)?\b"
)
# The words before the noun that may belong to the name: capitalised words, a year, and these small words.
NAME_WORD = re.compile(r"[A-Z][\w&'’.-]*|(?:19|20)\d\d")
JOINING = {"of", "on", "for", "and", "&"}
MOST_WORDS = 8
# A name of one word and its noun is a common phrase ("Annual Conference", "Press Week"), not an event's name.
GENERIC = {"The", "A", "An", "This", "Its", "Their", "Annual", "Press", "Last", "Next", "First", "Second", "Third"}
PLACE_KINDS = {"city", "new-city"}


def propose_events(proposals, mentions, found, dates):
    """Propose the new events the text names, once each, with the city and date it gives them; [(start, end,
    candidate)] of them. `found`: the new organizations, cities and people proposed so far; `dates`: (start,
    end, StatedDate, of) of the dates proposed."""
    text, sentences = proposals.text, proposals.sentences
    named = Spans(
        [(start, end) for start, end, candidate in found if candidate["kind"] == "new-organization"]
        + [(mention.start, mention.end) for mention in mentions]
    )
    cities_by_sentence = sentences.group(
        [(m.start, (m.start, m.name)) for m in mentions if m.kind == "city"]
        + [(start, (start, candidate["name"])) for start, _end, candidate in found if candidate["kind"] in PLACE_KINDS]
    )
    dates_by_sentence = sentences.group((start, (start, end, stated, of)) for start, end, stated, of in dates)
    events, proposed = [], set()
    # The headline names again what the first sentence says, with less: an event is proposed from the body.
    for noun in EVENT_NOUN.finditer(text, headline_end(text)):
        start = _start_of_name(text, noun.start())
        end = noun.end()
        # A known name may be part of the event's ("Yinchuan … Expo"); one that holds the noun is the event.
        if start is None or named.overlaps(*noun.span()) or proposals.full(Suggestion.Kind.NEW_EVENT):
            continue
        name = " ".join(text[start:end].split())
        if name in proposed:
            continue
        proposed.add(name)
        number = sentences.number_of(start)
        details = {
            "city": _city_of(text, end, cities_by_sentence.get(number, [])),
            "held": _held(text, start, end, dates_by_sentence.get(number, [])),
        }
        candidate = {"kind": "new-event", "id": None, "name": name}
        if proposals.add(Suggestion.Kind.NEW_EVENT, start, end, name, 0.6, [candidate], details):
            events.append((start, end, candidate))
    return events


def _start_of_name(text, noun_start):
    """Where the name ending in the noun at `noun_start` begins, read back over at most MOST_WORDS words on its
    line, or None if no capitalised word but a generic one leads to it."""
    start, position = None, noun_start  # position: where the word to the right begins
    for _ in range(MOST_WORDS):
        if position < 2 or text[position - 1] != " ":
            break
        before = text.rfind(" ", max(0, position - 42), position - 1)
        if before < 0 and position > 41:
            break  # a word longer than any name's
        word = text[before + 1 : position - 1]
        if NAME_WORD.fullmatch(word):
            start = before + 1
        elif word not in JOINING:
            break
        position = before + 1
    if start is not None and text.startswith("The ", start):
        start += 4
    words = text[start:noun_start].split() if start is not None else []
    if not words or (len(words) == 1 and words[0] in GENERIC):
        return None
    return start


def _city_of(text, end, cities):
    """The city its sentence names after the event ("… Summit 2018 took place in Brno"), else the one before it
    ("Łódź will host the … Summit")."""
    after = [name for start, name in cities if start >= end]
    before = [name for start, name in cities if start < end]
    return (after or before[::-1] or [None])[0]


def _held(text, start, end, dates):
    """{value, start, end} of when the event is held: a date of its sentence that dates an event, else one
    after its name; the year in its name when the sentence gives none of that year; None if nothing says."""
    year = re.search(r"(?:19|20)\d\d", text[start:end])
    outside = [date for date in dates if not start <= date[0] < end]
    chosen = [date for date in outside if date[3] == "event"] or [date for date in outside if date[0] >= end]
    for date_start, date_end, stated, _of in chosen:
        if year is None or (stated.date.start and stated.date.start.year == int(year.group())):
            return {"value": stated.iso(), "start": date_start, "end": date_end}
    if year:
        return {"value": year.group(), "start": start + year.start(), "end": start + year.end()}
    return None
