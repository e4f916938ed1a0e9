"""What every record of the knowledge base is built from, and the data version.

Abstract bases only, apart from DataVersion: the apps' models stand on them.
"""

import uuid

from django.core.exceptions import ValidationError
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
