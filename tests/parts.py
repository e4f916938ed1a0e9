"""The parts some tests need besides Python: Chromium, PostgreSQL, Redis (and root, to restart PostgreSQL).

On a developer's machine without one, the tests that need it skip and the summary counts them. In CI (CI=true)
and with `make test STRICT=1` they fail instead: a green run there means every test ran.
"""

import os

import pytest

STRICT = os.environ.get("CI", "").lower() == "true" or os.environ.get("STRICT", "") not in ("", "0")

# Every skip or failure for a missing part starts with this, so the summary can count them.
MISSING = "Missing part: "


def missing_part(what):
    """Stop the current test because `what` (a sentence naming the part) is not on this machine."""
    if STRICT:
        pytest.fail(f"{MISSING}{what} (CI=true or STRICT=1: every part must be there)", pytrace=False)
    pytest.skip(f"{MISSING}{what}")
