"""The OpenAPI schema of the API (drf-spectacular), with the error answers every read can give documented:
400 for a filter value that cannot be used, 404 for a missing record or page, 429 when throttled."""

from drf_spectacular.openapi import AutoSchema


def _error(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {}}}},
    }


ERRORS = {
    "400": _error("A parameter's value cannot be used; the body names the parameter and says why."),
    "404": _error("No such record, or a page past the last one."),
    "429": _error("Too many requests from this address; the Retry-After header says when to come back."),
}


class DocumentedErrorsSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if self.method == "GET":
            for status, body in ERRORS.items():
                bodies.setdefault(status, body)
        return bodies
