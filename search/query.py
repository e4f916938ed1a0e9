"""The search query language, parsed into a small tree that every backend compiles.

    ZTE 5G                  both words (AND is the default)
    "smart city"            an exact phrase
    Nokia OR ZTE            either
    NOT Nokia, -Nokia       without
    (Nokia OR ZTE) 5G       grouping
    smart*                  words starting with "smart" (at least 3 letters)
    Yinchaun~               words spelled nearly so
    type:agreement city:Yinchuan org:ZTE topic:5g year:2017   field filters

The parser repairs what it can: unbalanced quotes and parentheses are closed,
lone operators are dropped, unknown fields are searched as words, and each
repair is reported as a warning the page can show. It refuses (QueryRefused)
only a query too long or nested too deep to be meant: either would cost a
request's whole stack or time.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 500
MAX_CLAUSES = 40
# Parentheses nest at most this deep: the parser, every backend's compiler and the cache's pickling walk the
# tree recursively, and a few hundred levels overflow Python's stack.
MAX_DEPTH = 10
MIN_PREFIX_LENGTH = 3
FIELDS = ("type", "city", "org", "topic", "year")
FIELD_ALIASES = {"organization": "org", "organisation": "org", "kind": "type", "in": "city"}


class QueryRefused(ValueError):
    """A query the parser will not run; the message says why, `code` names the limit (for the API)."""

    code = "invalid"


class QueryTooLong(QueryRefused):
    """A query longer than MAX_QUERY_LENGTH characters."""

    code = "max_length"


class QueryTooDeep(QueryRefused):
    """Parentheses nested deeper than MAX_DEPTH."""

    code = "max_depth"


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class Fuzzy:
    text: str


@dataclass(frozen=True)
class FieldFilter:
    field: str
    value: str


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass
class ParsedQuery:
    text: str
    tree: object | None
    warnings: list[str] = field(default_factory=list)

    @property
    def is_empty(self):
        return self.tree is None


_TOKEN = re.compile(
    r"""
    (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<phrase>(?:(?P<pfield>[^\W\d_][\w-]*):)?"(?P<ptext>[^"]*)("|$))
  | (?P<minus>-(?=\S))
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
_WORD_CHARACTERS = re.compile(r"[^\W_]+(?:['’.&-][^\W_]+)*")


def clean_text(text):
    """Drop control and NUL characters (they break databases and mean nothing to a search)."""
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)


def words_of(text):
    """The searchable words of a piece of text: letters and digits, kept together across ' . & -."""
    return _WORD_CHARACTERS.findall(text)


