"""Pages for the home page, agreements, announcements, events and initiatives."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from citykb.core.citations import prefetch_citations, prefetch_unsourced
from citykb.core.roles import by_record
from partners.models import City, Organization, Person
from partners.views import MergedRecordRedirectMixin

from .facets import agreement_facets
from .filters import AgreementFilter
from .mentions import mentions_in
from .models import Agreement, Announcement, Event, Initiative
from .network import neighbourhood, whole_network
from .passages import citations_with_facts, facts_of, in_context
from .timeline import TimelineForm, by_year, timeline_entries

PAGE_SIZE = 50
TIMELINE_PAGE_SIZE = 200
LATEST_AGREEMENTS = 5


def home(request):
    counts = {
        "agreements": Agreement.objects.count(),
        "organizations": Organization.objects.count(),
        "cities": City.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "initiatives": Initiative.objects.count(),
        "announcements": Announcement.objects.count(),
    }
    latest = Agreement.objects.for_listing().latest_first()[:LATEST_AGREEMENTS]
    return render(request, "agreements/home.html", {"counts": counts, "latest_agreements": latest})


class AgreementListView(FilterView):
    queryset = Agreement.objects.for_listing()
    filterset_class = AgreementFilter
    paginate_by = PAGE_SIZE
    template_name = "agreements/agreement_list.html"

    def render_to_response(self, context, **response_kwargs):
        # A filter value that cannot be used: the page says which (the form's errors), with status 400.
        if self.filterset.is_bound and not self.filterset.is_valid():
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        valid = not self.filterset.is_bound or self.filterset.is_valid()
        return super().get_context_data(
            facets=agreement_facets(self.filterset) if valid else [],
            query_string=self.request.GET.urlencode() if valid else "",
            **kwargs,
        )


def timeline(request):
    form = TimelineForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = timeline_entries(chosen.get("city"), chosen.get("organization"))
    page = Paginator(entries, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "years": by_year(page.object_list),
        "count": len(entries),
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
    }
    return render(request, "agreements/timeline.html", context, status=400 if form.errors else 200)


def network(request):
    return render(request, "agreements/network.html", {"graph": whole_network()})


def passage(request, slug, start, end):
    """The permalink of a cited passage ("cite this")."""
    citation = get_object_or_404(citations_with_facts(), announcement__slug=slug, start=start, end=end)
    before, quote, after = in_context(citation)
    context = {"citation": citation, "before": before, "quote": quote, "after": after, "facts": facts_of(citation)}
    return render(request, "agreements/passage.html", context)


class AgreementDetailView(DetailView):
    queryset = Agreement.objects.with_related().prefetch_related(*prefetch_unsourced(""))

    def get_context_data(self, **kwargs):
        agreement = self.object
        return super().get_context_data(
            parties=by_record(agreement.parties.all(), "party"),
            signings=by_record(agreement.signing_attendances.all(), "person"),
            graph=neighbourhood(agreement),
            **kwargs,
        )


class AnnouncementListView(ListView):
    queryset = Announcement.objects.by_date()
    paginate_by = PAGE_SIZE


class AnnouncementDetailView(DetailView):
    queryset = Announcement.objects.with_related()

    def get_context_data(self, **kwargs):
        citations = list(self.object.citations.all())
        mentions = mentions_in(self.object.body)
        return super().get_context_data(
            segments=self.object.segments(citations, mentions),
            citation_count=len(citations),
            mention_count=len(mentions),
            **kwargs,
        )


class EventListView(ListView):
    queryset = Event.objects.select_related("city").prefetch_related("aliases").by_date()
    paginate_by = PAGE_SIZE


class EventDetailView(MergedRecordRedirectMixin, DetailView):
    queryset = Event.objects.with_related().prefetch_related(*prefetch_unsourced(""))

    def get_context_data(self, **kwargs):
        agreements = self.object.agreements_signed.prefetch_related(
            *prefetch_citations("signing_citations"), *prefetch_unsourced("")
        )
        return super().get_context_data(
            agreements_signed=agreements, roles=by_record(self.object.roles.all(), "participant"), **kwargs
        )


class InitiativeListView(ListView):
    queryset = Initiative.objects.select_related("city").prefetch_related("aliases")
    paginate_by = PAGE_SIZE


class InitiativeDetailView(MergedRecordRedirectMixin, DetailView):
    queryset = Initiative.objects.with_related().prefetch_related(*prefetch_unsourced(""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(roles=by_record(self.object.roles.all(), "organization"), **kwargs)
