"""What the apps tell each other without importing each other.

A domain app sends; whoever keeps something worked out from the records (the
search index, the mention index, the data version) listens.
"""

import contextlib
import threading

from django.dispatch import Signal

_bulk = threading.local()

# Sent when the outermost bulk_changes() block ends, inside its transaction: what follows every change
# (the data version, the mention index, the search index) catches up once, instead of once per record.
bulk_changes_finished = Signal()

# Sent by search once the index shows changes it did not show before (a flush, a repair, a rebuild):
# answers cached from the index until then are out of date, even if no record changed meanwhile.
search_index_changed = Signal()

# Sent (with `pks`) to have these records of the sender model indexed for search again.
reindex_requested = Signal()

# Sent (with `records`, and `batch`, the change batch that had deleted them) when history brings deleted records
# back, inside the restoring transaction: what the deletion had left elsewhere (a merge's redirect and alias)
# can be taken back with them.
records_restored = Signal()


@contextlib.contextmanager
def bulk_changes():
    """For loading many records at once: skip the work each single change sets off, and send
    bulk_changes_finished at the end, in the same transaction, so that it is done once for all."""
    depth = getattr(_bulk, "depth", 0)
    _bulk.depth = depth + 1
    try:
        yield
    finally:
        _bulk.depth = depth
    if depth == 0:
        bulk_changes_finished.send(sender=bulk_changes)


def in_bulk_changes():
    return getattr(_bulk, "depth", 0) > 0
