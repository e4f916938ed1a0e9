"""Read-only API representations of announcements, agreements, events and initiatives."""

from rest_framework import serializers

from citykb.core.serializers import (
    CitationSerializer,
    EntitySerializer,
    FuzzyDateField,
    RecordLinkField,
    page_url,
)

from .models import (
    Agreement,
    AgreementParty,
    Announcement,
    Event,
    EventRole,
    Initiative,
    InitiativeRole,
    ScopeItem,
    SigningAttendance,
    StatedFigure,
)


class AnnouncementSerializer(EntitySerializer):
    published = FuzzyDateField()
    publication_citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Announcement
        fields = [
            "title",
            "slug",
            "aliases",
            "url",
            "author",
            "publisher",
            "published",
            "publication_citations",
            "source_file",
            "body",
        ]


class PartySerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    name = serializers.CharField(source="party.name", read_only=True)
    slug = serializers.CharField(source="party.slug", read_only=True)
    url = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["type", "name", "slug", "url", "role", "described_as", "citations"]

    def get_type(self, party) -> str:
        return party.party._meta.model_name

    def get_url(self, party) -> str:
        return page_url(self, party.party)


class ScopeItemSerializer(serializers.ModelSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = ScopeItem
        fields = ["position", "description", "citations"]


class SigningAttendanceSerializer(serializers.ModelSerializer):
    person = RecordLinkField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = SigningAttendance
        fields = ["person", "role", "citations"]


class AgreementSerializer(EntitySerializer):
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    signed = FuzzyDateField()
    signed_in = RecordLinkField()
    signed_at_event = RecordLinkField()
    parties = PartySerializer(many=True, read_only=True)
    scope_items = ScopeItemSerializer(many=True, read_only=True)
    signing_attendances = SigningAttendanceSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    signing_citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "title",
            "slug",
            "aliases",
            "url",
            "kind",
            "described_as",
            "status",
            "summary",
            "topics",
            "parties",
            "scope_items",
            "signed",
            "signed_in",
            "signed_at_event",
            "signing_attendances",
            "signing_citations",
            "citations",
        ]


class StatedFigureSerializer(serializers.ModelSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = StatedFigure
        fields = ["slug", "measure", "as_stated", "quantity", "qualifier", "unit", "citations"]


class EventRoleSerializer(serializers.ModelSerializer):
    participant = RecordLinkField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = EventRole
        fields = ["participant", "role", "citations"]


class EventSerializer(EntitySerializer):
    city = RecordLinkField()
    held = FuzzyDateField()
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    roles = EventRoleSerializer(many=True, read_only=True)
    figures = StatedFigureSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "name",
            "slug",
            "aliases",
            "url",
            "city",
            "held",
            "description",
            "topics",
            "roles",
            "figures",
            "citations",
        ]


class InitiativeRoleSerializer(serializers.ModelSerializer):
    organization = RecordLinkField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = InitiativeRole
        fields = ["organization", "role", "citations"]


class InitiativeSerializer(EntitySerializer):
    city = RecordLinkField()
    announced = FuzzyDateField()
    started = FuzzyDateField()
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    roles = InitiativeRoleSerializer(many=True, read_only=True)
    figures = StatedFigureSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "name",
            "slug",
            "aliases",
            "url",
            "kind",
            "city",
            "announced",
            "started",
            "description",
            "topics",
            "roles",
            "figures",
            "citations",
        ]
