"""The registry of record kinds is the one list of them: pages, API routes, search types and mentions follow it."""

import pytest
from django.urls import reverse

from agreements.models import AnnouncementMention
from citykb.core.kinds import KINDS, MENTIONED, kind_named, kind_of
from search.documents import INDEXES, TYPE_NAMES, type_name


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_has_a_list_page_a_record_page_and_an_api_record(seeded, visitor, api, kind):
    record = kind.model.objects.order_by("pk").first()
    assert visitor.get(reverse(kind.list_view)).status_code == 200
    assert record.get_absolute_url() == reverse(kind.detail_view, args=[record.slug])
    assert visitor.get(record.get_absolute_url()).status_code == 200
    answer = api.get(f"/api/{kind.plural}/{record.slug}/")
    assert answer.status_code == 200


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_is_a_search_type_with_its_own_documents(kind):
    assert INDEXES[kind.name].model is kind.model
    assert type_name(kind.plural) == type_name(kind.name.capitalize()) == kind.name


def test_search_types_are_the_kinds_in_the_registrys_order():
    assert TYPE_NAMES == tuple(kind.name for kind in KINDS)


def test_the_mention_index_takes_the_mentioned_kinds():
    field = AnnouncementMention._meta.get_field("kind")
    assert [value for value, _label in field.choices] == [kind.name for kind in MENTIONED]


def test_a_kind_is_found_by_its_name_its_model_or_a_record(seeded):
    city = kind_named("city")
    assert kind_of(city.model) is city
    assert kind_of(city.model.objects.first()) is city
    assert kind_of(AnnouncementMention) is None, "a table with no pages of its own is no kind"
    assert kind_named("citation") is None


def test_a_linked_record_in_the_api_names_its_kind(seeded, api):
    agreement = api.get("/api/agreements/milton-keynes-yinchuan-zte-three-way-agreement/").json()
    assert {party["type"] for party in agreement["parties"]} <= {kind.name for kind in KINDS}
    assert agreement["signed_in"]["type"] == "city"
