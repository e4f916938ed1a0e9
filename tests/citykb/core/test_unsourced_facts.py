"""Facts stay cited when edited: a changed stated field is kept, re-cited or shown as having no source yet."""

import pytest

from agreements.models import Agreement, Citation
from citykb.core.citations import prefetch_unsourced
from citykb.core.models import UnsourcedFact
from partners.models import Organization
from tests.admin_pages import submit

NEW_CLAIM = "The largest maker of smart city lamp posts in Europe."
UNSOURCED_LIST = "/admin/core/unsourcedfact/"


def change_page(record):
    opts = record._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/"


def edit(editor, record, captured, **changes):
    with captured(execute=True):
        return submit(editor, change_page(record), changes)


def test_zte_edited_to_an_unsourced_claim_is_shown_as_such_and_listed(
    zte, editor, visitor, django_capture_on_commit_callbacks
):
    response = edit(
        editor, zte, django_capture_on_commit_callbacks, description=NEW_CLAIM, citations_choice="unsourced"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    zte.refresh_from_db()
    assert zte.description == NEW_CLAIM
    mark = UnsourcedFact.objects.of(zte).get()
    assert mark.field == "description" and mark.marked_by == editor.user
    assert mark.history.latest().history_user == editor.user, "who marked it is in the edit history"

    page = visitor.get("/organizations/zte/").content.decode()
    assert NEW_CLAIM in page
    assert '<span class="unsourced">no source yet</span>' in page
    assert "No source yet for its description" in page
    assert zte.citations.exists(), "its other facts keep their passages"

    listing = editor.get(UNSOURCED_LIST).content.decode()
    assert f'href="{change_page(zte)}"' in listing and "Organization: ZTE" in listing
    assert "description" in listing and "edith" in listing


def test_keeping_the_sources_leaves_the_fact_cited_and_clears_an_earlier_mark(
    zte, editor, visitor, django_capture_on_commit_callbacks
):
    cited = set(zte.citations.values_list("pk", flat=True))
    edit(editor, zte, django_capture_on_commit_callbacks, description=NEW_CLAIM, citations_choice="unsourced")
    assert UnsourcedFact.objects.of(zte).exists()

    response = edit(
        editor, zte, django_capture_on_commit_callbacks, description="ZTE, as cited.", citations_choice="keep"
    )
    assert response.status_code == 302
    assert not UnsourcedFact.objects.of(zte).exists()
    assert set(zte.citations.values_list("pk", flat=True)) == cited
    page = visitor.get("/organizations/zte/").content.decode()
    assert "no source yet" not in page.lower() and "ZTE, as cited." in page


def test_a_changed_cited_field_is_not_saved_without_a_choice(zte, editor):
    before = zte.description
    response = submit(editor, change_page(zte), {"description": NEW_CLAIM, "kind": "university"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "You changed the kind and description. Nothing is saved until you say whether" in page
    zte.refresh_from_db()
    assert zte.description == before and zte.kind != "university"
    assert not UnsourcedFact.objects.exists()


def test_the_form_shows_the_passages_cited_for_the_stated_facts(zte, editor):
    page = editor.get(change_page(zte)).content.decode()
    assert "Sources of the stated facts" in page
    quote = zte.citations.first().quote
    assert quote.replace("“", "").split()[0] in page
    assert "Keep these sources: the new value still says what they quote" in page
    assert "Mark it unsourced" in page and "Cite another passage" in page


def test_a_change_of_an_unstated_field_needs_no_choice(zte, editor, django_capture_on_commit_callbacks):
    response = edit(editor, zte, django_capture_on_commit_callbacks, website="https://www.zte.com.cn/")
    assert response.status_code == 302
    zte.refresh_from_db()
    assert zte.website == "https://www.zte.com.cn/"


def test_citing_another_passage_adds_it_and_clears_the_mark(zte, editor, visitor, django_capture_on_commit_callbacks):
    edit(editor, zte, django_capture_on_commit_callbacks, description=NEW_CLAIM, citations_choice="unsourced")
    other = Citation.objects.exclude(pk__in=zte.citations.values("pk")).first()
    missing = submit(editor, change_page(zte), {"description": "Another claim.", "citations_choice": "cite"})
    assert "Choose the passage that says the new value." in missing.content.decode()

    response = edit(
        editor,
        zte,
        django_capture_on_commit_callbacks,
        description="Another claim.",
        citations_choice="cite",
        citations_passage=str(other.pk),
    )
    assert response.status_code == 302
    assert zte.citations.filter(pk=other.pk).exists()
    assert not UnsourcedFact.objects.of(zte).exists()
    assert other.quote[:20] in visitor.get("/organizations/zte/").content.decode()


def test_an_agreements_signing_facts_are_asked_about_with_its_signing_passages(
    seeded, editor, visitor, django_capture_on_commit_callbacks
):
    agreement = Agreement.objects.exclude(signing_citations=None).first()
    refused = submit(editor, change_page(agreement), {"signed": "1999"})
    assert "You changed the signing date." in refused.content.decode()
    response = edit(
        editor, agreement, django_capture_on_commit_callbacks, signed="1999", signing_citations_choice="unsourced"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(UnsourcedFact.objects.of(agreement).values_list("field", flat=True)) == ["signed"]
    page = visitor.get(agreement.get_absolute_url()).content.decode()
    assert "No source yet for its signing date" in page


def test_a_revert_that_changes_a_stated_field_asks_too(zte, editor, django_capture_on_commit_callbacks):
    edit(editor, zte, django_capture_on_commit_callbacks, description=NEW_CLAIM, citations_choice="unsourced")
    first = zte.history.earliest()
    version_page = change_page(zte).replace("change/", f"history/{first.history_id}/")
    assert submit(editor, version_page).status_code == 200, "not reverted without a choice"
    with django_capture_on_commit_callbacks(execute=True):
        reverted = submit(editor, version_page, {"citations_choice": "keep"})
    assert reverted.status_code == 302
    zte.refresh_from_db()
    assert zte.description != NEW_CLAIM and not UnsourcedFact.objects.of(zte).exists()


def test_public_pages_and_the_list_show_stored_text_as_text(zte, editor, visitor, django_capture_on_commit_callbacks):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = edit(
        editor,
        zte,
        django_capture_on_commit_callbacks,
        name=payload,
        description=payload,
        citations_choice="unsourced",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = visitor.get("/organizations/zte/").content.decode()
    assert payload not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "No source yet for its name and description" in page
    listing = editor.get(UNSOURCED_LIST).content.decode()
    assert payload not in listing and "&lt;script&gt;" in listing
    form = editor.get(change_page(zte)).content.decode()
    assert "No source yet</strong> for its name and description" in form


def test_deleting_a_record_takes_its_marks_with_it(seeded, editor):
    lab = Organization.objects.create(name="Short-lived Lab", slug="short-lived-lab")
    lab.mark_unsourced(["description"])
    lab.delete()
    assert not UnsourcedFact.objects.exists()


def test_a_page_reads_the_marks_from_its_prefetch(zte, django_assert_num_queries):
    """Prevents a query per record for its unsourced facts."""
    zte.mark_unsourced(["description", "country"])
    prefetched = Organization.objects.prefetch_related(*prefetch_unsourced("")).get(pk=zte.pk)
    with django_assert_num_queries(0):
        assert prefetched.unsourced_fields() == ["country", "description"]
        assert prefetched.is_unsourced("country")


@pytest.mark.parametrize("marks", [1, 30])
def test_the_list_of_unsourced_facts_runs_a_constant_number_of_queries(
    seeded, admin_client, django_assert_max_num_queries, marks
):
    """Prevents a query per row for its record, its kind or who marked it."""
    for record in list(Organization.objects.all()[:marks]):
        record.mark_unsourced(["description"])
    with django_assert_max_num_queries(8):
        response = admin_client.get(UNSOURCED_LIST)
    assert response.status_code == 200 and response.content.decode().count('class="field-record_link"') == min(
        marks, Organization.objects.count()
    )


def test_editors_see_the_list_but_cannot_make_marks_by_hand(seeded, editor):
    assert editor.get(UNSOURCED_LIST).status_code == 200
    assert editor.get(UNSOURCED_LIST + "add/").status_code == 403
