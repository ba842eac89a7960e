"""The roadmap page as HTML and its routes in the real application (the browser tests drive it).

The page must carry the curriculum's own stages in the curriculum's order,
every node, nothing personal, and no way for a token to reach a URL; the
figures route must draw exactly the plan ``GET /v1/learners/{id}/plan``
gives, and only for that learner's token.
"""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.curriculum import build_graph
from graph.models import Node
from tests.viz.grouped import choir_curriculum, data_science_curriculum, graph_of
from viz.assets import PLOTLY_SRC, plotly_bundle
from viz.roadmap import ROADMAP_PATH, roadmap_page

STATE = re.compile(r"const MLPATH_STATE = (\{.*?\});\n")


def page_state(page: str) -> dict:
    return json.loads(STATE.search(page).group(1))


@pytest.mark.parametrize("curriculum", [data_science_curriculum, choir_curriculum], ids=["data-science", "choir"])
def test_the_page_carries_the_curriculums_stages_in_its_order_and_every_node(curriculum):
    graph = graph_of(curriculum())
    state = page_state(roadmap_page(graph))
    ordered = sorted(graph.stages.values(), key=lambda s: (s.order, s.id))
    assert [s["id"] for s in state["stages"]] == [s.id for s in ordered]
    assert [s["name"] for s in state["stages"]] == [s.name for s in ordered]
    assert len({s["colour"] for s in state["stages"]}) == len(ordered)
    assert sorted(state["nodes"]) == sorted(graph.nodes)
    for node_id, shown in state["nodes"].items():
        node = graph.nodes[node_id]
        assert shown == {"name": node.name, "kind": node.kind.value, "hours": node.effort_hours, "stage": node.stage}


def test_the_page_is_stable_served_and_holds_no_credentials(toy_graph):
    page = roadmap_page(toy_graph)
    assert page == roadmap_page(toy_graph)
    # plotly.js comes from the API, loaded by the first mlpathDraw rather than with the page.
    assert "<script src=" not in page and f"const MLPATH_PLOTLY_SRC = {json.dumps(PLOTLY_SRC)};" in page
    assert "function mlpathDraw" in page and plotly_bundle().note.split(",")[0] in page
    assert "Bearer" in page  # the script sends the token in a header ...
    assert not re.search(r"[?&]token=|searchParams|location\.search", page)  # ... and never reads or writes it in a URL
    # Forms are posted by the script only; without it, no field has a name to submit.
    assert re.findall(r"<form[^>]*>", page) and all('method="post"' in f for f in re.findall(r"<form[^>]*>", page))
    assert not re.search(r"<input[^>]*\bname=", page)


def test_names_from_the_curriculum_cannot_close_the_script(toy_curriculum):
    hostile = Node(id="evil", name="</script><script>alert(1)</script>", kind="topic", stage="foundations",
                   effort_hours=1, source="test")
    graph = build_graph(toy_curriculum.model_copy(update={"nodes": (*toy_curriculum.nodes, hostile)}))
    page = roadmap_page(graph)
    assert "<script>alert(1)" not in page
    assert page_state(page)["nodes"]["evil"]["name"] == hostile.name


@pytest.fixture(scope="module")
def client(toy_graph_file, tmp_path_factory):
    settings = Settings(graph=toy_graph_file, neo4j_uri=None, data_dir=tmp_path_factory.mktemp("roadmap-data"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def new_learner(client, **draft) -> tuple[str, dict[str, str]]:
    response = client.post("/v1/learners", json={"targets": ["mle"], **draft})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["learner"]["id"], {"Authorization": f"Bearer {body['token']}"}


def test_the_roadmap_route_serves_the_page(client):
    response = client.get(ROADMAP_PATH)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'id="roadmap"' in response.text and "Keep your roadmap" in client.get("/").text


def test_figures_draw_the_saved_plan_with_its_numbering(client):
    learner_id, auth = new_learner(client, known=[{"node": "python"}])
    plan = client.get(f"/v1/learners/{learner_id}/plan", headers=auth).json()
    client.post(f"/v1/learners/{learner_id}/progress", headers=auth,
                json={"marks": [{"node": plan["steps"][1]["id"], "status": "learning"}]})
    plan = client.get(f"/v1/learners/{learner_id}/plan", headers=auth).json()
    response = client.get(f"/v1/learners/{learner_id}/figures", headers=auth)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    drawn = response.json()
    assert drawn["plan"] == plan
    numbered = {}
    for trace in drawn["path"]["data"]:
        if trace.get("meta") == "nodes" and (trace["name"].startswith("step") or trace["name"] == "target"):
            numbered.update(zip(trace["customdata"], trace["text"]))
    assert sorted(numbered) == sorted(s["id"] for s in plan["steps"])


def test_figures_need_this_learners_token(client):
    learner_id, _ = new_learner(client)
    _, other = new_learner(client)
    for headers, status in (({}, 401), ({"Authorization": "Bearer not-a-token"}, 401), (other, 403)):
        response = client.get(f"/v1/learners/{learner_id}/figures", headers=headers)
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
