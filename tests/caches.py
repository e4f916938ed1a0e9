import socket


def unreachable_redis():
    """A cache setting for a Redis that is down (nothing listens at its port), errors passed over as in
    production."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
