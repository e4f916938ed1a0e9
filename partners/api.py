"""Read-only JSON API for cities, organizations and people."""

from django.http import Http404, HttpResponsePermanentRedirect
from rest_framework import viewsets

from citykb.core.caching import CachedAnswersMixin

from .filters import CityFilter, OrganizationFilter, PersonFilter
from .models import City, MergedSlug, Organization, Person
from .serializers import CitySerializer, OrganizationSerializer, PersonSerializer


class MergedRecordApiRedirectMixin:
    """The record of one merged into another answers with a permanent redirect to the survivor's."""

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            survivor = MergedSlug.objects.survivor_of(self.queryset.model, kwargs["slug"])
            if survivor is None:
                raise
            return HttpResponsePermanentRedirect(self.reverse_action("detail", kwargs={"slug": survivor.slug}))


class CityViewSet(CachedAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    """Cities and districts: country, the city a district belongs to, population where a source states it."""

    queryset = City.objects.with_related()
    serializer_class = CitySerializer
    filterset_class = CityFilter
    lookup_field = "slug"


class OrganizationViewSet(CachedAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    """Organizations: companies, government bodies, universities, associations and missions."""

    queryset = Organization.objects.with_related()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"


class PersonViewSet(CachedAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    """People, with their positions at organizations and in cities, as the announcements state them."""

    queryset = Person.objects.with_related()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"
