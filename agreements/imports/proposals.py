"""The suggestions being made for one text, and the sentences and spans of that text, found by bisection."""

import bisect
import re
from collections import Counter

from ..models import Suggestion

# A reviewer cannot go through more of one kind, and a long text of one pattern (a price list, say) must not
# make hundreds of thousands of rows: past this many, the report says the rest were not proposed.
MOST_OF_A_KIND = 1000
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


class Proposals:
    """The suggestions made so far for one text, at most MOST_OF_A_KIND of each kind.

    `taken` holds the spans of known names, which no new name may overlap."""

    def __init__(self, announcement, report):
        self.announcement, self.report = announcement, report
        self.text = announcement.body
        self.sentences = Sentences(self.text)
        self.taken = Spans(())
        self.made = []
        self.counts = Counter()

    def add(self, kind, start, end, label, confidence, candidates=(), details=None):
        """The new unsaved suggestion, or None past the most of its kind."""
        self.counts[kind] += 1
        if self.counts[kind] > MOST_OF_A_KIND:
            return None
        context_start, context_end = self.sentences.around(start)
        suggestion = Suggestion(
            report=self.report,
            announcement=self.announcement,
            kind=kind,
            start=start,
            end=end,
            label=label[:300],
            context=self.text[context_start:context_end].strip(),
            confidence=round(confidence, 2),
            candidates=list(candidates),
            details=details or {},
        )
        self.made.append(suggestion)
        return suggestion

    def full(self, kind):
        return self.counts[kind] >= MOST_OF_A_KIND

    def in_text_order(self):
        return sorted(self.made, key=lambda s: (s.start, s.kind))


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


def unique(records):
    """The candidate records ({kind, id, name}) without repeats, in their order."""
    seen, kept = set(), []
    for record in records:
        key = (record["kind"], record["id"], record["name"])
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return kept
