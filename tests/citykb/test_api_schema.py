"""schemathesis against /api/schema/: every operation, generated requests, its standard checks (no server
error, status codes, content types and bodies as the schema says). A small budget in the suite
(SCHEMATHESIS_EXAMPLES, default 25 per operation); `bench/api_fuzz.py` runs a large one."""

import os

import schemathesis
from django.core.wsgi import get_wsgi_application
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


def test_every_api_operation_keeps_to_its_schema(seeded):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures = [failure for operation in operations for failure in failures_of(operation, EXAMPLES)]
    assert failures == [], "\n".join(failures)
