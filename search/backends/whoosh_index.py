"""The Whoosh engine: an index on local disk, the embedded default.

Layout of SEARCH_INDEX_DIR:
    current -> gen-<n>    a symlink to the live generation, swapped atomically by rebuild
    gen-<n>/              a Whoosh index
    write.lock            held (flock) by the one process writing; the kernel frees it if that process dies
    rebuilding            present while a rebuild runs, so writers leave their updates queued at once

Each thread keeps one searcher between requests and reopens it when the index
changes or `current` points at a new generation.
"""

import contextlib
import fcntl
import itertools
import logging
import os
import shutil
import threading
import time
import traceback
from datetime import date, timedelta

import numpy as np
import whoosh
from whoosh import fields
from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.lang.porter import stem
from whoosh.scoring import BM25F
from whoosh.support.charset import accent_map

from .. import query as q
from ..text import JOINER, TOKEN, edit_distance, folded_name, is_name, pieces, word_parts
from .base import (
    NAME_BOOST,
    PASSAGE_BETWEEN,
    TITLE_BOOST,
    FacetMatch,
    Hit,
    IndexBusy,
    IndexUnreadable,
    SearchBackend,
    SearchResults,
    from_sentence_starts,
    marked_passages,
    snippet_segments,
    snippet_windows,
    strip_marks,
)
from .whoosh_arrays import TIME_LIMIT, ArrayCache

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "names", "body")
MAX_EXPANSIONS = 50  # a prefix or fuzzy word searches at most this many index words
SCAN_LIMIT = 5000  # … chosen, by frequency, among at most this many candidates
PARALLEL_BUILD_FROM = 5000  # documents
# A ceiling, not an allocation, for sorting postings while building: past it Whoosh
# spills sorted runs to disk, which at 100k documents made the build a third slower.
BUILD_MEMORY_MB = 4096
POSTINGS_CACHE = 4_000_000  # postings of recent query words each process keeps (12 bytes each, ≈ 48 MB)
EPOCH = date(1970, 1, 1)
UNKNOWN_DATE = -(10**7)
WHOOSH_PACKAGE = os.path.dirname(os.path.abspath(whoosh.__file__))


class WordAnalyzer(Tokenizer):
    """Words of letters and digits, plus CJK characters and character pairs, with offsets for highlighting;
    lowercased, accent-folded and, for text, stemmed.

    A word joined by - . ' ’ or & gives its joined form ("groundbreaking") at the position of its first
    part, then each part at its own position ("ground", "breaking"): the parts are found alone and in
    phrases with their neighbours, the joined form as one word however it is written.

    One generator rather than Whoosh's chain of a tokenizer and three filters:
    indexing spends most of its time here, and each link of the chain costs a
    Python call per word.
    """

    def __init__(self, stemming=True):
        self.stemming = stemming

    @property
    def is_morph(self):
        return self.stemming

    def normalized(self, text):
        """The indexed form of a word, remembered: most words of a text have been seen before."""
        cache = _NORMALIZED[self.stemming]
        found = cache.get(text)
        if found is None:
            found = text.lower()
            if not found.isascii():
                found = found.translate(accent_map)
            if self.stemming:
                found = stem(found)
            if len(cache) >= NORMALIZED_CACHE_SIZE:
                cache.clear()
            cache[text] = found
        return found

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        normalized = self.normalized
        for match in TOKEN.finditer(value):
            for text, start, end, advance in pieces(match):
                token.text = normalized(text)
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = position
                    position += advance
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token


NORMALIZED_CACHE_SIZE = 100_000
# word as written -> indexed form, with and without stemming; module-level, so not pickled with the schema
_NORMALIZED = {True: {}, False: {}}
TEXT_ANALYZER = WordAnalyzer(stemming=True)
WORD_ANALYZER = WordAnalyzer(stemming=False)


