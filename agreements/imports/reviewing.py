"""A reviewer's decision on a suggestion: accepting makes the link, record or citation with its passage.

Each decision is one transaction and one change batch: the records it makes
or links appear in their history as made by the reviewer.
"""

from decimal import Decimal

from anyascii import anyascii
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from citykb.core.dates import UNKNOWN, FuzzyDate
from citykb.core.history import change_batch
from citykb.core.kinds import kind_named
from partners.models import City, Organization

from ..models import Agreement, AgreementParty, Citation, PublicationCitation, StatedFigure, Suggestion
from .amounts import amount_in
from .facts import SIGNED_BY


class CannotAccept(Exception):
    """A suggestion that cannot be accepted as it stands; the message says what to do instead."""


def accept(suggestion, user, candidate=0):
    """Accept a pending suggestion (with the `candidate`-th candidate record where it has several);
    returns what was made, as a sentence. Raises CannotAccept, changing nothing."""
    if suggestion.kind not in ACCEPTING:
        raise CannotAccept("A new person, event or country is made from the import's draft: confirm it there.")
    with transaction.atomic(), change_batch():
        _decide(suggestion, user, Suggestion.Status.ACCEPTED, "")  # first, so a second accept finds it taken
        passage = _citation(suggestion)
        outcome = ACCEPTING[suggestion.kind](suggestion, passage, candidate)
        Suggestion.objects.filter(pk=suggestion.pk).update(outcome=outcome)
        suggestion.outcome = outcome
    return outcome


def reject(suggestion, user):
    _decide(suggestion, user, Suggestion.Status.REJECTED, "Rejected.")


