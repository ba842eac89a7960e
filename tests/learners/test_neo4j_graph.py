"""Learners inside the curriculum's graph on a real Neo4j: the layout designers query, and
curriculum syncs that retire and remove nodes under learners without losing a mark."""

from __future__ import annotations

import pytest

from graph.learners import Carried, LearnerDraft, LearnerExport, MarkChange, Source, Status, view
from graph.neo4j.guard import run_read_only
from graph.neo4j.learner_store import Neo4jLearnerStore
from graph.neo4j.sync import sync_curriculum
from tests.learners.conftest import SteppingClock, forget_all_learners
from tests.learners.curricula import changed

pytestmark = pytest.mark.neo4j

TARGET = "machine-learning-engineer"


@pytest.fixture
def store(neo4j_driver):
    forget_all_learners(neo4j_driver)
    with Neo4jLearnerStore(neo4j_driver, location="tests", clock=SteppingClock()) as opened:
        yield opened
    forget_all_learners(neo4j_driver)


@pytest.fixture(scope="module")
def next_year(seed_graph):
    return changed(seed_graph, retire={"git": "version-control"}, remove={"technical-blog"})


def links(driver, learner_id: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(relationship type, the learner's id for it) -> (label, id) of the node it points at."""
    records = driver.execute_query(
        "MATCH (:Learner {id: $id})-[r:KNOWS|AIMS_AT]->(n) RETURN type(r) AS kind, r.node AS node, "
        "CASE WHEN n:Node THEN 'Node' ELSE 'MissingNode' END AS label, n.id AS at", id=learner_id).records
    return {(r["kind"], r["node"]): (r["label"], r["at"]) for r in records}


def test_learners_are_part_of_the_curriculum_graph(neo4j_driver, store, seed_graph):
    sync_curriculum(neo4j_driver, seed_graph)
    learner = store.create(LearnerDraft(targets=(TARGET, "aws-ml-specialty"), known=({"node": "python", "level": "advanced"},))).learner
    store.record(learner.id, [MarkChange(node="git", status=Status.DONE, source=Source.PLAN_STEP)])
    assert links(neo4j_driver, learner.id) == {
        ("AIMS_AT", TARGET): ("Node", TARGET), ("AIMS_AT", "aws-ml-specialty"): ("Node", "aws-ml-specialty"),
        ("KNOWS", "python"): ("Node", "python"), ("KNOWS", "git"): ("Node", "git")}
    record = neo4j_driver.execute_query(
        "MATCH (:Learner {id: $id})-[k:KNOWS {node: 'python'}]->(:Node) RETURN k.status AS status, k.level AS level, "
        "k.source AS source, k.at AS at", id=learner.id).records[0]
    assert (record["status"], record["level"], record["source"]) == ("known", "advanced", "self-reported")
    assert record["at"].to_native() == learner.mark("python").at
    positions = neo4j_driver.execute_query("MATCH (:Learner {id: $id})-[a:AIMS_AT]->(n) RETURN n.id AS id ORDER BY a.position",
                                           id=learner.id).records
    assert [r["id"] for r in positions] == [TARGET, "aws-ml-specialty"]


def test_a_designer_can_count_progress_through_the_read_only_guard(neo4j_driver, store, seed_graph):
    sync_curriculum(neo4j_driver, seed_graph)
    for marked in (["git", "python"], ["git"], ["docker"]):
        learner = store.create(LearnerDraft(targets=(TARGET,))).learner
        store.record(learner.id, [MarkChange(node=n, status=Status.DONE) for n in marked])
    result = run_read_only(neo4j_driver, "MATCH (:Learner)-[k:KNOWS {status: 'done'}]->(n:Node) "
                                         "RETURN n.id AS node, count(*) AS learners ORDER BY learners DESC, node",
                           {}, timeout=10, row_limit=10)
    assert [tuple(row) for row in result.rows] == [("git", 2), ("docker", 1), ("python", 1)]


def test_syncs_that_retire_and_remove_nodes_keep_every_mark(neo4j_driver, store, seed_graph, next_year):
    sync_curriculum(neo4j_driver, seed_graph)
    learner = store.create(LearnerDraft(targets=(TARGET, "git"), known=({"node": "python"},))).learner
    learner = store.record(learner.id, [MarkChange(node="git", status=Status.DONE), MarkChange(node="technical-blog", status=Status.DONE)])

    sync_curriculum(neo4j_driver, next_year)
    assert store.get(learner.id) == learner  # nothing the learner said was rewritten or lost
    assert links(neo4j_driver, learner.id) == {
        ("KNOWS", "git"): ("Node", "version-control"), ("AIMS_AT", "git"): ("Node", "version-control"),
        ("KNOWS", "technical-blog"): ("MissingNode", "technical-blog"),
        ("KNOWS", "python"): ("Node", "python"), ("AIMS_AT", TARGET): ("Node", TARGET)}
    seen = view(store.get(learner.id), next_year)
    assert seen.carried == (Carried(retired="git", replacement="version-control"),) and seen.orphaned == ("technical-blog",)

    sync_curriculum(neo4j_driver, seed_graph)  # and back again
    assert store.get(learner.id) == learner
    assert all(label == "Node" and at == node for (_, node), (label, at) in links(neo4j_driver, learner.id).items())
    assert neo4j_driver.execute_query("MATCH (m:MissingNode) RETURN count(m) AS c").records[0]["c"] == 0


def test_marks_made_before_the_curriculum_is_synced_find_their_nodes_later(neo4j_driver, store, seed_graph, next_year):
    sync_curriculum(neo4j_driver, next_year)  # this database does not have git yet, nor ever had version-control's old id
    learner = store.create(LearnerDraft(targets=(TARGET,))).learner
    store.record(learner.id, [MarkChange(node="git", status=Status.KNOWN), MarkChange(node="technical-blog", status=Status.DONE)])
    assert links(neo4j_driver, learner.id)[("KNOWS", "technical-blog")] == ("MissingNode", "technical-blog")
    sync_curriculum(neo4j_driver, seed_graph)
    assert links(neo4j_driver, learner.id)[("KNOWS", "technical-blog")] == ("Node", "technical-blog")
    assert links(neo4j_driver, learner.id)[("KNOWS", "git")] == ("Node", "git")


def test_an_imported_profile_from_an_older_curriculum_keeps_its_ids(neo4j_driver, store, next_year):
    sync_curriculum(neo4j_driver, next_year)
    original = store.create(LearnerDraft(targets=("git",))).learner
    original = store.record(original.id, [MarkChange(node="git", status=Status.DONE)])
    document = store.export(original.id)
    store.delete(original.id)
    restored = store.import_learner(LearnerExport.model_validate(document.model_dump())).learner
    assert [m.node for m in restored.marks] == ["git"] and restored.targets == ("git",)
    assert links(neo4j_driver, restored.id)[("KNOWS", "git")] == ("MissingNode", "git")  # until a sync places it
    sync_curriculum(neo4j_driver, next_year)  # nothing to change in the curriculum, but the mark finds its node
    assert links(neo4j_driver, restored.id)[("KNOWS", "git")] == ("Node", "version-control")


def test_deleting_a_learner_leaves_no_trace(neo4j_driver, store, next_year):
    def everything() -> tuple[int, int]:
        record = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS nodes, COUNT { ()-->() } AS links").records[0]
        return record["nodes"], record["links"]

    sync_curriculum(neo4j_driver, next_year)
    before = everything()
    learner = store.create(LearnerDraft(targets=(TARGET, "old-role"))).learner
    store.record(learner.id, [MarkChange(node="python", status=Status.DONE), MarkChange(node="gone-topic", status=Status.DONE)])
    assert everything() == (before[0] + 3, before[1] + 4)  # the learner and two missing nodes; two marks, two targets
    store.delete(learner.id)
    assert everything() == before
