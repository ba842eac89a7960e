"""Onboarding and the plan as files over HTTP: ``import-text``, ``calendar.ics`` and ``checklist``.

On the bundled curriculum with the embedded store in a temporary directory,
two learners throughout.  Import proposes and the stored learner stays as it
was until the client sends the proposals to the ordinary routes; the
calendar parses as RFC 5545 and holds the saved plan at the learner's pace;
the checklist lists the plan's steps with the learner's marks.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from recommender.onboarding import MAX_IMPORT_TEXT
from tests.viz.test_calendar import events, minutes

PROBLEM = "application/problem+json"
CORPUS = tomllib.loads((Path(__file__).parents[1] / "corpora" / "onboarding.toml").read_text(encoding="utf-8"))["texts"]
MONDAY = date(2027, 1, 4)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(neo4j_uri=None, data_dir=tmp_path_factory.mktemp("onboarding-api"), learner_create_limit=1000)
    with TestClient(create_app(settings)) as client:
        yield client


class Learner:
    def __init__(self, client: TestClient, body: dict):
        response = client.post("/v1/learners", json=body)
        assert response.status_code == 201, response.text
        self.client = client
        self.id = response.json()["learner"]["id"]
        self.auth = {"Authorization": f"Bearer {response.json()['token']}"}

    def path(self, tail: str = "") -> str:
        return f"/v1/learners/{self.id}{tail}"

    def get(self, tail: str = "", **kwargs):
        return self.client.get(self.path(tail), headers=self.auth, **kwargs)

    def import_text(self, text: str, kind: str):
        return self.client.post(self.path("/import-text"), json={"text": text, "kind": kind}, headers=self.auth)


@pytest.fixture
def alice(client) -> Learner:
    return Learner(client, {"targets": ["machine-learning-engineer"], "hours_per_week": 7,
                            "known": [{"node": "python", "level": "beginner"}]})


@pytest.fixture
def bob(client) -> Learner:
    return Learner(client, {"targets": ["aws-ml-specialty"], "hours_per_week": 12})


@pytest.mark.parametrize("text", CORPUS, ids=[t["name"] for t in CORPUS])
def test_import_proposes_and_changes_nothing_until_applied(client, alice, text):
    before = alice.get()
    response = alice.import_text(text["text"], text["kind"])
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    found = response.json()
    assert found["applied"] is False and found["kind"] == text["kind"]
    after = alice.get()
    assert after.headers["etag"] == before.headers["etag"] and after.json() == before.json()
    selected = {p["node"]: p for p in found["proposals"] if p["selected"]}
    assert selected, "every text of the corpus proposes something new to this learner"
    if found["apply"]["progress"]:
        applied = client.post(alice.path("/progress"), json=found["apply"]["progress"], headers=alice.auth)
        assert applied.status_code == 200, applied.text
        marks = {m["node"]: (m["status"], m["level"]) for m in applied.json()["marks"]}
        for node, p in selected.items():
            assert marks[node] == ("known", p["level"])
    if found["apply"]["changes"]:
        changed = client.patch(alice.path(), json=found["apply"]["changes"],
                               headers={**alice.auth, "If-Match": alice.get().headers["etag"]})
        assert changed.status_code == 200, changed.text
        assert changed.json()["targets"] == ["machine-learning-engineer", *[n for n in selected if n != "machine-learning-engineer"]]


def test_proposals_are_read_against_the_learner_who_asks(alice, bob):
    cv = "Python (advanced), Docker"
    by_alice = {p["node"]: p for p in alice.import_text(cv, "cv").json()["proposals"]}
    by_bob = {p["node"]: p for p in bob.import_text(cv, "cv").json()["proposals"]}
    # Alice holds python at beginner, so the text's "advanced" is a level change; Bob has no mark.
    assert (by_alice["python"]["current"], by_alice["python"]["selected"]) == ("known", True)
    assert (by_bob["python"]["current"], by_bob["python"]["selected"]) == (None, True)
    posting = "Requirements:\n- Kubernetes"
    assert alice.import_text(posting, "posting").json()["apply"]["changes"]["targets"] == ["machine-learning-engineer", "kubernetes"]
    assert bob.import_text(posting, "posting").json()["apply"]["changes"]["targets"] == ["aws-ml-specialty", "kubernetes"]


NEW_ROUTES = [
    ("POST", "/import-text", {"text": "Python", "kind": "cv"}),
    ("GET", "/calendar.ics", None),
    ("GET", "/checklist", None),
]


@pytest.mark.parametrize("method,tail,body", NEW_ROUTES, ids=[t for _, t, _ in NEW_ROUTES])
def test_one_learners_token_never_opens_anothers_files(client, alice, bob, method, tail, body):
    for headers, status in [({}, 401), ({"Authorization": "Bearer mlp_nobody"}, 401), (bob.auth, 403)]:
        response = client.request(method, alice.path(tail), json=body, headers=headers)
        assert response.status_code == status and response.headers["content-type"] == PROBLEM, response.text
    missing = client.request(method, f"/v1/learners/{'0' * 32}{tail}", json=body, headers=bob.auth)
    assert missing.status_code == 403, "another id answers as another learner's, existing or not"
    own = client.request(method, bob.path(tail), json=body, headers=bob.auth)
    assert own.status_code == 200, own.text


def test_text_too_long_is_422_and_a_body_too_large_413(client, alice):
    too_long = alice.import_text("Python, " * (MAX_IMPORT_TEXT // 8 + 1), "cv")
    assert too_long.status_code == 422 and too_long.headers["content-type"] == PROBLEM
    assert too_long.json()["errors"][0]["loc"] == ["body", "text"] and "20000" in too_long.json()["detail"]
    huge = client.post(alice.path("/import-text"), content=b'{"kind": "cv", "text": "' + b"x" * 70_000 + b'"}',
                       headers={**alice.auth, "Content-Type": "application/json"})
    assert huge.status_code == 413 and huge.headers["content-type"] == PROBLEM
    for bad in ({"text": "Python"}, {"text": "Python", "kind": "letter"}, {"text": "", "kind": "cv"}):
        response = client.post(alice.path("/import-text"), json=bad, headers=alice.auth)
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM


# -- the calendar ---------------------------------------------------------------


def test_the_calendar_holds_the_saved_plan_at_the_learners_pace(client, alice):
    client.post(alice.path("/progress"), json={"marks": [{"node": "numpy", "status": "learning"}]}, headers=alice.auth)
    plan = alice.get("/plan").json()
    response = alice.get("/calendar.ics", params={"start": MONDAY.isoformat(), "days": "mon,wed,sat", "at": "07:30",
                                                 "weeks": "all"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == f'attachment; filename="mlpath-plan-{alice.id}.ics"'
    found = events(response.text)
    assert sum(map(minutes, found)) == round(plan["total_hours"] * 60)
    weekly = defaultdict(int)
    for event in found:
        start = event.decoded("DTSTART")
        assert start.strftime("%a").lower()[:3] in ("mon", "wed", "sat") and start.hour == 7 and start.minute == 30
        weekly[(start.date() - MONDAY).days // 7] += minutes(event)
    weeks = sorted(weekly)
    assert weeks == list(range(len(weeks))) and all(weekly[w] == 7 * 60 for w in weeks[:-1])
    assert str(found[0]["SUMMARY"]).startswith(f"Study: {plan['steps'][0]['name']}")
    numpy = [s for s in plan["steps"] if s["id"] == "numpy"][0]
    described = [str(e["DESCRIPTION"]) for e in found if f"{numpy['position']}. {numpy['name']}" in str(e["DESCRIPTION"])]
    assert described and all(f"{numpy['name']} (in progress)" in d for d in described)


def test_a_step_marked_done_leaves_the_calendar_and_the_same_events_are_updated(client, alice):
    query = {"start": MONDAY.isoformat(), "weeks": "all"}
    first = events(alice.get("/calendar.ics", params=query).text)
    plan = alice.get("/plan").json()
    step = next(s for s in plan["steps"] if not s["refresher"])  # a refresher stays while the level is beginner
    client.post(alice.path("/progress"), json={"marks": [{"node": step["id"], "status": "done"}]}, headers=alice.auth)
    again = events(alice.get("/calendar.ics", params=query).text)
    assert sum(map(minutes, again)) == sum(map(minutes, first)) - round(step["hours"] * 60)
    assert not any(f"{step['name']}:" in str(e["DESCRIPTION"]) for e in again)
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in first][:len(again)]
    assert alice.get("/calendar.ics", params=query).content == alice.get("/calendar.ics", params=query).content


def test_calendar_options_that_cannot_be_met_are_422(alice):
    for query in ({"days": "funday"}, {"days": ""}, {"start": "2027-02-30"}, {"at": "25:00"}):
        response = alice.get("/calendar.ics", params=query)
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM, query
    default = events(alice.get("/calendar.ics").text)
    assert default[0].decoded("DTSTART").date() >= date.today() - timedelta(days=1)


# -- the checklist --------------------------------------------------------------


class Rows(HTMLParser):
    """(row class, row text) for every checklist row."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        self._row: list[str] | None = None
        self._class = ""

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._row, self._class = [], dict(attrs).get("class", "")

    def handle_endtag(self, tag):
        if tag == "li" and self._row is not None:
            self.rows.append((self._class, "".join(self._row)))
            self._row = None

    def handle_data(self, data):
        if self._row is not None:
            self._row.append(data)


