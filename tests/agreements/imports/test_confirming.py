"""Confirming a draft: which records it makes or links, their fields, each fact cited to its passage, all or nothing."""

import pytest

from agreements.imports.confirming import DraftOutOfDate, confirm
from agreements.imports.drafts import Draft
from agreements.imports.ingestion import import_text
from agreements.models import Agreement, AgreementParty, Event, SigningAttendance, StatedFigure, Suggestion
from citykb.core.dates import FuzzyDate
from partners.models import Affiliation, City, Organization, Person
from tests.agreements.imports.test_drafts import as_submitted, proposal

SIGNING = """Quellstone Grid and Brakmoor sign street lighting framework

BRAKMOOR, Norway, 3 February 2020 — Quellstone Grid AS and the City of Brakmoor signed a framework agreement \
in Brakmoor on 3 February 2020, covering street lighting and traffic sensors. Mayor Tobias Renkel of Brakmoor \
signed for the city. “Our streets will be brighter,” said Ilse Värnholt, chief executive of Quellstone Grid AS. \
Varnholt added that the first lamps go up in spring. “The council moved fast,” said Värnholt.

Quellstone Grid AS will invest more than €4m in Brakmoor. Nordhavn Cables will lay the wiring.
"""
AGREEMENT_SENTENCE = (  # with the dateline before it
    "BRAKMOOR, Norway, 3 February 2020 — Quellstone Grid AS and the City of Brakmoor signed a framework agreement "
    "in Brakmoor on 3 February 2020, covering street lighting and traffic sensors."
)
MAYOR_SENTENCE = "Mayor Tobias Renkel of Brakmoor signed for the city."

FESTIVAL = """Lantern festival returns to Velden

The Velden Lantern Festival 2021 will take place in Velden from 14 to 16 May 2021, the organisers said. \
Velden will spend about €300,000 on the festival.
"""
FESTIVAL_SENTENCE = (
    "The Velden Lantern Festival 2021 will take place in Velden from 14 to 16 May 2021, the organisers said."
)

TALKS = """Harrowgate Mobility and Velden plan a partnership

Harrowgate Mobility Ltd and Velden announced a partnership on electric buses. Talks continue in the spring.
"""


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("orla", password="a-long-password", is_staff=True)


@pytest.fixture
def brakmoor(seeded):
    return City.objects.create(name="Brakmoor", slug="brakmoor", country="Norway")


@pytest.fixture
def velden(seeded):
    return City.objects.create(name="Velden", slug="velden", country="Austria")


@pytest.fixture
def signing(brakmoor):
    """An undated announcement of a signing: a known city and company, a new company, two new people, a date,
    a figure."""
    Organization.objects.create(name="Nordhavn Cables", slug="nordhavn-cables")
    return import_text(SIGNING, title="Brakmoor lights", published="")


@pytest.fixture
def festival(velden):
    return import_text(FESTIVAL, title="Velden lanterns", published="2021-03-01")


def field(suggestion, name):
    return f"s{suggestion.pk}-{name}"


def checked(report, changes=None):
    draft = Draft(report, as_submitted(report, changes))
    assert draft.is_valid(), {form.prefix: form.errors for form in draft.forms if form.errors}
    return draft


def confirmed(report, user, changes=None):
    return confirm(checked(report, changes), user)


def refused(report, changes=None):
    """{(row label, field): [errors]} of a draft that is not valid."""
    draft = Draft(report, as_submitted(report, changes))
    assert not draft.is_valid()
    return {(form.suggestion.label, name): list(errors) for form in draft.forms for name, errors in form.errors.items()}


def quotes(record):
    return sorted(record.citations.values_list("quote", flat=True))


