"""What a search finds, the same on every backend."""

import pytest

from agreements.models import Agreement
from partners.models import City, Organization
from search.backends import get_backend
from search.backends.base import SearchOptions
from search.indexing import rebuild
from search.searching import run_search


def keys(text, **options):
    return [hit.key for hit in run_search(text, SearchOptions(page_size=50, **options)).results.hits]


def slugs(text, **options):
    return {(hit.type, hit.slug) for hit in run_search(text, SearchOptions(page_size=50, **options)).results.hits}


def test_5g_finds_the_milton_keynes_announcement_and_agreement(engine):
    found = slugs("5G")
    assert ("announcement", "milton-keynes-council-yinchuan-zte-three-way-agreement") in found
    assert ("agreement", "milton-keynes-yinchuan-zte-three-way-agreement") in found


def test_an_alias_finds_the_records_linked_to_it(engine):
    found = slugs("MK")
    assert ("city", "milton-keynes") in found
    assert ("agreement", "milton-keynes-yinchuan-zte-three-way-agreement") in found
    assert ("organization", "milton-keynes-council") in found


def test_a_linked_city_finds_the_agreement(engine):
    assert ("agreement", "nokia-tianfu-new-area-digital-city-mou") in slugs("Chengdu")


def test_words_are_stemmed(engine):
    assert ("agreement", "nokia-tianfu-new-area-digital-city-mou") in slugs("agreements")
    assert ("announcement", "nokia-smart-city") in slugs("signs")


def test_accents_are_folded_both_ways(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        City.objects.create(name="Zürich", slug="zurich", description="A Swiss city")
    assert ("city", "zurich") in slugs("Zurich")
    assert ("city", "zurich") in slugs("zürich")


def test_chinese_names_are_found_by_two_characters(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.create(name="银川市人民政府", slug="yinchuan-peoples-government", kind="government")
    assert ("organization", "yinchuan-peoples-government") in slugs("银川")
    assert ("organization", "yinchuan-peoples-government") in slugs("人民政府")
    assert ("organization", "yinchuan-peoples-government") not in slugs("北京")


def test_all_words_must_match(engine):
    assert ("announcement", "nokia-smart-city") in slugs("Nokia Chengdu")
    assert slugs("Nokia Huawei") == set()


def test_phrases_match_words_in_order(engine):
    assert ("announcement", "nokia-smart-city") in slugs('"smart region"')
    assert ("announcement", "nokia-smart-city") not in slugs('"region smart"')


def test_or_finds_either_word(engine):
    either = slugs("Huawei OR Nokia")
    assert ("organization", "nokia") in either
    assert either == slugs("Nokia")


def test_not_and_minus_exclude_a_word(engine):
    with_zte = slugs("Yinchuan")
    assert ("agreement", "milton-keynes-yinchuan-zte-three-way-agreement") in with_zte
    without = slugs("Yinchuan -ZTE")
    assert ("agreement", "milton-keynes-yinchuan-zte-three-way-agreement") not in without
    assert without == slugs("Yinchuan NOT ZTE")
    assert without and without < with_zte


def test_prefix_finds_words_that_start_so(engine):
    assert ("city", "yinchuan") in slugs("Yinch*")


def test_fuzzy_finds_words_spelled_nearly_so(engine):
    assert ("city", "yinchuan") in slugs("Yinchaun~")
    assert slugs("Yinchaun") == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type:agreement", {"agreement"}),
        ("type:people", {"person"}),
        ("type:city Yinchuan", {"city"}),
    ],
)
def test_type_filter_keeps_one_type(engine, query, expected):
    found = run_search(query, SearchOptions(page_size=50)).results.hits
    assert found and {hit.type for hit in found} == expected


def test_city_org_topic_and_year_filters(engine):
    assert slugs("type:agreement city:MK") == {("agreement", "milton-keynes-yinchuan-zte-three-way-agreement")}
    assert slugs('type:agreement city:"Tianfu New Area"') == {("agreement", "nokia-tianfu-new-area-digital-city-mou")}
    assert ("organization", "zte") in slugs("org:ZTE")
    assert slugs("type:agreement topic:5G") == {("agreement", "milton-keynes-yinchuan-zte-three-way-agreement")}
    assert slugs("type:agreement year:2017") == {("agreement", "milton-keynes-yinchuan-zte-three-way-agreement")}
    assert slugs("type:agreement year:2016") == set()


def test_url_filters_narrow_like_field_filters(engine):
    narrowed = slugs("Yinchuan", filters={"type": ["agreement"]})
    assert narrowed == {("agreement", "milton-keynes-yinchuan-zte-three-way-agreement")}
    assert slugs("smart", filters={"city": ["milton-keynes"], "type": ["initiative"]}) >= {("initiative", "mk-smart")}


