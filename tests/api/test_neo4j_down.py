"""NEO4J_URI set but nothing listening: the API starts on the seed files,
reports itself degraded, and keeps answering.

A real driver talks to a real closed port here; no Neo4j is mocked.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.curriculum import load_graph
from tests.api.conftest import API_KEY
from tests.servers import free_port


@pytest.fixture(scope="module")
def down_client(settings):
    uri = f"bolt://127.0.0.1:{free_port()}"
    changes = {"neo4j_uri": uri, "neo4j_check_timeout": 1.0, "max_body_bytes": 64 * 1024}
    with TestClient(create_app(settings.model_copy(update=changes))) as client:
        yield client


def test_ready_is_degraded_and_serves_the_seed_snapshot(down_client, toy_path):
    body = down_client.get("/ready").json()
    assert body["status"] == "degraded" and body["neo4j"] == "down"
    assert body["source"] == str(toy_path) and body["nodes"] == len(load_graph(toy_path))
    assert "unreachable at start" in body["detail"]


def test_the_curriculum_is_still_served(down_client):
    assert down_client.get("/v1/nodes/python").status_code == 200
    assert down_client.get("/v1/graph").status_code == 200


def test_a_bad_uri_fails_the_start_clearly(settings):
    from neo4j.exceptions import ConfigurationError

    app = create_app(settings.model_copy(update={"neo4j_uri": "mongodb://127.0.0.1:7687"}))
    with pytest.raises(ConfigurationError, match="scheme 'mongodb' is not supported"):
        with TestClient(app):
            pass


def test_cypher_without_a_key_is_still_401(down_client):
    response = down_client.post("/v1/cypher", json={"query": "RETURN 1"})
    assert response.status_code == 401


@pytest.mark.parametrize("body", [{}, {"query": ""}, {"query": "RETURN 1", "parameters": []}, {"query": "x" * 10_001}])
def test_cypher_validates_the_body_once_neo4j_is_configured(down_client, body):
    response = down_client.post("/v1/cypher", json=body, headers={"Authorization": f"Bearer {API_KEY}"})
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
