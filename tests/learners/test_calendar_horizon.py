"""How far a calendar reaches: two years unless asked, ``all`` for the whole plan, the same on the API and the CLI.

The plan to the ML engineer role runs for years at most paces; a calendar
app is looked at for the next weeks.  Even at 40 h a week it is longer
than the default (and the whole of it stays a few hundred events to parse),
so both the API and the CLI are checked on such a learner, with the
embedded store in a temporary directory.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import ExitStatus
from api.commands import plan_files
from api.settings import Settings, load_settings
from tests.learners.test_learner_commands import data_dir, run  # noqa: F401 - data_dir is an autouse fixture
from tests.viz.test_calendar import events, minutes
from recommender.models import Plan
from viz.calendar import CALENDAR_WEEKS, plan_weeks

PROBLEM = "application/problem+json"
MONDAY = "2027-01-04"
LONG = {"targets": ["machine-learning-engineer"], "hours_per_week": 40}


def weeks_held(text: str) -> int:
    """How many distinct weeks the calendar's sessions fall in (weeks start on the first Monday)."""
    first = date.fromisoformat(MONDAY)
    return len({(e.decoded("DTSTART").date() - first).days // 7 for e in events(text)})


@pytest.fixture
def long_plan(tmp_path):
    settings = Settings(neo4j_uri=None, data_dir=tmp_path / "api", learner_create_limit=100)
    with TestClient(create_app(settings)) as client:
        made = client.post("/v1/learners", json=LONG).json()
        client.headers["Authorization"] = f"Bearer {made['token']}"
        yield client, f"/v1/learners/{made['learner']['id']}"


def test_the_default_calendar_holds_two_years_and_says_what_remains(long_plan):
    client, path = long_plan
    plan = Plan.model_validate(client.get(f"{path}/plan").json())
    assert plan_weeks(plan) > CALENDAR_WEEKS, "the case needs a plan longer than the default"
    default = client.get(f"{path}/calendar.ics", params={"start": MONDAY})
    assert default.status_code == 200
    assert weeks_held(default.text) == CALENDAR_WEEKS
    assert f"Weeks 1 to {CALENDAR_WEEKS} of the plan's {plan_weeks(plan)}" in default.text.replace("\r\n ", "")
    assert default.content == client.get(f"{path}/calendar.ics", params={"start": MONDAY, "weeks": CALENDAR_WEEKS}).content


def test_weeks_all_holds_the_whole_plan_and_a_number_that_many_weeks(long_plan):
    client, path = long_plan
    plan = Plan.model_validate(client.get(f"{path}/plan").json())
    whole = client.get(f"{path}/calendar.ics", params={"start": MONDAY, "weeks": "all"})
    assert whole.status_code == 200
    assert sum(map(minutes, events(whole.text))) == round(plan.total_hours * 60)
    assert weeks_held(whole.text) == plan_weeks(plan)
    assert weeks_held(client.get(f"{path}/calendar.ics", params={"start": MONDAY, "weeks": 3}).text) == 3


@pytest.mark.parametrize("weeks", ["0", "-2", "ALL", "two", "1.5", "5201"])
def test_weeks_that_are_neither_a_count_nor_all_are_422(long_plan, weeks):
    client, path = long_plan
    response = client.get(f"{path}/calendar.ics", params={"weeks": weeks})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM, response.text
    assert response.json()["errors"][0]["loc"][:2] == ["query", "weeks"]


def test_the_cli_writes_the_apis_horizon_and_takes_weeks(tmp_path):
    assert plan_files.CALENDAR_WEEKS == CALENDAR_WEEKS, "the CLI's copy of the default (kept for a fast --help)"
    assert run("learner", "new", "--target", "machine learning engineer", "--hours-per-week", "40")[0] == ExitStatus.OK
    files = {name: tmp_path / f"{name}.ics" for name in ("default", "all", "two")}
    for name, extra in (("default", []), ("all", ["--weeks", "all"]), ("two", ["--weeks", "2"])):
        status, _, err = run("learner", "plan", "--ics", str(files[name]), "--start", MONDAY, *extra)
        assert status == ExitStatus.OK, err
    assert weeks_held(files["default"].read_text()) == CALENDAR_WEEKS
    assert weeks_held(files["two"].read_text()) == 2
    status, out, err = run("learner", "plan", "--ics", str(tmp_path / "x.ics"), "--start", MONDAY, "--weeks", "2")
    assert "the first 2 of the plan's" in err and "--weeks all" in err
    assert weeks_held(files["all"].read_text()) > CALENDAR_WEEKS
    token = run("learner", "token")[1].strip()
    learner_id = json.loads(run("learner", "show", "--json")[1])["id"]
    with TestClient(create_app(load_settings())) as client:
        served = client.get(f"/v1/learners/{learner_id}/calendar.ics", params={"start": MONDAY},
                            headers={"Authorization": f"Bearer {token}"})
    assert served.content == files["default"].read_bytes()


@pytest.mark.parametrize("weeks", ["0", "two", "-1"])
def test_the_cli_refuses_weeks_it_cannot_use(tmp_path, capsys, weeks):
    assert run("learner", "new", "--target", "python")[0] == ExitStatus.OK
    capsys.readouterr()
    status, _, _ = run("learner", "plan", "--ics", str(tmp_path / "x.ics"), "--weeks", weeks)
    assert status == ExitStatus.USAGE and "or 'all'" in capsys.readouterr().err  # argparse's usage error
    assert not (tmp_path / "x.ics").exists()
