"""Pages for cities, organizations and people."""

from urllib.parse import urlencode

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, ListView

from agreements.models import Agreement, AgreementParty, Announcement, EventRole, SigningAttendance
from agreements.network import neighbourhood
from citykb.core.citations import prefetch_citations, prefetch_unsourced
from citykb.core.roles import by_record, with_signed_here

from .models import Affiliation, City, MergedSlug, Organization, Person

PAGE_SIZE = 50
# A record's page lists this many of each kind of related record; the agreement browser has all of them.
LISTED = 20


def first(queryset, count=LISTED):
    """(the first `count` rows, whether there are more) in one query."""
    rows = list(queryset[: count + 1])
    return rows[:count], len(rows) > count


def latest_agreements_first(roles):
    return roles.order_by(F("agreement__signed_start").desc(nulls_last=True), "agreement__title", "agreement_id", "pk")


def in_latest_agreements(roles, count=LISTED):
    """Every one of these roles in the `count` latest of their agreements, latest first: a page lists each
    agreement once with all its roles (by_record), so the limit counts agreements, not roles. One query."""
    latest = (
        Agreement.objects.filter(pk__in=roles.values("agreement_id"))
        .order_by(F("signed_start").desc(nulls_last=True), "title", "pk")
        .values("pk")[:count]
    )
    return latest_agreements_first(roles.filter(agreement__in=latest))


class MergedRecordRedirectMixin:
    """The page of a record merged into another answers with a permanent redirect to the survivor's."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            survivor = MergedSlug.objects.survivor_of(self.get_queryset().model, kwargs["slug"])
            if survivor is None:
                raise
            return redirect(survivor, permanent=True)


class CityListView(ListView):
    queryset = City.objects.select_related("parent").prefetch_related("aliases")
    paginate_by = PAGE_SIZE


class CityDetailView(MergedRecordRedirectMixin, DetailView):
    queryset = City.objects.with_related().prefetch_related(*prefetch_unsourced(""))

    def get_context_data(self, **kwargs):
        city = self.object
        roles = AgreementParty.objects.filter(city=city).select_related("agreement")
        signed_here = city.agreements_signed_here.latest_first().prefetch_related(
            *prefetch_citations("signing_citations"), *prefetch_unsourced("")
        )
        agreement_roles = in_latest_agreements(roles).prefetch_related(*prefetch_citations("citations"))
        agreements_signed_here, _more = first(signed_here)
        organizations, more_organizations = first(city.organizations.all())
        affiliations, more_people = first(
            city.affiliations.select_related("person").prefetch_related(*prefetch_citations("citations"))
        )
        announcements, more_announcements = first(Announcement.objects.mentioning(city).by_date())
        return super().get_context_data(
            districts=city.districts.all(),
            agreements=with_signed_here(by_record(agreement_roles, "agreement"), agreements_signed_here),
            agreement_count=Agreement.objects.made_in_or_with(city).count(),
            browse_agreements=f"{reverse('agreements:agreement_list')}?{urlencode({'city': city.slug})}",
            organizations=organizations,
            more_organizations=more_organizations,
            events=city.events.all(),
            initiatives=city.initiatives.all(),
            affiliations=affiliations,
            more_people=more_people,
            announcements=announcements,
            more_announcements=more_announcements,
            graph=neighbourhood(city),
            **kwargs,
        )


class OrganizationListView(ListView):
    queryset = Organization.objects.select_related("city").prefetch_related("aliases")
    paginate_by = PAGE_SIZE


class OrganizationDetailView(MergedRecordRedirectMixin, DetailView):
    queryset = Organization.objects.with_related().prefetch_related(*prefetch_unsourced(""))

    def get_context_data(self, **kwargs):
        organization = self.object
        roles = organization.agreement_roles.select_related("agreement")
        agreement_roles = in_latest_agreements(roles).prefetch_related(*prefetch_citations("citations"))
        affiliations, more_people = first(
            organization.affiliations.select_related("person").prefetch_related(*prefetch_citations("citations"))
        )
        announcements, more_announcements = first(Announcement.objects.mentioning(organization).by_date())
        return super().get_context_data(
            units=organization.units.all(),
            partners=organization.partners(limit=LISTED),
            agreements=by_record(agreement_roles, "agreement"),
            agreement_count=Agreement.objects.involving(organization).count(),
            browse_agreements=f"{reverse('agreements:agreement_list')}?{urlencode({'party': organization.slug})}",
            affiliations=affiliations,
            more_people=more_people,
            events=by_record(
                organization.event_roles.select_related("event").prefetch_related(*prefetch_citations("citations")),
                "event",
            ),
            initiatives=by_record(
                organization.initiative_roles.select_related("initiative").prefetch_related(
                    *prefetch_citations("citations")
                ),
                "initiative",
            ),
            announcements=announcements,
            more_announcements=more_announcements,
            graph=neighbourhood(organization),
            **kwargs,
        )


class PersonListView(ListView):
    queryset = Person.objects.prefetch_related(
        "aliases", Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization", "city"))
    )
    paginate_by = PAGE_SIZE


class PersonDetailView(MergedRecordRedirectMixin, DetailView):
    queryset = Person.objects.with_related().prefetch_related(*prefetch_unsourced(""))

    def get_context_data(self, **kwargs):
        person = self.object
        announcements, more_announcements = first(Announcement.objects.mentioning(person).by_date())
        return super().get_context_data(
            signings=by_record(
                SigningAttendance.objects.filter(person=person)
                .select_related("agreement")
                .prefetch_related(*prefetch_citations("citations")),
                "agreement",
            ),
            events=by_record(
                EventRole.objects.filter(person=person)
                .select_related("event")
                .prefetch_related(*prefetch_citations("citations")),
                "event",
            ),
            announcements=announcements,
            more_announcements=more_announcements,
            graph=neighbourhood(person),
            **kwargs,
        )
