"""Read-only JSON API for announcements, agreements, events and initiatives."""

from rest_framework import viewsets

from partners.api import MergedRecordApiRedirectMixin

from .caching import KeptAnswersMixin
from .filters import AgreementFilter, AnnouncementFilter, EventFilter, InitiativeFilter
from .models import Agreement, Announcement, Event, Initiative
from .serializers import AgreementSerializer, AnnouncementSerializer, EventSerializer, InitiativeSerializer


class AgreementViewSet(KeptAnswersMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Agreement.objects.with_related().by_signing_date()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    lookup_field = "slug"


class AnnouncementViewSet(KeptAnswersMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Announcement.objects.with_related().by_date()
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilter
    lookup_field = "slug"


class EventViewSet(KeptAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Event.objects.with_related().by_date()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"


class InitiativeViewSet(KeptAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Initiative.objects.with_related()
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    lookup_field = "slug"
