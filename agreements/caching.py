"""Work kept until the knowledge base changes: pages, the network's layout, the tables behind facets.

Every save, delete or change of links of a partners or agreements record
replaces the DataVersion token in the same transaction. What is worked out
from the records is kept under the token it was made from: a page or a
layout is made once per change, however often it is asked for, and never
outlives the data it shows, in this process or another (each process keeps
its own, the token is shared through the database).
"""

import contextvars
import functools
import hashlib
import threading
import uuid
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_vary_headers

from partners.history import is_history_model
from search.indexing import bulk_changes_finished, in_bulk_changes

from .models import DataVersion

VERSIONED_APPS = {"partners", "agreements"}
MEMO_SIZE = 256
PAGE_SECONDS = 24 * 3600
# Larger pages (every option of a long facet, say) are made anew: a few of them would fill the cache.
PAGE_MAX_BYTES = 256 * 1024


# Read once per page request: what the page keeps, it keeps under the token its request began with.
_request_token = contextvars.ContextVar("data_token", default=None)


def _read_token():
    token = DataVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return str(token) if token else "none"  # "none": no change recorded yet


def current_token():
    """The token of the data this request sees."""
    return _request_token.get() or _read_token()


def new_version():
    """Give the data a new token, in the current transaction: everything kept under the old one is out of date.

    Writes that send no signals (QuerySet.update, bulk_create, raw SQL) must call this themselves.
    """
    if not DataVersion.objects.filter(pk=1).update(token=uuid.uuid4()):
        DataVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})


def record_change(sender, **kwargs):
    # A bulk change gets one new version at its end: PostgreSQL takes ever longer to update a row
    # that the same transaction has updated thousands of times.
    if not in_bulk_changes():
        new_version()


def versioned_models():
    """The records whose changes make a new data version, and the tables linking them; not what is
    worked out from them (the mention index), which changes only with a record, nor their history, nor the
    import reports and suggestions that no public page shows."""
    from .models import AnnouncementMention, ImportReport, Suggestion

    not_shown = (DataVersion, AnnouncementMention, ImportReport, Suggestion)

    records = [
        model
        for app in VERSIONED_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in not_shown and not is_history_model(model)
    ]
    links = {field.remote_field.through for model in records for field in model._meta.local_many_to_many}
    return records, links


def connect_signals():
    # Connected per model, not for every sender: a model no receiver listens to (the mention
    # index) can be deleted in one statement, without a version per row.
    records, links = versioned_models()
    for model in records:
        for signal in (post_save, post_delete):
            signal.connect(record_change, sender=model, dispatch_uid=f"citykb-version-{signal}-{model._meta.label}")
    for through in links:
        m2m_changed.connect(record_change, sender=through, dispatch_uid=f"citykb-version-m2m-{through._meta.label}")
    bulk_changes_finished.connect(lambda **kwargs: new_version(), dispatch_uid="citykb-data-version-bulk", weak=False)


class _Memo:
    """The last MEMO_SIZE results of this process, each under the token it was made from."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, token, make):
        with self.lock:
            entry = self.entries.get(key)
            if entry and entry[0] == token:
                self.entries.move_to_end(key)
                return entry[1]
        value = make()
        with self.lock:
            self.entries[key] = (token, value)
            self.entries.move_to_end(key)
            while len(self.entries) > MEMO_SIZE:
                self.entries.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.entries.clear()


memo = _Memo()


def kept_until_data_changes(function):
    """Memoize a function of the whole knowledge base (and its hashable arguments) per data version."""

    @functools.wraps(function)
    def wrapper(*args):
        return memo.get((function.__qualname__, args), current_token(), lambda: function(*args))

    return wrapper


def page_kept_until_data_changes(view):
    """Serve a visitor's GET of a public page from the cache while the data is unchanged.

    Only anonymous requests (no session cookie) and plain 200 responses that set
    no cookie are kept; the key is the data token, host, scheme and full path.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        token = _read_token()
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"page:{token}:{hashlib.sha256(address.encode()).hexdigest()}"
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        reset = _request_token.set(token)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        finally:
            _request_token.reset(reset)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= PAGE_MAX_BYTES
        ):
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, PAGE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
