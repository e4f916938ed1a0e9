"""Every cited passage has a permalink ("cite this") showing its words and every fact taken from it."""

import re

import pytest

from agreements.models import Citation

THREE_WAY = "/agreements/milton-keynes-yinchuan-zte-three-way-agreement/"


def signing_passage():
    return Citation.objects.get(quote__startswith="The agreement was signed last month")


def test_a_passage_page_shows_its_words_in_context_and_the_facts_that_cite_it(seeded, visitor):
    citation = signing_passage()
    response = visitor.get(citation.get_permalink())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<mark>{citation.quote}</mark>" in page
    facts = {(fact.kind, fact.url) for fact in response.context["facts"]}
    assert ("Signing date and place", THREE_WAY) in facts
    assert f'href="{citation.get_absolute_url()}"' in page, "links to the passage in the announcement"


def test_every_fact_on_an_agreement_page_offers_a_cite_this_link_that_resolves(seeded, visitor):
    page = visitor.get(THREE_WAY).content.decode()
    permalinks = set(re.findall(r'href="(/announcements/[^"]+/passages/\d+-\d+/)"', page))
    assert len(permalinks) >= 5
    for url in permalinks:
        assert visitor.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/announcements/nokia-smart-city/passages/0-1/",
        "/announcements/no-such-announcement/passages/0-10/",
        "/announcements/nokia-smart-city/passages/10-5/",
        "/announcements/nokia-smart-city/passages/99999999999999999999-1/",
    ],
)
def test_a_passage_nobody_cites_is_404(seeded, visitor, url):
    assert visitor.get(url).status_code == 404


def test_the_passage_page_runs_a_constant_number_of_queries(
    agreement_world, db, visitor, django_assert_max_num_queries
):
    citation = Citation.objects.order_by("-pk").first()
    with django_assert_max_num_queries(18):
        response = visitor.get(citation.get_permalink())
    assert response.status_code == 200 and response.context["facts"]
