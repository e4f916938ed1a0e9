from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement, AgreementParty, Announcement, Citation, StatedFigure
from citykb.core.dates import FuzzyDate
from partners.models import City, Organization


def test_a_party_is_an_organization_or_a_city_never_both_or_neither(seeded):
    agreement = Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou")
    both = AgreementParty(
        agreement=agreement,
        organization=Organization.objects.get(slug="zte"),
        city=City.objects.get(slug="yinchuan"),
        role="signatory",
    )
    with pytest.raises(ValidationError, match="not both or neither"):
        both.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        AgreementParty.objects.create(agreement=agreement, role="signatory")


def test_a_citation_must_quote_its_passage_exactly(seeded):
    announcement = Announcement.objects.get(slug="nokia-smart-city")
    citation = Citation(announcement=announcement, start=0, end=5, quote="Nokia")
    citation.full_clean()
    citation.quote = "Nokla"
    with pytest.raises(ValidationError, match="The announcement says 'Nokia' at 0–5"):
        citation.full_clean()
    beyond = Citation(announcement=announcement, start=0, end=len(announcement.body) + 1, quote="x")
    with pytest.raises(ValidationError, match="only .* characters long"):
        beyond.full_clean()


def test_cite_finds_the_offsets_of_the_nth_occurrence(seeded):
    announcement = Announcement.objects.get(slug="nokia-smart-city")
    first = announcement.cite("big data")
    second = announcement.cite("big data", occurrence=2)
    assert first.start < second.start
    assert announcement.body[second.start : second.end] == "big data"
    with pytest.raises(ValueError, match="does not occur"):
        announcement.cite("Huawei")


def test_segments_mark_every_cited_passage_and_keep_the_text_whole(seeded):
    announcement = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement")
    citations = list(announcement.citations.all())
    segments = announcement.segments(citations)
    assert "".join(segment["text"] for segment in segments) == announcement.body
    cited_text = "".join(segment["text"] for segment in segments if segment["cited"])
    for citation in citations:
        assert citation.quote in cited_text
    anchors = {anchor for segment in segments for anchor in segment["anchors"]}
    assert anchors == {citation.anchor for citation in citations}


def test_dates_are_validated_as_a_whole(seeded):
    agreement = Agreement.objects.get(slug="milton-keynes-yinchuan-zte-three-way-agreement")
    agreement.signed_start = date(2017, 9, 18)  # a month-precise date must start on the 1st
    with pytest.raises(ValidationError, match="does not start a period"):
        agreement.full_clean()


def test_signing_last_month_is_stored_as_september_2017_at_month_precision(seeded):
    agreement = Agreement.objects.get(slug="milton-keynes-yinchuan-zte-three-way-agreement")
    published = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement").published
    assert published == FuzzyDate.of(2017, 10, 18)
    assert agreement.signed == published.relative("last month")
    assert agreement.signed_precision == "month"
    assert "last month" in " ".join(c.quote for c in agreement.signing_citations.all())


def test_a_date_no_source_states_stays_unknown(seeded):
    mou = Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou")
    assert not mou.signed.is_known
    assert mou.signed_in is None
    assert not Announcement.objects.get(slug="nokia-smart-city").published.is_known


def test_agreements_sort_by_signing_date_with_unknown_dates_last(seeded):
    slugs = list(Agreement.objects.by_signing_date().values_list("slug", flat=True))
    assert slugs == ["milton-keynes-yinchuan-zte-three-way-agreement", "nokia-tianfu-new-area-digital-city-mou"]
    assert list(Agreement.objects.signed_between(2017, 2017).values_list("slug", flat=True)) == slugs[:1]
    assert not Agreement.objects.signed_between(2018, 2030).exists()


def test_agreements_involving_a_record_include_every_role(seeded):
    zte = Organization.objects.get(slug="zte")
    yinchuan = City.objects.get(slug="yinchuan")
    assert list(Agreement.objects.involving(zte).values_list("slug", flat=True)) == [
        "milton-keynes-yinchuan-zte-three-way-agreement"
    ]
    assert Agreement.objects.involving(yinchuan).count() == 1


def test_announcements_mentioning_a_record_match_its_names_and_aliases_ignoring_case(seeded):
    zte = Organization.objects.get(slug="zte")
    mentioning = set(Announcement.objects.mentioning(zte).values_list("slug", flat=True))
    assert mentioning == {
        "milton-keynes-council-yinchuan-zte-three-way-agreement",
        "jeff-kagan-smart-city-infocus-conference-in-yinchuan-china",
    }
    tianfu = City.objects.get(slug="tianfu-new-area")
    assert list(Announcement.objects.mentioning(tianfu).values_list("slug", flat=True)) == ["nokia-smart-city"]


def test_a_figure_is_about_exactly_one_record(seeded):
    figure = StatedFigure.objects.get(slug="citylabs-zte-investment")
    figure.city = City.objects.get(slug="milton-keynes")
    with pytest.raises(ValidationError, match="exactly one event, initiative or city"):
        figure.full_clean()
