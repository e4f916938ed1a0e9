"""Running a search as the results page, the API and the feed need it."""

import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings

from citykb.core.caching import cached_answer, one_data_version

from . import documents, indexing
from . import query as q
from .backends import get_backend
from .backends.base import FACET_FIELDS, FacetMatch, IndexUnreadable, SearchOptions, SearchResults

logger = logging.getLogger(__name__)

FEW_RESULTS = 3
SUGGESTION_GAIN = 3  # a suggestion must find this many times the results of the query it replaces
FACET_SIZE = 10


@dataclass
class SearchPage:
    parsed: q.ParsedQuery
    results: SearchResults
    options: SearchOptions
    suggestion: str | None = None
    elapsed_ms: float = 0.0
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def warnings(self):
        return self.parsed.warnings + self.results.notes

    @property
    def facets(self):
        """{facet: [(value, label, count)]}, the most frequent first."""
        return {
            facet: [(value, self.labels[facet].get(value, value), count) for value, count in buckets[:FACET_SIZE]]
            for facet, buckets in self.results.facets.items()
            if buckets
        }

    @property
    def page_count(self):
        reachable = self.results.count
        if self.results.ranked_among is not None:
            reachable = min(reachable, self.results.ranked_among)
        return max(1, -(-reachable // self.options.page_size))


def resolve_filters(node, warnings):
    """The tree with each field filter replaced by the facet values it means (city:MK → milton-keynes)."""
    if isinstance(node, q.FieldFilter):
        values = documents.resolve(node.field, node.value)
        if not values:
            warnings.append(f"No {node.field} is called “{node.value}”, so “{node.field}:” matched nothing.")
        return FacetMatch(node.field, tuple(values))
    if isinstance(node, q.Not):
        return q.Not(resolve_filters(node.child, warnings))
    if isinstance(node, q.And | q.Or):
        return type(node)(tuple(resolve_filters(child, warnings) for child in node.children))
    return node


def run_search(text, options):
    """Parse and run a query; raises QueryRefused (too long, too deep), never anything else for bad input, and
    SearchUnavailable while a large index is rebuilt.

    The answer is cached until the data changes (citykb.core.caching): most searches are asked again
    and again, and running one costs ten times more than reading it. An answer made before the index
    took in the latest change is never read after it has: taking in changes makes a new data version.
    """
    started = time.perf_counter()
    if settings.PAGE_CACHE:
        asked = repr((settings.SEARCH_BACKEND, text, options))
        page, _hit = cached_answer("search", asked, lambda: _search(text, options))
    else:
        with one_data_version():  # what the search memoizes on the way (facet labels) is read under one version
            page = _search(text, options)
    page.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return page


def _search(text, options):
    parsed = q.parse(text)
    tree = resolve_filters(parsed.tree, parsed.warnings)
    if tree is None and not options.filters:
        empty = SearchResults(hits=[], count=0, facets={})
        if text.strip():
            parsed.warnings.append("There is nothing to search for in that query; try a word or a name.")
        return SearchPage(parsed, empty, options)
    results = _search_with_repair(tree, options)
    suggestion = None
    if results.count < FEW_RESULTS:
        suggestion = _suggest(parsed, results.count, options)
    page = SearchPage(parsed, results, options, suggestion)
    page.labels = {
        facet: documents.labels(facet, [value for value, _count in results.facets.get(facet, [])[:FACET_SIZE]])
        for facet in FACET_FIELDS
    }
    return page


def _search_with_repair(tree, options):
    """The backend's results; an index that is missing or damaged is repaired at once if small, else a rebuild
    starts in the background and SearchUnavailable is raised."""
    backend = get_backend()
    try:
        return backend.search(tree, options, documents.texts_for)
    except IndexUnreadable:
        logger.warning("The search index is missing or damaged; rebuilding it.")
    except Exception as error:
        # A damaged file can fail deep inside the engine with any error; anything else is a bug.
        if not backend.is_damage(error):
            raise
        logger.warning("The search index is damaged (%r); rebuilding it.", error)
    if not indexing.repair_or_start():
        raise indexing.SearchUnavailable
    return backend.search(tree, options, documents.texts_for)


def _suggest(parsed, count, options):
    """A better-spelled query, offered only when it finds many more results than the few this one found
    (SUGGESTION_GAIN times as many, and at least FEW_RESULTS): a rare name that is found must not be
    "corrected" into a common word. The backend never replaces a word the index has."""
    words = q.positive_words(parsed.tree)
    if not words:
        return None
    corrections = get_backend().suggest(words)
    if not corrections:
        return None
    suggestion = parsed.text
    for word, better in corrections.items():
        suggestion = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", _same_case(word, better), suggestion, flags=re.I)
    if suggestion == parsed.text:
        return None
    try:
        suggested = q.parse(suggestion)
        found = _search_with_repair(resolve_filters(suggested.tree, []), options).count
    except q.QueryRefused:
        return None
    return suggestion if found >= max(FEW_RESULTS, SUGGESTION_GAIN * count) else None


def _same_case(original, word):
    """The index's lowercase word, cased as the user typed theirs: Yinchaun → Yinchuan, ZTF → ZTE."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
