"""What every record of the knowledge base is built from, and the data version.

Abstract bases, and the two tables of the base layer: the data version, and the facts editors
marked as having no source yet.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from .dates import PRECISION_CHOICES, UNKNOWN, FuzzyDate, FuzzyDateAttribute
from .history import edit_history
from .kinds import page_of


class SlugQuerySet(models.QuerySet):
    """Records found by their slug, which is also their natural key in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RecordPage:
    """A record of a kind (citykb.core.kinds) has a page of its own at its slug."""

    def get_absolute_url(self):
        return page_of(self)


class AliasedModel(RecordPage, models.Model):
    """A record with other names, kept as rows of an Alias model with related_name="aliases"."""

    class Meta:
        abstract = True

    @property
    def alias_names(self):
        """Other names as a list of strings; prefetch `aliases` to avoid a query per record."""
        return [alias.name for alias in self.aliases.all()]


class Named(models.Model):
    """A record or alias known by its name, and listed by it."""

    name = models.CharField(max_length=200)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class NamedEntity(Named, AliasedModel):
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta(Named.Meta):
        abstract = True

    def natural_key(self):
        return (self.slug,)


def contains_itself(record):
    """True when following `parent` links from a record leads back to it."""
    seen = set()
    ancestor = record.parent
    while ancestor is not None and ancestor.pk not in seen:
        if record.pk is not None and ancestor.pk == record.pk:
            return True
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    return False


class AliasQuerySet(models.QuerySet):
    def get_by_natural_key(self, owner_slug, name):
        return self.get(**{f"{self.model.owner_field}__slug": owner_slug, "name": name})


class Alias(Named):
    """Another name or an abbreviation of a record, e.g. "ZTE Corporation" or "MK".

    A concrete alias model adds the foreign key to its record (related_name="aliases"), names it in
    `owner_field`, and makes the pair unique.
    """

    # inherit: every concrete alias model gets its own history table.
    history = edit_history(inherit=True)

    objects = AliasQuerySet.as_manager()
    owner_field = None

    class Meta(Named.Meta):
        abstract = True

    def natural_key(self):
        return (getattr(self, self.owner_field).slug, self.name)


def one_of(*fields):
    """A condition that exactly one of these (nullable foreign key) fields is set."""
    condition = Q()
    for chosen in fields:
        condition |= Q(**{f"{field}__isnull": field != chosen for field in fields})
    return condition


def either_or_constraints(owner, first, second, *, per, check_name, unique_name, message):
    """The constraints of a link from `owner` to either a `first` or a `second` record, never both or
    neither, once per `per` (a role, a title): e.g. an agreement's party is an organization or a city.
    `unique_name` has a {} where the linked field's name goes."""
    return [
        models.CheckConstraint(condition=one_of(first, second), name=check_name, violation_error_message=message),
        *(
            models.UniqueConstraint(
                fields=[owner, field, per],
                condition=Q(**{f"{field}__isnull": False}),
                name=unique_name.format(field),
            )
            for field in (first, second)
        ),
    ]


def fuzzy_date_fields(label):
    """The three columns behind a FuzzyDateAttribute: first day, precision, approximate."""
    return (
        models.DateField(f"{label} (first day)", null=True, blank=True),
        models.CharField(f"{label} precision", max_length=10, choices=PRECISION_CHOICES, default=UNKNOWN),
        models.BooleanField(f"{label} approximate", default=False),
    )


class DatedModel(models.Model):
    """Validates every FuzzyDateAttribute of a model in `clean()`."""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        for name, attribute in vars(type(self)).items():
            if isinstance(attribute, FuzzyDateAttribute):
                try:
                    FuzzyDate(
                        getattr(self, f"{name}_start"),
                        getattr(self, f"{name}_precision"),
                        getattr(self, f"{name}_approximate"),
                    )
                except ValueError as error:
                    errors[f"{name}_start"] = str(error)
        if errors:
            raise ValidationError(errors)


class DataVersion(models.Model):
    """One row whose token is replaced, in the writing transaction, by every change to a record.

    A fresh random token rather than a counter: a rolled-back transaction puts
    the old token back, and work made from the old data is still right for it,
    while work made inside the rolled-back transaction is never seen again.
    """

    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self):
        return str(self.token)


class UnsourcedFactQuerySet(models.QuerySet):
    def of(self, record):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


class UnsourcedFact(models.Model):
    """A stated field of a record that an editor changed to a value none of its cited passages says.

    Public pages show it as "no source yet" until an editor cites a passage for it
    (or keeps the record's passages on a later edit of the field).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=100, help_text="The name of the record's field, e.g. description.")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    history = edit_history()

    objects = UnsourcedFactQuerySet.as_manager()

    class Meta:
        ordering = ["-marked_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "field"], name="unique_unsourced_fact")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="unsourced_fact_record")]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id}: {self.field}"

    @property
    def field_label(self):
        """The field as the record's page and form call it ("description")."""
        return field_label(self.content_type.model_class(), self.field)


def field_label(model, name):
    """What pages and forms call a field of a model: "description", "home city", "signing date"."""
    for candidate, suffix in ((name, ""), (f"{name}_start", " (first day)")):  # a date is edited as one field
        try:
            return str(model._meta.get_field(candidate).verbose_name).removesuffix(suffix)
        except FieldDoesNotExist:
            continue
    return name.replace("_", " ")


def field_labels(model, names):
    """Several fields as a sentence says them: "kind, country and description"."""
    said = [field_label(model, name) for name in names]
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"


class CitedRecord(models.Model):
    """A record whose facts are stated by the passages it cites.

    `stated_by` maps each of its citation fields to the fields whose values those
    passages state, e.g. {"citations": ("name", "description")}. Slugs, websites,
    topics and aliases are the knowledge base's own bookkeeping, not stated facts.
    An editor who changes a stated field says whether its passages still state it;
    when they do not, the field is marked unsourced (UnsourcedFact).
    """

    stated_by = {}

    unsourced_facts = GenericRelation(UnsourcedFact)

    class Meta:
        abstract = True

    def unsourced_fields(self, citation_field=None):
        """The names of the stated fields marked as having no source yet (those `citation_field`'s passages
        would state, if given), from the prefetch that prefetch_unsourced() made, else from the database."""
        try:
            marks = self.prefetched_unsourced_facts
        except AttributeError:  # not prefetched: one query for this record
            marks = list(self.unsourced_facts.all())
        names = {mark.field for mark in marks}
        groups = [self.stated_by.get(citation_field, ())] if citation_field else self.stated_by.values()
        stated = [name for group in groups for name in group]
        return [name for name in stated if name in names]

    def is_unsourced(self, field):
        return field in self.unsourced_fields()

    def mark_unsourced(self, fields, by=None):
        """Show these stated fields as having no source yet."""
        for field in fields:
            UnsourcedFact.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(self),
                object_id=self.pk,
                field=field,
                defaults={"marked_by": by},
            )

    def mark_sourced(self, fields):
        """These stated fields are stated by a cited passage again."""
        for mark in UnsourcedFact.objects.of(self).filter(field__in=list(fields)):
            mark.delete()  # one by one, so that each removal is in the edit history
