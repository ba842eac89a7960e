"""POST /v1/cypher without a reachable Neo4j: authentication first, then 503.

The behaviour with a real Neo4j (results, refused queries, recovery) is in
``test_end_to_end.py``, marked ``neo4j``.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import API_KEY

QUERY = {"query": "MATCH (n:Node) RETURN count(n) AS nodes"}


def assert_401(response):
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["type"].endswith("api-key-required")


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-key-0123456789"},
    {"Authorization": f"Bearer {API_KEY}x"},
    {"Authorization": f"Bearer {API_KEY[:-1]}"},
    {"Authorization": f"Basic {API_KEY}"},
    {"Authorization": API_KEY},
], ids=["none", "wrong", "longer", "prefix", "basic", "no-scheme"])
def test_without_a_valid_key_is_401(client, headers):
    assert_401(client.post("/v1/cypher", json=QUERY, headers=headers))


def test_401_comes_before_revealing_the_neo4j_configuration(client):
    response = client.post("/v1/cypher", json=QUERY)
    assert "NEO4J" not in response.text


def test_with_a_key_but_no_neo4j_configured_is_503_explaining_how(client):
    response = client.post("/v1/cypher", json=QUERY, headers={"Authorization": f"Bearer {API_KEY}"})
    body = response.json()
    assert response.status_code == 503 and response.headers["content-type"] == "application/problem+json"
    assert body["type"].endswith("neo4j-unavailable") and "NEO4J_URI" in body["detail"]


def test_no_keys_configured_refuses_everyone(settings):
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(settings.model_copy(update={"api_keys": ()}))) as client:
        assert_401(client.post("/v1/cypher", json=QUERY, headers={"Authorization": "Bearer "}))
        assert_401(client.post("/v1/cypher", json=QUERY, headers={"Authorization": f"Bearer {API_KEY}"}))

