"""The draft of an import: what the linker proposed, as the records a reviewer would make, on one page.

Each pending suggestion becomes a small form (its prefix is the suggestion's
id) pre-filled with what the text says: a name, a title, an agreement's kind,
parties, date, place, scope and people. The reviewer ticks what to keep,
corrects what is wrong, or says a proposal is a record already known; then
agreements.imports.confirming makes everything at once.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.utils import ErrorDict

from citykb.core.dates import UNKNOWN
from partners.models import Affiliation, City, Organization, Person

from ..forms import FuzzyDateField
from ..models import Agreement, Event, EventRole, StatedFigure, Suggestion
from .confirming import check_names, folded, names_of
from .proposals import Sentences
from .reviewing import amount_of, date_as_typed

# Below this confidence a proposal starts unticked: the reviewer ticks it if it is right.
TICKED_FROM = 0.6
NAMES_HELP = "Names separated by “;”, each a record of this draft or of the knowledge base."


class ProposalForm(forms.Form):
    """One suggestion of the draft: whether to keep it, and what it makes."""

    include = forms.BooleanField(required=False, label="Keep")

    def __init__(self, suggestion, sentences, data=None):
        self.suggestion = suggestion
        super().__init__(data, prefix=f"s{suggestion.pk}", initial=self.initial_values(suggestion))
        self.fields["include"].initial = self.ticked(suggestion)
        body = suggestion.announcement.body
        start, end = sentences.around(suggestion.start)
        start, end = min(start, suggestion.start), max(end, suggestion.end)
        # The sentence in three pieces, so that the template marks the passage and escapes all of it.
        self.before, self.passage, self.after = (
            body[start : suggestion.start].lstrip(),
            body[suggestion.start : suggestion.end],
            body[suggestion.end : end].rstrip(),
        )
        self.sentence = (start + len(body[start:end]) - len(body[start:end].lstrip()), end)

    def initial_values(self, suggestion):
        return {}

    def full_clean(self):
        """A row left out is not checked: what it proposes makes nothing."""
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include", self["include"].value()):
            self._errors, self.cleaned_data = ErrorDict(), {"include": False}

    def ticked(self, suggestion):
        return suggestion.confidence >= TICKED_FROM

    def kept(self):
        return self.is_valid() and self.cleaned_data["include"]

    def typed_names(self):
        """{field name: [names]} of the fields that name other records, to be checked against the draft."""
        return {}


def same_as_field(model, field_name, label, source=Affiliation):
    """A choice of the known record a proposal is (so it is not made twice), picked by typing its name: the
    admin's autocomplete of `source`'s link to the model."""
    widget = AutocompleteSelect(source._meta.get_field(field_name), admin.site)
    return forms.ModelChoiceField(
        model.objects.all(),
        required=False,
        widget=widget,
        label=label,
        help_text="Pick it if this is a record already known: it gets the citation (and this name as an alias).",
    )


class NewOrganizationForm(ProposalForm):
    name = forms.CharField(max_length=200)
    country = forms.CharField(max_length=100, required=False)
    same_as = same_as_field(Organization, "organization", "Or it is")

    def initial_values(self, suggestion):
        return {"name": suggestion.label, "country": suggestion.details.get("country", "")}


class NewCityForm(ProposalForm):
    name = forms.CharField(max_length=200)
    country = forms.CharField(max_length=100, required=False)
    same_as = same_as_field(City, "city", "Or it is")

    def initial_values(self, suggestion):
        country = suggestion.candidates[0].get("country", "") if suggestion.candidates else ""
        return {"name": suggestion.label, "country": country}


class NewPersonForm(ProposalForm):
    name = forms.CharField(max_length=200)
    title = forms.CharField(max_length=200, required=False)
    of = forms.CharField(
        max_length=200, required=False, label="Of", help_text="The organization or city the title is of."
    )
    same_as = same_as_field(Person, "person", "Or it is")

    def initial_values(self, suggestion):
        details = suggestion.details
        return {
            "name": suggestion.label,
            "title": details.get("title", ""),
            "of": details.get("organization") or details.get("city") or "",
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include") and cleaned.get("title") and not cleaned.get("of", "").strip():
            self.add_error("of", "A title is of an organization or a city: name it, or clear the title.")
        return cleaned

    def typed_names(self):
        return {"of": names_of(self.cleaned_data["of"])}


# How a new agreement's title begins, by its kind: "MoU between Acme and Lyon".
TITLE_WORDS = {
    Agreement.Kind.MOU: "MoU",
    Agreement.Kind.LETTER_OF_INTENT: "Letter of intent",
    Agreement.Kind.PARTNERSHIP: "Partnership",
    Agreement.Kind.FRAMEWORK: "Framework agreement",
    Agreement.Kind.THREE_WAY: "Three-way agreement",
}


class NewEventForm(ProposalForm):
    name = forms.CharField(max_length=200)
    city = forms.CharField(max_length=200, required=False, help_text="Where it is held.")
    held = FuzzyDateField(label="Held", help_text="As precise as the text: 2019-10, October 2019, 2019.")
    same_as = same_as_field(Event, "event", "Or it is", source=EventRole)

    def initial_values(self, suggestion):
        details = suggestion.details
        held = (details.get("held") or {}).get("value")
        return {"name": suggestion.label, "city": details.get("city") or "", "held": date_as_typed(held)}

    def typed_names(self):
        city = self.cleaned_data["city"].strip()
        return {"place": [city] if city else []}


class AgreementForm(ProposalForm):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Agreement.Kind.choices)
    parties = forms.CharField(max_length=1000, help_text=NAMES_HELP)
    signed = FuzzyDateField(label="Signed", help_text="As precise as the text: 2019-03-12, March 2019, 2019.")
    place = forms.CharField(max_length=200, required=False, help_text="The city where it was signed.")
    scope = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}), required=False, help_text="One area a line."
    )
    people = forms.CharField(max_length=1000, required=False, label="Signed by", help_text=NAMES_HELP)

    def initial_values(self, suggestion):
        details = suggestion.details
        names = [party["name"] for party in suggestion.candidates]
        kind = details.get("agreement_kind", Agreement.Kind.AGREEMENT)
        return {
            "title": f"{TITLE_WORDS.get(kind, 'Agreement')} between {' and '.join([', '.join(names[:-1]), names[-1]])}",
            "kind": kind,
            "parties": "; ".join(names),
            "signed": date_as_typed((details.get("signed") or {}).get("value")),
            "place": (details.get("place") or {}).get("name", ""),
            "scope": "\n".join(item["description"] for item in details.get("scope", [])),
            "people": "; ".join(person["name"] for person in details.get("people", [])),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include") and "parties" in cleaned and len(names_of(cleaned["parties"])) < 2:
            self.add_error("parties", "An agreement has two parties or more: name them, separated by “;”.")
        return cleaned

    def typed_names(self):
        place = self.cleaned_data["place"].strip()
        return {
            "parties": names_of(self.cleaned_data["parties"]),
            "place": [place] if place else [],
            "people": names_of(self.cleaned_data["people"]),
        }


class DateForm(ProposalForm):
    """A date the text states; kept, it dates the announcement (a signing date goes with its agreement)."""

    include = forms.BooleanField(required=False, label="Dates the announcement")
    value = FuzzyDateField(label="Date")

    def initial_values(self, suggestion):
        return {"value": suggestion.details.get("value") or suggestion.label}

    def ticked(self, suggestion):
        publication = suggestion.details.get("of", "publication") == "publication"
        return publication and suggestion.announcement.published.precision == UNKNOWN

    def clean(self):
        cleaned = super().clean()
        published = self.suggestion.announcement.published
        if cleaned.get("include") and published.is_known:
            self.add_error("include", f"The announcement is already dated {published}: untick this.")
        elif cleaned.get("include") and "value" in cleaned and not cleaned["value"].is_known:
            self.add_error("value", "Give the date, or untick it.")
        return cleaned


class AmountForm(ProposalForm):
    as_stated = forms.CharField(max_length=300, label="As stated")
    quantity = forms.DecimalField(max_digits=20, decimal_places=2)
    unit = forms.CharField(max_length=50, required=False, label="Currency")
    qualifier = forms.ChoiceField(choices=StatedFigure.Qualifier.choices)
    measure = forms.CharField(max_length=100, initial="investment")
    about = forms.CharField(max_length=200, required=False, help_text="The city, event or initiative it is about.")

    def initial_values(self, suggestion):
        quantity, unit, qualifier = amount_of(suggestion)
        places = [candidate["name"] for candidate in suggestion.candidates]
        return {
            "as_stated": suggestion.label,
            "quantity": quantity,
            "unit": unit,
            "qualifier": qualifier,
            "measure": "investment",
            "about": places[0] if places else "",
        }

    def ticked(self, suggestion):
        return bool(suggestion.candidates) and super().ticked(suggestion)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include") and not cleaned.get("about", "").strip():
            self.add_error("about", "Say which city, event or initiative this figure is about, or untick it.")
        return cleaned

    def typed_names(self):
        about = self.cleaned_data["about"].strip()
        return {"about": [about] if about else []}


class MentionForm(ProposalForm):
    """A known record named in the text: kept, the record cites the passage."""

    include = forms.BooleanField(required=False, label="Cite")


class CountryForm(ProposalForm):
    """A country the text names: shown for the countries of new records, and noted with the draft."""

    def ticked(self, suggestion):
        return False


FORMS = {
    Suggestion.Kind.AGREEMENT: AgreementForm,
    Suggestion.Kind.NEW_ORGANIZATION: NewOrganizationForm,
    Suggestion.Kind.NEW_PERSON: NewPersonForm,
    Suggestion.Kind.NEW_CITY: NewCityForm,
    Suggestion.Kind.NEW_EVENT: NewEventForm,
    Suggestion.Kind.DATE: DateForm,
    Suggestion.Kind.AMOUNT: AmountForm,
    Suggestion.Kind.MENTION: MentionForm,
    Suggestion.Kind.COUNTRY: CountryForm,
}
# The draft's sections, in the order of the page.
SECTIONS = [
    ("Agreements", [Suggestion.Kind.AGREEMENT]),
    ("New organizations", [Suggestion.Kind.NEW_ORGANIZATION]),
    ("New people", [Suggestion.Kind.NEW_PERSON]),
    ("New cities", [Suggestion.Kind.NEW_CITY]),
    ("New events", [Suggestion.Kind.NEW_EVENT]),
    ("Known records named", [Suggestion.Kind.MENTION]),
    ("Dates", [Suggestion.Kind.DATE]),
    ("Money", [Suggestion.Kind.AMOUNT]),
    ("Countries named", [Suggestion.Kind.COUNTRY]),
]


def same_thing(suggestion):
    """What makes two suggestions of an import one row of its draft (the same new name, the same known
    record, the same date), or None for one that is a row of its own."""
    kind = suggestion.kind
    if kind in (
        Suggestion.Kind.NEW_ORGANIZATION,
        Suggestion.Kind.NEW_CITY,
        Suggestion.Kind.NEW_PERSON,
        Suggestion.Kind.NEW_EVENT,
    ):
        return kind, folded(suggestion.label)
    if kind == Suggestion.Kind.MENTION:
        candidate = suggestion.candidates[0]
        return kind, candidate["kind"], candidate["id"]
    if kind == Suggestion.Kind.DATE:
        return kind, suggestion.details.get("value") or suggestion.label
    if kind == Suggestion.Kind.COUNTRY:
        return kind, suggestion.label
    return None


class Draft:
    """The pending suggestions of one import as forms, section by section."""

    def __init__(self, report, data=None):
        self.report = report
        suggestions = list(report.suggestions.filter(status=Suggestion.Status.PENDING).select_related("announcement"))
        sentences = Sentences(suggestions[0].announcement.body) if suggestions else None
        self.forms, by_key = [], {}
        for suggestion in suggestions:
            key = same_thing(suggestion)
            if key in by_key:  # the same name again: one row, citing every passage that names it
                by_key[key].repeats.append(suggestion)
                continue
            form = FORMS[suggestion.kind](suggestion, sentences, data)
            form.repeats = []
            self.forms.append(form)
            if key is not None:
                by_key[key] = form

    def suggestions(self):
        """Every suggestion the draft decides: one per row, and the repeats of its name."""
        return [suggestion for form in self.forms for suggestion in [form.suggestion, *form.repeats]]

    def sections(self):
        """[(heading, [form])] of the sections that have proposals."""
        by_kind = {}
        for form in self.forms:
            by_kind.setdefault(form.suggestion.kind, []).append(form)
        sections = [
            (heading, [form for kind in kinds for form in by_kind.get(kind, [])]) for heading, kinds in SECTIONS
        ]
        return [(heading, forms) for heading, forms in sections if forms]

    def is_valid(self):
        """Whether every kept row can be made; every problem is shown at once, beside its row."""
        forms_valid = all([form.is_valid() for form in self.forms])
        dating = [form for form in self.forms if isinstance(form, DateForm) and form.kept()]
        for form in dating[1:]:
            form.add_error("include", "Only one date dates the announcement: keep one of them.")
        names_valid = check_names(self)  # of the rows valid so far
        return forms_valid and len(dating) <= 1 and names_valid

    @property
    def media(self):
        media = forms.Media()
        for form in self.forms:
            media += form.media
        return media
