"""The words of a text as the readers of new names see them, worked out once per text: each word with its line
and what is asked of it, where sentences open, which lines are headings, and the runs of capitalised words that
may be names.

Everything here is one pass over the text's words, left to right: a regular expression for names backtracked over
long runs of capitalised words, and comparing every name with every sentence grows with the square of the text.
"""

import functools
import gc
import re
from collections import Counter
from typing import NamedTuple

from .wordlists import (
    GENERIC_WORDS,
    HONORIFICS,
    OPENING_MARKS,
    ORGANIZATION_SUFFIX_AT,
    QUOTES,
    SENTENCE_ENDS,
    SENTENCE_OPENERS,
    TITLE_WORDS,
)

WORD_OR_MARK = re.compile(r"\w+(?:[-'’&.]\w+)*|[^\w\s]")
LONGEST_RUN = 8  # words; a run of capitalised words is cut after this many


class Word(NamedTuple):
    """A word or mark of the text, with what is asked of it worked out once (a 2 MB text has 400,000)."""

    start: int
    end: int
    text: str
    line: int  # the number of the line it is on: no name goes from one line to the next
    capitalised: bool
    possessive: bool
    bare: str  # without a possessive 's
    acronym: bool


def words_of(text):
    """The words and marks of the text, each with its line: one pass."""
    words, line, counted_to = [], 0, 0
    for match in WORD_OR_MARK.finditer(text):
        start, end = match.span()
        line += text.count("\n", counted_to, start)
        counted_to = start
        word = match.group()
        possessive = len(word) > 2 and word.endswith(("'s", "’s"))
        bare = word[:-2] if possessive else word
        acronym = 2 <= len(bare) <= 6 and bare.isupper() and bare.replace("&", "").isalnum()
        words.append(Word(start, end, word, line, word[0].isupper(), possessive, bare, acronym))
    return words


def continues_a_name(words, number):
    """Whether a possessive word goes on with the name after it: "Đà Nẵng People's Committee"."""
    following = words[number + 1] if number + 1 < len(words) else None
    return bool(following and following.line == words[number].line and ORGANIZATION_SUFFIX_AT.match(following.text))


@functools.lru_cache(maxsize=2)
def text_words(text):
    """The TextWords of a text, kept for the last texts read: organizations and then people read the same.

    The garbage collector is paused meanwhile: it would scan the hundreds of thousands of words (none in a cycle)
    again and again as they are made. Measured on 2 MB texts: 1.4 s with it, 1.05 s without."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return TextWords(text)
    finally:
        if was_enabled:
            gc.enable()


class TextWords:
    """The words of one text, where its sentences open and which words may be part of a name."""

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
                if (word.possessive and not continues_a_name(words, number)) or number - first + 1 >= LONGEST_RUN:
                    runs.append((first, number))
                    first = None
            else:
                if first is not None:
                    runs.append((first, number - 1))
                first = number if name_word else None
        if first is not None:
            runs.append((first, len(self.words) - 1))
        return runs
