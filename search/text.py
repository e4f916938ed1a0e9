"""Text helpers shared by the search engines."""

import re
import unicodedata

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_RUN = re.compile(f"[{CJK}]+")
# Words joined by these characters ("ground-breaking", "Node.js", "O'Brien", "AT&T") are indexed
# three ways: as their parts, in order ("ground", "breaking"), and as the joined form ("groundbreaking").
JOINERS = "'’.&-"
JOINER = re.compile(f"[{JOINERS}]")
PART = re.compile(f"[^{JOINERS}]+")
JOINED_WORD = re.compile(rf"[^\W_{CJK}]+(?:[{JOINERS}][^\W_{CJK}]+)+")
# The words of a text as the engines read them: CJK runs, and words (joined ones whole).
TOKEN = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<word>[^\W_{CJK}]+(?:[{JOINERS}][^\W_{CJK}]+)*)")


def pieces(token):
    """(text, start, end, positions advanced) of each indexed piece of a TOKEN match: each character pair, then each
    character, of a CJK run; a joined word's joined form (sharing its first part's position), then each part."""
    if token.lastgroup != "word":
        run, offset = token.group(), token.start()
        pairs = [(run[i : i + 2], offset + i, offset + i + 2, 1) for i in range(len(run) - 1)]
        return pairs + [(char, offset + i, offset + i + 1, 1) for i, char in enumerate(run)]
    if JOINER.search(token.group()):
        word, offset = token.group(), token.start()
        parts = [(part.group(), offset + part.start(), offset + part.end(), 1) for part in PART.finditer(word)]
        return [("".join(word_parts(word)), offset, offset + len(word), 0), *parts]
    return ((token.group(), token.start(), token.end(), 1),)


def cjk_grams(text):
    """Every character and every pair of neighbouring characters of the CJK runs in `text`.

    Chinese, Japanese and Korean have no spaces between words; indexing these
    grams lets a two-character query find a longer name.
    """
    grams = []
    for run in CJK_RUN.findall(text):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
        grams.extend(run)
    return grams


def word_parts(word):
    """The parts of a joined word ("ground-breaking" → ["ground", "breaking"]); a plain word is its one part."""
    return PART.findall(word)


def joined_forms(text):
    """What PostgreSQL's parser leaves out of the joined words of `text`: each one's joined form
    ("groundbreaking"), and the parts of those it keeps whole ("Node.js" is one token to it, "node js" here).
    Hyphens, apostrophes and "&" it splits itself."""
    extra = []
    for word in JOINED_WORD.findall(text):
        parts = word_parts(word)
        extra.append("".join(parts))
        if "." in word:
            extra.extend(parts)
    return extra


def folded_name(text):
    """A name as compared for an exact match: its words, lowercased, accents dropped, one space apart
    ("Zürich-Nord  AG" → "zurich nord ag")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[^\W_]+", text))


def is_name(word):
    """A word written as a name: capitalised ("Dowell") or an acronym ("KLT")."""
    return word[:1].isupper()


def edit_distance(a, b, limit):
    """Damerau–Levenshtein distance, or limit + 1 as soon as it must exceed limit."""
    previous_previous, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]
