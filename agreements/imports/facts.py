"""The facts an announcement states, beside its names: dates and agreements between parties (amounts of money
are in amounts.py).

Everything here is found in one pass of the text or of its sentences; what is near what (a date and the
agreement it dates, the people who signed) is looked up by sentence number, never by scanning.
"""

import re

from citykb.core.dates import FuzzyDate

from ..mentions import fold
from ..models import Agreement, Suggestion
from .dates import StatedDate, dateline_of, headline_end, stated_dates
from .proposals import Spans, unique

# Kinds of record that can be a party to an agreement.
PARTY_KINDS = {"organization", "city", "new-organization", "new-city"}
CITY_KINDS = {"city", "new-city"}
AGREEMENT_WORDS = re.compile(
    r"\b(?:agreements?|MoU|memorandum|letter of intent|signed|partnership|cooperat\w*|collaborat\w*)\b", re.I
)
NOT_AN_AGREEMENT = re.compile(r"\bin partnership with\b", re.I)  # an event held with sponsors
SIGNING = re.compile(r"\b(?:sign|signs|signed|signing|agreed|renewed)\b", re.I)
SIGNED_BY = re.compile(r"\b(?:sign|signs|signed)\b", re.I)  # not "witnessed the signing"
EVENT = re.compile(r"\b(?:event|conference|summit|expo|forum|festival|fair|congress|exhibition|edition)s?\b", re.I)
EVENT_VERB = re.compile(r"\b(?:opened|opens|held|runs|took place|takes place)\s+$", re.I)
# The agreement's kind, from the words of the sentence that proposes it: the first of these it uses.
AGREEMENT_KIND_WORDS = [
    (re.compile(r"\b(?:three|four|five)[ -](?:way|party)\b(?! (?:memorandum|MoU))", re.I), Agreement.Kind.THREE_WAY),
    (re.compile(r"\b(?:memorandum|MoU)\b", re.I), Agreement.Kind.MOU),
    (re.compile(r"\bletter of intent\b", re.I), Agreement.Kind.LETTER_OF_INTENT),
    (re.compile(r"\bframework\b", re.I), Agreement.Kind.FRAMEWORK),
    (re.compile(r"\bpartnership\b", re.I), Agreement.Kind.PARTNERSHIP),
]
NAMED_AGREEMENT = re.compile(r"\b(?:agreement|mou|memorandum|partnership|letter of intent)\b", re.I)
# "the memorandum", "the two cities": the sentence speaks again of an agreement already proposed...
REFERS_BACK = re.compile(
    r"\b(?:the|this|their)\s+(?:\w+\s+)?(?:agreement|memorandum|mou|letter|partnership|document|renewal"
    r"|two (?:cities|sides|parties|organisations|organizations)|both (?:sides|parties))\b",
    re.I,
)
# ...unless it introduces one ("signed a memorandum") or speaks of an earlier one ("first signed in 2015").
INTRODUCES = re.compile(
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:agreement|memorandum|mou|letter of intent|partnership)\b", re.I
)
EARLIER = re.compile(
    r"\b(?:(?:original|previous|earlier|first)\s+(?:\w+\s+)?(?:agreement|memorandum|partnership|deal)"
    r"|first (?:signed|agreed))\b",
    re.I,
)
THE_CITY = re.compile(r"\bthe (?:city|municipality|council)\b", re.I)
THE_COMPANY = re.compile(r"\bthe (?:company|firm|operator|university)\b", re.I)
APPOSITION = re.compile(r"\s+(?:a|an|the)\s", re.I)
CITY_OF = re.compile(r"\b(?:city|town|capital|canton|region|province|state|municipality) of\s", re.I)
IN_OR_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+|central\s+)?$", re.I)
TOWN_HALL = re.compile(r"^['’]s\s+(?:town|city)\s+hall", re.I)
AT_THE_DATELINE = re.compile(r"\b(?:at|in) (?:the city['’]s\b|the city\b|\S+ (?:town|city) hall\b)", re.I)
AT_A_DISTANCE = re.compile(r"\b(?:video|online|virtual\w*|remotely)\b", re.I)
SCOPE = re.compile(
    r"\b(?:covers?|covering|concentrated on|concentrates on|cooperate on|to study|to test)\s+"
    r"(?P<items>[^.;:]+)",
    re.I,
)
# "…, and links between…" ends a list; "…, and sets out how…" goes on after one.
LAST_ITEM = re.compile(
    r"and (?!(?:sets|runs|gives|includes|commits|provides|aims|makes|lets|allows|covers|expects|will|would|can"
    r"|could|may|must|should|also|has|have|is|are|was|were|then|to)\b)"
)
ITEM_END = re.compile(r"\s+in\s+", re.I)  # "air-quality monitoring in the Portuguese capital"

