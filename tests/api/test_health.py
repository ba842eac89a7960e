"""Liveness, readiness and request ids."""

from __future__ import annotations

import re
from datetime import datetime

from graph.curriculum import load_graph


def test_health_is_ok(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_reports_the_snapshot_without_neo4j(client, toy_path):
    body = client.get("/ready").json()
    assert body["status"] == "ready"
    assert body["nodes"] == len(load_graph(toy_path))
    assert body["source"] == str(toy_path)
    assert body["neo4j"] == "not configured"
    assert datetime.fromisoformat(body["loaded_at"]).tzinfo is not None


def test_a_safe_request_id_is_echoed(client):
    response = client.get("/health", headers={"X-Request-ID": "trace-42.a:b"})
    assert response.headers["X-Request-ID"] == "trace-42.a:b"


def test_a_missing_request_id_is_generated_fresh_each_time(client):
    first = client.get("/health").headers["X-Request-ID"]
    second = client.get("/health").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/health", headers={"X-Request-ID": "x" * 129})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    response = client.get("/health", headers={"X-Request-ID": "a b<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_problem_bodies_carry_the_request_id(client):
    response = client.get("/v1/nodes/nope", headers={"X-Request-ID": "abc-123"})
    assert response.json()["request_id"] == "abc-123" == response.headers["X-Request-ID"]

