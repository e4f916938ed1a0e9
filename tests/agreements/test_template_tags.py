"""The tags that write the browser's rows, facet options and dates: what they show, and that they escape it."""

import datetime

import pytest
from django.template import engines

from agreements.models import Agreement, AgreementParty, Announcement
from citykb.core.dates import FuzzyDate
from tests.factories import AgreementFactory, CityFactory, OrganizationFactory


def render(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (FuzzyDate.of(2017, 9, 18), '<time datetime="2017-09-18">18 September 2017</time>'),
        (FuzzyDate.of(2017, 9), '<time datetime="2017-09">September 2017</time>'),
        (FuzzyDate.of(2017), '<time datetime="2017">2017</time>'),
        (FuzzyDate.of(2016, part="late"), '<span class="fuzzy-date" title="2016-09/2016-12">late 2016</span>'),
        (FuzzyDate.unknown(), '<span class="unknown">not stated</span>'),
    ],
)
def test_a_date_shows_as_precisely_as_it_is_known(date, expected):
    assert render("{% load dates %}{% fuzzy_date date %}", date=date) == expected


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


def test_a_chosen_option_links_to_removing_it_and_the_others_to_choosing_them(seeded, visitor):
    page = visitor.get("/agreements/", {"party": "zte"}).content.decode()
    assert '<strong aria-current="true">ZTE</strong> <span class="facet-count">1</span>' in page
    assert '<a href="?" aria-label="Remove the Organization filter ZTE">×</a>' in page
    assert '<a href="?party=nokia">Nokia</a> <span class="facet-count">1</span>' in page


@pytest.mark.django_db
def test_facet_options_escape_the_names_they_show(visitor):
    agreement = AgreementFactory()
    acme = OrganizationFactory(name='Acme "<&>"', slug="acme")
    AgreementParty.objects.create(agreement=agreement, organization=acme, role=AgreementParty.Role.SIGNATORY)
    escaped = "Acme &quot;&lt;&amp;&gt;&quot;"

    page = visitor.get("/agreements/").content.decode()
    assert f'<a href="?party=acme">{escaped}</a>' in page
    chosen = visitor.get("/agreements/", {"party": "acme"}).content.decode()
    assert f'<strong aria-current="true">{escaped}</strong>' in chosen
    assert f'aria-label="Remove the Organization filter {escaped}"' in chosen


def test_a_record_fetched_without_its_citations_shows_the_same_sources(seeded, django_assert_num_queries):
    three_way = Agreement.objects.get(slug="milton-keynes-yinchuan-zte-three-way-agreement")
    source = (
        "{% load sources %}{% sources agreement %}{% sources agreement 'signing_citations' %}"
        "{% for party in agreement.parties.all %}{% sources party %}{% endfor %}"
    )
    plain = render(source, agreement=three_way)
    prefetched = Agreement.objects.with_related().get(pk=three_way.pk)
    with django_assert_num_queries(0):  # the prefetched lists are what the tag reads
        assert render(source, agreement=prefetched) == plain
    cited = three_way.citations.count() + three_way.signing_citations.count()
    cited += sum(party.citations.count() for party in three_way.parties.all())
    assert plain.count("<blockquote") == cited > 2


def test_an_announcements_publication_sources_come_from_its_prefetch(seeded, django_assert_num_queries):
    announcement = Announcement.objects.with_related().filter(publication_citations__isnull=False).first()
    with django_assert_num_queries(0):
        page = render('{% load sources %}{% sources announcement "publication_citations" %}', announcement=announcement)
    assert page.count("<blockquote") == announcement.publication_citations.count() > 0
