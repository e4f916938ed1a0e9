"""Merging duplicate records: one survivor keeps everything the duplicates had.

Links, aliases, parts and citations move over; where the survivor already has
the same link (ZTE as signatory of an agreement, twice), the two become one
that cites the passages of both. A duplicate's name becomes an alias of the
survivor and its slug redirects to the survivor's page. Every row changes
through save() and delete(), so the history shows the merge and search and
pages follow it; the whole merge is one transaction and one change batch.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.dispatch import receiver

from citykb.core.history import change_batch, is_history_model
from citykb.core.signals import records_restored

from .models import MergedSlug


class MergeError(Exception):
    """Records that cannot be merged, with why."""


def merge_records(survivor, duplicates):
    """Merge `duplicates` into `survivor` (records of one model); returns the survivor, saved."""
    duplicates = [d for d in duplicates if d.pk != survivor.pk]
    if not duplicates:
        raise MergeError("Choose at least two records: the one to keep and one to merge into it.")
    if any(type(d) is not type(survivor) for d in duplicates):
        raise MergeError("Only records of one kind can be merged.")
    try:
        with transaction.atomic(), change_batch():
            for duplicate in duplicates:
                _merge_one(survivor, duplicate)
    except (IntegrityError, ProtectedError) as error:
        raise MergeError(str(error)) from error
    return survivor


def _merge_one(survivor, duplicate):
    reason = f"Merged into {survivor} (#{survivor.pk})"
    for relation in duplicate._meta.related_objects:
        if is_history_model(relation.related_model):
            continue
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            getattr(survivor, accessor).add(*getattr(duplicate, accessor).all())
        else:
            _move_rows(relation, survivor, duplicate, reason)
    for field in duplicate._meta.many_to_many:
        getattr(survivor, field.name).add(*getattr(duplicate, field.name).all())

    survivor.refresh_from_db()
    _fill_blanks(survivor, duplicate)
    aliased = hasattr(survivor, "aliases")  # a topic has none
    if aliased and duplicate.name != survivor.name and not survivor.aliases.filter(name=duplicate.name).exists():
        survivor.aliases.create(name=duplicate.name)
    kind = survivor._meta.model_name
    MergedSlug.objects.filter(kind=kind, record_id=duplicate.pk).update(record_id=survivor.pk)
    MergedSlug.objects.update_or_create(kind=kind, slug=duplicate.slug, defaults={"record_id": survivor.pk})

    survivor._change_reason = f"Merged {duplicate} (#{duplicate.pk}) into it"
    survivor.full_clean()
    survivor.save()
    duplicate._change_reason = reason
    duplicate.delete()


def _move_rows(relation, survivor, duplicate, reason):
    """Point every row that refers to the duplicate at the survivor instead."""
    field = relation.field
    for row in relation.related_model._base_manager.filter(**{field.name: duplicate}):
        if row.pk == survivor.pk and type(row) is type(survivor):
            continue  # the survivor was part of the duplicate: _fill_blanks gives it the duplicate's parent
        setattr(row, field.name, survivor)
        try:
            row.validate_constraints()
        except ValidationError:
            twin = _twin(row)
            if twin is None:
                raise
            for link in row._meta.many_to_many:
                getattr(twin, link.name).add(*getattr(row, link.name).all())
            row._change_reason = f"{reason}: the same as #{twin.pk}"
            row.delete()
            continue
        row._change_reason = reason
        row.save()


def _twin(row):
    """The row that `row` would duplicate under one of its model's unique constraints."""
    unique_constraints = [c for c in row._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    for constraint in unique_constraints:
        same = {name: getattr(row, row._meta.get_field(name).attname) for name in constraint.fields}
        twins = row._meta.model._base_manager.filter(**same).exclude(pk=row.pk)
        if constraint.condition is not None:
            twins = twins.filter(constraint.condition)
        twin = twins.first()
        if twin is not None:
            return twin
    return None


def _fill_blanks(survivor, duplicate):
    """What the survivor leaves blank and the duplicate states (a description, a country, a parent)."""
    for field in survivor._meta.concrete_fields:
        if field.primary_key or field.name in ("name", "slug") or not field.editable:
            continue
        if getattr(survivor, field.attname) in ("", None) and getattr(duplicate, field.attname) not in ("", None):
            setattr(survivor, field.attname, getattr(duplicate, field.attname))
    # A record was part of the other (a district of a city): the merged record is part of what held that one.
    if getattr(survivor, "parent_id", None) in (duplicate.pk, survivor.pk):
        survivor.parent_id = duplicate.parent_id if duplicate.parent_id not in (duplicate.pk, survivor.pk) else None


@receiver(records_restored, dispatch_uid="partners-unmerge-restored")
def _take_back_merges(sender, records, batch, **kwargs):
    """A merged-away record restored from its history has its own address again, and the survivor no longer
    goes by its name: the redirect and the alias that its merge (the batch that deleted it) made are removed."""
    for record in records:
        if not hasattr(record, "slug"):
            continue
        MergedSlug.objects.filter(kind=record._meta.model_name, slug=record.slug).delete()
        alias_relation = next(
            (r for r in type(record)._meta.related_objects if r.get_accessor_name() == "aliases"), None
        )
        if alias_relation is None:
            continue
        alias_model = alias_relation.related_model
        made_by_the_merge = alias_model.history.filter(history_batch=batch, history_type="+", name=record.name)
        for alias in alias_model.objects.filter(pk__in=made_by_the_merge.values("id")):
            alias._change_reason = f"{record} (#{record.pk}) restored: no longer merged into it"
            alias.delete()
