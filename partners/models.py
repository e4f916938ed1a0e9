"""Who takes part in smart-city partnerships: cities, organizations and people.

Each record holds only what an announcement states, and links to the
passages that state it through `citations`.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from citykb.core.citations import prefetch_citations
from citykb.core.history import edit_history
from citykb.core.models import (
    Alias,
    CitedRecord,
    NamedEntity,
    SlugQuerySet,
    contains_itself,
    either_or_constraints,
)


class CityQuerySet(SlugQuerySet):
    def with_related(self):
        """Everything a city's page or API record shows, in a fixed number of queries."""
        return self.select_related("parent").prefetch_related(
            "aliases", "figures", *prefetch_citations("citations", "figures__citations")
        )


class OrganizationQuerySet(SlugQuerySet):
    def with_related(self):
        """Everything an organization's page or API record shows, in a fixed number of queries."""
        return self.select_related("city", "parent").prefetch_related("aliases", *prefetch_citations("citations"))


class PersonQuerySet(SlugQuerySet):
    def with_related(self):
        """Everything a person's page or API record shows, in a fixed number of queries."""
        return self.prefetch_related(
            "aliases",
            models.Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization", "city")),
            *prefetch_citations("citations", "affiliations__citations"),
        )


class City(NamedEntity, CitedRecord):
    """A city, or a district of one (Tianfu New Area is part of Chengdu)."""

    stated_by = {"citations": ("name", "country", "parent", "description")}

    country = models.CharField(max_length=100, blank=True, help_text="Blank when no source states it.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
        help_text="The larger city this district belongs to.",
    )
    citations = models.ManyToManyField("agreements.Citation", blank=True, related_name="cities")
    history = edit_history(m2m_fields=["citations"])

    objects = CityQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        verbose_name_plural = "cities"

    def clean(self):
        if contains_itself(self):
            raise ValidationError({"parent": "A city cannot lie inside itself."})

    @property
    def population(self):
        """The stated population figure, if any source gives one."""
        return next((f for f in self.figures.all() if f.measure == "population"), None)


class CityAlias(Alias):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "city"

    class Meta(Alias.Meta):
        verbose_name_plural = "city aliases"
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="unique_city_alias")]


def _named_record(row):
    """An organization or city with just what naming and linking it takes, from a partners() row."""
    if row["organization_id"]:
        return Organization(pk=row["organization_id"], name=row["name"], slug=row["slug"])
    return City(pk=row["city_id"], name=row["name"], slug=row["slug"])


@dataclass
class Partnership:
    partner: "Organization | City"
    shared: int  # agreements the two are in
    examples: list  # the first few of them


class Organization(NamedEntity, CitedRecord):
    # The website is where a reader checks the organization, not a fact an announcement states.
    stated_by = {"citations": ("name", "kind", "country", "city", "parent", "description")}

    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        GOVERNMENT = "government", "Government body"
        UNIVERSITY = "university", "University or institute"
        ASSOCIATION = "association", "Industry association"
        DIPLOMATIC = "diplomatic", "Diplomatic mission"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(max_length=100, blank=True, help_text="Blank when no source states it.")
    city = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text="Home city.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="The organization this one is part of, e.g. a university for its institute.",
    )
    website = models.URLField(blank=True)
    citations = models.ManyToManyField("agreements.Citation", blank=True, related_name="organizations")
    history = edit_history(m2m_fields=["citations"])

    objects = OrganizationQuerySet.as_manager()

    @property
    def website_link(self):
        """The website, if it is a web address: a link must never run a `javascript:` URL stored by other means
        than the admin's form (which checks it)."""
        return self.website if self.website.lower().startswith(("http://", "https://")) else ""

    def partners(self, limit=None, examples=3):
        """The other organizations and cities in this organization's agreements, most agreements shared
        first: [Partnership(partner, shared, examples)], with the first `examples` shared agreements by
        title. Two queries, however many agreements the organization has."""
        party_model = self.agreement_roles.model
        mine = self.agreement_roles.values("agreement_id")
        others = party_model.objects.filter(agreement__in=mine).exclude(organization=self)
        ranked = list(
            others.values("organization_id", "city_id")
            .annotate(
                shared=models.Count("agreement_id", distinct=True),
                name=Coalesce("organization__name", "city__name"),
                slug=Coalesce("organization__slug", "city__slug"),
            )
            .order_by("-shared", "name")[:limit]
        )
        organizations = [row["organization_id"] for row in ranked if row["organization_id"]]
        cities = [row["city_id"] for row in ranked if row["city_id"]]
        shown = defaultdict(list)
        rows = others.filter(Q(organization__in=organizations) | Q(city__in=cities)).select_related("agreement")
        for party in rows.order_by("agreement__title", "agreement_id"):
            agreements = shown[(party.organization_id, party.city_id)]
            if len(agreements) < examples and party.agreement not in agreements:
                agreements.append(party.agreement)
        return [
            Partnership(_named_record(row), row["shared"], shown[(row["organization_id"], row["city_id"])])
            for row in ranked
        ]

    def clean(self):
        if contains_itself(self):
            raise ValidationError({"parent": "An organization cannot be part of itself."})


