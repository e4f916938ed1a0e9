"""Queue index updates whenever a record, or a record whose names another document carries, changes.

Saves from the admin, imports and fixtures (raw saves included) all pass
through here; the queue is flushed after the transaction commits.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from agreements.models import (
    Agreement,
    AgreementAlias,
    AgreementParty,
    Announcement,
    AnnouncementAlias,
    Citation,
    Event,
    EventAlias,
    EventRole,
    Initiative,
    InitiativeAlias,
    InitiativeRole,
    ScopeItem,
    SigningAttendance,
    Topic,
)
from citykb.core.history import is_history_model
from citykb.core.kinds import kind_of
from citykb.core.signals import bulk_changes_finished, in_bulk_changes, reindex_requested
from partners.models import Affiliation, City, CityAlias, Organization, OrganizationAlias, Person, PersonAlias

from .documents import all_keys, document_key
from .indexing import enqueue


def _keys(records):
    return [document_key(kind_of(record).name, record.pk) for record in records if record is not None]


def _announcements_citing(record):
    return Announcement.objects.filter(citations__in=record.citations.all()).distinct()


def affected(record):
    """Keys of every document that shows something of this record."""
    if isinstance(record, City):
        return _keys(
            [
                record,
                *record.districts.all(),
                *record.organizations.all(),
                *Agreement.objects.filter(signed_in=record),
                *Agreement.objects.involving(record),
                *record.events.all(),
                *record.initiatives.all(),
                *Person.objects.filter(affiliations__city=record),
                *_announcements_citing(record),
            ]
        )
    if isinstance(record, Organization):
        return _keys(
            [
                record,
                *record.units.all(),
                *Agreement.objects.involving(record),
                *Person.objects.filter(affiliations__organization=record),
                *Event.objects.filter(roles__organization=record),
                *Initiative.objects.filter(roles__organization=record),
                record.city,
                *_announcements_citing(record),
            ]
        )
    if isinstance(record, Person):
        return _keys(
            [
                record,
                *Agreement.objects.filter(signing_attendances__person=record),
                *Event.objects.filter(roles__person=record),
                *Organization.objects.filter(affiliations__person=record),
                *_announcements_citing(record),
            ]
        )
    if isinstance(record, Event):
        return _keys([record, *record.agreements_signed.all()])
    if isinstance(record, Topic):
        return _keys([*record.agreements.all(), *record.events.all(), *record.initiatives.all()])
    if isinstance(record, Agreement | Initiative | Announcement):
        return _keys([record])
    if isinstance(record, Citation):
        return _keys([record.announcement])
    if isinstance(record, AgreementParty | ScopeItem | SigningAttendance | AgreementAlias):
        return _keys([record.agreement])
    if isinstance(record, EventRole | EventAlias):
        return _keys([record.event])
    if isinstance(record, InitiativeRole | InitiativeAlias):
        return _keys([record.initiative])
    if isinstance(record, AnnouncementAlias):
        return _keys([record.announcement])
    if isinstance(record, Affiliation):
        return _keys([record.person, record.organization])
    if isinstance(record, CityAlias):
        return affected(record.city)
    if isinstance(record, OrganizationAlias):
        return affected(record.organization)
    if isinstance(record, PersonAlias):
        return affected(record.person)
    return []


def _watched():
    """Every model of the apps whose records the documents show (affected() ignores the rest)."""
    return [
        model
        for app in ("partners", "agreements")
        for model in apps.get_app_config(app).get_models()
        if not is_history_model(model)
    ]


def record_saved(sender, instance, **kwargs):
    if not in_bulk_changes():
        enqueue(affected(instance))


def record_deleting(sender, instance, **kwargs):
    # Before the delete, while the links that say who shows this record still exist.
    if not in_bulk_changes():
        instance._index_keys_before_delete = affected(instance)


def record_deleted(sender, instance, **kwargs):
    enqueue(getattr(instance, "_index_keys_before_delete", []))


def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear") or in_bulk_changes():
        return
    keys = affected(instance)
    if pk_set:
        for linked in model.objects.filter(pk__in=pk_set):
            keys.extend(affected(linked))
    enqueue(keys)


def queue_every_document(**kwargs):
    enqueue(all_keys())


def queue_requested(sender, pks, **kwargs):
    enqueue(document_key(kind_of(sender).name, pk) for pk in pks)


def connect():
    # After a bulk change, every document is queued (in the same transaction) rather than each change's.
    bulk_changes_finished.connect(queue_every_document, dispatch_uid="search-bulk-changes")
    reindex_requested.connect(queue_requested, dispatch_uid="search-reindex")
    for model in _watched():
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-saved-{model._meta.label}")
        pre_delete.connect(record_deleting, sender=model, dispatch_uid=f"search-deleting-{model._meta.label}")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"search-deleted-{model._meta.label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                links_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"search-links-{field.remote_field.through._meta.label}",
            )
