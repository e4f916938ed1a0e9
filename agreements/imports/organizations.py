"""Organizations a text names that the knowledge base does not know yet, taken from what a press release says of
them: a name ending in a word such as Council or Technologies (suffixed_names.py), an acronym in brackets after a
name, "X, a … company", "robotics group X", "X chief executive …", "X's founder", "said X, which", "X and the city
signed", or a list in which another organization stands. Its shorter forms ("Veltrix" for "Veltrix Networks",
"HGT" for "Hàn Giang Telecom") are aliases of one proposal.
"""

import re
from dataclasses import dataclass

from ..models import Suggestion
from .places import DEMONYMS, country_named, is_city_name
from .reading import Reader, kind_of
from .suffixed_names import suffixed_names
from .wordlists import (
    ACRONYMS_THAT_ARE_NOT_NAMES,
    GENERIC_WORDS,
    LEGAL_FORM,
    MOST_WORDS_IN_A_NAME,
    ORGANIZATION_HEADS,
    ORGANIZATION_NOUNS,
    ORGANIZATION_SUFFIX_AT,
    ROLE_WORDS,
    SPEECH_VERBS,
)


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
    reader = OrganizationReader(proposals)
    text, words = proposals.text, reader.words
    forms = {}  # {name as written: (start, end, confidence)} in the order found
    in_headings = {}
    for start, end, first in suffixed_names(words, text):
        if reader.text_words.opens_a_sentence(first) and reader.text_words.common_word(first):
            start = words[first + 1].start  # "Enhance Technology partnerships …": a verb, capitalised as the first
        name = text[start:end]
        if " " not in name or not reader.free(start, end):
            continue
        if reader.text_words.in_a_heading(start):
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
    if len(words) >= 3 and words[-2] == "of" and (country := country_named(words[-1])):
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
            if not any(country_named(word) or is_city_name(word) for word in left_out):
                shortened.append((not all(LEGAL_FORM.match(word) for word in left_out), longer))
    if shortened:
        return min(shortened, key=lambda pair: pair[0])[1]
    if len(words) >= 2:
        for longer in by_last_word.get(words[-1], []):
            rest = longer.split()
            if len(rest) > len(words) and rest[-len(words) :] == words:
                return longer
    return None


class OrganizationReader(Reader):
    """A text's words read for organizations: what stands around a run of capitalised words."""

    def __init__(self, proposals):
        super().__init__(proposals)
        self.acronym_of = {}  # {acronym: the name it stands for}

    def organization_context(self, first, last, runs, run_number, forms):
        """The confidence that a run of capitalised words names an organization by what stands around it, or 0."""
        words = self.words
        if last - first + 1 > MOST_WORDS_IN_A_NAME and not ((after := self.word(last + 1)) and after.text == "("):
            return 0
        if self.text_words.in_a_heading(words[first].start) or self.is_place_or_country(first, last):
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
            if not self.person_run(first, last):
                return 0.6  # "Halvix's chief executive"
        if not words[last].possessive and after and after.text.lower() in ROLE_WORDS and after.text.islower():
            # "Telvora chief executive Camila Rocha"
            following = next((n for n in range(last + 1, last + 5) if self.text_words.is_name_word(n)), None)
            if (
                following is not None
                and self.text_words.is_name_word(following + 1)
                and not self.person_run(first, last)
            ):
                return 0.6
        if after and after.text == "," and (which := self.word(last + 2)) and which.text == "which":
            if before and before.text in SPEECH_VERBS:
                return 0.6  # "said Veltrix, which"
        if after and after.text == "and" and self._signed_after(last + 2) and not self.person_run(first, last):
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
            if other in forms or (named and kind_of(named[1]) == "organization"):
                return not self.person_run(first, last)
        return False

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
            if form in organizations and (last + 1 >= len(self.words) or not self.text_words.is_name_word(last + 1)):
                if length == 1 and self.person_said(number):
                    return None
                return last, organizations[form]
        return None

    def country_said_of(self, organization):
        """The country of "X, a Finnish software company", if the text says so just after the name."""
        number = self.text_words.number_at.get(organization.start)
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


def _initials(name):
    """The initials of a name's words, hyphenated parts counted apart: "KLT" for Korvell-Lund Telematics."""
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part and part[0].isupper()).upper()
