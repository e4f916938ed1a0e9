"""Filters and form fields every app's lists and API use; bad values fail validation, never the query."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


class YearFilter(django_filters.NumberFilter):
    """A whole-number year in the range dates can hold (a year lookup on 99999 would crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


MAX_NAME_LENGTH = 200  # the longest name or slug a record can have
# Control characters other than tab and newlines: no text of the knowledge base has them, and XML (the feed)
# cannot carry them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError("Remove the control characters from this text.", code="control_characters")


class TextFilter(django_filters.CharFilter):
    """Words to look for; control characters are refused with a message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [refuse_control_characters])
        super().__init__(*args, **kwargs)


class RecordField(forms.ModelChoiceField):
    """A record named by its slug, its name or one of its aliases (any case), typed into a text box.

    A text box, not a list of every record: a select of thousands of options is
    slow to render and to use; the facets offer the common choices as links.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": "Nothing is called “%(value)s”: give its name or the end of its address.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if len(value) > MAX_NAME_LENGTH or "\x00" in value:
            # No record has such a name; PostgreSQL would refuse a NUL character outright.
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value[:80]}
            )
        conditions = [Q(slug=value), Q(name__iexact=value)]
        if hasattr(self.queryset.model, "aliases"):
            conditions.append(Q(aliases__name__iexact=value))
        for condition in conditions:
            found = list(self.queryset.filter(condition).distinct()[:2])
            if len(found) == 1:
                return found[0]
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose a record by slug, name or alias: ?city=yinchuan, ?city=Yinchuan."""

    field_class = RecordField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)
