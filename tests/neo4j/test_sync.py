"""``mlpath neo4j sync`` on a real server: lossless, idempotent, exact, atomic."""

from __future__ import annotations

import io
import time

import pytest

from api.cli import main
from graph.neo4j.cypher import KIND_LABELS
from graph.curriculum import build_graph, load_graph, to_interchange_json
from graph.errors import GraphLoadError
from graph.models import Curriculum, Kind
from graph.neo4j.store import read_curriculum
from graph.neo4j.sync import Batch, StderrProgress, sync_curriculum, sync_path
from graph.synthetic import synthetic_curriculum

pytestmark = pytest.mark.neo4j


def _replace(curriculum: Curriculum, node_id: str, **changes) -> Curriculum:
    return curriculum.model_copy(update={"nodes": tuple(n.model_copy(update=changes) if n.id == node_id else n for n in curriculum.nodes)})


def _stored_json(driver) -> str:
    return to_interchange_json(read_curriculum(driver))


def test_round_trip_of_a_small_curriculum_is_byte_identical(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    assert _stored_json(neo4j_driver) == to_interchange_json(small_graph)


def test_round_trip_of_the_seed_curriculum_is_byte_identical(neo4j_driver, seed_graph):
    report = sync_curriculum(neo4j_driver, seed_graph)
    assert report.nodes_total == len(seed_graph)
    assert _stored_json(neo4j_driver) == to_interchange_json(load_graph())


def test_round_trip_of_a_synthetic_curriculum(neo4j_driver):
    graph = build_graph(synthetic_curriculum(1500, seed=11))
    sync_curriculum(neo4j_driver, graph, batch_size=500)
    assert _stored_json(neo4j_driver) == to_interchange_json(graph)


def test_second_sync_changes_nothing(neo4j_driver, small_graph, db_counts):
    sync_curriculum(neo4j_driver, small_graph)
    before = db_counts()
    report = sync_curriculum(neo4j_driver, small_graph)
    assert not report.changed
    assert (report.nodes_created, report.nodes_updated, report.nodes_removed) == (0, 0, 0)
    assert (report.relationships_created, report.relationships_updated, report.relationships_removed) == (0, 0, 0)
    assert report.summary().startswith("already in sync")
    assert db_counts() == before


def test_every_node_has_the_common_label_and_exactly_its_kind_label(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    records = neo4j_driver.execute_query("MATCH (n:Node) RETURN n.id AS id, labels(n) AS labels").records
    labels = {r["id"]: sorted(r["labels"]) for r in records}
    assert labels == {n.id: sorted(["Node", KIND_LABELS[n.kind.value]]) for n in small_graph.nodes.values()}
    assert set(KIND_LABELS) == {k.value for k in Kind}


def test_prerequisites_keep_clause_and_position(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    records = neo4j_driver.execute_query(
        "MATCH (d:Node {id: 'machine-learning-engineer'})-[r:REQUIRES]->(p) RETURN r.clause AS c, r.position AS i, p.id AS p").records
    stored = sorted((r["c"], r["i"], r["p"]) for r in records)
    role = small_graph.nodes["machine-learning-engineer"]
    assert stored == sorted((c, i, p) for c, clause in enumerate(role.requires) for i, p in enumerate(clause))


def test_schema_has_the_constraint_and_indexes(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    constraints = {r["name"]: r for r in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").records}
    assert constraints["node_id_unique"]["type"] == "UNIQUENESS"
    assert constraints["node_id_unique"]["labelsOrTypes"] == ["Node"] and constraints["node_id_unique"]["properties"] == ["id"]
    indexes = {r["name"]: r for r in neo4j_driver.execute_query("SHOW INDEXES YIELD name, type, properties, state").records}
    assert indexes["node_name"]["type"] == "RANGE" and indexes["node_name"]["properties"] == ["name"]
    assert indexes["node_text"]["type"] == "FULLTEXT"
    assert indexes["node_text"]["properties"] == ["name", "aliases", "description"]
    assert all(indexes[name]["state"] == "ONLINE" for name in ("node_name", "node_text"))


def test_full_text_index_finds_a_node_by_alias(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    records = neo4j_driver.execute_query(
        "CALL db.index.fulltext.queryNodes('node_text', $q) YIELD node RETURN node.id AS id", q="torch").records
    assert [r["id"] for r in records] == ["pytorch"]


def test_changes_are_counted_exactly_and_applied(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    base = small_graph.curriculum
    changed = _replace(base, "statistics", description="Probability and inference.")  # 1 node updated
    changed = _replace(changed, "clean-code", kind=Kind.TOPIC)  # 1 node updated (its label changes)
    changed = _replace(changed, "python", resources=("kaggle", "coursera"))  # 2 LEARN_ON positions updated
    changed = _replace(changed, "step-1", requires=(("cs-degree", "python"), ("statistics",)))  # 2 REQUIRES positions updated
    # meetups removed (1 node, 1 REQUIRES); mlops added (1 node, 1 REQUIRES, 1 LEARN_ON)
    mlops = base.nodes[0].model_copy(update={"id": "mlops", "name": "MLOps", "kind": Kind.TOPIC, "requires": (("python",),),
                                             "resources": ("kaggle",), "description": ""})
    changed = changed.model_copy(update={"nodes": tuple(n for n in changed.nodes if n.id != "meetups") + (mlops,)})
    report = sync_curriculum(neo4j_driver, build_graph(changed))
    assert (report.nodes_created, report.nodes_updated, report.nodes_removed) == (1, 2, 1)
    assert (report.relationships_created, report.relationships_updated, report.relationships_removed) == (2, 4, 1)
    assert _stored_json(neo4j_driver) == to_interchange_json(build_graph(changed))
    labels = neo4j_driver.execute_query("MATCH (n:Node {id: 'clean-code'}) RETURN labels(n) AS l").records[0]["l"]
    assert sorted(labels) == ["Node", "Topic"]


def test_sync_repairs_hand_edits(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    neo4j_driver.execute_query("MATCH (n:Node {id: 'numpy'}) SET n.rating = 5, n.name = 'Numeric Python', n:Favourite")
    neo4j_driver.execute_query("MATCH (a:Node {id: 'python'}), (b:Node {id: 'keras'}) CREATE (a)-[:REQUIRES {clause: 0, position: 1}]->(b)")
    neo4j_driver.execute_query("MATCH (a:Node {id: 'pytorch'})-[r:REQUIRES]->() SET r.position = 7")
    neo4j_driver.execute_query("CREATE (:Node {id: 'stray', name: 'Stray'})")
    report = sync_curriculum(neo4j_driver, small_graph)
    assert (report.nodes_created, report.nodes_updated, report.nodes_removed) == (0, 1, 1)
    assert (report.relationships_created, report.relationships_updated, report.relationships_removed) == (0, 1, 1)
    assert _stored_json(neo4j_driver) == to_interchange_json(small_graph)
    assert neo4j_driver.execute_query("MATCH (n:Favourite) RETURN count(n) AS c").records[0]["c"] == 0


def test_other_data_in_the_database_is_left_alone(neo4j_driver, small_graph):
    neo4j_driver.execute_query("CREATE (:Note {text: 'not part of the curriculum'})")
    try:
        sync_curriculum(neo4j_driver, build_graph(synthetic_curriculum(20)))
        sync_curriculum(neo4j_driver, small_graph)
        assert neo4j_driver.execute_query("MATCH (n:Note) RETURN count(n) AS c").records[0]["c"] == 1
    finally:
        neo4j_driver.execute_query("MATCH (n:Note) DELETE n")


def test_a_failure_midway_leaves_the_previous_curriculum_whole(neo4j_driver, small_graph, db_counts):
    sync_curriculum(neo4j_driver, small_graph)
    before_json, before_counts = _stored_json(neo4j_driver), db_counts()
    batches: list[Batch] = []

    class Boom(RuntimeError):
        pass

    def fail_on_third_batch(batch: Batch) -> None:
        batches.append(batch)
        if len(batches) == 3:
            raise Boom("the network went away")

    replacement = build_graph(synthetic_curriculum(400, seed=5))
    with pytest.raises(Boom):
        sync_curriculum(neo4j_driver, replacement, batch_size=50, on_batch=fail_on_third_batch)
    # Three batches of real writes (removals, then new nodes) reached the
    # server before the failure, and much was still to come ...
    assert [b.step for b in batches] == ["remove relationships", "remove nodes", "write nodes"]
    assert batches[-1].rows == 50 and batches[-1].sent < batches[-1].total / 2
    # ... and none of them survived: the old curriculum is intact.
    assert _stored_json(neo4j_driver) == before_json
    assert db_counts() == before_counts


def test_a_server_side_error_midway_rolls_back_too(neo4j_driver, small_graph, db_counts):
    """The server itself aborts the transaction (its timeout passes between two batches)."""
    from neo4j.exceptions import Neo4jError

    sync_curriculum(neo4j_driver, small_graph)
    before_json, before_counts = _stored_json(neo4j_driver), db_counts()
    seen: list[Batch] = []

    def stall_after_the_second_batch(batch: Batch) -> None:
        seen.append(batch)
        if len(seen) == 2:
            time.sleep(2.5)

    replacement = build_graph(synthetic_curriculum(400, seed=6))
    with pytest.raises(Neo4jError) as caught:
        sync_curriculum(neo4j_driver, replacement, batch_size=50, timeout=1.0, on_batch=stall_after_the_second_batch)
    assert "Transaction" in (caught.value.code or "")
    assert len(seen) == 2
    assert _stored_json(neo4j_driver) == before_json
    assert db_counts() == before_counts


def test_an_invalid_curriculum_never_reaches_the_database(neo4j_driver, small_graph, tmp_path, db_counts):
    sync_curriculum(neo4j_driver, small_graph)
    before = db_counts()
    broken = tmp_path / "broken.json"
    bad = _replace(small_graph.curriculum, "numpy", requires=(("pyhton",),))
    broken.write_text(to_interchange_json(bad), encoding="utf-8")
    with pytest.raises(GraphLoadError, match="pyhton"):
        sync_path(neo4j_driver, broken)
    assert db_counts() == before
    assert _stored_json(neo4j_driver) == to_interchange_json(small_graph)


def test_progress_bar_reaches_the_total(neo4j_driver):
    sync_curriculum(neo4j_driver, build_graph(synthetic_curriculum(10)))
    stream = io.StringIO()
    sync_curriculum(neo4j_driver, build_graph(synthetic_curriculum(600, seed=2)), batch_size=100,
                    on_batch=StderrProgress(stream, threshold=100, interval=0))
    last = stream.getvalue().rstrip("\n").split("\r")[-1]
    done, total = last.split("] ")[1].split(" rows")[0].split("/")
    assert done == total and last.startswith("[" + "#" * 30 + "]")


def test_sync_rejects_bad_options(neo4j_driver, small_graph):
    with pytest.raises(ValueError, match="`batch_size`"):
        sync_curriculum(neo4j_driver, small_graph, batch_size=0)
    with pytest.raises(ValueError, match="`timeout`"):
        sync_curriculum(neo4j_driver, small_graph, timeout=-1)


def test_cli_sync_reports_then_says_already_in_sync(neo4j_driver, small_graph, tmp_path):
    sync_curriculum(neo4j_driver, build_graph(synthetic_curriculum(10)))
    path = tmp_path / "small.json"
    path.write_text(to_interchange_json(small_graph), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["neo4j", "sync", "--graph", str(path)], stdout=out, stderr=err) == 0
    assert out.getvalue().startswith(f"nodes: {len(small_graph)} created, 0 updated, 11 removed;")
    out = io.StringIO()
    assert main(["neo4j", "sync", "--graph", str(path)], stdout=out, stderr=err) == 0
    assert out.getvalue().startswith("already in sync")


def test_cli_sync_of_invalid_files_fails_without_writing(neo4j_driver, small_graph, tmp_path, db_counts):
    sync_curriculum(neo4j_driver, small_graph)
    before = db_counts()
    path = tmp_path / "broken.json"
    path.write_text('{"nodes": [{"id": "x"}]}', encoding="utf-8")
    err = io.StringIO()
    assert main(["neo4j", "sync", "--graph", str(path)], stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().startswith("GraphLoadError:")
    assert db_counts() == before


def test_cli_status_counts_what_is_stored(neo4j_driver, small_graph):
    import json

    sync_curriculum(neo4j_driver, small_graph)
    out = io.StringIO()
    assert main(["neo4j", "status", "--json"], stdout=out, stderr=io.StringIO()) == 0
    status = json.loads(out.getvalue())
    nodes = small_graph.nodes.values()
    assert status["nodes"] == len(small_graph)
    assert status["requires"] == sum(len(clause) for n in nodes for clause in n.requires)
    assert status["learn_on"] == sum(len(n.resources) for n in nodes)
    assert (status["has_part"], status["covers"]) == (sum(len(n.parts) for n in nodes), sum(len(n.covers) for n in nodes))
    assert status["stages"] == len(small_graph.stages) and status["has_part"] and status["covers"]
    assert status["version"].startswith("5.") and status["edition"] == "community"


def test_recommender_gives_the_same_plan_on_both_backends(neo4j_driver, seed_graph):
    from recommender.models import PlanRequest
    from recommender.service import recommend

    sync_curriculum(neo4j_driver, seed_graph)
    from_neo4j = build_graph(read_curriculum(neo4j_driver))
    for request in (
        PlanRequest(targets=("machine-learning-engineer",)),
        PlanRequest(known=("python", "numpy", "statistics"), targets=("machine-learning-engineer",), hours_per_week=8),
    ):
        assert recommend(from_neo4j, request).model_dump_json() == recommend(seed_graph, request).model_dump_json()


def test_parts_and_covers_are_relationships_in_authored_order(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    for kind, field in (("HAS_PART", "parts"), ("COVERS", "covers")):
        records = neo4j_driver.execute_query(
            f"MATCH (n:Node)-[r:{kind}]->(p:Node) RETURN n.id AS n, r.position AS i, p.id AS p ORDER BY n, i").records
        stored = [(r["n"], r["i"], r["p"]) for r in records]
        expected = [(n.id, i, p) for n in small_graph.nodes.values() for i, p in enumerate(getattr(n, field))]
        assert stored == expected and stored, kind


def test_stages_are_nodes_and_a_renamed_stage_is_one_change(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    records = neo4j_driver.execute_query("MATCH (s:Stage) RETURN s.id AS id, s.order AS o ORDER BY s.order").records
    assert [(r["id"], r["o"]) for r in records] == [(s.id, s.order) for s in small_graph.curriculum.stages]
    stages = tuple(s.model_copy(update={"name": "Later on"}) if s.id == "network" else s for s in small_graph.curriculum.stages)
    renamed = small_graph.curriculum.model_copy(update={"stages": stages})
    report = sync_curriculum(neo4j_driver, renamed)
    assert (report.stages_written, report.stages_removed, report.nodes_updated) == (1, 0, 0)
    assert "stages: 1 written" in report.summary()
    assert _stored_json(neo4j_driver) == to_interchange_json(renamed)
    assert not sync_curriculum(neo4j_driver, renamed).changed
    fewer = renamed.model_copy(update={"stages": stages + (stages[0].model_copy(update={"id": "unused", "order": 99}),)})
    sync_curriculum(neo4j_driver, fewer)
    assert sync_curriculum(neo4j_driver, renamed).stages_removed == 1
