"""The entity linker: what an imported announcement names, as suggestions for a reviewer.

Known records are found by name and alias, ignoring case and accents, the
longest name first, never inside a longer word (agreements.mentions does the
matching on a folded copy of the text of the same length, so offsets hold).
Beside them: names that look like organizations nobody has recorded yet,
sentences that look like an agreement between two parties, dates and money
amounts. Nothing here changes a record.
"""

import functools
import re
import unicodedata

from citykb.core.dates import FuzzyDate

from ..mentions import find_mentions, known_names
from ..models import Suggestion

SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
ORGANIZATION_SUFFIX = (
    r"(?:Technologies|Technology|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|Inc\.?|Group|Holdings|Council"
    r"|University|Institute|Committee|Commission|Government|Authority|Agency|Bank|Association|Forum|Foundation"
    r"|Laboratory|Labs?|Networks|Systems|Telecom|Partners)"
)
NEW_ORGANIZATION = re.compile(rf"\b(?:[A-Z][\w&'’-]*\s+(?:(?:of|for|and|&)\s+)?)+{ORGANIZATION_SUFFIX}(?!\w)")
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
    """Find and store the suggestions for an announcement; returns them, in text order."""
    text = announcement.body
    sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]

    def sentence_around(position):
        return next(((s, e) for s, e in sentences if s <= position < e), (position, position))

    def suggestion(kind, start, end, label, confidence, candidates=()):
        context_start, context_end = sentence_around(start)
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
    mentions = find_mentions(fold(text), {fold(spelling): known for spelling, known in known_names().items()})
    for mention in mentions:
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
    taken = [(m.start, m.end) for m in mentions]
    new_names = []
    for match in NEW_ORGANIZATION.finditer(text):
        start, name = match.start(), match.group()
        if name.startswith("The "):
            start, name = start + 4, name[4:]
        end = start + len(name)
        if any(s < end and start < e for s, e in taken) or " " not in name:
            continue
        new_names.append((start, end, name))
        legal = re.search(r"(?:Ltd\.?|Limited|Inc\.?|Corporation|Corp\.?|Co\.)$", name)
        found.append(suggestion(Suggestion.Kind.NEW_ORGANIZATION, start, end, name, 0.7 if legal else 0.6))
    for start, end in sentences:
        wording = AGREEMENT_WORDS.findall(text[start:end])
        if not wording:
            continue
        parties = _parties_in(start, end, mentions, new_names)
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
    for match in DATE.finditer(text):
        try:
            date = FuzzyDate.parse(match.group().replace(",", ""))
        except ValueError:
            continue
        found.append(suggestion(Suggestion.Kind.DATE, match.start(), match.end(), str(date), 0.9))
    for match in AMOUNT.finditer(text):
        start, end = match.span()
        places = [
            {"kind": m.kind, "id": m.pk, "name": m.name}
            for m in mentions
            if m.kind in ("city", "event", "initiative") and sentence_around(m.start) == sentence_around(start)
        ]
        found.append(suggestion(Suggestion.Kind.AMOUNT, start, end, match.group(), 0.8, _unique(places)))
    found.sort(key=lambda s: (s.start, s.kind))
    return Suggestion.objects.bulk_create(found)


def _parties_in(start, end, mentions, new_names):
    parties = [
        {"kind": m.kind, "id": m.pk, "name": m.name}
        for m in mentions
        if start <= m.start < end and m.kind in ("organization", "city")
    ]
    parties += [{"kind": "new-organization", "id": None, "name": name} for s, _e, name in new_names if start <= s < end]
    return _unique(parties)


def _unique(records):
    seen, unique = set(), []
    for record in records:
        key = (record["kind"], record["id"], record["name"])
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique


def fold(text):
    """The text without case or accents, character for character: "Zürich" → "zurich", offsets unchanged."""
    return "".join(_fold_character(character) for character in text)


@functools.cache
def _fold_character(character):
    decomposed = unicodedata.normalize("NFD", character)
    base = decomposed[0] if all(unicodedata.combining(c) for c in decomposed[1:]) else character
    folded = base.casefold()
    return folded if len(folded) == 1 else base.lower() if len(base.lower()) == 1 else base
