"""The real thing: ``mlpath serve`` in a subprocess over a real Neo4j that
is stopped and started again under it.

The Neo4j here is the session's throwaway one (``private_neo4j``: its own
home and port, via ``scripts/neo4j-local``'s MLPATH_NEO4J_HOME and
MLPATH_NEO4J_PORT), so stopping it never disturbs the shared server other
tests use.  Its jars are borrowed from the shared ``.neo4j/lib`` when
present, so nothing is downloaded twice.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.curriculum import to_interchange_json
from graph.synthetic import synthetic_curriculum
from tests.api.conftest import API_KEY, TOY
from tests.servers import free_port, running_server

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
AUTH = {"Authorization": f"Bearer {API_KEY}"}
PLAN_REQUEST = {"known": ["python"], "targets": ["machine-learning-engineer"], "hours_per_week": 10}


@pytest.fixture(scope="module")
def neo4j_server(private_neo4j):
    private_neo4j.run("start")
    return private_neo4j


@pytest.fixture(scope="module")
def synced(neo4j_server):
    """The toy curriculum stored in the private Neo4j."""
    import neo4j

    from graph.neo4j.sync import sync_curriculum

    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=None) as driver:
        sync_curriculum(driver, TOY)
    return TOY


@pytest.fixture(scope="module")
def api(neo4j_server, synced, tmp_path_factory):
    """``mlpath serve`` over the private Neo4j; its seed fallback is a different curriculum."""
    fallback = tmp_path_factory.mktemp("fallback") / "other.json"
    fallback.write_text(to_interchange_json(synthetic_curriculum(30, seed=3)), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "MLPATH_API_KEYS": API_KEY,
           "MLPATH_GRAPH": str(fallback), "MLPATH_NEO4J_CHECK_TIMEOUT": "1"}
    for name in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(name, None)
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--no-access-log"]
    log = tmp_path_factory.mktemp("api-log") / "serve.log"
    with running_server(command, ready_url=f"http://127.0.0.1:{port}/health", env=env, log=log, cwd=ROOT):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client


def _wait_until(check, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"condition not met within {seconds} s")


def cypher(api, query: str, **parameters):
    return api.post("/v1/cypher", json={"query": query, "parameters": parameters}, headers=AUTH)


def test_stop_and_restart_neo4j_under_a_running_api(api, neo4j_server, synced):
    # Up: the snapshot came from Neo4j, not from the fallback file.
    ready = api.get("/ready").json()
    assert (ready["status"], ready["neo4j"], ready["source"]) == ("ready", "up", "neo4j")
    assert ready["nodes"] == len(synced.nodes)
    assert json.loads(api.get("/v1/graph").content) == json.loads(to_interchange_json(synced))

    counted = cypher(api, "MATCH (n:Node) RETURN count(n) AS nodes")
    assert counted.status_code == 200, counted.text
    assert counted.json() == {"columns": ["nodes"], "rows": [[len(synced.nodes)]], "truncated": False}
    named = cypher(api, "MATCH (n:Node {id: $id}) RETURN n.name AS name", id="keras").json()
    assert named["rows"] == [["Keras"]]
    refused = cypher(api, "MATCH (n:Node) DETACH DELETE n")
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert cypher(api, "MATCH (n:Node RETURN n").status_code == 422
    assert cypher(api, "MATCH (n:Node) RETURN n.id AS id").json()["rows"] == [[i] for i in sorted(n.id for n in synced.nodes)]

    plan_before = api.post("/v1/paths", json=PLAN_REQUEST)
    assert plan_before.status_code == 200, plan_before.text

    # Down: plans and the curriculum are still served from the snapshot.
    neo4j_server.run("stop")
    plan_during = api.post("/v1/paths", json=PLAN_REQUEST)
    assert plan_during.status_code == 200 and plan_during.content == plan_before.content
    assert api.get("/v1/nodes/keras").status_code == 200
    down = cypher(api, "MATCH (n:Node) RETURN count(n) AS nodes")
    assert down.status_code == 503 and down.json()["type"].endswith("neo4j-unavailable")
    ready = api.get("/ready").json()
    assert (ready["status"], ready["neo4j"], ready["source"]) == ("degraded", "down", "neo4j")

    # Back: Cypher recovers without restarting the API.
    neo4j_server.run("start")
    _wait_until(lambda: cypher(api, "RETURN 1 AS one").status_code == 200, 60)
    assert cypher(api, "MATCH (n:Node) RETURN count(n) AS nodes").json()["rows"] == [[len(synced.nodes)]]
    assert api.get("/ready").json()["status"] == "ready"
    assert api.post("/v1/paths", json=PLAN_REQUEST).content == plan_before.content

