"""Keeping the index equal to the database: queue, flush, rebuild, check.

Every change to an indexed record (or to a record whose names it carries)
queues its key in PendingIndexUpdate inside the same transaction; once the
transaction commits, the queue is flushed to the index. A rolled-back
transaction leaves nothing behind, and a process that dies after committing
leaves its keys queued for the next flush instead of losing them.
"""

import logging
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction

from citykb.core.signals import search_index_changed

from .backends import get_backend
from .backends.base import IndexBusy, IndexUnreadable
from .documents import all_documents, document_count, documents_for_keys
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

FLUSH_BATCH = 1000
REBUILD_LOCK_TIMEOUT = 120.0
# What a client is told to wait before asking again while the index is rebuilt.
RETRY_AFTER_SECONDS = 30


class SearchUnavailable(Exception):
    """The index is being rebuilt and cannot answer yet."""

    retry_after = RETRY_AFTER_SECONDS

    def __init__(self):
        super().__init__("Search is being rebuilt and will be back in a minute or two; please try again shortly.")


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
        # Large, it is rebuilt in the background, and applies the queue when done.
        return repair_or_start()


def rebuild(lock_timeout=REBUILD_LOCK_TIMEOUT, progress=None):
    """Build the index anew from the database while searches go on; returns the number of documents.

    `progress(documents, total=...)`, when given, wraps the documents to show how far the build got
    (e.g. citykb.core.progress.track).
    """
    repairing = _repair_thread
    if repairing is not None and repairing.is_alive() and repairing is not threading.current_thread():
        repairing.join()  # this process's own repair holds the index's lock: a command waits for it, then rebuilds
    backend = get_backend()
    with backend.lock(lock_timeout):
        expected = document_count()
        documents = all_documents() if progress is None else progress(all_documents(), total=expected)
        count = backend.rebuild(documents, expected=expected)
    search_index_changed.send(sender=rebuild)
    # Changes made while the rebuild read the database are still queued: apply them.
    flush_pending()
    return count


def repair_or_start():
    """Repair a missing or damaged index: at once if it is small (True), else in the background (False).

    A request must not rebuild a large index: at 10,000 agreements that takes longer than a worker may
    take to answer (gunicorn kills it, and the half-written generation with it). Up to
    SEARCH_REPAIR_IN_REQUEST_UP_TO documents it takes under a second, and the caller goes on as before.
    """
    if document_count() <= settings.SEARCH_REPAIR_IN_REQUEST_UP_TO:
        rebuild()
        return True
    repair_in_background()
    return False


_repair_thread = None
_repair_thread_lock = threading.Lock()


def repair_in_background():
    """Start repair() in a thread of this process, unless one already runs here.

    A thread, not the request: the request answers at once (SearchUnavailable), and gunicorn's timeout only
    stops a worker whose main loop stops answering, which this thread does not do. Across processes the
    index's write lock lets one rebuild; the others' threads find it taken and end.
    """
    global _repair_thread
    with _repair_thread_lock:
        if _repair_thread is not None and _repair_thread.is_alive():
            return
        _repair_thread = threading.Thread(target=_repair_and_close, name="search-index-repair", daemon=True)
        _repair_thread.start()


def _repair_and_close():
    try:
        repair()
    except Exception:
        logger.exception("Rebuilding the search index failed; the next search tries again.")
    finally:
        connections.close_all()  # this thread's own connections


def repair():
    """Rebuild the index unless another process is writing it (then that one is the rebuild). True if rebuilt."""
    try:
        rebuild(lock_timeout=0)
    except IndexBusy:
        logger.info("Another process is writing the search index; it is left to that one.")
        return False
    logger.info("The search index has been rebuilt.")
    return True


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
