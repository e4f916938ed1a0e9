"""Filters shared by the API and the list pages; bad values fail validation, never the query."""

import django_filters
from django.db.models import F

from citykb.core.filters import SlugChoiceFilter, TextFilter, YearFilter
from partners.models import City, Organization

from .models import Agreement, Announcement, Event, Initiative, Topic

SORTS = [("signed", "Signing date, earliest first"), ("title", "Title")]
SORT_ORDERS = {
    # An uncertain date sorts by the earliest day it can be; an unknown one last.
    "signed": (F("signed_start").asc(nulls_last=True), "title"),
    "title": ("title",),
}


class AgreementFilter(django_filters.FilterSet):
    q = TextFilter(method="filter_text", label="Words", max_length=200)
    party = SlugChoiceFilter(
        queryset=Organization.objects.all(),
        method="filter_party",
        label="Organization taking part",
    )
    city = SlugChoiceFilter(queryset=City.objects.all(), method="filter_city", label="City")
    country = TextFilter(method="filter_country", label="Country", max_length=100)
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=Agreement.Status.choices, empty_label="Any status")
    topic = SlugChoiceFilter(queryset=Topic.objects.all(), field_name="topics", label="Topic")
    signed_from = YearFilter(field_name="signed_start", lookup_expr="year__gte", label="Signed in or after year")
    signed_to = YearFilter(field_name="signed_start", lookup_expr="year__lte", label="Signed in or before year")
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="sort_by", label="Sort by", empty_label="Signing date, latest first"
    )

    class Meta:
        model = Agreement
        fields = ["q", "party", "city", "country", "kind", "status", "topic", "signed_from", "signed_to", "sort"]

    def filter_text(self, queryset, name, text):
        return queryset.containing(text)

    def filter_party(self, queryset, name, organization):
        return queryset.involving(organization)

    def filter_city(self, queryset, name, city):
        return queryset.made_in_or_with(city)

    def filter_country(self, queryset, name, country):
        return queryset.in_country(country)

    def sort_by(self, queryset, name, sort):
        return queryset.order_by(*SORT_ORDERS[sort])

    @property
    def qs(self):
        # Latest signing first unless the visitor chose another order.
        queryset = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.latest_first()
        return queryset


class AnnouncementFilter(django_filters.FilterSet):
    year = YearFilter(field_name="published_start", lookup_expr="year", label="Published in year")
    author = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Announcement
        fields = ["year", "author"]


class EventFilter(django_filters.FilterSet):
    city = SlugChoiceFilter(queryset=City.objects.all())
    year = YearFilter(field_name="held_start", lookup_expr="year", label="Held in year")
    topic = SlugChoiceFilter(queryset=Topic.objects.all(), field_name="topics")
    organization = SlugChoiceFilter(
        queryset=Organization.objects.all(), field_name="roles__organization", distinct=True
    )

    class Meta:
        model = Event
        fields = ["city", "year", "topic", "organization"]


class InitiativeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Initiative.Kind.choices)
    city = SlugChoiceFilter(queryset=City.objects.all())
    topic = SlugChoiceFilter(queryset=Topic.objects.all(), field_name="topics")
    organization = SlugChoiceFilter(
        queryset=Organization.objects.all(), field_name="roles__organization", distinct=True
    )

    class Meta:
        model = Initiative
        fields = ["kind", "city", "topic", "organization"]