def test_a_confirmed_signing_makes_the_agreement_with_its_parties_place_scope_and_signatories_each_cited(
    signing, brakmoor, user
):
    confirmed(signing, user)
    quellstone = Organization.objects.get(name="Quellstone Grid AS")
    agreement = Agreement.objects.get(parties__organization=quellstone)
    assert agreement.title == "Framework agreement between Brakmoor and Quellstone Grid AS"
    assert agreement.slug == "framework-agreement-between-brakmoor-and-quellstone-grid-as"
    assert (agreement.kind, agreement.status) == (Agreement.Kind.FRAMEWORK, Agreement.Status.SIGNED)
    assert agreement.summary == AGREEMENT_SENTENCE
    assert agreement.signed.iso() == "2020-02-03" and agreement.signed_in == brakmoor
    assert quotes(agreement) == [AGREEMENT_SENTENCE]
    assert [c.quote for c in agreement.signing_citations.all()] == ["3 February 2020"], "its date, as stated"

    parties = [(party.party, party.role, quotes(party)) for party in agreement.parties.all()]
    assert sorted(parties, key=lambda p: p[0].name) == [
        (brakmoor, AgreementParty.Role.SIGNATORY, [AGREEMENT_SENTENCE]),
        (quellstone, AgreementParty.Role.SIGNATORY, [AGREEMENT_SENTENCE]),
    ]
    assert [(item.position, item.description, quotes(item)) for item in agreement.scope_items.all()] == [
        (1, "street lighting", ["street lighting"]),
        (2, "traffic sensors", ["traffic sensors"]),
    ]
    mayor = Person.objects.get(name="Tobias Renkel")
    assert [(a.person, a.role, quotes(a)) for a in agreement.signing_attendances.all()] == [
        (mayor, SigningAttendance.Role.SIGNATORY, [AGREEMENT_SENTENCE])
    ]


def test_a_new_person_is_added_with_their_title_at_the_city_or_organization_the_draft_names(signing, brakmoor, user):
    ilse = proposal(signing, Suggestion.Kind.NEW_PERSON, "Ilse Värnholt")
    outcomes = confirmed(signing, user, {field(ilse, "title"): ""})  # the reviewer drops her title
    assert "Person Tobias Renkel added, citing “Tobias Renkel”. Mayor, Brakmoor." in outcomes
    assert "Person Ilse Värnholt added, citing “Ilse Värnholt”. Affiliated, Quellstone Grid AS." in outcomes

    renkel = Person.objects.get(name="Tobias Renkel")
    assert [(a.title, a.holder, quotes(a)) for a in renkel.affiliations.all()] == [
        ("Mayor", brakmoor, [MAYOR_SENTENCE])
    ]
    assert quotes(renkel) == ["Tobias Renkel"]
    varnholt = Person.objects.get(name="Ilse Värnholt")
    quellstone = Organization.objects.get(name="Quellstone Grid AS")
    affiliation = Affiliation.objects.get(person=varnholt)
    assert (affiliation.title, affiliation.organization, affiliation.city) == ("", quellstone, None)
    assert quotes(affiliation) == [
        "“Our streets will be brighter,” said Ilse Värnholt, chief executive of Quellstone Grid AS."
    ]


def test_a_new_person_gets_the_other_forms_of_their_name_the_text_uses_once_each_ignoring_accents(signing, user):
    confirmed(signing, user)
    varnholt = Person.objects.get(name="Ilse Värnholt")
    assert list(varnholt.aliases.values_list("name", flat=True)) == ["Varnholt"]
    assert quotes(varnholt) == ["Ilse Värnholt"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2020-02", "2020-02"), ("", None)],
    ids=["a corrected date", "a cleared date"],
)
def test_the_signing_of_an_agreement_cites_its_sentence_when_the_reviewer_corrects_or_clears_the_date(
    signing, brakmoor, user, typed, stored
):
    agreement = proposal(signing, Suggestion.Kind.AGREEMENT)
    confirmed(signing, user, {field(agreement, "signed"): typed})
    made = Agreement.objects.get(signed_in=brakmoor)
    assert made.signed.iso() == stored
    assert [c.quote for c in made.signing_citations.all()] == [AGREEMENT_SENTENCE], "its place (and date) stated"


