"""The query parser: the language it reads, and how it repairs what it cannot."""

import pytest

from search.query import (
    MAX_QUERY_LENGTH,
    And,
    FieldFilter,
    Fuzzy,
    Not,
    Or,
    Phrase,
    Prefix,
    QueryTooDeep,
    QueryTooLong,
    Term,
    asked_words,
    parse,
    positive_phrases,
    positive_words,
)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("ZTE 5G", And((Term("ZTE"), Term("5G")))),
        ('"smart city" Nokia', And((Phrase(("smart", "city")), Term("Nokia")))),
        ("Nokia OR ZTE", Or((Term("Nokia"), Term("ZTE")))),
        ("NOT Nokia", Not(Term("Nokia"))),
        ("-Nokia ZTE", And((Not(Term("Nokia")), Term("ZTE")))),
        ("(Nokia OR ZTE) 5G", And((Or((Term("Nokia"), Term("ZTE"))), Term("5G")))),
        ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        ("smart*", Prefix("smart")),
        ("iot*", Prefix("iot")),  # 3 letters are enough
        ("SpaceX*", Prefix("SpaceX")),
        ("XXX*", Prefix("XXX")),
        ("SpaceX~", Fuzzy("SpaceX")),
        ("iot~", Fuzzy("iot")),
        ("ab~", Term("ab")),  # too short to spell in many ways: the word itself
        ("abc/de~", And((Term("abc"), Term("de")))),
        ("NOT NOT Nokia", Term("Nokia")),
        ("- - -Nokia ZTE", And((Not(Term("Nokia")), Term("ZTE")))),
        ("Yinchaun~2", Fuzzy("Yinchaun")),  # at most 2 letters off
        ('"Nokia"', Term("Nokia")),  # a phrase of one word is that word
        ("year:2017", FieldFilter("year", "2017")),
        ("year:1 year:9999", And((FieldFilter("year", "1"), FieldFilter("year", "9999")))),
        ("city:Yinchuan:Ningxia", FieldFilter("city", "Yinchuan Ningxia")),  # the first colon names the field
        (":5G", Term("5G")),  # no field name: a word
        ("Yinchaun~", Fuzzy("Yinchaun")),
        (
            'city:"Milton Keynes" type:agreement',
            And((FieldFilter("city", "Milton Keynes"), FieldFilter("type", "agreement"))),
        ),
        ("organization:ZTE", FieldFilter("org", "ZTE")),
        ("R&D O'Brien", And((Term("R&D"), Term("O'Brien")))),
        ("银川", Term("银川")),
    ],
)
def test_the_query_language(text, tree):
    parsed = parse(text)
    assert parsed.tree == tree
    assert parsed.warnings == []


LONE_NOT = "“NOT” needs a word after it; the lone “NOT” was ignored."


@pytest.mark.parametrize(
    ("text", "tree", "warning"),
    [
        ('"unbalanced phrase', Phrase(("unbalanced", "phrase")), "quotation mark was never closed"),
        ("((Nokia", Term("Nokia"), "“(” was never closed"),
        ("Nokia))", Term("Nokia"), "unmatched “)”"),
        # Every stray “)”, not only the first.
        ("a) b) c", And((Term("a"), Term("b"), Term("c"))), "An unmatched “)” was ignored."),
        ("NOT OR x", Term("x"), "lone “NOT”"),
        (
            "(Nokia NOT) ZTE",
            And((Term("Nokia"), Term("ZTE"))),
            "“NOT” needs a word after it; the lone “NOT” was ignored.",
        ),
        ("OR", None, "lone “OR”"),
        ("x OR", Term("x"), "lone “OR”"),
        ("a:[1 TO", And((Term("a"), Term("1"), Term("TO"))), "no field “a:”"),
        ("year:soon", None, "“year:” takes a year"),
        ("year:10000", None, "“year:” takes a year such as 2017, not “10000”"),
        ("city:!!", None, "“city:” needs a value, e.g. city:Yinchuan."),
        ("a:b", And((Term("a"), Term("b"))), "Fields: type:, city:, org:, topic:, year:."),
        ("sm*", Term("sm"), "at least 3 letters"),
    ],
)
def test_broken_queries_are_repaired_with_a_warning(text, tree, warning):
    parsed = parse(text)
    assert parsed.tree == tree
    assert any(message.startswith(warning) or f" {warning}" in message for message in parsed.warnings), parsed.warnings


@pytest.mark.parametrize("text", ["", "   ", "😀", "\x00\x01\x02", "-", "()", '""', "*", "~"])
def test_queries_with_nothing_to_search_for_parse_to_nothing(text):
    assert parse(text).tree is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('ZTE "smart city" year:2017', ["ZTE", "smart", "city"]),
        ("Nokia", ["Nokia"]),
        ("ZTE OR Nokia", []),
        ("ZTE smart*", []),
        ("ZTE Yinchaun~", []),
    ],
)
def test_a_query_asking_for_all_its_words_ranks_by_them(text, words):
    """Names and titles holding every asked word rank first; a query with OR, * or ~ asks for none in particular."""
    assert asked_words(parse(text).tree) == words


def test_control_and_nul_characters_are_dropped():
    parsed = parse("Nok\x00ia\tZTE\x07")
    assert parsed.tree == And((Term("Nok"), Term("ia"), Term("ZTE")))
    assert parsed.text == "Nok ia ZTE", "the search shown back (and stored) has none of them"


def test_parentheses_nest_ten_deep_and_no_deeper():
    assert parse("(" * 10 + "x" + ")" * 10).tree == Term("x")
    with pytest.raises(QueryTooDeep, match="at most 10 deep"):
        parse("(" * 11 + "x" + ")" * 11)


def test_overlong_queries_are_refused_with_the_limit():
    parse("x" * MAX_QUERY_LENGTH)
    with pytest.raises(QueryTooLong, match=f"at most {MAX_QUERY_LENGTH} characters"):
        parse("x" * (MAX_QUERY_LENGTH + 1))


def test_forty_words_are_all_used():
    parsed = parse(" ".join(f"w{i}" for i in range(40)))
    assert len(parsed.tree.children) == 40 and parsed.warnings == []


def test_very_many_words_are_cut_with_a_warning():
    parsed = parse(" ".join(f"w{i}" for i in range(100)))
    assert len(parsed.tree.children) == 40
    assert "Only the first 40 words were used." in parsed.warnings


def test_positive_words_leave_out_negated_words_and_filters():
    assert positive_words(parse('Nokia "smart city" -ZTE city:Chengdu smart*').tree) == [
        "Nokia",
        "smart",
        "city",
        "smart",
    ]


def test_positive_phrases_keep_a_phrases_words_together_and_leave_out_negated_ones_and_filters():
    tree = parse('Nokia "smart city" -"open data" city:Chengdu (lidar OR "street lights") smart*').tree
    assert positive_phrases(tree) == ["Nokia", "smart city", "lidar", "street lights", "smart"]
    assert positive_phrases(parse('-"smart city"').tree) == []
