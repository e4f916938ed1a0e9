"""Events such as conferences, initiatives such as projects and reports, and the figures stated about them."""

from django.db import models

from citykb.core.citations import prefetch_citations
from citykb.core.dates import FuzzyDateAttribute
from citykb.core.history import edit_history
from citykb.core.models import (
    Alias,
    CitedRecord,
    DatedModel,
    NamedEntity,
    SlugQuerySet,
    either_or_constraints,
    fuzzy_date_fields,
    one_of,
)


class EventQuerySet(SlugQuerySet):
    def with_related(self):
        """Everything an event's page or API record shows, in a fixed number of queries."""
        return self.select_related("city").prefetch_related(
            "topics",
            "aliases",
            models.Prefetch("roles", queryset=EventRole.objects.select_related("organization", "person")),
            "figures",
            *prefetch_citations("citations", "roles__citations", "figures__citations"),
        )

    def by_date(self):
        return self.order_by(models.F("held_start").asc(nulls_last=True), "name")


class InitiativeQuerySet(SlugQuerySet):
    def with_related(self):
        """Everything an initiative's page or API record shows, in a fixed number of queries."""
        return self.select_related("city").prefetch_related(
            "topics",
            "aliases",
            models.Prefetch("roles", queryset=InitiativeRole.objects.select_related("organization")),
            "figures",
            *prefetch_citations("citations", "roles__citations", "figures__citations"),
        )


class Event(DatedModel, NamedEntity, CitedRecord):
    """A conference or similar gathering, e.g. Smart City InFocus 2016 in Yinchuan."""

    stated_by = {"citations": ("name", "description", "city", "held")}

    city = models.ForeignKey("partners.City", null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    held = FuzzyDateAttribute()
    held_start, held_precision, held_approximate = fuzzy_date_fields("date held")
    topics = models.ManyToManyField("Topic", blank=True, related_name="events")
    citations = models.ManyToManyField("Citation", related_name="events")

    history = edit_history(m2m_fields=["topics", "citations"])

    objects = EventQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        pass


class EventAlias(Alias):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "event"

    class Meta(Alias.Meta):
        verbose_name_plural = "event aliases"
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_event_alias")]


class EventRoleQuerySet(models.QuerySet):
    def get_by_natural_key(self, event_slug, organization_slug, person_slug, role):
        return self.get(
            event__slug=event_slug,
            organization__slug=organization_slug or None,
            person__slug=person_slug or None,
            role=role,
        )


class EventRole(models.Model):
    """What an organization or a person did at an event."""

    class Role(models.TextChoices):
        SPONSOR = "sponsor", "Sponsor"
        PARTNER = "partner", "Held in partnership with"
        SUPPORTER = "supporter", "Sent representatives"
        INVITED = "invited", "Invited to attend"
        ATTENDEE = "attendee", "Attendee"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(
        "partners.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="event_roles"
    )
    person = models.ForeignKey(
        "partners.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="event_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    citations = models.ManyToManyField("Citation", related_name="event_roles")

    history = edit_history(m2m_fields=["citations"])

    objects = EventRoleQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "role", "organization__name", "person__name"]
        constraints = either_or_constraints(
            "event",
            "organization",
            "person",
            per="role",
            check_name="event_role_of_organization_or_person",
            unique_name="unique_{}_event_role",
            message="An event role belongs to an organization or a person, not both or neither.",
        )

    def __str__(self):
        return f"{self.participant} – {self.get_role_display()} – {self.event}"

    @property
    def participant(self):
        return self.organization or self.person

    def natural_key(self):
        return (
            self.event.slug,
            self.organization.slug if self.organization else "",
            self.person.slug if self.person else "",
            self.role,
        )

    natural_key.dependencies = ["agreements.event", "partners.organization", "partners.person"]


class Initiative(DatedModel, NamedEntity, CitedRecord):
    """A project, research centre or report: CityLabs, MK:Smart, the Smart City Playbook…"""

    stated_by = {"citations": ("name", "kind", "description", "city", "announced", "started")}

    class Kind(models.TextChoices):
        PROJECT = "project", "Project"
        RESEARCH_CENTRE = "research-centre", "Research centre"
        REPORT = "report", "Report"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    city = models.ForeignKey(
        "partners.City", null=True, blank=True, on_delete=models.PROTECT, related_name="initiatives"
    )
    announced = FuzzyDateAttribute()
    announced_start, announced_precision, announced_approximate = fuzzy_date_fields("date announced")
    started = FuzzyDateAttribute()
    started_start, started_precision, started_approximate = fuzzy_date_fields("start or launch date")
    topics = models.ManyToManyField("Topic", blank=True, related_name="initiatives")
    citations = models.ManyToManyField("Citation", related_name="initiatives")

    history = edit_history(m2m_fields=["topics", "citations"])

    objects = InitiativeQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        pass


class InitiativeAlias(Alias):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "initiative"

    class Meta(Alias.Meta):
        verbose_name_plural = "initiative aliases"
        constraints = [models.UniqueConstraint(fields=["initiative", "name"], name="unique_initiative_alias")]


class InitiativeRoleQuerySet(models.QuerySet):
    def get_by_natural_key(self, initiative_slug, organization_slug, role):
        return self.get(initiative__slug=initiative_slug, organization__slug=organization_slug, role=role)


class InitiativeRole(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Leads it"
        PARTNER = "partner", "Partner"
        COMMISSIONER = "commissioner", "Commissioned it"
        INVESTOR = "investor", "Invests in it"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey("partners.Organization", on_delete=models.PROTECT, related_name="initiative_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    citations = models.ManyToManyField("Citation", related_name="initiative_roles")

    history = edit_history(m2m_fields=["citations"])

    objects = InitiativeRoleQuerySet.as_manager()

    class Meta:
        ordering = ["initiative_id", "role", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "organization", "role"], name="unique_initiative_role")
        ]

    def __str__(self):
        return f"{self.organization} – {self.get_role_display()} – {self.initiative}"

    def natural_key(self):
        return (self.initiative.slug, self.organization.slug, self.role)

    natural_key.dependencies = ["agreements.initiative", "partners.organization"]


class StatedFigure(models.Model):
    """A number an announcement gives, kept as precise as it was said ("close to £1 million").

    `quantity` and `qualifier` let figures sort and filter; `as_stated` is what
    pages show, so "over 43 speakers" never becomes "43 speakers".
    """

    class Qualifier(models.TextChoices):
        EXACTLY = "exactly", "exactly"
        ABOUT = "about", "about (a round figure)"
        MORE_THAN = "more-than", "more than"
        CLOSE_TO = "close-to", "close to (just under)"
        SEVERAL = "several", "several times (“hundreds” is several × 100)"

    slug = models.SlugField(max_length=200, unique=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="figures")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="figures")
    city = models.ForeignKey("partners.City", null=True, blank=True, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=100, help_text="What is counted, e.g. speakers, population, investment.")
    quantity = models.DecimalField(max_digits=20, decimal_places=2)
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACTLY)
    unit = models.CharField(max_length=50, blank=True, help_text="A currency code (GBP) or what is counted.")
    as_stated = models.CharField(max_length=300, help_text="The figure in the announcement's words.")
    citations = models.ManyToManyField("Citation", related_name="figures")

    history = edit_history(m2m_fields=["citations"])

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("event", "initiative", "city"),
                name="figure_about_one_record",
                violation_error_message="A figure is about exactly one event, initiative or city.",
            ),
        ]

    def __str__(self):
        return self.as_stated

    def natural_key(self):
        return (self.slug,)

    @property
    def subject(self):
        return self.event or self.initiative or self.city
