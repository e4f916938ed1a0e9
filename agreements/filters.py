"""Filters shared by the API and the list pages; bad values fail validation, never the query."""

import django_filters
from django.db.models import Q

from partners.filters import SlugChoiceFilter, YearFilter
from partners.models import City, Organization

from .models import Agreement, Announcement, Event, Initiative, Topic


class AgreementFilter(django_filters.FilterSet):
    party = SlugChoiceFilter(
        queryset=Organization.objects.all(),
        method="filter_party",
        label="Organization taking part",
    )
    city = SlugChoiceFilter(queryset=City.objects.all(), method="filter_city", label="City")
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Agreement.Status.choices)
    topic = SlugChoiceFilter(queryset=Topic.objects.all(), field_name="topics")
    signed_from = YearFilter(field_name="signed_start", lookup_expr="year__gte", label="Signed in or after year")
    signed_to = YearFilter(field_name="signed_start", lookup_expr="year__lte", label="Signed in or before year")

    class Meta:
        model = Agreement
        fields = ["party", "city", "kind", "status", "topic", "signed_from", "signed_to"]

    def filter_party(self, queryset, name, organization):
        return queryset.filter(parties__organization=organization).distinct()

    def filter_city(self, queryset, name, city):
        return queryset.filter(Q(parties__city=city) | Q(signed_in=city)).distinct()


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