def schema():
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),
        type=fields.ID(stored=True),
        slug=fields.STORED(),
        url=fields.STORED(),
        digest=fields.STORED(),
        title=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True, field_boost=4.0),
        names=fields.TEXT(analyzer=TEXT_ANALYZER, field_boost=2.0),
        body=fields.TEXT(analyzer=TEXT_ANALYZER),
        spelling=fields.TEXT(analyzer=WORD_ANALYZER, phrase=False),
        names_exact=fields.KEYWORD(commas=True),  # the record's own names and aliases, folded
        cities=fields.KEYWORD(commas=True),
        orgs=fields.KEYWORD(commas=True),
        topics=fields.KEYWORD(commas=True),
        years=fields.KEYWORD(commas=True),
        date=fields.NUMERIC(stored=True, sortable=True),
    )


FACET_INDEX_FIELDS = {"type": "type", "city": "cities", "org": "orgs", "topic": "topics", "year": "years"}


def _fields_of(document):
    return {
        "key": document.key,
        "type": document.type,
        "slug": document.slug,
        "url": document.url,
        "digest": document.digest,
        "title": strip_marks(document.title),
        "names": document.names,
        "body": document.body,
        "spelling": " ".join([document.title, document.names]),
        "names_exact": ",".join(sorted({folded_name(name) for name in document.own_names} - {""})),
        "cities": ",".join(document.cities),
        "orgs": ",".join(document.orgs),
        "topics": ",".join(document.topics),
        "years": ",".join(str(year) for year in document.years),
        # Sorting is newest first; an unknown date sorts after every known one.
        "date": (document.date - EPOCH).days if document.date else UNKNOWN_DATE,
    }


def _tokens(*words):
    """The indexed forms of words that are not joined (plain words, parts of joined ones)."""
    return [token.text for word in words for token in TEXT_ANALYZER(word)]


def _storage(path):
    # No mmap: a file truncated under an open searcher would kill the process
    # with SIGBUS instead of raising an error the index can recover from.
    return FileStorage(path, supports_mmap=False)


def _highlighted_words(query):
    """The words a snippet marks: every text word of the query outside a NOT."""
    if isinstance(query, wq.Not):
        return
    if isinstance(query, wq.Term) and query.fieldname in TEXT_FIELDS:
        yield query.text
    elif isinstance(query, wq.Phrase):
        yield from query.words
    elif isinstance(query, wq.CompoundQuery):
        for child in query.subqueries:
            yield from _highlighted_words(child)


def _highlight(text, words, phrases):
    """The best two passages of the text (of a long one, of the first window around its words and phrases) with
    the words marked, each from its sentence's or clause's start, or "" when none is found."""
    for window in snippet_windows(text, phrases):
        marked = marked_passages(window, _matches(window, words))
        if marked:
            return from_sentence_starts(window, marked, PASSAGE_BETWEEN)
    return ""


def _matches(text, words):
    """(start, end, indexed form) of each piece of `text` that the analyzer indexes as one of `words`, in order.

    Not Whoosh's highlighter: it makes a token of every word of the text, and most of a search's time went there.
    """
    found = []
    for match in TOKEN.finditer(text):
        for start, end, indexed in _INDEXED_PIECES.get(match.group()) or _indexed_pieces(match):
            if indexed in words:
                found.append((match.start() + start, match.start() + end, indexed))
    return found


def _indexed_pieces(match):
    """(start, end, indexed form) of the pieces of a TOKEN match, from its start; remembered."""
    if len(_INDEXED_PIECES) >= NORMALIZED_CACHE_SIZE:
        _INDEXED_PIECES.clear()
    found = _INDEXED_PIECES[match.group()] = [
        (start - match.start(), end - match.start(), TEXT_ANALYZER.normalized(piece))
        for piece, start, end, _advance in pieces(match)
    ]
    return found


_INDEXED_PIECES = {}  # a word as written -> its pieces' offsets and indexed forms


def _prefix_frequencies(searcher, prefix):
    """{index word: documents with it} of the text fields' words starting with `prefix`, at most SCAN_LIMIT a
    field and segment. Read segment by segment, where each word comes with its frequency: asking the whole
    index for each word's frequency looks it up again in every segment (most of a second for 900 words)."""
    frequencies = {}
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        for field_name in TEXT_FIELDS:
            for term, info in itertools.islice(reader.iter_prefix(field_name, prefix), SCAN_LIMIT):
                text = term.decode() if isinstance(term, bytes) else term
                frequencies[text] = frequencies.get(text, 0) + info.doc_frequency()
    return frequencies


