"""``/v1/learners`` over HTTP on the bundled curriculum, with the embedded store in a
temporary directory.  Two learners throughout: neither's token opens the other's door.
"""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from recommender.models import NextSteps, Plan

PROBLEM = "application/problem+json"
TARGET = "machine-learning-engineer"
CREATE = {"targets": [TARGET], "hours_per_week": 8, "known": [{"node": "python", "level": "beginner"}, {"node": "numpy"}]}


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory) -> Settings:
    return Settings(neo4j_uri=None, data_dir=tmp_path_factory.mktemp("learners-api"), learner_create_limit=1000)


@pytest.fixture(scope="module")
def client(app_settings):
    with TestClient(create_app(app_settings)) as client:
        yield client


class Learner:
    """A created learner as a test holds it: id, token, and the header to use."""

    def __init__(self, client: TestClient, body: dict = CREATE):
        response = client.post("/v1/learners", json=body)
        assert response.status_code == 201, response.text
        self.created = response
        self.id = response.json()["learner"]["id"]
        self.token = response.json()["token"]
        self.auth = {"Authorization": f"Bearer {self.token}"}

    def path(self, tail: str = "") -> str:
        return f"/v1/learners/{self.id}{tail}"


@pytest.fixture
def alice(client) -> Learner:
    return Learner(client)


@pytest.fixture
def bob(client) -> Learner:
    return Learner(client, {"targets": ["aws-ml-specialty"], "known": [{"node": "git"}]})


def test_creation_returns_the_profile_a_token_and_where_it_lives(client, alice):
    response = alice.created
    body = response.json()
    assert response.headers["location"] == alice.path() and response.headers["etag"] == '"1"'
    assert response.headers["cache-control"] == "no-store"
    assert alice.token.startswith(f"mlp_{alice.id}_") and len(alice.token) >= 4 + 32 + 1 + 43
    learner = body["learner"]
    assert (learner["version"], learner["targets"], learner["hours_per_week"]) == (1, [TARGET], 8)
    assert [(m["node"], m["status"], m["level"], m["source"]) for m in learner["marks"]] == [
        ("numpy", "known", None, "self-reported"), ("python", "known", "beginner", "self-reported")]
    assert (learner["carried"], learner["orphaned"]) == ([], [])
    again = client.get(alice.path(), headers=alice.auth)
    assert again.status_code == 200 and again.headers["etag"] == '"1"' and again.json() == learner


#: Every route behind a learner token: method, path tail, body, extra headers.
GUARDED = [
    ("GET", "", None, {}),
    ("PATCH", "", {"hours_per_week": 9}, {"If-Match": "*"}),
    ("POST", "/progress", {"marks": [{"node": "git", "status": "done"}]}, {}),
    ("GET", "/plan", None, {}),
    ("GET", "/next", None, {}),
    ("GET", "/export", None, {}),
    ("DELETE", "", None, {"If-Match": "*"}),
]


def test_progress_checks_the_token_before_if_match_and_the_nodes(client, alice, bob):
    """The progress route checks the token inside its write's worker call: still first of all
    the checks a request's learner can fail (If-Match, unknown nodes), and nothing is written."""
    before = client.get(alice.path(), headers=alice.auth).json()
    unusable = {"marks": [{"node": "no-such-node-anywhere", "status": "done"}]}
    for auth, status in (({}, 401), ({"Authorization": "Bearer mlp_" + "0" * 32 + "_x"}, 401), (bob.auth, 403)):
        answer = client.post(alice.path("/progress"), json=unusable, headers={**auth, "If-Match": 'W/"1"'})
        assert (answer.status_code, answer.headers["content-type"]) == (status, PROBLEM), answer.text
    assert client.post(alice.path("/progress"), json=unusable, headers={**alice.auth, "If-Match": 'W/"1"'}).status_code == 412
    assert client.post(alice.path("/progress"), json=unusable, headers=alice.auth).status_code == 422
    assert client.get(alice.path(), headers=alice.auth).json() == before


