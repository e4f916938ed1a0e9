"""rebuild_index, check_index, a missing or damaged index, and the write lock."""

import io
import os
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from partners.models import City
from search import indexing
from search.backends import get_backend
from search.backends.base import SearchOptions
from search.documents import all_documents
from search.models import PendingIndexUpdate
from search.searching import run_search

MK_ANNOUNCEMENT = "milton-keynes-council-yinchuan-zte-three-way-agreement"


def found(text):
    return {hit.slug for hit in run_search(text, SearchOptions(page_size=50)).results.hits}


def generation_files(index_dir):
    current = os.path.realpath(index_dir / "current")
    return [os.path.join(current, name) for name in os.listdir(current)]


def test_load_initial_data_builds_the_index(seeded, client):
    call_command("load_initial_data", stdout=io.StringIO())
    assert MK_ANNOUNCEMENT in found("5G")


def test_rebuild_swaps_in_a_new_generation_and_searches_work_meanwhile(indexed, search_index_dir):
    before = os.path.realpath(search_index_dir / "current")
    seen_during = []

    def documents_while_searching():
        yield from all_documents()
        # The new generation is being written; the old one still answers.
        seen_during.append(found("5G"))

    backend = get_backend()
    with backend.lock():
        backend.rebuild(documents_while_searching())
    assert MK_ANNOUNCEMENT in seen_during[0]
    after = os.path.realpath(search_index_dir / "current")
    assert after != before and not os.path.exists(before)
    assert MK_ANNOUNCEMENT in found("5G")


def test_rebuild_index_command_reports_the_count(indexed):
    out = io.StringIO()
    call_command("rebuild_index", stdout=out)
    assert "Indexed 35 records." in out.getvalue()


def test_check_index_finds_and_fixes_missing_extra_and_stale_documents(indexed):
    out = io.StringIO()
    call_command("check_index", stdout=out)
    assert "The index matches the database." in out.getvalue()

    # Changes that bypass signals (queryset.update, a raw SQL fix) leave the index stale.
    Agreement.objects.filter(slug="nokia-tianfu-new-area-digital-city-mou").update(summary="Changed quietly")
    City.objects.bulk_create([City(name="Quietville", slug="quietville")])
    backend = get_backend()
    yinchuan = City.objects.get(slug="yinchuan")
    with backend.lock():
        backend.update([], [f"city:{yinchuan.pk}"])
        documents, _gone = indexing.documents_for_keys([f"city:{yinchuan.pk}"])
        documents[0].pk = 999_999
        documents[0].slug = "ghost-town"
        backend.update(documents, [])

    report = indexing.check()
    assert report.missing == sorted([f"city:{yinchuan.pk}", f"city:{City.objects.get(slug='quietville').pk}"])
    assert report.extra == ["city:999999"]
    assert len(report.stale) == 1 and report.stale[0].startswith("agreement:")
    with pytest.raises(CommandError, match="check_index --fix"):
        call_command("check_index", stdout=io.StringIO())

    call_command("check_index", "--fix", stdout=io.StringIO())
    assert indexing.check().in_sync
    assert "quietville" in found("Quietville")
    assert "ghost-town" not in found("Yinchuan")


def test_a_deleted_index_is_rebuilt_on_the_next_search(indexed, search_index_dir):
    import shutil

    shutil.rmtree(search_index_dir)
    assert MK_ANNOUNCEMENT in found("5G")
    assert indexing.check().in_sync


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_index_is_detected_and_rebuilt(indexed, search_index_dir, damage):
    get_backend().searcher()  # an open searcher, as in a running worker
    for path in generation_files(search_index_dir):
        with open(path, "r+b") as handle:
            if damage == "truncate":
                handle.truncate(max(0, os.path.getsize(path) // 3))
            else:
                handle.write(b"\x00garbage" * 8)
    # A worker that had the index open still gets answers; check_index --fix repairs the rest.
    assert MK_ANNOUNCEMENT in found("5G")
    indexing.check(fix=True)
    assert indexing.check().in_sync
    assert MK_ANNOUNCEMENT in found("5G")


def test_a_damaged_index_is_reported_by_check_index(indexed, search_index_dir):
    for path in generation_files(search_index_dir):
        if path.endswith(".toc"):
            with open(path, "wb") as handle:
                handle.write(b"not a table of contents")
    report = indexing.check()
    assert report.unreadable and not report.in_sync
    assert indexing.check(fix=True).unreadable
    assert indexing.check().in_sync


def test_a_busy_index_leaves_updates_queued_and_the_next_writer_applies_them(
    indexed, django_capture_on_commit_callbacks
):
    backend = get_backend()
    holding = threading.Event()
    release = threading.Event()

    def hold_the_lock():
        with backend.lock():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    holding.wait(5)
    try:
        City.objects.create(name="Waitington", slug="waitington")
        assert PendingIndexUpdate.objects.exists()
        assert indexing.flush_pending(timeout=0.1) is False
        assert PendingIndexUpdate.objects.exists()
    finally:
        release.set()
        holder.join()
    assert indexing.flush_pending() is True
    assert not PendingIndexUpdate.objects.exists()
    assert "waitington" in found("Waitington")


def test_searchers_are_reused_until_the_index_changes(indexed, django_capture_on_commit_callbacks):
    backend = get_backend()
    first = backend.searcher()
    found("5G")
    assert backend.searcher() is first
    with django_capture_on_commit_callbacks(execute=True):
        City.objects.create(name="Newtown", slug="newtown")
    assert "newtown" in found("Newtown")
    assert backend.searcher() is not first


def test_make_run_builds_a_missing_index_without_reloading_the_data(seeded):
    """`make run` calls load_initial_data --if-empty: the data stays, the missing index is built."""
    out = io.StringIO()
    call_command("load_initial_data", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert "rebuilt it" in out.getvalue()
    assert MK_ANNOUNCEMENT in found("5G")


def test_only_errors_from_inside_the_engine_count_as_damage(indexed):
    backend = get_backend()
    with pytest.raises(ValueError) as bug:
        raise ValueError("a bug in CityKB")
    assert not backend.is_damage(bug.value)
    with pytest.raises(Exception) as engine_error:
        backend.searcher().postings("no-such-field", "x")
    assert backend.is_damage(engine_error.value)


def test_a_large_rebuild_written_by_two_processes_equals_the_database(seeded, monkeypatch):
    from search.backends import whoosh_index

    monkeypatch.setattr(whoosh_index, "PARALLEL_BUILD_FROM", 1)
    assert indexing.rebuild() == 35
    assert indexing.check().in_sync
    assert MK_ANNOUNCEMENT in found("5G")


def test_the_word_cache_stays_within_its_bound(indexed, monkeypatch):
    cache = get_backend()._arrays
    monkeypatch.setattr(cache, "postings_limit", 30)
    for word in ["smart", "city", "Yinchuan", "Nokia", "ZTE", "agreement", "digital", "network"]:
        found(word)
    # Only the most recent word's postings may stand alone above the bound.
    assert cache.cached_postings() <= 30 or len(cache._postings) == 1
    assert MK_ANNOUNCEMENT in found("5G")
