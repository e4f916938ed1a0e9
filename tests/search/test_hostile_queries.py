"""Queries made to break the parser: deep nesting and long chains of NOT answer at once, never a server error."""

import pytest
from django.test import Client

from search.query import MAX_DEPTH, parse

DEEP = "(" * 234 + "x"
NEGATED = "-" * 313 + "x"
HOSTILE = [DEEP, NEGATED, "(-" * 200 + "x", "NOT " * 120 + "x", "(" * 60 + "x" + ")" * 60]


def test_nesting_deeper_than_the_limit_is_refused_with_a_reason():
    with pytest.raises(ValueError, match=f"at most {MAX_DEPTH}"):
        parse(DEEP)


def test_a_long_chain_of_not_parses_without_recursion_into_a_shallow_tree():
    assert parse(NEGATED).tree == parse("-x").tree
    assert parse("-" * 314 + "x").tree == parse("x").tree


@pytest.mark.parametrize("q", HOSTILE, ids=["parens", "minus", "paren-minus", "not-words", "balanced"])
def test_the_search_page_answers_a_hostile_query_with_a_message(engine, q):
    response = Client(raise_request_exception=False).get("/search/", {"q": q})
    assert response.status_code in (200, 400)
    if q.count("(") > MAX_DEPTH:
        assert f"at most {MAX_DEPTH}" in response.content.decode()


@pytest.mark.parametrize("q", HOSTILE, ids=["parens", "minus", "paren-minus", "not-words", "balanced"])
def test_the_api_answers_a_hostile_query_with_json(engine, q):
    response = Client(raise_request_exception=False).get("/api/search/", {"q": q})
    assert response["Content-Type"].startswith("application/json")
    if q.count("(") > MAX_DEPTH:
        assert response.status_code == 400
        assert response.json()["errors"]["q"][0]["code"] == "max_depth"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("q", HOSTILE, ids=["parens", "minus", "paren-minus", "not-words", "balanced"])
def test_the_feed_answers_a_hostile_query_without_a_server_error(engine, q):
    response = Client(raise_request_exception=False).get("/search/feed/", {"q": q})
    assert response.status_code == (400 if q.count("(") > MAX_DEPTH else 200)
