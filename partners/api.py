"""Read-only JSON API for cities, organizations and people."""

from rest_framework import viewsets

from .filters import CityFilter, OrganizationFilter, PersonFilter
from .models import City, Organization, Person
from .serializers import CitySerializer, OrganizationSerializer, PersonSerializer


class CityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = City.objects.with_related()
    serializer_class = CitySerializer
    filterset_class = CityFilter
    lookup_field = "slug"


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organization.objects.with_related()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.with_related()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"
