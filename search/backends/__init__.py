"""The configured search engine: SEARCH_BACKEND is "whoosh" (default) or "postgres"."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _backend(name, directory):
    if name == "whoosh":
        from .whoosh_index import WhooshBackend

        return WhooshBackend(directory, lock_timeout=settings.SEARCH_LOCK_TIMEOUT)
    if name == "postgres":
        from .postgres import PostgresBackend

        return PostgresBackend(lock_timeout=settings.SEARCH_LOCK_TIMEOUT)
    raise ImproperlyConfigured(f'SEARCH_BACKEND must be "whoosh" or "postgres", not {name!r}.')


def get_backend():
    """One backend object per process and configuration, so its searchers are reused between requests."""
    return _backend(settings.SEARCH_BACKEND, str(settings.SEARCH_INDEX_DIR))