# A year in the name of an event ("the Infocus 2016 Conference", "Summit 2019") dates the event.
EVENT_NOUN = r"(?:Conference|Summit|Forum|Expo|Congress|Festival|Fair|Exhibition)"
YEARS_OF_EVENTS = [
    re.compile(rf"\b{EVENT_NOUN} (?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<year>(?:19|20)\d\d) {EVENT_NOUN}\b"),
]


def propose_dates(proposals, published):
    """Propose every date the text states; [(start, end, StatedDate, of)] of them. Relative dates are read
    against `published` (a FuzzyDate, perhaps unknown) or the date of the text's dateline."""
    text, sentences, found, said = proposals.text, proposals.sentences, [], {}
    for start, end, stated, opening in stated_dates(text, published, dateline_of(text)):
        if proposals.full(Suggestion.Kind.DATE):
            break
        of = (
            "publication"
            if opening or text[start:end].lower() == "today"
            else _what_it_dates(text, start, sentences, said)
        )
        details = {"value": stated.iso(), "of": of, "inferred": stated.inferred}
        confidence = 0.6 if stated.inferred else 0.9
        if proposals.add(Suggestion.Kind.DATE, start, end, str(stated), confidence, details=details):
            found.append((start, end, stated, of))
    taken = Spans((start, end) for start, end, _stated, _of in found)
    years_by_sentence = sentences.group((start, stated.date.start.year) for start, _e, stated, _of in found)
    for match in (match for pattern in YEARS_OF_EVENTS for match in pattern.finditer(text, headline_end(text))):
        start, end = match.span("year")
        if taken.overlaps(start, end) or proposals.full(Suggestion.Kind.DATE):
            continue
        if int(match["year"]) in years_by_sentence.get(sentences.number_of(start), []):
            continue  # "the Summit 2024 from 10 to 12 September": the days say more than the name's year
        stated = StatedDate(FuzzyDate.of(int(match["year"])))
        details = {"value": stated.iso(), "of": "event", "inferred": False}
        if proposals.add(Suggestion.Kind.DATE, start, end, str(stated), 0.6, details=details):
            found.append((start, end, stated, "event"))
    return found


def _what_it_dates(text, start, sentences, words_of_sentences):
    """ "signing", "event" or "other": from the verb just before the date ("opened on"), then from the words of
    its sentence, read once per sentence (`words_of_sentences` keeps them), whatever the number of its dates."""
    sentence_start, sentence_end = sentences.around(start)
    if EVENT_VERB.search(text[max(sentence_start, start - 40) : start]):
        return "event"
    number = sentences.number_of(start)
    if number not in words_of_sentences:
        signing = bool(SIGNING.search(text, sentence_start, sentence_end))
        words_of_sentences[number] = (
            "signing" if signing else "event" if EVENT.search(text, sentence_start, sentence_end) else "other"
        )
    return words_of_sentences[number]


