"""Generated requests against the learner routes, sent with a real learner's token.

The suite-wide schemathesis test covers every operation, but without a
token the guarded ones only ever answer 401.  Here each guarded operation
gets a learner of its own and generated bodies, headers (``If-Match``) and
query strings on that learner's path, so the authorised code paths meet
hostile input too.  The checks: no 5xx, and every status, content type and
body is one the schema declares.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings as hypothesis_settings

from api.app import create_app
from api.settings import Settings
from tests.api.test_schemathesis import CHECKS

GUARDED = ["GET /v1/learners/{learner_id}", "PATCH /v1/learners/{learner_id}", "DELETE /v1/learners/{learner_id}",
           "POST /v1/learners/{learner_id}/progress", "GET /v1/learners/{learner_id}/plan",
           "GET /v1/learners/{learner_id}/next", "GET /v1/learners/{learner_id}/export",
           "POST /v1/learners/{learner_id}/import-text", "GET /v1/learners/{learner_id}/calendar.ics",
           "GET /v1/learners/{learner_id}/checklist"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(Settings(neo4j_uri=None, data_dir=tmp_path_factory.mktemp("learners-schema"), learner_create_limit=10_000))


@pytest.fixture(scope="module")
def operations(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


def test_the_schema_lists_every_learner_route(operations):
    assert set(GUARDED) | {"POST /v1/learners", "POST /v1/learners/import"} <= set(operations)


@pytest.mark.parametrize("label", GUARDED)
def test_a_learner_with_a_valid_token_still_gets_only_declared_answers(app, operations, label):
    with TestClient(app) as client:
        @given(case=operations[label].as_strategy())
        @hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def run(case):
            created = client.post("/v1/learners", json={"targets": ["machine-learning-engineer"], "known": [{"node": "python"}]}).json()
            case.path_parameters = {"learner_id": created["learner"]["id"]}
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {created['token']}"}
            case.call_and_validate(checks=CHECKS)

        run()
