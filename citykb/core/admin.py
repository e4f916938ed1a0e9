"""Keeping facts cited when editors change them: the sources part of every cited record's change form,
and the list of the facts marked as having no source yet."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AdminRadioSelect, AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from .citations import citations_of
from .history import changes_since, latest_version_id
from .models import CitedRecord, UnsourcedFact
from .models import field_labels as labels

KEEP, CITE, UNSOURCED = "keep", "cite", "unsourced"
SOURCE_CHOICES = [
    (KEEP, "Keep these sources: the new value still says what they quote"),
    (CITE, "Cite another passage, chosen below, that says the new value"),
    (UNSOURCED, "Mark it unsourced: pages show “no source yet” beside it until a passage is cited"),
]


def _stored_value(record, name):
    try:
        return getattr(record, record._meta.get_field(name).attname)
    except FieldDoesNotExist:  # a date edited as one field (signed)
        return getattr(record, name)


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()  # browsers send a text box's lines ending in \r\n
    return value


class StatedFactsForm(forms.ModelForm):
    """The change form of a cited record: a stated field changed (against the record as stored, so that
    reverting to an old version asks too) needs the editor's word on the passages cited for it.

    `source_choices` is then [(citation field, changed fields, choice, passage)] for the admin to act on.
    """

    def clean(self):
        cleaned = super().clean()
        self.source_choices = []
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            return cleaned
        model = type(self.instance)
        for group, stated in model.stated_by.items():
            changed = [
                name
                for name in stated
                if name in cleaned and _comparable(cleaned[name]) != _comparable(_stored_value(stored, name))
            ]
            if not changed:
                continue
            choice, passage = cleaned.get(f"{group}_choice"), cleaned.get(f"{group}_passage")
            if not choice:
                self.add_error(
                    f"{group}_choice",
                    f"You changed the {labels(model, changed)}. Nothing is saved until you say whether the "
                    "passages cited for it still say the new value, cite another passage, or mark it unsourced.",
                )
            elif choice == CITE and passage is None:
                self.add_error(f"{group}_passage", "Choose the passage that says the new value.")
            else:
                if choice == CITE and group in cleaned:  # saved with the form's other links, in its history
                    cleaned[group] = [*cleaned[group], passage]
                self.source_choices.append((group, changed, choice, passage))
        return cleaned


class StatedFactsAdmin:
    """For the admin of a CitedRecord: its change form shows the passages cited for its stated fields and,
    when one of them changes, does not save until the editor keeps them, cites another passage, or marks
    the fact unsourced (UnsourcedFact) — one choice on the same form, not another page."""

    sources_fieldset = "Sources of the stated facts"

    def _asks_for_sources(self, obj):
        return obj is not None and isinstance(obj, CitedRecord) and bool(obj.stated_by)

    def _sources_fields(self):
        return [
            "stated_passages",
            *(f"{group}_{part}" for group in self.model.stated_by for part in ("choice", "passage")),
        ]

    def get_form(self, request, obj=None, **kwargs):
        if self._asks_for_sources(obj) and not issubclass(kwargs.get("form", self.form), StatedFactsForm):
            kwargs["form"] = self._sources_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, **kwargs)

    def _sources_form(self, base):
        fields = {}
        for group, stated in self.model.stated_by.items():
            relation = self.model._meta.get_field(group)
            fields[f"{group}_choice"] = forms.ChoiceField(
                label=f"If you change its {labels(self.model, stated)}",
                choices=SOURCE_CHOICES,
                widget=AdminRadioSelect,
                required=False,
            )
            fields[f"{group}_passage"] = forms.ModelChoiceField(
                relation.related_model.objects.all(),
                label="Another passage",
                required=False,
                widget=AutocompleteSelect(relation, self.admin_site),
                help_text="Only with “Cite another passage”: it is added to the passages cited.",
            )
        return type(base.__name__, (StatedFactsForm, base), fields)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "stated_passages"] if self._asks_for_sources(obj) else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._asks_for_sources(obj):
            return fieldsets
        ours = self._sources_fields()
        others = [
            (name, {**options, "fields": [field for field in options["fields"] if field not in ours]})
            for name, options in fieldsets
        ]
        return [*others, (self.sources_fieldset, {"fields": ours})]

    @admin.display(description="Passages cited")
    def stated_passages(self, record):
        """Each citation field's passages (quote and announcement), and the facts marked unsourced."""
        parts = []
        for group, stated in record.stated_by.items():
            passages = format_html_join(
                "",
                '<li>“{}” — <a href="{}">{}</a></li>',
                ((c.quote, c.get_absolute_url(), c.announcement.title) for c in citations_of(record, group)),
            ) or format_html("<li>{}</li>", "none yet")
            unsourced = record.unsourced_fields(group)
            marked = (
                format_html("<p><strong>No source yet</strong> for its {}.</p>", labels(type(record), unsourced))
                if unsourced
                else ""
            )
            parts.append(format_html("<p>For its {}:</p><ul>{}</ul>{}", labels(type(record), stated), passages, marked))
        return format_html_join("", "<div>{}</div>", ((part,) for part in parts))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Here rather than in save_related: reverting to a version (django-simple-history) saves no related.
        for group, changed, choice, passage in getattr(form, "source_choices", ()):
            if choice == UNSOURCED:
                obj.mark_unsourced(changed, by=request.user)
                self.message_user(
                    request,
                    f"Marked unsourced: its {labels(type(obj), changed)}. Pages show “no source yet” beside it, "
                    "and it is listed among the unsourced facts, until a passage is cited for it.",
                    messages.WARNING,
                )
                continue
            if choice == CITE and group not in form.fields:
                getattr(obj, group).add(passage)
            obj.mark_sourced(changed)


