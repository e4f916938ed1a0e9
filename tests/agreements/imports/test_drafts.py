"""The draft of an import: proposals as records on one page, confirmed at once into cited records."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from agreements.imports.confirming import DraftOutOfDate, confirm
from agreements.imports.drafts import Draft
from agreements.imports.ingestion import import_text
from agreements.models import Agreement, Suggestion
from partners.models import City, Organization

PRESS_RELEASE = """Korvana Systems and Gdynia sign smart parking memorandum

GDYNIA, Poland, 12 May 2021 — Korvana Systems and the City of Gdynia signed a memorandum of understanding \
covering parking, lighting and air quality. The agreement runs for three years.

Korvana Systems will invest about €3m in sensors for the harbour district, where ZTE already runs a pilot.
"""


@pytest.fixture
def reviewer(django_user_model, seeded):
    user = django_user_model.objects.create_user("rhea", password="a-long-password", is_staff=True)
    reviewers, _made = Group.objects.get_or_create(name="Reviewers")
    needed = ["view_importreport", "view_suggestion", "review_suggestion", "view_organization", "view_city"]
    reviewers.permissions.add(*Permission.objects.filter(codename__in=needed))
    user.groups.add(reviewers)
    return user


@pytest.fixture
def report(seeded):
    return import_text(PRESS_RELEASE, published="2021-05-12")


def as_submitted(report, changes=None):
    """The draft's form data as a browser sends it untouched (ticked boxes, pre-filled values), with changes."""
    data = {}
    for form in Draft(report).forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if name == "include":
                if value:
                    data[key] = "on"
            elif value not in (None, ""):
                data[key] = str(value)
    data.update(changes or {})
    return {key: value for key, value in data.items() if value is not None}


def proposal(report, kind, label=None):
    suggestions = report.suggestions.filter(kind=kind)
    return (suggestions.filter(label=label) if label else suggestions).first()  # the row of its name


def test_the_draft_shows_each_proposal_pre_filled_with_its_passage(client, reviewer, report):
    client.force_login(reviewer)
    page = client.get(reverse("admin:agreements_importreport_draft", args=[report.pk])).content.decode()
    assert "Korvana Systems" in page and "Gdynia" in page
    assert "<mark>Korvana Systems</mark>" in page
    assert 'value="Memorandum of understanding' in page or 'value="mou" selected' in page
    assert "Confirm the draft" in page


def test_confirming_the_untouched_draft_makes_cited_records_in_one_submission(client, reviewer, report):
    client.force_login(reviewer)
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    response = client.post(url, as_submitted(report))
    assert response.status_code == 302, response.content.decode()[:3000]
    korvana = Organization.objects.get(name="Korvana Systems")
    gdynia = City.objects.get(name="Gdynia")
    assert gdynia.country == "Poland"
    agreement = Agreement.objects.get(parties__organization=korvana)
    assert agreement.kind == Agreement.Kind.MOU
    assert {str(party.organization or party.city) for party in agreement.parties.all()} == {"Korvana Systems", "Gdynia"}
    assert "signed a memorandum of understanding" in agreement.citations.get().quote
    assert korvana.citations.filter(quote="Korvana Systems").exists()
    assert not report.suggestions.filter(status=Suggestion.Status.PENDING).exists()


def test_a_corrected_field_and_a_merge_into_a_known_record_are_taken_as_typed(client, reviewer, report):
    client.force_login(reviewer)
    korvana = proposal(report, Suggestion.Kind.NEW_ORGANIZATION, "Korvana Systems")
    zte = Organization.objects.get(slug="zte")
    agreement = proposal(report, Suggestion.Kind.AGREEMENT)
    changes = {f"s{korvana.pk}-same_as": str(zte.pk), f"s{agreement.pk}-title": "Gdynia smart parking MoU"}
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    assert client.post(url, as_submitted(report, changes)).status_code == 302
    assert not Organization.objects.filter(name="Korvana Systems").exists()
    assert zte.aliases.filter(name="Korvana Systems").exists()
    made = Agreement.objects.get(title="Gdynia smart parking MoU")
    assert made.parties.filter(organization=zte).exists()


def test_a_name_that_stands_for_no_record_is_refused_beside_its_field_and_nothing_is_made(client, reviewer, report):
    client.force_login(reviewer)
    agreement = proposal(report, Suggestion.Kind.AGREEMENT)
    changes = {f"s{agreement.pk}-parties": "Korvana Systems; Atlantis Harbour Board"}
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    response = client.post(url, as_submitted(report, changes))
    assert response.status_code == 200
    assert "No organization or city called “Atlantis Harbour Board”" in response.content.decode()
    assert not Organization.objects.filter(name="Korvana Systems").exists()
    assert report.suggestions.filter(status=Suggestion.Status.PENDING).count() == report.suggestions.count()


def test_a_second_submit_of_the_same_draft_makes_nothing_twice(client, reviewer, report):
    client.force_login(reviewer)
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    data = as_submitted(report)
    first = Draft(report, data)  # read before the first submit, as a second reviewer's page would be
    assert first.is_valid()
    assert client.post(url, data).status_code == 302
    with pytest.raises(DraftOutOfDate):
        confirm(first, reviewer)
    assert Organization.objects.filter(name="Korvana Systems").count() == 1
    assert Agreement.objects.filter(parties__organization__name="Korvana Systems").count() == 1
    again = client.post(url, data, follow=True).content.decode()
    assert "Nothing waits for review" in again or "nothing was made twice" in again


