"""Each key's limits on POST /v1/cypher, with ``mlpath serve`` over the real server.

Two slow queries at once from one key: one runs, the other is answered 429
with ``Retry-After`` while the first is still running; another key is not
held back; once the first is done the key may send again.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import httpx
import pytest

from graph.neo4j.sync import sync_curriculum
from tests.servers import free_port, running_server

pytestmark = pytest.mark.neo4j

KEY, OTHER = "limits-key-0123456789", "other-key-0123456789"
SLOW = {"query": "MATCH p = (a)-[*]-(b) RETURN count(p) AS paths"}  # runs into its 2 s timeout


@pytest.fixture(scope="module")
def api(neo4j_driver, seed_graph, tmp_path_factory):
    sync_curriculum(neo4j_driver, seed_graph)
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("MLPATH_")},
           "MLPATH_API_KEYS": f"{KEY},{OTHER}", "MLPATH_CYPHER_CONCURRENCY_PER_KEY": "1",
           "MLPATH_CYPHER_TIMEOUT": "2", "MLPATH_NEO4J_CHECK_TIMEOUT": "10"}
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()", "serve", "--port", str(port), "--no-access-log"]
    log = tmp_path_factory.mktemp("limits") / "serve.log"
    with running_server(command, ready_url=f"http://127.0.0.1:{port}/health", env=env, log=log):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client


def _post(client, key, body):
    return client.post("/v1/cypher", json=body, headers={"Authorization": f"Bearer {key}"})


def test_a_second_query_at_once_from_one_key_is_429_while_another_key_is_served(api, neo4j_driver):
    first: dict = {}
    running = threading.Thread(target=lambda: first.update(response=_post(api, KEY, SLOW)))
    running.start()
    try:
        _wait_until_running(neo4j_driver, SLOW["query"])  # the first query holds the key's one place
        second = _post(api, KEY, {"query": "RETURN 1 AS one"})
        assert second.status_code == 429, second.text
        assert second.headers["content-type"] == "application/problem+json" and int(second.headers["Retry-After"]) >= 1
        assert "at most 1 at once" in second.json()["detail"]
        assert _post(api, OTHER, {"query": "RETURN 1 AS one"}).json()["rows"] == [[1]]
    finally:
        running.join()
    assert first["response"].status_code == 422 and first["response"].json()["type"].endswith("query-timeout")
    assert _post(api, KEY, {"query": "RETURN 2 AS two"}).json()["rows"] == [[2]]


def _wait_until_running(driver, query: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        records = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery AS q").records
        if any(r["q"] == query for r in records):
            return
        time.sleep(0.05)
    raise AssertionError(f"{query!r} never ran")
