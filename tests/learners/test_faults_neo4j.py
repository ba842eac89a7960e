"""Neo4j killed (SIGKILL) in the middle of a stream of progress writes, then restarted.

A private server of this module's own (``tests.servers.LocalNeo4j``), so
killing it never disturbs the shared one.  Six writers stream batches of
50 marks (``progress_stream``) to six learners, so transactions are in
flight whenever the kill comes: two under the learner's lock (a write with
no read to start from), four computed from the learner as last written, so
their batches go through the group commit and share transactions
(``graph.group_commit``).  After the restart every learner holds whole
batches only, and every batch a writer saw acknowledged.
"""

from __future__ import annotations

import threading
import time

import pytest

from graph.curriculum import build_graph
from graph.errors import LearnerStoreUnavailableError, StaleVersionError
from graph.learners import LearnerDraft
from graph.models import LEGACY_STAGES, Curriculum, Node
from graph.neo4j.connection import Neo4jSettings, open_driver
from graph.neo4j.learner_store import Neo4jLearnerStore
from graph.neo4j.sync import sync_curriculum
from tests.learners import progress_stream
from tests.servers import LocalNeo4j, free_port

pytestmark = pytest.mark.neo4j

WRITERS = 6
#: Writers 0 and 1 write under the lock (``progress_stream.write``); the others are grouped.
LOCKED = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LocalNeo4j(tmp_path_factory.mktemp("neo4j-faults") / "home", free_port()) as neo4j:
        yield neo4j


def _store(server: LocalNeo4j) -> tuple[object, Neo4jLearnerStore]:
    driver = open_driver(Neo4jSettings(uri=server.uri, timeout=2.0))
    return driver, Neo4jLearnerStore(driver, location=server.uri)


def _stream(store: Neo4jLearnerStore, learner_id: str, acknowledged: dict[str, int], failures: list[str],
            killed: threading.Event, grouped: bool) -> None:
    """Write batches until the server is killed; record the version of each acknowledged one.

    Before the kill a slow server (503) is waited for, as a client would,
    and a write that committed without being acknowledged (the version has
    moved on) is picked up from where the store is.  ``grouped`` writes
    each batch from the learner as last written (a conditional write, group-committed).
    """
    batch = acknowledged[learner_id] - 1
    current = None
    while True:
        try:
            if grouped:
                current = current or store.get(learner_id)
                current = progress_stream.write_from(store, learner_id, batch, current)
                acknowledged[learner_id] = current.version
            else:
                acknowledged[learner_id] = progress_stream.write(store, learner_id, batch)
            batch += 1
        except LearnerStoreUnavailableError as exc:
            if killed.is_set():
                failures.append(str(exc))
                return
            current = None
            time.sleep(0.5)
        except StaleVersionError as exc:
            batch, current = exc.current - 1, None
        except Exception as exc:  # anything else is a finding: say what, then fail the thread
            failures.append(f"unexpected {exc!r}")
            raise


