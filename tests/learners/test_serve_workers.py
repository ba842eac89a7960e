"""``mlpath serve --workers 2`` on the embedded store: two worker processes share one
SQLite file, and over HTTP nothing is lost, no stale write slips through and a
deletion is seen by both.  Every request opens its own connection, so the kernel
spreads them over both workers' accept queues.
"""

from __future__ import annotations

import os
import sys
import threading

import httpx
import pytest

from graph.curriculum import load_graph
from tests.servers import free_port, running_server

TARGET = "machine-learning-engineer"
WRITERS = 4
MARKS_EACH = 10


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("two-workers")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MLPATH_"))}
    env.update(MLPATH_LEARNER_STORE="embedded", MLPATH_DATA_DIR=str(data / "store"), MLPATH_LEARNER_CREATE_LIMIT="1000")
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--workers", "2"]
    url = f"http://127.0.0.1:{port}"
    with running_server(command, ready_url=f"{url}/ready", env=env, log=data / "serve.log", timeout=120):
        yield url


def _create(base_url: str) -> tuple[str, dict[str, str]]:
    response = httpx.post(f"{base_url}/v1/learners", json={"targets": [TARGET]})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["learner"]["id"], {"Authorization": f"Bearer {body['token']}"}


def _all_at_once(count: int, work) -> list:
    """``work(i)`` for ``i`` in ``range(count)``, each in its own thread, released together."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_progress_from_several_clients_through_two_workers_loses_nothing(base_url):
    learner_id, auth = _create(base_url)
    nodes = sorted(load_graph().nodes)[:WRITERS * MARKS_EACH]
    url = f"{base_url}/v1/learners/{learner_id}/progress"

    def write(client: int) -> list[int]:
        mine = nodes[client * MARKS_EACH:(client + 1) * MARKS_EACH]
        return [httpx.post(url, json={"marks": [{"node": node, "status": "done"}]}, headers=auth, timeout=60).status_code
                for node in mine]

    statuses = _all_at_once(WRITERS, write)
    assert statuses == [[200] * MARKS_EACH] * WRITERS
    stored = httpx.get(f"{base_url}/v1/learners/{learner_id}", headers=auth).json()
    assert stored["version"] == 1 + WRITERS * MARKS_EACH
    assert sorted(m["node"] for m in stored["marks"] if m["status"] == "done") == nodes


def test_of_writes_naming_the_same_version_through_two_workers_exactly_one_wins(base_url):
    learner_id, auth = _create(base_url)
    path = f"{base_url}/v1/learners/{learner_id}"

    def patch(i: int) -> httpx.Response:
        return httpx.patch(path, json={"hours_per_week": 2 + i}, headers={**auth, "If-Match": '"1"'}, timeout=60)

    answers = _all_at_once(6, patch)
    winners = [a for a in answers if a.status_code == 200]
    assert len(winners) == 1 and sorted(a.status_code for a in answers) == [200] + [412] * 5
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers if a.status_code == 412)
    stored = httpx.get(path, headers=auth).json()
    assert (stored["version"], stored["hours_per_week"]) == (2, winners[0].json()["hours_per_week"])


def test_a_learner_deleted_through_one_worker_is_gone_for_both(base_url):
    learner_id, auth = _create(base_url)
    path = f"{base_url}/v1/learners/{learner_id}"
    assert httpx.delete(path, headers={**auth, "If-Match": '"1"'}).status_code == 204
    assert {httpx.get(path, headers=auth).status_code for _ in range(20)} == {401}
