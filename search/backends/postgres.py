"""The PostgreSQL full-text engine, for deployments where several app servers share one database.

Documents live in search.SearchDocument with a weighted tsvector (title A,
names B, body C) under a GIN index; queries compile to a raw tsquery in the
`citykb` configuration (English stemming after accent folding); snippets come
from ts_headline for the page's hits only.
"""

import contextlib
import threading
import time
import zlib

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from .. import query as q
from ..models import SearchDocument
from ..text import CJK_RUN, cjk_grams
from .base import (
    MARK_END,
    MARK_START,
    FacetMatch,
    Hit,
    IndexBusy,
    SearchBackend,
    SearchResults,
    snippet_segments,
    strip_marks,
)

CONFIG = "citykb"
LOCK_ID = zlib.crc32(b"citykb-search-index")
VOCABULARY_MAX_AGE = 300.0  # seconds; suggestions may lag new words by this much
MAX_EXPANSIONS = 50
BATCH = 500
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=35, MinWords=12"
UNSEARCHABLE = Q(pk__in=[])


def _quote(word):
    """A tsquery operand: the word in single quotes, its quotes and backslashes escaped."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _operand(word):
    """A word as tsquery text; a CJK word becomes all its grams, which must all match."""
    if CJK_RUN.search(word):
        return "(" + " & ".join(_quote(gram) for gram in cjk_grams(word)) + ")"
    return _quote(word)


def _facet_values(field, values):
    return [f"{field}:{value}" for value in values]


class PostgresBackend(SearchBackend):
    def __init__(self, lock_timeout=10.0):
        self.lock_timeout = lock_timeout
        self._vocabulary = (0.0, frozenset())
        self._vocabulary_lock = threading.Lock()

    # --- writing

    @contextlib.contextmanager
    def lock(self, timeout=None):
        deadline = time.monotonic() + (self.lock_timeout if timeout is None else timeout)
        with connection.cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
                if cursor.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    raise IndexBusy("Another process is writing the search index.")
                time.sleep(0.02)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])

    def update(self, documents, removed_keys):
        with transaction.atomic():
            documents = list(documents)
            SearchDocument.objects.filter(key__in=[*removed_keys, *(d.key for d in documents)]).delete()
            self._insert(documents)

    def rebuild(self, documents, expected=0):
        count = 0
        # One transaction: searches see the old documents until the new ones are all in.
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            batch = []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    count += self._insert(batch)
                    batch = []
            count += self._insert(batch)
        return count

    def _insert(self, documents):
        rows = [
            SearchDocument(
                key=document.key,
                type=document.type,
                slug=document.slug,
                title=document.title,
                url=document.url,
                names=document.names,
                body=document.body,
                facets=[
                    f"type:{document.type}",
                    *_facet_values("city", document.cities),
                    *_facet_values("org", document.orgs),
                    *_facet_values("topic", document.topics),
                    *_facet_values("year", document.years),
                ],
                date=document.date,
                digest=document.digest,
                grams=" ".join(cjk_grams(" ".join([document.title, document.names, document.body]))),
            )
            for document in documents
        ]
        SearchDocument.objects.bulk_create(rows)
        SearchDocument.objects.filter(key__in=[row.key for row in rows]).update(
            vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("names", weight="B", config=CONFIG)
            + SearchVector(Concat("body", Value(" "), "grams", output_field=TextField()), weight="C", config=CONFIG)
        )
        return len(rows)

    def digests(self):
        return dict(SearchDocument.objects.values_list("key", "digest"))

    def is_healthy(self):
        return True  # the documents are rows of the database: there is no separate file to lose

    # --- searching

    def search(self, tree, options, texts_for):
        notes = []
        condition, ranked = self._compile(tree, notes)
        for field_name, values in options.filters.items():
            condition &= Q(facets__overlap=_facet_values(field_name, values))
        matching = SearchDocument.objects.filter(condition)
        count = matching.count()
        facets = self._facet_counts(matching)
        if options.sort == "date":
            ordered = matching.order_by(F("date").desc(nulls_last=True), "id")
        elif ranked:
            rank_query = SearchQuery(" | ".join(ranked), search_type="raw", config=CONFIG)
            ordered = matching.annotate(rank=SearchRank(F("vector"), rank_query)).order_by("-rank", "id")
        else:
            ordered = matching.order_by("id")
        start = (options.page - 1) * options.page_size
        page = list(
            ordered.values("id", "key", "type", "slug", "title", "url", "date")[start : start + options.page_size]
        )
        snippets = self._headlines([row["id"] for row in page], ranked)
        hits = [
            Hit(
                key=row["key"],
                type=row["type"],
                pk=int(row["key"].partition(":")[2]),
                slug=row["slug"],
                title=row["title"],
                url=row["url"],
                score=0.0,
                date=row["date"],
                snippet=snippets.get(row["id"], []),
            )
            for row in page
        ]
        if options.sort != "date" and ranked:
            scores = dict(ordered.filter(id__in=[row["id"] for row in page]).values_list("id", "rank"))
            for hit, row in zip(hits, page, strict=True):
                hit.score = round(float(scores.get(row["id"], 0.0)), 4)
        return SearchResults(hits=hits, count=count, facets=facets, notes=notes)

    def _facet_counts(self, matching):
        try:
            sql, params = matching.values("facets").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing, e.g. city:<no such city>
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT facet, count(*) FROM ({sql}) AS matching, unnest(matching.facets) AS facet "  # noqa: S608
                "GROUP BY facet",
                params,
            )
            rows = cursor.fetchall()
        facets = {}
        for value, count in rows:
            field_name, _, facet_value = value.partition(":")
            facets.setdefault(field_name, []).append((facet_value, count))
        return {name: sorted(buckets, key=lambda item: (-item[1], item[0])) for name, buckets in facets.items()}

    def _headlines(self, ids, ranked):
        if not ids:
            return {}
        with connection.cursor() as cursor:
            if ranked:
                cursor.execute(
                    "SELECT id, ts_headline(%s, body, to_tsquery(%s, %s), %s) FROM search_searchdocument "
                    "WHERE id = ANY(%s)",
                    [CONFIG, CONFIG, " | ".join(ranked), HEADLINE_OPTIONS, ids],
                )
            else:
                cursor.execute("SELECT id, left(body, 240) FROM search_searchdocument WHERE id = ANY(%s)", [ids])
            return {row_id: snippet_segments(text) for row_id, text in cursor.fetchall() if text}

    def _compile(self, node, notes):
        """(a Q condition, the positive tsquery parts used to rank and highlight)."""
        if node is None:
            return Q(), []
        if isinstance(node, q.Term | q.Phrase | q.Prefix | q.Fuzzy):
            text = self._tsquery(node, notes)
            if text is None:
                return UNSEARCHABLE, []
            return Q(vector=SearchQuery(text, search_type="raw", config=CONFIG)), [text]
        if isinstance(node, FacetMatch):
            if not node.values:
                return UNSEARCHABLE, []
            return Q(facets__overlap=_facet_values(node.field, node.values)), []
        if isinstance(node, q.Not):
            condition, _ranked = self._compile(node.child, notes)
            return ~condition, []
        parts = [self._compile(child, notes) for child in node.children]
        combined = parts[0][0]
        for condition, _ranked in parts[1:]:
            combined = combined & condition if isinstance(node, q.And) else combined | condition
        return combined, [text for _condition, ranked in parts for text in ranked]

    def _tsquery(self, node, notes):
        if isinstance(node, q.Term):
            return _operand(strip_marks(node.text))
        if isinstance(node, q.Phrase):
            return " <-> ".join(_operand(word) for word in node.words)
        if isinstance(node, q.Prefix):
            return _quote(node.text) + ":*"
        words = self._near(node.text.lower())
        if len(words) > MAX_EXPANSIONS:
            notes.append(f"“{node.text}~” stands for many words; the {MAX_EXPANSIONS} closest were searched.")
            words = words[:MAX_EXPANSIONS]
        return "(" + " | ".join(_operand(word) for word in [node.text, *words]) + ")"

    # --- vocabulary: fuzzy words and "did you mean"

    def vocabulary(self):
        """Unstemmed words of titles and names, read with ts_stat and kept for a few minutes."""
        with self._vocabulary_lock:
            read_at, words = self._vocabulary
            if time.monotonic() - read_at < VOCABULARY_MAX_AGE and words:
                return words
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM ts_stat($$SELECT to_tsvector('simple', unaccent(title || ' ' || names)) "
                    "FROM search_searchdocument$$)"
                )
                words = frozenset(word for (word,) in cursor.fetchall())
            self._vocabulary = (time.monotonic(), words)
            return words

    def _near(self, word):
        """Vocabulary words within one or two edits of `word`, closest first."""
        limit = 1 if len(word) < 6 else 2
        found = [
            (distance, candidate)
            for candidate in self.vocabulary()
            if candidate[:1] == word[:1] and abs(len(candidate) - len(word)) <= limit
            for distance in [_edit_distance(word, candidate, limit)]
            if distance <= limit and candidate != word
        ]
        return [candidate for _distance, candidate in sorted(found)]

    def suggest(self, words):
        vocabulary = self.vocabulary()
        suggestions = {}
        for word in words:
            lowered = word.lower()
            if lowered in vocabulary or CJK_RUN.search(word):
                continue
            near = self._near(lowered)
            if near:
                suggestions[word] = near[0]
        return suggestions


def _edit_distance(a, b, limit):
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
