"""Read-only API representations of cities, organizations and people."""

from rest_framework import serializers

from agreements.serializers import StatedFigureSerializer
from citykb.core.serializers import CitationSerializer, EntitySerializer, RecordLinkField

from .models import Affiliation, City, Organization, Person


class CitySerializer(EntitySerializer):
    parent = RecordLinkField(help_text="The larger city this district belongs to.")
    population = StatedFigureSerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = City
        fields = ["name", "slug", "aliases", "url", "country", "parent", "population", "description", "citations"]


class OrganizationSerializer(EntitySerializer):
    city = RecordLinkField(help_text="Home city.")
    parent = RecordLinkField(help_text="The organization this one is part of.")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Organization
        fields = [
            "name",
            "slug",
            "aliases",
            "url",
            "kind",
            "country",
            "city",
            "parent",
            "website",
            "description",
            "citations",
        ]


class AffiliationSerializer(serializers.ModelSerializer):
    organization = RecordLinkField()
    city = RecordLinkField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Affiliation
        fields = ["organization", "city", "title", "citations"]


class PersonSerializer(EntitySerializer):
    affiliations = AffiliationSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["name", "slug", "aliases", "url", "description", "affiliations", "citations"]
