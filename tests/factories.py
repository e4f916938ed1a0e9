"""Factories for records beyond the seed data, e.g. hundreds of agreements for query-count tests."""

import datetime

import factory
from django.test import override_settings

from agreements.models import (
    Agreement,
    AgreementParty,
    Announcement,
    Event,
    EventRole,
    Initiative,
    InitiativeRole,
    ScopeItem,
    SigningAttendance,
    StatedFigure,
    Topic,
)
from citykb.core.signals import bulk_changes
from partners.models import Affiliation, City, Organization, Person

BODY = "{name} and its partners have signed an agreement in {city}. {person} attended the signing."


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"Announcement {n}")
    slug = factory.Sequence(lambda n: f"announcement-{n}")
    body = factory.Sequence(lambda n: BODY.format(name=f"Company {n}", city=f"City {n}", person=f"Person {n}"))


def citation_of(announcement, quote):
    citation = announcement.cite(quote)
    citation.save()
    return citation


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "Testland"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    kind = Organization.Kind.COMPANY
    city = factory.SubFactory(CityFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Agreement {n}")
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    kind = Agreement.Kind.MOU
    signed_start = factory.Sequence(lambda n: datetime.date(2000 + n % 20, n % 12 + 1, 1))
    signed_precision = "month"


def build_agreement_world(count):
    """`count` agreements, each with its announcement, citations, parties, people, event and initiative.

    Every relation a list page or endpoint shows has rows, so a query per row
    would show up as a query count that grows with `count`. Built as a bulk
    change, as fixtures load: working out each save's search documents would
    take most of the time. Without edit history, too: the world stands in for data, it was never edited.
    """
    with bulk_changes(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        _build_agreement_world(count)


def _build_agreement_world(count):
    topic = TopicFactory()
    for _ in range(count):
        organization = OrganizationFactory()
        city = organization.city
        person = PersonFactory()
        announcement = AnnouncementFactory(body=BODY.format(name=organization.name, city=city.name, person=person.name))
        person.aliases.create(name=f"{person.name} alias")
        organization.aliases.create(name=f"{organization.name} alias")
        city.aliases.create(name=f"{city.name} alias")
        signing = citation_of(announcement, f"signed an agreement in {city.name}")
        attended = citation_of(announcement, f"{person.name} attended the signing.")
        named = citation_of(announcement, organization.name)
        for record in (organization, city, person):
            record.citations.add(named)
        affiliation = Affiliation.objects.create(person=person, organization=organization, title="Director")
        affiliation.citations.add(attended)

        agreement = AgreementFactory(signed_in=city)
        agreement.topics.add(topic)
        agreement.aliases.create(name=f"{agreement.title} alias")
        agreement.citations.add(signing)
        agreement.signing_citations.add(signing)
        for role, party in [("signatory", {"organization": organization}), ("location", {"city": city})]:
            AgreementParty.objects.create(agreement=agreement, role=role, **party).citations.add(signing)
        ScopeItem.objects.create(agreement=agreement, position=1, description="Work together").citations.add(signing)
        SigningAttendance.objects.create(agreement=agreement, person=person, role="attendee").citations.add(attended)

        event = Event.objects.create(name=f"Event for {agreement.title}", slug=f"event-{agreement.slug}", city=city)
        event.held = agreement.signed
        event.save()
        event.citations.add(signing)
        event.topics.add(topic)
        EventRole.objects.create(event=event, organization=organization, role="partner").citations.add(named)
        StatedFigure.objects.create(
            slug=f"figure-{agreement.slug}", event=event, measure="speakers", quantity=10, as_stated="10 speakers"
        ).citations.add(named)

        initiative = Initiative.objects.create(
            name=f"Project of {organization.name}", slug=f"project-{organization.slug}"
        )
        initiative.citations.add(named)
        InitiativeRole.objects.create(initiative=initiative, organization=organization, role="lead").citations.add(
            named
        )
