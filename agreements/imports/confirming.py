"""Confirming a draft: every kept proposal made into records, each fact citing its passage, at once.

One transaction and one change batch: the records appear in their history as
one change by the reviewer. The draft's suggestions are claimed first, with
a conditional update, so that a second submit of the same page (or a second
reviewer on it) finds them decided and makes nothing twice.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from citykb.core.dates import UNKNOWN
from citykb.core.history import change_batch
from citykb.core.kinds import kind_named
from partners.models import Affiliation, City, Organization, Person

from ..mentions import fold
from ..models import (
    Agreement,
    AgreementParty,
    Event,
    Initiative,
    PublicationCitation,
    ScopeItem,
    SigningAttendance,
    StatedFigure,
    Suggestion,
)
from .facts import SIGNED_BY
from .reviewing import date_as_typed, free_slug, passage_of

# What each field naming other records may name.
MAY_NAME = {
    "parties": (Organization, City),
    "of": (Organization, City),
    "place": (City,),
    "people": (Person,),
    "about": (City, Event, Initiative),
}
MADE_BY = {
    Suggestion.Kind.NEW_ORGANIZATION: Organization,
    Suggestion.Kind.NEW_CITY: City,
    Suggestion.Kind.NEW_PERSON: Person,
    Suggestion.Kind.NEW_EVENT: Event,
}
# The order records are made in: what others name first.
ORDER = [
    Suggestion.Kind.MENTION,
    Suggestion.Kind.NEW_CITY,
    Suggestion.Kind.NEW_EVENT,
    Suggestion.Kind.NEW_ORGANIZATION,
    Suggestion.Kind.NEW_PERSON,
    Suggestion.Kind.AGREEMENT,
    Suggestion.Kind.DATE,
    Suggestion.Kind.AMOUNT,
    Suggestion.Kind.COUNTRY,
]

RECORD_DELETED = "A record this draft names was deleted meanwhile; nothing was made."


class DraftOutOfDate(Exception):
    """Some of the draft's suggestions were decided since the page was read: nothing was made."""


def names_of(value):
    """The names in a "; "-separated field, without blanks."""
    return [name.strip() for name in value.split(";") if name.strip()]


def unique_records(records):
    """The records without repeats (two names of one record, typed in one field), in their order."""
    seen = set()
    return [record for record in records if not (record in seen or seen.add(record))]


def folded(name):
    return " ".join(fold(name).split())


def names_given(form):
    """The names a kept proposal of a new record goes by in the draft: as proposed, as corrected, its other forms."""
    return {form.suggestion.label, *new_names(form)}


def new_names(form):
    """The names the record of a kept proposal gets: as the reviewer left it, and the other forms the text uses
    (not the linker's reading if the reviewer corrected it: a misreading is no alias)."""
    return {form.cleaned_data["name"], *form.suggestion.details.get("aliases", [])}


class Names:
    """Which record each name typed in a draft stands for: one the draft makes or links (by any name it
    gives it), else one of the knowledge base by name or alias, ignoring case and accents."""

    def __init__(self, draft):
        self.in_draft = {}  # folded name: [(model, form or known record)]
        self.gone = gone_records(draft)
        for form in draft.forms:
            kind = form.suggestion.kind
            if kind == Suggestion.Kind.MENTION and form.suggestion.pk not in self.gone:
                candidate = form.suggestion.candidates[0]
                model = kind_named(candidate["kind"]).model
                self._add(candidate["name"], model, ("known", candidate["id"]))
            elif kind in MADE_BY and form.kept():
                for name in names_given(form):
                    self._add(name, MADE_BY[kind], ("form", form))

    def _add(self, name, model, source):
        entries = self.in_draft.setdefault(folded(name), [])
        if (model, source) not in entries:
            entries.append((model, source))

    def find(self, name, models):
        """(model, ("form", form) or ("known", pk)), or None when no record of those models goes by it."""
        for model, source in self.in_draft.get(folded(name), []):
            if model in models:
                return model, source
        for model in models:
            record = model.objects.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name)).first()
            if record is not None:
                return model, ("known", record.pk)
        return None


def gone_records(draft):
    """{suggestion pk} of the draft's mentions whose record was deleted or merged away since the import: one
    query per kind of record."""
    wanted = {}
    for form in draft.forms:
        if form.suggestion.kind == Suggestion.Kind.MENTION:
            candidate = form.suggestion.candidates[0]
            wanted.setdefault(candidate["kind"], []).append((form.suggestion.pk, candidate["id"]))
    gone = set()
    for kind, pairs in wanted.items():
        there = set(kind_named(kind).model.objects.filter(pk__in=[pk for _s, pk in pairs]).values_list("pk", flat=True))
        gone |= {suggestion for suggestion, pk in pairs if pk not in there}
    return gone


