"""CORS follows MLPATH_CORS_ORIGINS; without it, no CORS headers at all."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app

ALLOWED = "http://learner.example"


def preflight(client, origin: str):
    return client.options("/v1/paths", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-request-id",
    })


def test_preflight_from_an_allowed_origin(client):
    response = preflight(client, ALLOWED)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "x-request-id" in response.headers["access-control-allow-headers"].lower()


def test_preflight_from_another_origin_is_refused(client):
    response = preflight(client, "http://evil.example")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_simple_request_exposes_the_request_id(client):
    response = client.get("/health", headers={"Origin": ALLOWED})
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


def test_errors_carry_cors_headers_too(client):
    response = client.get("/v1/nodes/nope", headers={"Origin": ALLOWED})
    assert response.status_code == 404 and response.headers["access-control-allow-origin"] == ALLOWED


def test_no_origins_configured_means_no_cors(settings):
    with TestClient(create_app(settings.model_copy(update={"cors_origins": ()}))) as client:
        response = client.get("/health", headers={"Origin": ALLOWED})
        assert "access-control-allow-origin" not in response.headers
        assert preflight(client, ALLOWED).status_code == 405
