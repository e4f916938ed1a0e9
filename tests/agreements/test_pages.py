import datetime
import re

import pytest
from django.apps import apps

from agreements.models import Agreement, AgreementParty, Announcement
from partners.models import Organization
from tests.factories import AgreementFactory, CityFactory, OrganizationFactory

THREE_WAY = "/agreements/milton-keynes-yinchuan-zte-three-way-agreement/"


def test_home_page_shows_counts_latest_agreements_and_a_search_box(seeded, visitor):
    response = visitor.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>2</strong> agreements" in page
    assert "<strong>10</strong> organizations" in page
    assert 'action="/search/"' in page and 'name="q"' in page
    assert "Milton Keynes Council, Yinchuan and ZTE three-way agreement" in page


def test_agreement_list_shows_both_agreements_latest_signing_first(seeded, visitor):
    page = visitor.get("/agreements/").content.decode()
    three_way = page.index("Milton Keynes Council, Yinchuan and ZTE three-way agreement")
    mou = page.index("Nokia and Tianfu New Area digital city MoU")
    assert three_way < mou  # the MoU's signing date is unknown, so it sorts last
    assert "September 2017" in page and "not stated" in page


def test_agreement_list_filters_by_party_and_explains_bad_values(seeded, visitor):
    page = visitor.get("/agreements/", {"party": "nokia"}).content.decode()
    assert "Nokia and Tianfu New Area digital city MoU" in page
    assert "three-way agreement</a>" not in page
    response = visitor.get("/agreements/", {"signed_from": "soon"})
    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()


def test_agreement_page_shows_every_fact_with_its_passage(seeded, visitor):
    page = visitor.get(THREE_WAY).content.decode()
    assert "September 2017" in page
    assert 'href="/cities/yinchuan/"' in page
    assert "International conference in Yinchuan, September 2017" in page
    assert "The agreement was signed last month at a major international conference in Yinchuan" in page
    assert "Implements the projects" in page
    assert "Early discussion focusing on the potential for 5G technology trials in both cities" in page
    assert 'href="/people/peter-marland/"' in page
    announcement = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement")
    citation = announcement.citations.get(quote__startswith="The agreement was signed last month")
    assert f'href="/announcements/{announcement.slug}/#passage-{citation.start}-{citation.end}"' in page


def test_announcement_page_shows_the_verbatim_text_with_cited_passages_marked(seeded, visitor):
    announcement = Announcement.objects.get(slug="nokia-smart-city")
    page = visitor.get(announcement.get_absolute_url()).content.decode()
    citation = announcement.citations.get(quote__startswith="Mr. Luo Qiang, Mayor of Chengdu, attended")
    assert f'id="{citation.anchor}"' in page
    assert '<span class="cited" data-passages="' in page and "Mark every cited passage" in page
    # The words, whatever marks and mention links cut them.
    assert "we’re confident that the digital city initiative" in re.sub(r"<[^>]+>", "", page)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/announcements/", "Jeff Kagan: Smart City InFocus Conference in Yinchuan China"),
        ("/events/", "Smart City InFocus 2016"),
        ("/events/smart-city-infocus-2016/", "over 43 speakers"),
        ("/events/yinchuan-international-conference-2017/", "Sent representatives"),
        ("/initiatives/", "Smart City Playbook"),
        ("/initiatives/smart-city-playbook/", "late 2016"),
        ("/initiatives/citylabs/", "close to £1 million"),
        ("/initiatives/nokia-chengdu-rd-center/", "December 2015"),
        ("/initiatives/mk-smart/", "Leads it"),
        ("/initiatives/tianfu-new-area-digital-city/", "TianFu New Area development project"),
        ("/agreements/nokia-tianfu-new-area-digital-city-mou/", "Witnessed the signing"),
    ],
)
def test_seeded_pages_show_their_records(seeded, visitor, url, expected):
    response = visitor.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/no-such-agreement/",
        "/announcements/no-such-announcement/",
        "/events/no-such-event/",
        "/initiatives/no-such-initiative/",
        "/agreements/has%20space/",
        "/agreements/%3Cscript%3E/",
        "/agreements/" + "x" * 300 + "/",
        "/agreements/?page=999",
        "/agreements/?page=abc",
        "/no-such-page/",
    ],
)
def test_unknown_or_malformed_addresses_are_404(seeded, visitor, url):
    response = visitor.get(url)
    assert response.status_code == 404
    assert "There is no page at this address" in response.content.decode()


