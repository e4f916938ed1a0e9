"""Matching, BM25F ranking and facet counts over a Whoosh index, done as array arithmetic.

Whoosh's matchers take a Python step per matching document, so a common word in
100,000 announcements costs most of a second to rank and count. Here what a
search needs from each segment (the postings of the words asked for, field
lengths, dates, facet values) is read once into numpy arrays and kept while the
segment lives: segments never change after they are written, only their
deletions do, and those are applied as a mask per commit. A search is then a
few vector operations over all documents, and an edit, which adds a small
segment, costs the next search only that segment's reading.

Scores are Whoosh's own BM25F (its idf and average field lengths, the field
boosts stored in the postings' weights): the sum over query words and text
fields, as Whoosh's And and Or matchers add their children's scores.
"""

import copy
import itertools
import pickle
import struct
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from .base import IndexUnreadable

PHRASE_CHECK_LIMIT = 5000  # documents whose word positions a phrase checks; past it the count is approximate
TIME_LIMIT = 0.5  # seconds for checking phrase positions; past it, results are partial and the page says so
EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
_LENGTHS = np.array([byte_to_length(n) or 1 for n in range(256)], dtype=np.float32)


@dataclass
class Match:
    """The documents a query matches (a mask over document numbers) and their scores."""

    mask: np.ndarray
    scores: np.ndarray
    partial: bool = False

    @property
    def count(self):
        return int(np.count_nonzero(self.mask))


# What reading a damaged file raises; anything else (a bug, MemoryError) is not repaired by a rebuild.
DAMAGE = (OSError, EOFError, zlib.error, struct.error, pickle.UnpicklingError, ValueError, KeyError, IndexError)


def _reading(function):
    """Errors while reading index files mean damage: report them as IndexUnreadable."""

    def read(*args):
        try:
            return function(*args)
        except DAMAGE as error:
            raise IndexUnreadable(f"The search index cannot be read: {error!r}") from error

    return read


@_reading
def read_postings(reader, field_name, text):
    """(document numbers, weights) of a term in one segment, deleted documents included."""
    if (field_name, text) not in reader:
        return EMPTY_IDS, EMPTY_WEIGHTS
    matcher = reader.postings(field_name, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are applied per commit by the live mask
    ids, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        # A block at a time: an order of magnitude faster than a call per posting.
        while not matcher._atend:
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)


