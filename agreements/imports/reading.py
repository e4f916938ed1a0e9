"""Reading the words around a run of capitalised words, with what is already found or known in the text: the
base of the organization and people readers, and how a text introduces a person, which both go by (a run that
names a person names no organization)."""

import functools

from ..models import Suggestion
from .places import DEMONYMS, country_named, is_city_name
from .wordlists import HONORIFICS, QUOTES, ROLE_WORDS, SPEECH_VERBS, TITLE_WORDS
from .words import text_words


def kind_of(candidate):
    """The kind of record a candidate is, new or known: "organization", "city", "person"."""
    return candidate["kind"].removeprefix("new-")


@functools.lru_cache(maxsize=10_000)
def is_place_or_country(name):
    """Whether a name is a city's or a country's, or a nationality ("Chengdu", "UK", "Finnish"). Kept for names
    asked about again: a long text names the same places over and over."""
    return is_city_name(name) or country_named(name) is not None or name in DEMONYMS


class Reader:
    """The words of one text, with what is already found in it, read around a run of capitalised words."""

    def __init__(self, proposals, mentions=(), found=()):
        self.text_words = text_words(proposals.text)  # worked out once for the text, shared, never changed
        self.text, self.words, self.runs = proposals.text, self.text_words.words, self.text_words.runs
        self.proposals = proposals
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
            self.first_of_kind.setdefault(kind_of(candidate), candidate)
        self.organization_starts = sorted(s for s, (_e, c) in self.named.items() if kind_of(c) == "organization")

    def word(self, number):
        return self.words[number] if 0 <= number < len(self.words) else None

    def same_line(self, a, b):
        first, second = self.word(a), self.word(b)
        return first is not None and second is not None and first.line == second.line

    def free(self, start, end):
        return not self.proposals.taken.overlaps(start, end)

    def text_of(self, first, last):
        return self.text[self.words[first].start : self.words[last].start + len(self.words[last].bare)]

    def is_place_or_country(self, first, last):
        return is_place_or_country(self.text_of(first, last))

    def named_at(self, number):
        """The found or known (end, candidate) that starts at this word, if any."""
        word = self.word(number)
        return self.named.get(word.start) if word else None

    # -- how a person is introduced

    def person_said(self, number):
        """Whether a single word is a person's surname by its place: "Korvell-Lund said", "Ms. Lan"."""
        after, before = self.word(number + 1), self.word(number - 1)
        if after and after.text in SPEECH_VERBS and not self.words[number].acronym:
            return True
        return bool(before and (before.text in TITLE_WORDS or before.bare in HONORIFICS or before.text == "."))

    def said_before(self, number):
        """Whether a single word follows a speech verb and ends the clause: "…, said Kowal."."""
        before = self.word(number - 1)
        after = self.word(number + 1)
        return bool(before and before.text in SPEECH_VERBS and (after is None or after.text in {".", ","}))

    def person_run(self, first, last):
        """Whether the capitalised words are a person's name by how the text introduces them."""
        return first != last and self.person_cue(first, last) > 0

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
            if self.role_phrase(last + 2)[0]:
                return 0.7
        if after and after.text in {"of", "from"} and self._organization_after(last + 2):
            return 0.6
        if after and after.text == ":" and self.text_words.opens_a_sentence(first):
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

    def role_phrase(self, number):
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
        return bool(named and kind_of(named[1]) == "organization")