def test_only_a_reviewer_confirms(client, django_user_model, report):
    viewer = django_user_model.objects.create_user("vic", password="a-long-password", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_importreport", "view_suggestion"]))
    client.force_login(viewer)
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    assert "Only a Reviewer can confirm" in client.get(url).content.decode()
    assert client.post(url, as_submitted(report)).status_code == 403
    assert not Organization.objects.filter(name="Korvana Systems").exists()


def test_the_draft_escapes_the_announcement_text(client, reviewer, seeded):
    report = import_text("Nimbus <b>Labs</b> Group and ZTE signed an agreement in Yinchuan.\n", title="Nimbus")
    client.force_login(reviewer)
    page = client.get(reverse("admin:agreements_importreport_draft", args=[report.pk])).content.decode()
    assert "<b>Labs</b>" not in page and "&lt;b&gt;Labs&lt;/b&gt;" in page


def test_the_draft_page_runs_as_many_queries_for_many_proposals_as_for_few(client, reviewer, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)

    def queries_for(text, title):
        report = import_text(text, title=title)
        url = reverse("admin:agreements_importreport_draft", args=[report.pk])
        client.get(url)  # the session and content types, as on any admin page already visited
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries), report.suggestions.count()

    few, proposed_few = queries_for(PRESS_RELEASE, "Few")
    sentence = "Lindqvist Robotics AB and ZTE signed an agreement in Yinchuan on 3 May 2021, worth about €{}m.\n"
    many, proposed_many = queries_for("".join(sentence.format(n) for n in range(40)), "Many")
    assert proposed_many > 3 * proposed_few
    assert many == few


EVENT_RELEASE = """Harbour data forum comes to Gdynia

GDYNIA, Poland, 2 March 2022 — The Baltic Harbour Data Summit 2022 will take place in Gdynia from 7 to 9 June, \
the organisers said. Nordvik Maritime Ltd will invest about €2m in the harbour's sensor network.
"""


def test_a_new_event_is_drafted_with_its_city_and_date_and_a_figure_can_be_about_it(client, reviewer, seeded):
    from agreements.models import Event, StatedFigure

    report = import_text(EVENT_RELEASE, published="2022-03-02")
    summit = proposal(report, Suggestion.Kind.NEW_EVENT)
    assert summit.label == "Baltic Harbour Data Summit 2022"
    assert summit.details["city"] == "Gdynia" and summit.details["held"]["value"] == "2022-06-07/2022-06-09"
    amount = proposal(report, Suggestion.Kind.AMOUNT)
    client.force_login(reviewer)
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'value="2022-06"' in page, "a range of days is offered as its month, which a record can hold"
    changes = {f"s{amount.pk}-include": "on", f"s{amount.pk}-about": "Baltic Harbour Data Summit 2022"}
    assert client.post(url, as_submitted(report, changes)).status_code == 302
    event = Event.objects.get(name="Baltic Harbour Data Summit 2022")
    assert event.city.name == "Gdynia" and event.held.iso() == "2022-06"
    assert "7 to 9 June" in " ".join(event.citations.values_list("quote", flat=True)), "its date, cited"
    assert StatedFigure.objects.get(event=event).as_stated == "about €2m"


def test_a_draft_refuses_what_it_cannot_make_beside_the_row_and_makes_nothing(client, reviewer, report):
    client.force_login(reviewer)
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    agreement = proposal(report, Suggestion.Kind.AGREEMENT)
    date = proposal(report, Suggestion.Kind.DATE)
    Organization.objects.create(name="Korvana Systems", slug="korvana-systems")  # made meanwhile, by hand
    changes = {
        f"s{agreement.pk}-parties": "Gdynia",
        f"s{date.pk}-include": "on",  # the import gave the announcement its date already
    }
    page = client.post(url, as_submitted(report, changes)).content.decode()
    assert "Korvana Systems is already a record: pick it in “Or it is”" in page
    assert "An agreement has two parties or more" in page
    assert "The announcement is already dated 12 May 2021" in page
    assert report.suggestions.filter(status=Suggestion.Status.PENDING).count() == report.suggestions.count()
    assert Organization.objects.filter(name="Korvana Systems").count() == 1


def test_a_known_record_deleted_since_the_import_is_refused_not_a_server_error(client, reviewer, seeded):
    report = import_text("Lumen Harbour Labs and ZTE signed an agreement in Yinchuan on 4 May 2021.\n", title="Lumen")
    mention = report.suggestions.get(kind=Suggestion.Kind.MENTION, label="ZTE")
    Suggestion.objects.filter(pk=mention.pk).update(candidates=[{"kind": "organization", "id": 10**9, "name": "ZTE"}])
    client.force_login(reviewer)
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    response = client.post(url, as_submitted(report, {f"s{mention.pk}-include": "on"}))
    assert response.status_code == 200
    assert "deleted or merged away since the import" in response.content.decode()


def test_a_corrected_name_is_made_without_the_misreading_as_an_alias(client, reviewer, report):
    client.force_login(reviewer)
    korvana = proposal(report, Suggestion.Kind.NEW_ORGANIZATION, "Korvana Systems")
    agreement = proposal(report, Suggestion.Kind.AGREEMENT)
    changes = {f"s{korvana.pk}-name": "Korvana Systemy", f"s{agreement.pk}-parties": "Korvana Systemy; Gdynia"}
    url = reverse("admin:agreements_importreport_draft", args=[report.pk])
    assert client.post(url, as_submitted(report, changes)).status_code == 302
    made = Organization.objects.get(name="Korvana Systemy")
    assert not made.aliases.filter(name="Korvana Systems").exists()
    assert Agreement.objects.get(parties__organization=made).status == Agreement.Status.SIGNED


def test_seeing_a_draft_needs_the_right_to_see_suggestions(client, django_user_model, report):
    clerk = django_user_model.objects.create_user("cleo", password="a-long-password", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_importreport"))
    client.force_login(clerk)
    assert client.get(reverse("admin:agreements_importreport_draft", args=[report.pk])).status_code == 403
