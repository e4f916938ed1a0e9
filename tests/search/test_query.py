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
    QueryTooLong,
    Term,
    parse,
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


@pytest.mark.parametrize(
    ("text", "tree", "warning"),
    [
        ('"unbalanced phrase', Phrase(("unbalanced", "phrase")), "quotation mark was never closed"),
        ("((Nokia", Term("Nokia"), "“(” was never closed"),
        ("Nokia))", Term("Nokia"), "unmatched “)”"),
        ("NOT OR x", Term("x"), "lone “NOT”"),
        ("OR", None, "lone “OR”"),
        ("x OR", Term("x"), "lone “OR”"),
        ("a:[1 TO", And((Term("a"), Term("1"), Term("TO"))), "no field “a:”"),
        ("year:soon", None, "“year:” takes a year"),
        ("sm*", Term("sm"), "at least 3 letters"),
    ],
)
def test_broken_queries_are_repaired_with_a_warning(text, tree, warning):
    parsed = parse(text)
    assert parsed.tree == tree
    assert any(warning in message for message in parsed.warnings), parsed.warnings


@pytest.mark.parametrize("text", ["", "   ", "😀", "\x00\x01\x02", "-", "()", '""', "*", "~"])
def test_queries_with_nothing_to_search_for_parse_to_nothing(text):
    assert parse(text).tree is None


def test_control_and_nul_characters_are_dropped():
    assert parse("Nok\x00ia\tZTE\x07").tree == And((Term("Nok"), Term("ia"), Term("ZTE")))


def test_overlong_queries_are_refused_with_the_limit():
    parse("x" * MAX_QUERY_LENGTH)
    with pytest.raises(QueryTooLong, match=f"at most {MAX_QUERY_LENGTH} characters"):
        parse("x" * (MAX_QUERY_LENGTH + 1))


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
