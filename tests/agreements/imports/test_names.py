"""New organizations, new people with their titles, and countries, as a reviewer sees them proposed."""

from agreements.imports.linking import suggestions_for
from agreements.models import Announcement, ImportReport, Suggestion
from partners.models import Person

RELEASE = """Brightwave Mobility and Oulu sign smart parking memorandum

OULU, Finland, 4 May 2021 — Brightwave Mobility Ltd, a Norwegian parking software company, and the City of \
Oulu have signed a memorandum of understanding on smart parking.

Brightwave and the city signed the memorandum on Monday. "Drivers waste time looking for a space," said \
Marta Lindqvist, deputy mayor of Oulu. Lindqvist said the first sensors would be fitted in the spring.

Henrik Solberg, chief executive of Brightwave Mobility Ltd, signed for the company. "We start small," Solberg said.

The city will publish the data, said Brightwave, which will not sell it.
"""


def suggest(text):
    return suggestions_for(Announcement(title="A release", slug="a-release", body=text), ImportReport())


def of_kind(suggestions, kind):
    return {s.label: s for s in suggestions if s.kind == kind}


def test_a_company_and_its_short_name_are_one_proposal_with_the_short_name_as_an_alias(db):
    organizations = of_kind(suggest(RELEASE), Suggestion.Kind.NEW_ORGANIZATION)
    assert list(organizations) == ["Brightwave Mobility Ltd"]
    company = organizations["Brightwave Mobility Ltd"]
    assert company.details == {"aliases": ["Brightwave"], "country": "Norway"}
    assert company.candidates == [] and 0 < company.confidence <= 1
    assert RELEASE[company.start : company.end] == "Brightwave Mobility Ltd"


def test_a_person_is_proposed_once_with_title_and_city_and_the_surname_as_an_alias(db):
    people = of_kind(suggest(RELEASE), Suggestion.Kind.NEW_PERSON)
    assert set(people) == {"Marta Lindqvist", "Henrik Solberg"}
    assert people["Marta Lindqvist"].details == {
        "title": "deputy mayor",
        "organization": None,
        "city": "Oulu",
        "aliases": ["Lindqvist"],
    }
    assert people["Henrik Solberg"].details["title"] == "chief executive"
    assert people["Henrik Solberg"].details["organization"] == "Brightwave Mobility Ltd"


def test_titles_before_a_name_and_after_a_possessive_are_read(db):
    text = (
        "Mayor Ines Carvalho of Porto and Quorix UK chief executive Dara Whelan signed the agreement. "
        "Quorix's founder, Pavel Novak, said the company would hire locally."
    )
    people = of_kind(suggest(text), Suggestion.Kind.NEW_PERSON)
    assert people["Ines Carvalho"].details["title"] == "Mayor"
    assert people["Ines Carvalho"].details["city"] == "Porto"
    assert people["Dara Whelan"].details["title"] == "chief executive"
    assert people["Dara Whelan"].details["organization"] == "Quorix UK"
    assert people["Pavel Novak"].details["title"] == "founder"
    organizations = of_kind(suggest(text), Suggestion.Kind.NEW_ORGANIZATION)
    assert {"Quorix UK", "Quorix"} <= set(organizations), "a subsidiary named by its country is its own organization"


def test_an_acronym_in_brackets_is_an_alias_of_the_name_before_it(db):
    text = "Tarsel Grid Informatics (TGI) will supply the sensors. TGI was founded in 2015."
    organizations = of_kind(suggest(text), Suggestion.Kind.NEW_ORGANIZATION)
    assert list(organizations) == ["Tarsel Grid Informatics"]
    assert organizations["Tarsel Grid Informatics"].details["aliases"] == ["TGI"]


def test_a_sentence_start_is_no_part_of_an_organization(db):
    text = "Enhance Technology partnerships, the report urges. Streamline Systems before buying more."
    assert of_kind(suggest(text), Suggestion.Kind.NEW_ORGANIZATION) == {}


def test_a_nickname_links_to_the_known_person(db):
    robert = Person.objects.create(name="Robert Quinlan", slug="robert-quinlan")
    suggestions = suggest('"We are ready," said Bob Quinlan, the council\'s head of transport.')
    mentions = [s for s in suggestions if s.kind == Suggestion.Kind.MENTION]
    assert [s.candidates for s in mentions] == [[{"kind": "person", "id": robert.pk, "name": "Robert Quinlan"}]]
    assert of_kind(suggestions, Suggestion.Kind.NEW_PERSON) == {}


def test_a_nickname_of_a_new_person_named_before_is_the_same_person(db):
    text = (
        'The letter was signed by Robert Ashgrove, the council\'s head of housing. "It is a start," said Bob Ashgrove.'
    )
    people = of_kind(suggest(text), Suggestion.Kind.NEW_PERSON)
    assert list(people) == ["Robert Ashgrove"]
    assert people["Robert Ashgrove"].details["aliases"] == ["Bob Ashgrove"]


def test_countries_are_proposed_by_name_and_by_adjective_but_not_regions(db):
    text = (
        "LYON, France — Vantor, a Danish sensor maker, opened an office in the UK and in the Baltic states. "
        "Its French partner works across Southeast Asia. Support is offered in German."
    )
    countries = of_kind(suggest(text), Suggestion.Kind.COUNTRY)
    assert set(countries) == {"France", "Denmark", "United Kingdom"}
    assert countries["Denmark"].details == {"country": "Denmark"}
    assert text[countries["Denmark"].start : countries["Denmark"].end] == "Danish"


def test_a_new_name_never_overlaps_a_known_one(seeded):
    suggestions = suggest("ZTE Corporation and Huawei Technologies signed an agreement.")
    assert "ZTE Corporation" not in of_kind(suggestions, Suggestion.Kind.NEW_ORGANIZATION)
    assert "Huawei Technologies" in of_kind(suggestions, Suggestion.Kind.NEW_ORGANIZATION)
