"""The PostgreSQL full-text engine, for deployments where several app servers share one database.

Documents live in search.SearchDocument with a weighted tsvector (title A,
names B, body C) under a GIN index; queries compile to a raw tsquery in the
`citykb` configuration (English stemming after accent folding); snippets mark
the page's hits' words by their lexemes (postgres_snippets).

In an index of more than twice SAMPLE_SIZE documents, a search whose words the
planner does not know to be rare first reads a uniform sample of about
SAMPLE_SIZE of them. When more than LARGE_RESULT documents have the query's
words, the count and facets are estimated from the sample and the ranking weighs
the sampled matches and the first HEAD_CANDIDATES title-and-name matches;
otherwise everything is exact, in one pass over the matches. (Counting, faceting and ranking most of a large
table cannot be done within the page's time budget.)
"""

import contextlib
import re
import threading
import time
import zlib

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, F, FloatField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat

from .. import query as q
from ..models import SAMPLE_BUCKETS, SearchDocument
from ..text import CJK_RUN, JOINER, cjk_grams, edit_distance, folded_name, is_name, joined_forms, word_parts
from . import postgres_snippets
from .base import (
    NAME_BOOST,
    TITLE_BOOST,
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
VOCABULARY_KEY = "search-vocabulary"
MAX_EXPANSIONS = 50
LARGE_RESULT = 1500  # documents with the words; past it, counts and facets are estimated from a sample
SAMPLE_SIZE = 1500  # documents in that sample
HEAD_CANDIDATES = 200  # title-and-name matches ranked with the sample
TOTAL_MAX_AGE = 60.0  # seconds
BATCH = 500
UNSEARCHABLE = Q(pk__in=[])


# A word of a tsquery this module writes (_quote), with its prefix mark.
_QUOTED = re.compile(r"'(?:[^'\\]|''|\\.)*'(?::\*)?")


def _quote(word):
    """A tsquery operand: the word in single quotes, its quotes and backslashes escaped."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _operand(word, in_phrase=False):
    """A word as tsquery text; a CJK word becomes all its grams, which must all match.

    A joined word ("ground-breaking", "Node.js", "AT&T") is found as PostgreSQL's parser reads it, as its
    parts in a row ("ground breaking") or as its joined form ("groundbreaking", from the document's grams).
    In a phrase it is read as the parser reads it only: PostgreSQL matches a phrase through alternatives of
    different lengths wrongly.
    """
    if CJK_RUN.search(word):
        return "(" + " & ".join(_quote(gram) for gram in cjk_grams(word)) + ")"
    if JOINER.search(word) and not in_phrase:
        parts = word_parts(word)
        return f"({_quote(word)} | ({' <-> '.join(_quote(part) for part in parts)}) | {_quote(''.join(parts))})"
    return _quote(word)


def _grams(text):
    """What the vector needs beyond the parser's words: CJK grams, and the joined forms of joined words."""
    return " ".join([*cjk_grams(text), *joined_forms(text)])


def _about(number):
    """A number estimated from a sample, to two significant figures: 78,397 → 78,000."""
    number = round(number)
    digits = len(str(number)) - 2
    return round(number, -digits) if digits > 0 else number


def _ranking(ranked, words):
    """The rank of a match: its text rank, lifted when its own name or alias is the query (NAME_BOOST)
    and when its title has every word asked for (TITLE_BOOST). None for a query with no words."""
    if not ranked:
        return None
    rank = SearchRank(F("vector"), SearchQuery(" | ".join(ranked), search_type="raw", config=CONFIG))
    if not words:
        return rank
    named = Q(names_exact__contains=[folded_name(" ".join(words))])
    # Title words weigh A; the parser's own reading of a joined word is the one titles have. Checked in `head`
    # (title and names only), kept in the row, not in the whole vector, read again from out of line for it.
    in_title = SearchQuery(" & ".join(f"{_quote(word)}:A" for word in words), search_type="raw", config=CONFIG)
    return ExpressionWrapper(
        rank
        + Case(When(named, then=Value(NAME_BOOST)), default=Value(0.0))
        + Case(When(Q(head=in_title), then=Value(TITLE_BOOST)), default=Value(0.0)),
        output_field=FloatField(),
    )


def _excludes(node):
    """True for a query that excludes something: the planner's estimate of what an exclusion leaves is not to be
    trusted ("parties -week", taken for rare, cost an exact pass of 291 ms at 100,000 documents)."""
    if isinstance(node, q.Not):
        return True
    return isinstance(node, q.And | q.Or) and any(_excludes(child) for child in node.children)


def _grouped_facets(rows):
    """{facet: [(value, count)], the most first} from (facet:value, count) rows."""
    facets = {}
    for value, count in rows:
        field_name, _, facet_value = value.partition(":")
        facets.setdefault(field_name, []).append((facet_value, count))
    return {name: sorted(buckets, key=lambda item: (-item[1], item[0])) for name, buckets in facets.items()}


def _filters(options):
    """The URL's facet filters (type=…, city=…) as a condition: each must match."""
    condition = Q()
    for field_name, values in options.filters.items():
        condition &= Q(facets__overlap=_facet_values(field_name, values))
    return condition


def _facet_values(field, values):
    return [f"{field}:{value}" for value in values]


class PostgresBackend(SearchBackend):
    def __init__(self, lock_timeout=10.0):
        self.lock_timeout = lock_timeout
        self._vocabulary = (0.0, frozenset())  # (read at, words)
        self._vocabulary_lock = threading.Lock()
        self._total = (-TOTAL_MAX_AGE, 0)  # (read at, documents)

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
        # Every row was written twice (inserted, then given its vectors): reclaim the dead
        # versions, and refresh the planner's statistics and the document total for sampling.
        # (VACUUM cannot run inside a transaction, as in tests; ANALYZE can.)
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                cursor.execute("ANALYZE search_searchdocument")
            else:
                cursor.execute("VACUUM ANALYZE search_searchdocument")
        self._total = (-TOTAL_MAX_AGE, 0)
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
                grams=_grams(" ".join([document.title, document.names, document.body])),
                names_exact=sorted({folded_name(name) for name in document.own_names} - {""}),
            )
            for document in documents
        ]
        SearchDocument.objects.bulk_create(rows)
        SearchDocument.objects.filter(key__in=[row.key for row in rows]).update(
            vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("names", weight="B", config=CONFIG)
            + SearchVector(Concat("body", Value(" "), "grams", output_field=TextField()), weight="C", config=CONFIG),
            head=SearchVector("title", weight="A", config=CONFIG) + SearchVector("names", weight="B", config=CONFIG),
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
        matching = SearchDocument.objects.filter(condition & _filters(options))
        words = q.asked_words(tree) if options.sort != "date" else []
        rank_query = _ranking(ranked, words)
        # Counting, faceting and ranking read every document with the words: cheap for
        # a few thousand, not for most of the index. A sample tells which case this is;
        # past LARGE_RESULT, counts and facets are estimated from it.
        bound = self._sample_bound()
        scale = SAMPLE_BUCKETS / bound
        if bound >= SAMPLE_BUCKETS or (not _excludes(tree) and self._planned_matches(matching) <= LARGE_RESULT):
            loose = sampled = 0  # a small index, or words the planner knows to be rare: no sample, every match
        else:
            loose, sampled, facets, sample_ranks = self._sample_pass(tree, options, rank_query, bound)
        # A sample with no match says nothing of a rare phrase of common words: count those exactly.
        estimated = bound < SAMPLE_BUCKETS and loose * scale > LARGE_RESULT and sampled > 0
        by_rank = options.sort != "date" and bool(ranked)
        if not estimated:
            count, facets, all_ranks = self._full_pass(matching, rank_query)
            candidates = dict(all_ranks)
        else:
            count = _about(sampled * scale)
            facets = {
                name: [(value, max(1, _about(n * scale))) for value, n in buckets] for name, buckets in facets.items()
            }
            notes.append("Very many records match: the counts are estimated from a sample.")
            candidates = dict(sample_ranks)
            if by_rank:
                notes.append(
                    "The ranking weighs title and name matches and a sample of the rest: "
                    "add words or filters to see every match in order."
                )
                candidates.update(self._head_candidates(tree, options, matching, rank_query, words))
            count = max(count, len(candidates))  # never fewer than the matches in hand
        start = (options.page - 1) * options.page_size
        ranked_among = None
        if not by_rank:
            order = (F("date").desc(nulls_last=True), "id") if options.sort == "date" else ("id",)
            ids = list(matching.order_by(*order).values_list("id", flat=True)[start : start + options.page_size])
            scores = {}
        else:
            ordered = sorted(candidates.items(), key=lambda item: (-item[1], item[0]))
            ranked_among = len(ordered) if estimated else None
            window = ordered[start : start + options.page_size]
            ids, scores = [row_id for row_id, _rank in window], dict(window)
        page = SearchDocument.objects.only("key", "type", "slug", "title", "url", "date", "body")
        if ranked:  # the query as PostgreSQL reads it, and whether the text has any of its words, for the snippets
            any_word = " | ".join(_QUOTED.findall(" ".join(ranked)))
            page = page.annotate(
                asked=RawSQL("to_tsquery(%s, %s)::text", [CONFIG, " | ".join(ranked)]),
                has_words=RawSQL("ts_filter(vector, '{c}') @@ to_tsquery(%s, %s)", [CONFIG, any_word]),
            )
        rows = page.in_bulk(ids)
        ids = [row_id for row_id in ids if row_id in rows]  # a write may have replaced a row meanwhile
        snippets = self._snippets([rows[row_id] for row_id in ids], q.positive_phrases(tree))
        hits = [
            Hit(
                key=row.key,
                type=row.type,
                pk=int(row.key.partition(":")[2]),
                slug=row.slug,
                title=row.title,
                url=row.url,
                score=round(float(scores.get(row_id, 0.0)), 4),
                date=row.date,
                snippet=snippets.get(row_id, []),
            )
            for row_id in ids
            for row in [rows[row_id]]
        ]
        return SearchResults(
            hits=hits, count=count, facets=facets, notes=notes, estimated=estimated, ranked_among=ranked_among
        )

    def _head_candidates(self, tree, options, matching, rank_query, words):
        """(id, rank) of some matches whose titles or names have the words: likely top hits of a large result.

        The records named exactly by the query, and the first HEAD_CANDIDATES documents the small
        title-and-names index finds (ordering them all would read every one), kept if they match the
        whole query.
        """
        loose, _ranked = self._compile(tree, [], column="head", loose=True)
        found = SearchDocument.objects.filter(loose & _filters(options)).values_list("id", flat=True)
        ids = list(found[:HEAD_CANDIDATES])
        if words:
            named = SearchDocument.objects.filter(names_exact__contains=[folded_name(" ".join(words))])
            ids += list(named.values_list("id", flat=True)[:HEAD_CANDIDATES])
        if not ids:
            return []
        ranks = matching.filter(id__in=ids).annotate(rank=rank_query)
        return list(ranks.values_list("id", "rank"))

    def _sample_pass(self, tree, options, rank_query, bound):
        """One pass over the sample: (documents with the words, matches, {facet: [(value, count)]}, [(id, rank)]).

        The words are checked row by row in the sample rather than through the GIN
        index, whose posting lists for common words cost more to read than the sample.
        """
        loose, _ranked = self._compile(tree, [], column="unindexed_vector", loose=True)
        strict, _ranked = self._compile(tree, [], column="unindexed_vector")
        rank = rank_query if rank_query is not None else Value(0.0)
        sampled = (
            SearchDocument.objects.annotate(
                unindexed_vector=Coalesce("vector", Value("", output_field=SearchVectorField())),
            )
            .filter(loose & _filters(options), sample__lt=bound)
            .annotate(rank=rank, strict=ExpressionWrapper(strict, output_field=BooleanField()))
        )
        return self._one_pass(sampled)

    def _full_pass(self, matching, rank_query):
        """(matches, {facet: [(value, count)]}, [(id, rank)]) of every match, in one pass through the words' index.

        The planner does not count the cost of reading each document's vector (kept out of line, compressed),
        so for a table of a few thousand documents it picks reading every vector over the words' index, which
        reads the matches' only (0.7 against 2.9 ms for 1,800, bench/README.md). This pass reads a few thousand
        matches at most, but for a rare phrase of common words (or an exclusion) that the sample finds nowhere, which
        reads every document with the words whichever way (0.4-1.2 s at 100,000). The setting is sent with the
        statement, which runs in a transaction of its own (inside a caller's transaction, it lasts until that ends).
        """
        rank = rank_query if rank_query is not None else Value(0.0)
        annotated = matching.annotate(rank=rank, strict=Value(True))
        _loose, count, facets, ranks = self._one_pass(annotated, setting="SET LOCAL enable_seqscan = off; ")
        return count, facets, ranks

    def _one_pass(self, annotated, setting=""):
        """Read rows annotated with `rank` and `strict` once: (rows, strict rows, their facets, their ranks).
        `setting`: SET LOCAL statements to send before it."""
        try:
            sql, params = annotated.values("id", "facets", "rank", "strict").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing, e.g. city:<no such city>
            return 0, 0, {}, []
        with connection.cursor() as cursor:
            cursor.execute(
                f"{setting}WITH rows AS MATERIALIZED ({sql}) "  # noqa: S608
                "SELECT 'rows', '', count(*)::float FROM rows "
                "UNION ALL SELECT 'facet', facet, count(*)::float FROM rows, unnest(rows.facets) AS facet "
                "WHERE strict GROUP BY facet "
                "UNION ALL SELECT 'rank', id::text, rank FROM rows WHERE strict",
                params,
            )
            found = cursor.fetchall()
        rows = next(int(n) for kind, _value, n in found if kind == "rows")
        ranks = [(int(row_id), rank) for kind, row_id, rank in found if kind == "rank"]
        facets = _grouped_facets((value, int(n)) for kind, value, n in found if kind == "facet")
        return rows, len(ranks), facets, ranks

    def _planned_matches(self, matching):
        """The planner's estimate of the matches, from its statistics of the words (no row is read): reading the
        sample costs more than reading every match of rare words (5-19 ms at 100,000 documents, bench/README.md)."""
        try:
            sql, params = matching.values("id").query.sql_with_params()
        except EmptyResultSet:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        return plan[0]["Plan"]["Plan Rows"]

    def _sample_bound(self):
        """The sample bucket below which about SAMPLE_SIZE documents lie; every bucket for an index under twice
        that size, where a sample would save less than the full pass it may still need."""
        total = self._document_total()
        if total < 2 * SAMPLE_SIZE:
            return SAMPLE_BUCKETS
        return max(1, min(SAMPLE_BUCKETS, -(-SAMPLE_SIZE * SAMPLE_BUCKETS // max(total, 1))))

    def _document_total(self):
        """The number of documents, from the planner's statistics (refreshed on rebuild), kept a minute."""
        read_at, total = self._total
        if time.monotonic() - read_at < TOTAL_MAX_AGE:
            return total
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_searchdocument'::regclass")
            total = cursor.fetchone()[0]
        if total < 0:  # never analyzed
            total = SearchDocument.objects.count()
        self._total = (time.monotonic(), total)
        return total

    @staticmethod
    def _snippets(rows, phrases):
        """{id: snippet} of the page's rows: the query's words marked, or the start of the text for a query of
        filters only."""
        bodies = {row.id: strip_marks(row.body) for row in rows if row.body}  # the marks are ours alone
        if not rows or not hasattr(rows[0], "asked"):
            return {row_id: snippet_segments(body[:240]) for row_id, body in bodies.items()}
        # A text without the words (a record found by its title or names) starts its snippet, unmarked.
        snippets = {row.id: snippet_segments(bodies[row.id][:240]) for row in rows if row.body and not row.has_words}
        bodies = {row.id: bodies[row.id] for row in rows if row.body and row.has_words}
        return snippets | postgres_snippets.headlines(CONFIG, bodies, rows[0].asked, phrases)

    def _compile(self, node, notes, column="vector", loose=False):
        """(a Q condition on the column, the positive tsquery parts used to rank and highlight).

        Loose: phrases as their words in any order.
        """
        if node is None:
            return Q(), []
        if isinstance(node, q.Term | q.Phrase | q.Prefix | q.Fuzzy):
            text = self._tsquery(node, notes, loose)
            if text is None:
                return UNSEARCHABLE, []
            return Q(**{column: SearchQuery(text, search_type="raw", config=CONFIG)}), [text]
        if isinstance(node, FacetMatch):
            if not node.values:
                return UNSEARCHABLE, []
            return Q(facets__overlap=_facet_values(node.field, node.values)), []
        if isinstance(node, q.Not):
            # Never loose: "-\"a b\"" excludes the phrase, not every record with both words.
            condition, _ranked = self._compile(node.child, notes, column)
            return ~condition, []
        if isinstance(node, q.And):
            # The words of an AND in one tsquery: PostgreSQL drops stop words from it ("Government of China"),
            # where a stop word alone would be an empty query that matches nothing.
            words = [child for child in node.children if isinstance(child, q.Term | q.Phrase)]
            if len(words) > 1:
                texts = [self._tsquery(child, notes, loose) for child in words]
                combined = Q(**{column: SearchQuery(" & ".join(texts), search_type="raw", config=CONFIG)})
                rest = [self._compile(child, notes, column, loose) for child in node.children if child not in words]
                parts = [(combined, [" & ".join(texts)]), *rest]
            else:
                parts = [self._compile(child, notes, column, loose) for child in node.children]
        else:
            parts = [self._compile(child, notes, column, loose) for child in node.children]
        combined = parts[0][0]
        for condition, _ranked in parts[1:]:
            combined = combined & condition if isinstance(node, q.And) else combined | condition
        return combined, [text for _condition, ranked in parts for text in ranked]

    def _tsquery(self, node, notes, loose=False):
        if isinstance(node, q.Term):
            return _operand(strip_marks(node.text))
        if isinstance(node, q.Phrase):
            if loose:
                return " & ".join(_operand(word) for word in node.words)
            return " <-> ".join(_operand(word, in_phrase=True) for word in node.words)
        if isinstance(node, q.Prefix):
            return _quote(node.text) + ":*"
        words = self._near(node.text.lower())
        if len(words) > MAX_EXPANSIONS:
            notes.append(f"“{node.text}~” stands for many words; the {MAX_EXPANSIONS} closest were searched.")
            words = words[:MAX_EXPANSIONS]
        return "(" + " | ".join(_operand(word) for word in [node.text, *words]) + ")"

    # --- vocabulary: fuzzy words and "did you mean"

    def vocabulary(self):
        """Unstemmed words of titles and names, read with ts_stat at most every VOCABULARY_MAX_AGE seconds.

        Shared with the other processes and app servers through the cache: ts_stat parses every
        document (a second at 100,000), and a worker reading it for itself holds up the visitors queued
        behind it. With the cache down, each process reads its own.
        """
        with self._vocabulary_lock:
            now = time.time()
            if now - self._vocabulary[0] < VOCABULARY_MAX_AGE:
                return self._vocabulary[1]
            shared = cache.get(VOCABULARY_KEY)  # (read at, words)
            if shared is None or now - shared[0] >= VOCABULARY_MAX_AGE:
                shared = (now, self._read_vocabulary())
                cache.set(VOCABULARY_KEY, shared, VOCABULARY_MAX_AGE)
            self._vocabulary = shared
            return shared[1]

    def _read_vocabulary(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat($$SELECT to_tsvector('simple', unaccent(title || ' ' || names)) "
                "FROM search_searchdocument$$)"
            )
            return frozenset(word for (word,) in cursor.fetchall())

    def _near(self, word, limit=None):
        """Vocabulary words within one or two edits of `word` (at most `limit`), closest first."""
        limit = min(limit or 2, 1 if len(word) < 6 else 2)
        found = [
            (distance, candidate)
            for candidate in self.vocabulary()
            if candidate[:1] == word[:1] and abs(len(candidate) - len(word)) <= limit
            for distance in [edit_distance(word, candidate, limit)]
            if distance <= limit and candidate != word
        ]
        return [candidate for _distance, candidate in sorted(found)]

    def suggest(self, words):
        """Names (capitalised words) only to a name one edit away; never a word the index has anywhere."""
        vocabulary = self.vocabulary()
        suggestions = {}
        for word in words:
            lowered = word.lower()
            if lowered in vocabulary or CJK_RUN.search(word) or JOINER.search(word) or self._occurs(word):
                continue
            near = self._near(lowered, limit=1 if is_name(word) else 2)
            if near:
                suggestions[word] = near[0]
        return suggestions

    def _occurs(self, word):
        """True when some document has the word (in any field, stemmed). Through the words' index: "did you mean"
        asks of words that find few records or none, and for a word in no record the planner's first choice,
        reading vectors until one has it, read all 100,000 (525 against 0.4 ms)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL enable_seqscan = off; "
                "SELECT EXISTS (SELECT 1 FROM search_searchdocument WHERE vector @@ to_tsquery(%s, %s))",
                [CONFIG, _operand(word)],
            )
            return cursor.fetchone()[0]
