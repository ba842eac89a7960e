"""How many Bolt messages a learner request sends Neo4j, counted from the driver's own log.

On this machine a round trip to Neo4j costs more than anything else a learner
request does, so the number of them is part of the design: the token check
is one auto-commit read (RUN and PULL in one round trip), and a progress
write computed from that read, or from what the process saw of the learner
a moment before (``graph.seen_learners``), is one auto-commit write (no
BEGIN, no COMMIT).  Counting messages is exact, unlike timing them.  The retry of an
auto-commit write after a transient error is checked without a server.
"""

from __future__ import annotations

import collections
import logging
import os

import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import ClientError, TransientError

from graph.neo4j.learner_store import retry_transient

TARGET = "machine-learning-engineer"


class BoltMessages(logging.Handler):
    """Counts the messages the driver logs as sent (``C: RUN ...``), by kind."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sent: collections.Counter[str] = collections.Counter()

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if " C: " in text:
            self.sent[text.split(" C: ", 1)[1].split(" ", 1)[0]] += 1

    def take(self) -> dict[str, int]:
        counted, self.sent = dict(self.sent), collections.Counter()
        return counted


@pytest.fixture
def bolt():
    driver_log = logging.getLogger("neo4j")
    counter, level = BoltMessages(), driver_log.level
    driver_log.addHandler(counter)
    driver_log.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        driver_log.removeHandler(counter)
        driver_log.setLevel(level)


@pytest.fixture
def client(neo4j_driver, tmp_path):
    """The API on the session's Neo4j (``NEO4J_URI``, set by ``neo4j_driver``) with the bundled curriculum."""
    from api.app import create_app
    from api.settings import Settings
    from graph.curriculum import load_graph
    from graph.neo4j.sync import sync_curriculum
    from tests.learners.conftest import forget_all_learners

    sync_curriculum(neo4j_driver, load_graph())
    forget_all_learners(neo4j_driver)
    settings = Settings(neo4j_uri=os.environ["NEO4J_URI"], learner_store="neo4j", data_dir=tmp_path, learner_create_limit=1000)
    with TestClient(create_app(settings)) as test_client:
        yield test_client
    forget_all_learners(neo4j_driver)


@pytest.mark.neo4j
def test_a_saved_plan_costs_one_read_and_a_progress_write_after_it_one_write(client, bolt):
    created = client.post("/v1/learners", json={"targets": [TARGET], "known": [{"node": "python"}]}).json()
    path, auth = f"/v1/learners/{created['learner']['id']}", {"Authorization": f"Bearer {created['token']}"}
    first = client.get(f"{path}/plan", headers=auth)  # the first plan: its order is remembered
    assert first.status_code == 200 and "git" in [step["id"] for step in first.json()["steps"]]
    bolt.take()

    assert client.get(f"{path}/plan", headers=auth).status_code == 200
    assert bolt.take() == {"RUN": 1, "PULL": 1}, "the token check's read, and nothing else"

    for status in ("learning", "done"):  # a new mark, then one changed in place
        answer = client.post(f"{path}/progress", headers=auth, json={"marks": [{"node": "git", "status": status}]})
        assert answer.status_code == 200 and [m["status"] for m in answer.json()["marks"] if m["node"] == "git"] == [status]
        assert bolt.take() == {"RUN": 1, "PULL": 1}, "one auto-commit write, conditioned on the version and token hash seen"

    plan = client.get(f"{path}/plan", headers=auth)
    assert plan.status_code == 200 and "git" not in [step["id"] for step in plan.json()["steps"]]
    assert bolt.take() == {"RUN": 2, "PULL": 2}, "the read, and the new order remembered by one auto-commit write"



@pytest.mark.neo4j
def test_a_progress_write_after_another_processs_write_reads_and_writes_again(client, bolt, neo4j_driver):
    """What the API saw is out of date: its write applies nothing, then the token check's read
    and the write computed from it."""
    from graph.learners import MarkChange
    from graph.neo4j.learner_store import Neo4jLearnerStore

    created = client.post("/v1/learners", json={"targets": [TARGET], "known": [{"node": "python"}]}).json()
    path, auth = f"/v1/learners/{created['learner']['id']}", {"Authorization": f"Bearer {created['token']}"}
    assert client.get(path, headers=auth).status_code == 200
    Neo4jLearnerStore(neo4j_driver, location="another process").record(created["learner"]["id"], [MarkChange(node="docker", status="done")])
    bolt.take()
    answer = client.post(f"{path}/progress", headers=auth, json={"marks": [{"node": "git", "status": "done"}]})
    assert answer.status_code == 200 and answer.json()["version"] == 3
    assert bolt.take() == {"RUN": 3, "PULL": 3}, "the write that applied nothing, the read, the write"


@pytest.mark.neo4j
def test_a_write_that_lost_the_race_is_made_again_under_the_lock(client, bolt):
    """Two writes computed from one read: the second finds the version moved on and is
    made again in a managed transaction that locks the learner first."""
    from graph.learners import MarkChange

    store = client.app.state.mlpath.learners
    learner = store.create().learner
    store.record(learner.id, [MarkChange(node="git", status="done")], current=learner)
    bolt.take()
    after = store.record(learner.id, [MarkChange(node="docker", status="learning")], current=learner)
    assert (after.version, [m.node for m in after.marks]) == (3, ["docker", "git"])
    sent = bolt.take()
    assert (sent.get("BEGIN"), sent.get("COMMIT"), sent["RUN"]) == (1, 1, 3), sent


def test_a_transient_error_is_retried_and_others_are_not():
    calls = []

    def deadlocked_once() -> str:
        calls.append("try")
        if len(calls) == 1:
            raise TransientError("deadlock detected")
        return "written"

    assert retry_transient(deadlocked_once, first_delay=0.001) == "written" and len(calls) == 2

    def refused() -> None:
        calls.append("refused")
        raise ClientError("syntax error")

    calls.clear()
    with pytest.raises(ClientError):
        retry_transient(refused, first_delay=0.001)
    assert calls == ["refused"]


def test_a_transient_error_that_persists_is_raised_in_the_end():
    calls = []

    def always_deadlocked() -> None:
        calls.append("try")
        raise TransientError("deadlock detected")

    with pytest.raises(TransientError):
        retry_transient(always_deadlocked, seconds=0.05, first_delay=0.001)
    assert len(calls) >= 2
