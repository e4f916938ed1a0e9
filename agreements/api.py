"""Read-only JSON API for announcements, agreements, events and initiatives."""

from rest_framework import viewsets

from citykb.core.caching import CachedAnswersMixin
from partners.api import MergedRecordApiRedirectMixin

from .filters import AgreementFilter, AnnouncementFilter, EventFilter, InitiativeFilter
from .models import Agreement, Announcement, Event, Initiative
from .serializers import AgreementSerializer, AnnouncementSerializer, EventSerializer, InitiativeSerializer


class AgreementViewSet(CachedAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """Agreements, earliest signed first: parties, scope, signing date, place and people, each with citations."""

    queryset = Agreement.objects.with_related().by_signing_date()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    lookup_field = "slug"


class AnnouncementViewSet(CachedAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """Announcements, newest first, with their full text: the passages every citation points into."""

    queryset = Announcement.objects.with_related().by_date()
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilter
    lookup_field = "slug"


class EventViewSet(CachedAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    """Events such as conferences: where and when, who took part and how, the figures stated about them."""

    queryset = Event.objects.with_related().by_date()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"


class InitiativeViewSet(CachedAnswersMixin, MergedRecordApiRedirectMixin, viewsets.ReadOnlyModelViewSet):
    """Initiatives such as projects, research centres and reports, with who leads or backs them."""

    queryset = Initiative.objects.with_related()
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    lookup_field = "slug"