def rows_of(page: str) -> list[tuple[str, str]]:
    parser = Rows()
    parser.feed(page)
    return parser.rows


def test_the_checklist_is_the_saved_plan_with_the_learners_marks(client, bob):
    plan = bob.get("/plan").json()
    done, learning = plan["steps"][0], plan["steps"][2]
    client.post(bob.path("/progress"), headers=bob.auth, json={"marks": [
        {"node": done["id"], "status": "done"}, {"node": learning["id"], "status": "learning"}]})
    plan = bob.get("/plan").json()
    response = bob.get("/checklist")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store" and "<script" not in response.text
    rows = rows_of(response.text)
    todo = [text for cls, text in rows if cls in ("todo", "learning")]
    step_rows = {s["id"]: [t for t in todo if t.lstrip("☐").startswith(f"{s['position']}. {s['name']}")] for s in plan["steps"]}
    assert all(len(found) == 1 for found in step_rows.values()) and len(todo) == len(plan["steps"])
    ticked = [text for cls, text in rows if cls == "done"]
    assert len(ticked) == 1 and done["name"] in ticked[0]
    (flagged,) = [text for cls, text in rows if cls == "learning"]
    assert learning["name"] in flagged and learning["id"] in plan["in_progress"]
    assert bob.get("/checklist").content == response.content
