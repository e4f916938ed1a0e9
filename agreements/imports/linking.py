"""The entity linker: what an imported announcement names, as suggestions for a reviewer.

Known records are found by name and alias, ignoring case and accents, the
longest name first, never inside a longer word (agreements.mentions does the
matching on a folded copy of the text of the same length, so offsets hold).
Beside them: names that look like organizations nobody has recorded yet,
sentences that look like an agreement between two parties, dates and money
amounts. Nothing here changes a record.
"""

import bisect
import re
from collections import Counter
from itertools import islice

from citykb.core.dates import FuzzyDate

from ..mentions import mentions_in
from ..models import Suggestion
from .places import cities_in

# A reviewer cannot go through more of one kind, and a long text of one pattern (a price list, say) must not
# make hundreds of thousands of rows: past this many, the report says the rest were not proposed.
MOST_OF_A_KIND = 1000
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
ORGANIZATION_SUFFIX = (
    r"(?:Technologies|Technology|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|Inc\.?|Group|Holdings|Council"
    r"|University|Institute|Committee|Commission|Government|Authority|Agency|Bank|Association|Forum|Foundation"
    r"|Laboratory|Labs?|Networks|Systems|Telecom|Partners)"
)
CHUNK = re.compile(r"\S+")
NAME_WORD = re.compile(r"[A-Z][\w&'’-]*")
JOINING_WORDS = {"of", "for", "and", "&"}
ORGANIZATION_SUFFIX_AT = re.compile(rf"{ORGANIZATION_SUFFIX}(?!\w)")
# Kinds of record that can be a party to an agreement, and that an amount can be about.
PARTY_KINDS = {"organization", "city"}
PLACE_KINDS = {"city", "event", "initiative"}
AGREEMENT_WORDS = re.compile(
    r"\b(?:agreements?|MoU|memorandum of understanding|signed|partnership|cooperat\w*|collaborat\w*)\b", re.I
)
# Words that name the agreement itself, not only the act of signing or working together.
NAMED_AGREEMENT = {"agreement", "agreements", "mou", "memorandum of understanding", "partnership"}
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}},\s+\d{{4}}|(?:early|mid|late)[\s-]+\d{{4}}"
    rf"|{MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?!\w)"
)
AMOUNT = re.compile(
    r"(?:\b(?:close to|nearly|almost|about|around|approximately|over|more than|up to)\s+)?"
    r"(?:£|€|¥|US\$|\$|\b(?:RMB|USD|GBP|EUR|CNY)\s?)\d[\d,]*(?:\.\d+)?"
    r"(?:\s*(?:million|billion|thousand|bn|m|k)\b)?",
    re.I,
)


def suggestions_for(announcement, report):
    """The suggestions for an announcement, unsaved, in text order.

    Time linear in the text: known names in one pass of an automaton, every other pattern in one
    pass of the text, and what is near what looked up by sentence, never by scanning all of them.
    """
    text = announcement.body
    sentences = Sentences(text)

    made = Counter()

    def suggestion(kind, start, end, label, confidence, candidates=()):
        made[kind] += 1
        if made[kind] > MOST_OF_A_KIND:
            return None
        context_start, context_end = sentences.around(start)
        return Suggestion(
            report=report,
            announcement=announcement,
            kind=kind,
            start=start,
            end=end,
            label=label[:300],
            context=text[context_start:context_end].strip(),
            confidence=round(confidence, 2),
            candidates=list(candidates),
        )

    found = []
    mentions = mentions_in(text)
    for mention in mentions[:MOST_OF_A_KIND]:
        said = text[mention.start : mention.end]
        exact = said == mention.name or said.casefold() != said  # as written, or capitalised like a name
        candidate = {"kind": mention.kind, "id": mention.pk, "name": mention.name}
        found.append(
            suggestion(
                Suggestion.Kind.MENTION,
                mention.start,
                mention.end,
                mention.name,
                1.0 if said == mention.name else 0.9 if exact else 0.5,
                [candidate],
            )
        )
    taken = Spans((m.start, m.end) for m in mentions)
    new_names = []
    for start, end in new_organizations(text):
        if taken.overlaps(start, end):
            continue
        name = text[start:end]
        new_names.append((start, end, name))
        legal = re.search(r"(?:Ltd\.?|Limited|Inc\.?|Corporation|Corp\.?|Co\.)$", name)
        found.append(suggestion(Suggestion.Kind.NEW_ORGANIZATION, start, end, name, 0.7 if legal else 0.6))
    new_cities = []
    for start, end, place in cities_in(text):
        if taken.overlaps(start, end) or any(s < end and start < e for s, e, _name in new_names):
            continue
        name = text[start:end]  # as the text writes it ("Aarhus"), not as the gazetteer does ("Århus")
        candidate = {"kind": "new-city", "id": None, "name": name, "country": place.country}
        new_cities.append((start, candidate))
        confidence = 0.7 if " " in place.name or place.population >= 1_000_000 else 0.6
        found.append(suggestion(Suggestion.Kind.NEW_CITY, start, end, name, confidence, [candidate]))
    parties_by_sentence = sentences.group(
        [(m.start, {"kind": m.kind, "id": m.pk, "name": m.name}) for m in mentions if m.kind in PARTY_KINDS]
        + [(s, {"kind": "new-organization", "id": None, "name": name}) for s, _e, name in new_names]
        + new_cities
    )
    places_by_sentence = sentences.group(
        [(m.start, {"kind": m.kind, "id": m.pk, "name": m.name}) for m in mentions if m.kind in PLACE_KINDS]
    )
    for number, (start, end) in enumerate(sentences.spans):
        wording = AGREEMENT_WORDS.findall(text, start, end)
        if not wording:
            continue
        parties = _unique(parties_by_sentence.get(number, []))
        if len(parties) < 2:
            continue
        names = [party["name"] for party in parties]
        label = " and ".join([", ".join(names[:-1]), names[-1]])
        words = {word.lower() for word in wording}
        confidence = 0.4 + 0.2 * ("signed" in words) + 0.2 * bool(words & NAMED_AGREEMENT)
        leading = len(text[start:end]) - len(text[start:end].lstrip())
        found.append(
            suggestion(
                Suggestion.Kind.AGREEMENT,
                start + leading,
                end,
                f"Agreement between {label}",
                confidence,
                parties,
            )
        )
    for match in islice(DATE.finditer(text), MOST_OF_A_KIND):
        try:
            date = FuzzyDate.parse(match.group().replace(",", ""))
        except ValueError:
            continue
        found.append(suggestion(Suggestion.Kind.DATE, match.start(), match.end(), str(date), 0.9))
    for match in islice(AMOUNT.finditer(text), MOST_OF_A_KIND):
        start, end = match.span()
        places = _unique(places_by_sentence.get(sentences.number_of(start), []))
        found.append(suggestion(Suggestion.Kind.AMOUNT, start, end, match.group(), 0.8, places))
    found = [s for s in found if s is not None]
    found.sort(key=lambda s: (s.start, s.kind))
    return found


