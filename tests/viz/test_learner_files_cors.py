"""The calendar and checklist downloads over HTTP: a page on another origin can read their file name,
and the calendar can be cut to a horizon, saying what remains."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.viz.test_calendar import events, minutes

ORIGIN = "http://learner.example"
MONDAY = date(2027, 1, 4)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(neo4j_uri=None, data_dir=tmp_path_factory.mktemp("files-cors"), cors_origins=(ORIGIN,),
                        learner_create_limit=1000)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def learner(client):
    created = client.post("/v1/learners", json={"targets": ["machine-learning-engineer"], "hours_per_week": 6,
                                                "known": [{"node": "python"}]})
    assert created.status_code == 201, created.text
    body = created.json()
    return body["learner"]["id"], {"Authorization": f"Bearer {body['token']}"}


def exposed(response) -> set[str]:
    return {h.strip().lower() for h in response.headers.get("access-control-expose-headers", "").split(",")}


def test_a_page_on_another_origin_can_read_the_calendar_s_file_name(client, learner):
    learner_id, auth = learner
    response = client.get(f"/v1/learners/{learner_id}/calendar.ics", headers={**auth, "Origin": ORIGIN},
                          params={"start": MONDAY.isoformat()})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["content-disposition"] == f'attachment; filename="mlpath-plan-{learner_id}.ics"'
    assert "content-disposition" in exposed(response)


def test_the_exported_profile_s_file_name_is_exposed_too(client, learner):
    learner_id, auth = learner
    response = client.get(f"/v1/learners/{learner_id}/export", headers={**auth, "Origin": ORIGIN})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"] and "content-disposition" in exposed(response)


def test_the_preflight_of_a_download_with_the_token_is_allowed(client, learner):
    learner_id, _ = learner
    response = client.options(f"/v1/learners/{learner_id}/calendar.ics", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"})
    assert response.status_code == 200 and "authorization" in response.headers["access-control-allow-headers"].lower()


def test_the_calendar_s_horizon_over_http(client, learner):
    learner_id, auth = learner
    path = f"/v1/learners/{learner_id}/calendar.ics"
    plan = client.get(f"/v1/learners/{learner_id}/plan", headers=auth).json()
    cut = client.get(path, headers=auth, params={"start": MONDAY.isoformat(), "weeks": 3})
    assert cut.status_code == 200
    found = events(cut.text)
    assert {(e.decoded("DTSTART").date() - MONDAY).days // 7 for e in found} == {0, 1, 2}
    assert sum(map(minutes, found)) == 3 * 6 * 60 < round(plan["total_hours"] * 60)
    description = str(icalendar.Calendar.from_ical(cut.text)["X-WR-CALDESC"])
    assert description.startswith("Weeks 1 to 3 of the plan's") and "remain after them" in description
    whole = events(client.get(path, headers=auth, params={"start": MONDAY.isoformat(), "weeks": "all"}).text)
    assert sum(map(minutes, whole)) == round(plan["total_hours"] * 60)
    for bad in (0, -1, 5201, "soon"):
        response = client.get(path, headers=auth, params={"weeks": bad})
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json", bad
