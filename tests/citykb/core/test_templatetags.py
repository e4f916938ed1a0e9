"""The `dates` and `sources` tags: a date as precisely as it is known, cited passages read from the prefetch."""

import pytest
from django.template import engines

from agreements.models import Agreement, Announcement
from citykb.core.citations import prefetch_unsourced
from citykb.core.dates import FuzzyDate


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


def test_a_record_fetched_without_its_citations_shows_the_same_sources(seeded, django_assert_num_queries):
    three_way = Agreement.objects.get(slug="milton-keynes-yinchuan-zte-three-way-agreement")
    source = (
        "{% load sources %}{% sources agreement %}{% sources agreement 'signing_citations' %}"
        "{% for party in agreement.parties.all %}{% sources party %}{% endfor %}"
    )
    plain = render(source, agreement=three_way)
    prefetched = Agreement.objects.with_related().prefetch_related(*prefetch_unsourced("")).get(pk=three_way.pk)
    with django_assert_num_queries(0):  # the prefetched lists (passages, unsourced facts) are what the tag reads
        assert render(source, agreement=prefetched) == plain
    cited = three_way.citations.count() + three_way.signing_citations.count()
    cited += sum(party.citations.count() for party in three_way.parties.all())
    assert plain.count("<blockquote") == cited > 2


def test_an_announcements_publication_sources_come_from_its_prefetch(seeded, django_assert_num_queries):
    announcement = Announcement.objects.with_related().filter(publication_citations__isnull=False).first()
    with django_assert_num_queries(0):
        page = render('{% load sources %}{% sources announcement "publication_citations" %}', announcement=announcement)
    assert page.count("<blockquote") == announcement.publication_citations.count() > 0
