"""The agreement browser's downloads: every agreement matching a filter, as CSV, JSON or an Atom feed."""

import csv
import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .filters import AgreementFilter
from .models import Agreement
from .serializers import AgreementSerializer

FEED_SIZE = 50
CSV_COLUMNS = [
    "title",
    "slug",
    "url",
    "kind",
    "status",
    "signed",
    "signed_iso",
    "signed_edtf",
    "signed_in",
    "signatories",
    "implementers",
    "locations",
    "topics",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def browser_filters(request):
    """The agreement browser's filters as the request sets them."""
    return AgreementFilter(request.GET, queryset=Agreement.objects.with_related())


def bad_filters(filterset):
    """400, naming each filter that could not be used and why."""
    problems = "\n".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
    return HttpResponseBadRequest(
        f"Some filters could not be used:\n{problems}\n", content_type="text/plain; charset=utf-8"
    )


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _names(agreement, role):
    return "; ".join(str(party.organization or party.city) for party in agreement.parties.all() if party.role == role)


def csv_row(agreement, request):
    signed = agreement.signed
    return {
        "title": agreement.title,
        "slug": agreement.slug,
        "url": request.build_absolute_uri(agreement.get_absolute_url()),
        "kind": agreement.get_kind_display(),
        "status": agreement.get_status_display(),
        "signed": str(signed) if signed.is_known else "",
        "signed_iso": signed.iso() or "",
        "signed_edtf": signed.edtf() or "",
        "signed_in": agreement.signed_in.name if agreement.signed_in else "",
        "signatories": _names(agreement, "signatory"),
        "implementers": _names(agreement, "implementer"),
        "locations": _names(agreement, "location"),
        "topics": "; ".join(topic.name for topic in agreement.topics.all()),
    }


def agreements_csv(request):
    filterset = browser_filters(request)
    if not filterset.is_valid():
        return bad_filters(filterset)
    agreements = filterset.qs
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="citykb-agreements.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for agreement in agreements:
        writer.writerow({key: _cell(value) for key, value in csv_row(agreement, request).items()})
    return response


def agreements_json(request):
    filterset = browser_filters(request)
    if not filterset.is_valid():
        return bad_filters(filterset)
    agreements = list(filterset.qs)
    results = AgreementSerializer(agreements, many=True, context={"request": request}).data
    response = JsonResponse({"count": len(agreements), "results": results})
    response["Content-Disposition"] = 'attachment; filename="citykb-agreements.json"'
    return response


class AgreementFeed(Feed):
    """Atom feed of the latest agreements a filter selects, e.g. /agreements/feed/?party=zte&country=UK."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        filterset = browser_filters(request)
        if not filterset.is_valid():
            return bad_filters(filterset)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        filterset = browser_filters(request)
        filterset.is_valid()  # checked in __call__; this reads the values
        filterset.query_string = request.GET.urlencode()
        return filterset

    def title(self, filterset):
        chosen = [
            f"{filterset.form.fields[name].label.lower()} {value}"
            for name, value in filterset.form.cleaned_data.items()
            if value not in (None, "") and name != "sort"
        ]
        return "CityKB agreements" + (f": {', '.join(chosen)}" if chosen else "")

    def subtitle(self, filterset):
        return "Agreements matching these filters, latest signing first."

    def link(self, filterset):
        return f"{reverse('agreements:agreement_list')}?{filterset.query_string}"

    def items(self, filterset):
        return filterset.qs.latest_first()[:FEED_SIZE]  # a feed follows what is new, whatever the page's sort

    def item_title(self, agreement):
        return agreement.title

    def item_description(self, agreement):
        return agreement.summary

    def item_pubdate(self, agreement):
        start = agreement.signed.start
        return datetime.datetime.combine(start, datetime.time(), tzinfo=datetime.UTC) if start else None

    item_updateddate = item_pubdate
