"""Progress survives curriculum changes: a retired id's progress carries to its replacement,
progress on a node that vanished is kept and reported, and nothing stored is ever rewritten."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.curriculum import to_interchange_json
from graph.learners import Carried, Learner, Mark, Source, Status, fit, view
from recommender.learner_plan import learner_plan
from tests.learners.curricula import changed

AT = datetime(2026, 4, 1, tzinfo=timezone.utc)
TARGET = "machine-learning-engineer"


@pytest.fixture(scope="module")
def next_year(seed_graph):
    """Git renamed to version-control (which replaces git); the technical blog removed outright."""
    return changed(seed_graph, retire={"git": "version-control"}, remove={"technical-blog"})


def learner(marks: dict[str, str], **fields) -> Learner:
    return Learner(id="c" * 32, version=3, created_at=AT, updated_at=AT, targets=fields.pop("targets", (TARGET,)),
                   marks=tuple(Mark(node=n, status=s, at=AT, source=Source.PLAN_STEP) for n, s in marks.items()), **fields)


def test_a_retired_id_counts_for_its_replacement_and_a_vanished_one_is_reported(next_year):
    state = learner({"git": "done", "technical-blog": "done", "python": "known"}, prefer=("git",), avoid=("technical-blog",))
    fitted = fit(state, next_year)
    assert fitted.marks["version-control"].status is Status.DONE and fitted.marks["version-control"].at == AT
    assert "git" not in fitted.marks and "technical-blog" not in fitted.marks
    assert fitted.prefer == ("version-control",) and fitted.avoid == ()
    assert fitted.carried == (Carried(retired="git", replacement="version-control"),)
    assert fitted.orphaned == ("technical-blog",) and [m.node for m in fitted.orphaned_marks] == ["technical-blog"]
    seen = view(state, next_year)
    assert (seen.carried, seen.orphaned) == (fitted.carried, fitted.orphaned)
    assert seen.marks == state.marks  # the stored marks themselves are untouched


def test_the_plan_on_the_new_curriculum_builds_on_the_carried_progress(seed_graph, next_year):
    state = learner({"git": "done", "python": "known", "technical-blog": "done"})
    before = learner_plan(seed_graph, state)
    after = learner_plan(next_year, state)
    assert "git" in before.known and "version-control" in after.known
    assert "version-control" not in {s.id for s in after.steps}
    assert [s.id for s in after.steps] == [s.id for s in before.steps if s.id != "technical-blog"]
    assert any("'git' counts for 'version-control'" in n for n in after.notes)
    assert any("technical-blog" in n and "not in this curriculum" in n for n in after.notes)


def test_a_nodes_own_mark_wins_over_one_carried_to_it(next_year):
    state = learner({"git": "done", "version-control": "learning"})
    assert fit(state, next_year).marks["version-control"].status is Status.LEARNING


def test_a_retired_target_is_aimed_at_through_its_replacement(next_year):
    state = learner({}, targets=("git", "technical-blog"))
    assert learner_plan(next_year, state).targets == ("version-control",)


def test_over_http_a_profile_made_on_one_curriculum_is_read_on_the_next(seed_graph, next_year, tmp_path):
    """Same data directory, two servers: this year's curriculum, then next year's."""
    data = tmp_path / "data"
    with TestClient(create_app(Settings(neo4j_uri=None, data_dir=data))) as client:
        body = client.post("/v1/learners", json={"targets": [TARGET], "known": [{"node": "python"}]}).json()
        auth = {"Authorization": f"Bearer {body['token']}"}
        learner_id = body["learner"]["id"]
        marks = {"marks": [{"node": "git", "status": "done"}, {"node": "technical-blog", "status": "done"}]}
        assert client.post(f"/v1/learners/{learner_id}/progress", json=marks, headers=auth).status_code == 200
    new_seed = tmp_path / "next-year.json"
    new_seed.write_text(to_interchange_json(next_year), encoding="utf-8")
    with TestClient(create_app(Settings(neo4j_uri=None, data_dir=data, graph=str(new_seed)))) as client:
        profile = client.get(f"/v1/learners/{learner_id}", headers=auth).json()
        assert profile["carried"] == [{"retired": "git", "replacement": "version-control"}]
        assert profile["orphaned"] == ["technical-blog"]
        assert {m["node"] for m in profile["marks"]} == {"git", "python", "technical-blog"}
        plan = client.get(f"/v1/learners/{learner_id}/plan", headers=auth).json()
        assert "version-control" in plan["known"]
        unmark = client.post(f"/v1/learners/{learner_id}/progress", headers=auth,
                             json={"marks": [{"node": "technical-blog", "status": None}]})
        assert unmark.status_code == 200 and unmark.json()["orphaned"] == []  # a vanished id can still be cleared
        refused = client.post(f"/v1/learners/{learner_id}/progress", headers=auth,
                              json={"marks": [{"node": "technical-blog", "status": "done"}]})
        assert refused.status_code == 422  # but not marked anew


def test_a_retired_step_keeps_its_place_in_the_plan_through_its_replacement(seed_graph, next_year):
    state = learner({"python": "known"})
    before = [s.id for s in learner_plan(seed_graph, state).steps]
    assert "git" in before
    after = [s.id for s in learner_plan(next_year, state, keep=before).steps]
    assert after == [{"git": "version-control"}.get(s, s) for s in before if s != "technical-blog"]