def named_already(form):
    """The known record a kept proposal of a new one already names, by name or alias, or None."""
    model, name = MADE_BY[form.suggestion.kind], form.cleaned_data["name"]
    return model.objects.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name)).first()


def check_names(draft):
    """Whether every kept proposal can be made: each name typed stands for a record, no new record is one
    already known, no known record cited is gone. Adds an error beside the field if not."""
    names, valid = Names(draft), True
    for form in draft.forms:
        if not form.kept():
            continue
        if form.suggestion.pk in names.gone:
            form.add_error("include", "This record was deleted or merged away since the import: untick it.")
            valid = False
        if form.suggestion.kind in MADE_BY and not form.cleaned_data["same_as"] and (known := named_already(form)):
            form.add_error("name", f"{known} is already a record: pick it in “Or it is”, or correct the name.")
            valid = False
        for field, typed in form.typed_names().items():
            missing = [name for name in typed if names.find(name, MAY_NAME[field]) is None]
            if missing:
                kinds = " or ".join(model._meta.verbose_name for model in MAY_NAME[field])
                form.add_error(
                    field,
                    f"No {kinds} called {', '.join(f'“{name}”' for name in missing)} in this draft or the "
                    "knowledge base: keep its proposal, correct the name, or add it first.",
                )
                valid = False
    return valid


def confirm(draft, user):
    """Make the kept proposals of a valid draft and decide every suggestion in it; returns what was made,
    as sentences. Raises DraftOutOfDate, making nothing, if any was decided meanwhile."""
    with transaction.atomic(), change_batch():
        pending = [suggestion.pk for suggestion in draft.suggestions()]
        claimed = Suggestion.objects.filter(pk__in=pending, status=Suggestion.Status.PENDING).update(
            status=Suggestion.Status.REJECTED, decided_by=user, decided=timezone.now(), outcome="Left out of the draft."
        )
        if claimed != len(pending):
            raise DraftOutOfDate("This draft was confirmed or changed meanwhile; nothing was made twice.")
        maker = Maker(draft)
        outcomes = []
        try:
            for form in sorted(draft.forms, key=lambda form: ORDER.index(form.suggestion.kind)):
                if form.kept():
                    outcome = maker.make(form)
                    decided = [form.suggestion.pk, *(repeat.pk for repeat in form.repeats)]
                    Suggestion.objects.filter(pk__in=decided).update(status=Suggestion.Status.ACCEPTED, outcome=outcome)
                    outcomes.append(outcome)
        except ObjectDoesNotExist:  # a record the draft names was deleted since the page was checked
            raise DraftOutOfDate(RECORD_DELETED) from None
    return outcomes


