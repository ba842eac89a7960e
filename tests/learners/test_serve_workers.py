"""``mlpath serve --workers 2`` on the embedded store: two worker processes share one
SQLite file, and over HTTP nothing is lost, no stale write slips through and a
deletion is seen by both.  Every request opens its own connection, so the kernel
spreads them over both workers' accept queues (``tests.servers.all_at_once``).
"""

from __future__ import annotations

import os
import sys

import httpx
import pytest

from graph.curriculum import load_graph
from tests.servers import all_at_once, free_port, running_server

TARGET = "machine-learning-engineer"
#: progress requests sent at once, each on its own connection, one mark each
MARKS = 40


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


def test_progress_from_several_clients_through_two_workers_loses_nothing(base_url):
    learner_id, auth = _create(base_url)
    nodes = sorted(load_graph().nodes)[:MARKS]
    path = f"/v1/learners/{learner_id}/progress"
    answers = all_at_once(base_url, [("POST", path, {"json": {"marks": [{"node": node, "status": "done"}]}, "headers": auth})
                                     for node in nodes])
    assert [status for _, status, _ in answers] == [200] * MARKS
    stored = httpx.get(f"{base_url}/v1/learners/{learner_id}", headers=auth).json()
    assert stored["version"] == 1 + MARKS
    assert sorted(m["node"] for m in stored["marks"] if m["status"] == "done") == nodes


def test_of_writes_naming_the_same_version_through_two_workers_exactly_one_wins(base_url):
    learner_id, auth = _create(base_url)
    path = f"/v1/learners/{learner_id}"
    hours = [2 + i for i in range(6)]
    answers = all_at_once(base_url, [("PATCH", path, {"json": {"hours_per_week": h}, "headers": {**auth, "If-Match": '"1"'}})
                                     for h in hours])
    assert sorted(status for _, status, _ in answers) == [200] + [412] * 5
    stored = httpx.get(f"{base_url}{path}", headers=auth).json()
    assert stored["version"] == 2 and stored["hours_per_week"] in hours


def test_a_learner_deleted_through_one_worker_is_gone_for_both(base_url):
    learner_id, auth = _create(base_url)
    path = f"{base_url}/v1/learners/{learner_id}"
    assert httpx.delete(path, headers={**auth, "If-Match": '"1"'}).status_code == 204
    assert {httpx.get(path, headers=auth).status_code for _ in range(20)} == {401}