def test_a_scope_line_the_reviewer_adds_cites_the_agreement_sentence(signing, user):
    agreement = proposal(signing, Suggestion.Kind.AGREEMENT)
    confirmed(signing, user, {field(agreement, "scope"): "public wifi\n\n  traffic sensors  \n"})
    made = Agreement.objects.get(title="Framework agreement between Brakmoor and Quellstone Grid AS")
    assert [(item.position, item.description, quotes(item)) for item in made.scope_items.all()] == [
        (1, "public wifi", [AGREEMENT_SENTENCE]),
        (2, "traffic sensors", ["traffic sensors"]),
    ]


def test_an_agreement_announced_but_not_signed_is_made_as_announced_with_nothing_about_its_signing(velden, user):
    talks = import_text(TALKS, title="Velden buses", published="2022-04-04")
    confirmed(talks, user)
    agreement = Agreement.objects.get(parties__city=velden)
    assert agreement.status == Agreement.Status.ANNOUNCED
    assert agreement.kind == Agreement.Kind.PARTNERSHIP
    assert not agreement.signed.is_known and agreement.signed_in is None
    assert not agreement.signing_citations.exists()
    assert not agreement.scope_items.exists() and not agreement.signing_attendances.exists()
    assert quotes(agreement) == ["Harrowgate Mobility Ltd and Velden announced a partnership on electric buses."]


def test_a_name_the_text_links_to_a_known_city_stands_for_it_though_an_organization_took_that_name_since(velden, user):
    talks = import_text(TALKS, title="Velden buses", published="2022-04-04")
    utility = Organization.objects.create(name="Velden Stadtwerke", slug="velden-stadtwerke")
    utility.aliases.create(name="Velden")  # by an editor, after the import
    confirmed(talks, user)
    agreement = Agreement.objects.get(title="Partnership between Velden and Harrowgate Mobility Ltd")
    assert sorted(str(party.party) for party in agreement.parties.all()) == ["Harrowgate Mobility Ltd", "Velden"]
    assert agreement.parties.get(city=velden) and not agreement.parties.filter(organization=utility).exists()


def test_parties_the_reviewer_types_may_be_known_records_the_text_does_not_name_and_each_is_one_party(
    signing, brakmoor, user
):
    skarvik = Organization.objects.create(name="Skarvik Fibre", slug="skarvik-fibre")
    brakmoor.aliases.create(name="Brakmoor Municipality")
    agreement = proposal(signing, Suggestion.Kind.AGREEMENT)
    parties = "Quellstone Grid AS; skarvik fibre; Brakmoor; Brakmoor Municipality"  # Brakmoor twice, by an alias
    confirmed(signing, user, {field(agreement, "parties"): parties, field(agreement, "people"): "Tobias Renkel; "})
    made = Agreement.objects.get(signed_in=brakmoor)
    assert sorted(str(party.party) for party in made.parties.all()) == [
        "Brakmoor",
        "Quellstone Grid AS",
        "Skarvik Fibre",
    ]
    assert made.parties.get(organization=skarvik).role == AgreementParty.Role.SIGNATORY
    assert made.signing_attendances.count() == 1


def test_a_figure_is_added_to_the_record_it_is_about_as_stated_with_its_currency_and_vagueness(signing, brakmoor, user):
    amount = proposal(signing, Suggestion.Kind.AMOUNT)
    outcomes = confirmed(signing, user)
    figure = StatedFigure.objects.get(city=brakmoor)
    assert (figure.slug, figure.measure, figure.quantity, figure.unit, figure.qualifier, figure.as_stated) == (
        "brakmoor-investment",
        "investment",
        4000000,
        "EUR",
        StatedFigure.Qualifier.MORE_THAN,
        "more than €4m",
    )
    assert quotes(figure) == ["more than €4m"]
    assert "Figure “more than €4m” added to Brakmoor." in outcomes
    amount.refresh_from_db()
    assert amount.outcome == "Figure “more than €4m” added to Brakmoor."


