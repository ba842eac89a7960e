"""Ticking a box does not reshuffle the plan: end to end, over HTTP and on the command line.

Ticking a step the learner can take now (one on the plan and in the
frontier) never changes which other steps the least effort needs, so the
rest of the plan must come back in the order the learner saw, with the
same steps as a plan posted without a profile.  (On curriculum v2 no single
tick reshuffles even the plan posted without the saved order; the planner's
own ``keep`` tests show the order kept where ties would break differently.)
"""

from __future__ import annotations

import io
import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings

TARGET = "machine-learning-engineer"
KNOWN = ["python", "numpy"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(neo4j_uri=None, data_dir=tmp_path_factory.mktemp("stability"), learner_create_limit=10_000)
    with TestClient(create_app(settings)) as client:
        yield client


def new_learner(client) -> tuple[str, dict]:
    body = client.post("/v1/learners", json={"targets": [TARGET], "known": [{"node": k} for k in KNOWN]}).json()
    return f"/v1/learners/{body['learner']['id']}", {"Authorization": f"Bearer {body['token']}"}


def steps(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()["steps"]]


def test_ticking_any_step_that_can_be_taken_now_leaves_the_rest_in_order(client):
    path, auth = new_learner(client)
    first = steps(client.get(f"{path}/plan", headers=auth))
    frontier = [r["id"] for r in client.get(f"{path}/next", headers=auth).json()["ready"] if r["on_plan"]]
    assert len(frontier) > 5
    for ticked in frontier:
        path, auth = new_learner(client)
        assert steps(client.get(f"{path}/plan", headers=auth)) == first
        client.post(f"{path}/progress", json={"marks": [{"node": ticked, "status": "done", "source": "plan-step"}]}, headers=auth)
        after = steps(client.get(f"{path}/plan", headers=auth))
        assert after == [s for s in first if s != ticked], ticked
        unsaved = steps(client.post("/v1/paths", json={"known": KNOWN + [ticked], "targets": [TARGET]}))
        assert sorted(unsaved) == sorted(after)  # the same steps: only their order may differ


def test_ticking_the_plan_off_step_by_step_keeps_its_order_throughout(client):
    path, auth = new_learner(client)
    order = steps(client.get(f"{path}/plan", headers=auth))
    for _ in range(25):
        ticked, expected = order[0], order[1:]
        client.post(f"{path}/progress", json={"marks": [{"node": ticked, "status": "done"}]}, headers=auth)
        order = steps(client.get(f"{path}/plan", headers=auth))
        assert order == expected, ticked


def test_on_the_command_line_too(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPATH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NEO4J_URI", raising=False)

    def run(*argv: str):
        out = io.StringIO()
        assert main(list(argv), stdout=out, stderr=io.StringIO()) == 0
        return out.getvalue()

    run("learner", "new", "--target", TARGET, "--known", ",".join(KNOWN))
    first = [s["id"] for s in json.loads(run("plan", "--json"))["steps"]]
    ready = [r["id"] for r in json.loads(run("next", "--json"))["ready"] if r["on_plan"]]
    ticked = ready[len(ready) // 2]
    run("done", ticked)
    assert [s["id"] for s in json.loads(run("plan", "--json"))["steps"]] == [s for s in first if s != ticked]
