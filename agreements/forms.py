"""Admin forms: dates typed as people write them, citations by their words rather than their offsets."""

from django import forms
from django.core.exceptions import ValidationError

from citykb.core.dates import FuzzyDate, FuzzyDateAttribute

from .models import Citation


class FuzzyDateField(forms.CharField):
    """One box for a date as precise as the source: "2017-09-18", "September 2017", "late 2016", "2017?"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "As precise as the source: 2017-09-18, 2017-09, late 2016, 2017, 2017? (about).")
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return FuzzyDate.parse(super().to_python(value) or "")
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        if isinstance(value, FuzzyDate):
            return str(value) if value.is_known else ""
        return value


def fuzzy_dates_of(model):
    """The names of the model's FuzzyDateAttributes, e.g. ["signed"]."""
    return [name for name, value in vars(model).items() if isinstance(value, FuzzyDateAttribute)]


class DatedForm(forms.ModelForm):
    """Each fuzzy date edited as one field instead of its three columns (see dated_form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in fuzzy_dates_of(self._meta.model):
            self.initial.setdefault(name, getattr(self.instance, name))

    def _post_clean(self):
        for name in fuzzy_dates_of(self._meta.model):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


def dated_form(model):
    """A DatedForm for the model: a FuzzyDateField per date, none of the columns behind them."""
    dates = fuzzy_dates_of(model)
    columns = [f"{name}_{part}" for name in dates for part in ("start", "precision", "approximate")]
    fields = {
        name: FuzzyDateField(label=model._meta.get_field(f"{name}_start").verbose_name.split(" (")[0].capitalize())
        for name in dates
    }
    meta = type("Meta", (), {"model": model, "exclude": columns})
    return type(f"{model.__name__}DatedForm", (DatedForm,), {"Meta": meta, **fields})


class CitationForm(forms.ModelForm):
    """A citation is its announcement and the words it quotes; the offsets are worked out, never typed."""

    occurrence = forms.IntegerField(
        min_value=1, initial=1, help_text="If the words occur more than once: which occurrence (1 = the first)."
    )

    class Meta:
        model = Citation
        fields = ["announcement", "quote"]
        help_texts = {"quote": "Paste the passage exactly as the announcement has it."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        citation = self.instance
        if citation.pk:  # which occurrence of its words this citation is
            self.initial["occurrence"] = citation.announcement.body.count(citation.quote, 0, citation.start) + 1

    def clean(self):
        cleaned = super().clean()
        announcement, quote = cleaned.get("announcement"), cleaned.get("quote")
        if announcement and quote:
            try:
                found = announcement.cite(quote, cleaned.get("occurrence") or 1)
            except ValueError:
                message = "These words are not in the announcement (that many times): paste them as it has them."
                raise ValidationError({"quote": message}) from None
            self.instance.start, self.instance.end = found.start, found.end
        return cleaned


class ImportForm(forms.Form):
    """A new announcement, pasted or uploaded as a .txt, .md or .html file."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12, "cols": 80}), required=False, strip=False)
    # Empty files are let through to the import, which refuses them with a report.
    file = forms.FileField(required=False, allow_empty_file=True, help_text="A .txt, .md or .html file up to 2 MB.")
    title = forms.CharField(max_length=300, required=False, help_text="Leave blank to use the first line.")
    published = FuzzyDateField(label="Publication date")
    publisher = forms.CharField(max_length=200, required=False)
    even_if_alike = forms.BooleanField(
        label="Import it even if alike",
        required=False,
        help_text="A text nearly the same as a stored one is refused unless this is ticked.",
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("text", "").strip()) == bool(cleaned.get("file")):
            raise ValidationError("Paste the text or choose a file (one of the two).")
        return cleaned