def parse(text):
    """Parse a query; raise QueryTooLong past MAX_QUERY_LENGTH characters or QueryTooDeep past MAX_DEPTH
    nested parentheses, never anything else."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLong(f"A search can be at most {MAX_QUERY_LENGTH} characters long; this one has {len(text)}.")
    text = clean_text(text).strip()
    parser = _Parser(_TOKEN.finditer(text))
    tree = parser.parse()
    if parser.clauses > MAX_CLAUSES:
        parser.warnings.append(f"Only the first {MAX_CLAUSES} words were used.")
    return ParsedQuery(text, tree, list(dict.fromkeys(parser.warnings)))


class _Parser:
    def __init__(self, matches):
        self.tokens = list(matches)
        self.position = 0
        self.warnings = []
        self.clauses = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def is_operator(self, token, name):
        return token is not None and token.lastgroup == "word" and token.group() == name

    def parse(self):
        tree = self.parse_or()
        while self.peek() is not None:  # a stray ")" ends parse_or early; skip it and go on
            self.take()
            self.warnings.append("An unmatched “)” was ignored.")
            rest = self.parse_or()
            tree = _combine(And, [tree, rest])
        return tree

    def parse_or(self):
        branches = [self.parse_and()]
        while self.is_operator(self.peek(), "OR"):
            self.take()
            branches.append(self.parse_and())
        present = [branch for branch in branches if branch is not None]
        if len(branches) > 1 and len(present) < len(branches):
            self.warnings.append("“OR” needs something on both sides; the lone “OR” was ignored.")
        return _combine(Or, present)

    def parse_and(self):
        children = []
        while True:
            token = self.peek()
            if token is None or token.lastgroup == "rparen" or self.is_operator(token, "OR"):
                break
            child = self.parse_unary()
            if child is not None:
                children.append(child)
        return _combine(And, children)

    def parse_unary(self):
        # A run of NOTs is counted in a loop, not by recursion: "- - - … x" is as deep as "-x" or "x".
        negations = 0
        while self.is_operator(self.peek(), "NOT") or self.peek().lastgroup == "minus":
            self.take()
            negations += 1
            following = self.peek()
            if following is None or self.is_operator(following, "OR") or following.lastgroup == "rparen":
                self.warnings.append("“NOT” needs a word after it; the lone “NOT” was ignored.")
                return None
        child = self.parse_primary()
        return Not(child) if child is not None and negations % 2 else child

    def parse_primary(self):
        token = self.take()
        kind = token.lastgroup
        if kind == "lparen":
            if self.depth >= MAX_DEPTH:
                raise QueryTooDeep(f"Parentheses can be nested at most {MAX_DEPTH} deep in a search.")
            self.depth += 1
            inner = self.parse_or()
            self.depth -= 1
            if self.peek() is not None and self.peek().lastgroup == "rparen":
                self.take()
            else:
                self.warnings.append("A “(” was never closed; it was closed at the end.")
            return inner
        if kind == "phrase":
            if token.group().count('"') < 2:
                self.warnings.append("A quotation mark was never closed; it was closed at the end.")
            words = tuple(words_of(token.group("ptext")))
            if token.group("pfield"):
                return self.field_filter(token.group("pfield"), " ".join(words), token.group())
            return self.words_node(words, phrase=True)
        return self.parse_word(token.group())

    def parse_word(self, raw):
        name, colon, value = raw.partition(":")
        if colon and name and value and name[0].isalpha():
            return self.field_filter(name, value, raw)
        if raw.endswith("*") and raw.rstrip("*"):
            stem = words_of(raw.rstrip("*"))
            if len(stem) == 1 and len(stem[0]) >= MIN_PREFIX_LENGTH:
                return self.count(Prefix(stem[0]))
            if stem:
                self.warnings.append(
                    f"A “*” search needs at least {MIN_PREFIX_LENGTH} letters before the “*”; "
                    f"“{raw}” was searched as a word."
                )
            return self.words_node(tuple(stem))
        if re.fullmatch(r".+~\d?", raw):
            stem = words_of(raw.rstrip("0123456789").rstrip("~"))
            if len(stem) == 1 and len(stem[0]) >= MIN_PREFIX_LENGTH:
                return self.count(Fuzzy(stem[0]))
            return self.words_node(tuple(stem))
        return self.words_node(tuple(words_of(raw)))

    def field_filter(self, name, value, raw):
        field_name = FIELD_ALIASES.get(name.lower(), name.lower())
        value = " ".join(words_of(value))
        if field_name not in FIELDS:
            self.warnings.append(
                f"There is no field “{name}:”; “{raw}” was searched as words. "
                f"Fields: {', '.join(f + ':' for f in FIELDS)}."
            )
            return self.words_node(tuple(words_of(raw)))
        if not value:
            self.warnings.append(f"“{name}:” needs a value, e.g. {field_name}:{_EXAMPLES[field_name]}.")
            return None
        if field_name == "year" and not (value.isdigit() and 1 <= int(value) <= 9999):
            self.warnings.append(f"“year:” takes a year such as 2017, not “{value}”; it was ignored.")
            return None
        return self.count(FieldFilter(field_name, value))

    def words_node(self, words, phrase=False):
        if not words:
            return None
        if phrase and len(words) > 1:
            return self.count(Phrase(words))
        return _combine(And, [self.count(Term(word)) for word in words])

    def count(self, node):
        self.clauses += 1
        return node if self.clauses <= MAX_CLAUSES else None


_EXAMPLES = {"type": "agreement", "city": "Yinchuan", "org": "ZTE", "topic": "5G", "year": "2017"}


def _combine(kind, children):
    flat = []
    for child in children:
        if isinstance(child, kind):
            flat.extend(child.children)
        elif child is not None:
            flat.append(child)
    children = flat
    if not children:
        return None
    if len(children) == 1:
        return children[0]
    return kind(tuple(children))


def positive_words(node):
    """The words a result must contain, for highlighting and "did you mean"."""
    if isinstance(node, Term | Prefix | Fuzzy):
        return [node.text]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, And | Or):
        return [word for child in node.children for word in positive_words(child)]
    return []  # no query, a NOT, a field filter or the facet values it stands for


def positive_phrases(node):
    """The words and phrases (their words joined by spaces) a result must contain, for finding them in its text."""
    if isinstance(node, Phrase):
        return [" ".join(node.words)]
    if isinstance(node, And | Or):
        return [phrase for child in node.children for phrase in positive_phrases(child)]
    return positive_words(node)


def asked_words(node):
    """The words of a query that asks for all of them (words and phrases joined by AND, with any filters
    and exclusions), for ranking names and titles first; [] for a query with OR, * or ~."""
    if isinstance(node, Term):
        return [node.text]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, And):
        if any(isinstance(child, Or | Prefix | Fuzzy) for child in node.children):
            return []
        return [word for child in node.children for word in asked_words(child)]
    return []