def test_a_kept_date_dates_the_undated_announcement_citing_the_passage_that_states_it(signing, user):
    outcomes = confirmed(signing, user)
    announcement = signing.announcement
    announcement.refresh_from_db()
    assert announcement.published == FuzzyDate.parse("2020-02-03") and str(announcement.published) == "3 February 2020"
    cited = announcement.publication_citations.all()
    assert [(c.quote, c.start) for c in cited] == [("3 February 2020", SIGNING.index("3 February 2020"))]
    said = "The announcement is dated 3 February 2020, citing “3 February 2020”."
    assert said in outcomes
    assert set(
        Suggestion.objects.filter(kind=Suggestion.Kind.DATE, announcement=announcement).values_list("status", "outcome")
    ) == {(Suggestion.Status.ACCEPTED, said)}, "the signing date, its repeat, is decided with it"


def test_confirming_decides_every_suggestion_kept_rows_with_what_they_made_the_rest_as_left_out_by_the_reviewer(
    signing, user
):
    country = proposal(signing, Suggestion.Kind.COUNTRY)
    quellstone = proposal(signing, Suggestion.Kind.NEW_ORGANIZATION)
    amount = proposal(signing, Suggestion.Kind.AMOUNT)
    changes = {field(country, "include"): "on", field(quellstone, "country"): "Norway", field(amount, "include"): None}
    outcomes = confirmed(signing, user, changes)

    assert Organization.objects.get(name="Quellstone Grid AS").country == "Norway"
    assert "Organization Quellstone Grid AS added, citing “Quellstone Grid AS”." in outcomes
    assert "Noted." in outcomes
    decided = {s.pk: s for s in signing.suggestions.all()}
    kept = [s for s in decided.values() if s.pk != amount.pk]
    assert all(s.status == Suggestion.Status.ACCEPTED for s in kept)
    assert sorted({s.outcome for s in kept}) == sorted(set(outcomes))
    assert decided[country.pk].outcome == "Noted."
    left_out = decided[amount.pk]
    assert (left_out.status, left_out.outcome, left_out.decided_by) == (
        Suggestion.Status.REJECTED,
        "Left out of the draft.",
        user,
    )
    assert left_out.decided is not None
    assert not StatedFigure.objects.filter(as_stated="more than €4m").exists()


def test_confirming_one_draft_leaves_the_other_imports_waiting(signing, velden, user):
    talks = import_text(TALKS, title="Velden buses", published="2022-04-04")
    confirmed(talks, user)
    assert not talks.suggestions.filter(status=Suggestion.Status.PENDING).exists()
    assert signing.suggestions.filter(status=Suggestion.Status.PENDING).count() == signing.suggestions.count()


def test_a_second_confirm_of_a_draft_is_refused_saying_nothing_was_made_twice(signing, user):
    first, second = checked(signing), checked(signing)  # two reviewers' pages, read at once
    confirm(first, user)
    with pytest.raises(DraftOutOfDate) as refusal:
        confirm(second, user)
    assert str(refusal.value) == "This draft was confirmed or changed meanwhile; nothing was made twice."
    assert Organization.objects.filter(name="Quellstone Grid AS").count() == 1


def test_a_known_record_deleted_after_the_check_makes_nothing_and_leaves_the_draft_waiting(signing, brakmoor, user):
    draft = checked(signing)
    Organization.objects.get(name="Nordhavn Cables").delete()  # by another editor, between the check and the confirm
    with pytest.raises(DraftOutOfDate) as refusal:
        confirm(draft, user)
    assert str(refusal.value) == "A record this draft names was deleted meanwhile; nothing was made."
    assert not Organization.objects.filter(name="Quellstone Grid AS").exists()
    assert not Person.objects.filter(name__in=["Tobias Renkel", "Ilse Värnholt"]).exists()
    assert not brakmoor.citations.exists(), "not even the citations of the known records named before it"
    assert signing.suggestions.filter(status=Suggestion.Status.PENDING).count() == signing.suggestions.count()
    signing.announcement.refresh_from_db()
    assert not signing.announcement.published.is_known


