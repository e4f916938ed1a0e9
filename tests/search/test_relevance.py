"""The relevance floor: a handful of bench/relevance.json's queries put their right answers in the top 3."""

import pytest

from agreements.imports.ingestion import import_file
from bench.relevance import ANNOUNCEMENTS, judge, load_cases
from search.backends.base import SearchOptions
from search.indexing import rebuild
from search.searching import run_search

QUERIES = [
    "ZTE",
    "Milton Keynes",
    "Yinchuan",
    "Peter Marland",
    "Government of China",
    "MK:Smart",
    "three-way agreement",
    "Orvanta",
    "Da Nang",
    "Tromso Nokia",
    "Shenzhen",
    "breaking",
]
IMPORTED = ("07-", "08-", "04-", "09-", "11-")


@pytest.fixture
def corpus(engine):
    """The seed records and the development announcements the queries look for, indexed."""
    for path in ANNOUNCEMENTS:
        if path.name.startswith(IMPORTED):
            import_file(path)
    rebuild()


def test_the_right_answers_come_in_the_top_3(corpus):
    cases = [case for case in load_cases() if case["query"] in QUERIES]
    assert len(cases) == len(QUERIES)
    judged = []
    for case in cases:
        hits = run_search(case["query"], SearchOptions()).results.hits
        judged.append(judge(case, [f"{hit.type}:{hit.slug}" for hit in hits]))
    missed = [(result["query"], result["missing"]) for result in judged if not result["top3"]]
    assert missed == []


def test_a_record_named_exactly_comes_before_the_records_that_mention_it(engine):
    hits = run_search("ZTE", SearchOptions()).results.hits
    assert (hits[0].type, hits[0].slug) == ("organization", "zte")
    hits = run_search("mk", SearchOptions()).results.hits
    assert (hits[0].type, hits[0].slug) == ("city", "milton-keynes"), "an alias, any case"
