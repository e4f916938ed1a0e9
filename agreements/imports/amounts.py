"""Sums of money a text states ("close to £1 million", "RMB 30m", "several million euros"), each with its
quantity, currency and qualifier, and the cities, events and initiatives of its sentence as what it may be about.
"""

import re
from decimal import Decimal

from ..models import StatedFigure, Suggestion
from .dates import either_case, matches_near
from .proposals import unique

PLACE_KINDS = {"city", "event", "initiative"}  # what an amount can be about
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


def amount_in(words):
    """{quantity, currency, qualifier} of the sum of money the words state, or None if they state none."""
    match = AMOUNT.search(words)
    return _amount(match) if match else None


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