def test_a_known_record_deleted_since_the_import_is_refused_beside_every_row_that_names_it(signing, brakmoor):
    agreement = proposal(signing, Suggestion.Kind.AGREEMENT)
    brakmoor.delete()
    parties = "Quellstone Grid AS; Brakmoor; Atlantis Harbour Board"
    errors = refused(signing, {field(agreement, "parties"): parties})
    assert errors[("Brakmoor", "include")] == ["This record was deleted or merged away since the import: untick it."]
    missing = "in this draft or the knowledge base: keep its proposal, correct the name, or add it first."
    label = agreement.label
    assert errors[(label, "parties")] == [
        f"No organization or city called “Brakmoor”, “Atlantis Harbour Board” {missing}"
    ]
    assert errors[(label, "place")] == [f"No city called “Brakmoor” {missing}"]
    assert errors[("Tobias Renkel", "of")] == [f"No organization or city called “Brakmoor” {missing}"]
    assert errors[("more than €4m", "about")] == [f"No city or event or initiative called “Brakmoor” {missing}"]


def test_a_new_record_that_became_known_since_the_import_is_refused_beside_its_name(signing):
    Organization.objects.create(name="quellstone grid as", slug="quellstone-grid-as")  # added by hand meanwhile
    errors = refused(signing)
    assert errors == {
        ("Quellstone Grid AS", "name"): [
            "quellstone grid as is already a record: pick it in “Or it is”, or correct the name."
        ]
    }


def test_a_new_event_is_made_in_its_city_citing_the_passage_that_states_its_date(festival, velden, user):
    outcomes = confirmed(festival, user)
    event = Event.objects.get(name="Velden Lantern Festival 2021")
    assert event.city == velden and event.held.iso() == "2021-05", "a range of days, as its month"
    assert quotes(event) == ["14 to 16 May 2021", "Velden Lantern Festival 2021"]
    assert "Event Velden Lantern Festival 2021 added, citing “Velden Lantern Festival 2021”." in outcomes


def test_a_new_event_whose_date_and_city_the_reviewer_corrects_cites_its_sentence_for_the_date(festival, user):
    summit = proposal(festival, Suggestion.Kind.NEW_EVENT)
    confirmed(festival, user, {field(summit, "held"): "2021-06", field(summit, "city"): " "})
    event = Event.objects.get(name="Velden Lantern Festival 2021")
    assert event.city is None and event.held.iso() == "2021-06"
    assert quotes(event) == [FESTIVAL_SENTENCE, "Velden Lantern Festival 2021"]


def test_a_known_event_the_reviewer_picks_keeps_its_own_date_and_gets_the_name_as_an_alias(festival, velden, user):
    known = Event.objects.create(name="Velden Lantern Festival", slug="velden-lantern-festival", city=velden)
    known.held = FuzzyDate.parse("2021-05-15")
    known.save()
    summit = proposal(festival, Suggestion.Kind.NEW_EVENT)
    outcomes = confirmed(festival, user, {field(summit, "same_as"): str(known.pk)})
    known.refresh_from_db()
    assert known.held.iso() == "2021-05-15"
    assert list(known.aliases.values_list("name", flat=True)) == ["Velden Lantern Festival 2021"]
    assert quotes(known) == ["Velden Lantern Festival 2021"], "the name's passage, not the date's"
    assert "Velden Lantern Festival (known) linked, citing “Velden Lantern Festival 2021”." in outcomes
    assert Event.objects.filter(name__startswith="Velden Lantern").count() == 1


def test_a_known_record_left_unticked_but_named_by_other_rows_and_deleted_after_the_check_makes_nothing(
    signing, brakmoor, user
):
    mention = proposal(signing, Suggestion.Kind.MENTION, label="Brakmoor")
    draft = checked(signing, {field(mention, "include"): None})  # the agreement still names Brakmoor as a party
    brakmoor.delete()  # by another editor, between the check and the confirm
    with pytest.raises(DraftOutOfDate) as refusal:
        confirm(draft, user)
    assert str(refusal.value) == "A record this draft names was deleted meanwhile; nothing was made."
    assert not Organization.objects.filter(name="Quellstone Grid AS").exists()
    assert signing.suggestions.filter(status=Suggestion.Status.PENDING).count() == signing.suggestions.count()