def kinds_cut_short(suggestions):
    """The kinds of suggestion of which the linker proposed as many as it proposes, and so perhaps not all."""
    made = Counter(suggestion.kind for suggestion in suggestions)
    return sorted(kind for kind, count in made.items() if count >= MOST_OF_A_KIND)


class Sentences:
    """The sentences of a text, found in one pass; the one around a place, found by bisection."""

    def __init__(self, text):
        self.spans = [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]
        self.starts = [start for start, _end in self.spans]

    def number_of(self, position):
        """The number of the sentence holding the position, or None (between sentences)."""
        number = bisect.bisect_right(self.starts, position) - 1
        if number >= 0 and position < self.spans[number][1]:
            return number
        return None

    def around(self, position):
        number = self.number_of(position)
        return self.spans[number] if number is not None else (position, position)

    def group(self, items):
        """{sentence number: [item]} for (position, item) pairs, in their order."""
        grouped = {}
        for position, item in items:
            grouped.setdefault(self.number_of(position), []).append(item)
        return grouped


class Spans:
    """Sorted, non-overlapping (start, end) spans; whether a span overlaps one of them, by bisection."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [start for start, _end in self.spans]

    def overlaps(self, start, end):
        number = bisect.bisect_left(self.starts, end) - 1
        return number >= 0 and self.spans[number][1] > start


def new_organizations(text):
    """(start, end) of names that look like an organization nobody has recorded: capitalised words, each
    after a space (one "of", "for", "and" or "&" may join two), ending in a word such as Council or
    Technologies; the longest such name of a run of words, "The" left out, two words at least.

    One pass over the text's words: a pattern for the same names backtracked over long runs of
    capitalised words (a minute for 48 KB of them)."""
    found = []
    run_start = pending = None  # where the run of capitalised words began; the longest name in it so far
    joined = False  # the last word was a joining word
    for chunk in CHUNK.finditer(text):
        word = chunk.group()
        if run_start is not None and (suffix := ORGANIZATION_SUFFIX_AT.match(word)):
            pending = (run_start, chunk.start() + suffix.end())
        if NAME_WORD.fullmatch(word):
            if run_start is None:
                run_start = chunk.start()
            joined = False
        elif word in JOINING_WORDS and run_start is not None and not joined:
            joined = True
        else:
            found += [pending] if pending else []
            run_start = pending = None
            joined = False
    found += [pending] if pending else []
    names = []
    for start, end in found:
        if text.startswith("The ", start):
            start += 4
        if " " in text[start:end]:
            names.append((start, end))
    return names


def _unique(records):
    seen, unique = set(), []
    for record in records:
        key = (record["kind"], record["id"], record["name"])
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique
