"""The reference engine the search benchmark measures each backend against: SQLite FTS5.

It indexes the same documents as the backends (search.documents.all_documents) and runs the same parsed
queries, doing what the results page needs: the number of matches, the first page ranked by bm25 (the title
and the record's names weighted above the body), a marked snippet of each hit with SQLite's snippet(), and
the count of each facet's ten most frequent values with GROUP BY.

FTS5 has no fuzzy match: `word~` searches the word as typed. Facet values are tokens of a `tags` column
(`t17`), so a filter, a NOT and an OR combine with the words inside one MATCH expression.
"""

import sqlite3
import time

from search import query as q
from search.backends.base import FACET_FIELDS, FacetMatch
from search.documents import all_documents

EVERY_TAG = "tall"  # every document has it: the base of a query that is only a NOT
EVERY_DOCUMENT = f"tags : {EVERY_TAG}"
FACET_SIZE = 10


class Fts5Reference:
    def __init__(self, path):
        # A file, not ":memory:": the index then lives in the page cache, outside the peak memory measured of
        # the process the backend shares with it.
        self.db = sqlite3.connect(path)
        self.db.executescript(
            """
            CREATE VIRTUAL TABLE docs USING fts5(
                title, names, body, tags, tokenize = 'unicode61 remove_diacritics 2'
            );
            CREATE TABLE facets (doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
            """
        )
        self.tags = {}  # (field, value) -> tag

    def _tag(self, field, value):
        return self.tags.setdefault((field, str(value)), f"t{len(self.tags)}")

    def build(self):
        """Index every document; returns (documents, seconds)."""
        started = time.perf_counter()
        count = 0
        rows, facet_rows = [], []
        for count, document in enumerate(all_documents(), start=1):
            values = {
                "type": [document.type],
                "city": document.cities,
                "org": document.orgs,
                "topic": document.topics,
                "year": document.years,
            }
            pairs = [(field, str(value)) for field, field_values in values.items() for value in field_values]
            tags = " ".join([EVERY_TAG] + [self._tag(field, value) for field, value in pairs])
            rows.append((count, document.title, document.names, document.body, tags))
            facet_rows += [(count, field, value) for field, value in pairs]
            if len(rows) == 2000:
                self._insert(rows, facet_rows)
                rows, facet_rows = [], []
        self._insert(rows, facet_rows)
        self.db.execute("CREATE INDEX facets_doc ON facets (doc, field)")
        self.db.commit()
        return count, time.perf_counter() - started

    def _insert(self, rows, facet_rows):
        self.db.executemany("INSERT INTO docs (rowid, title, names, body, tags) VALUES (?, ?, ?, ?, ?)", rows)
        self.db.executemany("INSERT INTO facets VALUES (?, ?, ?)", facet_rows)

    def search(self, tree, page_size=10):
        """(count, [(rowid, title, snippet)], {facet: [(value, count)]}) for a tree from search.query.parse,
        its field filters resolved (search.searching.resolve_filters).

        The matches are read once into a temporary table, with their bm25 rank, and counted, ranked and faceted
        from there; only the page's hits go back to the full-text index, for their snippets."""
        expression = self.expression(tree) if tree is not None else None
        if expression is None:
            return 0, [], {}
        self.db.execute("DROP TABLE IF EXISTS temp.hits")
        self.db.execute(
            "CREATE TEMP TABLE hits AS SELECT rowid AS doc, bm25(docs, 10.0, 5.0, 1.0, 0.0) AS rank"
            " FROM docs WHERE docs MATCH ?",
            (expression,),
        )
        (count,) = self.db.execute("SELECT count(*) FROM hits").fetchone()
        page = [doc for (doc,) in self.db.execute("SELECT doc FROM hits ORDER BY rank LIMIT ?", (page_size,))]
        snippets = {
            doc: (title, snippet)
            for doc, title, snippet in self.db.execute(
                "SELECT rowid, title, snippet(docs, 2, '[', ']', ' … ', 32) FROM docs WHERE docs MATCH ?"
                f" AND rowid IN ({', '.join('?' * len(page))})",
                (expression, *page),
            )
        }
        hits = [(doc, *snippets[doc]) for doc in page if doc in snippets]
        facets = {field: [] for field in FACET_FIELDS}
        for field, value, n in self.db.execute(
            "SELECT field, value, count(*) AS n FROM hits CROSS JOIN facets ON facets.doc = hits.doc"
            " GROUP BY field, value ORDER BY n DESC"
        ):
            if len(facets[field]) < FACET_SIZE:
                facets[field].append((value, n))
        return count, hits, facets

    def expression(self, node):
        """The FTS5 MATCH expression of a query tree, or None when it can match nothing."""
        if isinstance(node, q.Term | q.Fuzzy):
            return _quoted(node.text)
        if isinstance(node, q.Prefix):
            return f"{_quoted(node.text)} *"
        if isinstance(node, q.Phrase):
            return _quoted(" ".join(node.words))
        if isinstance(node, FacetMatch):
            tags = [self.tags[(node.field, value)] for value in node.values if (node.field, value) in self.tags]
            return f"tags : ({' OR '.join(tags)})" if tags else None
        if isinstance(node, q.Not):
            return self._without(EVERY_DOCUMENT, [node.child])
        if isinstance(node, q.Or):
            parts = [self.expression(child) for child in node.children]
            parts = [part for part in parts if part is not None]
            return f"({' OR '.join(parts)})" if parts else None
        if isinstance(node, q.And):
            negative = [child.child for child in node.children if isinstance(child, q.Not)]
            positive = [self.expression(child) for child in node.children if not isinstance(child, q.Not)]
            if None in positive:
                return None
            return self._without(f"({' AND '.join(positive)})" if positive else EVERY_DOCUMENT, negative)
        raise TypeError(f"no FTS5 expression for {node!r}")

    def _without(self, expression, excluded):
        for child in excluded:
            part = self.expression(child)
            if part is not None:
                expression = f"({expression} NOT {part})"
        return expression


def _quoted(text):
    return '"' + text.replace('"', '""') + '"'
