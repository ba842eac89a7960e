"""The page and figure routes, inside the real application, on the toy graph."""

from __future__ import annotations

import json
import math

import plotly
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from viz.assets import plotly_bundle


@pytest.fixture(scope="module")
def client(toy_graph_file):
    with TestClient(create_app(Settings(graph=toy_graph_file, neo4j_uri=None))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def service():
    return pytest.importorskip("recommender.service", reason="recommender.service has not landed yet")


def node_ids(figure: dict) -> list[str]:
    return [i for t in figure["data"] if t.get("meta") == "nodes" for i in t["customdata"]]


def test_index_is_html_listing_the_nodes(client, toy_graph):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert all(f'<option value="{i}">' in response.text for i in toy_graph.nodes)
    assert 'const MLPATH_PLOTLY_SRC = "/static/plotly.min.js";' in response.text  # loaded after the first paint


def test_explorer_figure_json(client, toy_graph):
    response = client.get("/v1/figures/graph")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    figure = response.json()
    assert sorted(node_ids(figure)) == sorted(toy_graph.nodes)
    assert client.get("/v1/figures/graph").content == response.content


def test_plotly_js_is_served_locally_and_cacheable(client):
    response = client.get("/static/plotly.min.js")
    assert response.status_code == 200
    assert response.text == plotly_bundle().script  # the bundle, V8's compile hint first
    assert response.headers["content-type"].startswith("text/javascript")
    assert "max-age" in response.headers["cache-control"]
    assert plotly.__version__ in response.headers["etag"]
    assert f"js-{plotly_bundle().version}-{plotly_bundle().name}" in response.headers["etag"]
    again = client.get("/static/plotly.min.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_path_figures_match_the_plan(client, service, toy_graph):
    response = client.post("/v1/figures/path", json={"known": ["python"], "targets": ["mle"], "hours_per_week": 8})
    assert response.status_code == 200, response.text
    body = response.json()
    plan = body["plan"]
    assert sorted(node_ids(body["path"])) == sorted(toy_graph.nodes)
    numbered = {i: text for t in body["path"]["data"] if t.get("meta") == "nodes" and (t["name"].startswith("step") or t["name"] == "target")
                for i, text in zip(t["customdata"], t["text"])}
    assert numbered == {s["id"]: str(s["position"]) for s in plan["steps"]}
    bars = [x for t in body["schedule"]["data"] if t["type"] == "bar" for x in t["x"]]
    assert math.isclose(sum(bars) * 8, sum(s["hours"] for s in plan["steps"]), rel_tol=1e-6)
    assert plan == client.post("/v1/paths", json={"known": ["python"], "targets": ["mle"], "hours_per_week": 8}).json()


def test_unknown_target_is_a_problem_document(client, service):
    response = client.post("/v1/figures/path", json={"targets": ["no-such-skill-zzz"]})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_plan_view_page(client, service):
    response = client.get("/v1/paths/view", params={"known": "python,statistics", "targets": "mle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    blocks = response.text.count('type="application/json" data-figure=')
    assert blocks == 2 and "<tbody>" in response.text


def test_plan_view_without_targets_is_rejected(client):
    response = client.get("/v1/paths/view")
    assert response.status_code == 422
    problem = json.loads(response.text)
    assert problem["status"] == 422


def test_the_plan_view_is_the_same_page_for_the_same_request_and_another_for_another(client):
    query = {"known": "python", "targets": "mle"}
    first = client.get("/v1/paths/view", params={**query, "hours_per_week": 10})
    again = client.get("/v1/paths/view", params={**query, "hours_per_week": 10})
    slower = client.get("/v1/paths/view", params={**query, "hours_per_week": 5})
    assert first.status_code == again.status_code == slower.status_code == 200
    assert again.content == first.content and "at 10 h/week" in first.text
    assert slower.content != first.content and "at 5 h/week" in slower.text
