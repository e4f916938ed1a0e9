"""API throttling that holds across worker processes and app servers.

DRF's own throttles count in the default cache, which here is each process's
memory: with several workers a client would get that many times its rate. This
one counts in the "throttle" cache, a table of the database that every process
and server shares.
"""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle


class SharedAnonRateThrottle(AnonRateThrottle):
    cache = caches["throttle"]
