"""A reviewer in Chromium takes a press release from import to correct, cited records through its draft,
correcting by typing what the importer got wrong, and counting the forms submitted."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from agreements.mentions import fold
from agreements.models import Agreement, Announcement, StatedFigure
from partners.models import City, Organization, Person

pytestmark = pytest.mark.browser

ANNOUNCEMENT = Path(settings.BASE_DIR) / "tests" / "data" / "ingest" / "01-veltrix-poznan-mou.txt"
MOST_SUBMISSIONS = 5


def folded(name):
    return " ".join(fold(name).split())


@pytest.fixture
def reviewer(seeded_live, django_user_model):
    user = django_user_model.objects.create_user("rosa", password="a-long-password", is_staff=True)
    reviewers, made = Group.objects.get_or_create(name="Reviewers")
    if made:  # transactional tests flush the groups the migrations made: give it what this walk needs
        needed = ["add_announcement", "view_announcement", "view_importreport", "view_suggestion"]
        needed += ["review_suggestion", "view_organization", "view_city", "view_person"]
        reviewers.permissions.add(*Permission.objects.filter(codename__in=needed))
    user.groups.add(reviewers)
    return user


class Editor:
    """What a careful editor does to each row of the draft, knowing what the text says (the answer key)."""

    def __init__(self, key):
        self.key = key
        self.names = {}  # folded name or alias: the key's own name, for organizations, cities and people
        for category in ("organizations", "cities", "people"):
            for item in key[category]:
                for spelling in [item["name"], *item.get("aliases", [])]:
                    self.names[folded(spelling)] = item["name"]
        self.agreements_left = list(key["agreements"])

    def canonical(self, name):
        return self.names.get(folded(name), name)

    def item(self, category, name):
        wanted = self.canonical(name)
        return next((item for item in self.key[category] if item["name"] == wanted), None)

    def go_through(self, tab):
        for row in tab.locator("tr.proposal").all():
            kind = row.get_attribute("class").split("proposal-")[-1]
            getattr(self, kind.replace("-", "_"))(row)

    def keep(self, row, kept, **fields):
        box = row.locator("input[name$='-include']")
        box.check() if kept else box.uncheck()
        for name, value in fields.items():
            field = row.locator(f"[name$='-{name}']")
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)

    def new_organization(self, row):
        organization = self.item("organizations", row.locator("input[name$='-name']").input_value())
        if organization is None:
            return self.keep(row, False)
        self.keep(row, True, name=organization["name"])

    def new_city(self, row):
        city = self.item("cities", row.locator("input[name$='-name']").input_value())
        if city is None:
            return self.keep(row, False)
        self.keep(row, True, name=city["name"], country=city["country"] or "")

    def new_person(self, row):
        person = self.item("people", row.locator("input[name$='-name']").input_value())
        if person is None:
            return self.keep(row, False)
        of = person["organization"] or person["city"] or ""
        self.keep(row, True, name=person["name"], title=person["title"] if of else "", of=of)

    def mention(self, row):
        self.keep(row, False)  # the key's records are all new here; a known record is cited only if named

    def country(self, row):
        pass

    def agreement(self, row):
        parties = {self.canonical(name) for name in row.locator("input[name$='-parties']").input_value().split(";")}
        wanted = next((a for a in self.agreements_left if set(a["parties"]) == {p.strip() for p in parties}), None)
        if wanted is None:
            return self.keep(row, False)
        self.agreements_left.remove(wanted)
        self.keep(
            row,
            True,
            kind=wanted["kind"],
            parties="; ".join(wanted["parties"]),
            signed=wanted["signed"] or "",
            place=wanted["place"] or "",
            scope="\n".join(wanted["scope"]),
            people="; ".join(wanted["people"]),
        )

    def date(self, row):
        value = row.locator("input[name$='-value']").input_value()
        self.keep(row, value == self.key["published"])

    def amount(self, row):
        as_stated = row.locator("input[name$='-as_stated']").input_value()
        amount = next((a for a in self.key["amounts"] if a["text"] == as_stated), None)
        if amount is None:
            return self.keep(row, False)
        about = self.key["cities"][0]["name"]
        fields = {"quantity": str(amount["quantity"]), "unit": amount["currency"], "qualifier": amount["qualifier"]}
        self.keep(row, True, about=about, **fields)


def test_a_reviewer_takes_a_press_release_to_correct_cited_records_in_few_submissions(reviewer, admin_tab):
    key = json.loads(ANNOUNCEMENT.with_suffix(".json").read_text())
    tab = admin_tab
    tab.sign_in("rosa", "a-long-password")
    submissions = []
    tab.on("request", lambda request: request.method == "POST" and submissions.append(request.url))

    tab.goto("/admin/agreements/announcement/import/")
    tab.set_input_files("#id_file", str(ANNOUNCEMENT))
    tab.get_by_role("button", name="Import").click()
    tab.wait_for_url(re.compile(r"/admin/agreements/importreport/\d+/draft/"))
    tab.step("1-draft")
    editor = Editor(key)
    editor.go_through(tab)
    assert editor.agreements_left == [], "the importer proposed no agreement with the key's parties"
    tab.step("2-draft-corrected")
    tab.get_by_role("button", name="Confirm the draft").click()
    tab.wait_for_load_state()
    assert tab.locator(".errorlist").all_inner_texts() == []
    tab.wait_for_url(re.compile(r"/admin/agreements/importreport/\d+/change/"))
    assert "Draft confirmed" in tab.content()
    tab.step("3-confirmed")
    assert len(submissions) <= MOST_SUBMISSIONS, submissions

    announcement = Announcement.objects.get(source_file="01-veltrix-poznan-mou.txt")
    assert announcement.published.iso() == key["published"]
    veltrix = Organization.objects.get(name="Veltrix Networks")
    assert veltrix.citations.filter(announcement=announcement).exists()
    poznan = City.objects.get(name="Poznań")
    assert poznan.country == "Poland"
    for person in key["people"]:
        made = Person.objects.get(name=person["name"])
        affiliation = made.affiliations.get()
        assert affiliation.title.casefold() == person["title"].casefold()
        assert str(affiliation.organization or affiliation.city) == (person["organization"] or person["city"])
        assert affiliation.citations.exists()
    wanted = key["agreements"][0]
    agreement = Agreement.objects.get(parties__organization=veltrix)
    assert agreement.kind == wanted["kind"]
    assert {str(p.organization or p.city) for p in agreement.parties.all()} == set(wanted["parties"])
    assert agreement.signed.iso() == wanted["signed"] and agreement.signed_in == poznan
    assert [item.description for item in agreement.scope_items.all()] == wanted["scope"]
    assert {a.person.name for a in agreement.signing_attendances.all()} == set(wanted["people"])
    assert agreement.citations.exists() and agreement.signing_citations.exists()
    figure = StatedFigure.objects.get(city=poznan)
    assert figure.as_stated == key["amounts"][0]["text"] and figure.unit == "EUR"

    tab.goto(f"/agreements/{agreement.slug}/")
    assert "Veltrix Networks" in tab.locator("main").inner_text()
