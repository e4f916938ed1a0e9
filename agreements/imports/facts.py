"""The facts an announcement states, beside its names: dates, agreements between parties, money amounts."""

import re

from citykb.core.dates import FuzzyDate

from ..models import Agreement, Suggestion
from .proposals import unique

# Kinds of record that can be a party to an agreement, and that an amount can be about.
PARTY_KINDS = {"organization", "city"}
PLACE_KINDS = {"city", "event", "initiative"}
AGREEMENT_WORDS = re.compile(
    r"\b(?:agreements?|MoU|memorandum of understanding|signed|partnership|cooperat\w*|collaborat\w*)\b", re.I
)
# The agreement's kind, from the words of the sentence that proposes it: the first that occurs.
AGREEMENT_KIND_WORDS = [
    ("memorandum of understanding", Agreement.Kind.MOU),
    ("mou", Agreement.Kind.MOU),
    ("three-way", Agreement.Kind.THREE_WAY),
    ("three way", Agreement.Kind.THREE_WAY),
]
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


def propose_dates(proposals, published):
    """Propose every date the text states; [(start, end, FuzzyDate)] of them. Relative dates are read
    against `published` (a FuzzyDate, perhaps unknown)."""
    found = []
    for match in DATE.finditer(proposals.text):
        if proposals.full(Suggestion.Kind.DATE):
            break
        try:
            date = FuzzyDate.parse(match.group().replace(",", ""))
        except ValueError:
            continue
        start, end = match.span()
        if proposals.add(Suggestion.Kind.DATE, start, end, str(date), 0.9, details={"value": date.iso()}):
            found.append((start, end, date))
    return found


def propose_agreements(proposals, mentions, found, dates):
    """Propose an agreement for each sentence that speaks of one between two parties or more (known records,
    or the new organizations and cities in `found`)."""
    text, sentences = proposals.text, proposals.sentences
    parties_by_sentence = sentences.group(
        [(m.start, {"kind": m.kind, "id": m.pk, "name": m.name}) for m in mentions if m.kind in PARTY_KINDS]
        + [(start, candidate) for start, _end, candidate in found if candidate["kind"] != "new-person"]
    )
    for number, (start, end) in enumerate(sentences.spans):
        wording = AGREEMENT_WORDS.findall(text, start, end)
        if not wording:
            continue
        parties = unique(parties_by_sentence.get(number, []))
        if len(parties) < 2:
            continue
        names = [party["name"] for party in parties]
        label = " and ".join([", ".join(names[:-1]), names[-1]])
        words = {word.lower() for word in wording}
        confidence = 0.4 + 0.2 * ("signed" in words) + 0.2 * bool(words & NAMED_AGREEMENT)
        leading = len(text[start:end]) - len(text[start:end].lstrip())
        wording = text[start:end].casefold()
        kind = next((kind for words, kind in AGREEMENT_KIND_WORDS if words in wording), Agreement.Kind.AGREEMENT)
        details = {"agreement_kind": str(kind)}
        label = f"Agreement between {label}"
        proposals.add(Suggestion.Kind.AGREEMENT, start + leading, end, label, confidence, parties, details)


def propose_amounts(proposals, mentions):
    """Propose every sum of money, with the cities, events and initiatives of its sentence as what it may
    be about."""
    sentences = proposals.sentences
    places_by_sentence = sentences.group(
        [(m.start, {"kind": m.kind, "id": m.pk, "name": m.name}) for m in mentions if m.kind in PLACE_KINDS]
    )
    for match in AMOUNT.finditer(proposals.text):
        if proposals.full(Suggestion.Kind.AMOUNT):
            break
        start, end = match.span()
        places = unique(places_by_sentence.get(sentences.number_of(start), []))
        proposals.add(Suggestion.Kind.AMOUNT, start, end, match.group(), 0.8, places)