@pytest.mark.parametrize("method, tail, body, headers", GUARDED, ids=[f"{m} {t or '/'}" for m, t, _, _ in GUARDED])
def test_each_learner_route_opens_only_to_that_learners_token(client, alice, bob, method, tail, body, headers):
    before = client.get(alice.path(), headers=alice.auth).json()

    def call(path, auth):
        return client.request(method, path, json=body, headers={**headers, **auth})

    for response, status in ((call(alice.path(tail), {}), 401), (call(alice.path(tail), {"Authorization": "Bearer nonsense"}), 401),
                             (call(alice.path(tail), bob.auth), 403), (call("/v1/learners/" + "0" * 32 + tail, bob.auth), 403),
                             (call("/v1/learners/not-an-id" + tail, bob.auth), 403)):
        assert response.status_code == status, (response.status_code, response.text)
        assert response.headers["content-type"] == PROBLEM
        assert bob.token not in response.text and alice.token not in response.text
    assert call(alice.path(tail), {}).headers["www-authenticate"] == "Bearer"
    assert client.get(alice.path(), headers=alice.auth).json() == before  # nothing changed by the refused calls
    own = call(alice.path(tail), alice.auth)
    assert own.status_code in (200, 204), own.text
    assert client.get(bob.path(), headers=bob.auth).status_code == 200  # bob untouched by alice's call


