"""The linker's suggestions: mentions, new names, agreements, dates and amounts, at offsets that folding keeps."""

from agreements.imports.ingestion import import_text
from agreements.imports.linking import suggestions_for
from agreements.imports.names import new_organizations
from agreements.mentions import fold, mentions_in
from agreements.models import Announcement, ImportReport, Suggestion
from partners.models import City
from tests.agreements.imports.conftest import PRESS_RELEASE


def test_the_linker_suggests_mentions_new_names_agreements_dates_and_amounts(seeded):
    from agreements.imports.ingestion import html_to_text

    report = import_text(html_to_text(PRESS_RELEASE), title="Huawei")
    body = report.announcement.body
    found = {(s.kind, s.label): s for s in report.suggestions.all()}
    zte = {body[s.start : s.end]: s for s in report.suggestions.filter(kind="mention", label="ZTE")}
    assert report.suggestions.filter(kind="mention", label="ZTE").count() == 4, "three as ZTE, one zte-like; not ZTEX"
    assert zte["ZTE"].confidence == 1.0 and zte["zte"].confidence == 0.5, "lower case is a weaker match"
    assert ("new-organization", "Huawei Technologies") in found
    assert ("date", "18 October 2017") in found
    amount = found[("amount", "close to £1 million")]
    assert amount.candidates == [{"kind": "city", "id": amount.candidates[0]["id"], "name": "Yinchuan"}]
    agreement = next(s for s in found.values() if s.kind == "agreement")
    assert agreement.label == "Agreement between ZTE, Yinchuan and Huawei Technologies"
    assert agreement.context.startswith("On 18 October 2017")
    assert 0 < agreement.confidence <= 1 and found[("mention", "ZTE")].confidence == 1.0


def test_folding_keeps_every_offset():
    text = "ZÜRICH, São Paulo and İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("São Paulo") == "sao paulo"


def test_a_known_name_is_found_without_its_diacritics(seeded):
    City.objects.create(name="Łódź", slug="lodz")
    City.objects.create(name="Tromsø", slug="tromso")
    found = {(m.name, m.kind) for m in mentions_in("Lodz and TROMSO sign a twinning agreement.")}
    assert found == {("Łódź", "city"), ("Tromsø", "city")}


def test_a_long_run_of_capitalised_words_is_no_organization_and_one_ending_in_a_suffix_is(db):
    assert new_organizations("Aa " * 20_000) == []
    text = (
        "Reports say the Qiming Lanvel Institute for Urban Data and Acme Ltd. signed; "
        "The Aa Bb Technologies Council met."
    )
    assert [text[start:end] for start, end in new_organizations(text)] == [
        "Qiming Lanvel Institute for Urban Data and Acme Ltd.",
        "Aa Bb Technologies Council",
    ]


def test_amounts_take_the_places_of_their_own_sentence_however_many_there_are(seeded):
    text = "$1 in Chengdu. " * 900
    suggestions = suggestions_for(Announcement(title="Repeated", slug="repeated", body=text), ImportReport())
    amounts = [s for s in suggestions if s.kind == Suggestion.Kind.AMOUNT]
    assert len(amounts) == 900
    assert all([c["name"] for c in s.candidates] == ["Chengdu"] for s in amounts)


def test_a_text_of_one_pattern_over_and_over_gets_a_bounded_number_of_suggestions_and_says_so(seeded, monkeypatch):
    from agreements.imports import ingestion, linking, proposals

    monkeypatch.setattr(linking, "MOST_OF_A_KIND", 5)
    monkeypatch.setattr(proposals, "MOST_OF_A_KIND", 5)
    monkeypatch.setattr(ingestion, "MOST_OF_A_KIND", 5)
    report = ingestion.import_text("$1 in Chengdu. " * 40, title="A price list")
    report.refresh_from_db()
    assert report.suggestions.filter(kind="amount").count() == 5
    assert report.suggestions.filter(kind="mention").count() == 5
    assert "Only the first 5 suggestions of a kind are proposed" in report.problem
    assert "amount" in report.problem and "mention" in report.problem


def test_a_city_no_record_names_yet_is_proposed_as_written_with_its_country(seeded):
    text = (
        "Poznań and Aarhus signed a smart lighting agreement with ZTE in Yinchuan. "
        "Elizabeth Harrow, who chairs the board, welcomed it."
    )
    suggestions = suggestions_for(Announcement(title="Cities", slug="cities", body=text), ImportReport())
    new_cities = {s.label: s.candidates[0]["country"] for s in suggestions if s.kind == Suggestion.Kind.NEW_CITY}
    assert new_cities == {"Poznań": "Poland", "Aarhus": "Denmark"}, "a person's name is no city, Yinchuan is known"
    agreement = next(s for s in suggestions if s.kind == Suggestion.Kind.AGREEMENT)
    assert {party["name"] for party in agreement.candidates} == {"Poznań", "Aarhus", "ZTE"}
    assert agreement.details["place"]["name"] == "Yinchuan", "signed in Yinchuan: where, not who"
