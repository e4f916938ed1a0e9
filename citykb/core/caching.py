"""Caching: what is worked out from the records is cached under the data version it was made from.

Every save, delete or change of links of a record replaces the DataVersion
token in the same transaction, so nothing cached outlives the data it shows, in
this process or another. There is one data version, and two places to keep
things under it:

- `cached_answer`: pages, API answers and search answers, in Django's cache
  (shared by every worker where the cache is, e.g. Redis in production);
  `cache_page` and `CachedAnswersMixin` use it for views and API viewsets;
- `memoize`: a process's own memo of a table worked out from the whole
  knowledge base (the facet table, the known names), made once per version.
"""

import contextlib
import contextvars
import functools
import hashlib
import logging
import pickle
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from rest_framework.response import Response

from .history import is_history_model
from .models import DataVersion
from .signals import bulk_changes_finished, in_bulk_changes, search_index_changed

logger = logging.getLogger(__name__)

MEMO_SIZE = 256
# Longer query strings are answered but not cached: no real link is that long, and each would be a page.
MAX_CACHED_QUERY = 1024
PAGE_SECONDS = 24 * 3600
# Larger pages (every option of a long facet, say) are not cached: a few of them would fill the cache.
PAGE_MAX_BYTES = 256 * 1024

# The version a request began with: what it caches on the way, it caches under that version.
_request_version = contextvars.ContextVar("data_version", default=None)


def _read_version():
    token = DataVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return str(token) if token else "none"  # "none": no change recorded yet


def data_version():
    """The token of the data this request sees."""
    return _request_version.get() or _read_version()


@contextlib.contextmanager
def one_data_version():
    """Everything inside sees the data version read as it starts, as in a request whose answer is cached."""
    with _pinned(data_version()):
        yield


@contextlib.contextmanager
def _pinned(version):
    reset = _request_version.set(version)
    try:
        yield
    finally:
        _request_version.reset(reset)


def new_data_version():
    """Give the data a new token, in the current transaction: everything cached under the old one is out of date.

    Writes that send no signals (QuerySet.update, bulk_create, raw SQL) must call this themselves.
    """
    if not DataVersion.objects.filter(pk=1).update(token=uuid.uuid4()):
        DataVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})


def _record_changed(sender, **kwargs):
    # A bulk change gets one new version at its end: PostgreSQL takes ever longer to update a row
    # that the same transaction has updated thousands of times.
    if not in_bulk_changes():
        new_data_version()


def follow_changes(models):
    """Make a new data version whenever a record of these models, or one of their links, changes.

    Each app passes the models its pages show (not their history, nor what is worked out from them)."""
    models = [model for model in models if not is_history_model(model)]
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(_record_changed, sender=model, dispatch_uid=f"citykb-version-{signal}-{model._meta.label}")
    for through in {field.remote_field.through for model in models for field in model._meta.local_many_to_many}:
        m2m_changed.connect(_record_changed, sender=through, dispatch_uid=f"citykb-version-m2m-{through._meta.label}")


def connect_signals():
    bulk_changes_finished.connect(_new_version_after, dispatch_uid="citykb-version-bulk")
    search_index_changed.connect(_new_version_after, dispatch_uid="citykb-version-search")


def _new_version_after(**kwargs):
    new_data_version()


# --- answers, in Django's cache


def cached_answer(name, key, make, keep=lambda answer: True):
    """(make()'s answer, whether it came from the cache), cached under `name`, `key` and the data version
    this request sees; an answer that `keep` refuses is given but not cached. `make` runs with the version
    pinned, so what it memoizes on the way is filed under the same version."""
    version = data_version()
    cache_key = f"{name}:{version}:{hashlib.sha256(key.encode()).hexdigest()}"
    answer = cache.get(cache_key)
    if answer is not None:
        return answer, True
    with _pinned(version):
        answer = make()
    if keep(answer):
        try:
            cache.set(cache_key, answer, PAGE_SECONDS)
        except (pickle.PicklingError, RecursionError, TypeError) as error:
            # An answer the cache cannot store is still the answer: give it, uncached.
            logger.warning("Not cached, cannot be pickled: %s %r", name, error)
    return answer, False


