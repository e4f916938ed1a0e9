"""Read-only API representations of announcements, agreements, events and initiatives."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Agreement,
    AgreementParty,
    Announcement,
    Citation,
    Event,
    EventRole,
    Initiative,
    InitiativeRole,
    ScopeItem,
    SigningAttendance,
    StatedFigure,
    citations_of,
)

FUZZY_DATE_SCHEMA = {
    "type": "object",
    "properties": {
        "display": {"type": "string", "example": "September 2017"},
        "precision": {"type": "string", "example": "month"},
        "approximate": {"type": "boolean"},
        "earliest": {"type": "string", "format": "date", "nullable": True},
        "latest": {"type": "string", "format": "date", "nullable": True},
        "iso": {"type": "string", "nullable": True, "example": "2017-09"},
        "edtf": {"type": "string", "nullable": True, "example": "2017-09"},
    },
}

RECORD_LINK_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "type": {"type": "string", "example": "organization"},
        "name": {"type": "string"},
        "slug": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
}


def page_url(serializer, record):
    """The absolute URL of a record's HTML page."""
    request = serializer.context.get("request")
    path = record.get_absolute_url()
    return request.build_absolute_uri(path) if request else path


@extend_schema_field(FUZZY_DATE_SCHEMA)
class FuzzyDateField(serializers.Field):
    """A FuzzyDate with its precision, its bounds and its ISO 8601 and EDTF forms."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {
            "display": str(value),
            "precision": value.precision,
            "approximate": value.approximate,
            "earliest": value.start.isoformat() if value.start else None,
            "latest": value.end.isoformat() if value.end else None,
            "iso": value.iso(),
            "edtf": value.edtf(),
        }


@extend_schema_field(RECORD_LINK_SCHEMA)
class RecordLinkField(serializers.Field):
    """A linked record: its type, name, slug and HTML page."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, record):
        return {
            "type": record._meta.model_name,
            "name": str(record),
            "slug": record.slug,
            "url": page_url(self.parent, record),
        }


class CitationListSerializer(serializers.ListSerializer):
    """A record's citations at the field its source names (a field of the record itself, not a path or
    "*"), as prefetch_citations fetched them."""

    def get_attribute(self, instance):
        return citations_of(instance, self.source)


class CitationSerializer(serializers.ModelSerializer):
    announcement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField(help_text="The announcement's page, scrolled to the passage.")

    class Meta:
        model = Citation
        fields = ["announcement", "start", "end", "quote", "url"]
        list_serializer_class = CitationListSerializer

    def get_url(self, citation) -> str:
        return page_url(self, citation)


class EntitySerializer(serializers.ModelSerializer):
    """Fields every record has: slug, aliases and its HTML page."""

    aliases = serializers.ListField(source="alias_names", child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField(help_text="The record's HTML page.")

    def get_url(self, record) -> str:
        return page_url(self, record)


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
