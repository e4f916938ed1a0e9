"""Loading curated records from fixture files, all or nothing.

Django's loaddata neither validates records (a citation whose quote is not
its passage would load) nor says which record of a file is wrong. This loads
each record through Django's deserializer, so natural keys and forward
references work as usual, then runs full_clean() on every record, inside one
transaction: a bad record names its file and position and changes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from citykb.core.history import record_versions
from citykb.core.signals import bulk_changes

# In dependency order: partner records cite announcements, agreements link partners.
SEED_FIXTURES = [
    settings.BASE_DIR / "fixtures" / "announcements.json",
    settings.BASE_DIR / "fixtures" / "partners.json",
    settings.BASE_DIR / "fixtures" / "agreements.json",
]


class FixtureError(Exception):
    """A fixture file that cannot be loaded; the message names the file and record."""


def load_fixtures(paths=None, progress=None):
    """Load fixture files in one transaction and return how many records each model got.

    `progress(records, total=...)`, when given, wraps the records to show how far loading got
    (e.g. citykb.core.progress.track).
    """
    paths = [Path(path) for path in (paths or SEED_FIXTURES)]
    records = [(path, position, record) for path in paths for position, record in enumerate(_read_records(path), 1)]
    if progress is not None:
        records = progress(records, total=len(records))
    loaded = []
    with transaction.atomic(), bulk_changes():
        for path, position, record in records:
            where = f"{path.name}, record {position} ({record.get('model', 'no model')})"
            loaded.append((where, _save_record(record, where)))
        for where, obj in loaded:
            if obj.deferred_fields:
                try:
                    obj.save_deferred_fields()
                except (DeserializationError, DatabaseError, ValueError) as error:
                    raise FixtureError(f"{where}: {error}") from error
        for where, obj in loaded:
            try:
                obj.object.full_clean()
            except ValidationError as error:
                raise FixtureError(f"{where}: {_describe(error)}") from error
        for _where, obj in loaded:
            del obj.object.skip_history_when_saving
        record_versions([obj.object for _where, obj in loaded], reason="Loaded from the fixture files")
    counts = {}
    for _where, obj in loaded:
        label = obj.object._meta.label
        counts[label] = counts.get(label, 0) + 1
    return counts


def _read_records(path):
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(f"{path}: no such fixture file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"{path.name}: not a JSON fixture ({error}).") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise FixtureError(f"{path.name}: a fixture is a JSON list of records.")
    return records


def _save_record(record, where):
    try:
        (obj,) = serializers.deserialize("python", [record], handle_forward_references=True)
        # Setting links sends m2m signals even for raw saves: one version per record is written after loading.
        obj.object.skip_history_when_saving = True
        obj.save()
    except (DeserializationError, DatabaseError, ValueError, TypeError, LookupError) as error:
        raise FixtureError(f"{where}: {error}") from error
    return obj


def _describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)
