"""Agreements, who is party to them, what they cover and who was at the signing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from citykb.core.citations import prefetch_citations
from citykb.core.dates import FuzzyDateAttribute
from citykb.core.history import edit_history
from citykb.core.models import (
    Alias,
    AliasedModel,
    CitedRecord,
    DatedModel,
    SlugQuerySet,
    either_or_constraints,
    fuzzy_date_fields,
)
from partners.models import City, Organization


class Topic(models.Model):
    """A subject an agreement, event or initiative covers: IoT, 5G, big data…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    history = edit_history()

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class AgreementQuerySet(SlugQuerySet):
    def signed_between(self, first_year, last_year):
        """Agreements whose signing date is known to fall within these years."""
        return self.filter(signed_start__year__gte=first_year, signed_start__year__lte=last_year)

    def by_signing_date(self):
        """Earliest first; agreements whose date is unknown come last."""
        return self.order_by(models.F("signed_start").asc(nulls_last=True), "title")

    def latest_first(self):
        """Most recently signed first; agreements whose date is unknown come last."""
        return self.order_by(models.F("signed_start").desc(nulls_last=True), "title")

    def for_listing(self):
        """What a row of the agreement browser shows: signing place and parties."""
        return self.select_related("signed_in").prefetch_related(
            models.Prefetch("parties", queryset=AgreementParty.objects.select_related("organization", "city"))
        )

    def with_related(self):
        """Everything an agreement's page or API record shows, in a fixed number of queries."""
        return self.select_related("signed_in", "signed_at_event").prefetch_related(
            "topics",
            "aliases",
            models.Prefetch("parties", queryset=AgreementParty.objects.select_related("organization", "city")),
            "scope_items",
            models.Prefetch("signing_attendances", queryset=SigningAttendance.objects.select_related("person")),
            *prefetch_citations(
                "citations",
                "signing_citations",
                "parties__citations",
                "scope_items__citations",
                "signing_attendances__citations",
            ),
        )

    # Filters through related rows use "id IN (subquery)", not joins: a join repeats an agreement
    # once per matching row, and the DISTINCT that undoes it makes counting a page cost a sort.

    def containing(self, text):
        """Agreements whose title, summary, description or an alias contains the text (any case)."""
        aliases = AgreementAlias.objects.filter(name__icontains=text).values("agreement_id")
        return self.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(described_as__icontains=text) | Q(id__in=aliases)
        )

    def in_country(self, country):
        """Agreements with a party, or a signing place, in the country (as the sources name it)."""
        # The few organizations and cities in the country first, then their parties by key:
        # comparing the country of every party's organization and city took four times as long.
        cities = City.objects.filter(country__iexact=country)
        organizations = Organization.objects.filter(country__iexact=country)
        parties = AgreementParty.objects.filter(Q(organization__in=organizations) | Q(city__in=cities))
        return self.filter(Q(id__in=parties.values("agreement_id")) | Q(signed_in__in=cities))

    def involving(self, record):
        """Agreements with an organization or a city as party, implementer or location."""
        field = "city" if record._meta.model_name == "city" else "organization"
        return self.filter(id__in=AgreementParty.objects.filter(**{field: record}).values("agreement_id"))

    def made_in_or_with(self, city):
        """Agreements with the city as a party or as the signing place."""
        parties = AgreementParty.objects.filter(city=city).values("agreement_id")
        return self.filter(Q(id__in=parties) | Q(signed_in=city))


class Agreement(DatedModel, AliasedModel, CitedRecord):
    # Its passages state what it is; its signing passages when, where and at what event it was signed.
    stated_by = {
        "citations": ("title", "kind", "described_as", "status", "summary"),
        "signing_citations": ("signed", "signed_in", "signed_at_event"),
    }

    class Kind(models.TextChoices):
        MOU = "mou", "Memorandum of understanding (MoU)"
        THREE_WAY = "three-way", "Three-way agreement"
        AGREEMENT = "agreement", "Agreement"
        LETTER_OF_INTENT = "letter-of-intent", "Letter of intent"
        PARTNERSHIP = "partnership", "Partnership"
        FRAMEWORK = "framework", "Framework agreement"

    class Status(models.TextChoices):
        SIGNED = "signed", "Signed"
        ANNOUNCED = "announced", "Announced, not yet signed"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    described_as = models.CharField(
        max_length=200, blank=True, help_text="What the announcement calls it, e.g. “strategic agreement (MoU)”."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SIGNED)
    summary = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="agreements")
    signed = FuzzyDateAttribute()
    signed_start, signed_precision, signed_approximate = fuzzy_date_fields("signing date")
    signed_in = models.ForeignKey(
        "partners.City",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_signed_here",
        verbose_name="signing place",
    )
    signed_at_event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.PROTECT, related_name="agreements_signed"
    )
    citations = models.ManyToManyField("Citation", related_name="agreements")
    signing_citations = models.ManyToManyField(
        "Citation", blank=True, related_name="signed_agreements", help_text="Passages that state when and where."
    )

    history = edit_history(m2m_fields=["topics", "citations", "signing_citations"])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class AgreementAlias(Alias):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "agreement"

    class Meta(Alias.Meta):
        verbose_name_plural = "agreement aliases"
        constraints = [models.UniqueConstraint(fields=["agreement", "name"], name="unique_agreement_alias")]