def _decide(suggestion, user, status, outcome):
    """Decide a pending suggestion by a conditional update: of two decisions at once (a double submit, two
    reviewers), one finds it decided and is refused. The object read before may be stale: the row decides."""
    decided = timezone.now()
    changed = Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.PENDING).update(
        status=status, decided_by=user, decided=decided, outcome=outcome
    )
    if not changed:
        suggestion.refresh_from_db(fields=["status"])
        raise CannotAccept(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    suggestion.status, suggestion.decided_by, suggestion.decided, suggestion.outcome = status, user, decided, outcome


def _citation(suggestion):
    return passage_of(suggestion.announcement, suggestion.start, suggestion.end)


def _record(candidate):
    if candidate["kind"] == "new-organization":  # found by name once a reviewer has added it
        return Organization.objects.filter(name__iexact=candidate["name"]).first()
    if candidate["kind"] == "new-city":
        return City.objects.filter(name__iexact=candidate["name"]).first()
    return kind_named(candidate["kind"]).model.objects.filter(pk=candidate["id"]).first()


def _chosen(suggestion, candidate):
    try:
        chosen = suggestion.candidates[candidate]
    except IndexError:
        raise CannotAccept("Choose one of the suggested records.") from None
    record = _record(chosen)
    if record is None:
        raise CannotAccept(f"{chosen['name']} is not a record (any more): add it first, then accept this.")
    return record


def _accept_mention(suggestion, passage, candidate):
    record = _chosen(suggestion, candidate)
    record.citations.add(passage)
    return f"“{passage.quote}” now cites {record._meta.verbose_name} {record}."


def _accept_new_organization(suggestion, passage, candidate):
    name = suggestion.label
    if Organization.objects.filter(name__iexact=name).exists():
        raise CannotAccept(f"An organization called {name} already exists: accept its mention instead.")
    organization = Organization.objects.create(name=name, slug=free_slug(Organization, name))
    organization.citations.add(passage)
    return f"Organization {organization} added, citing “{passage.quote}”."


def _accept_new_city(suggestion, passage, candidate):
    place = suggestion.candidates[0]
    if City.objects.filter(name__iexact=place["name"]).exists():
        raise CannotAccept(f"A city called {place['name']} already exists: accept its mention instead.")
    city = City.objects.create(name=place["name"], slug=free_slug(City, place["name"]), country=place["country"])
    city.citations.add(passage)
    country = f" in {city.country}" if city.country else ""
    return f"City {city}{country} added, citing “{passage.quote}”."


def _accept_agreement(suggestion, passage, candidate):
    parties = [_record(party) for party in suggestion.candidates]
    missing = [party["name"] for party, record in zip(suggestion.candidates, parties, strict=True) if record is None]
    if missing:
        raise CannotAccept(f"Add {', '.join(missing)} first (accept the suggestion of a new organization).")
    signed = bool(SIGNED_BY.search(passage.quote))
    details = suggestion.details
    place = _record(details["place"]) if details.get("place") else None
    agreement = Agreement(
        title=suggestion.label,
        slug=free_slug(Agreement, suggestion.label),
        kind=details.get("agreement_kind", Agreement.Kind.AGREEMENT),
        summary=passage.quote,
        status=Agreement.Status.SIGNED if signed else Agreement.Status.ANNOUNCED,
        signed_in=place if isinstance(place, City) else None,
    )
    if details.get("signed"):
        agreement.signed = FuzzyDate.parse(details["signed"]["value"])
    agreement.save()
    agreement.citations.add(passage)
    if agreement.signed.is_known or agreement.signed_in:
        agreement.signing_citations.add(passage)
    for record in parties:
        side = {"organization": record} if record._meta.model_name == "organization" else {"city": record}
        party = AgreementParty.objects.create(agreement=agreement, role=AgreementParty.Role.SIGNATORY, **side)
        party.citations.add(passage)
    return f"Agreement “{agreement}” added with {len(parties)} parties, citing its sentence."


def _accept_date(suggestion, passage, candidate):
    announcement = suggestion.announcement
    if announcement.published.precision != UNKNOWN:
        raise CannotAccept(f"The announcement is already dated {announcement.published}.")
    try:
        announcement.published = FuzzyDate.parse(suggestion.details.get("value") or suggestion.label)
    except ValueError:  # a range of days: no announcement is dated so
        raise CannotAccept(f"{suggestion.label} is no date an announcement can have: date it by hand.") from None
    announcement.save()
    PublicationCitation.objects.get_or_create(announcement=announcement, citation=passage)
    return f"The announcement is dated {announcement.published}, citing “{passage.quote}”."


def _accept_amount(suggestion, passage, candidate):
    if not suggestion.candidates:
        raise CannotAccept("No city, event or initiative is named in its sentence: add the figure by hand.")
    record = _chosen(suggestion, candidate)
    quantity, unit, qualifier = amount_of(suggestion)
    figure = StatedFigure.objects.create(
        slug=free_slug(StatedFigure, f"{record} amount"),
        measure="amount",
        quantity=quantity,
        qualifier=qualifier,
        unit=unit,
        as_stated=passage.quote,
        **{record._meta.model_name: record},
    )
    figure.citations.add(passage)
    return f"Figure “{figure.as_stated}” added to {record}."


def amount_of(suggestion):
    """(quantity, currency code, qualifier) of an amount suggestion: as the linker read it, else from its words;
    CannotAccept if they state no sum it can read."""
    details = suggestion.details if "quantity" in suggestion.details else amount_in(suggestion.label)
    if not details:
        raise CannotAccept(f"“{suggestion.label}” is no sum of money the importer can read: add the figure by hand.")
    return Decimal(details["quantity"]), details["currency"], details["qualifier"]


def date_as_typed(value):
    """A stated date as the date box takes it: a range of days, which no record holds, as its month."""
    if not value:
        return ""
    try:
        FuzzyDate.parse(value)
    except ValueError:
        return value.split("/")[0][:7]
    return value


def passage_of(announcement, start, end):
    """The citation of body[start:end] of an announcement, made if no record cites it yet."""
    citation, _made = Citation.objects.get_or_create(
        announcement=announcement, start=start, end=end, defaults={"quote": announcement.body[start:end]}
    )
    return citation


def free_slug(model, name):
    """A slug for a new record of `model` named `name`, numbered if the plain one is taken; letters beyond ASCII
    spelled in it ("Łódź" → "lodz"), where slugify alone would drop them ("odz")."""
    base = slugify(anyascii(name))[:190] or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


ACCEPTING = {
    Suggestion.Kind.MENTION: _accept_mention,
    Suggestion.Kind.NEW_ORGANIZATION: _accept_new_organization,
    Suggestion.Kind.NEW_CITY: _accept_new_city,
    Suggestion.Kind.AGREEMENT: _accept_agreement,
    Suggestion.Kind.DATE: _accept_date,
    Suggestion.Kind.AMOUNT: _accept_amount,
}