class WhooshBackend(SearchBackend):
    def __init__(self, directory, lock_timeout=10.0):
        self.directory = os.fspath(directory)
        self.lock_timeout = lock_timeout
        self._local = threading.local()  # searchers are not shared between threads
        self._arrays = ArrayCache(TEXT_FIELDS, "date", FACET_INDEX_FIELDS.values(), POSTINGS_CACHE)

    # --- paths and opening

    @property
    def current_link(self):
        return os.path.join(self.directory, "current")

    def _current_generation(self):
        try:
            return os.path.realpath(self.current_link, strict=True)
        except OSError:
            return None

    def _open(self):
        generation = self._current_generation()
        if generation is None:
            raise IndexUnreadable("The search index does not exist yet.")
        try:
            return _storage(generation).open_index()
        except Exception as error:  # a damaged table of contents raises anything from EOFError to KeyError
            raise IndexUnreadable(f"The search index cannot be opened: {error!r}") from error

    def searcher(self):
        """This thread's searcher, refreshed if the index changed, reopened if it was rebuilt."""
        state = getattr(self._local, "state", None)
        generation = self._current_generation()
        if state is not None and state[0] == generation:
            try:
                if state[1].up_to_date():
                    return state[1]
            except Exception as error:
                raise IndexUnreadable(f"The search index cannot be read: {error!r}") from error
        if state is not None:
            # Not Searcher.refresh(): its reader reuse keeps stale deletions in Whoosh 2.7.5.
            state[1].close()
        searcher = self._open().searcher(weighting=BM25F())
        self._local.state = (generation, searcher)
        return searcher

    def is_healthy(self):
        """Open the index and read every document's stored fields: slow, so only when something failed."""
        try:
            self.digests()
            return True
        except IndexUnreadable as error:
            logger.warning("%s", error)
            return False

    def is_damage(self, error):
        # Damaged files fail inside Whoosh's readers with whatever error the bytes cause.
        frames = traceback.extract_tb(error.__traceback__)
        return bool(frames) and WHOOSH_PACKAGE in os.path.abspath(frames[-1].filename)

    # --- writing

    @contextlib.contextmanager
    def lock(self, timeout=None):
        os.makedirs(self.directory, exist_ok=True)
        timeout = self.lock_timeout if timeout is None else timeout
        with open(os.path.join(self.directory, "write.lock"), "a") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline or self.rebuilding():
                        raise IndexBusy("Another process is writing the search index.") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuilding(self):
        return os.path.exists(os.path.join(self.directory, "rebuilding"))

    def update(self, documents, removed_keys):
        """Call with the lock held."""
        ix = self._open()
        writer = ix.writer()
        try:
            for key in removed_keys:
                writer.delete_by_term("key", key)
            for document in documents:
                writer.update_document(**_fields_of(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, documents, expected=0):
        """Call with the lock held: build a new generation, then point `current` at it.

        A large index is written by two processes (one segment each), which on two
        cores nearly doubles the speed; a small one is not worth their start-up.
        """
        os.makedirs(self.directory, exist_ok=True)
        # What a killed rebuild left half-written: with the lock held, no other process is writing it.
        self._remove_old_generations(keep=self._current_generation())
        marker = os.path.join(self.directory, "rebuilding")
        with open(marker, "w") as handle:
            handle.write(str(os.getpid()))
        generation = os.path.join(self.directory, f"gen-{time.time_ns()}")
        try:
            os.makedirs(generation)
            ix = _storage(generation).create_index(schema())
            if expected >= PARALLEL_BUILD_FROM and (os.cpu_count() or 1) > 1:
                writer = ix.writer(procs=2, multisegment=True, limitmb=BUILD_MEMORY_MB // 2)
            else:
                writer = ix.writer(limitmb=BUILD_MEMORY_MB)
            count = 0
            try:
                for document in documents:
                    writer.add_document(**_fields_of(document))
                    count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            link = os.path.join(self.directory, "current.new")
            with contextlib.suppress(FileNotFoundError):
                os.remove(link)
            os.symlink(os.path.basename(generation), link)
            os.replace(link, self.current_link)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        finally:
            os.remove(marker)
        self._remove_old_generations(keep=generation)
        return count

    def _remove_old_generations(self, keep):
        for name in os.listdir(self.directory):
            path = os.path.join(self.directory, name)
            if name.startswith("gen-") and path != keep:
                # Open searchers keep their files readable until they close (POSIX).
                shutil.rmtree(path, ignore_errors=True)

    def digests(self):
        searcher = self.searcher()
        try:
            for key in searcher.lexicon("type"):
                list(searcher.postings("type", key.decode()).all_ids())
            return {stored["key"]: stored.get("digest") for _docnum, stored in searcher.iter_docs()}
        except Exception as error:  # damaged files fail with zlib, struct, EOF, key and value errors
            raise IndexUnreadable(f"The search index cannot be read: {error!r}") from error

    # --- searching

    def search(self, tree, options, texts_for):
        searcher = self.searcher()
        notes = []
        compiled = self._compile(tree, searcher, notes)
        for field_name, values in options.filters.items():
            compiled = wq.And([compiled, self._compile(FacetMatch(field_name, tuple(values)), searcher, notes)])
        compiled = compiled.normalize()

        view = self._arrays.view(searcher, self._local.state[0])
        match = view.evaluate(compiled, notes, deadline=time.monotonic() + TIME_LIMIT)
        if options.sort != "date":
            self._rank_names_and_titles(view, match, q.asked_words(tree), searcher, notes)
        facets = view.facet_counts(match.mask, FACET_INDEX_FIELDS)
        limit = options.page * options.page_size
        page = view.top(match, limit, by_date=options.sort == "date")[(options.page - 1) * options.page_size :]
        stored = [(searcher.stored_fields(docnum), score, docnum) for docnum, score in page]
        texts = texts_for([values["key"] for values, _score, _docnum in stored])
        words = frozenset(_highlighted_words(compiled))
        with_words = view.with_any_term([("body", word) for word in words], [docnum for docnum, _score in page])
        phrases = q.positive_phrases(tree)
        hits = []
        for values, score, docnum in stored:
            text = strip_marks(texts.get(values["key"]) or "")
            days = values.get("date", UNKNOWN_DATE)
            # A text without the words (a record found by its title or names) starts its snippet, unmarked.
            marked = _highlight(text, words, phrases) if text and docnum in with_words else ""
            hits.append(
                Hit(
                    key=values["key"],
                    type=values["type"],
                    pk=int(values["key"].partition(":")[2]),
                    slug=values["slug"],
                    title=values["title"],
                    url=values["url"],
                    score=round(score, 4),
                    date=None if days == UNKNOWN_DATE else EPOCH + timedelta(days=days),
                    snippet=snippet_segments(marked) if marked else [(text[:240], False)] if text else [],
                )
            )
        return SearchResults(hits=hits, count=match.count, facets=facets, partial=match.partial, notes=notes)

    def _rank_names_and_titles(self, view, match, words, searcher, notes):
        """Lift the records named exactly by the query, then those with every word in their title."""
        if not words or not match.count:
            return
        if "names_exact" in searcher.schema:  # an index built before the field existed has none
            named = view.terms([("names_exact", folded_name(" ".join(words)))]).mask
            match.scores = match.scores + np.where(named & match.mask, NAME_BOOST, 0).astype(np.float32)
        in_title = [self._title_query(word) for word in words]
        if all(query is not None for query in in_title):
            titled = view.evaluate(wq.And(in_title), notes, deadline=float("inf")).mask
            match.scores = match.scores + np.where(titled & match.mask, TITLE_BOOST, 0).astype(np.float32)

    @staticmethod
    def _title_query(word):
        """The word in the title: its joined form for a joined word; None for a word with no indexed form."""
        tokens = _tokens("".join(word_parts(word))) if JOINER.search(word) else _tokens(word)
        if not tokens:
            return None
        return wq.And([wq.Term("title", token) for token in tokens])

    def suggest(self, words):
        """Words of titles and names two edits away, names (capitalised words) one edit away from a name;
        never for a word the index has anywhere."""
        searcher = self.searcher()
        corrector = searcher.corrector("spelling")
        suggestions = {}
        for word in words:
            folded = " ".join(token.text for token in WORD_ANALYZER(word))
            if not folded or " " in folded or searcher.doc_frequency("spelling", folded) > 0:
                continue
            if any(searcher.doc_frequency(f, token) > 0 for f in TEXT_FIELDS for token in _tokens(word)):
                continue
            limit = 1 if is_name(word) else 2
            found = [
                candidate
                for candidate in corrector.suggest(folded, limit=5, maxdist=2, prefix=1)
                if edit_distance(folded, candidate, limit) <= limit
            ]
            if found:
                suggestions[word] = found[0]
        return suggestions

    # --- compiling the query tree

    def _compile(self, node, searcher, notes):
        if node is None:
            return wq.Every()
        if isinstance(node, q.Term):
            if JOINER.search(node.text):
                # "ground-breaking": written so, as "groundbreaking", or as "ground breaking".
                joined = _tokens("".join(word_parts(node.text)))
                parts = _tokens(*word_parts(node.text))
                return wq.Or(
                    [wq.Term(f, token) for token in joined[:1] for f in TEXT_FIELDS]
                    + [wq.Phrase(f, parts) for f in TEXT_FIELDS if len(parts) > 1]
                )
            tokens = _tokens(node.text)
            if not tokens:
                return wq.NullQuery
            return wq.And([wq.Or([wq.Term(f, token) for f in TEXT_FIELDS]) for token in tokens])
        if isinstance(node, q.Phrase):
            # A joined word in a phrase is its parts, which sit in the text's order.
            tokens = _tokens(*(part for word in node.words for part in word_parts(word)))
            if len(tokens) < 2:
                return self._compile(q.Term(" ".join(node.words)), searcher, notes)
            return wq.Or([wq.Phrase(f, tokens) for f in TEXT_FIELDS])
        if isinstance(node, q.Prefix | q.Fuzzy):
            return self._expand(node, searcher, notes)
        if isinstance(node, FacetMatch):
            index_field = FACET_INDEX_FIELDS[node.field]
            if not node.values:
                return wq.NullQuery
            return wq.Or([wq.Term(index_field, value) for value in node.values])
        if isinstance(node, q.Not):
            return wq.Not(self._compile(node.child, searcher, notes))
        if isinstance(node, q.And):
            return wq.And([self._compile(child, searcher, notes) for child in node.children])
        if isinstance(node, q.Or):
            return wq.Or([self._compile(child, searcher, notes) for child in node.children])
        raise TypeError(f"Cannot search for {node!r}")

    def _expand(self, node, searcher, notes):
        """A prefix or fuzzy word as the most frequent index words it stands for, at most MAX_EXPANSIONS."""
        word = " ".join(token.text for token in WORD_ANALYZER(node.text))
        if isinstance(node, q.Prefix):
            frequencies = _prefix_frequencies(searcher, word)
        else:
            reader = searcher.reader()
            candidates = set()
            for field_name in TEXT_FIELDS:
                terms = reader.terms_within(field_name, word, maxdist=1 if len(word) < 6 else 2, prefix=1)
                found = itertools.islice(terms, SCAN_LIMIT)
                candidates.update(term.decode() if isinstance(term, bytes) else term for term in found)
            # The word itself, stemmed, counts too ("agreements~" finds "agreement").
            candidates.update(token.text for token in TEXT_ANALYZER(node.text))
            frequencies = {term: sum(reader.doc_frequency(f, term) for f in TEXT_FIELDS) for term in candidates}
        ranked = sorted(frequencies, key=lambda term: (-frequencies[term], term))
        if len(ranked) > MAX_EXPANSIONS:
            notes.append(
                f"“{node.text}{'*' if isinstance(node, q.Prefix) else '~'}” stands for many words; "
                f"the {MAX_EXPANSIONS} most common were searched."
            )
            ranked = ranked[:MAX_EXPANSIONS]
        if not ranked:
            return wq.NullQuery
        return wq.Or([wq.Term(f, term) for term in ranked for f in TEXT_FIELDS])