class AgreementPartyQuerySet(models.QuerySet):
    def get_by_natural_key(self, agreement_slug, organization_slug, city_slug, role):
        return self.get(
            agreement__slug=agreement_slug,
            organization__slug=organization_slug or None,
            city__slug=city_slug or None,
            role=role,
        )


class AgreementParty(models.Model):
    """An organization or a city in an agreement, in one role."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", "Signatory"
        IMPLEMENTER = "implementer", "Implements the projects"
        LOCATION = "location", "Where the work takes place"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        "partners.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="agreement_roles"
    )
    city = models.ForeignKey(
        "partners.City", null=True, blank=True, on_delete=models.PROTECT, related_name="agreement_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    described_as = models.CharField(
        max_length=200, blank=True, help_text="How the announcement names it, e.g. “Chinese telecommunications giant”."
    )
    citations = models.ManyToManyField("Citation", related_name="agreement_parties")

    history = edit_history(m2m_fields=["citations"])

    objects = AgreementPartyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "agreement parties"
        # Signatories first, then the implementer, then where the work happens; by name within each, whether an
        # organization or a city (ordering by the two columns put the cities first on SQLite, last on PostgreSQL).
        ordering = [
            models.Case(models.When(role="signatory", then=0), models.When(role="implementer", then=1), default=2),
            Coalesce("organization__name", "city__name"),
        ]
        constraints = either_or_constraints(
            "agreement",
            "organization",
            "city",
            per="role",
            check_name="party_is_organization_or_city",
            unique_name="unique_{}_party",
            message="A party is an organization or a city, not both or neither.",
        )

    def __str__(self):
        return f"{self.party} – {self.get_role_display()} – {self.agreement}"

    @property
    def party(self):
        return self.organization or self.city

    def natural_key(self):
        return (
            self.agreement.slug,
            self.organization.slug if self.organization else "",
            self.city.slug if self.city else "",
            self.role,
        )

    natural_key.dependencies = ["agreements.agreement", "partners.organization", "partners.city"]


class ScopeItemQuerySet(models.QuerySet):
    def get_by_natural_key(self, agreement_slug, position):
        return self.get(agreement__slug=agreement_slug, position=position)


class ScopeItem(models.Model):
    """One thing the parties commit to, in the announcement's words."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="scope_items")
    position = models.PositiveSmallIntegerField()
    description = models.TextField()
    citations = models.ManyToManyField("Citation", related_name="scope_items")

    history = edit_history(m2m_fields=["citations"])

    objects = ScopeItemQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_id", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "position"], name="unique_scope_position")]

    def __str__(self):
        return self.description

    def natural_key(self):
        return (self.agreement.slug, self.position)

    natural_key.dependencies = ["agreements.agreement"]


class SigningAttendanceQuerySet(models.QuerySet):
    def get_by_natural_key(self, agreement_slug, person_slug, role):
        return self.get(agreement__slug=agreement_slug, person__slug=person_slug, role=role)


class SigningAttendance(models.Model):
    """A person present when an agreement was signed."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", "Signed it"
        WITNESS = "witness", "Witnessed the signing"
        ATTENDEE = "attendee", "Attended the signing"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signing_attendances")
    person = models.ForeignKey("partners.Person", on_delete=models.PROTECT, related_name="signing_attendances")
    role = models.CharField(max_length=20, choices=Role.choices)
    citations = models.ManyToManyField("Citation", related_name="signing_attendances")

    history = edit_history(m2m_fields=["citations"])

    objects = SigningAttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_id", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person", "role"], name="unique_signing_attendance")
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} – {self.agreement}"

    def natural_key(self):
        return (self.agreement.slug, self.person.slug, self.role)

    natural_key.dependencies = ["agreements.agreement", "partners.person"]

    def clean(self):
        if self.agreement_id and self.agreement.status != Agreement.Status.SIGNED:
            raise ValidationError("Only a signed agreement has people at its signing.")
