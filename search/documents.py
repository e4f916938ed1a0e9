"""Turns records into search documents, the one shape every backend indexes.

A document carries the record's own text and, so that a search for "MK"
finds the agreements of Milton Keynes, the names and aliases of the records
it links to, plus the facets (type, cities, organizations, topics, years)
that narrow results.
"""

import datetime
import hashlib
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse

from agreements.models import (
    Agreement,
    AgreementParty,
    Announcement,
    AnnouncementAlias,
    Citation,
    Event,
    EventRole,
    Initiative,
    InitiativeRole,
    SigningAttendance,
    Topic,
)
from citykb.core.caching import memoize
from citykb.core.kinds import KINDS, kind_named
from partners.models import Affiliation, City, Organization, Person

BATCH_SIZE = 500


@dataclass
class Document:
    type: str
    pk: int
    slug: str
    title: str
    url: str
    names: str = ""
    body: str = ""
    cities: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    date: datetime.date | None = None
    # The record's own name and aliases (an announcement's title and aliases): a search for exactly one of
    # them puts the record first.
    own_names: list[str] = field(default_factory=list)

    @property
    def key(self):
        return document_key(self.type, self.pk)

    @property
    def digest(self):
        """A fingerprint of everything indexed, to tell a stale document from a current one."""
        content = {k: v for k, v in asdict(self).items()}
        return hashlib.sha1(repr(sorted(content.items())).encode()).hexdigest()


def document_key(type_name, pk):
    return f"{type_name}:{pk}"


def split_key(key):
    type_name, _, pk = key.partition(":")
    return type_name, int(pk)


def _names(*records):
    """Names and aliases of linked records, as one piece of text."""
    parts = []
    for record in records:
        if record is None:
            continue
        parts.append(str(record))
        aliases = getattr(record, "aliases", None)
        if aliases is not None:
            parts.extend(alias.name for alias in aliases.all())
    return " ".join(parts)


def _slugs(records):
    return sorted({record.slug for record in records if record is not None})


def _years(*dates):
    return sorted({value.start.year for value in dates if value.is_known})


def _type_words(model, *extra):
    return " ".join([str(model._meta.verbose_name), *extra])


class Indexed:
    """How one model becomes documents: which rows to prefetch, and what text and facets to take."""

    type_name = ""  # the kind of record (citykb.core.kinds) it indexes

    @property
    def model(self):
        return kind_named(self.type_name).model

    def queryset(self):
        raise NotImplementedError

    def build(self, record):
        raise NotImplementedError

    def documents(self, pks=None):
        """Documents for the records with these pks (all records when None), in batches of prefetched rows."""
        queryset = self.queryset().order_by("pk")
        if pks is not None:
            pks = sorted(set(pks))
            for start in range(0, len(pks), BATCH_SIZE):
                for record in queryset.filter(pk__in=pks[start : start + BATCH_SIZE]):
                    yield self.build(record)
            return
        last = 0
        while True:
            batch = list(queryset.filter(pk__gt=last)[:BATCH_SIZE])
            if not batch:
                return
            for record in batch:
                yield self.build(record)
            last = batch[-1].pk

    def document(self, record, **fields):
        return Document(
            type=self.type_name,
            pk=record.pk,
            slug=record.slug,
            title=str(record),
            url=record.get_absolute_url(),
            own_names=[str(record), *(alias.name for alias in record.aliases.all())],
            **fields,
        )


