"""``mlpath learner import-text``, ``mlpath plan --ics/--checklist``, ``mlpath learner checklist`` and
``mlpath recommend --ics``, in-process on a temporary data directory.

The command line and the API open the same embedded store here, so the
files the CLI writes are compared byte for byte with what the API serves.
"""

from __future__ import annotations

import io
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import ExitStatus
from api.settings import load_settings
from tests.learners.test_learner_commands import data_dir, run, run_json  # noqa: F401 - data_dir is an autouse fixture

CV = """Skills
• Python (advanced), pandas, SQL
• Familiar with Docker
• Tableau
Led a small analytics team, not a notebook farm.
"""
POSTING = """Requirements:
- Kubernetes
- PyTorch or TensorFlow
Nice to have:
- Apache Kafka
"""


@pytest.fixture
def texts(tmp_path) -> dict[str, Path]:
    files = {"cv": tmp_path / "cv.txt", "posting": tmp_path / "posting.txt"}
    files["cv"].write_text(CV, encoding="utf-8")
    files["posting"].write_text(POSTING, encoding="utf-8")
    return files


class Terminal(io.StringIO):
    """Standard input as a person at a terminal: answers the prompt with ``reply``."""

    def __init__(self, reply: str):
        super().__init__(reply + "\n")

    def isatty(self) -> bool:
        return True


def test_import_text_shows_proposals_and_applies_nothing_without_confirmation(texts, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # nobody to ask
    status, out, _ = run("learner", "import-text", str(texts["cv"]), "--kind", "cv")
    assert status == ExitStatus.OK
    assert "[x] Python [python]: advanced" in out and "[x] Docker [docker]: beginner" in out
    assert "'Tableau': Tableau" in out and "Nothing applied" in out
    assert "jupyter" not in out
    assert run("learner", "show")[0] == ExitStatus.ERROR, "looking made no profile"
    assert run("know", "git")[0] == ExitStatus.OK
    before = run_json("learner", "show")
    run("learner", "import-text", str(texts["cv"]), "--kind", "cv")
    assert run_json("learner", "show") == before


def test_apply_records_the_selection_as_one_version(texts):
    found = run_json("learner", "import-text", str(texts["cv"]), "--kind", "cv", "--apply")
    assert found["applied"] is True
    shown = run_json("learner", "show")
    expected = {m["node"]: m["level"] for m in found["apply"]["progress"]["marks"]}
    assert {m["node"]: m["level"] for m in shown["marks"]} == expected == {
        "python": "advanced", "pandas": "intermediate", "sql": "intermediate", "docker": "beginner"}
    # Made by the apply (version 1) and written once (version 2).
    assert shown["version"] == 2 and all(m["source"] == "self-reported" for m in shown["marks"])
    again = run_json("learner", "import-text", str(texts["cv"]), "--kind", "cv", "--apply")
    assert not any(p["selected"] for p in again["proposals"]) and run_json("learner", "show")["version"] == 2


def test_the_prompt_applies_on_yes_only(texts, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("n"))
    status, out, _ = run("learner", "import-text", str(texts["posting"]), "--kind", "posting")
    assert status == ExitStatus.OK and "Apply these 1 targets (kubernetes)? [y/N]" in out
    assert run("learner", "show")[0] == ExitStatus.ERROR, "a 'no' made no profile"
    monkeypatch.setattr("sys.stdin", Terminal("y"))
    status, out, _ = run("learner", "import-text", str(texts["posting"]), "--kind", "posting", "--also", "pytorch")
    assert status == ExitStatus.OK and "Applied to profile 'default'" in out
    assert run_json("learner", "show")["targets"] == ["kubernetes", "pytorch"]


def test_text_from_stdin_needs_apply_and_is_bounded(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(POSTING))
    found = run_json("learner", "import-text", "--kind", "posting", "--skip", "kubernetes", "--also", "kafka", "--apply")
    assert found["apply"]["changes"]["targets"] == ["kafka"]
    assert run_json("learner", "show")["targets"] == ["kafka"]
    monkeypatch.setattr("sys.stdin", io.StringIO("x" * 20_001))
    status, _, err = run("learner", "import-text", "-", "--kind", "cv")
    assert status == ExitStatus.ERROR and "at most 20000 characters" in err
    status, _, err = run("learner", "import-text", "-", "--kind", "letter")
    assert status == ExitStatus.USAGE


def test_plan_files_from_the_cli_are_the_apis_bytes(tmp_path, data_dir):
    assert run("learner", "new", "--target", "aws ml certification", "--hours-per-week", "6")[0] == ExitStatus.OK
    assert run("learning", "numpy")[0] == ExitStatus.OK
    ics, page, alone = tmp_path / "plan.ics", tmp_path / "plan.html", tmp_path / "checklist.html"
    status, out, err = run("learner", "plan", "--ics", str(ics), "--checklist", str(page),
                           "--start", "2027-01-04", "--days", "tue,thu", "--at", "19:00")
    assert status == ExitStatus.OK and f"wrote {ics}" in err and "1." in out
    assert run("learner", "checklist", "--out", str(alone))[0] == ExitStatus.OK
    assert alone.read_bytes() == page.read_bytes()
    token = run("learner", "token")[1].strip()
    learner_id = run_json("learner", "show")["id"]
    with TestClient(create_app(load_settings())) as client:
        auth = {"Authorization": f"Bearer {token}"}
        served = client.get(f"/v1/learners/{learner_id}/calendar.ics", headers=auth,
                            params={"start": "2027-01-04", "days": "tue,thu", "at": "19:00"})
        assert served.content == ics.read_bytes()
        assert client.get(f"/v1/learners/{learner_id}/checklist", headers=auth).content == page.read_bytes()
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    assert not calendar.errors
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    assert {s.strftime("%a") for s in starts} == {"Tue", "Thu"} and starts[0].hour == 19


def test_a_profile_without_targets_has_no_plan_files(tmp_path):
    assert run("know", "python")[0] == ExitStatus.OK
    status, _, err = run("learner", "checklist", "--out", str(tmp_path / "c.html"))
    assert status == ExitStatus.ERROR and "no targets" in err
    assert not (tmp_path / "c.html").exists()


def test_recommend_writes_the_files_of_a_plan_without_a_profile(tmp_path):
    ics, page = tmp_path / "r.ics", tmp_path / "r.html"
    status, out, err = run("recommend", "--known", "python", "--target", "aws ml certification", "--hours-per-week", "9",
                           "--ics", str(ics), "--checklist", str(page), "--start", "2027-03-01")
    assert status == ExitStatus.OK, err
    plan = run_json("recommend", "--known", "python", "--target", "aws ml certification", "--hours-per-week", "9")
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    total = sum((e.decoded("DTEND") - e.decoded("DTSTART")).total_seconds() for e in events) / 3600
    assert round(total * 60) == round(plan["total_hours"] * 60)
    assert page.read_text(encoding="utf-8").count('<li class="todo">') == len(plan["steps"])
    assert not (Path(load_settings().data_dir) / "profiles.json").exists(), "no profile was made"
    for bad in (["--start", "someday"], ["--at", "noon"]):
        assert run("recommend", "--target", "python", "--ics", str(ics), *bad)[0] == ExitStatus.USAGE
