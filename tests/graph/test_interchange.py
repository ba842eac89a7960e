"""The interchange JSON: one document that round-trips without loss."""

from __future__ import annotations

import json

from graph.curriculum import build_graph, load_graph, to_interchange_json
from graph.models import Curriculum
from graph.synthetic import synthetic_curriculum


def test_seed_to_json_to_graph_to_json_is_identical(seed_graph, tmp_path):
    first = to_interchange_json(seed_graph)
    path = tmp_path / "graph.json"
    path.write_text(first, encoding="utf-8")
    again = load_graph(path)
    assert to_interchange_json(again) == first
    assert again.nodes == seed_graph.nodes


def test_document_shape_is_nodes_with_every_field(seed_graph):
    document = json.loads(to_interchange_json(seed_graph))
    assert list(document) == ["nodes"]
    expected = {"id", "name", "kind", "description", "aliases", "stage", "level", "effort_hours", "resources", "source", "requires"}
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