class AnnouncementIndex(Indexed):
    """Announcements are most of the corpus, so they are read as plain values, not model instances.

    Their names and facets come from the cities, organizations and people that cite them.
    """

    type_name = "announcement"
    FIELDS = ("pk", "slug", "title", "body", "author", "publisher", "published_start")

    def documents(self, pks=None):
        queryset = Announcement.objects.order_by("pk").values_list(*self.FIELDS)
        if pks is not None:
            pks = sorted(set(pks))
            batches = (queryset.filter(pk__in=pks[i : i + BATCH_SIZE]) for i in range(0, len(pks), BATCH_SIZE))
        else:
            batches = self._all_batches(queryset)
        linked = _LinkedNames()
        for batch in batches:
            rows = list(batch)
            links = linked.for_announcements([row[0] for row in rows])
            aliases = {}
            for owner, name in AnnouncementAlias.objects.filter(announcement__in=[row[0] for row in rows]).values_list(
                "announcement_id", "name"
            ):
                aliases.setdefault(owner, []).append(name)
            for pk, slug, title, body, author, publisher, published_start in rows:
                cities, orgs, names = links.get(pk, ([], [], []))
                names = [*aliases.get(pk, []), *names]
                yield Document(
                    type=self.type_name,
                    pk=pk,
                    slug=slug,
                    title=title,
                    url=reverse("agreements:announcement_detail", args=[slug]),
                    names=" ".join([author, publisher, _type_words(Announcement), *names]),
                    body=body,
                    cities=sorted(set(cities)),
                    orgs=sorted(set(orgs)),
                    years=[published_start.year] if published_start else [],
                    date=published_start,
                    own_names=[title, *aliases.get(pk, [])],
                )

    def _all_batches(self, queryset):
        last = 0
        while True:
            batch = list(queryset.filter(pk__gt=last)[:BATCH_SIZE])
            if not batch:
                return
            yield batch
            last = batch[-1][0]


class _LinkedNames:
    """Names, aliases and slugs of the cities, organizations and people citing announcements, read once."""

    def __init__(self):
        self._records = {}

    def _table(self, model):
        if model not in self._records:
            aliases = {}
            for owner, name in model.aliases.rel.related_model.objects.values_list(
                model.aliases.rel.field.attname, "name"
            ):
                aliases.setdefault(owner, []).append(name)
            self._records[model] = {
                pk: (slug, " ".join([name, *aliases.get(pk, [])]))
                for pk, slug, name in model.objects.values_list("pk", "slug", "name")
            }
        return self._records[model]

    def for_announcements(self, announcement_pks):
        """{announcement pk: (city slugs, organization slugs, names)}, one query per kind of record."""
        citations = dict(
            Citation.objects.filter(announcement_id__in=announcement_pks).values_list("pk", "announcement_id")
        )
        found = {}
        for model, facet in ((City, 0), (Organization, 1), (Person, None)):
            through = model.citations.through
            owner = f"{model._meta.model_name}_id"
            table = self._table(model)
            for citation_id, record_id in through.objects.filter(citation_id__in=citations).values_list(
                "citation_id", owner
            ):
                slug, names = table[record_id]
                cities, orgs, texts = found.setdefault(citations[citation_id], ([], [], []))
                if facet is not None:
                    (cities, orgs)[facet].append(slug)
                texts.append(names)
        return found


class AgreementIndex(Indexed):
    type_name = "agreement"

    def queryset(self):
        return Agreement.objects.select_related("signed_at_event").prefetch_related(
            "aliases",
            "topics",
            "scope_items",
            Prefetch("signed_in", queryset=City.objects.prefetch_related("aliases")),
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organization", "city").prefetch_related(
                    "organization__aliases", "city__aliases"
                ),
            ),
            Prefetch("signing_attendances", queryset=SigningAttendance.objects.select_related("person")),
        )

    def build(self, agreement):
        parties = [party.party for party in agreement.parties.all()]
        cities = [p for p in parties if isinstance(p, City)] + [agreement.signed_in]
        orgs = [p for p in parties if isinstance(p, Organization)]
        topics = list(agreement.topics.all())
        return self.document(
            agreement,
            names=" ".join(
                [
                    _names(*agreement.aliases.all()),
                    _names(*parties, agreement.signed_in, agreement.signed_at_event),
                    " ".join(str(a.person) for a in agreement.signing_attendances.all()),
                    " ".join(topic.name for topic in topics),
                    _type_words(Agreement, agreement.get_kind_display(), agreement.described_as),
                    " ".join(str(year) for year in _years(agreement.signed)),
                ]
            ),
            body="\n".join([agreement.summary, *(item.description for item in agreement.scope_items.all())]),
            cities=_slugs(cities),
            orgs=_slugs(orgs),
            topics=_slugs(topics),
            years=_years(agreement.signed),
            date=agreement.signed_start,
        )


