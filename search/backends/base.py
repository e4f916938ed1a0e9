"""What every search engine offers CityKB, and the shapes of its answers."""

import datetime
from dataclasses import dataclass, field

MARK_START = "\ue000"
MARK_END = "\ue001"
FACET_FIELDS = ("type", "city", "org", "topic", "year")


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
