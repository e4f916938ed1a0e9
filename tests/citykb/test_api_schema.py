"""schemathesis against /api/schema/: every operation, generated requests, its standard checks (no server
error, status codes, content types and bodies as the schema says). A small budget in the suite
(SCHEMATHESIS_EXAMPLES, default 25 per operation); `bench/api_fuzz.py` runs a large one."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
# The standard checks the issue names. Not "positive data acceptance": a filter typed as a string in the
# schema (?city=) must still name a record, and answering 400 for one that names none is right.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def failures_of(operation, examples):
    """The distinct check failures schemathesis finds for one operation (empty when it keeps to its schema)."""
    found = []

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        try:
            case.call_and_validate(checks=CHECKS)
        except (Failure, FailureGroup) as failure:
            details = [line.strip() for line in str(failure).splitlines() if line.strip()][1:6]
            found.append(f"{operation.label}: {' | '.join(details)[:400]}")

    run()
    return sorted(set(found))


@pytest.fixture
def connection_kept_across_requests():
    """schemathesis calls the WSGI app directly, whose request signals close the database connection — and
    with it the test's transaction on PostgreSQL. Django's test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_api_operation_keeps_to_its_schema(seeded, connection_kept_across_requests):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures = [failure for operation in operations for failure in failures_of(operation, EXAMPLES)]
    assert failures == [], "\n".join(failures)
