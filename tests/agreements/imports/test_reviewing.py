"""Reviewing suggestions: nothing changes until a reviewer accepts; accepted links, amounts and dates show as stated."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from agreements.imports.ingestion import import_text
from agreements.imports.reviewing import accept
from agreements.models import Agreement
from partners.models import Organization
from tests.agreements.imports.conftest import member_of


def test_nothing_in_the_knowledge_base_changes_until_a_reviewer_accepts(seeded):
    organizations, agreements = Organization.objects.count(), Agreement.objects.count()
    zte_citations = Organization.objects.get(slug="zte").citations.count()
    import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan.")
    assert Organization.objects.count() == organizations and Agreement.objects.count() == agreements
    assert Organization.objects.get(slug="zte").citations.count() == zte_citations


def test_a_reviewer_accepts_and_the_links_show_on_the_site(seeded, client, django_user_model, visitor):
    report = import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan.", title="Huawei deal")
    reviewer = member_of(client, django_user_model, "Reviewers")
    queue = reviewer.get("/admin/agreements/suggestion/", follow=True).content.decode()
    assert "Huawei Technologies" in queue and "Accept the selected suggestions" in queue

    def decide(action, *suggestions):
        return reviewer.post(
            "/admin/agreements/suggestion/",
            {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in suggestions]},
            follow=True,
        ).content.decode()

    mention = report.suggestions.get(kind="mention", label="ZTE")
    new_name = report.suggestions.get(kind="new-organization")
    agreement = report.suggestions.get(kind="agreement")
    page = decide("accept_selected", agreement)
    assert "Add Huawei Technologies first" in page, "an agreement waits for its new party"
    decide("accept_selected", mention, new_name)
    decide("accept_selected", report.suggestions.get(kind="agreement"))
    huawei = Organization.objects.get(name="Huawei Technologies")
    made_by = {version.history_user.username for version in huawei.history.all()}
    assert made_by == {"reviewers-user"}, "accepting is in the history, as the reviewer's"
    assert report.announcement.history.get().history_type == "+", "so is the import"
    deal = Agreement.objects.get(parties__organization=huawei)
    assert set(deal.parties.values_list("organization__slug", "city__slug")) == {
        ("huawei-technologies", None),
        ("zte", None),
    }
    assert deal.signed_in.slug == "yinchuan", "signed in Yinchuan: the place of signing, not a party"
    assert "Huawei deal" in visitor.get(f"/organizations/{huawei.slug}/").content.decode()
    assert "Huawei Technologies" in visitor.get(deal.get_absolute_url()).content.decode()
    zte_page = visitor.get("/organizations/zte/").content.decode()
    assert f"/announcements/{report.announcement.slug}/" in zte_page
    assert report.counts() == {
        "pending": report.suggestions.filter(status="pending").count(),
        "accepted": 3,
        "rejected": 0,
    }
    decide("reject_selected", *report.suggestions.filter(status="pending"))
    assert report.counts()["pending"] == 0 and report.counts()["rejected"] >= 1
    report_page = reviewer.get(f"/admin/agreements/importreport/{report.pk}/change/").content.decode()
    assert "0 to review, 3 accepted" in report_page


def test_accepting_an_amount_and_a_date_records_them_as_stated(seeded, visitor):
    from agreements.imports.reviewing import CannotAccept

    report = import_text(
        "Yinchuan will invest close to £1.5 million. The plan was agreed on 18 October 2017.\n"
        "Someone spent $3m. It was signed in late 2017."
    )
    announcement = report.announcement
    amount = report.suggestions.get(kind="amount", label="close to £1.5 million")
    accept(amount, None)
    figure = amount.announcement.citations.get(quote="close to £1.5 million").figures.get()
    assert (figure.city.slug, figure.quantity, figure.qualifier, figure.unit) == (
        "yinchuan",
        1500000,
        "close-to",
        "GBP",
    )
    assert "close to £1.5 million" in visitor.get("/cities/yinchuan/").content.decode()
    with pytest.raises(CannotAccept, match="No city, event or initiative is named in its sentence"):
        accept(report.suggestions.get(kind="amount", label="$3m"), None)

    accept(report.suggestions.get(kind="date", label="18 October 2017"), None)
    announcement.refresh_from_db()
    assert str(announcement.published) == "18 October 2017"
    with pytest.raises(CannotAccept, match="already dated 18 October 2017"):
        accept(report.suggestions.get(kind="date", label="late 2017"), None)
    assert report.suggestions.get(kind="date", label="late 2017").status == "pending"


def test_a_reviewer_chooses_which_record_an_amount_belongs_to(seeded, client, django_user_model):
    report = import_text("Chengdu and Yinchuan will share close to £2 million.")
    amount = report.suggestions.get(kind="amount")
    assert [c["name"] for c in amount.candidates] == ["Chengdu", "Yinchuan"]
    reviewer = member_of(client, django_user_model, "Reviewers")
    page = reviewer.get(f"/admin/agreements/suggestion/{amount.pk}/change/").content.decode()
    assert "<mark>close to £2 million</mark>" in page and 'name="candidate" value="1"' in page
    decided = reviewer.post(
        f"/admin/agreements/suggestion/{amount.pk}/decide/", {"decision": "accept", "candidate": "1"}, follow=True
    )
    assert "added to Yinchuan" in decided.content.decode()
    amount.refresh_from_db()
    assert amount.status == "accepted" and amount.decided_by.username == "reviewers-user"
    again = reviewer.post(f"/admin/agreements/suggestion/{amount.pk}/decide/", {"decision": "reject"}, follow=True)
    assert "already accepted" in again.content.decode()
    wrong = report.suggestions.get(kind="mention", label="Chengdu")
    refused = reviewer.post(
        f"/admin/agreements/suggestion/{wrong.pk}/decide/", {"decision": "accept", "candidate": "x"}
    )
    assert refused.status_code == 302
    wrong.refresh_from_db()
    assert wrong.status == "pending"


def test_accepting_a_new_city_adds_it_with_its_country_citing_the_passage(seeded, django_user_model):
    from agreements.imports.reviewing import accept
    from partners.models import City

    report = import_text("Veltrix Networks will light the streets of Poznań.", title="Poznań lights")
    suggestion = report.suggestions.get(kind="new-city")
    reviewer = django_user_model.objects.create_user("reviewer", password="a-long-password")
    assert accept(suggestion, reviewer) == "City Poznań in Poland added, citing “Poznań”."
    city = City.objects.get(name="Poznań")
    assert city.country == "Poland" and [c.quote for c in city.citations.all()] == ["Poznań"]


def test_two_accepts_of_one_suggestion_read_at_once_make_one_record(seeded, django_user_model):
    from agreements.imports.reviewing import CannotAccept
    from agreements.models import Suggestion

    report = import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan.", title="Twice")
    reviewer = django_user_model.objects.create_user("twice")
    first = report.suggestions.get(kind="new-organization")
    second = Suggestion.objects.get(pk=first.pk)  # the same suggestion, read by a second reviewer's request
    accept(first, reviewer)
    with pytest.raises(CannotAccept, match="already accepted"):
        accept(second, reviewer)
    assert Organization.objects.filter(name="Huawei Technologies").count() == 1


def test_an_accept_that_cannot_be_made_leaves_the_suggestion_waiting(seeded, django_user_model):
    from agreements.imports.reviewing import CannotAccept

    report = import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan.", title="Waiting")
    agreement = report.suggestions.get(kind="agreement")
    with pytest.raises(CannotAccept, match="Add Huawei Technologies first"):
        accept(agreement, django_user_model.objects.create_user("early"))
    agreement.refresh_from_db()
    assert agreement.status == "pending" and agreement.decided_by is None


def test_the_queue_refuses_what_only_a_draft_makes_and_what_it_cannot_read_with_a_message(seeded, django_user_model):
    from agreements.imports.reviewing import CannotAccept
    from agreements.models import StatedFigure

    text = (
        "Expo in Yinchuan\n\nThe Yinchuan Lantern Expo runs from 10 to 12 September 2021 in Yinchuan, which will "
        "invest several million euros. \u201cWe are ready,\u201d said Mei Zhou, deputy mayor of Yinchuan."
    )
    report = import_text(text, title="Expo")
    reviewer = django_user_model.objects.create_user("queue")
    for kind in ("new-person", "new-event"):
        with pytest.raises(CannotAccept, match="confirm it there"):
            accept(report.suggestions.filter(kind=kind).first(), reviewer)
    days = report.suggestions.get(kind="date", label__startswith="10")
    with pytest.raises(CannotAccept, match="no date an announcement can have"):
        accept(days, reviewer)
    accept(report.suggestions.get(kind="amount"), reviewer)
    figure = StatedFigure.objects.get(as_stated="several million euros")
    assert (figure.quantity, figure.unit, figure.qualifier) == (1000000, "EUR", "several")


def test_a_new_records_address_spells_its_letters_in_ascii(seeded):
    from agreements.imports.reviewing import free_slug
    from partners.models import City

    assert free_slug(City, "Łódź") == "lodz"
    assert free_slug(City, "Tromsø Đà Nẵng") == "tromso-da-nang"
