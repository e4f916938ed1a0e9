"""What every search engine offers CityKB, and the shapes of its answers."""

import datetime
import re
from dataclasses import dataclass, field

MARK_START = "\ue000"
MARK_END = "\ue001"
FACET_FIELDS = ("type", "city", "org", "topic", "year")


# Ranking in three tiers, each above every score of the next: a record whose own name or alias is the
# query, then records whose title has all the query's words, then the rest, each tier by relevance.
NAME_BOOST = 10_000.0
TITLE_BOOST = 1_000.0


@dataclass(frozen=True)
class FacetMatch:
    """A field filter resolved to facet values: matches documents with any of `values` in `field`."""

    field: str
    values: tuple[str, ...]


@dataclass
class SearchOptions:
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet field -> values, all must match
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"  # or "date"


@dataclass
class Hit:
    key: str
    type: str
    pk: int
    slug: str
    title: str
    url: str
    score: float
    date: datetime.date | None = None
    snippet: list[tuple[str, bool]] = field(default_factory=list)  # (text, is a matched word)


@dataclass
class SearchResults:
    hits: list[Hit]
    count: int
    facets: dict[str, list[tuple[str, int]]]  # facet field -> [(value, count)], most first
    partial: bool = False
    notes: list[str] = field(default_factory=list)
    estimated: bool = False  # count and facet counts are estimates from a sample
    ranked_among: int | None = None  # when set, only this many results can be paged through


class SearchBackend:
    """One search engine. Documents come from search.documents; queries from search.query."""

    def update(self, documents, removed_keys):
        """Index these documents (replacing older versions) and remove these keys."""
        raise NotImplementedError

    def search(self, tree, options, texts_for):
        """Results for a parsed query tree whose field filters are FacetMatch nodes.

        `texts_for(keys)` returns the full text of records, for the snippets of
        the page's hits only.
        """
        raise NotImplementedError

    def suggest(self, words):
        """A better-spelled word from the index vocabulary for each word that has one."""
        raise NotImplementedError

    def rebuild(self, documents, expected=0):
        """Replace the whole index with these documents (about `expected` of them), while searches go on."""
        raise NotImplementedError

    def digests(self):
        """{key: digest} of every indexed document, to compare with the database."""
        raise NotImplementedError

    def lock(self, timeout):
        """A context manager: the one writer at a time. Raises IndexBusy after `timeout` seconds."""
        raise NotImplementedError

    def is_healthy(self):
        """False when the index is missing or cannot be read."""
        raise NotImplementedError

    def is_damage(self, error):
        """True when an error raised while searching comes from a damaged index, not from a bug."""
        return False


class IndexBusy(Exception):
    """Another process holds the index's write lock."""


class IndexUnreadable(Exception):
    """The index is missing or damaged and must be rebuilt."""


def snippet_segments(text):
    """Split text marked with MARK_START/MARK_END into (text, is_match) pieces."""
    segments = []
    for part in text.split(MARK_START):
        matched, found, rest = part.partition(MARK_END)
        if found:
            if matched:
                segments.append((matched, True))
            if rest:
                segments.append((rest, False))
        elif part:
            segments.append((part, False))
    return segments


def strip_marks(text):
    return text.replace(MARK_START, "").replace(MARK_END, "")


# A snippet starts where a sentence does, or else a clause, within this many characters before its first match.
SENTENCE_LOOKBACK = 160
SENTENCE_NEAR = 100  # … preferring its sentence's start within this many, else its clause's
_SENTENCE_END = re.compile(r"""(?:[.!?…][)"'”’]*\s+|\n\s*)(?=\S)""")
_CLAUSE_END = re.compile(r"(?:[,;:]\s+|\s[—–-]\s+)(?=\S)")
_WORD_START = re.compile(r"(?<!\w)\w")


# Marking a text's words costs more than finding the text (in Python, about 1 ms a KB): a snippet is cut from a
# window around a place where a query word may stand, not from all of a long text (bench/README.md).
SNIPPET_WINDOW = 2000
SNIPPET_WINDOW_TRIES = 3
_INFLECTION = re.compile(r"(?:ies|ied|ing|ed|es|s|y|i|e)$")


