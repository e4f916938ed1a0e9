"""People a text names that the knowledge base does not know yet, taken from how a press release introduces a
speaker or signatory: "said Anna Kowal, deputy mayor of Poznań", "Mayor Helena Reyes", "Acme UK chief executive
Li Wei", "Tomasz Wróbel, chief executive of Veltrix"; later mentions by surname ("Kowal said") or nickname ("Bob"
for "Robert") are aliases of the same proposal, and a nickname of a known person's first name is a mention of that
person.
"""

import bisect
import functools
from dataclasses import dataclass

from nameparser import HumanName
from nicknames import NickNamer

from ..mentions import fold, known_names
from ..models import Suggestion
from .places import country_named
from .reading import Reader, kind_of
from .wordlists import (
    CIVIC_TITLES,
    HONORIFICS,
    MOST_WORDS_IN_A_NAME,
    ORGANIZATION_SUFFIX_AT,
    QUOTES,
    ROLE_WORDS,
    TITLE_BOUNDARIES,
    TITLE_WORDS,
)


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
    reader = PeopleReader(proposals, mentions, found)
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


class PeopleReader(Reader):
    """A text's words read for people: runs introduced as a person, and the title and owner given them."""

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
                word.possessive or word.text.isupper() or country_named(word.text)
                for word in self.words[first : last + 1]
            ):
                continue
            if first == last:
                if self.person_said(first) or self.said_before(first):
                    found.append((first, last, 0.6))
                continue
            cue = self.person_cue(first, last)
            if cue:
                found.append((first, last, cue))
        return found

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
        organization = owner if owner and kind_of(owner) == "organization" else None
        city = owner if owner and kind_of(owner) == "city" else None
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
        has_role, numbers = self.role_phrase(number)
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
        if named and kind_of(named[1]) in {"organization", "city"}:
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
            if named and kind_of(named[1]) in {"organization", "city"}:
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


def _is_civic(title):
    return bool(CIVIC_TITLES.search(title))
