"""Plans, next steps and matching over HTTP, on the toy curriculum.

Expected figures are worked out by hand from ``conftest.TOY``: knowing
Python, the cheapest way to the role takes TensorFlow (needed by the
certificate anyway) rather than the cheaper PyTorch.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from recommender.models import NextSteps, Plan

REQUEST = {"known": ["python"], "targets": ["machine-learning-engineer"], "hours_per_week": 10}
#: statistics 60 + numpy 20 + pandas 25 + tensorflow 70 + keras 15 + certificate 40 + role 0
EXPECTED_STEPS = {"statistics", "numpy", "pandas", "tensorflow", "keras", "tf-certificate", "machine-learning-engineer"}
EXPECTED_HOURS = 230.0


def test_plan_is_the_least_effort_path(client):
    response = client.post("/v1/paths", json=REQUEST)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    plan = Plan.model_validate_json(response.content)
    assert {step.id for step in plan.steps} == EXPECTED_STEPS
    assert plan.total_hours == EXPECTED_HOURS and plan.weeks == 23
    assert plan.known == ("python",) and plan.targets == ("machine-learning-engineer",)
    position = {step.id: step.position for step in plan.steps}
    assert position["numpy"] < position["tensorflow"] < position["keras"] < position["tf-certificate"]


def test_the_plan_schema_separates_what_was_stated_from_what_it_implies(client):
    plan = client.get("/openapi.json").json()["components"]["schemas"]["Plan"]["properties"]
    assert "said they know" in plan["known"]["description"] and "whole" in plan["known_implied"]["description"]
    assert client.post("/v1/paths", json=REQUEST).json()["known_implied"] == []  # the toy has no wholes or courses


def test_free_text_resolves_through_aliases(client):
    plan = client.post("/v1/paths", json={"known": ["py"], "targets": ["ml engineer"]}).json()
    assert plan["targets"] == ["machine-learning-engineer"] and plan["known"] == ["python"]
    assert plan["total_hours"] == EXPECTED_HOURS


def test_same_request_same_bytes_across_calls_and_apps(client, settings):
    first = client.post("/v1/paths", json=REQUEST).content
    assert client.post("/v1/paths", json=REQUEST).content == first
    with TestClient(create_app(settings)) as other:
        assert other.post("/v1/paths", json=REQUEST).content == first


def suggested(toy_path, text: str) -> list[str]:
    """The ids the matcher itself suggests for ``text``: the API must pass them on."""
    from graph.curriculum import load_graph
    from recommender.service import match

    return [s.id for m in match(load_graph(toy_path), text) for s in m.suggestions]


def test_an_unknown_target_is_422_with_suggestions(client, toy_path):
    text = "quantum basket weaving"
    response = client.post("/v1/paths", json={"targets": [text]})
    body = response.json()
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert body["type"].endswith("unknown-skill") and body["query"] == text
    assert body["suggestions"] == suggested(toy_path, text) != []


def test_a_misspelt_target_is_still_understood(client):
    plan = client.post("/v1/paths", json={"known": ["python"], "targets": ["tensorflw"]}).json()
    assert plan["targets"] == ["tensorflow"]


def test_an_unknown_known_skill_is_reported_not_fatal(client):
    plan = client.post("/v1/paths", json={**REQUEST, "known": ["python", "quantum basket weaving"]}).json()
    assert [m["query"] for m in plan["unmatched"]] == ["quantum basket weaving"]


def test_an_avoided_target_is_infeasible_with_blocking(client):
    response = client.post("/v1/paths", json={"targets": ["keras"], "avoid": ["keras"]})
    body = response.json()
    assert response.status_code == 422 and body["type"].endswith("infeasible-plan")
    assert body["blocking"] == ["keras"]


def test_preferring_and_avoiding_the_same_node_is_invalid(client):
    response = client.post("/v1/paths", json={"targets": ["keras"], "prefer": ["pytorch"], "avoid": ["pytorch"]})
    assert response.status_code == 422 and response.json()["type"].endswith("invalid-request")


def test_next_steps_accepts_repeated_and_comma_separated_items(client):
    repeated = client.get("/v1/next-steps?known=python&known=numpy")
    joined = client.get("/v1/next-steps", params={"known": "python, numpy"})
    assert repeated.status_code == 200 and repeated.content == joined.content
    steps = NextSteps.model_validate_json(repeated.content)
    # ready = every prerequisite known, not itself known (worked out from TOY)
    assert {r.id for r in steps.ready} == {"statistics", "pandas", "pytorch", "tensorflow"}


def test_next_steps_marks_the_way_to_targets(client):
    body = client.get("/v1/next-steps", params={"known": "python,numpy", "targets": "tf-certificate"}).json()
    on_plan = {r["id"] for r in body["ready"] if r["on_plan"]}
    assert on_plan == {"tensorflow"}


def test_next_steps_with_an_unknown_target_is_422(client, toy_path):
    response = client.get("/v1/next-steps", params={"known": "python", "targets": "quantum basket weaving"})
    assert response.status_code == 422
    assert response.json()["suggestions"] == suggested(toy_path, "quantum basket weaving")


def test_match_resolves_free_text(client):
    response = client.post("/v1/match", json={"text": "torch"})
    matches = response.json()["matches"]
    assert response.status_code == 200 and matches[0]["id"] == "pytorch"


def test_a_cached_plan_is_the_same_bytes_as_a_fresh_one(settings):
    with TestClient(create_app(settings.model_copy(update={"plan_cache_size": 0}))) as uncached, \
            TestClient(create_app(settings)) as cached:
        fresh = uncached.post("/v1/paths", json=REQUEST).content
        first = cached.post("/v1/paths", json=REQUEST).content
        again = cached.post("/v1/paths", json=REQUEST).content
        assert fresh == first == again
        assert len(cached.app.state.mlpath.plans) == 1
        assert len(uncached.app.state.mlpath.plans) == 0


def test_errors_are_not_cached(client):
    before = len(client.app.state.mlpath.plans)
    for _ in range(2):
        assert client.post("/v1/paths", json={"targets": ["keras"], "avoid": ["keras"]}).status_code == 422
    assert len(client.app.state.mlpath.plans) == before


def test_plan_cache_drops_the_least_recently_used():
    from api.state import PlanCache

    cache = PlanCache(2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"  # "b" is now the least recently used
    cache.put("c", b"3")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1", None, b"3")
    PlanCache(0).put("a", b"1")
    assert len(PlanCache(0)) == 0