class EditConflictForm(forms.ModelForm):
    """The change form of a record with history, refused when the record was changed (by another editor, a merge,
    a revert) after the form was read: saved, its stale fields would silently undo that change.

    The form carries the newest version id the editor saw; a refused form comes back listing what changed, and
    carrying the new version id, so that saving it again keeps the editor's values knowingly."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["seen_version"] = latest_version_id(self.instance)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk is None or seen is None:
            return cleaned
        if connection.in_atomic_block:  # the admin's save is one transaction: hold the record till it commits
            type(self.instance)._base_manager.select_for_update().filter(pk=self.instance.pk).exists()
        newest = latest_version_id(self.instance)
        if newest == seen:
            return cleaned
        changes = changes_since(self.instance, seen)
        self.add_error(
            None,
            f"This {self.instance._meta.verbose_name} was changed since you opened this form, and nothing of "
            "yours is saved yet. What changed:",
        )
        for change in changes:
            self.add_error(None, f"— {change}.")
        self.add_error(
            None,
            "The form below still holds your values: save it again to keep them over these changes, or open the "
            "record anew to start from it as it is now.",
        )
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = str(newest)
        return cleaned


class EditConflictAdmin:
    """For the admin of a record with history: its change form is an EditConflictForm."""

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        if obj is not None and hasattr(self.model, "history") and not issubclass(base, EditConflictForm):
            kwargs["form"] = type(base.__name__, (EditConflictForm, base), {})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # An admin that lists its fields (`fields`, `fieldsets`) would leave the hidden field out of the page.
        if obj is None or not fieldsets or "seen_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "seen_version"]}), *others]


class NulSafeAdmin:
    """PostgreSQL refuses a NUL character anywhere in a query, as a server error. Nothing stored holds one, so a
    list filter's value and an autocomplete's term lose theirs (Django's own search box refuses it already)."""

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            request.GET = cleaned
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


@admin.register(UnsourcedFact)
class UnsourcedFactAdmin(NulSafeAdmin, admin.ModelAdmin):
    """Every fact an editor marked as having no source yet, with a link to its record's change form.

    Marks are made and cleared by those forms; deleting one here says that a passage cited for the
    record now states the fact."""

    list_display = ["record_link", "fact", "marked_by", "marked_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "marked_by"]
    search_fields = ["field"]
    list_display_links = None

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="record")
    def record_link(self, fact):
        record = fact.record
        if record is None:
            return f"{fact.content_type.name} #{fact.object_id} (deleted)"
        opts = record._meta
        try:
            address = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        except NoReverseMatch:
            return str(record)
        return format_html('<a href="{}">{}</a>', address, f"{opts.verbose_name.capitalize()}: {record}")

    @admin.display(description="fact", ordering="field")
    def fact(self, fact):
        return fact.field_label
