"""Snippets read as sentences: each passage starts where its sentence (or, far from it, its clause) starts."""

import pytest

from agreements.models import Announcement
from search.backends.base import SearchOptions, sentence_start
from search.searching import run_search

FILLER = " ".join(["The partners met again in spring to review the progress of every pilot project."] * 6)
BODY = (
    f"{FILLER} The agreement was signed last month at the event at which Quorlingham presented its plans. "
    f"{FILLER} After a long afternoon of talks about transport, housing, schools, parks and the port, the mayor, "
    "speaking for the whole council and its many partners in the region, thanked Zembleford for its patience."
)


def snippet(text):
    hit = next(h for h in run_search(text, SearchOptions()).results.hits if h.slug == "two-towns")
    return "".join(part for part, _marked in hit.snippet)


@pytest.fixture
def announcement(engine, committed):
    with committed():
        Announcement.objects.create(title="Two towns", slug="two-towns", body=BODY)


def test_a_snippet_starts_at_the_sentence_of_its_match(announcement):
    assert snippet("Quorlingham").startswith("The agreement was signed last month at the event at which Quorlingham")


def test_far_into_a_long_sentence_a_snippet_starts_at_a_clause(announcement):
    assert snippet("Zembleford").startswith("thanked Zembleford for its patience")


def test_a_passage_at_the_start_of_a_text_starts_with_it():
    text = "Yinchuan signed. More follows."
    assert sentence_start(text, 0, 0) == 0
    assert sentence_start(text, 3, text.index("More")) == text.index("More")