def propose_agreements(proposals, mentions, found, dates):
    """Propose each agreement the text speaks of between two parties or more (known records, or the new
    organizations and cities in `found`), once: sentences that speak of it again add to its details."""
    text, sentences, dateline = proposals.text, proposals.sentences, dateline_of(proposals.text)
    named = [(m.start, m.end, {"kind": m.kind, "id": m.pk, "name": m.name}) for m in mentions]
    named += [(start, end, candidate) for start, end, candidate in found]
    by_sentence = sentences.group((start, (start, end, candidate)) for start, end, candidate in named)
    dates_by_sentence = sentences.group((start, (start, end, stated, of)) for start, end, stated, of in dates)
    made, by_parties, last = [], {}, {}  # last: the city and the organization named most recently
    current = None
    headline = headline_end(text)  # the headline says again what the first sentences say
    for number, (start, end) in enumerate(sentences.spans):
        names, sentence = by_sentence.get(number, []), text[start:end]
        wording = AGREEMENT_WORDS.findall(sentence) if start >= headline else None
        # "The document covers healthcare, transport and education": more about the agreement just proposed.
        more = current is not None and wording is not None and REFERS_BACK.match(sentence.lstrip())
        if wording and not (NOT_AN_AGREEMENT.search(sentence) and len(wording) == 1) or more:
            parties = _parties(text, names, dateline, last, sentence)
            key = frozenset(fold(party["name"]).casefold() for party in parties)
            said_before = REFERS_BACK.search(sentence) and not INTRODUCES.search(sentence)
            dates_here, dates_of_earlier = dates_by_sentence.get(number, []), []
            if earlier := EARLIER.search(sentence):  # "…, extending a cooperation first agreed in 2019"
                cut = start + earlier.start()
                dates_of_earlier = [date for date in dates_here if date[0] >= cut]
                dates_here = [date for date in dates_here if date[0] < cut]
            if len(parties) >= 2 and not said_before and key not in by_parties and not (current and earlier):
                current = by_parties[key] = Proposed(start, end, parties, sentence)
                made.append(current)
            elif len(parties) >= 2 and key in by_parties and not earlier:
                current = by_parties[key]
            if current is not None and earlier:
                if current.earlier is None:
                    current.earlier = Proposed(start, end, current.parties, sentence[earlier.start() :])
                    made.append(current.earlier)
                current.earlier.attach(text, start, end, names, dates_of_earlier, dateline)
                if current.start != start:
                    dates_here = None  # the sentence is about the earlier agreement only
            if current is not None and dates_here is not None:
                current.attach(text, start, end, names, dates_here, dateline)
        for _start, _end, candidate in names:
            if candidate["kind"] in PARTY_KINDS:
                last["city" if candidate["kind"] in CITY_KINDS else "organization"] = candidate
    for proposed in made:
        if proposals.full(Suggestion.Kind.AGREEMENT):
            break
        proposed.propose(proposals)


def _parties(text, names, dateline, last, sentence):
    """The organizations and cities a sentence names as parties: not in its dateline nor where something
    happens ("in Tianfu New Area"); "the city" and "the company" as the last named before, when needed."""
    parties = []
    for start, _end, candidate in names:
        if candidate["kind"] not in PARTY_KINDS or dateline and start < dateline.end:
            continue
        if candidate["kind"] in CITY_KINDS and IN_OR_AT.search(text[max(0, start - 16) : start]):
            continue
        if _in_an_apposition(text[max(0, start - 80) : start]):
            continue
        parties.append(candidate)
    parties = _unique_names(parties)
    if len(parties) == 1:
        kinds = {"city" if party["kind"] in CITY_KINDS else "organization" for party in parties}
        if "city" not in kinds and THE_CITY.search(sentence) and last.get("city"):
            parties.append(last["city"])
        elif "organization" not in kinds and THE_COMPANY.search(sentence) and last.get("organization"):
            parties.append(last["organization"])
    return _unique_names(parties)


def _in_an_apposition(before):
    """Whether a name follows ", the British subsidiary of", and so describes the party before it rather
    than being one; ", the Chinese city of" names a party."""
    _, comma, clause = before.rpartition(",")
    return bool(comma and APPOSITION.match(clause) and not CITY_OF.search(clause))


def _unique_names(records):
    """The records without two of the same name ("POZNAŃ" in a dateline is Poznań)."""
    seen, kept = set(), []
    for record in unique(records):
        name = fold(record["name"]).casefold()
        if name not in seen:
            seen.add(name)
            kept.append(record)
    return kept