class OrganizationIndex(Indexed):
    type_name = "organization"

    def queryset(self):
        return Organization.objects.select_related("parent").prefetch_related(
            "aliases",
            Prefetch("city", queryset=City.objects.prefetch_related("aliases")),
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("person")),
        )

    def build(self, organization):
        return self.document(
            organization,
            names=" ".join(
                [
                    _names(*organization.aliases.all()),
                    _names(organization.city, organization.parent),
                    " ".join(f"{a.person} {a.title}" for a in organization.affiliations.all()),
                    organization.country,
                    _type_words(Organization, organization.get_kind_display()),
                ]
            ),
            body=organization.description,
            cities=_slugs([organization.city]),
            orgs=_slugs([organization, organization.parent]),
        )


class CityIndex(Indexed):
    type_name = "city"

    def queryset(self):
        return City.objects.prefetch_related(
            "aliases", "organizations", Prefetch("parent", queryset=City.objects.prefetch_related("aliases"))
        )

    def build(self, city):
        return self.document(
            city,
            names=" ".join([_names(*city.aliases.all()), _names(city.parent), city.country, _type_words(City)]),
            body=city.description,
            cities=_slugs([city, city.parent]),
            orgs=_slugs(city.organizations.all()),
        )


class PersonIndex(Indexed):
    type_name = "person"

    def queryset(self):
        return Person.objects.prefetch_related(
            "aliases",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organization", "city").prefetch_related(
                    "organization__aliases", "city__aliases"
                ),
            ),
        )

    def build(self, person):
        affiliations = list(person.affiliations.all())
        return self.document(
            person,
            names=" ".join(
                [
                    _names(*person.aliases.all()),
                    _names(*(a.holder for a in affiliations)),
                    _type_words(Person),
                ]
            ),
            body="\n".join([person.description, *(a.title for a in affiliations)]),
            cities=_slugs([a.city for a in affiliations]),
            orgs=_slugs([a.organization for a in affiliations]),
        )


class EventIndex(Indexed):
    type_name = "event"

    def queryset(self):
        return Event.objects.prefetch_related(
            "aliases",
            "topics",
            Prefetch("city", queryset=City.objects.prefetch_related("aliases")),
            Prefetch(
                "roles",
                queryset=EventRole.objects.select_related("organization", "person").prefetch_related(
                    "organization__aliases"
                ),
            ),
        )

    def build(self, event):
        roles = list(event.roles.all())
        topics = list(event.topics.all())
        return self.document(
            event,
            names=" ".join(
                [
                    _names(*event.aliases.all()),
                    _names(event.city, *(role.participant for role in roles)),
                    " ".join(topic.name for topic in topics),
                    _type_words(Event),
                    " ".join(str(year) for year in _years(event.held)),
                ]
            ),
            body=event.description,
            cities=_slugs([event.city]),
            orgs=_slugs([role.organization for role in roles]),
            topics=_slugs(topics),
            years=_years(event.held),
            date=event.held_start,
        )


