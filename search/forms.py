from django import forms
from django.core.validators import validate_slug

from .backends.base import SearchOptions
from .documents import TYPE_NAMES

PAGE_SIZE = 10
MAX_PAGE = 1000
MAX_FILTER_VALUES = 10


class SlugListField(forms.Field):
    """Zero or more slugs from a repeated query parameter: ?city=yinchuan&city=milton-keynes."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [str(item).strip() for item in (value or []) if str(item).strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise forms.ValidationError(f"At most {MAX_FILTER_VALUES} values, please.")
        for item in values:
            validate_slug(item)
        return values


class YearListField(SlugListField):
    def to_python(self, value):
        values = super().to_python(value)
        if not all(item.isdigit() and 1 <= int(item) <= 9999 for item in values):
            raise forms.ValidationError("A year is a whole number such as 2017.")
        return values


class SearchForm(forms.Form):
    """Every parameter of a search, checked before it reaches the index."""

    q = forms.CharField(label="Search", required=False, strip=True)
    type = forms.MultipleChoiceField(choices=[(name, name) for name in TYPE_NAMES], required=False)
    city = SlugListField(required=False)
    org = SlugListField(required=False)
    topic = SlugListField(required=False)
    year = YearListField(required=False)
    sort = forms.ChoiceField(choices=[("relevance", "Relevance"), ("date", "Newest first")], required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def options(self, page_size=PAGE_SIZE):
        data = self.cleaned_data
        filters = {name: data[name] for name in ("type", "city", "org", "topic", "year") if data.get(name)}
        return SearchOptions(
            filters=filters, page=data.get("page") or 1, page_size=page_size, sort=data.get("sort") or "relevance"
        )

    @property
    def has_search(self):
        data = self.cleaned_data
        return bool(data.get("q")) or any(data.get(name) for name in ("type", "city", "org", "topic", "year"))