@_reading
def read_places(reader, field_name, text, docnums):
    """(document numbers, positions) of each place of a term in one segment, in the sorted `docnums` only."""
    docs, gaps = [], []  # per posting: its document, the gaps between its positions (the first from 0)
    if (field_name, text) not in reader:
        return _places(docs, gaps)
    matcher = reader.postings(field_name, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    read_gaps = _position_gaps if type(matcher.format) is Positions else _gaps_of(matcher.format.decoder("positions"))
    if not isinstance(matcher, W3LeafMatcher):
        for docnum in docnums.tolist():
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                docs.append(docnum)
                gaps.append(read_gaps(matcher.value()))
        return _places(docs, gaps)
    # A block at a time, reading only the blocks that hold a document asked for (a block's last id is known
    # before its data is read).
    wanted = 0
    while not matcher._atend and wanted < len(docnums):
        if matcher._maxid >= docnums[wanted]:
            matcher._read_ids()
            ids = np.asarray(matcher._ids, dtype=np.int64)
            hits = np.flatnonzero(np.isin(ids, docnums[wanted:], assume_unique=True))
            if len(hits):
                matcher._read_values()
                docs.extend(ids[hits].tolist())
                gaps.extend(read_gaps(matcher._values[n]) for n in hits.tolist())
            wanted = int(np.searchsorted(docnums, matcher._maxid, side="right"))
        matcher._next_block()
    return _places(docs, gaps)


def _position_gaps(value):
    """The gaps between a posting's positions as Whoosh's Positions format keeps them: a count, then a pickle of
    the gaps (its own decoder adds them up in a Python loop; here numpy does, for all postings at once)."""
    if not value.endswith(b"."):
        value += b"."
    return pickle.loads(value[_INT_SIZE:])  # the index's own postings, read as Whoosh reads them


def _gaps_of(decode):
    """Gaps from a format's own positions decoder."""

    def read_gaps(value):
        positions = decode(value)
        return [b - a for a, b in zip([0, *positions], positions, strict=False)]

    return read_gaps


def _places(docs, gaps):
    """(document numbers, positions) from each posting's document and position gaps."""
    counts = np.array([len(found) for found in gaps], dtype=np.int64)
    flat = np.fromiter(itertools.chain.from_iterable(gaps), dtype=np.int64, count=int(counts.sum()))
    totals = np.cumsum(flat)
    first = np.cumsum(counts) - counts  # where each posting's gaps start in `flat`
    # Each posting's positions restart from 0: take off the running total before its first gap.
    before = np.repeat(totals[first] - flat[first], counts)
    return np.repeat(np.array(docs, dtype=np.int64), counts), totals - before


# Positions are below this: a document number times it plus a position is a unique key of a word's place.
POSITION_STRIDE = 1 << 32


def phrase_documents(reader, field_name, words, docnums):
    """The documents among the sorted `docnums` of one segment where the words stand in a row in the field."""
    places = None
    for offset, word in enumerate(words):
        docs, positions = read_places(reader, field_name, word, docnums)
        # Where the phrase would start if this word is in it: the same key for each of its words.
        starts = docs * POSITION_STRIDE + positions - offset
        places = starts if places is None else np.intersect1d(places, starts)
        if not len(places):
            break
    return np.unique(places // POSITION_STRIDE)


def _fixed_column(column_reader, count, dtype):
    raw = column_reader._dbfile.get(column_reader._basepos, column_reader._count * column_reader._fixedlen)
    values = np.frombuffer(raw, dtype=dtype)
    if len(values) < count:  # documents past the end of a column have its default
        values = np.concatenate([values, np.full(count - len(values), column_reader._default, dtype=dtype)])
    return values


@_reading
def read_lengths(reader, field_name):
    """Each document's length of a field, as Whoosh's BM25F sees it."""
    count = reader.doc_count_all()
    if not reader._perdoc.has_column(_lenfield(field_name)):
        return np.ones(count, dtype=np.float32)
    column = reader._perdoc.column_reader(_lenfield(field_name), LENGTHS_COLUMN)
    return _LENGTHS[_fixed_column(column, count, np.uint8)]


@_reading
def read_numbers(reader, field_name):
    """A sortable numeric column, in an order-preserving integer form."""
    column = reader.column_reader(field_name, translate=False)
    return _fixed_column(column, reader.doc_count_all(), np.dtype(">" + column._typecode)).astype(np.int64)


@_reading
def read_facet(reader, field_name):
    """(values, document numbers, value index per document number) of a keyword field in one segment."""
    values = [value.decode() for value in reader.lexicon(field_name)]
    ids, which = [EMPTY_IDS], [EMPTY_IDS]
    for index, value in enumerate(values):
        found, _weights = read_postings(reader, field_name, value)
        ids.append(found)
        which.append(np.full(len(found), index, dtype=np.int64))
    return values, np.concatenate(ids), np.concatenate(which)


class SegmentArrays:
    """What one segment contributes, read when first needed and kept while the segment lives."""

    def __init__(self, reader, text_fields, date_field, facet_fields):
        self.size = reader.doc_count_all()
        self.lengths = {name: read_lengths(reader, name) for name in text_fields}
        self.dates = read_numbers(reader, date_field)
        self.facets = {name: read_facet(reader, name) for name in facet_fields}


class ArrayCache:
    """Per process: segment arrays, and the postings of recent query words within a bound."""

    def __init__(self, text_fields, date_field, facet_fields, postings_limit):
        self.text_fields = tuple(text_fields)
        self.date_field = date_field
        self.facet_fields = tuple(facet_fields)
        self.postings_limit = postings_limit
        self._lock = threading.Lock()
        self._segments = {}
        self._postings = OrderedDict()  # (segment key, field, text) -> (ids, weights), least recent first
        self._held = 0  # postings in self._postings
        self._view = None

    def view(self, searcher, generation):
        """The arrays of the index as this searcher sees it (built once per commit)."""
        key = (generation, searcher.ixreader.generation())
        with self._lock:
            if self._view is None or self._view.key != key:
                self._view = IndexView(self, searcher, key)
            elif self._view.searcher is not searcher:
                self._view = self._view.for_searcher(searcher)
            return self._view

    def segment(self, key, reader):
        found = self._segments.get(key)
        if found is None:
            found = SegmentArrays(reader, self.text_fields, self.date_field, self.facet_fields)
            self._segments[key] = found
        return found

    def forget_segments_except(self, keys):
        for key in set(self._segments) - set(keys):
            del self._segments[key]
        for key in [k for k in self._postings if k[0] not in keys]:
            self._held -= len(self._postings.pop(key)[0])

    def postings(self, segment_key, reader, field_name, text):
        key = (segment_key, field_name, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        found = read_postings(reader, field_name, text)
        with self._lock:
            if key not in self._postings:  # another thread may have read it meanwhile
                self._postings[key] = found
                self._held += len(found[0])
            # Bound the memory: at most postings_limit postings across cached words.
            while self._held > self.postings_limit and len(self._postings) > 1:
                _key, (ids, _weights) = self._postings.popitem(last=False)
                self._held -= len(ids)
        return found

    def cached_postings(self):
        return self._held


def _leaves(searcher, generation):
    """(segment key, subsearcher, offset) of each segment; an empty index has none."""
    leaves = []
    for subsearcher, offset in searcher.leaf_searchers():
        segment = subsearcher.reader().segment()
        if segment is not None:
            leaves.append(((generation, segment.segment_id()), subsearcher, offset))
    return leaves


def _joined(arrays):
    """The segments' arrays end to end, as one array over the index's document numbers."""
    return np.concatenate(arrays) if arrays else np.zeros(0)


class IndexView:
    """The whole index as arrays over its document numbers, for one commit."""

    def __init__(self, cache, searcher, key):
        self.cache, self.key = cache, key
        self.searcher = searcher
        self.leaves = _leaves(searcher, key[0])
        cache.forget_segments_except({leaf[0] for leaf in self.leaves})
        segments = [cache.segment(leaf_key, sub.reader()) for leaf_key, sub, _offset in self.leaves]
        self.size = searcher.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for _key, subsearcher, offset in self.leaves:
            deleted = list(subsearcher.reader().segment().deleted_docs())
            if deleted:
                self.live[np.array(deleted, dtype=np.int64) + offset] = False
        self.lengths = {name: _joined([s.lengths[name] for s in segments]) for name in cache.text_fields}
        self.dates = _joined([s.dates for s in segments]).astype(np.int64)
        self.facets = {name: self._join_facet(name, segments) for name in cache.facet_fields}

    def for_searcher(self, searcher):
        """The same commit seen by another thread's searcher."""
        view = copy.copy(self)
        view.searcher = searcher
        view.leaves = _leaves(searcher, self.key[0])
        return view

    def _join_facet(self, name, segments):
        values = sorted({value for segment in segments for value in segment.facets[name][0]})
        position = {value: n for n, value in enumerate(values)}
        ids, which = [EMPTY_IDS], [EMPTY_IDS]
        for (_key, _sub, offset), segment in zip(self.leaves, segments, strict=True):
            local_values, local_ids, local_which = segment.facets[name]
            if len(local_ids):
                remap = np.array([position[value] for value in local_values], dtype=np.int64)
                ids.append(local_ids + offset)
                which.append(remap[local_which])
        return values, np.concatenate(ids), np.concatenate(which)

    # --- postings and scores

    def postings(self, field_name, text):
        """(document numbers, weights) of a term across the index, deleted documents included."""
        parts = [
            (self.cache.postings(key, subsearcher.reader(), field_name, text), offset)
            for key, subsearcher, offset in self.leaves
        ]
        ids = [found + offset for (found, _weights), offset in parts if len(found)]
        weights = [weights for (found, weights), _offset in parts if len(found)]
        if not ids:
            return EMPTY_IDS, EMPTY_WEIGHTS
        return np.concatenate(ids), np.concatenate(weights)

    def terms(self, terms):
        """The Match of any of these (field, text) terms: the union, each document's scores added."""
        ids, scores = [EMPTY_IDS], [EMPTY_WEIGHTS]
        for field_name, text in terms:
            found, weights = self.postings(field_name, text)
            if len(found):
                ids.append(found)
                # Filters (type, city, …) select; only the text fields rank.
                scored = field_name in self.lengths
                scores.append(self._bm25(field_name, text, found, weights) if scored else 0 * weights)
        ids = np.concatenate(ids)
        mask = np.zeros(self.size, dtype=bool)
        mask[ids] = True
        total = np.bincount(ids, weights=np.concatenate(scores), minlength=self.size).astype(np.float32)
        return Match(mask & self.live, total)

    def with_any_term(self, terms, docnums):
        """Those of `docnums` that have any of these (field, text) terms."""
        wanted = np.array(docnums, dtype=np.int64)
        found = np.zeros(len(wanted), dtype=bool)
        for field_name, text in terms:
            found |= np.isin(wanted, self.postings(field_name, text)[0])
        return set(wanted[found].tolist())

    def _bm25(self, field_name, text, ids, weights):
        weighting = BM25F()
        idf = self.searcher.idf(field_name, text)
        average = self.searcher.avg_field_length(field_name) or 1
        lengths = self.lengths[field_name][ids]
        b, k1 = weighting.B, weighting.K1
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))

    def every(self):
        return Match(self.live.copy(), np.zeros(self.size, dtype=np.float32))

    def nothing(self):
        return Match(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float32))

    # --- evaluating a Whoosh query tree

    def evaluate(self, query, notes, deadline):
        """The Match of a normalized Whoosh query: And, Or, Not, Term, Phrase, Every."""
        if isinstance(query, wq.Term):
            return self.terms([(query.fieldname, query.text)])
        if isinstance(query, wq.And):
            positive = [self.evaluate(c, notes, deadline) for c in query.subqueries if not isinstance(c, wq.Not)]
            negative = [self.evaluate(c.query, notes, deadline) for c in query.subqueries if isinstance(c, wq.Not)]
            match = positive[0] if positive else self.every()
            for other in positive[1:]:
                match = Match(match.mask & other.mask, match.scores + other.scores, match.partial or other.partial)
            for other in negative:
                match.mask = match.mask & ~other.mask
            match.scores = np.where(match.mask, match.scores, 0)
            return match
        if isinstance(query, wq.Or) and all(isinstance(c, wq.Term) for c in query.subqueries):
            return self.terms([(c.fieldname, c.text) for c in query.subqueries])
        if isinstance(query, wq.Or):
            match = self.nothing()
            for child in query.subqueries:
                other = self.evaluate(child, notes, deadline)
                match = Match(match.mask | other.mask, match.scores + other.scores, match.partial or other.partial)
            return match
        if isinstance(query, wq.Not):
            return Match(self.live & ~self.evaluate(query.query, notes, deadline).mask, self.nothing().scores)
        if isinstance(query, wq.Every):
            return self.every()
        if isinstance(query, wq.Phrase):
            return self._phrase(query, notes, deadline)
        if query is wq.NullQuery:
            return self.nothing()
        match = self.nothing()
        match.mask[list(self.searcher.docs_for_query(query))] = True
        return match

    def _phrase(self, phrase, notes, deadline):
        """Documents with all the words, then their positions checked, within a bound and a time limit."""
        words = [self.terms([(phrase.fieldname, word)]) for word in phrase.words]
        mask = np.logical_and.reduce([word.mask for word in words])
        scores = np.where(mask, np.sum([word.scores for word in words], axis=0), 0).astype(np.float32)
        candidates = np.flatnonzero(mask)
        if len(candidates) > PHRASE_CHECK_LIMIT:
            notes.append(
                f"“{' '.join(phrase.words)}” is in very many records; counts include records that have its words apart."
            )
            return Match(mask, scores)
        confirmed = np.zeros(self.size, dtype=bool)
        partial = False
        for _key, subsearcher, offset in self.leaves:
            size = subsearcher.reader().doc_count_all()
            local = candidates[(candidates >= offset) & (candidates < offset + size)] - offset
            if not len(local):
                continue
            if time.monotonic() > deadline:
                # Out of time: keep the unchecked candidates and say so.
                confirmed[local + offset] = True
                partial = True
                continue
            confirmed[phrase_documents(subsearcher.reader(), phrase.fieldname, phrase.words, local) + offset] = True
        return Match(confirmed, np.where(confirmed, scores, 0).astype(np.float32), partial)

    # --- answers

    def facet_counts(self, mask, names):
        """{facet: [(value, count)]} over the matching documents, the most frequent first."""
        counts = {}
        for facet, field_name in names.items():
            values, ids, which = self.facets[field_name]
            tally = np.bincount(which[mask[ids]], minlength=len(values))
            found = [(values[n], int(tally[n])) for n in np.flatnonzero(tally)]
            counts[facet] = sorted(found, key=lambda item: (-item[1], item[0]))
        return counts

    def top(self, match, limit, by_date=False):
        """(document number, score) of the best `limit` matches: by score, or newest first, then by score."""
        docs = np.flatnonzero(match.mask)
        scores = match.scores[docs]
        if by_date:
            order = np.lexsort((docs, -scores, -self.dates[docs]))[:limit]
            return [(int(docs[n]), float(scores[n])) for n in order]
        if len(docs) > limit:
            if scores.min() == scores.max():  # all tied (e.g. filters only): document order, as page 1 had it
                return [(int(doc), float(scores[0])) for doc in docs[:limit]]
            # Keep every document scoring at least the limit-th best, ties included, so that
            # each page is a slice of one order however many documents share a score.
            kth = -np.partition(-scores, limit - 1)[limit - 1]
            keep = scores >= kth
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))[:limit]
        return [(int(docs[n]), float(scores[n])) for n in order]
