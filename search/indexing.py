"""Keeping the index equal to the database: queue, flush, rebuild, check.

Every change to an indexed record (or to a record whose names it carries)
queues its key in PendingIndexUpdate inside the same transaction; once the
transaction commits, the queue is flushed to the index. A rolled-back
transaction leaves nothing behind, and a process that dies after committing
leaves its keys queued for the next flush instead of losing them.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction

from citykb.core.signals import search_index_changed

from .backends import get_backend
from .backends.base import IndexBusy, IndexUnreadable
from .documents import all_documents, document_count, documents_for_keys
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

FLUSH_BATCH = 1000
REBUILD_LOCK_TIMEOUT = 120.0


def enqueue(keys):
    """Queue these "type:pk" keys in the current transaction, and flush the queue when it commits."""
    keys = sorted(set(keys))
    if not keys:
        return
    PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(key=key) for key in keys])
    # robust: a failed flush must not fail the request whose change has committed; the keys stay queued.
    transaction.on_commit(flush_pending, robust=True)


def flush_pending(timeout=None):
    """Apply every queued update to the index. False when another process held the lock too long.

    Keys left queued are applied by the next flush anywhere, by rebuild_index
    or by check_index --fix.
    """
    if not PendingIndexUpdate.objects.exists():
        return True  # an earlier flush of the same transaction applied everything
    backend = get_backend()
    try:
        with backend.lock(timeout):
            while rows := list(PendingIndexUpdate.objects.order_by("id")[:FLUSH_BATCH]):
                documents, gone = documents_for_keys({row.key for row in rows})
                backend.update(documents, gone)
                PendingIndexUpdate.objects.filter(id__in=[row.id for row in rows]).delete()
        search_index_changed.send(sender=flush_pending)
        return True
    except IndexBusy:
        logger.info("The search index is busy; queued updates wait for the next writer.")
        return False
    except IndexUnreadable:
        logger.warning("The search index is missing or cannot be read; building it from the database.")
        rebuild()
        return True


def rebuild():
    """Build the index anew from the database while searches go on; returns the number of documents."""
    backend = get_backend()
    with backend.lock(REBUILD_LOCK_TIMEOUT):
        count = backend.rebuild(all_documents(), expected=document_count())
    search_index_changed.send(sender=rebuild)
    # Changes made while the rebuild read the database are still queued: apply them.
    flush_pending()
    return count


def ensure_index():
    """Rebuild the index if it is missing or cannot be read. True if it had to."""
    if get_backend().is_healthy():
        return False
    rebuild()
    return True


@dataclass
class IndexReport:
    unreadable: bool = False
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    queued: int = 0

    @property
    def in_sync(self):
        return not (self.unreadable or self.missing or self.extra or self.stale)


def check(fix=False):
    """Compare the index with the database; with fix, repair the differences."""
    backend = get_backend()
    report = IndexReport(queued=PendingIndexUpdate.objects.count())
    expected = {document.key: document.digest for document in all_documents()}
    try:
        actual = backend.digests()
    except IndexUnreadable:
        report.unreadable = True
    else:
        report.missing = sorted(expected.keys() - actual.keys())
        report.extra = sorted(actual.keys() - expected.keys())
        report.stale = sorted(key for key in expected.keys() & actual.keys() if expected[key] != actual[key])
    if fix and not report.in_sync:
        if report.unreadable:
            rebuild()
        else:
            documents, _gone = documents_for_keys(report.missing + report.stale)
            with backend.lock(REBUILD_LOCK_TIMEOUT):
                backend.update(documents, report.extra)
            search_index_changed.send(sender=check)
    if fix:
        flush_pending()
    return report
