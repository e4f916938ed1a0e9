"""Snippets of the PostgreSQL engine's hits: passages of each text with the words PostgreSQL matched marked.

Not ts_headline: it parses all the text it is given on every search, and with MaxFragments it marks only passages
where the whole query matches, so a text whose window had one word of two was parsed again whole (37 ms for a
90 KB report). Here each distinct word of a window is turned into its lexemes once per process, and the passages
are chosen as the Whoosh engine's are (base.marked_passages).
"""

import re

from django.db import connection

from ..text import TOKEN, pieces
from .base import PASSAGE_BETWEEN, from_sentence_starts, marked_passages, snippet_segments, snippet_windows

WORDS_KEPT = 100_000  # words whose lexemes each process remembers
_known = {}  # a word as written -> (start, end, lexemes) of each of its pieces
# An operand of a tsquery as PostgreSQL prints it: 'citi', 'smart':*, 'o''brien':AB
_OPERAND = re.compile(r"'((?:[^']|'')*)'(:\*?[A-D]*)?")


def asked(tsquery_text):
    """(lexemes, prefixes) of a tsquery printed by PostgreSQL."""
    lexemes, prefixes = set(), set()
    for operand in _OPERAND.finditer(tsquery_text):
        lexeme = operand.group(1).replace("''", "'")
        (prefixes if "*" in (operand.group(2) or "") else lexemes).add(lexeme)
    return lexemes, tuple(prefixes)


def headlines(config, bodies, tsquery_text, phrases):
    """{id: snippet segments} of each of `bodies` ({id: text}): its best passages (in a long text, of the first
    window around the words and `phrases` that has a match) with the query's words marked."""
    lexemes, prefixes = asked(tsquery_text)

    windows = {row_id: snippet_windows(body, phrases) for row_id, body in bodies.items() if body}
    found = {}
    # Each body's windows in turn, all bodies at once, until each has a passage with a match or no window left.
    while windows:
        tried = {row_id: parts.pop(0) for row_id, parts in windows.items()}
        known = _read(config, tried.values())
        for row_id, window in tried.items():
            marked = marked_passages(window, _matches(window, known, lexemes, prefixes))
            if marked or not windows[row_id]:
                found[row_id] = snippet_segments(from_sentence_starts(window, marked, PASSAGE_BETWEEN) or window[:240])
                del windows[row_id]
    return found


def _matches(text, known, lexemes, prefixes):
    """(start, end, lexeme) of each piece of `text` with one of `lexemes` or a lexeme starting with one of
    `prefixes`, in order; `known`: the pieces of each word of the text (_read)."""
    matches = []
    for token in TOKEN.finditer(text):
        for start, end, found in known[token.group()]:
            if lexemes.isdisjoint(found) and not (prefixes and any(one.startswith(prefixes) for one in found)):
                continue
            lexeme = next(one for one in found if one in lexemes or one.startswith(prefixes))
            matches.append((token.start() + start, token.start() + end, lexeme))
    return matches


def _read(config, texts):
    """{word: (start, end, lexemes) of each of its pieces} of the words of these texts: those this process has seen
    before from memory, the others read in one query and remembered."""
    known, new = {}, []
    for word in {"".join(found) for text in texts for found in TOKEN.findall(text)}:
        found = _known.get(word)  # another thread may empty the memory meanwhile: get, never []
        if found is None:
            new.append(word)
        else:
            known[word] = found
    if not new:
        return known
    words = {word: pieces(TOKEN.fullmatch(word)) for word in new}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT piece, tsvector_to_array(to_tsvector(%s::regconfig, piece)) FROM unnest(%s::text[]) AS piece",
            [config, sorted({piece for found in words.values() for piece, *_span in found})],
        )
        lexemes = dict(cursor.fetchall())
    if len(_known) + len(new) > WORDS_KEPT:
        _known.clear()
    for word, found in words.items():
        known[word] = _known[word] = [(start, end, tuple(lexemes[piece])) for piece, start, end, _advance in found]
    return known