def may_be_cached(request):
    """A visitor's read (no session cookie) of an address of bounded length: the same answer for everyone who
    asks for the address."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_CACHED_QUERY
    )


def _address(request):
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"


def _rendered(view, request, *args, **kwargs):
    """The view's response, rendered now: a template may call memoized functions too."""
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def _page_may_be_cached(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= PAGE_MAX_BYTES
    )


def _canonical(request, parameters):
    """A redirect to the address without the query parameters the page does not read, or None."""
    if request.method not in ("GET", "HEAD") or set(request.GET) <= parameters:
        return None
    kept = [(name, value) for name, values in request.GET.lists() if name in parameters for value in values]
    return HttpResponsePermanentRedirect(request.path + (f"?{urlencode(kept)}" if kept else ""))


def cache_page(view, parameters=()):
    """Serve a visitor's GET of a public page from the cache while the data is unchanged.

    Only anonymous requests (no session cookie) and plain 200 responses that set
    no cookie are cached; the key is the data version, host, scheme and full path.
    `parameters` names the query parameters the page reads: an address with any other
    is redirected to the one without, so no client can make a page (and its links)
    in as many variants as it likes.
    """
    parameters = frozenset(parameters)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if redirect := _canonical(request, parameters):
            return redirect
        if not may_be_cached(request):
            return view(request, *args, **kwargs)
        response, hit = cached_answer(
            "page", _address(request), lambda: _rendered(view, request, *args, **kwargs), _page_may_be_cached
        )
        if hit or _page_may_be_cached(response):
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "hit" if hit else "miss"
        return response

    return wrapper


class CachedAnswersMixin:
    """For a read-only API viewset: a visitor's list and record answers are cached while the data is unchanged.

    What is cached is the answer's data, not its rendering: the same data is rendered as JSON or as the
    browsable API's page, which is made for each visitor. Throttling has counted the
    request before (DRF's initial()), so a cached answer is throttled like any other.
    """

    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)

    def _cached(self, answer, request, *args, **kwargs):
        if not may_be_cached(request):
            return answer(request, *args, **kwargs)
        response = None

        def make():
            nonlocal response
            response = answer(request, *args, **kwargs)
            # A redirect to a merged record's survivor, say, is given as it is and not cached.
            return response.data if response.status_code == 200 and isinstance(response, Response) else None

        data, hit = cached_answer("api", _address(request), make, keep=lambda data: data is not None)
        if data is None:
            return response
        if hit:
            response = Response(data)
        response["X-Page-Cache"] = "hit" if hit else "miss"
        patch_vary_headers(response, ["Cookie"])
        return response


# --- a process's memo of worked-out tables


class _Memo:
    """One function's last MEMO_SIZE results in this process, each under the version it was made from."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, version, make):
        with self.lock:
            entry = self.entries.get(key)
            if entry and entry[0] == version:
                self.entries.move_to_end(key)
                return entry[1]
        value = make()
        with self.lock:
            self.entries[key] = (version, value)
            self.entries.move_to_end(key)
            while len(self.entries) > MEMO_SIZE:
                self.entries.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.entries.clear()


_memos = []


def memoize(function):
    """Memoize a function of the whole knowledge base (and its hashable arguments) per data version,
    in this process. One memo per function: many calls of one cannot push out another's table."""
    memo = _Memo()
    _memos.append(memo)

    @functools.wraps(function)
    def wrapper(*args):
        return memo.get(args, data_version(), lambda: function(*args))

    return wrapper


def clear_memos():
    """Forget every memoized value of this process (tests, and a process that must start afresh)."""
    for memo in _memos:
        memo.clear()
