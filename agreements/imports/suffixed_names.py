"""Names that end in a word such as Council or Technologies ("Veltrix Networks", "Canton of Zürich"): the names
of organizations a text states most plainly, found in one pass over its words.

A loop rather than a regular expression: a pattern for the same names backtracked over long runs of capitalised
words (a minute for 48 KB of them).
"""

from .wordlists import ABBREVIATED_FORMS, GENERIC_WORDS, JOINING_WORDS, ORGANIZATION_HEADS, ORGANIZATION_SUFFIX_AT
from .words import continues_a_name, text_words


def new_organizations(text):
    """(start, end) of names that look like an organization nobody has recorded: capitalised words on one line,
    each after a space (one "of", "for", "and" or "&" may join two), ending in a word such as Council or
    Technologies; the longest such name of a run of words, "The" left out, two words at least. Two names joined
    by "and" are two when the first ends in such a word itself ("Open University and Acme Council")."""
    return [(start, end) for start, end, _first in suffixed_names(text_words(text).words, text)]


def suffixed_names(words, text):
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
            if word.possessive and not continues_a_name(words, number):
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
