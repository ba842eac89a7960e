"""Every error is an RFC 9457 problem document, and the table decides its status.

Routes that raise each domain error are added to a fresh app built by
``create_app``, so the real handlers, middlewares and table answer.
"""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import PROBLEMS, NodeNotFoundError
from graph.errors import (
    Fault,
    GraphLoadError,
    InfeasiblePlanError,
    InvalidRequestError,
    MlpathError,
    Neo4jUnavailableError,
    PlanTimeoutError,
    UnknownNodeError,
    UnsafeQueryError,
)

PROBLEM = "application/problem+json"
CORE = {"type", "title", "status", "instance", "request_id"}

RAISED = {
    "unknown": UnknownNodeError("pytorhc", ["pytorch"]),
    "missing": NodeNotFoundError("nope", ["numpy"]),
    "invalid": InvalidRequestError("targets and avoid overlap"),
    "infeasible": InfeasiblePlanError("every route to keras passes an avoided node", ["tensorflow"]),
    "timeout": PlanTimeoutError("the solver hit its 10 s limit"),
    "neo4j": Neo4jUnavailableError("connection refused"),
    "unsafe": UnsafeQueryError("write clauses are not allowed"),
    "load": GraphLoadError([Fault("seed_data/x.toml", "x", "secret path detail")]),
    "mlpath": MlpathError("internal detail"),
    "bug": RuntimeError("internal detail /home/secret"),
}


@pytest.fixture(scope="module")
def raising_client(settings):
    app = create_app(settings)

    @app.get("/raise/{name}")
    def raise_it(name: str):
        raise RAISED[name]

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert CORE <= set(body) and body["status"] == status
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize("name, status", [
    ("unknown", 422), ("missing", 404), ("invalid", 422), ("infeasible", 422), ("timeout", 503),
    ("neo4j", 503), ("unsafe", 403), ("load", 500), ("mlpath", 500), ("bug", 500),
])
def test_each_error_class_has_its_status_type_and_title(raising_client, name, status):
    body = assert_problem(raising_client.get(f"/raise/{name}"), status)
    exc = RAISED[name]
    kind = next(PROBLEMS[c] for c in type(exc).__mro__ if c in PROBLEMS)
    assert (body["type"], body["title"]) == (kind.type, kind.title)
    assert body["instance"] == f"/raise/{name}"


def test_unknown_skill_lists_suggestions(raising_client):
    body = raising_client.get("/raise/unknown").json()
    assert body["suggestions"] == ["pytorch"] and body["query"] == "pytorhc"
    assert "pytorhc" in body["detail"]


def test_infeasible_plan_lists_blocking_nodes(raising_client):
    body = raising_client.get("/raise/infeasible").json()
    assert body["blocking"] == ["tensorflow"] and "avoided" in body["detail"]


@pytest.mark.parametrize("name", ["load", "mlpath", "bug"])
def test_server_errors_reveal_no_internals(raising_client, name):
    response = raising_client.get(f"/raise/{name}")
    assert "secret" not in response.text and "internal detail" not in response.text


def test_server_errors_are_logged_with_the_request_id(raising_client, caplog):
    with caplog.at_level(logging.ERROR, logger="mlpath.api"):
        raising_client.get("/raise/bug", headers={"X-Request-ID": "bug-report-7"})
    records = [r for r in caplog.records if r.name == "mlpath.api"]
    assert records and records[-1].request_id == "bug-report-7"
    assert records[-1].exc_info and records[-1].exc_info[0] is RuntimeError


def test_every_problem_type_is_distinct_per_kind():
    kinds = {(k.type, k.status) for k in PROBLEMS.values()}
    assert len({t for t, _ in kinds}) == len(kinds)


def test_no_route_is_a_plain_404_problem(client):
    body = assert_problem(client.get("/v2/anything"), 404)
    assert body["type"] == "about:blank" and body["title"] == "Not Found"


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/v1/nodes")
    body = assert_problem(response, 405)
    assert body["title"] == "Method Not Allowed" and "GET" in response.headers["Allow"]


def test_validation_errors_list_every_location(client):
    response = client.post("/v1/paths", json={"targets": [], "hours_per_week": -1, "extra": 1})
    body = assert_problem(response, 422)
    locations = {tuple(e["loc"]) for e in body["errors"]}
    assert {("body", "targets"), ("body", "hours_per_week"), ("body", "extra")} <= locations
    assert all("input" not in e for e in body["errors"])


def test_malformed_json_is_a_422_problem(client):
    response = client.post("/v1/match", content=b"{not json", headers={"Content-Type": "application/json"})
    body = assert_problem(response, 422)
    assert body["errors"][0]["type"] == "json_invalid"


def test_too_many_items_is_422(client):
    from recommender.models import MAX_ITEMS

    # repeated parameters, one item each: the list itself is too long
    query = "&".join(f"known=n{i}" for i in range(MAX_ITEMS + 1))
    body = assert_problem(client.get(f"/v1/next-steps?{query}"), 422)
    assert body["errors"][0]["loc"][0] == "query"


def test_too_many_comma_separated_items_is_422(client):
    from recommender.models import MAX_ITEMS

    joined = ",".join(f"n{i}" for i in range(MAX_ITEMS + 1))
    body = assert_problem(client.get("/v1/next-steps", params={"known": joined}), 422)
    assert body["errors"][0]["loc"] == ["query", "known"]


def test_too_long_text_is_422(settings):
    from recommender.models import MAX_TEXT

    app = create_app(settings.model_copy(update={"max_body_bytes": 10 * MAX_TEXT}))
    with TestClient(app) as client:
        body = assert_problem(client.post("/v1/match", json={"text": "x" * (MAX_TEXT + 1)}), 422)
    assert body["errors"][0]["loc"] == ["body", "text"]


def test_a_declared_big_body_is_refused_before_reading(client, settings):
    response = client.post("/v1/match", content=b"x" * (settings.max_body_bytes + 1), headers={"Content-Type": "application/json"})
    body = assert_problem(response, 413)
    assert str(settings.max_body_bytes) in body["detail"]


def test_a_streamed_big_body_is_counted_and_refused(client, settings):
    def chunks():
        for _ in range(settings.max_body_bytes // 1000 + 2):
            yield b" " * 1000

    # a generator body is sent chunked, without Content-Length
    response = client.post("/v1/match", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 413)


def test_a_body_at_the_limit_is_accepted_by_the_middleware(client, settings):
    body = b'{"text": ""}'.ljust(settings.max_body_bytes, b" ")
    response = client.post("/v1/match", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422  # reached validation: the empty text is refused, not the size
