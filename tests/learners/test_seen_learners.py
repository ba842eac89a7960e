"""A progress write made from what the API process last saw of a learner, without reading it first.

Two learners throughout, on each store: the API (one process) serves them, and a second store
instance on the same storage stands in for another worker process or a CLI, with a memory of
its own.  Whatever that other process does (rotates a token, deletes a learner, imports it
again, writes a mark), the API's next write must refuse exactly as a fresh read would, write
nothing it should not, and lose nothing the other process wrote.
"""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.learner_store import LearnerStore, SqliteLearnerStore
from graph.learners import MarkChange
from tests.learners.conftest import STORES, forget_all_learners

TARGET = "machine-learning-engineer"
PROBLEM = "application/problem+json"


class Learner:
    """A learner created over HTTP: its id and the header with its token."""

    def __init__(self, client: TestClient, known: str):
        created = client.post("/v1/learners", json={"targets": [TARGET], "known": [{"node": known}]})
        assert created.status_code == 201, created.text
        self.id, self.token = created.json()["learner"]["id"], created.json()["token"]
        self.auth = {"Authorization": f"Bearer {self.token}"}
        self.progress = f"/v1/learners/{self.id}/progress"


@pytest.fixture(params=STORES)
def served(request, tmp_path):
    """The API on one store, and another store instance on the same storage (another process's view)."""
    if request.param == "sqlite":
        settings = Settings(neo4j_uri=None, learner_store="embedded", data_dir=tmp_path, learner_create_limit=1000)
        with TestClient(create_app(settings)) as client, SqliteLearnerStore.in_directory(tmp_path) as other:
            yield client, other
        return
    from graph.neo4j.learner_store import Neo4jLearnerStore

    driver = request.getfixturevalue("neo4j_driver")
    forget_all_learners(driver)
    settings = Settings(neo4j_uri=os.environ["NEO4J_URI"], learner_store="neo4j", data_dir=tmp_path, learner_create_limit=1000)
    with TestClient(create_app(settings)) as client:
        yield client, Neo4jLearnerStore(driver, location="another process")
    forget_all_learners(driver)


def _mark(client: TestClient, learner: Learner, node: str, status: str = "done", **headers: str):
    return client.post(learner.progress, json={"marks": [{"node": node, "status": status}]}, headers={**learner.auth, **headers})


def _two_seen_learners(client: TestClient) -> tuple[Learner, Learner]:
    """Alice and Bob, each with one write made, so the API process has seen both with their tokens."""
    alice, bob = Learner(client, "python"), Learner(client, "git")
    assert _mark(client, alice, "git").status_code == 200
    assert _mark(client, bob, "python").status_code == 200
    return alice, bob


def _api_store(client: TestClient) -> LearnerStore:
    return client.app.state.mlpath.learners


def test_the_write_needs_no_read_once_the_learner_was_seen(served):
    client, other = served
    alice, _ = _two_seen_learners(client)
    seen = _api_store(client).seen.get(alice.id)
    assert seen is not None and seen.learner == other.get(alice.id)
    answer = _mark(client, alice, "docker", "learning")
    assert answer.status_code == 200 and answer.headers["etag"] == '"3"'
    assert answer.json()["version"] == 3 and {m["node"]: m["status"] for m in answer.json()["marks"]} == {
        "docker": "learning", "git": "done", "python": "known"}
    assert other.get(alice.id).model_dump(mode="json") == {k: v for k, v in answer.json().items() if k not in ("carried", "orphaned")}


def test_a_token_rotated_by_another_process_is_refused_and_nothing_is_written(served):
    client, other = served
    alice, bob = _two_seen_learners(client)
    before = other.get(alice.id)
    new_token = other.rotate_token(alice.id)
    refused = _mark(client, alice, "docker")
    assert (refused.status_code, refused.headers["content-type"]) == (401, PROBLEM), refused.text
    assert other.get(alice.id) == before
    rotated = client.post(alice.progress, json={"marks": [{"node": "docker", "status": "done"}]},
                          headers={"Authorization": f"Bearer {new_token}"})
    assert rotated.status_code == 200 and rotated.json()["version"] == before.version + 1
    assert _mark(client, alice, "numpy").status_code == 401, "the old token stays refused after the new one wrote"
    assert _mark(client, bob, "docker").status_code == 200


def test_a_learner_deleted_by_another_process_is_refused_and_stays_deleted(served):
    client, other = served
    alice, bob = _two_seen_learners(client)
    other.delete(alice.id)
    refused = _mark(client, alice, "docker")
    assert (refused.status_code, refused.headers["content-type"]) == (401, PROBLEM), refused.text
    assert other.find(alice.id) is None
    assert _mark(client, bob, "docker").status_code == 200


def _seen_then_imported_again(client: TestClient, other: LearnerStore):
    """Alice seen by the API at version 1 (a read, no write), then deleted and imported again by
    the other process: version 1 again, with a new token and every mark's source ``imported``, so
    only the token hash tells the stored learner from the one seen."""
    alice = Learner(client, "python")
    assert client.get(f"/v1/learners/{alice.id}", headers=alice.auth).json()["version"] == 1
    exported = other.export(alice.id)
    other.delete(alice.id)
    issued = other.import_learner(exported)
    assert issued.learner.version == _api_store(client).seen.get(alice.id).learner.version == 1
    return alice, issued


