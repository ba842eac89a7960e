"""The interchange JSON: one document that round-trips without loss."""

from __future__ import annotations

import json

import pytest

from graph.curriculum import build_graph, load_graph, to_interchange_json
from graph.errors import GraphLoadError
from graph.models import FORMAT, LEGACY_STAGES, Curriculum
from graph.synthetic import synthetic_curriculum


def test_seed_to_json_to_graph_to_json_is_identical(seed_graph, tmp_path):
    first = to_interchange_json(seed_graph)
    path = tmp_path / "graph.json"
    path.write_text(first, encoding="utf-8")
    again = load_graph(path)
    assert to_interchange_json(again) == first
    assert again.nodes == seed_graph.nodes


def test_document_shape_is_format_stages_and_nodes_with_every_field(seed_graph):
    document = json.loads(to_interchange_json(seed_graph))
    assert list(document) == ["format", "stages", "nodes"]
    assert document["format"] == FORMAT
    assert [s["order"] for s in document["stages"]] == sorted(s["order"] for s in document["stages"])
    expected = {"id", "name", "kind", "description", "aliases", "stage", "level", "effort_hours", "resources", "source",
                "requires", "parts", "covers", "replaces"}
    assert all(set(node) == expected for node in document["nodes"])
    ids = [node["id"] for node in document["nodes"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert all(isinstance(c, list) and all(isinstance(a, str) for a in c) for n in document["nodes"] for c in n["requires"])


def test_pydantic_round_trip_of_a_synthetic_curriculum():
    curriculum = synthetic_curriculum(300, seed=7)
    text = to_interchange_json(curriculum)
    parsed = Curriculum.model_validate_json(text)
    assert to_interchange_json(build_graph(parsed)) == text


def test_topological_order_respects_every_edge(seed_graph):
    position = {node_id: i for i, node_id in enumerate(seed_graph.topological_order)}
    assert len(position) == len(seed_graph)
    assert all(position[u] < position[v] for u, v in seed_graph.digraph.edges)


def test_a_version_1_document_is_read_with_the_original_stages(seed_graph, tmp_path):
    """Version 1 files had no format key, no stages and no parts, covers or replaces."""
    v2 = json.loads(to_interchange_json(seed_graph))
    v1_nodes = [{k: v for k, v in node.items() if k not in ("parts", "covers", "replaces")}
                for node in v2["nodes"] if node["stage"] in {s.id for s in LEGACY_STAGES}]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps({"nodes": v1_nodes}), encoding="utf-8")
    graph = load_graph(path)
    assert graph.curriculum.stages == LEGACY_STAGES
    assert [n.id for n in graph.curriculum.nodes] == [n["id"] for n in v1_nodes]
    assert json.loads(to_interchange_json(graph))["format"] == FORMAT  # written back as version 2


def test_an_unknown_format_is_refused_by_name(tmp_path):
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"format": "mlpath-curriculum/9", "stages": [], "nodes": []}), encoding="utf-8")
    with pytest.raises(GraphLoadError) as info:
        load_graph(path)
    assert "mlpath-curriculum/9" in str(info.value) and FORMAT in str(info.value)


def test_a_version_2_document_without_stages_is_refused(seed_graph, tmp_path):
    document = json.loads(to_interchange_json(seed_graph))
    del document["stages"]
    path = tmp_path / "g.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(GraphLoadError) as info:
        load_graph(path)
    assert '"stages" list' in str(info.value)


def test_stage_order_comes_from_the_data_not_from_the_file_order(tmp_path, seed_graph):
    document = json.loads(to_interchange_json(seed_graph))
    document["stages"].reverse()
    path = tmp_path / "g.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert list(load_graph(path).stages) == list(seed_graph.stages)


def test_the_published_json_schema_is_the_generated_one():
    from pathlib import Path

    from graph.curriculum import curriculum_json_schema

    published = Path(__file__).resolve().parents[2] / "docs" / "curriculum.schema.json"
    assert published.read_text(encoding="utf-8") == curriculum_json_schema(), \
        "regenerate it: mlpath export --schema > docs/curriculum.schema.json"


def test_the_json_schema_accepts_the_seed_and_rejects_what_the_models_reject(seed_graph):
    import jsonschema_rs  # an independent validator (it comes with the test tools' schemathesis)

    from graph.curriculum import curriculum_json_schema

    validator = jsonschema_rs.Draft202012Validator(json.loads(curriculum_json_schema()))
    document = json.loads(to_interchange_json(seed_graph))
    assert list(validator.iter_errors(document)) == []
    broken = json.loads(json.dumps(document))
    broken["nodes"][0]["effort_hours"] = -1
    broken["nodes"][1]["colour"] = "red"
    broken["format"] = "mlpath-curriculum/3"
    assert len(list(validator.iter_errors(broken))) == 3