class OrganizationAlias(Alias):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "organization"

    class Meta(Alias.Meta):
        verbose_name_plural = "organization aliases"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_organization_alias")]


class Person(NamedEntity, CitedRecord):
    stated_by = {"citations": ("name", "description")}

    citations = models.ManyToManyField("agreements.Citation", blank=True, related_name="people")
    history = edit_history(m2m_fields=["citations"])

    objects = PersonQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        verbose_name_plural = "people"


class PersonAlias(Alias):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "person"

    class Meta(Alias.Meta):
        verbose_name_plural = "person aliases"
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="unique_person_alias")]


class MergedSlugQuerySet(models.QuerySet):
    def survivor_of(self, model, slug):
        """The record that a merged-away record of `model` with this slug became, or None."""
        merged = self.filter(kind=model._meta.model_name, slug=slug).first()
        return model.objects.filter(pk=merged.record_id).first() if merged else None


class MergedSlug(models.Model):
    """The address of a record merged into another (partners.merging): it redirects to the survivor."""

    kind = models.CharField(max_length=20, help_text="The model of both records, e.g. organization.")
    slug = models.SlugField(max_length=200)
    record_id = models.PositiveBigIntegerField(help_text="The survivor.")
    merged_at = models.DateTimeField(auto_now_add=True)

    objects = MergedSlugQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_merged_slug")]

    def __str__(self):
        return f"{self.kind} {self.slug} → #{self.record_id}"


class AffiliationQuerySet(models.QuerySet):
    def get_by_natural_key(self, person_slug, organization_slug, city_slug, title):
        return self.get(
            person__slug=person_slug,
            organization__slug=organization_slug or None,
            city__slug=city_slug or None,
            title=title,
        )


class Affiliation(models.Model):
    """A person's position at an organization, or in a city ("Mayor of Chengdu")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="affiliations"
    )
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="affiliations")
    title = models.CharField(max_length=200, blank=True, help_text="Exactly as stated; blank when none is.")
    citations = models.ManyToManyField("agreements.Citation", related_name="affiliations")
    history = edit_history(m2m_fields=["citations"])

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "title"]
        constraints = either_or_constraints(
            "person",
            "organization",
            "city",
            per="title",
            check_name="affiliation_with_organization_or_city",
            unique_name="unique_{}_affiliation",
            message="An affiliation is with an organization or a city, not both or neither.",
        )

    def __str__(self):
        where = self.organization or self.city
        return f"{self.person}, {self.title} ({where})" if self.title else f"{self.person} ({where})"

    @property
    def holder(self):
        """The organization or city the position is with."""
        return self.organization or self.city

    def natural_key(self):
        return (
            self.person.slug,
            self.organization.slug if self.organization else "",
            self.city.slug if self.city else "",
            self.title,
        )

    natural_key.dependencies = ["partners.person", "partners.organization", "partners.city"]
