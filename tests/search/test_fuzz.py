"""Generated queries, seeded with the nastiest known ones: the page and the API never fail."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

NASTY = [
    '"unbalanced',
    "((Nokia",
    "Nokia))",
    "NOT OR x",
    "a:[1 TO",
    "foo:bar",
    "OR",
    "AND",
    "NOT",
    "-",
    "*",
    "~",
    "x" * 10_000,
    "\x00\x01\x02 nul",
    "😀 emoji 🚀",
    "银川 智慧城市",
    "'; DROP TABLE partners_city; --",
    "<script>alert(1)</script>",
    'city:"Milton Keynes',
    "year:99999999999999999999",
    "type:",
    'a* b~ "c d" -e (f OR g) city:MK org:ZTE topic:5G year:2017',
    "\\",
    "' OR '1'='1",
    "%00%27",
    "\u202e\u200b\ufeff",
]
TOKENS = st.sampled_from(
    [
        "ZTE",
        "Nokia",
        "5G",
        "OR",
        "NOT",
        "AND",
        "-",
        "(",
        ")",
        '"',
        "*",
        "~",
        ":",
        "city:",
        "type:",
        "year:",
        "MK",
        "银川",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(TOKENS, max_size=12).map(" ".join),
    st.lists(TOKENS, max_size=12).map("".join),
    st.sampled_from(NASTY),
)
FUZZ_SETTINGS = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@FUZZ_SETTINGS
@given(query=QUERIES, page=st.sampled_from(["", "1", "2", "0", "-1", "x", "99999"]))
@example(query="", page="")
def test_the_search_page_answers_every_query(engine, client, query, page):
    params = {"q": query, "page": page} if page else {"q": query}
    response = client.get("/search/", params)
    assert response.status_code == 200


@FUZZ_SETTINGS
@given(query=QUERIES, sort=st.sampled_from(["", "date", "relevance", "price"]))
def test_the_search_api_answers_every_query_or_explains(engine, api, query, sort):
    params = {"q": query, "sort": sort} if sort else {"q": query}
    response = api.get("/api/search/", params)
    assert response.status_code in (200, 400)
    body = response.json()
    assert ("results" in body) if response.status_code == 200 else body["errors"]


@pytest.mark.parametrize("query", NASTY)
def test_every_known_nasty_query_is_answered(engine, client, api, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert api.get("/api/search/", {"q": query}).status_code in (200, 400)
    assert client.get("/search/feed/", {"q": query}).status_code in (200, 400)