def snippet_windows(text, words):
    """The parts of `text` to cut a snippet from, to be tried in turn until one has a match: all of a short text;
    in a long one, up to SNIPPET_WINDOW_TRIES windows from a little before a place where a word's stem may start
    ("city", "cities" and the index's "citi" all at "cit…"), or a phrase's words ("smart cities") in a row, then the
    whole text as a last resort."""
    if len(text) <= SNIPPET_WINDOW:
        return [text]
    windows = []
    starts = sorted({_phrase_start(word) for word in words if word.strip()}, key=len, reverse=True)
    if starts:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(starts) + ")", re.IGNORECASE)
        at = 0
        while len(windows) < SNIPPET_WINDOW_TRIES and (found := pattern.search(text, at)):
            start = max(0, found.start() - SENTENCE_LOOKBACK)
            windows.append(text[start : start + SNIPPET_WINDOW])
            at = start + SNIPPET_WINDOW - SENTENCE_LOOKBACK  # a word cut at the window's end starts the next one
    return [*windows, text]


def _phrase_start(phrase):
    r"""A pattern of the phrase's words in a row, the last by its start ("smart cities" → smart\w*\W+cit)."""
    *leading, last = [_word_start(word) for word in phrase.split()]
    return "".join(re.escape(start) + r"\w*\W+" for start in leading) + re.escape(last)


def _word_start(word):
    """The start that a word's inflected and stemmed forms share: "cities", "citi" → "cit"; "signed" → "sign"."""
    word = word.lower()
    start = _INFLECTION.sub("", word)
    return start if len(start) >= 3 else word


# A snippet is the best PASSAGES passages of its window, each at most PASSAGE_CHARS long with PASSAGE_CONTEXT
# characters of text either side of its matches; best: the most different words, then the most matches.
PASSAGES = 2
PASSAGE_CHARS = 240
PASSAGE_CONTEXT = 60
PASSAGE_BETWEEN = " … "


def marked_passages(text, matches):
    """The best passages of `text` with their matches marked, in the text's order, joined by PASSAGE_BETWEEN; ""
    for no match. `matches`: (start, end, word) of each matched word of the text, in order; where two overlap (a
    joined word and its first part), the first is marked."""
    passages = []  # the matches of each passage
    for match in matches:
        if passages and match[0] < passages[-1][-1][1]:
            continue  # inside the previous match
        if passages and match[1] - passages[-1][0][0] + 2 * PASSAGE_CONTEXT <= PASSAGE_CHARS:
            passages[-1].append(match)
        else:
            passages.append([match])
    # sorted() is stable, so among passages that score alike the earlier comes first.
    best = sorted(passages, key=lambda found: (len({word for *_span, word in found}), len(found)), reverse=True)
    return PASSAGE_BETWEEN.join(_marked(text, found) for found in sorted(best[:PASSAGES]))


def _marked(text, found):
    """The passage of `text` around its matches `found`, cut at words, with the matches marked."""
    start = found[0][0] - PASSAGE_CONTEXT
    if start > 0:
        word = _WORD_START.search(text, start, found[0][0] + 1)
        start = word.start() if word else found[0][0]
    end = found[-1][1] + PASSAGE_CONTEXT
    if end < len(text):
        space = text.rfind(" ", found[-1][1], end)
        end = space if space >= 0 else found[-1][1]
    parts, at = [], max(0, start)
    for match_start, match_end, _word in found:
        parts += [text[at:match_start], MARK_START, text[match_start:match_end], MARK_END]
        at = match_end
    parts.append(text[at:end])
    return "".join(parts)


def sentence_start(text, start, first_match):
    """Where a passage of `text` that was to start at `start` and has its first match at `first_match`
    should start: the sentence with the match, else its clause, else the word at `start`."""
    window = max(0, first_match - SENTENCE_LOOKBACK)
    if window == 0 and not text[:first_match].strip():
        return 0
    sentences = [found.end() for found in _SENTENCE_END.finditer(text, window, first_match + 1)]
    if sentences and first_match - sentences[-1] <= SENTENCE_NEAR:
        return sentences[-1]
    clauses = [found.end() for found in _CLAUSE_END.finditer(text, window, first_match + 1)]
    if sentences or clauses:
        return max(sentences[-1:] + clauses[-1:])
    if window == 0:
        return 0
    word = _WORD_START.search(text, start, first_match + 1)
    return word.start() if word else start


def from_sentence_starts(text, marked, delimiter):
    """A marked snippet (passages of `text` joined by `delimiter`) with each passage moved to start at its
    sentence or clause: "Yinchuan will host…" rather than "the event at which Yinchuan will host…"."""
    passages = []
    for passage in marked.split(delimiter):
        plain = strip_marks(passage)
        at = text.find(plain)
        mark = passage.find(MARK_START)
        if at < 0 or mark < 0:
            passages.append(passage)
            continue
        first_match = at + len(strip_marks(passage[:mark]))
        start = sentence_start(text, at, first_match)
        if start < at:
            passage = text[start:at] + passage
        elif start > at:
            passage = passage[start - at :]  # unmarked text before the first match
        passages.append(passage)
    return delimiter.join(passages)
