"""Work kept until the knowledge base changes: pages, the network's layout, the tables behind facets.

Every save, delete or change of links of a partners or agreements record
replaces the DataVersion token in the same transaction. What is worked out
from the records is kept under the token it was made from: a page or a
layout is made once per change, however often it is asked for, and never
outlives the data it shows, in this process or another (the token is shared
through the database; pages, answers and the dearest tables through the cache,
the rest each process keeps for itself).
"""

import contextvars
import functools
import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_vary_headers
from rest_framework.response import Response

from partners.history import is_history_model
from search.indexing import bulk_changes_finished, in_bulk_changes, index_changed

from .models import DataVersion

VERSIONED_APPS = {"partners", "agreements"}
MEMO_SIZE = 256
PAGE_SECONDS = 24 * 3600
# Larger pages (every option of a long facet, say) are made anew: a few of them would fill the cache.
PAGE_MAX_BYTES = 256 * 1024
# How long a process waits for a shared table another one is making, and how often it looks.
SHARED_WAIT_SECONDS = 5.0
SHARED_POLL_SECONDS = 0.02


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
    # Search pages and answers are kept too: once the index shows a change, those made before are out of date.
    index_changed.connect(lambda **kwargs: new_version(), dispatch_uid="citykb-data-version-index", weak=False)


class _Memo:
    """One function's last MEMO_SIZE results in this process, each under the token it was made from."""

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


class _Memos:
    """Every kept function's memo. One each: the neighbourhoods of a thousand records visited once must
    not push out the facet table that every list page reads."""

    def __init__(self):
        self.memos = []

    def new(self):
        self.memos.append(_Memo())
        return self.memos[-1]

    def clear(self):
        for kept in self.memos:
            kept.clear()


memo = _Memos()


def kept_until_data_changes(function):
    """Memoize a function of the whole knowledge base (and its hashable arguments) per data version."""
    kept = memo.new()

    @functools.wraps(function)
    def wrapper(*args):
        return kept.get(args, current_token(), lambda: function(*args))

    return wrapper


def shared_until_data_changes(function):
    """kept_until_data_changes, for a function of the whole knowledge base with no arguments that is expensive
    to make: made once per data version for every process, through the shared cache, then kept in each.

    (The facet table takes a worker a third of a second at 10,000 agreements; made by each worker
    after every edit, it held up the visitors queued behind them.) While one process makes it, the
    others wait for its value rather than make it beside it. Its value must pickle.
    """
    kept = memo.new()
    name = f"{function.__module__}.{function.__qualname__}"

    def made_or_shared(token):
        key = f"shared:{token}:{name}"
        value = cache.get(key)
        if value is not None:
            return value
        # True: this process makes it; False: another one is making it; None: the cache is down.
        making = cache.add(f"{key}:making", True, SHARED_WAIT_SECONDS)
        if making is False:
            value = _made_elsewhere(key)
        if value is None:
            try:
                value = function()
                cache.set(key, value, PAGE_SECONDS)
            finally:
                if making:
                    cache.delete(f"{key}:making")
        return value

    @functools.wraps(function)
    def wrapper():
        token = current_token()
        return kept.get((), token, lambda: made_or_shared(token))

    return wrapper


def _made_elsewhere(key):
    """The value another process is making under `key`, once it is in the cache; None if that process
    stops making it or takes longer than SHARED_WAIT_SECONDS."""
    deadline = time.monotonic() + SHARED_WAIT_SECONDS
    while time.monotonic() < deadline and cache.get(f"{key}:making") is not None:
        time.sleep(SHARED_POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
    return cache.get(key)


def _may_be_shared(request):
    """A visitor's read (no session cookie): the same answer for everyone who asks for the address."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _kept_key(kind, token, request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{kind}:{token}:{hashlib.sha256(address.encode()).hexdigest()}"


def _made_under(token, make, *args, **kwargs):
    """make(*args, **kwargs), with what it keeps on the way filed under the token its request began with."""
    reset = _request_token.set(token)
    try:
        return make(*args, **kwargs)
    finally:
        _request_token.reset(reset)


def _rendered(view, request, *args, **kwargs):
    """The view's response, rendered now: a template may call kept functions too."""
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def page_kept_until_data_changes(view):
    """Serve a visitor's GET of a public page from the cache while the data is unchanged.

    Only anonymous requests (no session cookie) and plain 200 responses that set
    no cookie are kept; the key is the data token, host, scheme and full path.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_be_shared(request):
            return view(request, *args, **kwargs)
        token = _read_token()
        key = _kept_key("page", token, request)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = _made_under(token, _rendered, view, request, *args, **kwargs)
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


class KeptAnswersMixin:
    """For a read-only API viewset: a visitor's list and record answers are kept while the data is unchanged.

    What is kept is the answer's data, not its rendering: the same data is rendered as JSON or as the
    browsable API's page, which is made for each visitor. Throttling has counted the
    request before (DRF's initial()), so a kept answer is throttled like any other.
    """

    def list(self, request, *args, **kwargs):
        return self._kept_answer(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._kept_answer(super().retrieve, request, *args, **kwargs)

    def _kept_answer(self, answer, request, *args, **kwargs):
        if not _may_be_shared(request):
            return answer(request, *args, **kwargs)
        token = _read_token()
        key = _kept_key("api", token, request)
        data = cache.get(key)
        if data is not None:
            response = Response(data)
            response["X-Page-Cache"] = "hit"
        else:
            response = _made_under(token, answer, request, *args, **kwargs)
            if response.status_code != 200 or not isinstance(response, Response):
                return response  # a redirect to a merged record's survivor, say
            cache.set(key, response.data, PAGE_SECONDS)
            response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie"])
        return response
