"""Pieces shared by the dated and cited records of this app."""

from django.core.exceptions import ValidationError
from django.db import models

from citykb.dates import PRECISION_CHOICES, UNKNOWN, FuzzyDate, FuzzyDateAttribute


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
