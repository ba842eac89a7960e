"""Browsing the curriculum: /v1/nodes, /v1/nodes/{id}, /v1/graph."""

from __future__ import annotations

import json

import pytest

from graph.curriculum import load_graph, to_interchange_json


@pytest.fixture(scope="module")
def toy(toy_path):
    return load_graph(toy_path)


def test_default_page_lists_every_node_in_id_order(client, toy):
    page = client.get("/v1/nodes").json()
    assert page["total"] == len(toy) and page["offset"] == 0 and page["limit"] == 50
    assert [n["id"] for n in page["items"]] == sorted(toy.nodes)


def test_filters_by_kind_and_stage(client, toy):
    page = client.get("/v1/nodes", params={"kind": "tool", "stage": "frameworks"}).json()
    expected = sorted(i for i, n in toy.nodes.items() if n.kind.value == "tool" and n.stage == "frameworks")
    assert [n["id"] for n in page["items"]] == expected and page["total"] == len(expected) == 3


@pytest.mark.parametrize("q, expected", [("torch", ["pytorch"]), ("TF", ["tensorflow", "tf-certificate"]), ("mle", ["machine-learning-engineer"])])
def test_q_searches_ids_names_and_aliases_case_insensitively(client, q, expected):
    page = client.get("/v1/nodes", params={"q": q}).json()
    assert [n["id"] for n in page["items"]] == expected


def test_pagination_keeps_the_total(client, toy):
    ids = sorted(toy.nodes)
    first = client.get("/v1/nodes", params={"limit": 4}).json()
    rest = client.get("/v1/nodes", params={"limit": 4, "offset": 4}).json()
    beyond = client.get("/v1/nodes", params={"offset": 100}).json()
    assert [n["id"] for n in first["items"] + rest["items"]] == ids[:8]
    assert first["total"] == rest["total"] == beyond["total"] == len(ids)
    assert beyond["items"] == []


@pytest.mark.parametrize("params", [{"kind": "wizard"}, {"stage": "later"}, {"limit": 0}, {"limit": 501}, {"offset": -1}])
def test_bad_filters_are_422_problems(client, params):
    response = client.get("/v1/nodes", params=params)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


def test_node_detail_is_graph_detail(client, toy):
    response = client.get("/v1/nodes/tensorflow")
    assert response.status_code == 200
    assert response.json() == toy.detail("tensorflow").model_dump(mode="json")
    offers = response.json()["alternative_in"]
    assert offers == [{"for_node": "machine-learning-engineer", "clause": 2, "alternatives": ["pytorch", "tensorflow"]}]


def test_unknown_node_is_404_with_suggestions(client):
    response = client.get("/v1/nodes/tensorflwo")
    body = response.json()
    assert response.status_code == 404 and body["type"].endswith("node-not-found")
    assert "tensorflow" in body["suggestions"]


def test_graph_is_exactly_the_interchange_document(client, toy):
    response = client.get("/v1/graph")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.content == to_interchange_json(toy).encode("utf-8")
    assert len(json.loads(response.content)["nodes"]) == len(toy)


def test_the_curriculum_schema_is_served_as_generated(client):
    import json

    from graph.curriculum import curriculum_json_schema

    response = client.get("/v1/schema/curriculum")
    assert response.status_code == 200 and response.headers["content-type"] == "application/schema+json"
    assert json.loads(response.content) == json.loads(curriculum_json_schema())


def test_an_unknown_stage_filter_suggests_the_curriculums_stages(client):
    response = client.get("/v1/nodes", params={"stage": "framework"})
    problem = response.json()
    assert problem["status"] == 422 and "frameworks" in problem["suggestions"] and problem["query"] == "framework"
    # its own type: the fix is one of the curriculum's stages, not a node or skill
    assert problem["type"] == "urn:mlpath:problem:unknown-stage" and problem["title"] == "Unknown stage"
    assert response.headers["content-type"] == "application/problem+json"
