"""A cited passage on its own page: its words in context and every fact the knowledge base takes from it."""

from dataclasses import dataclass

from django.db.models import Prefetch

from partners.models import Affiliation

from .models import AgreementParty, Citation, EventRole, InitiativeRole, ScopeItem, SigningAttendance, StatedFigure

CONTEXT_CHARS = 240  # of the announcement shown on each side of the passage


@dataclass
class Fact:
    kind: str
    text: str
    url: str


# (relation on Citation, what kind of fact, the record whose page shows it)
FACT_RELATIONS = [
    ("agreements", "Agreement", lambda agreement: agreement),
    ("signed_agreements", "Signing date and place", lambda agreement: agreement),
    ("agreement_parties", "Party to an agreement", lambda party: party.agreement),
    ("scope_items", "Scope of an agreement", lambda item: item.agreement),
    ("signing_attendances", "At a signing", lambda attendance: attendance.agreement),
    ("events", "Event", lambda event: event),
    ("event_roles", "Role at an event", lambda role: role.event),
    ("initiatives", "Initiative", lambda initiative: initiative),
    ("initiative_roles", "Role in an initiative", lambda role: role.initiative),
    ("figures", "Stated figure", lambda figure: figure.event or figure.initiative or figure.city),
    ("organizations", "Organization", lambda organization: organization),
    ("cities", "City", lambda city: city),
    ("people", "Person", lambda person: person),
    ("affiliations", "Affiliation", lambda affiliation: affiliation.person),
]


def citations_with_facts():
    """Citations with every record that cites them, in a fixed number of queries."""
    return Citation.objects.select_related("announcement").prefetch_related(
        "agreements",
        "signed_agreements",
        Prefetch("agreement_parties", AgreementParty.objects.select_related("agreement", "organization", "city")),
        Prefetch("scope_items", ScopeItem.objects.select_related("agreement")),
        Prefetch("signing_attendances", SigningAttendance.objects.select_related("agreement", "person")),
        "events",
        Prefetch("event_roles", EventRole.objects.select_related("event", "organization", "person")),
        "initiatives",
        Prefetch("initiative_roles", InitiativeRole.objects.select_related("initiative", "organization")),
        Prefetch("figures", StatedFigure.objects.select_related("event", "initiative", "city")),
        "organizations",
        "cities",
        "people",
        Prefetch("affiliations", Affiliation.objects.select_related("person", "organization", "city")),
    )


def facts_of(citation):
    """Every fact that cites the passage, with the page that shows it."""
    facts = []
    for relation, kind, page_of in FACT_RELATIONS:
        for record in getattr(citation, relation).all():
            facts.append(Fact(kind, str(record), page_of(record).get_absolute_url()))
    return facts


def in_context(citation):
    """(text before, the passage, text after), as the announcement has them."""
    body = citation.announcement.body
    before = body[max(0, citation.start - CONTEXT_CHARS) : citation.start]
    return before, body[citation.start : citation.end], body[citation.end : citation.end + CONTEXT_CHARS]