class Proposed:
    """An agreement being gathered from the sentences that speak of it, before it is proposed."""

    def __init__(self, start, end, parties, sentence):
        self.start, self.end, self.parties = start, end, parties
        self.earlier = None  # an earlier agreement between the same parties that the text speaks of
        self.kind = next((kind for words, kind in AGREEMENT_KIND_WORDS if words.search(sentence)), None)
        self.named = bool(NAMED_AGREEMENT.search(sentence))
        self.signed = self.place = None
        self.remote = False
        self.scope, self.people = [], []

    def attach(self, text, start, end, names, dates, dateline):
        """Add what one more sentence about the agreement says: its signing date, place, scope, signatories."""
        sentence = text[start:end]
        self.named = self.named or bool(NAMED_AGREEMENT.search(sentence))
        if self.signed is None:
            signing = [(s, e, stated) for s, e, stated, of in dates if of == "signing"]
            if signing:
                s, e, stated = signing[0]
                self.signed = {"value": stated.iso(), "start": s, "end": e}
        if not self.scope and (scope := SCOPE.search(text, start, end)):
            self.scope = _enumeration(scope)
        if not SIGNED_BY.search(sentence):
            return
        self.remote = self.remote or bool(AT_A_DISTANCE.search(sentence))
        self.people += [
            {"kind": c["kind"], "id": c["id"], "name": c["name"]}
            for _s, _e, c in names
            if c["kind"] in ("person", "new-person")
        ]
        if self.place is None and not self.remote:
            self.place = _place(text, names, dateline, sentence)

    def propose(self, proposals):
        names = [party["name"] for party in self.parties]
        label = f"Agreement between {' and '.join([', '.join(names[:-1]), names[-1]])}"
        confidence = 0.4 + 0.2 * (self.signed is not None) + 0.2 * self.named
        details = {
            "agreement_kind": str(self.kind or Agreement.Kind.AGREEMENT),
            "signed": self.signed,
            "place": None if self.remote else self.place,
            "scope": self.scope,
            "people": unique(self.people),
        }
        text = proposals.text
        leading = len(text[self.start : self.end]) - len(text[self.start : self.end].lstrip())
        proposals.add(
            Suggestion.Kind.AGREEMENT, self.start + leading, self.end, label, confidence, self.parties, details
        )


def _place(text, names, dateline, sentence):
    """The city a signing sentence says it happened in: "in Lisbon", "at Poznań's town hall", or the
    dateline's city for "at the city's offices"; None if it says none."""
    for start, end, candidate in names:
        if candidate["kind"] in CITY_KINDS and (
            IN_OR_AT.search(text[max(0, start - 16) : start]) or TOWN_HALL.match(text[end : end + 20])
        ):
            return {"kind": candidate["kind"], "id": candidate["id"], "name": candidate["name"]}
    if dateline and AT_THE_DATELINE.search(sentence):
        city = next((c for _s, _e, c in names if fold(c["name"]).casefold() == fold(dateline.place).casefold()), None)
        return city and {"kind": city["kind"], "id": city["id"], "name": city["name"]} or {
            "kind": "new-city", "id": None, "name": dateline.place,
        }  # fmt: skip
    return None


def _enumeration(match):
    """[{description, start, end}] of the items of "covers healthcare, transport and education, and …"."""
    items, position = [], match.start("items")
    pieces = match["items"].split(", ")
    for index, piece in enumerate(pieces):
        last_piece = index + 1 == len(pieces) or not LAST_ITEM.match(pieces[index + 1])
        if LAST_ITEM.match(piece):
            items.append((position + 4, piece[4:]))
            break
        if " and " in piece and last_piece:
            first, second = piece.split(" and ", 1)
            items += [(position, first), (position + len(first) + 5, second)]
            break
        items.append((position, piece))
        position += len(piece) + 2
    else:
        return []  # not a list
    start, description = items[-1]
    items[-1] = (start, ITEM_END.split(description, 1)[0])
    scope = []
    for start, description in items:
        if description.lower().startswith("the "):
            start, description = start + 4, description[4:]
        scope.append({"description": description.strip(), "start": start, "end": start + len(description.strip())})
    return scope if len(scope) >= 2 else []
