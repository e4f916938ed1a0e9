"""What "did you mean" offers: corrections of misspellings, never of names that are found."""

import pytest

from agreements.models import Announcement
from partners.models import Organization
from search.backends.base import SearchOptions
from search.searching import run_search

TEXT = (
    "Mayor Eilidh Dowel of Chengde and the Brannock State Government met Tamsin Orrell of ZTB, "
    "with Marie-Noëlle Quist, in Chengde."
)


def suggestion(text):
    return run_search(text, SearchOptions()).suggestion


@pytest.fixture
def names(engine, committed):
    with committed():
        Announcement.objects.create(title="A visit to Chengde", slug="a-visit-to-chengde", body=TEXT)
        Organization.objects.create(name="Quillfeather Networks", slug="quillfeather", kind="company")


@pytest.mark.parametrize(
    "text",
    [
        "Dowel",  # a surname a letter from a seed person's (Bob Dowell)
        "ZTB",  # an acronym a letter from ZTE
        "Eilidh Dowel",  # a person's two words
        "Brannock State Government",  # a state government
        "Chengde Chengde",  # a town, repeated, a letter from a seed city (Chengdu)
        "Marie-Noëlle",  # a hyphenated given name
    ],
)
def test_a_name_that_is_found_gets_no_suggestion(names, text):
    assert run_search(text, SearchOptions()).results.count >= 1
    assert suggestion(text) is None


def test_a_misspelt_name_is_corrected_to_a_name_one_edit_away(names):
    assert suggestion("Yinchaun") == "Yinchuan"
    assert suggestion("Yincuan") == "Yinchuan"
    assert suggestion("Yinchaaun") is None, "two edits from the name: not offered"


def test_a_suggestion_that_finds_no_more_is_not_offered(names):
    assert run_search("Quillfeather", SearchOptions()).results.count < 3
    assert suggestion("Quilfeather") is None


def test_a_misspelt_common_word_is_corrected(names):
    assert suggestion("agreemnet") == "agreement"
