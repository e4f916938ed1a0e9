"""Fields every app's API representations share: dates, links to records, citations, a record's page."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .citations import citations_of
from .kinds import kind_of

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
class FuzzyDateField(serializers.ReadOnlyField):
    """A FuzzyDate with its precision, its bounds and its ISO 8601 and EDTF forms."""

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
class RecordLinkField(serializers.ReadOnlyField):
    """A linked record: its type, name, slug and HTML page."""

    def to_representation(self, record):
        return {
            "type": kind_of(record).name,
            "name": str(record),
            "slug": record.slug,
            "url": page_url(self.parent, record),
        }


class CitationListSerializer(serializers.ListSerializer):
    """A record's citations at the field its source names (a field of the record itself, not a path or
    "*"), as prefetch_citations fetched them."""

    def get_attribute(self, instance):
        return citations_of(instance, self.source)


class CitationSerializer(serializers.Serializer):
    """A passage of an announcement that states a fact (agreements.Citation)."""

    announcement = serializers.CharField(source="announcement.slug", read_only=True, help_text="Its slug.")
    start = serializers.IntegerField(
        read_only=True, min_value=0, help_text="Offset of the first character of the passage in the body."
    )
    end = serializers.IntegerField(
        read_only=True, min_value=0, help_text="Offset just past the last character of the passage."
    )
    quote = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The announcement's page, scrolled to the passage.")

    class Meta:
        list_serializer_class = CitationListSerializer

    def get_url(self, citation) -> str:
        return page_url(self, citation)


class EntitySerializer(serializers.ModelSerializer):
    """Fields every record has: slug, aliases and its HTML page."""

    aliases = serializers.ListField(source="alias_names", child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField(help_text="The record's HTML page.")

    def get_url(self, record) -> str:
        return page_url(self, record)