def test_patch_needs_if_match_and_refuses_a_stale_version(client, alice):
    path, auth = alice.path(), alice.auth
    assert client.patch(path, json={"hours_per_week": 5}, headers=auth).status_code == 428
    changed = client.patch(path, json={"hours_per_week": 5}, headers={**auth, "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["etag"] == '"2"' and changed.json()["hours_per_week"] == 5
    stale = client.patch(path, json={"hours_per_week": 6}, headers={**auth, "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.json()["type"] == "urn:mlpath:problem:stale-version"
    assert stale.json()["current_version"] == 2
    for unusable in ('W/"2"', '"1", "2"', "2", "garbage"):
        response = client.patch(path, json={"hours_per_week": 6}, headers={**auth, "If-Match": unusable})
        assert response.status_code == 412 and response.json()["type"].endswith("if-match-unusable"), unusable
    assert client.get(path, headers=auth).json()["hours_per_week"] == 5


def test_patch_checks_new_ids_and_the_hours(client, alice):
    headers = {**alice.auth, "If-Match": "*"}
    unknown = client.patch(alice.path(), json={"targets": ["machine-learning-engineeer"]}, headers=headers)
    assert unknown.status_code == 422 and unknown.json()["suggestions"][0] == TARGET
    for hours in (0.4, 80.5, 1e-300, -1):
        response = client.patch(alice.path(), json={"hours_per_week": hours}, headers=headers)
        assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["body", "hours_per_week"]
    kinds = client.patch(alice.path(), json={"avoid": ["certification"], "prefer": ["pytorch"]}, headers=headers)
    assert kinds.status_code == 200 and kinds.json()["avoid"] == ["certification"]
    clash = client.patch(alice.path(), json={"avoid": ["pytorch"]}, headers=headers)
    assert clash.status_code == 422 and "both name pytorch" in clash.json()["detail"]


def test_a_plan_request_with_absurd_weekly_hours_is_refused_too(client):
    response = client.post("/v1/paths", json={"targets": [TARGET], "hours_per_week": 1e-300})
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["body", "hours_per_week"]


def test_progress_is_one_batch_all_or_nothing(client, alice):
    path, auth = alice.path("/progress"), alice.auth
    half_bad = {"marks": [{"node": "git", "status": "done"}, {"node": "no-such-node", "status": "done"}]}
    response = client.post(path, json=half_bad, headers=auth)
    assert response.status_code == 422 and response.json()["type"].endswith("unknown-skill")
    assert client.get(alice.path(), headers=auth).json()["version"] == 1
    twice = {"marks": [{"node": "git", "status": "done"}, {"node": "git", "status": "learning"}]}
    assert client.post(path, json=twice, headers=auth).status_code == 422
    good = {"marks": [{"node": "git", "status": "done", "source": "plan-step"}, {"node": "docker", "status": "learning"},
                      {"node": "python", "status": None}]}
    response = client.post(path, json=good, headers=auth)
    assert response.status_code == 200 and response.headers["etag"] == '"2"'
    marks = {m["node"]: (m["status"], m["source"]) for m in response.json()["marks"]}
    assert marks == {"docker": ("learning", "self-reported"), "git": ("done", "plan-step"), "numpy": ("known", "self-reported")}
    assert client.post(path, json={"marks": [{"node": "git", "status": "done", "source": "imported"}]}, headers=auth).status_code == 422
    stale = client.post(path, json={"marks": [{"node": "sql", "status": "done"}]}, headers={**auth, "If-Match": '"1"'})
    assert stale.status_code == 412
    assert client.post(path, json={"marks": []}, headers=auth).status_code == 422


def test_the_saved_plan_is_the_plan_of_the_same_request_without_a_profile(client, alice):
    client.post(alice.path("/progress"), json={"marks": [{"node": "git", "status": "done"}]}, headers=alice.auth)
    saved = client.get(alice.path("/plan"), headers=alice.auth)
    assert saved.status_code == 200 and saved.headers["cache-control"] == "no-store"
    posted = client.post("/v1/paths", json={"known": ["numpy", "git"], "proficiency": {"python": "beginner"},
                                            "targets": [TARGET], "hours_per_week": 8})
    mine, theirs = Plan.model_validate_json(saved.content), Plan.model_validate_json(posted.content)
    assert [s.id for s in mine.steps] == [s.id for s in theirs.steps]
    assert mine.steps[0].refresher and mine.steps[0].id == "python"  # a beginner's known node comes back as a refresher
    assert (mine.total_hours, mine.weeks, mine.known) == (theirs.total_hours, theirs.weeks, theirs.known)
    assert client.get(alice.path("/export"), headers=alice.auth).json()["plan_order"] == [s.id for s in mine.steps]


def test_learning_is_in_progress_and_skipped_goes_round(client, alice):
    """For every choice the plan priced exactly: skipping the chosen node makes the plan take the
    runner-up, or keep the node and list it in ``avoided_used`` where no plan does without it."""
    first = Plan.model_validate_json(client.get(alice.path("/plan"), headers=alice.auth).content)
    ids = [s.id for s in first.steps]
    learning = ids[len(ids) // 2]
    priced = {a.chosen: a for a in first.alternatives if a.price == "exact" and a.runner_up and a.chosen != learning}
    assert priced, "the plan priced no choice exactly: this test shows nothing"
    went_round = []
    for chosen, choice in priced.items():
        clause = client.get(f"/v1/nodes/{choice.for_node}").json()["node"]["requires"][choice.clause]
        learner = Learner(client)
        client.post(learner.path("/progress"), json={"marks": [{"node": learning, "status": "learning"},
                                                                {"node": chosen, "status": "skipped"}]}, headers=learner.auth)
        after = Plan.model_validate_json(client.get(learner.path("/plan"), headers=learner.auth).content)
        steps = [s.id for s in after.steps]
        assert after.in_progress == (learning,) and learning in steps
        if chosen in steps:
            assert chosen in after.avoided_used, chosen
        else:
            # the runner-up, or an alternative tied with it: the re-plan prefers what the learner is learning
            assert choice.runner_up in steps or set(clause) & set(steps) - {chosen}, chosen
            assert chosen not in after.avoided_used, chosen
            went_round.append(chosen)
    assert went_round, "no skipped choice was gone round: this test shows nothing"


def test_next_is_the_frontier_of_the_saved_state(client, alice):
    response = client.get(alice.path("/next"), headers=alice.auth)
    assert response.status_code == 200
    result = NextSteps.model_validate_json(response.content)
    assert set(result.known) == {"python", "numpy"}
    plan = Plan.model_validate_json(client.get(alice.path("/plan"), headers=alice.auth).content)
    on_plan = {s.id for s in plan.steps}
    assert result.ready and all(r.on_plan == (r.id in on_plan) for r in result.ready)
    assert not {"python", "numpy"} & {r.id for r in result.ready}


def test_export_import_round_trip_and_an_existing_id_conflicts(client, alice):
    client.post(alice.path("/progress"), json={"marks": [{"node": "git", "status": "done"}]}, headers=alice.auth)
    document = client.get(alice.path("/export"), headers=alice.auth)
    assert document.status_code == 200 and "attachment" in document.headers["content-disposition"]
    exported = document.json()
    assert exported["format"] == "mlpath-learner" and exported["learner"]["id"] == alice.id
    clash = client.post("/v1/learners/import", json=exported)
    assert clash.status_code == 409 and clash.json()["type"].endswith("learner-exists")
    assert client.delete(alice.path(), headers={**alice.auth, "If-Match": '"2"'}).status_code == 204
    restored = client.post("/v1/learners/import", json=exported)
    assert restored.status_code == 201
    body = restored.json()
    assert body["learner"]["id"] == alice.id and body["token"] != alice.token
    assert {m["source"] for m in body["learner"]["marks"]} == {"imported"}
    assert client.get(alice.path(), headers=alice.auth).status_code == 401  # the old token died with the profile
    assert client.get(alice.path(), headers={"Authorization": f"Bearer {body['token']}"}).status_code == 200


def test_an_import_may_hold_ids_this_curriculum_lacks_and_they_are_reported(client):
    document = {"exported_at": "2026-01-01T00:00:00Z", "learner": {
        "id": "1" * 32, "version": 7, "created_at": "2025-06-01T10:00:00Z", "updated_at": "2025-12-01T10:00:00Z",
        "targets": ["old-role", TARGET], "hours_per_week": 5,
        "marks": [{"node": "retired-topic", "status": "done", "at": "2025-07-01T00:00:00Z", "source": "plan-step"},
                  {"node": "git", "status": "known", "at": "2025-07-01T00:00:00Z", "source": "self-reported"}]}}
    created = client.post("/v1/learners/import", json=document)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["learner"]["orphaned"] == ["old-role", "retired-topic"] and body["learner"]["version"] == 1
    auth = {"Authorization": f"Bearer {body['token']}"}
    plan = client.get(f"/v1/learners/{'1' * 32}/plan", headers=auth).json()
    assert plan["targets"] == [TARGET] and "git" in plan["known"]
    assert any("old-role" in note and "retired-topic" in note for note in plan["notes"])
    client.delete(f"/v1/learners/{'1' * 32}", headers={**auth, "If-Match": "*"})


def test_a_learner_without_any_target_here_cannot_have_a_plan_but_has_next_steps(client):
    document = {"exported_at": "2026-01-01T00:00:00Z", "learner": {
        "id": "2" * 32, "version": 1, "created_at": "2025-06-01T10:00:00Z", "updated_at": "2025-06-01T10:00:00Z",
        "targets": ["old-role"]}}
    body = client.post("/v1/learners/import", json=document).json()
    auth = {"Authorization": f"Bearer {body['token']}"}
    plan = client.get(f"/v1/learners/{'2' * 32}/plan", headers=auth)
    assert plan.status_code == 409 and plan.json()["type"].endswith("learner-state")
    steps = client.get(f"/v1/learners/{'2' * 32}/next", headers=auth)
    assert steps.status_code == 200 and not any(r["on_plan"] for r in steps.json()["ready"])
    client.delete(f"/v1/learners/{'2' * 32}", headers={**auth, "If-Match": "*"})


def test_creation_checks_ids_and_bounds(client):
    unknown = client.post("/v1/learners", json={"targets": ["pytorh"]})
    assert unknown.status_code == 422 and "pytorch" in unknown.json()["suggestions"]
    assert client.post("/v1/learners", json={"targets": []}).status_code == 422
    assert client.post("/v1/learners", json={"targets": [TARGET], "hours_per_week": 100}).status_code == 422
    assert client.post("/v1/learners", json={"targets": [TARGET], "prefer": ["git"], "avoid": ["git"]}).status_code == 422


def test_creation_is_limited_per_address(app_settings):
    limited = app_settings.model_copy(update={"learner_create_limit": 2, "learner_create_window": 3600})
    with TestClient(create_app(limited)) as client:
        assert [client.post("/v1/learners", json={"targets": [TARGET]}).status_code for _ in range(2)] == [201, 201]
        refused = client.post("/v1/learners", json={"targets": [TARGET]})
        assert refused.status_code == 429 and refused.headers["content-type"] == PROBLEM
        assert 1 <= int(refused.headers["retry-after"]) <= 1800
        imported = client.post("/v1/learners/import", json={"exported_at": "2026-01-01T00:00:00Z", "learner": {
            "id": "3" * 32, "version": 1, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}})
        assert imported.status_code == 429


def test_tokens_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    learner = Learner(client)
    for method, tail, body, headers in GUARDED:
        client.request(method, learner.path(tail), json=body, headers={**headers, **learner.auth})
        client.request(method, learner.path(tail), json=body, headers={**headers, "Authorization": "Bearer " + learner.token + "x"})
    secret = learner.token[len("mlp_") + 32 + 1:]
    assert caplog.records and not any(secret in record.getMessage() for record in caplog.records)
