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

from .models import Affiliation, City, MergedSlug, Organization, Person

PAGE_SIZE = 50
# A record's page lists this many of each kind of related record; the agreement browser has all of them.
LISTED = 20


def first(queryset, count=LISTED):
    """(the first `count` rows, whether there are more) in one query."""
    rows = list(queryset[: count + 1])
    return rows[:count], len(rows) > count


def latest_agreements_first(roles):
    return roles.order_by(F("agreement__signed_start").desc(nulls_last=True), "agreement__title")


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
        agreement_roles, _more = first(
            latest_agreements_first(roles).prefetch_related(*prefetch_citations("citations"))
        )
        agreements_signed_here, _more = first(signed_here)
        organizations, more_organizations = first(city.organizations.all())
        affiliations, more_people = first(
            city.affiliations.select_related("person").prefetch_related(*prefetch_citations("citations"))
        )
        announcements, more_announcements = first(Announcement.objects.mentioning(city).by_date())
        return super().get_context_data(
            districts=city.districts.all(),
            agreement_roles=agreement_roles,
            agreements_signed_here=agreements_signed_here,
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
        agreement_roles, _more = first(
            latest_agreements_first(roles).prefetch_related(*prefetch_citations("citations"))
        )
        affiliations, more_people = first(
            organization.affiliations.select_related("person").prefetch_related(*prefetch_citations("citations"))
        )
        announcements, more_announcements = first(Announcement.objects.mentioning(organization).by_date())
        return super().get_context_data(
            units=organization.units.all(),
            partners=organization.partners(limit=LISTED),
            agreement_roles=agreement_roles,
            agreement_count=Agreement.objects.involving(organization).count(),
            browse_agreements=f"{reverse('agreements:agreement_list')}?{urlencode({'party': organization.slug})}",
            affiliations=affiliations,
            more_people=more_people,
            event_roles=organization.event_roles.select_related("event").prefetch_related(
                *prefetch_citations("citations")
            ),
            initiative_roles=organization.initiative_roles.select_related("initiative").prefetch_related(
                *prefetch_citations("citations")
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
            signing_attendances=SigningAttendance.objects.filter(person=person)
            .select_related("agreement")
            .prefetch_related(*prefetch_citations("citations")),
            event_roles=EventRole.objects.filter(person=person)
            .select_related("event")
            .prefetch_related(*prefetch_citations("citations")),
            announcements=announcements,
            more_announcements=more_announcements,
            graph=neighbourhood(person),
            **kwargs,
        )
