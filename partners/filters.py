"""Filters of the city, organization and people lists and API."""

import django_filters

from citykb.core.filters import SlugChoiceFilter

from .models import City, Organization, Person


class CityFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(lookup_expr="iexact")
    parent = SlugChoiceFilter(queryset=City.objects.all(), label="Part of city")

    class Meta:
        model = City
        fields = ["country", "parent"]


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    country = django_filters.CharFilter(lookup_expr="iexact")
    city = SlugChoiceFilter(queryset=City.objects.all(), label="Home city")
    parent = SlugChoiceFilter(queryset=Organization.objects.all(), label="Part of organization")

    class Meta:
        model = Organization
        fields = ["kind", "country", "city", "parent"]


class PersonFilter(django_filters.FilterSet):
    organization = SlugChoiceFilter(
        queryset=Organization.objects.all(), field_name="affiliations__organization", distinct=True
    )
    city = SlugChoiceFilter(queryset=City.objects.all(), field_name="affiliations__city", distinct=True)

    class Meta:
        model = Person
        fields = ["organization", "city"]
