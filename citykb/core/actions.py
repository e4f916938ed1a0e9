"""Admin actions for every record: download the selected rows, re-index them for search."""

import csv
import io

from django.contrib import admin, messages
from django.core import serializers
from django.http import HttpResponse

from .cells import spreadsheet_cell
from .kinds import kind_of
from .signals import reindex_requested


def _download(content, content_type, queryset, extension):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{queryset.model._meta.model_name}.{extension}"'
    return response


@admin.action(description="Download the selected rows as CSV")
def export_csv(modeladmin, request, queryset):
    fields = [field for field in queryset.model._meta.concrete_fields]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([field.name for field in fields])
    for record in queryset.order_by("pk"):
        writer.writerow([spreadsheet_cell(field.value_to_string(record)) for field in fields])
    return _download(out.getvalue(), "text/csv; charset=utf-8", queryset, "csv")


@admin.action(description="Download the selected rows as JSON (loadable with load_initial_data)")
def export_json(modeladmin, request, queryset):
    content = serializers.serialize(
        "json", queryset.order_by("pk"), indent=2, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return _download(content, "application/json", queryset, "json")


@admin.action(description="Index the selected records for search again")
def reindex(modeladmin, request, queryset):
    if kind_of(queryset.model) is None:
        modeladmin.message_user(request, "These records are not searched on their own.", messages.WARNING)
        return
    pks = list(queryset.values_list("pk", flat=True))
    reindex_requested.send(sender=queryset.model, pks=pks)
    modeladmin.message_user(request, f"{len(pks)} record(s) will be indexed again as this change is saved.")


RECORD_ACTIONS = [export_csv, export_json]
INDEXED_RECORD_ACTIONS = [export_csv, export_json, reindex]
