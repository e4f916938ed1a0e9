"""Edit history of every record editors change (django-simple-history), grouped into change batches.

Each historical row carries the batch of changes it was part of: one admin
request, one merge, one import. A record deleted from the admin takes its
aliases and links with it in the same batch, so restoring it can bring them
all back together.
"""

import contextlib
import contextvars
import uuid

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, models, transaction
from simple_history.models import HistoricalChanges, HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .signals import records_restored

_current_batch = contextvars.ContextVar("history_batch", default=None)


class HistoricalRecordInBatch(models.Model):
    """Base of every historical model: which change batch the row belongs to."""

    history_batch = models.UUIDField(null=True, db_index=True, editable=False)

    class Meta:
        abstract = True


def edit_history(m2m_fields=(), **options):
    """The `history` field of an edited model; `m2m_fields` are the links whose state each version keeps."""
    return HistoricalRecords(bases=[HistoricalRecordInBatch], m2m_fields=m2m_fields, **options)


def is_history_model(model):
    """True for the tables django-simple-history adds (historical records and their link snapshots)."""
    return issubclass(model, HistoricalChanges)


@contextlib.contextmanager
def change_batch():
    """Group every change made inside the block into one batch; yields the batch id."""
    batch = uuid.uuid4()
    reset = _current_batch.set(batch)
    try:
        yield batch
    finally:
        _current_batch.reset(reset)


def current_batch():
    """The open batch: the one a `change_batch()` block opened, else one per admin request."""
    batch = _current_batch.get()
    if batch is not None:
        return batch
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return None
    if not hasattr(request, "history_batch"):
        request.history_batch = uuid.uuid4()
    return request.history_batch


def _stamp_batch(sender, history_instance, **kwargs):
    # A change outside any batch (a shell, a test) is a batch of its own.
    history_instance.history_batch = current_batch() or uuid.uuid4()


pre_create_historical_record.connect(_stamp_batch, dispatch_uid="citykb-history-batch")


def record_versions(records, reason):
    """Write a version of records saved without history (fixtures load as raw saves), their links
    included: without it the first edit of a loaded record could not be reverted."""
    batch = current_batch() or uuid.uuid4()
    by_model = {}
    for record in records:
        if hasattr(type(record), "history"):
            by_model.setdefault(type(record), []).append(record)
    for model, same_model in by_model.items():
        history_model = model.history.model
        known = set(
            history_model.objects.filter(id__in=[r.pk for r in same_model]).values_list("id", flat=True).distinct()
        )
        versions = []
        for update in (False, True):
            chosen = [r for r in same_model if (r.pk in known) == update]
            if chosen:
                versions += model.history.bulk_history_create(
                    chosen,
                    update=update,
                    default_change_reason=reason,
                    custom_historical_attrs={"history_batch": batch},
                )
        _record_link_snapshots(history_model, versions)


def _record_link_snapshots(history_model, versions):
    version_of = {version.id: version for version in versions}
    for field in history_model._history_m2m_fields:
        snapshot_model = getattr(history_model, field.name).model
        through = field.remote_field.through
        own_side = field.m2m_field_name()
        columns = [f.name for f in through._meta.fields]
        links = through.objects.filter(**{f"{own_side}_id__in": list(version_of)})
        snapshot_model.objects.bulk_create(
            snapshot_model(
                history=version_of[getattr(link, f"{own_side}_id")], **{c: getattr(link, c) for c in columns}
            )
            for link in links
        )


def links_at(version):
    """{link field name: [ids]} as a version of a record had them."""
    return {
        field.name: list(getattr(version, field.name).values_list(f"{field.m2m_reverse_field_name()}_id", flat=True))
        for field in version._history_m2m_fields
    }


def version_label(version):
    """What to call a record as a version had it: its name, or "<kind> #<id>" when naming it would need a
    record that is gone too (an affiliation names its person)."""
    record = version.instance
    try:
        return str(record)
    except ObjectDoesNotExist:
        return f"{record._meta.verbose_name.capitalize()} #{record.pk}"


def deleted_versions(model):
    """The last version of each record of `model` that was deleted and not restored, newest first."""
    history_model = model.history.model
    gone = history_model.objects.filter(history_type="-").exclude(id__in=model.objects.values("pk"))
    latest = gone.values("id").annotate(last=models.Max("history_id")).values("last")
    return gone.filter(history_id__in=latest).select_related("history_user").order_by("-history_date")


class RestoreError(Exception):
    """A deleted record that cannot come back, e.g. because a record it refers to is gone too."""


def restore_deleted(deletion):
    """Bring back a deleted record and everything deleted with it (its aliases, links and parts),
    as they were just before, in one transaction and one change batch. Returns the restored records."""
    if type(deletion.instance)._base_manager.filter(pk=deletion.id).exists():
        raise RestoreError(f"“{version_label(deletion)}” has been restored already.")
    deleted_together = []
    for model in apps.get_models():
        if hasattr(model, "history") and not is_history_model(model):
            rows = model.history.filter(history_batch=deletion.history_batch, history_type="-")
            deleted_together += [row for row in rows.exclude(id__in=model.objects.values("pk"))]
    # Django deletes the parts before the whole: restoring newest deletion first puts the whole back first.
    deleted_together.sort(key=lambda row: row.history_date, reverse=True)
    restored = []
    try:
        with transaction.atomic(), change_batch():
            for row in deleted_together:
                _refuse_if_a_reference_is_gone(row)
                record = row.instance
                record._change_reason = "Restored"
                record.save(force_insert=True)
                before = row.prev_record
                for name, ids in (links_at(before) if before else {}).items():
                    target = record._meta.get_field(name).related_model
                    getattr(record, name).set(target.objects.filter(pk__in=ids))
                restored.append(record)
            records_restored.send(sender=restore_deleted, records=restored, batch=deletion.history_batch)
    except IntegrityError as error:
        raise RestoreError(f"“{version_label(deletion)}” cannot be restored: {error}.") from error
    return restored


def _refuse_if_a_reference_is_gone(row):
    # Parents come back first, so a reference still missing here was deleted on its own.
    record = row.instance
    for field in record._meta.concrete_fields:
        target = getattr(record, field.attname) if field.many_to_one else None
        if target is not None and not field.related_model._base_manager.filter(pk=target).exists():
            raise RestoreError(
                f"{record._meta.verbose_name.capitalize()} “{version_label(row)}” cannot be restored: its "
                f"{field.verbose_name} was deleted separately. Restore that first."
            )


def latest_version_id(record):
    """The id of the newest version of `record` (0 if it has none): every save writes one, merges included."""
    newest = type(record).history.filter(id=record.pk).aggregate(newest=models.Max("history_id"))["newest"]
    return newest or 0


def changes_since(record, version_id):
    """What was done to `record` after its version `version_id`, oldest first: one line per version, saying
    when, by whom or why (a merge), and each field's value before and after."""
    record_type = type(record)
    newer = record_type.history.filter(id=record.pk, history_id__gt=version_id or 0).select_related("history_user")
    lines = []
    for version in newer.order_by("history_id"):
        who = version.history_change_reason or (f"by {version.history_user}" if version.history_user else "")
        done = [f"{version.history_date:%Y-%m-%d %H:%M} UTC", who]
        before = version.prev_record
        if before is not None:
            for change in version.diff_against(before).changes:
                label = record_type._meta.get_field(change.field).verbose_name
                if isinstance(change.new, list):  # a link field: its rows, not one value
                    done.append(f"{label} changed")
                else:
                    done.append(f"{label} “{change.old or ''}” → “{change.new or ''}”")
        lines.append(", ".join(part for part in done if part))
    return lines