class InitiativeIndex(Indexed):
    type_name = "initiative"

    def queryset(self):
        return Initiative.objects.prefetch_related(
            "aliases",
            "topics",
            Prefetch("city", queryset=City.objects.prefetch_related("aliases")),
            Prefetch(
                "roles",
                queryset=InitiativeRole.objects.select_related("organization").prefetch_related(
                    "organization__aliases"
                ),
            ),
        )

    def build(self, initiative):
        organizations = [role.organization for role in initiative.roles.all()]
        topics = list(initiative.topics.all())
        return self.document(
            initiative,
            names=" ".join(
                [
                    _names(*initiative.aliases.all()),
                    _names(initiative.city, *organizations),
                    " ".join(topic.name for topic in topics),
                    _type_words(Initiative, initiative.get_kind_display()),
                ]
            ),
            body=initiative.description,
            cities=_slugs([initiative.city]),
            orgs=_slugs(organizations),
            topics=_slugs(topics),
            years=_years(initiative.announced, initiative.started),
            date=initiative.started_start or initiative.announced_start,
        )


INDEXES = {
    index.type_name: index
    for index in (
        AnnouncementIndex(),
        AgreementIndex(),
        OrganizationIndex(),
        CityIndex(),
        PersonIndex(),
        EventIndex(),
        InitiativeIndex(),
    )
}
TYPE_NAMES = tuple(kind.name for kind in KINDS)


def documents_for_keys(keys):
    """(documents, keys of records that no longer exist) for "type:pk" keys."""
    wanted = {}
    for key in keys:
        type_name, pk = split_key(key)
        wanted.setdefault(type_name, set()).add(pk)
    documents, gone = [], []
    for type_name, pks in wanted.items():
        found = list(INDEXES[type_name].documents(pks))
        documents.extend(found)
        present = {document.pk for document in found}
        gone.extend(document_key(type_name, pk) for pk in sorted(pks - present))
    return documents, gone


def all_documents():
    for index in INDEXES.values():
        yield from index.documents()


def document_count():
    return sum(index.model.objects.count() for index in INDEXES.values())


def all_keys():
    """The key of every record the index should hold."""
    return {
        document_key(type_name, pk)
        for type_name, index in INDEXES.items()
        for pk in index.model.objects.values_list("pk", flat=True)
    }


def texts_for(keys):
    """The full text of each record, for snippets of the hits on one page: one query per type."""
    wanted = {}
    for key in keys:
        type_name, pk = split_key(key)
        wanted.setdefault(type_name, []).append(pk)
    texts = {}
    text_fields = {"announcement": "body", "agreement": "summary"}
    for type_name, pks in wanted.items():
        model = INDEXES[type_name].model
        field_name = text_fields.get(type_name, "description")
        for pk, text in model.objects.filter(pk__in=pks).values_list("pk", field_name):
            texts[document_key(type_name, pk)] = text
    return texts


TYPE_SYNONYMS = {"organisation": "organization", "org": "organization", **{kind.plural: kind.name for kind in KINDS}}
FACET_MODELS = {"city": City, "org": Organization, "topic": Topic}


def type_name(value):
    """The document type a word means ("agreements", "Person", "people" …), or None."""
    value = TYPE_SYNONYMS.get(value.lower(), value.lower())
    if value not in TYPE_NAMES and value.endswith("s"):
        value = value[:-1]
    return value if value in TYPE_NAMES else None


def resolve(field_name, value):
    """The facet values (slugs) a field filter means: `city:MK` is milton-keynes, by name, slug or alias."""
    if field_name == "type":
        found = type_name(value)
        return [found] if found else []
    if field_name == "year":
        return [value]
    model = FACET_MODELS[field_name]
    matches = Q(slug__iexact=value) | Q(name__iexact=value)
    if model is not Topic:
        matches |= Q(aliases__name__iexact=value)
    return list(model.objects.filter(matches).values_list("slug", flat=True).distinct())


def labels(field_name, values):
    """Display names for facet values (slugs)."""
    if field_name in ("type", "year"):
        return {value: str(value) for value in values}
    names = facet_names(field_name)
    return {value: names[value] for value in values if value in names}


@memoize
def facet_names(field_name):
    """{slug: name} of every city, organization or topic, kept per data version: every results page labels its
    facets, and reading the names anew cost each search two queries."""
    return dict(FACET_MODELS[field_name].objects.values_list("slug", "name"))
