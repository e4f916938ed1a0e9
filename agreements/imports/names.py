"""Names of organizations and people that the knowledge base does not know yet.

Everything here reads the text's words once, left to right (words_of), and then looks at a few words either side
of each run of capitalised words, with dict lookups for what was found elsewhere in the text: a regular expression
for the same names backtracked over long runs of capitalised words, and comparing every name with every sentence
grows with the square of the text.

An organization is taken from what a press release says of it: a name ending in a word such as Council or
Technologies, an acronym in brackets after a name, "X, a … company", "robotics group X", "X chief executive …",
"X's founder", "said X, which", "X and the city signed", or a list in which another organization stands. Its
shorter forms ("Veltrix" for "Veltrix Networks", "HGT" for "Hàn Giang Telecom") are aliases of one proposal.

A person is taken from how a press release introduces a speaker or signatory: "said Anna Kowal, deputy mayor of
Poznań", "Mayor Helena Reyes", "Acme UK chief executive Li Wei", "Tomasz Wróbel, chief executive of Veltrix";
later mentions by surname ("Kowal said") or nickname ("Bob" for "Robert") are aliases of the same proposal, and a
nickname of a known person's first name is a mention of that person.
"""

import bisect
import contextlib
import functools
import gc
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from nameparser import HumanName
from nicknames import NickNamer

from ..mentions import fold, known_names
from ..models import Suggestion
from .places import DEMONYMS, country_named, is_city_name

