"""Filters shared by the API and the list pages; bad values fail validation, never the query."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import City, Organization, Person


class YearFilter(django_filters.NumberFilter):
    """A whole-number year in the range dates can hold (a year lookup on 99999 would crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose a record by slug: ?city=yinchuan."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


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
