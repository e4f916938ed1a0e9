"""The agreement browser's downloads: every agreement matching a filter, as CSV, JSON or an Atom feed."""

import csv
import datetime
import json
from collections import defaultdict
from itertools import chain

from django.contrib.syndication.views import Feed
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode

from citykb.core.cells import spreadsheet_cell
from citykb.core.dates import FuzzyDate
from citykb.core.filters import CONTROL_CHARACTERS

from .filters import AgreementFilter
from .models import Agreement, AgreementParty
from .serializers import AgreementSerializer

FEED_SIZE = 50
# Agreements read, serialized and sent at a time by the JSON export: a worker holds one chunk, whatever the total.
EXPORT_CHUNK = 200
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


def browser_filters(request):
    """The agreement browser's filters as the request sets them."""
    return AgreementFilter(request.GET, queryset=Agreement.objects.with_related())


def bad_filters(filterset):
    """400, naming each filter that could not be used and why."""
    problems = "\n".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
    return HttpResponseBadRequest(
        f"Some filters could not be used:\n{problems}\n", content_type="text/plain; charset=utf-8"
    )


def _party_names(agreements):
    """{agreement id: {role: "name; name"}} for the agreements, in one query."""
    parties = AgreementParty.objects.filter(agreement__in=agreements.order_by().values("id"))
    names = defaultdict(lambda: defaultdict(list))
    for agreement_id, role, organization, city in parties.values_list(
        "agreement_id", "role", "organization__name", "city__name"
    ):
        names[agreement_id][role].append(organization or city)
    return names


def _topic_names(agreements):
    topics = Agreement.topics.through.objects.filter(agreement__in=agreements.order_by().values("id"))
    names = defaultdict(list)
    for agreement_id, name in topics.order_by("topic__name").values_list("agreement_id", "topic__name"):
        names[agreement_id].append(name)
    return names


def csv_rows(agreements, request):
    """One dict per agreement, read as plain values in three queries (no model objects: an export
    of every agreement stays quick and small)."""
    parties, topics = _party_names(agreements), _topic_names(agreements)
    kinds, statuses = dict(Agreement.Kind.choices), dict(Agreement.Status.choices)
    # Every agreement's address is this one with its own slug.
    address = request.build_absolute_uri(reverse("agreements:agreement_detail", args=["-"]))
    columns = ("id", "title", "slug", "kind", "status", "signed_start", "signed_precision", "signed_approximate")
    for row in agreements.values(*columns, "signed_in__name").iterator(chunk_size=2000):
        signed = FuzzyDate(row["signed_start"], row["signed_precision"], row["signed_approximate"])
        names = parties[row["id"]]
        yield {
            "title": row["title"],
            "slug": row["slug"],
            "url": address.replace("/-/", f"/{row['slug']}/"),
            "kind": kinds.get(row["kind"], row["kind"]),
            "status": statuses.get(row["status"], row["status"]),
            "signed": str(signed) if signed.is_known else "",
            "signed_iso": signed.iso() or "",
            "signed_edtf": signed.edtf() or "",
            "signed_in": row["signed_in__name"] or "",
            "signatories": "; ".join(names["signatory"]),
            "implementers": "; ".join(names["implementer"]),
            "locations": "; ".join(names["location"]),
            "topics": "; ".join(topics[row["id"]]),
        }


class _Lines:
    """A file-like object whose write() hands back the line, for csv.writer to feed a stream."""

    def write(self, line):
        return line


def agreements_csv(request):
    filterset = browser_filters(request)
    if not filterset.is_valid():
        return bad_filters(filterset)
    writer = csv.DictWriter(_Lines(), fieldnames=CSV_COLUMNS)
    lines = (
        writer.writerow({key: spreadsheet_cell(value) for key, value in row.items()})
        for row in csv_rows(filterset.qs, request)
    )
    response = StreamingHttpResponse(chain([writer.writeheader()], lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="citykb-agreements.csv"'
    return response


def json_pieces(agreements, request):
    """{"count": n, "results": [...]} as the API represents each agreement, in pieces of EXPORT_CHUNK agreements:
    the ids (in the filter's order) are read first, then each chunk with its related rows."""
    ids = list(agreements.values_list("id", flat=True))
    yield f'{{"count": {len(ids)}, "results": ['
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[start : start + EXPORT_CHUNK]
        by_id = {agreement.id: agreement for agreement in Agreement.objects.with_related().filter(id__in=chunk)}
        data = AgreementSerializer(
            [by_id[id_] for id_ in chunk if id_ in by_id], many=True, context={"request": request}
        ).data
        items = ", ".join(json.dumps(item, cls=DjangoJSONEncoder) for item in data)
        yield (", " if start else "") + items
    yield "]}"


def agreements_json(request):
    filterset = browser_filters(request)
    if not filterset.is_valid():
        return bad_filters(filterset)
    response = StreamingHttpResponse(json_pieces(filterset.qs, request), content_type="application/json")
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
        # Its link carries the filters only, like the agreement list's own address.
        filterset.query_string = urlencode(
            [(k, v) for k, values in request.GET.lists() if k in filterset.filters for v in values]
        )
        return filterset

    def title(self, filterset):
        chosen = [
            f"{(filterset.form.fields[name].label or name).lower()} {value}"
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
        return CONTROL_CHARACTERS.sub("", agreement.title)  # XML cannot carry them; a title stored elsewise may

    def item_description(self, agreement):
        return CONTROL_CHARACTERS.sub("", agreement.summary)

    def item_pubdate(self, agreement):
        start = agreement.signed.start
        return datetime.datetime.combine(start, datetime.time(), tzinfo=datetime.UTC) if start else None

    item_updateddate = item_pubdate
