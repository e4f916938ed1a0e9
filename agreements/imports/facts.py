"""The facts an announcement states, beside its names: dates, agreements between parties, money amounts.

Everything here is found in one pass of the text or of its sentences; what is near what (a date and the
agreement it dates, the people who signed) is looked up by sentence number, never by scanning.
"""

import re
from decimal import Decimal

from ..mentions import fold
from ..models import Agreement, StatedFigure, Suggestion
from .dates import dateline_of, either_case, headline_end, matches_near, stated_dates
from .proposals import unique

# Kinds of record that can be a party to an agreement, and that an amount can be about.
PARTY_KINDS = {"organization", "city", "new-organization", "new-city"}
CITY_KINDS = {"city", "new-city"}
PLACE_KINDS = {"city", "event", "initiative"}
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


def propose_dates(proposals, published):
    """Propose every date the text states; [(start, end, StatedDate, of)] of them. Relative dates are read
    against `published` (a FuzzyDate, perhaps unknown) or the date of the text's dateline."""
    text, sentences, found = proposals.text, proposals.sentences, []
    for start, end, stated, opening in stated_dates(text, published, dateline_of(text)):
        if proposals.full(Suggestion.Kind.DATE):
            break
        of = "publication" if opening or text[start:end].lower() == "today" else _what_it_dates(text, start, sentences)
        details = {"value": stated.iso(), "of": of, "inferred": stated.inferred}
        confidence = 0.6 if stated.inferred else 0.9
        if proposals.add(Suggestion.Kind.DATE, start, end, str(stated), confidence, details=details):
            found.append((start, end, stated, of))
    return found


def _what_it_dates(text, start, sentences):
    """ "signing", "event" or "other", from the words of the clause before the date, then of its sentence."""
    sentence_start, sentence_end = sentences.around(start)
    clause = text[sentence_start:start].rsplit(",", 1)[-1]
    if EVENT_VERB.search(clause):
        return "event"
    if SIGNING.search(clause) or SIGNING.search(text, sentence_start, sentence_end):
        return "signing"
    return "event" if EVENT.search(text, sentence_start, sentence_end) else "other"


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
        if wording and not (NOT_AN_AGREEMENT.search(sentence) and len(wording) == 1):
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


CURRENCY_SIGNS = {"£": "GBP", "€": "EUR", "¥": "CNY", "US$": "USD", "R$": "BRL", "$": "USD"}
CURRENCY_WORDS = {"rmb": "CNY", "yuan": "CNY", "złoty": "PLN", "zloty": "PLN", "euros": "EUR", "euro": "EUR"}
CURRENCY_WORDS |= {"dollars": "USD", "pounds": "GBP"}
CURRENCY_CODES = "USD|GBP|EUR|CNY|RMB|SEK|NOK|DKK|CHF|PLN|VND|BRL|JPY|INR|AUD|CAD|HKD|SGD|KRW|CZK|HUF"
SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9}
QUALIFIERS = {
    "close to": StatedFigure.Qualifier.CLOSE_TO,
    "nearly": StatedFigure.Qualifier.CLOSE_TO,
    "almost": StatedFigure.Qualifier.CLOSE_TO,
    "just under": StatedFigure.Qualifier.CLOSE_TO,
    "up to": StatedFigure.Qualifier.CLOSE_TO,
    "about": StatedFigure.Qualifier.ABOUT,
    "around": StatedFigure.Qualifier.ABOUT,
    "approximately": StatedFigure.Qualifier.ABOUT,
    "roughly": StatedFigure.Qualifier.ABOUT,
    "some": StatedFigure.Qualifier.ABOUT,
    "over": StatedFigure.Qualifier.MORE_THAN,
    "more than": StatedFigure.Qualifier.MORE_THAN,
    "in excess of": StatedFigure.Qualifier.MORE_THAN,
    "several": StatedFigure.Qualifier.SEVERAL,
    "a few": StatedFigure.Qualifier.SEVERAL,
}
NUMBER = r"\d[\d,]*(?:\.\d+)?"
SCALE = r"(?:\s*(?:thousand|million|billion|bn|mn|m|k)\b)?"
FIGURE = re.compile(rf"({NUMBER})\s*(thousand|million|billion|bn|mn|m|k)?\b")
CURRENCY_WORD = rf"(?:{CURRENCY_CODES}|yuan|z[łl]oty|euros?|dollars|pounds)\b"
QUALIFIER = either_case(*QUALIFIERS)
AMOUNT = re.compile(  # without re.IGNORECASE, several times faster; capitals where a sentence may start
    rf"(?:\b(?P<qualifier>{QUALIFIER})\s+)?"
    rf"(?:(?P<sign>US\$|R\$|£|€|¥|\$|\b(?:{CURRENCY_CODES})\s?){NUMBER}{SCALE}"
    rf"|\b{NUMBER}{SCALE}\s+(?P<word>{CURRENCY_WORD})"
    rf"|\b(?P<several>{either_case('several', 'a few')})\s+(?P<unit>hundred|thousand|million|billion)\s+"
    rf"(?P<unit_word>{CURRENCY_WORD}))"
)
MONEY = re.compile(rf"US\$|R\$|[£€¥$]|\b{CURRENCY_WORD}")  # what every amount holds


def propose_amounts(proposals, mentions):
    """Propose every sum of money, with its quantity, currency and qualifier, and the cities, events and
    initiatives of its sentence as what it may be about."""
    sentences = proposals.sentences
    places_by_sentence = sentences.group(
        [(m.start, {"kind": m.kind, "id": m.pk, "name": m.name}) for m in mentions if m.kind in PLACE_KINDS]
    )
    for match in matches_near(AMOUNT, MONEY, proposals.text):
        if proposals.full(Suggestion.Kind.AMOUNT):
            break
        start, end = match.span()
        places = unique(places_by_sentence.get(sentences.number_of(start), []))
        details = _amount(match)
        proposals.add(Suggestion.Kind.AMOUNT, start, end, match.group(), 0.8, places, details)


def _amount(match):
    """{quantity, currency, qualifier} of an AMOUNT match: "about €2.5m" is 2500000 EUR, about."""
    if match["several"]:
        unit = {"hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9}[match["unit"].lower()]
        quantity, currency, qualifier = Decimal(unit), match["unit_word"], StatedFigure.Qualifier.SEVERAL
    else:
        figure = FIGURE.search(match.group())
        quantity = Decimal(figure[1].replace(",", "")) * SCALES.get((figure[2] or "").lower(), 1)
        currency = match["sign"] or match["word"]
        qualifier = QUALIFIERS.get(" ".join((match["qualifier"] or "").lower().split()), StatedFigure.Qualifier.EXACTLY)
    sign = currency.strip()
    code = CURRENCY_SIGNS.get(sign) or CURRENCY_WORDS.get(sign.lower()) or sign.upper()
    code = "CNY" if code == "RMB" else code
    return {"quantity": _plain(quantity), "currency": code, "qualifier": str(qualifier)}


def _plain(quantity):
    """A decimal as plain digits: 2500000, 1.5."""
    return f"{quantity:f}".rstrip("0").rstrip(".") if "." in f"{quantity:f}" else f"{quantity:f}"