ORGANIZATION_SUFFIX = (
    r"(?:Technologies|Technology|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|Inc\.?|Group|Holdings|Council"
    r"|University|Institute|Committee|Commission|Government|Authority|Agency|Bank|Association|Forum|Foundation"
    r"|Laboratory|Labs|Networks|Systems|Telecom|Telecoms|Telematics|Partners|Municipality|Hall|Embassy|Ministry"
    r"|Department|Infrastructure|Robotics|Solutions|Software|Electronics|Communications|Telecommunications"
    r"|Consortium|Alliance|Federation|Oy|Oyj|AG|GmbH|SA|S\.A\.|SE|plc|PLC|LLC|BV|NV|AB|ASA|SpA|Srl|Pte)"
)
ORGANIZATION_SUFFIX_AT = re.compile(rf"{ORGANIZATION_SUFFIX}(?!\w)")
LEGAL_FORM = re.compile(r"(?:Ltd\.?|Limited|Inc\.?|Corporation|Corp\.?|Co\.|Oyj?|AG|GmbH|S\.?A\.?|plc|PLC|LLC|BV|NV)$")
# Words after which "of" (or "in", for an embassy) goes on with the same name: "Canton of Zürich".
ORGANIZATION_HEADS = {
    "University", "Institute", "Canton", "Government", "Embassy", "Consulate", "Ministry", "Department", "Bank",
    "Association", "Academy", "College", "School", "Agency", "Authority", "Commission", "Federation", "Chamber",
    "Municipality", "Office", "Council", "Committee", "Society",
}  # fmt: skip
JOINING_WORDS = {"of", "for", "and", "&"}
ABBREVIATED_FORMS = {"Ltd", "Inc", "Corp", "Co"}
# Nouns that say the name beside them is an organization's: "X, a Finnish software company"; "robotics group X".
ORGANIZATION_NOUNS = {
    "company", "companies", "operator", "firm", "provider", "group", "maker", "manufacturer", "developer",
    "supplier", "start-up", "startup", "vendor", "carrier", "subsidiary", "consultancy", "giant", "integrator",
    "corporation", "business", "bank", "insurer", "retailer", "agency", "institute", "university", "association",
    "organisation", "organization", "utility", "producer", "specialist", "consortium",
}  # fmt: skip
# What a person is, in a title: "deputy mayor", "chief executive", "head of …", "an environmental engineer".
ROLE_WORDS = {
    "mayor", "councillor", "councilor", "executive", "officer", "director", "president", "chairman",
    "chairwoman", "chair", "chairperson", "rector", "founder", "co-founder", "head", "leader", "member",
    "secretary", "minister", "governor", "manager", "spokesperson", "spokesman", "spokeswoman", "engineer",
    "analyst", "professor", "dean", "commissioner", "ambassador", "chancellor", "ceo", "cto", "cio", "coo",
    "cfo", "researcher", "adviser", "advisor", "coordinator", "representative", "deputy", "vice", "partner",
    "columnist", "economist", "scientist", "architect", "consultant", "general", "premier", "mp", "chief",
}  # fmt: skip
# Capitalised words that stand before a name as a title: never part of the name.
TITLE_WORDS = {
    "Mayor", "Deputy", "Vice", "Councillor", "Councilor", "Governor", "Minister", "President", "Chairman",
    "Chairwoman", "Director", "Leader", "Secretary", "Rector", "Chancellor", "Commissioner", "Ambassador",
    "Premier", "Senator", "Chief", "Executive", "Officer", "CEO", "Head",
}  # fmt: skip
HONORIFICS = {"Mr", "Ms", "Mrs", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Mx"}
SPEECH_VERBS = {"said", "says", "added", "commented", "told", "explained", "noted", "stated", "announced"}
# Capitalised words that open a sentence without being a name, beside whatever the text writes in lower case too.
GENERIC_WORDS = {
    "The", "A", "An", "About", "Under", "After", "Before", "Both", "Each", "Every", "This", "That", "These",
    "Those", "Our", "Its", "Their", "His", "Her", "We", "It", "They", "He", "She", "In", "On", "At", "By", "For",
    "From", "With", "As", "If", "When", "While", "Once", "Over", "Since", "Until", "And", "But", "Or", "To",
    "Registration", "Construction", "Installation", "Training", "Officials", "Read", "Here", "There", "One",
    "Two", "Three", "Four", "Five", "First", "Last", "Next", "New", "Smart", "City", "Cities", "Total",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Internet", "Things", "Cloud", "Data", "Phase", "Programme", "Program", "Project", "Expo", "Summit",
    "Conference", "Agreement", "Memorandum", "Understanding", "Partnership", "Letter", "Intent",
}  # fmt: skip
# Words that open a sentence of a press release and would read as the first word of a name before "Technology" or
# "Systems": verbs in the imperative, and adjectives.
SENTENCE_OPENERS = {
    "Enhance", "Enhancing", "Improve", "Improving", "Develop", "Developing", "Build", "Building", "Create",
    "Creating", "Deliver", "Delivering", "Support", "Supporting", "Connect", "Connecting", "Connected", "Use",
    "Using", "Make", "Making", "Provide", "Providing", "Bring", "Bringing", "Drive", "Driving", "Help", "Helping",
    "Enable", "Enabling", "Expand", "Expanding", "Boost", "Boosting", "Strengthen", "Promote", "Explore", "Share",
    "Sharing", "Join", "Joining", "Integrate", "Integrating", "Streamline", "Upgrade", "Upgrading", "Modernise",
    "Modernize", "Invest", "Investing", "Digital", "Advanced", "Innovative", "Modern", "Global", "Local",
    "National", "Public", "Private", "Urban", "Future", "Better", "Green", "Secure", "Intelligent", "Shared",
    "Such", "Many", "Most", "Some", "Several", "Other", "All", "Why", "How", "What", "Where", "Which", "Who",
}  # fmt: skip
ACRONYMS_THAT_ARE_NOT_NAMES = {
    "CEO", "CTO", "CIO", "COO", "CFO", "IOT", "MOU", "ICT", "GDP", "USD", "EUR", "GBP", "CNY", "RMB", "CHF",
    "SEK", "NOK", "PLN", "VND", "BRL", "AI", "IT", "TV", "PR", "HQ", "EU", "UN", "UK", "US", "USA", "R&D",
    "5G", "4G", "LTE", "API", "GPS", "LED", "CCTV", "EV", "PM", "AM", "NB", "OK",
}  # fmt: skip
MOST_WORDS_IN_A_NAME = 4
NEWLINE = re.compile("\n")
WORD_OR_MARK = re.compile(r"\w+(?:[-'’&.]\w+)*|[^\w\s]")
# Words before a title that are not part of it: "in the presence of city councillor …".
TITLE_BOUNDARIES = {"of", "in", "at", "the", "a", "an", "by", "with", "and", "its", "our", "their", "to", "as"}
OPENING_MARKS = {".", "!", "?", ":", "—", "–"}  # after which a sentence opens
SENTENCE_ENDS = {".", "!", "?", "”", '"'}
QUOTES = {'"', "“", "”", "‘", "’", "'", "«", "»"}


class Word(NamedTuple):
    """A word or mark of the text, with what is asked of it worked out once. A tuple: a 2 MB text has 400,000
    of them, and the garbage collector stops looking at tuples of plain values, not at other objects."""

    start: int
    end: int
    text: str
    line: int  # the number of the line it is on: no name goes from one line to the next
    capitalised: bool
    possessive: bool
    bare: str  # without a possessive 's
    acronym: bool


@functools.lru_cache(maxsize=2)
def words_of(text):
    """The words and marks of the text, each with its line: one pass. Kept for the last texts read, as
    organizations and people are read from the same words. Built a column at a time, each by a loop in C (a
    Python loop making a Word at a time took most of the linker's time on a 2 MB text)."""
    spans = [match.span() for match in WORD_OR_MARK.finditer(text)]
    starts = [start for start, _end in spans]
    texts = [text[start:end] for start, end in spans]
    newlines = [match.start() for match in NEWLINE.finditer(text)]
    lines = list(map(bisect.bisect_right, itertools.repeat(newlines), starts))
    possessive = [len(word) > 2 and word.endswith(("'s", "’s")) for word in texts]
    bare = [word[:-2] if apostrophe else word for word, apostrophe in zip(texts, possessive, strict=True)]
    columns = (
        starts,
        [end for _start, end in spans],
        texts,
        lines,
        [word[0].isupper() for word in texts],
        possessive,
        bare,
        [2 <= len(word) <= 6 and word.isupper() and word.replace("&", "").isalnum() for word in bare],
    )
    return list(map(tuple.__new__, itertools.repeat(Word), zip(*columns, strict=True)))


# ---------------------------------------------------------------------------------------------------------------
# Organizations


def new_organizations(text):
    """(start, end) of names that look like an organization nobody has recorded: capitalised words on one line,
    each after a space (one "of", "for", "and" or "&" may join two), ending in a word such as Council or
    Technologies; the longest such name of a run of words, "The" left out, two words at least. Two names joined
    by "and" are two when the first ends in such a word itself ("Open University and Acme Council").

    One pass over the text's words: a pattern for the same names backtracked over long runs of
    capitalised words (a minute for 48 KB of them)."""
    return [(start, end) for start, end, _words in _suffixed_names(words_of(text), text)]


def _suffixed_names(words, text):
    """(start, end, number of the name's first word) of each name ending in an organization suffix."""
    found = []
    run_start = pending = None  # the number of the first word of the run; the longest name in it so far
    joined = None  # the joining word just read, if any
    suffixed = False  # whether a word of the run so far is an organization suffix
    tail = False  # the run goes on after an organization's head word and "of": "Canton of Zürich"
    previous = None
    for number, word in enumerate(words):
        if previous is not None and word.line != previous.line:
            found += [pending] if pending else []
            run_start = pending = joined = None
        previous_bare, previous = (previous.bare if previous else ""), word
        if word.capitalised and word.text[0].isalpha():
            if joined == "and" and not (suffixed and not (pending and pending[1] == words[number - 2].end)):
                # "Open University and Acme Council", "Kraków and Wawel University": two names; but "Institute
                # for Urban Data and Mobility" is one
                found += [pending] if pending else []
                run_start = pending = None
            if run_start is None:
                run_start, suffixed, tail = number, False, False
            tail = tail or (joined in {"of", "in"} and words[number - 2].bare in ORGANIZATION_HEADS)
            if suffix := ORGANIZATION_SUFFIX_AT.match(word.bare):
                pending = (words[run_start].start, word.start + suffix.end(), run_start)
                suffixed = True
            elif tail:
                pending = (words[run_start].start, word.start + len(word.bare), run_start)
            joined = None
            if word.possessive and not _continues_a_name(words, number):
                found += [pending] if pending else []
                run_start = pending = None
        elif word.text in JOINING_WORDS | {"in"} and run_start is not None and joined is None:
            if word.text == "in" and words[number - 1].bare not in {"Embassy", "Consulate"}:
                found += [pending] if pending else []
                run_start = pending = None
                continue
            joined = word.text
        elif word.text == "." and pending and pending[1] == word.start and previous_bare in ABBREVIATED_FORMS:
            pending = (pending[0], word.end, pending[2])  # the full stop of "Ltd." or "Co."
            run_start = None  # and of the sentence, perhaps
        else:
            found += [pending] if pending else []
            run_start = pending = joined = None
    found += [pending] if pending else []
    names = []
    for start, end, first in found:
        while (
            first < len(words)
            and words[first].start < end
            and (words[first].text in GENERIC_WORDS or words[first].text in JOINING_WORDS)
        ):
            first += 1
        if first < len(words) and words[first].start < end:
            start = words[first].start
            if " " in text[start:end]:
                names.append((start, end, first))
    return names


def _continues_a_name(words, number):
    """Whether a possessive word goes on with the name after it: "Đà Nẵng People's Committee"."""
    following = words[number + 1] if number + 1 < len(words) else None
    return bool(following and following.line == words[number].line and ORGANIZATION_SUFFIX_AT.match(following.text))


@dataclass
class Organization:
    name: str
    start: int
    end: int
    confidence: float
    aliases: list

    def candidate(self):
        return {"kind": "new-organization", "id": None, "name": self.name}


def propose_organizations(proposals):
    """Propose the organizations the text names that are not known, one proposal for each with its shorter forms
    as aliases; [(start, end, candidate)] of every place the text names one (its aliases too)."""
    reader = _Reader(proposals)
    text, words = proposals.text, reader.words
    forms = {}  # {name as written: (start, end, confidence)} in the order found
    in_headings = {}
    for start, end, first in _suffixed_names(words, text):
        if reader.opens_a_sentence(first) and reader.common_word(first):
            start = words[first + 1].start  # "Enhance Technology partnerships …": a verb, capitalised as the first
        name = text[start:end]
        if " " not in name or not reader.free(start, end):
            continue
        if reader.in_a_heading(start):
            in_headings.setdefault(name, (start, end, 0.6))
        else:
            forms.setdefault(name, (start, end, 0.7 if LEGAL_FORM.search(name) else 0.6))
    runs = reader.runs
    for number, (first, last) in enumerate(runs):
        confidence = reader.organization_context(first, last, runs, number, forms)
        if confidence:
            start, end = words[first].start, words[last].start + len(words[last].bare)
            if reader.free(start, end):
                forms.setdefault(text[start:end], (start, end, confidence))
    forms |= {name: place for name, place in in_headings.items() if name in forms}  # keeps the first place
    organizations = _merge_forms(forms, reader)
    return reader.propose(organizations)


def _merge_forms(forms, reader):
    """{form: Organization}: each form with the organization it names, shorter forms ("Veltrix") and acronyms
    ("HGT") going with the longer name they shorten, when it is not a subsidiary's ("Orvanta UK")."""
    by_first_word, by_last_word, by_national_form, organizations = {}, {}, {}, {}
    for name in sorted(forms, key=lambda name: (-len(name.split()), forms[name][0])):
        start, end, confidence = forms[name]
        national = _national_form(name)
        longer = (
            reader.acronym_of.get(name)
            or _shortened(name, by_first_word, by_last_word)
            or (by_national_form.get(national) if national else None)
        )
        if longer is not None and longer in organizations:
            organization = organizations[longer]
            organization.aliases.append(name)
        else:
            organization = Organization(name, start, end, confidence, [])
            by_first_word.setdefault(name.split()[0], []).append(name)
            by_last_word.setdefault(name.split()[-1], []).append(name)
            if national:
                by_national_form.setdefault(national, name)
        organizations[name] = organization
    return organizations


def _national_form(name):
    """(what, country) of "Chinese Government" and of "Government of China", which name the same, or None."""
    words = name.split()
    if len(words) >= 2 and words[0] in DEMONYMS:
        return " ".join(words[1:]), DEMONYMS[words[0]]
    if len(words) >= 3 and words[-2] == "of" and (country := _country_of(words[-1])):
        return " ".join(words[:-2]), country
    return None


def _shortened(name, by_first_word, by_last_word):
    """The longer name found that `name` is the first words of, unless what it leaves out says where (a
    subsidiary: "Orvanta UK", "Acme Polska"); one that leaves out only a legal form first ("Strandvik" is
    Strandvik Oy rather than Strandvik Schweiz AG). Or the longer name that `name`, of two words or more, ends
    ("People's Committee" for the Đà Nẵng People's Committee)."""
    words = name.split()
    shortened = []
    for longer in by_first_word.get(words[0], []):
        rest = longer.split()
        if len(rest) > len(words) and rest[: len(words)] == words:
            left_out = rest[len(words) :]
            if not any(_country_of(word) or _is_place(word) for word in left_out):
                shortened.append((not all(LEGAL_FORM.match(word) for word in left_out), longer))
    if shortened:
        return min(shortened, key=lambda pair: pair[0])[1]
    if len(words) >= 2:
        for longer in by_last_word.get(words[-1], []):
            rest = longer.split()
            if len(rest) > len(words) and rest[-len(words) :] == words:
                return longer
    return None


# ---------------------------------------------------------------------------------------------------------------
# People


@dataclass
class Person:
    name: str
    start: int
    end: int
    confidence: float
    title: str
    organization: object  # the candidate ({kind, id, name}) of the organization the title is at, or None
    city: object  # the candidate of the city it is at, or None
    aliases: list
    places: list  # (start, end) of each time the text names the person

    def candidate(self):
        return {"kind": "new-person", "id": None, "name": self.name}


def propose_people(proposals, mentions, found):
    """Propose the people the text names that are not known, with the title and organization it gives them;
    [(start, end, candidate)] of every place the text names one (by surname too). `found`: the new organizations
    and cities proposed so far. A nickname of a known person ("Bob Smith" for Robert Smith) is proposed as a
    mention of that person."""
    reader = _Reader(proposals, mentions, found)
    words = reader.words
    people, by_name_part, known_people = [], {}, _known_people_by_surname()
    for first, last, cue in reader.people():
        start, end = words[first].start, words[last].end
        name = " ".join(word.text for word in words[first : last + 1])
        person = _same_person(name, people, by_name_part)
        if person is not None:
            person.places.append((start, end))
            if name != person.name and name not in person.aliases:
                person.aliases.append(name)
            continue
        if len(name.split()) < 2:
            continue  # a surname alone, of nobody named in full before it
        known = _known_by_nickname(name, known_people)
        if known is not None:
            candidate = {"kind": "person", "id": known.pk, "name": known.name}
            proposals.add(Suggestion.Kind.MENTION, start, end, known.name, 0.6, [candidate])
            continue
        title, organization, city = reader.title_of(first, last)
        person = Person(name, start, end, cue, title, organization, city, [], [(start, end)])
        people.append(person)
        for part in _name_parts(name):
            by_name_part.setdefault(part, person)
    made = []
    for person in people:
        details = {
            "title": person.title,
            "organization": person.organization["name"] if person.organization else None,
            "city": person.city["name"] if person.city else None,
        }
        if person.aliases:
            details["aliases"] = person.aliases
        if proposals.add(Suggestion.Kind.NEW_PERSON, person.start, person.end, person.name, person.confidence,
                         details=details):  # fmt: skip
            made += [(start, end, person.candidate()) for start, end in person.places]
    return sorted(made, key=lambda place: place[0])


def _name_parts(name):
    """The words of a name one may be called by alone: any of them ("Ms. Lan" for Nguyễn Thị Lan, "Zhou" for
    Zhou Wenbo, "Jiménez" for Lucía Jiménez Ortega), folded."""
    return [fold(part) for part in name.split() if len(part) > 1]


def _same_person(name, people, by_name_part):
    """The person already proposed whom `name` names again: a surname, or the full name with a nickname."""
    parts = name.split()
    if len(parts) == 1:
        return by_name_part.get(fold(name))
    if fold(parts[-1]) not in by_name_part:
        return None
    person = by_name_part[fold(parts[-1])]
    said, proposed = HumanName(name), HumanName(person.name)
    if fold(said.first) == fold(proposed.first) or _nicknames(said.first) & {fold(proposed.first)}:
        return person
    return None


@functools.cache
def _nick_namer():
    return NickNamer()


def _nicknames(first_name):
    """The folded first names that are the same name as this one: "bob" for Robert, "robert" for Bob."""
    folded = fold(first_name)
    namer = _nick_namer()
    return {folded} | namer.nicknames_of(folded) | namer.canonicals_of(folded)


def _known_people_by_surname():
    """{folded surname: [Known]} of the known people: for a nickname to find its person by one lookup."""
    people = {}
    for known in {known for known in known_names().values() if known.kind == "person"}:
        parts = known.name.split()
        if len(parts) >= 2:
            people.setdefault(fold(parts[-1]), []).append(known)
    return people


def _known_by_nickname(name, known_people):
    """The known person whom `name` names by a nickname of their first name, or None."""
    said = HumanName(name)
    if not said.first or not said.last:
        return None
    variants = _nicknames(said.first)
    for known in known_people.get(fold(said.last), []):
        if fold(HumanName(known.name).first) in variants:
            return known
    return None


# ---------------------------------------------------------------------------------------------------------------
# Reading the words around a name


class _Text:
    """The words of one text, where its sentences open and which words may be part of a name: worked out once
    for the organizations and used again for the people (see _text)."""

    def __init__(self, text):
        self.text = text
        self.words = words = words_of(text)
        self.lower = {word.text for word in words if word.text.islower()}
        self.number_at = {word.start: number for number, word in enumerate(words)}
        self.heading_lines = self._heading_lines()
        self.sentence_openers = self._sentence_openers()
        self.capitalised_inside = {
            word.bare for number, word in enumerate(words) if word.capitalised and not self.sentence_openers[number]
        }
        not_names = TITLE_WORDS | HONORIFICS
        self.name_words = [  # see is_name_word
            word.capitalised
            and word.text[0].isalpha()
            and word.bare not in not_names
            and not (opener and self._common(word.bare))
            for word, opener in zip(words, self.sentence_openers, strict=True)
        ]
        self.runs = self._find_runs()

    def _heading_lines(self):
        """The numbers of the lines that are headings (the headline, "About Acme"): short, no full stop at the
        end. A name in a heading is taken when the text names it in a sentence too."""
        lengths = Counter(word.line for word in self.words)
        last_words = {word.line: word.text for word in self.words}
        return {
            line for line, length in lengths.items() if length <= 14 and last_words[line] not in SENTENCE_ENDS | {":"}
        }

    def common_word(self, number):
        """Whether a word that opens a sentence is an ordinary word rather than a name's: one of SENTENCE_OPENERS,
        or written in lower case elsewhere in the text, and never capitalised inside a sentence."""
        return self._common(self.words[number].bare)

    def _common(self, bare):
        if bare in self.capitalised_inside:
            return False
        return bare in SENTENCE_OPENERS or bare in GENERIC_WORDS or bare.lower() in self.lower

    def in_a_heading(self, start):
        number = self.number_at.get(start)
        return number is not None and self.words[number].line in self.heading_lines

    def word(self, number):
        return self.words[number] if 0 <= number < len(self.words) else None

    def same_line(self, a, b):
        first, second = self.word(a), self.word(b)
        return first is not None and second is not None and first.line == second.line

    def _sentence_openers(self):
        """Whether each word opens a sentence, in one pass (see opens_a_sentence)."""
        openers, opening, line = [], True, -1
        for word in self.words:
            if word.line != line:
                opening, line = True, word.line
            openers.append(opening)
            if word.text in QUOTES:
                continue  # a quotation mark leaves the next word opening the sentence, or not
            opening = word.text in OPENING_MARKS
        return openers

    def opens_a_sentence(self, number):
        """Whether the word is the first of its sentence (after any opening quotation mark)."""
        number -= 1
        while number >= 0 and self.words[number].text in QUOTES:
            number -= 1
        if number < 0 or self.words[number].line != self.words[number + 1].line:
            return True
        return self.words[number].text in OPENING_MARKS

    def is_name_word(self, number):
        """A word that may be part of a name: capitalised, not a title, nor (opening a sentence) a common word."""
        return 0 <= number < len(self.name_words) and self.name_words[number]

    def _find_runs(self):
        """(first, last) word numbers of each run of name words on one line, a possessive word ending its run."""
        runs, first, words = [], None, self.words
        for number, (word, name_word) in enumerate(zip(words, self.name_words, strict=True)):
            if name_word and (first is None or words[number - 1].line == word.line):
                if first is None:
                    first = number
                if (word.possessive and not _continues_a_name(words, number)) or number - first + 1 >= 8:
                    runs.append((first, number))
                    first = None
            else:
                if first is not None:
                    runs.append((first, number - 1))
                first = number if name_word else None
        if first is not None:
            runs.append((first, len(self.words) - 1))
        return runs


@functools.lru_cache(maxsize=2)
def _text(text):
    with _no_cycles_made():
        return _Text(text)


@contextlib.contextmanager
def _no_cycles_made():
    """Pause the garbage collector while a text's words are made: hundreds of thousands of tuples, none in a
    cycle, that would have it scan every one of them again and again (two thirds of the time for 2 MB)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Reader(_Text):
    """The words of one text, with what is already found in it, read around a run of capitalised words."""

    def __init__(self, proposals, mentions=(), found=()):
        vars(self).update(vars(_text(proposals.text)))  # worked out once for the text, shared, never changed
        self.proposals = proposals
        self.acronym_of = {}  # {acronym: the name it stands for}
        self.named = {}  # {start: (end, candidate)} of what is found or known
        for mention in mentions:
            candidate = {"kind": mention.kind, "id": mention.pk, "name": mention.name}
            self.named.setdefault(mention.start, (mention.end, candidate))
        for start, end, candidate in found:
            self.named.setdefault(start, (end, candidate))
        for suggestion in proposals.made:
            if suggestion.kind == Suggestion.Kind.MENTION:
                self.named.setdefault(suggestion.start, (suggestion.end, suggestion.candidates[0]))
        self.first_of_kind = {}
        for start in sorted(self.named):
            candidate = self.named[start][1]
            self.first_of_kind.setdefault(_kind_of(candidate), candidate)
        self.organization_starts = sorted(s for s, (_e, c) in self.named.items() if _kind_of(c) == "organization")

    def free(self, start, end):
        return not self.proposals.taken.overlaps(start, end)

    def text_of(self, first, last):
        return self.text[self.words[first].start : self.words[last].start + len(self.words[last].bare)]

    def is_place_or_country(self, first, last):
        name = self.text_of(first, last)
        return _is_place(name) or _country_of(name) is not None or name in DEMONYMS

    def named_at(self, number):
        """The found or known (end, candidate) that starts at this word, if any."""
        word = self.word(number)
        return self.named.get(word.start) if word else None

    # -- organizations

    def organization_context(self, first, last, runs, run_number, forms):
        """The confidence that a run of capitalised words names an organization by what stands around it, or 0."""
        words = self.words
        if last - first + 1 > MOST_WORDS_IN_A_NAME and not ((after := self.word(last + 1)) and after.text == "("):
            return 0
        if self.in_a_heading(words[first].start) or self.is_place_or_country(first, last):
            return 0
        name = self.text_of(first, last)
        after, before = self.word(last + 1), self.word(first - 1)
        # Name (ACRONYM)
        if after and after.text == "(" and (acronym := self.word(last + 2)) and acronym.acronym:
            if self.word(last + 3) and self.word(last + 3).text == ")":
                if _initials(name) == acronym.text.upper() or name in forms:
                    self.acronym_of[acronym.text] = name
                    forms.setdefault(acronym.text, (acronym.start, acronym.end, 0.6))
                    return 0.7
        if last - first + 1 > MOST_WORDS_IN_A_NAME:
            return 0
        single = first == last
        if single and (
            words[first].bare.upper() in ACRONYMS_THAT_ARE_NOT_NAMES
            or words[first].bare in GENERIC_WORDS | ORGANIZATION_HEADS
            or ORGANIZATION_SUFFIX_AT.fullmatch(words[first].bare)
        ):
            return 0
        if not single and all(word.text.isupper() for word in words[first : last + 1]):
            return 0  # a dateline: "MILTON KEYNES, UK"
        if self._appositive_organization(last):
            return 0.7
        # "Dutch robotics group Orvanta": an organization noun just before, on the same line
        if before and before.text.lower() in ORGANIZATION_NOUNS and self.same_line(first - 1, first):
            return 0.6
        if words[last].possessive and (role := self.word(last + 1)) and role.text.lower() in ROLE_WORDS:
            if not self._person_run(first, last):
                return 0.6  # "Halvix's chief executive"
        if not words[last].possessive and after and after.text.lower() in ROLE_WORDS and after.text.islower():
            # "Telvora chief executive Camila Rocha"
            following = next((n for n in range(last + 1, last + 5) if self.is_name_word(n)), None)
            if following is not None and self.is_name_word(following + 1) and not self._person_run(first, last):
                return 0.6
        if after and after.text == "," and (which := self.word(last + 2)) and which.text == "which":
            if before and before.text in SPEECH_VERBS:
                return 0.6  # "said Veltrix, which"
        if after and after.text == "and" and self._signed_after(last + 2) and not self._person_run(first, last):
            return 0.6  # "Telvora and the city signed"
        if single and words[first].acronym and after and after.text in {"will", "would", "has", "was", "is"}:
            return 0.5  # "KLT will fit sensors"
        if self._listed_with_an_organization(first, last, runs, run_number, forms):
            return 0.5
        return 0

    def _appositive_organization(self, last):
        """Whether the run is followed by ", a … company" or "is a … company" (or its acronym in brackets first)."""
        number = last + 1
        if (word := self.word(number)) and word.text == "(":
            number += 3
        word = self.word(number)
        if word is None:
            return False
        if word.text == ",":
            number += 1
        elif word.text in {"is", "was"}:
            number += 1
        else:
            return False
        article = self.word(number)
        if article is None or article.text not in {"a", "an", "the"}:
            return False
        for offset in range(1, 8):
            word = self.word(number + offset)
            if word is None or word.text in {",", ".", ";", "(", ")"} or not self.same_line(number, number + offset):
                return False
            if word.text.lower() in ORGANIZATION_NOUNS:
                return True
        return False

    def _signed_after(self, number):
        """Whether "the city signed", "Lisbon sign", "the council have signed" begins at this word."""
        for offset in range(0, 5):
            word = self.word(number + offset)
            if word is None:
                return False
            if word.text in {"signed", "sign", "signs", "agreed"}:
                return True
            if word.text in {".", ",", ";"}:
                return False
        return False

    def _listed_with_an_organization(self, first, last, runs, run_number, forms):
        """Whether the run stands in a list ("A, B and C") beside a name found or known as an organization."""
        for neighbour in (run_number - 1, run_number + 1):
            if not 0 <= neighbour < len(runs):
                continue
            other_first, other_last = runs[neighbour]
            between = (
                self.words[other_last + 1 : first] if neighbour < run_number else self.words[last + 1 : other_first]
            )
            if not between or len(between) > 3 or any(w.text not in {",", "and", "the", "&"} for w in between):
                continue
            if "and" not in {w.text for w in between} and neighbour < run_number:
                continue
            other = self.text_of(other_first, other_last)
            named = self.named_at(other_first)
            if other in forms or (named and _kind_of(named[1]) == "organization"):
                return not self._person_run(first, last)
        return False

    def _person_run(self, first, last):
        """Whether the capitalised words are a person's name by how the text introduces them."""
        return first != last and self.person_cue(first, last) > 0

    def propose(self, organizations):
        """Add one proposal for each organization; [(start, end, candidate)] of every place a form of it stands."""
        found, proposed = [], {}
        for organization in organizations.values():
            if organization.name in proposed:
                continue
            proposed[organization.name] = organization
            details = {"aliases": organization.aliases} if organization.aliases else {}
            if country := self.country_said_of(organization):
                details["country"] = country
            suggestion = self.proposals.add(
                Suggestion.Kind.NEW_ORGANIZATION,
                organization.start,
                organization.end,
                organization.name,
                organization.confidence,
                details=details,
            )
            if suggestion is None:
                proposed[organization.name] = None
        longest = max((len(form.split()) for form in organizations), default=0)
        first_words = {form.split()[0] for form in organizations}
        number = 0
        while number < len(self.words):
            if self.words[number].bare not in first_words and self.words[number].text not in first_words:
                number += 1
                continue
            matched = self._form_at(number, organizations, longest)
            if matched is None:
                number += 1
                continue
            last, organization = matched
            start, end = self.words[number].start, self.words[last].start + len(self.words[last].bare)
            if proposed.get(organization.name) is not None and self.free(start, end):
                found.append((start, end, organization.candidate()))
            number = last + 1
        return found

    def _form_at(self, number, organizations, longest):
        """(last word, Organization) of the longest form that begins at this word, or None."""
        word = self.words[number]
        if not word.capitalised:
            return None
        for length in range(longest, 0, -1):
            last = number + length - 1
            if last >= len(self.words) or not self.same_line(number, last):
                continue
            form = self.text_of(number, last)
            if form in organizations and (last + 1 >= len(self.words) or not self.is_name_word(last + 1)):
                if length == 1 and self._person_said(number):
                    return None
                return last, organizations[form]
        return None

    def _person_said(self, number):
        """Whether a single word is a person's surname by its place: "Korvell-Lund said", "Ms. Lan"."""
        after, before = self.word(number + 1), self.word(number - 1)
        if after and after.text in SPEECH_VERBS and not self.words[number].acronym:
            return True
        return bool(before and (before.text in TITLE_WORDS or before.bare in HONORIFICS or before.text == "."))

    def country_said_of(self, organization):
        """The country of "X, a Finnish software company", if the text says so just after the name."""
        number = self.number_at.get(organization.start)
        if number is None:
            return None
        number += len(organization.name.split())
        if (word := self.word(number)) and word.text == "(":
            number += 3
        if not ((word := self.word(number)) and word.text in {",", "is", "was"}):
            return None
        for offset in range(1, 8):
            word = self.word(number + offset)
            if word is None or word.text in {".", ";", ","} or not self.same_line(number, number + offset):
                return None
            if country := DEMONYMS.get(word.text):
                return country
        return None

    # -- people

    def people(self):
        """(first, last, confidence) of the runs of words the text introduces as a person, and of the single
        words it names a person by ("Kowal said", "Ms. Lan"), in text order."""
        found = []
        for first, last in self.runs:
            while first <= last and self.words[first].text == "The":
                first += 1
            if first > last:
                continue
            if last - first + 1 > MOST_WORDS_IN_A_NAME:
                continue
            start, end = self.words[first].start, self.words[last].end
            if not self.free(start, end) or self.is_place_or_country(first, last) or self.named_at(first):
                continue
            if any(ORGANIZATION_SUFFIX_AT.fullmatch(word.bare) for word in self.words[first : last + 1]):
                continue
            if any(
                word.possessive or word.text.isupper() or _country_of(word.text)
                for word in self.words[first : last + 1]
            ):
                continue
            if first == last:
                if self._person_said(first) or self._said_before(first):
                    found.append((first, last, 0.6))
                continue
            cue = self.person_cue(first, last)
            if cue:
                found.append((first, last, cue))
        return found

    def _said_before(self, number):
        before = self.word(number - 1)
        after = self.word(number + 1)
        return bool(before and before.text in SPEECH_VERBS and (after is None or after.text in {".", ","}))

    def person_cue(self, first, last):
        """The confidence that the words are a person's name, from the words around them, or 0."""
        before, after = self.word(first - 1), self.word(last + 1)
        if before and (before.text in SPEECH_VERBS or before.text in TITLE_WORDS or before.bare in HONORIFICS):
            return 0.8
        if before and before.text == "." and (honorific := self.word(first - 2)) and honorific.text in HONORIFICS:
            return 0.8
        if after and after.text in SPEECH_VERBS:
            return 0.8
        if self._role_before(first):
            return 0.7
        if after and after.text == ",":
            if self._role_phrase(last + 2)[0]:
                return 0.7
        if after and after.text in {"of", "from"} and self._organization_after(last + 2):
            return 0.6
        if after and after.text == ":" and self.opens_a_sentence(first):
            return 0.5  # "Jeff Kagan: …", a byline
        return 0

    def _role_before(self, first):
        """Whether the words before the name end in a title: "chief executive", "Malmö's mayor,"."""
        number = first - 1
        word = self.word(number)
        if word is not None and word.text == ",":
            number -= 1
        for offset in range(0, 8):
            word = self.word(number - offset)
            if word is None or word.text in {".", ",", ";", "(", ")", ":"} | QUOTES:
                return False
            if word.text.lower() in ROLE_WORDS:
                return True
            if word.capitalised and not word.possessive and word.bare not in TITLE_WORDS and offset > 0:
                return False
        return False

    def _role_phrase(self, number):
        """(whether, the words) of a title phrase beginning at this word, up to the next comma or full stop."""
        words = []
        for offset in range(0, 14):
            word = self.word(number + offset)
            if word is None or word.text in {",", ".", ";", ":", "(", ")", "who", "said", "—", "–"} | QUOTES:
                break
            if not self.same_line(number, number + offset):
                break
            words.append(number + offset)
        has_role = any(self.words[n].text.lower() in ROLE_WORDS for n in words)
        return has_role, words

    def _organization_after(self, number):
        word = self.word(number)
        if word is not None and word.text == "the":
            number += 1
        named = self.named_at(number)
        return bool(named and _kind_of(named[1]) == "organization")

    def title_of(self, first, last):
        """(title, organization candidate, city candidate) the text gives a person named at these words."""
        title, owner = self._title_before(first)
        if not title:
            after = self.word(last + 1)
            if after and after.text == ",":
                title, owner = self._title_after(last + 2)
            elif after and after.text in {"of", "from"}:
                owner = self._owner_at(last + 2)
        if owner is None and (after := self.word(last + 1)) and after.text == "of":
            owner = self._owner_at(last + 2)  # "Mayor Helena Reyes of Curitiba"
        if owner is None and title and _is_civic(title):
            owner = self.first_of_kind.get("city")
        organization = owner if owner and _kind_of(owner) == "organization" else None
        city = owner if owner and _kind_of(owner) == "city" else None
        return title, organization, city

    def _title_before(self, first):
        """(title, owner) from the words before a name: "Acme UK chief executive", "Chengdu Vice Mayor",
        "the city's chief digital officer,"."""
        number = first - 1
        word = self.word(number)
        if (
            word is not None
            and word.text == "."
            and (honorific := self.word(number - 1))
            and (honorific.bare in HONORIFICS)
        ):
            number -= 1
            word = honorific
        if word is not None and word.bare in HONORIFICS:
            number -= 1
            word = self.word(number)
        if word is not None and word.text == ",":
            number -= 1
        title_words, owner = [], None
        for _ in range(0, 12):
            word = self.word(number)
            if word is None or word.text in {".", ",", ";", "(", ")", ":", "said", "by"} | QUOTES:
                break
            if not self.same_line(number, first):
                break
            if word.possessive or (word.capitalised and word.bare not in TITLE_WORDS):
                run_start = number
                while (earlier := self.word(run_start - 1)) and earlier.capitalised and not earlier.possessive:
                    run_start -= 1
                if (preposition := self.word(run_start - 1)) and preposition.text in {"for", "of", "in", "at"}:
                    title_words[:0] = [w.text for w in self.words[run_start : number + 1]]  # "director for Vietnam"
                    number = run_start - 1
                    continue
                owner = self._owner_ending_at(number)
                break
            title_words.insert(0, word.text)
            number -= 1
        roles = [index for index, word in enumerate(title_words) if word.lower() in ROLE_WORDS]
        if not roles:
            return "", None
        first_role = roles[0]
        while first_role > 0 and title_words[first_role - 1] not in TITLE_BOUNDARIES:
            first_role -= 1  # "city councillor", not "in the presence of city councillor"
        return " ".join(title_words[first_role:]), owner

    def _title_after(self, number):
        """(title, owner) from a phrase after a name: "deputy mayor of Poznań", "Nokia's head of sales"."""
        has_role, numbers = self._role_phrase(number)
        if not has_role:
            return "", None
        owner = None
        while numbers and self.words[numbers[0]].text in {"the", "a", "an", "its", "our", "their"}:
            numbers.pop(0)
        # "Nokia's head of …", "the council's head of …"
        for index, n in enumerate(numbers[:5]):
            if self.words[n].possessive:
                owner = self._owner_ending_at(n)
                numbers = numbers[index + 1 :]
                break
        # "… of Veltrix Networks", "… of the Đà Nẵng People's Committee", "… for Nokia"
        for index, n in enumerate(numbers):
            if self.words[n].text in {"of", "at", "for"} and index > 0:
                target = numbers[index + 1] if index + 1 < len(numbers) else None
                if target is not None and self.words[target].text == "the" and index + 2 < len(numbers):
                    target = numbers[index + 2]
                found = self._owner_at(target) if target is not None else None
                if found is not None:
                    owner, numbers = found, numbers[:index]
                    break
        title = self.text[self.words[numbers[0]].start : self.words[numbers[-1]].end] if numbers else ""
        return title, owner

    def _owner_at(self, number):
        """The organization or city named at this word ("the" skipped), or None."""
        word = self.word(number)
        if word is not None and word.text == "the":
            number += 1
        named = self.named_at(number)
        if named and _kind_of(named[1]) in {"organization", "city"}:
            return named[1]
        return None

    def _owner_ending_at(self, number):
        """The organization or city whose name ends at this word ("Nokia's", "Acme UK"), or what "the city's",
        "the council's", "the company's" stands for."""
        word = self.words[number]
        if not word.capitalised:
            return self._what_it_stands_for(word.bare.lower(), word.start)
        first = number
        while first - 1 >= 0 and self.words[first - 1].capitalised and self.same_line(first - 1, number):
            first -= 1
        for start_number in range(first, number + 1):
            named = self.named_at(start_number)
            if named and _kind_of(named[1]) in {"organization", "city"}:
                return named[1]
        return None

    def _what_it_stands_for(self, noun, position):
        """The organization or city a common noun stands for: "the city" (the first city the text names), "the
        company" (the last organization before it), "the council" (one with Council in its name)."""
        if noun in {"city", "town", "municipality's", "mayor"}:
            return self.first_of_kind.get("city")
        if noun in {"company", "firm", "group", "operator"}:
            number = bisect.bisect_left(self.organization_starts, position) - 1
            return self.named[self.organization_starts[number]][1] if number >= 0 else None
        for start in self.organization_starts:
            candidate = self.named[start][1]
            if noun.capitalize() in candidate["name"].split():
                return candidate
        if noun == "municipality":
            return self.first_of_kind.get("city")
        return None


def _kind_of(candidate):
    return candidate["kind"].removeprefix("new-")


def _initials(name):
    """The initials of a name's words, hyphenated parts counted apart: "KLT" for Korvell-Lund Telematics."""
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part and part[0].isupper()).upper()


CIVIC_TITLES = re.compile(r"\b(?:mayor|councillor|councilor|alderman)\b", re.I)


def _is_civic(title):
    return bool(CIVIC_TITLES.search(title))


def _is_place(name):
    return is_city_name(name)


def _country_of(name):
    return country_named(name)
