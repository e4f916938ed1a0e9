from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from citykb.core.actions import INDEXED_RECORD_ACTIONS, RECORD_ACTIONS
from citykb.core.admin import EditConflictAdmin, NulSafeAdmin, StatedFactsAdmin
from citykb.core.history import RestoreError, deleted_versions, links_at, restore_deleted, version_label

from .merging import MergeError, merge_records
from .models import Affiliation, City, CityAlias, MergedSlug, Organization, OrganizationAlias, Person, PersonAlias


class RecordAdmin(NulSafeAdmin, EditConflictAdmin, StatedFactsAdmin, SimpleHistoryAdmin):
    """Admin of an edited record: its history with a diff between versions, revert, and the list
    of deleted records with a way to restore each (with what was deleted along with it). A cited
    record's form keeps its facts cited when they change (StatedFactsAdmin), and a form read before
    the record's last change is refused, listing that change (EditConflictAdmin)."""

    actions = RECORD_ACTIONS
    change_list_template = "admin/record_change_list.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{opts.app_label}_{opts.model_name}_restore",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        version = getattr(obj, "_history", None)  # set when the form shows an old version to revert to
        if version is None:
            return form
        links = links_at(version)

        class VersionForm(form):
            # A form reads links from the database; an old version's links are in its history.
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update({name: ids for name, ids in links.items() if name in self.fields})

        return VersionForm

    def history_view(self, request, object_id, extra_context=None):
        try:
            return super().history_view(request, object_id, extra_context)
        except ObjectDoesNotExist:
            return self._names_a_deleted_record(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ObjectDoesNotExist:
            return self._names_a_deleted_record(request)

    def _names_a_deleted_record(self, request):
        # The versions of a deleted part (an affiliation) are named after records that may be gone too
        # (its person); django-simple-history's pages cannot show them until those are back.
        self.message_user(
            request,
            "This history names a record that has been deleted since: restore that record first.",
            messages.WARNING,
        )
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_deleted")

    def deleted_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Deleted {self.model._meta.verbose_name_plural}",
            "deletions": [(deletion, version_label(deletion)) for deletion in deleted_versions(self.model)[:200]],
        }
        return TemplateResponse(request, "admin/deleted_records.html", context)

    def restore_view(self, request, history_id):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        deletion = get_object_or_404(self.model.history.model, history_id=history_id, history_type="-")
        opts = self.model._meta
        if request.method != "POST":
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_deleted")
        try:
            restored = restore_deleted(deletion)
        except RestoreError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_deleted")
        record = next(r for r in restored if type(r) is self.model and r.pk == deletion.id)
        others = len(restored) - 1
        self.message_user(
            request,
            f"Restored “{record}”" + (f" and {others} record(s) deleted with it." if others else "."),
            messages.SUCCESS,
        )
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", record.pk)


@admin.action(description="Merge the selected records into one…", permissions=["change", "delete"])
def merge_selected(modeladmin, request, queryset):
    """Ask which record survives; on confirmation merge the others into it (partners.merging)."""
    records = list(queryset)
    if len(records) < 2:
        modeladmin.message_user(request, "Select at least two records to merge.", messages.WARNING)
        return None
    survivor_id = request.POST.get("survivor")
    if "merge" in request.POST and survivor_id:
        survivor = next((r for r in records if str(r.pk) == survivor_id), None)
        if survivor is None:
            modeladmin.message_user(request, "Choose the record to keep among the selected ones.", messages.ERROR)
            return None
        duplicates = [r for r in records if r.pk != survivor.pk]
        try:
            merge_records(survivor, duplicates)
        except (MergeError, ValidationError) as error:
            problem = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"Nothing was merged: {problem}", messages.ERROR)
            return None
        names = ", ".join(f"“{d}”" for d in duplicates)
        modeladmin.message_user(request, f"Merged {names} into “{survivor}”; their pages now lead to its page.")
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": f"Merge {modeladmin.model._meta.verbose_name_plural}",
        "records": records,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/merge_records.html", context)


class CityAliasInline(admin.TabularInline):
    model = CityAlias
    extra = 0


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 0


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organization", "city", "citations"]


@admin.register(City)
class CityAdmin(RecordAdmin):
    actions = [*INDEXED_RECORD_ACTIONS, merge_selected]
    list_display = ["name", "country", "parent"]
    list_select_related = ["parent"]
    list_filter = ["country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "citations"]
    inlines = [CityAliasInline]


@admin.register(Organization)
class OrganizationAdmin(RecordAdmin):
    actions = [*INDEXED_RECORD_ACTIONS, merge_selected]
    list_display = ["name", "kind", "country", "city"]
    list_select_related = ["city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city", "parent", "citations"]
    inlines = [OrganizationAliasInline, AffiliationInline]
    # A website typed without a scheme is taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    actions = [*INDEXED_RECORD_ACTIONS, merge_selected]
    list_display = ["name"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["citations"]
    inlines = [PersonAliasInline, AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(RecordAdmin):
    list_display = ["person", "title", "organization", "city"]
    list_select_related = ["person", "organization", "city"]
    search_fields = ["person__name", "title", "organization__name", "city__name"]
    autocomplete_fields = ["person", "organization", "city", "citations"]


@admin.register(MergedSlug)
class MergedSlugAdmin(NulSafeAdmin, admin.ModelAdmin):
    """Addresses of merged-away records, kept so that old links still arrive; written by merges only."""

    list_display = ["slug", "kind", "record_id", "merged_at"]
    list_filter = ["kind"]
    search_fields = ["slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AliasAdmin(RecordAdmin):
    list_display = ["name", "__str__"]
    search_fields = ["name"]

    def get_autocomplete_fields(self, request):
        return [self.model.owner_field]


admin.site.register([CityAlias, OrganizationAlias, PersonAlias], AliasAdmin)