def test_a_learner_deleted_and_imported_again_under_its_id_refuses_the_old_token(served):
    client, other = served
    alice, issued = _seen_then_imported_again(client, other)
    assert _mark(client, alice, "docker").status_code == 401
    assert other.get(alice.id) == issued.learner
    assert client.post(alice.progress, json={"marks": [{"node": "docker", "status": "done"}]},
                       headers={"Authorization": f"Bearer {issued.token}"}).status_code == 200


def test_a_learner_deleted_and_imported_again_is_read_anew_though_its_version_is_the_one_seen(served):
    client, other = served
    alice, issued = _seen_then_imported_again(client, other)
    answer = client.post(alice.progress, json={"marks": [{"node": "docker", "status": "done"}]},
                         headers={"Authorization": f"Bearer {issued.token}"})
    assert answer.status_code == 200
    assert {m["node"]: m["source"] for m in answer.json()["marks"]} == {"docker": "self-reported", "python": "imported"}
    assert _mark(client, alice, "numpy").status_code == 401


def test_a_write_by_another_process_is_kept_and_the_next_write_builds_on_it(served):
    client, other = served
    alice, _ = _two_seen_learners(client)
    elsewhere = other.record(alice.id, [MarkChange(node="docker", status="learning")])
    answer = _mark(client, alice, "numpy")
    assert answer.status_code == 200 and answer.json()["version"] == elsewhere.version + 1
    assert {m["node"] for m in answer.json()["marks"]} == {"docker", "git", "numpy", "python"}
    assert other.get(alice.id).version == elsewhere.version + 1


def test_if_match_is_judged_against_the_stored_version_not_the_one_seen(served):
    client, other = served
    alice, _ = _two_seen_learners(client)
    seen_version = _api_store(client).seen.get(alice.id).learner.version
    elsewhere = other.record(alice.id, [MarkChange(node="docker", status="learning")])
    stale = _mark(client, alice, "numpy", **{"If-Match": f'"{seen_version}"'})
    assert (stale.status_code, stale.json()["current_version"]) == (412, elsewhere.version)
    assert other.get(alice.id) == elsewhere
    assert _mark(client, alice, "numpy", **{"If-Match": f'"{elsewhere.version}"'}).status_code == 200


def test_another_learners_token_and_a_forged_secret_are_refused_though_both_were_seen(served):
    client, other = served
    alice, bob = _two_seen_learners(client)
    before = (other.get(alice.id), other.get(bob.id))
    forged = {"Authorization": f"Bearer mlp_{alice.id}_{'A' * 43}"}
    for path, auth, status in ((alice.progress, bob.auth, 403), (bob.progress, alice.auth, 403), (alice.progress, forged, 401)):
        answer = client.post(path, json={"marks": [{"node": "docker", "status": "done"}]}, headers=auth)
        assert (answer.status_code, answer.headers["content-type"]) == (status, PROBLEM), answer.text
    assert (other.get(alice.id), other.get(bob.id)) == before


def test_refusals_of_a_seen_learner_come_after_the_token_check(served):
    """An unknown node, an unusable If-Match and a repeated write are answered by the way that reads."""
    client, other = served
    alice, _ = _two_seen_learners(client)
    before = other.get(alice.id)
    assert _mark(client, alice, "no-such-node-anywhere").status_code == 422
    assert _mark(client, alice, "docker", **{"If-Match": 'W/"2"'}).status_code == 412
    again = _mark(client, alice, "git")
    assert again.status_code == 200 and again.json()["version"] == before.version, "a repeated mark is no change"
    assert other.get(alice.id) == before


def test_a_read_of_a_seen_learner_is_the_stored_learner_and_its_plan_order_is_fresh(served):
    client, other = served
    alice, _ = _two_seen_learners(client)
    store = _api_store(client)
    found = store.find(alice.id)
    assert found.learner is store.seen.get(alice.id).learner, "the seen learner, not decoded again"
    assert found.learner == other.find(alice.id).learner
    other.remember_plan(alice.id, ["git", "docker"])
    assert store.find(alice.id).plan_order == ("git", "docker")


def test_a_read_of_a_seen_learner_shows_what_another_process_wrote(served):
    client, other = served
    alice, _ = _two_seen_learners(client)
    elsewhere = other.record(alice.id, [MarkChange(node="docker", status="learning")])
    read = client.get(f"/v1/learners/{alice.id}", headers=alice.auth)
    assert read.status_code == 200 and read.headers["etag"] == f'"{elsewhere.version}"'
    assert {m["node"]: m["status"] for m in read.json()["marks"]} == {m.node: m.status.value for m in elsewhere.marks}


def test_a_read_of_a_seen_learner_refuses_a_token_rotated_or_a_learner_deleted_elsewhere(served):
    client, other = served
    alice, bob = _two_seen_learners(client)
    new_token = other.rotate_token(alice.id)
    for tail in ("", "/plan", "/next", "/export"):
        assert client.get(f"/v1/learners/{alice.id}{tail}", headers=alice.auth).status_code == 401
    assert client.get(f"/v1/learners/{alice.id}", headers={"Authorization": f"Bearer {new_token}"}).json()["version"] == 2
    other.delete(bob.id)
    assert client.get(f"/v1/learners/{bob.id}", headers=bob.auth).status_code == 401
