"""The search results page and its Atom feed."""

import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode

from .forms import SearchForm
from .indexing import SearchUnavailable
from .query import QueryRefused
from .searching import run_search

FEED_SIZE = 20
FACET_LABELS = {"type": "Type", "city": "City", "org": "Organization", "topic": "Topic", "year": "Year"}


def results(request):
    form = SearchForm(request.GET)
    context = {"form": form, "page": None, "error": None, "filters": [], "facets": []}
    status, retry_after = 200, None
    if form.is_valid() and form.has_search:
        try:
            page = run_search(form.cleaned_data["q"], form.options())
        except QueryRefused as error:
            context["error"] = str(error)
        except SearchUnavailable as error:
            context["error"] = str(error)
            status, retry_after = 503, error.retry_after
        else:
            context["page"] = page
            context["filters"] = [
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "value": value,
                    "without": _without(request.GET, name, value),
                }
                for name, values in page.options.filters.items()
                for value in values
            ]
            context["facets"] = [
                {
                    "label": FACET_LABELS[facet],
                    "buckets": [
                        {"label": label, "count": count, "narrowed": _narrowed(request.GET, facet, value)}
                        for value, label, count in buckets
                    ],
                }
                for facet, buckets in page.facets.items()
            ]
    response = render(request, "search/results.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _narrowed(params, name, value):
    """The query string with one more filter value, back on page 1."""
    narrowed = params.copy()
    narrowed.pop("page", None)
    if value not in narrowed.getlist(name):
        narrowed.appendlist(name, value)
    return narrowed.urlencode()


def _without(params, name, value):
    """The query string without one filter value, back on page 1."""
    rest = params.copy()
    rest.pop("page", None)
    rest.setlist(name, [item for item in rest.getlist(name) if item != value])
    return rest.urlencode()


class SearchFeed(Feed):
    """Atom feed of the newest dated records matching a search, e.g. /search/feed/?q=ZTE+5G."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except SearchUnavailable as error:
            response = HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(error.retry_after)
            return response

    def get_object(self, request):
        form = SearchForm(request.GET)
        if not form.is_valid() or not form.has_search:
            raise BadRequest("A feed needs a valid search, e.g. ?q=ZTE+5G.")
        options = form.options(page_size=FEED_SIZE)
        options.sort = "date"
        options.page = 1
        try:
            page = run_search(form.cleaned_data["q"], options)
        except QueryRefused as error:
            raise BadRequest(str(error)) from error
        # Its link carries the search's own parameters only, like the results page's address.
        page.query_string = urlencode(
            {k: v for k, v in request.GET.lists() if k in SearchForm.base_fields and k != "page"}, doseq=True
        )
        return page

    def title(self, page):
        return f"CityKB: {page.parsed.text or 'search'}"

    def subtitle(self, page):
        return f"The newest records matching “{page.parsed.text}”."

    def link(self, page):
        return f"{reverse('search:results')}?{page.query_string}"

    def items(self, page):
        # A feed follows what happens: records with a date (announcements, agreements, events, initiatives).
        return [hit for hit in page.results.hits if hit.date]

    def item_title(self, hit):
        return f"{hit.title} ({hit.type})"

    def item_description(self, hit):
        # Atom summaries are HTML: escape the text so readers show it as text.
        return escape("".join(text for text, _marked in hit.snippet))

    def item_link(self, hit):
        return hit.url

    def item_pubdate(self, hit):
        return datetime.datetime.combine(hit.date, datetime.time(), tzinfo=datetime.UTC)

    item_updateddate = item_pubdate

    def item_guid(self, hit):
        return hit.key

    item_guid_is_permalink = False
