"""/api/search/: the search as JSON, for integrators."""

from django.utils.html import escape
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .forms import SearchForm
from .indexing import SearchUnavailable
from .query import QueryRefused
from .searching import run_search


def snippet_html(snippet):
    """The snippet as HTML: its text escaped, matched words in <mark>."""
    return "".join(f"<mark>{escape(text)}</mark>" if marked else escape(text) for text, marked in snippet)


FACET_BUCKET = inline_serializer(
    "FacetBucket",
    {"value": serializers.CharField(), "label": serializers.CharField(), "count": serializers.IntegerField()},
)
SEARCH_RESPONSE = inline_serializer(
    "SearchResponse",
    {
        "count": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "results": inline_serializer(
            "SearchHit",
            {
                "type": serializers.CharField(
                    help_text="announcement, agreement, organization, city, person, event or initiative"
                ),
                "title": serializers.CharField(),
                "slug": serializers.CharField(),
                "url": serializers.URLField(),
                "snippet": serializers.CharField(help_text="HTML: the text escaped, matched words in <mark>"),
                "score": serializers.FloatField(),
            },
            many=True,
        ),
        "facets": serializers.DictField(
            child=serializers.ListField(child=FACET_BUCKET), help_text="For each facet, its values with their counts"
        ),
        "suggestion": serializers.CharField(allow_null=True),
        "warnings": serializers.ListField(child=serializers.CharField()),
        "partial": serializers.BooleanField(),
        "estimated": serializers.BooleanField(help_text="count and facet counts are estimates from a sample"),
        "elapsed_ms": serializers.FloatField(),
    },
)
PARAMETERS = [
    OpenApiParameter("q", str, description='The query, e.g. ZTE 5G, "smart city", city:Yinchuan, smart*'),
    OpenApiParameter("type", str, many=True, description="Only records of these types"),
    OpenApiParameter("city", str, many=True, description="Only records linked to this city (slug)"),
    OpenApiParameter("org", str, many=True, description="Only records linked to this organization (slug)"),
    OpenApiParameter("topic", str, many=True, description="Only records about this topic (slug)"),
    OpenApiParameter("year", int, many=True, description="Only records dated in this year"),
    OpenApiParameter("sort", str, enum=["relevance", "date"]),
    OpenApiParameter("page", int),
]


class SearchView(APIView):
    @extend_schema(
        parameters=PARAMETERS,
        responses={
            200: SEARCH_RESPONSE,
            400: inline_serializer("SearchErrors", {"errors": serializers.DictField()}),
            503: inline_serializer("SearchUnavailable", {"detail": serializers.CharField()}),
        },
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return Response({"errors": form.errors.get_json_data()}, status=400)
        if not form.has_search:
            return Response(
                {"errors": {"q": [{"message": "Give a query (q) or a filter.", "code": "required"}]}}, status=400
            )
        try:
            page = run_search(form.cleaned_data["q"], form.options())
        except QueryRefused as error:
            return Response({"errors": {"q": [{"message": str(error), "code": error.code}]}}, status=400)
        except SearchUnavailable as error:
            return Response({"detail": str(error)}, status=503, headers={"Retry-After": str(error.retry_after)})
        return Response(
            {
                "count": page.results.count,
                "page": page.options.page,
                "results": [
                    {
                        "type": hit.type,
                        "title": hit.title,
                        "slug": hit.slug,
                        "url": request.build_absolute_uri(hit.url),
                        "snippet": snippet_html(hit.snippet),
                        "score": hit.score,
                    }
                    for hit in page.results.hits
                ],
                "facets": {
                    facet: [{"value": value, "label": label, "count": count} for value, label, count in buckets]
                    for facet, buckets in page.facets.items()
                },
                "suggestion": page.suggestion,
                "warnings": page.warnings,
                "partial": page.results.partial,
                "estimated": page.results.estimated,
                "elapsed_ms": page.elapsed_ms,
            }
        )
