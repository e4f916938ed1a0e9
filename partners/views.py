"""Pages for cities, organizations and people."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from agreements.models import (
    AgreementParty,
    Announcement,
    EventRole,
    SigningAttendance,
    prefetch_citations,
)
from agreements.network import neighbourhood

from .models import Affiliation, City, Organization, Person

PAGE_SIZE = 50


class CityListView(ListView):
    queryset = City.objects.select_related("parent").prefetch_related("aliases")
    paginate_by = PAGE_SIZE


class CityDetailView(DetailView):
    queryset = City.objects.with_related()

    def get_context_data(self, **kwargs):
        city = self.object
        return super().get_context_data(
            districts=city.districts.all(),
            agreement_roles=AgreementParty.objects.filter(city=city)
            .select_related("agreement")
            .prefetch_related(*prefetch_citations("citations")),
            agreements_signed_here=city.agreements_signed_here.prefetch_related(
                *prefetch_citations("signing_citations")
            ),
            organizations=city.organizations.all(),
            events=city.events.all(),
            initiatives=city.initiatives.all(),
            affiliations=city.affiliations.select_related("person").prefetch_related(*prefetch_citations("citations")),
            announcements=Announcement.objects.mentioning(city),
            graph=neighbourhood(city),
            **kwargs,
        )


class OrganizationListView(ListView):
    queryset = Organization.objects.select_related("city").prefetch_related("aliases")
    paginate_by = PAGE_SIZE


class OrganizationDetailView(DetailView):
    queryset = Organization.objects.with_related()

    def get_context_data(self, **kwargs):
        organization = self.object
        return super().get_context_data(
            units=organization.units.all(),
            partners=organization.partners(),
            agreement_roles=organization.agreement_roles.select_related("agreement").prefetch_related(
                *prefetch_citations("citations")
            ),
            affiliations=organization.affiliations.select_related("person").prefetch_related(
                *prefetch_citations("citations")
            ),
            event_roles=organization.event_roles.select_related("event").prefetch_related(
                *prefetch_citations("citations")
            ),
            initiative_roles=organization.initiative_roles.select_related("initiative").prefetch_related(
                *prefetch_citations("citations")
            ),
            announcements=Announcement.objects.mentioning(organization),
            graph=neighbourhood(organization),
            **kwargs,
        )


class PersonListView(ListView):
    queryset = Person.objects.prefetch_related(
        "aliases", Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization", "city"))
    )
    paginate_by = PAGE_SIZE


class PersonDetailView(DetailView):
    queryset = Person.objects.with_related()

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            signing_attendances=SigningAttendance.objects.filter(person=person)
            .select_related("agreement")
            .prefetch_related(*prefetch_citations("citations")),
            event_roles=EventRole.objects.filter(person=person)
            .select_related("event")
            .prefetch_related(*prefetch_citations("citations")),
            announcements=Announcement.objects.mentioning(person),
            graph=neighbourhood(person),
            **kwargs,
        )
