"""Property-based: generated requests against the app's own OpenAPI schema.

Every operation, bounded to 25 examples, on the toy curriculum and without
Neo4j (so Cypher answers 401 or 503, which the schema declares).  The
checks: no 5xx, and every status, content type and body is the one the
schema promises, problem documents included.

The operations are listed at collection from an app that is never started
(building the schema needs no curriculum); each test then runs against an
app started on the toy curriculum.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.settings import Settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, item in create_app(Settings(neo4j_uri=None)).openapi()["paths"].items()
    for method in item
)


@pytest.fixture(scope="module")
def operations(settings):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


def test_the_schema_lists_every_public_route():
    assert {"POST /v1/paths", "GET /v1/next-steps", "POST /v1/match", "GET /v1/nodes", "GET /v1/nodes/{node_id}",
            "GET /v1/graph", "POST /v1/cypher", "GET /health", "GET /ready"} <= set(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_every_operation_keeps_its_promises(operations, label):
    @given(case=operations[label].as_strategy())
    @hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()


def test_every_error_response_is_declared_as_a_problem_document():
    schema = create_app(Settings(neo4j_uri=None)).openapi()
    errors = [(path, method, status, response)
              for path, item in schema["paths"].items()
              for method, operation in item.items()
              for status, response in operation["responses"].items() if status[0] in "45"]
    assert errors
    for path, method, status, response in errors:
        assert list(response["content"]) == ["application/problem+json"], (method, path, status)
        assert response["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]
