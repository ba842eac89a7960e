"""Curriculum syncs under a realistic population of a thousand learners on a real Neo4j.

Every learner's links (``KNOWS``, ``AIMS_AT``) must follow the curriculum
whatever it does: onto a ``:MissingNode`` when their node goes, back onto a
node once one has their id or replaces it.  With a thousand learners that is
tens of thousands of links, more than one transaction may hold under the
server's memory limit (``db.memory.transaction.max`` in ``neo4j/server.env``),
so the sync moves them in bounded batches of their own; these tests check
that nothing is lost on the way, when the curriculum transaction fails, and
when the process dies between the steps.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from devtools.learner_population import simulate, write_population
from graph.curriculum import CurriculumGraph, build_graph, to_interchange_json
from graph.learners import MarkChange, Status
from graph.neo4j.learner_store import Neo4jLearnerStore
from graph.neo4j.store import read_curriculum
from graph.neo4j.sync import Batch, park_learner_links, sync_curriculum
from tests.learners.conftest import forget_all_learners
from tests.neo4j.conftest import SMALL

pytestmark = pytest.mark.neo4j

LEARNERS = 1000

Link = tuple[str, str, str]  # (learner id, relationship type, the id the learner used)


@pytest.fixture(scope="module")
def population(neo4j_driver, seed_graph) -> dict[str, object]:
    """A thousand simulated learners on the seed curriculum; every learner as the store reads it."""
    forget_all_learners(neo4j_driver)
    sync_curriculum(neo4j_driver, seed_graph)
    written = write_population(simulate(seed_graph, LEARNERS, seed=3, live=0),
                               lambda clock: Neo4jLearnerStore(neo4j_driver, location="tests", clock=clock))
    store = Neo4jLearnerStore(neo4j_driver, location="tests")
    yield {learner_id: store.get(learner_id) for learner_id in written.values()}
    forget_all_learners(neo4j_driver)


@pytest.fixture
def on_seed(neo4j_driver, seed_graph, population):
    """Each test starts from the seed curriculum with every link on its node."""
    sync_curriculum(neo4j_driver, seed_graph)
    assert placements(neo4j_driver) == expected_placements(placements(neo4j_driver), seed_graph)
    return population


def placements(driver) -> dict[Link, tuple[str, str]]:
    """Every learner link -> (label, id) of the node it points at."""
    records = driver.execute_query(
        "MATCH (l:Learner)-[r:KNOWS|AIMS_AT]->(n) RETURN l.id AS learner, type(r) AS kind, r.node AS node, "
        "CASE WHEN n:Node THEN 'Node' ELSE 'MissingNode' END AS label, n.id AS at").records
    return {(r["learner"], r["kind"], r["node"]): (r["label"], r["at"]) for r in records}


def expected_placements(links, graph: CurriculumGraph) -> dict[Link, tuple[str, str]]:
    """Where docs/learners.md says each link belongs on ``graph``: its node, the node replacing it, or a placeholder."""
    replacement = {old: node.id for node in graph.nodes.values() for old in node.replaces}
    def place(node_id: str) -> tuple[str, str]:
        if node_id in graph.nodes:
            return "Node", node_id
        if node_id in replacement:
            return "Node", replacement[node_id]
        return "MissingNode", node_id
    return {link: place(link[2]) for link in links}


def stored_learners(driver, ids) -> dict[str, object]:
    store = Neo4jLearnerStore(driver, location="tests")
    return {learner_id: store.get(learner_id) for learner_id in ids}


def missing_nodes(driver) -> int:
    return driver.execute_query("MATCH (m:MissingNode) RETURN count(m) AS c").records[0]["c"]


def test_the_population_is_large_enough_to_overflow_one_transaction(neo4j_driver, on_seed):
    links = placements(neo4j_driver)
    assert len(on_seed) == LEARNERS
    # What a 19-node curriculum would leave without a node: tens of thousands of links.
    assert sum(1 for (_, _, node) in links if node not in {n.id for n in SMALL.nodes}) > 10_000


def test_a_small_curriculum_replacing_the_seed_keeps_every_learners_progress(neo4j_driver, seed_graph, on_seed):
    small = build_graph(SMALL)
    before = placements(neo4j_driver)
    sync_curriculum(neo4j_driver, small)
    assert to_interchange_json(read_curriculum(neo4j_driver)) == to_interchange_json(small)
    after = placements(neo4j_driver)
    assert after == expected_placements(before, small)
    assert stored_learners(neo4j_driver, on_seed) == on_seed  # nothing a learner said was rewritten or lost

    sync_curriculum(neo4j_driver, seed_graph)  # and back: every link on its node, no placeholder left
    assert placements(neo4j_driver) == expected_placements(before, seed_graph)
    assert missing_nodes(neo4j_driver) == 0
    assert stored_learners(neo4j_driver, on_seed) == on_seed


def test_a_failed_curriculum_transaction_leaves_the_previous_graph_and_every_link_in_place(neo4j_driver, seed_graph, on_seed):
    before_json, before = to_interchange_json(read_curriculum(neo4j_driver)), placements(neo4j_driver)

    class Boom(RuntimeError):
        pass

    def fail_on_first_batch(batch: Batch) -> None:
        raise Boom("the network went away")

    with pytest.raises(Boom):
        sync_curriculum(neo4j_driver, build_graph(SMALL), on_batch=fail_on_first_batch)
    assert to_interchange_json(read_curriculum(neo4j_driver)) == before_json
    assert placements(neo4j_driver) == before
    assert missing_nodes(neo4j_driver) == 0
    assert stored_learners(neo4j_driver, on_seed) == on_seed


def test_a_sync_that_died_after_moving_links_is_finished_by_the_next(neo4j_driver, seed_graph, on_seed):
    """The process dies once the links are off the nodes about to go, before the curriculum changes."""
    small = build_graph(SMALL)
    before = placements(neo4j_driver)
    leaving = sorted(set(seed_graph.nodes) - set(small.nodes))
    assert park_learner_links(neo4j_driver, leaving) > 10_000
    assert stored_learners(neo4j_driver, on_seed) == on_seed  # what learners read does not depend on where links point

    sync_curriculum(neo4j_driver, small)  # the retry
    assert placements(neo4j_driver) == expected_placements(before, small)
    assert stored_learners(neo4j_driver, on_seed) == on_seed


def test_links_moved_off_nodes_that_stay_go_back_at_the_next_sync(neo4j_driver, seed_graph, on_seed):
    """A sync that died after moving links and was never retried: the next sync of the same curriculum repairs them."""
    before = placements(neo4j_driver)
    park_learner_links(neo4j_driver, sorted(seed_graph.nodes)[:60])
    assert sync_curriculum(neo4j_driver, seed_graph).changed is False
    assert placements(neo4j_driver) == before
    assert missing_nodes(neo4j_driver) == 0


def test_learners_writing_during_a_sync_lose_nothing_and_their_links_end_in_place(neo4j_driver, seed_graph, on_seed):
    """Four learners keep ticking nodes that stay and nodes that go while the curriculum shrinks under them."""
    small = build_graph(SMALL)
    writers = sorted(on_seed)[:4]
    staying, leaving = sorted(small.nodes)[:6], sorted(set(seed_graph.nodes) - set(small.nodes))[:6]
    acknowledged: dict[str, object] = {}
    syncing = threading.Event()

    def tick(learner_id: str) -> None:
        store = Neo4jLearnerStore(neo4j_driver, location="tests")
        for round_ in itertools.count():
            node = (staying + leaving)[round_ % 12]
            status = Status.DONE if round_ % 2 else Status.LEARNING
            acknowledged[learner_id] = store.record(learner_id, [MarkChange(node=node, status=status)])
            if not syncing.is_set() and round_ >= 24:
                return

    with ThreadPoolExecutor(max_workers=len(writers)) as pool:
        syncing.set()
        running = [pool.submit(tick, learner_id) for learner_id in writers]
        sync_curriculum(neo4j_driver, small)
        syncing.clear()
        for done in running:
            done.result()
    expected = {**on_seed, **acknowledged}
    assert stored_learners(neo4j_driver, expected) == expected  # every acknowledged write, nothing else changed
    links = placements(neo4j_driver)
    assert links == expected_placements(links, small)  # written before, during or after the sync: each in place