def _read_when_back(store: Neo4jLearnerStore, learner_id: str, seconds: float = 120):
    """The learner, read as a client would after a restart: a 503 (the recovering server ran a
    first read past its transaction limit on a loaded machine) is retried, for ``seconds`` at most."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return store.get(learner_id)
        except LearnerStoreUnavailableError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _until_answered(request, seconds: float = 120):
    """``request()`` again while it answers 503, as a client honouring ``Retry-After`` would."""
    deadline = time.monotonic() + seconds
    while (response := request()).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.5)
    return response


def test_every_acknowledged_batch_survives_a_killed_server_and_none_is_half_there(server):
    driver, store = _store(server)
    nodes = tuple(Node(id=n, name=n, kind="topic", stage="foundations", effort_hours=1, source="tests/learners")
                  for n in progress_stream.NODES)
    sync_curriculum(driver, build_graph(Curriculum(stages=LEGACY_STAGES, nodes=nodes)))  # the marks link real nodes
    learners = [store.create(LearnerDraft(targets=(progress_stream.NODES[0],))).learner.id for _ in range(WRITERS)]
    acknowledged = {learner_id: 1 for learner_id in learners}
    largest = 0
    driver.close()
    for round_, acks in enumerate((20, 30)):
        driver, store = _store(server)
        failures: list[str] = []
        killed = threading.Event()
        start = sum(acknowledged.values())
        writers = [threading.Thread(target=_stream, args=(store, i, acknowledged, failures, killed, n >= LOCKED), daemon=True)
                   for n, i in enumerate(learners)]
        for w in writers:
            w.start()
        deadline = time.monotonic() + 600
        try:
            while sum(acknowledged.values()) - start < acks:
                assert all(w.is_alive() for w in writers) and time.monotonic() < deadline, (round_, failures)
                time.sleep(0.01)
        finally:
            killed.set()
        server.kill()
        for w in writers:
            w.join(timeout=120)
        driver.close()
        assert len(failures) == WRITERS, f"round {round_}: every writer was cut off mid-stream"
        largest = max(largest, store.group_stats.largest)

        server.run("start")
        driver, store = _store(server)
        for learner_id in learners:
            held = progress_stream.check(_read_when_back(store, learner_id), acknowledged[learner_id])
            acknowledged[learner_id] = held + 2  # a batch committed but not yet acknowledged counts from now on
        driver.close()
    assert largest >= 2, "the grouped writers never shared a commit"


def test_with_neo4j_down_learner_routes_answer_503_and_plans_keep_flowing(server, tmp_path):
    """``mlpath serve`` over the private server, which is stopped and started again under it."""
    import os
    import subprocess
    import sys

    import httpx

    from tests.servers import running_server

    port = free_port()
    env = {**os.environ, "NEO4J_URI": server.uri, "MLPATH_NEO4J_CHECK_TIMEOUT": "1", "MLPATH_DATA_DIR": str(tmp_path)}
    for name in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "MLPATH_LEARNER_STORE"):
        env.pop(name, None)
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()", "serve", "--port", str(port), "--no-access-log"]
    plan = {"targets": [progress_stream.NODES[-1]]}  # the snapshot is the curriculum synced above
    with running_server(command, ready_url=f"http://127.0.0.1:{port}/health", env=env, log=tmp_path / "serve.log"), \
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as api:
        # The first learner write makes the schema: on a loaded machine it may pass the 10 s limit once.
        created = _until_answered(lambda: api.post("/v1/learners", json={"targets": [progress_stream.NODES[1]]}))
        assert created.status_code == 201, created.text
        learner_id, auth = created.json()["learner"]["id"], {"Authorization": f"Bearer {created.json()['token']}"}
        assert api.get(f"/v1/learners/{learner_id}", headers=auth).status_code == 200
        before = api.post("/v1/paths", json=plan)
        assert before.status_code == 200, before.text

        server.run("stop")
        try:
            posted = api.post("/v1/paths", json=plan)
            assert posted.status_code == 200 and posted.content == before.content  # plans never touch Neo4j
            for response in (api.get(f"/v1/learners/{learner_id}", headers=auth),
                             api.post(f"/v1/learners/{learner_id}/progress", headers=auth,
                                      json={"marks": [{"node": progress_stream.NODES[0], "status": "done"}]}),
                             api.get(f"/v1/learners/{learner_id}/plan", headers=auth),
                             api.post("/v1/learners", json={"targets": [progress_stream.NODES[1]]})):
                assert response.status_code == 503, response.text
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["type"].endswith("learner-store-unavailable")
                assert int(response.headers["retry-after"]) > 0
            assert api.get(f"/v1/learners/{learner_id}").status_code == 401  # no token: refused without asking Neo4j
        finally:
            server.run("start")
        back = _until_answered(lambda: api.get(f"/v1/learners/{learner_id}", headers=auth))
        assert back.status_code == 200 and back.json()["id"] == learner_id
