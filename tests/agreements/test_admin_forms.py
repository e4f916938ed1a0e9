"""Editors type dates as people write them and paste a citation's words; offsets are worked out."""

import pytest

from agreements.forms import CitationForm, dated_form
from agreements.models import Agreement, Announcement, Citation

THREE_WAY = "milton-keynes-yinchuan-zte-three-way-agreement"


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "a-long-password"))
    return client


def agreement_form(agreement, signed):
    form_class = dated_form(Agreement)
    data = {field: value for field, value in form_class(instance=agreement).initial.items() if value is not None}
    data.update(topics=[t.pk for t in agreement.topics.all()], citations=[c.pk for c in agreement.citations.all()])
    data.update(signing_citations=[c.pk for c in agreement.signing_citations.all()], signed=signed)
    data["signed_in"] = agreement.signed_in_id or ""
    data["signed_at_event"] = agreement.signed_at_event_id or ""
    return form_class(data, instance=agreement)


def test_the_admin_shows_a_date_as_one_box_with_its_words(seeded, superuser_client):
    agreement = Agreement.objects.get(slug=THREE_WAY)
    page = superuser_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/").content.decode()
    assert 'name="signed" value="September 2017"' in page
    assert 'name="signed_start"' not in page and 'name="signed_precision"' not in page


@pytest.mark.parametrize(
    ("written", "precision", "approximate", "shown"),
    [
        ("2017-09", "month", False, "September 2017"),
        ("late 2016", "late", False, "late 2016"),
        ("2017?", "year", True, "c. 2017"),
        ("18 October 2017", "day", False, "18 October 2017"),
        ("", "unknown", False, "date unknown"),
    ],
)
def test_a_date_is_saved_as_precisely_as_it_was_written(seeded, written, precision, approximate, shown):
    agreement = Agreement.objects.get(slug=THREE_WAY)
    form = agreement_form(agreement, written)
    assert form.is_valid(), form.errors
    form.save()
    agreement.refresh_from_db()
    assert (agreement.signed.precision, agreement.signed.approximate, str(agreement.signed)) == (
        precision,
        approximate,
        shown,
    )


def test_a_date_that_cannot_be_read_is_refused_with_how_to_write_it(seeded):
    agreement = Agreement.objects.get(slug=THREE_WAY)
    form = agreement_form(agreement, "soon")
    assert not form.is_valid()
    assert "Cannot read 'soon' as a date: write it like 2017-10-18" in form.errors["signed"][0]
    agreement.refresh_from_db()
    assert str(agreement.signed) == "September 2017", "nothing changed"


def test_a_citation_is_made_from_its_words_and_its_offsets_are_worked_out(seeded):
    announcement = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement")
    words = "Yinchuan"
    form = CitationForm({"announcement": announcement.pk, "quote": words, "occurrence": 2})
    assert form.is_valid(), form.errors
    citation = form.save()
    first = announcement.body.find(words)
    assert citation.start == announcement.body.find(words, first + 1) and citation.end == citation.start + len(words)
    assert announcement.body[citation.start : citation.end] == words
    # Opened again, the form says which occurrence it is, so saving it does not move it.
    assert CitationForm(instance=citation).initial["occurrence"] == 2


@pytest.mark.parametrize(("quote", "occurrence"), [("words no announcement has", 1), ("Yinchuan", 999)])
def test_words_not_in_the_announcement_are_refused(seeded, quote, occurrence):
    announcement = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement")
    count = Citation.objects.count()
    form = CitationForm({"announcement": announcement.pk, "quote": quote, "occurrence": occurrence})
    assert not form.is_valid()
    assert "These words are not in the announcement" in form.errors["quote"][0]
    assert Citation.objects.count() == count


def test_the_citation_page_of_the_admin_asks_for_words_not_offsets(seeded, superuser_client):
    page = superuser_client.get("/admin/agreements/citation/add/").content.decode()
    assert 'name="quote"' in page and 'name="occurrence"' in page
    assert 'name="start"' not in page and 'name="end"' not in page


@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
def test_a_party_is_an_organization_or_a_city_never_both_or_neither(seeded, both):
    from django.forms import modelform_factory

    from agreements.models import AgreementParty
    from partners.models import City, Organization

    agreement = Agreement.objects.get(slug=THREE_WAY)
    data = {"agreement": agreement.pk, "role": "signatory"}
    if both:
        data.update(organization=Organization.objects.get(slug="zte").pk, city=City.objects.get(slug="yinchuan").pk)
    form = modelform_factory(AgreementParty, fields=["agreement", "organization", "city", "role"])(data)
    assert not form.is_valid()
    assert "A party is an organization or a city, not both or neither." in form.non_field_errors()


def test_record_lists_show_dates_as_stated_and_can_sort_by_them(seeded, superuser_client):
    page = superuser_client.get("/admin/agreements/agreement/?o=3").content.decode()
    assert "September 2017" in page and "date unknown" in page
    assert superuser_client.get("/admin/agreements/announcement/").status_code == 200
    assert superuser_client.get("/admin/agreements/event/?o=2").status_code == 200