def test_stored_text_is_escaped_on_every_page(seeded, visitor):
    payload = '<script>alert("x")</script>'
    Agreement.objects.filter(slug="nokia-tianfu-new-area-digital-city-mou").update(summary=payload, title=payload)
    Organization.objects.filter(slug="nokia").update(description=payload)
    Announcement.objects.filter(slug="nokia-smart-city").update(body="Nokia " + payload)
    for url in [
        "/",
        "/agreements/",
        "/agreements/nokia-tianfu-new-area-digital-city-mou/",
        "/organizations/nokia/",
        "/announcements/nokia-smart-city/",
    ]:
        page = visitor.get(url).content.decode()
        assert payload not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_search_box_query_is_escaped_back_into_the_page(seeded, visitor):
    page = visitor.get("/agreements/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_every_seeded_record_has_a_page_and_an_api_record(seeded, visitor, api):
    kinds = {
        "agreements.Agreement": "agreements",
        "agreements.Announcement": "announcements",
        "agreements.Event": "events",
        "agreements.Initiative": "initiatives",
        "partners.City": "cities",
        "partners.Organization": "organizations",
        "partners.Person": "people",
    }
    checked = 0
    for label, kind in kinds.items():
        for record in apps.get_model(label).objects.all():
            page = visitor.get(record.get_absolute_url())
            assert page.status_code == 200, record
            assert str(record).replace("&", "&amp;") in page.content.decode()
            assert api.get(f"/api/{kind}/{record.slug}/").status_code == 200, record
            checked += 1
    assert checked == 2 + 3 + 2 + 5 + 5 + 10 + 8


@pytest.mark.django_db
def test_a_row_shows_kind_signing_date_and_place_and_only_the_signatories(visitor):
    place = CityFactory(name="Ning & <xia>", slug="ningxia")
    agreement = AgreementFactory(
        title="<b>Pact</b> & co", signed_in=place, signed_start=datetime.date(2017, 9, 1), signed_precision="month"
    )
    signatory = OrganizationFactory(name="Acme <Corp>", slug="acme")
    AgreementParty.objects.create(agreement=agreement, organization=signatory, role=AgreementParty.Role.SIGNATORY)
    AgreementParty.objects.create(agreement=agreement, city=CityFactory(name="Elsewhere"), role="location")

    page = visitor.get("/agreements/", {"q": "pact"}).content.decode()

    row = page[page.index('<ul class="records">') : page.index("</ul>", page.index('<ul class="records">'))]
    assert f'<h3><a href="/agreements/{agreement.slug}/">&lt;b&gt;Pact&lt;/b&gt; &amp; co</a></h3>' in row
    assert 'Memorandum of understanding (MoU) · signed <time datetime="2017-09">September 2017</time>' in row
    assert ' in <a href="/cities/ningxia/">Ning &amp; &lt;xia&gt;</a></p>' in row
    assert '<p class="parties"><a href="/organizations/acme/">Acme &lt;Corp&gt;</a></p>' in row
    assert "Elsewhere" not in row  # where the work takes place is not a signatory


@pytest.mark.django_db
def test_the_home_page_says_when_there_are_no_agreements_yet(visitor):
    Agreement.objects.all().delete()
    assert '<p class="empty">No agreements yet.</p>' in visitor.get("/").content.decode()


def invalid_fields(page):
    """The filter form's fields that show an error: {label: text of the field's box}."""
    boxes = re.findall(r'<div class="field invalid">(.*?)</div>', page, re.S)
    return {re.search(r"<label[^>]*>(.*?):?</label>", box).group(1): re.sub(r"<[^>]+>", "", box) for box in boxes}


def test_a_bad_filter_value_is_explained_beside_its_field_by_its_label(seeded, visitor):
    response = visitor.get("/agreements/", {"party": "huawei"})
    page = response.content.decode()
    assert response.status_code == 400
    fields = invalid_fields(page)
    assert list(fields) == ["Organization taking part"]
    assert "Nothing is called “huawei”" in fields["Organization taking part"]
    # The summary above the form names the field as the form does, and leads to it.
    summary = re.search(r'<div class="errors" role="alert">(.*?)</div>', page, re.S).group(1)
    assert '<a href="#id_party">Organization taking part</a>' in summary
    assert "party" not in re.sub(r"<[^>]+>", "", summary).replace("taking part", "")
    # The summary is not one of the form's boxes, and the results area says there is nothing to show.
    form = re.search(r'<form method="get" class="filters".*?</form>', page, re.S).group(0)
    assert 'class="errors"' not in form
    assert re.search(r'<div class="results">\s*<p class="empty">No agreements match', page)


def test_the_timeline_explains_a_bad_filter_beside_its_field(seeded, visitor):
    response = visitor.get("/timeline/", {"city": "atlantis"})
    assert response.status_code == 400
    assert list(invalid_fields(response.content.decode())) == ["City"]


def test_a_fact_list_shows_its_sources_once_below_it_each_passage_once(seeded, visitor):
    page = visitor.get(THREE_WAY).content.decode()
    parties = re.search(r"<h2>Parties</h2>(.*?)<h2>", page, re.S).group(1)
    assert "<summary>Source</summary>" not in parties and "<summary>Sources</summary>" not in parties
    assert parties.count("<summary>Sources of this list (2 passages)</summary>") == 1
    assert parties.count("<blockquote") == 2
    assert parties.count(">Yinchuan</a> —") == 1, "a party with two roles is one row"
    assert "For Milton Keynes Council; Yinchuan; ZTE</p>" in parties, "the parties by name, on either database"


def test_a_passage_that_is_no_sentence_is_shown_in_its_sentence(seeded, visitor):
    page = visitor.get(THREE_WAY).content.decode()
    signed = re.search(r"<dt>Signed</dt>(.*?)</dd>", page, re.S).group(1)
    assert "date 2017-10-18</blockquote>" not in signed
    assert (
        "<mark>date 2017-10-18</mark> Milton Keynes Council has signed a ground-breaking three way agreement with the"
        " Chinese smart city of Yinchuan and Chinese telecommunications giant ZTE.</blockquote>" in signed
    )
    # A passage that begins a sentence is shown from there, not after the dateline before it.
    assert "<blockquote cite=" in signed
    assert "2017-10-18 <mark>The agreement" not in signed and "<mark>The agreement was signed last month" in signed