class Maker:
    """Makes the record of each kept proposal, remembering which record each proposal became."""

    def __init__(self, draft):
        self.names = Names(draft)
        self.announcement = draft.report.announcement
        self.records = {}  # suggestion pk: the record made or linked

    def make(self, form):
        return getattr(self, f"make_{form.suggestion.kind.replace('-', '_')}")(form, form.cleaned_data)

    def record(self, name, field):
        found = self.names.find(name, MAY_NAME[field])
        if found is None:  # the name was a record's when the draft was checked
            raise DraftOutOfDate(RECORD_DELETED)
        model, (source, value) = found
        return self.records[value.suggestion.pk] if source == "form" else model.objects.get(pk=value)

    def passage(self, start, end):
        return passage_of(self.announcement, start, end)

    def own_passage(self, form):
        return self.passage(form.suggestion.start, form.suggestion.end)

    def every_passage(self, form):
        """The passage of a row, and of each repeat of its name."""
        return [self.passage(s.start, s.end) for s in [form.suggestion, *form.repeats]]

    def sentence(self, form):
        return self.passage(*form.sentence)

    def make_mention(self, form, data):
        candidate = form.suggestion.candidates[0]
        record = kind_named(candidate["kind"]).model.objects.get(pk=candidate["id"])
        record.citations.add(*self.every_passage(form))
        return f"{record} cites “{form.passage}”."

    def _new_or_same(self, form, data, model, **fields):
        passage = self.own_passage(form)
        record = data["same_as"]
        if record is None:
            record = model.objects.create(name=data["name"], slug=free_slug(model, data["name"]), **fields)
            made = f"{model._meta.verbose_name.capitalize()} {record} added"
        else:
            made = f"{record} (known) linked"
        known = {folded(record.name), *(folded(alias.name) for alias in record.aliases.all())}
        for name in sorted(new_names(form)):
            if folded(name) not in known:
                record.aliases.create(name=name)
                known.add(folded(name))
        record.citations.add(*self.every_passage(form))
        self.records[form.suggestion.pk] = record
        return record, f"{made}, citing “{passage.quote}”."

    def make_new_organization(self, form, data):
        return self._new_or_same(form, data, Organization, country=data["country"])[1]

    def make_new_city(self, form, data):
        return self._new_or_same(form, data, City, country=data["country"])[1]

    def make_new_event(self, form, data):
        city = self.record(data["city"], "place") if data["city"].strip() else None
        event, outcome = self._new_or_same(form, data, Event, city=city)
        if event.held.precision == UNKNOWN and data["held"].is_known:  # a known event keeps its own date
            event.held = data["held"]
            event.save()
            stated = form.suggestion.details.get("held") or {}
            as_stated = stated.get("value") and date_as_typed(stated["value"]) == data["held"].iso()
            event.citations.add(self.passage(stated["start"], stated["end"]) if as_stated else self.sentence(form))
        return outcome

    def make_new_person(self, form, data):
        person, outcome = self._new_or_same(form, data, Person)
        if data["of"]:
            of = self.record(data["of"], "of")
            affiliation, _made = Affiliation.objects.get_or_create(
                person=person, title=data["title"], **{of._meta.model_name: of}
            )
            affiliation.citations.add(self.sentence(form))
            outcome += f" {data['title'] or 'Affiliated'}, {of}."
        return outcome

    def make_agreement(self, form, data):
        sentence = self.sentence(form)
        details = form.suggestion.details
        signed = data["signed"]
        agreement = Agreement(
            title=data["title"],
            slug=free_slug(Agreement, data["title"]),
            kind=data["kind"],
            summary=sentence.quote,
            status=Agreement.Status.SIGNED if SIGNED_BY.search(sentence.quote) else Agreement.Status.ANNOUNCED,
            signed_in=self.record(data["place"], "place") if data["place"].strip() else None,
        )
        agreement.signed = signed
        agreement.save()
        agreement.citations.add(sentence)
        stated = details.get("signed") or {}
        if signed.is_known and stated.get("value") == signed.iso() and "start" in stated:
            agreement.signing_citations.add(self.passage(stated["start"], stated["end"]))
        elif signed.is_known or agreement.signed_in:
            agreement.signing_citations.add(sentence)
        for record in unique_records(self.record(name, "parties") for name in names_of(data["parties"])):
            party = AgreementParty.objects.create(
                agreement=agreement, role=AgreementParty.Role.SIGNATORY, **{record._meta.model_name: record}
            )
            party.citations.add(sentence)
        stated_scope = {item["description"]: item for item in details.get("scope", [])}
        for position, description in enumerate(line.strip() for line in data["scope"].splitlines() if line.strip()):
            item = ScopeItem.objects.create(agreement=agreement, position=position + 1, description=description)
            stated = stated_scope.get(description)
            item.citations.add(self.passage(stated["start"], stated["end"]) if stated else sentence)
        for person in unique_records(self.record(name, "people") for name in names_of(data["people"])):
            attendance = SigningAttendance.objects.create(
                agreement=agreement, person=person, role=SigningAttendance.Role.SIGNATORY
            )
            attendance.citations.add(sentence)
        self.records[form.suggestion.pk] = agreement
        return f"Agreement “{agreement}” added with {agreement.parties.count()} parties, citing its sentence."

    def make_date(self, form, data):
        announcement = self.announcement
        announcement.published = data["value"]
        announcement.save()
        PublicationCitation.objects.get_or_create(announcement=announcement, citation=self.own_passage(form))
        return f"The announcement is dated {announcement.published}, citing “{form.passage}”."

    def make_amount(self, form, data):
        record = self.record(data["about"], "about")
        figure = StatedFigure.objects.create(
            slug=free_slug(StatedFigure, f"{record} {data['measure']}"),
            measure=data["measure"],
            quantity=data["quantity"],
            qualifier=data["qualifier"],
            unit=data["unit"],
            as_stated=data["as_stated"],
            **{record._meta.model_name: record},
        )
        figure.citations.add(self.own_passage(form))
        return f"Figure “{figure.as_stated}” added to {record}."

    def make_country(self, form, data):
        return "Noted."
