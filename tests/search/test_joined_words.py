"""Words joined by - . ' or & are found by their parts and by their joined form, on every backend."""

import pytest

from partners.models import Organization
from tests.search.test_behaviour import slugs

FOUND = ("organization", "quernfield-kiosks")


@pytest.fixture
def quernfield(engine, committed):
    with committed():
        Organization.objects.create(
            name="Quernfield Kiosks",
            slug="quernfield-kiosks",
            kind="company",
            description="A ground-breaking Shenzhen-based maker of Node.js kiosks, founded by Aoife O’Brien "
            "with AT&T money.",
        )


@pytest.mark.parametrize(
    "text",
    [
        "breaking",
        "ground-breaking",
        "groundbreaking",
        "Shenzhen",
        "Shenzhen-based",
        "based",
        "js",
        "Node.js",
        "Brien",
        "O'Brien",
        "AT&T",
        "ATT",
    ],
)
def test_a_joined_word_is_found_by_its_parts_and_its_joined_form(quernfield, text):
    assert FOUND in slugs(text)


@pytest.mark.parametrize(
    "text", ['"ground-breaking Shenzhen-based maker"', '"Shenzhen based maker"', '"maker of Node.js kiosks"']
)
def test_phrases_run_through_joined_words(quernfield, text):
    assert FOUND in slugs(text)


@pytest.mark.parametrize("text", ['"maker Shenzhen-based"', '"based Shenzhen"', '"breaking ground"'])
def test_phrases_with_joined_words_keep_their_order(quernfield, text):
    assert FOUND not in slugs(text)


def test_the_part_of_a_joined_word_is_marked_in_the_snippet(quernfield):
    from search.backends.base import SearchOptions
    from search.searching import run_search

    hit = next(h for h in run_search("Shenzhen", SearchOptions()).results.hits if h.slug == FOUND[1])
    assert [text for text, marked in hit.snippet if marked] == ["Shenzhen"]


@pytest.mark.parametrize("text", ["groundbreaking", "ground-breaking"])
def test_a_joined_word_asked_for_whole_is_marked_whole_in_the_snippet(quernfield, text):
    from search.backends.base import SearchOptions
    from search.searching import run_search

    hit = next(h for h in run_search(text, SearchOptions()).results.hits if h.slug == FOUND[1])
    # The joined word, or each of its parts (PostgreSQL marks the parts), and nothing else.
    assert "-".join(part for part, marked in hit.snippet if marked) == "ground-breaking"
