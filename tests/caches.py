from tests.processes import free_port


def unreachable_redis():
    """A cache setting for a Redis that is down (nothing listens at its port), errors passed over as in
    production."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