def test_facet_counts_describe_the_whole_result(engine):
    page = run_search("Yinchuan", SearchOptions())
    assert sum(count for _value, count in page.results.facets["type"]) == page.results.count
    cities = dict(page.results.facets["city"])
    assert cities["yinchuan"] >= 3
    narrowed = run_search("Yinchuan", SearchOptions(filters={"city": ["milton-keynes"]}))
    assert narrowed.results.count == cities["milton-keynes"]


def test_title_matches_rank_first(engine):
    assert keys("Playbook")[0] == keys("type:initiative Playbook")[0]
    assert run_search("Playbook", SearchOptions()).results.hits[0].slug == "smart-city-playbook"


def test_sort_by_date_puts_newest_first_and_unknown_dates_last(engine):
    found = [hit.slug for hit in run_search("type:agreement", SearchOptions(sort="date")).results.hits]
    assert found == ["milton-keynes-yinchuan-zte-three-way-agreement", "nokia-tianfu-new-area-digital-city-mou"]


def test_pages_split_the_results(engine):
    first = run_search("smart", SearchOptions(page_size=3))
    second = run_search("smart", SearchOptions(page=2, page_size=3))
    assert first.results.count == second.results.count > 3
    assert len(first.results.hits) == 3
    assert {h.key for h in first.results.hits}.isdisjoint(h.key for h in second.results.hits)


def test_snippets_mark_the_matched_words(engine):
    hit = next(h for h in run_search("5G", SearchOptions()).results.hits if h.type == "announcement")
    marked = [text for text, is_match in hit.snippet if is_match]
    assert marked and all(text.lower() == "5g" for text in marked)


def test_did_you_mean_comes_from_the_index_vocabulary(engine):
    assert run_search("Yinchaun", SearchOptions()).suggestion == "Yinchuan"
    assert run_search("Yinchuan", SearchOptions()).suggestion is None


def test_saving_updates_the_index_after_commit(engine, django_capture_on_commit_callbacks):
    agreement = Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou")
    with django_capture_on_commit_callbacks(execute=True):
        agreement.summary = "A quantum teleportation network for Tianfu."
        agreement.save()
    assert ("agreement", agreement.slug) in slugs("teleportation")


def test_renaming_a_linked_record_updates_the_documents_that_show_it(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.get(slug="zte").aliases.create(name="Zhongxing")
    found = slugs("Zhongxing")
    assert ("organization", "zte") in found
    assert ("agreement", "milton-keynes-yinchuan-zte-three-way-agreement") in found


def test_deleting_removes_the_document(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        City.objects.create(name="Atlantis", slug="atlantis")
    assert ("city", "atlantis") in slugs("Atlantis")
    with django_capture_on_commit_callbacks(execute=True):
        City.objects.get(slug="atlantis").delete()
    assert slugs("Atlantis") == set()


def test_a_rolled_back_change_leaves_no_trace(engine, django_capture_on_commit_callbacks):
    from django.db import transaction

    from search.models import PendingIndexUpdate

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            City.objects.create(name="Lemuria", slug="lemuria")
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert not PendingIndexUpdate.objects.exists()
    assert slugs("Lemuria") == set()


def test_an_announcement_is_found_by_its_alias(engine, django_capture_on_commit_callbacks):
    from agreements.models import Announcement

    with django_capture_on_commit_callbacks(execute=True):
        Announcement.objects.get(slug="nokia-smart-city").aliases.create(name="Tianfu memorandum release")
    assert ("announcement", "nokia-smart-city") in slugs("memorandum release")


def test_an_empty_index_finds_nothing_without_failing(engine):
    backend = get_backend()
    with backend.lock(10):
        backend.rebuild([])
    for text in ["smart", '"smart city"', "type:agreement", "-smart"]:
        assert run_search(text, SearchOptions(sort="date")).results.count == 0


def test_excluding_a_phrase_keeps_records_with_its_words_apart(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.create(
            name="Apartness Works", slug="apartness-works", kind="company", description="The city is smart."
        )
    assert ("organization", "apartness-works") in slugs('Apartness -"smart city"')
    assert ("organization", "apartness-works") not in slugs("Apartness -smart")


def test_paging_through_many_equally_good_matches_shows_each_once(engine):
    Organization.objects.bulk_create(
        Organization(name=f"Tiebreak {n}", slug=f"tiebreak-{n}", kind="company") for n in range(300)
    )
    rebuild()  # bulk_create sends no signals
    for text in ["Tiebreak", "type:organization"]:
        paged = []
        for page in range(1, 400 // 7 + 2):
            paged += [hit.key for hit in run_search(text, SearchOptions(page=page, page_size=7)).results.hits]
        assert len(paged) == len(set(paged)) >= 300, text
