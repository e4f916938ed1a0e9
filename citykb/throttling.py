"""API throttling that holds across worker processes and app servers, and the client's address that it and
the sign-in lockout count by.

DRF's own throttles count in the default cache, which here is each process's
memory: with several workers a client would get that many times its rate. This
one counts in the "throttle" cache, a table of the database that every process
and server shares.
"""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, BaseThrottle


def client_address(request):
    """The address a request came from, by REST_FRAMEWORK["NUM_PROXIES"] (API_NUM_PROXIES): the connecting one
    when it is 0, else the one the outermost of that many proxies saw, from the end of X-Forwarded-For.

    Anything further left in that header is whatever the client wrote: trusting it would let one client pass as
    any number of others. django-axes counts sign-in failures by it too (AXES_CLIENT_IP_CALLABLE), so that behind
    a proxy a guesser is locked out, not everyone who shares the proxy's address."""
    return BaseThrottle().get_ident(request)


class SharedAnonRateThrottle(AnonRateThrottle):
    cache = caches["throttle"]
