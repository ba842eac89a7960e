"""The learner commands, in-process on a temporary data directory, and once as a user
on a fresh machine would type them (a subprocess with an empty home)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import ExitStatus, main

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def run_json(*argv: str):
    status, out, err = run(*argv, "--json")
    assert status == ExitStatus.OK, err
    return json.loads(out)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """A machine of its own per test: nothing configured, no profile yet."""
    directory = tmp_path / "data"
    monkeypatch.setenv("MLPATH_DATA_DIR", str(directory))
    for name in ("NEO4J_URI", "MLPATH_LEARNER", "MLPATH_LEARNER_STORE", "MLPATH_GRAPH"):
        monkeypatch.delenv(name, raising=False)
    return directory


def test_the_first_steps_on_a_fresh_machine_just_work():
    """The issue's sequence, in its order: marks first, then the profile, then a plan."""
    assert run("know", "python", "numpy")[0] == ExitStatus.OK
    status, out, _ = run("learner", "new", "--target", "machine learning engineer")
    assert status == ExitStatus.OK and "targets: Machine Learning Engineer" in out and "known (2): NumPy, Python" in out
    assert run("done", "git")[0] == ExitStatus.OK
    status, out, err = run("plan")
    assert status == ExitStatus.OK, err
    assert out.startswith("Plan to Machine Learning Engineer:") and "Known: Git, NumPy, Python" in out
    plan = run_json("plan")
    assert set(plan["known"]) == {"git", "numpy", "python"} and plan["targets"] == ["machine-learning-engineer"]
    assert not {"git", "numpy", "python"} & {s["id"] for s in plan["steps"]}


def test_a_fresh_machine_as_a_user_types_it(tmp_path):
    """No MLPATH_DATA_DIR: the profile goes to the platform's data directory under $HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLPATH_", "NEO4J_", "XDG_"))}
    env["HOME"] = str(home)
    mlpath = [sys.executable, "-c", "from api.cli import entry_point; entry_point()"]
    for argv in (["know", "python", "numpy"], ["learner", "new", "--target", "machine learning engineer"],
                 ["done", "git"], ["plan"]):
        done = subprocess.run(mlpath + argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (argv, done.stderr)
    assert done.stdout.startswith("Plan to Machine Learning Engineer:")
    assert (home / ".local" / "share" / "mlpath" / "learners.sqlite3").is_file()


def test_every_status_and_level_and_unmark():
    run("learner", "new", "--target", "machine-learning-engineer")
    assert run("know", "statistics", "--level", "advanced")[0] == 0
    assert run("learning", "pandas")[0] == 0
    assert run("skip", "docker")[0] == 0
    assert run("done", "statistics")[0] == 0  # keeps the level it had
    marks = {m["node"]: (m["status"], m["level"]) for m in run_json("learner", "show")["marks"]}
    assert marks == {"docker": ("skipped", None), "pandas": ("learning", None), "statistics": ("done", "advanced")}
    assert run("unmark", "docker")[0] == 0
    assert "docker" not in {m["node"] for m in run_json("learner", "show")["marks"]}
    plan = run_json("plan")
    assert plan["in_progress"] == ["pandas"]


def test_marks_take_names_and_aliases_but_never_a_guess():
    status, _, err = run("know", "stats", "some python")
    assert status == 0 and "'stats' -> Statistics [statistics]" in err
    status, _, err = run("know", "algorthms")  # a misspelling the matcher is not sure of
    assert status == ExitStatus.ERROR and "is not clearly a node" in err and "[algorithms]" in err
    status, _, err = run("know", "dockr")  # one it is sure of
    assert status == 0 and "'dockr' -> Docker [docker] (typo" in err
    status, _, err = run("done", "astronaut")
    assert status == ExitStatus.ERROR and err.startswith("UnknownNodeError")
    assert {m["node"] for m in run_json("learner", "show")["marks"]} == {"docker", "python", "statistics"}


def test_done_on_a_plan_step_says_it_came_from_the_plan():
    run("learner", "new", "--target", "machine-learning-engineer", "--known", "python")
    steps = [s["id"] for s in run_json("plan")["steps"]]
    assert "bachelors-degree" not in steps
    run("done", steps[0], "bachelors-degree")
    sources = {m["node"]: m["source"] for m in run_json("learner", "show")["marks"]}
    assert sources == {steps[0]: "plan-step", "bachelors-degree": "self-reported", "python": "self-reported"}


def test_learner_new_twice_refuses_and_set_changes_the_goal():
    assert run("learner", "new", "--target", "machine-learning-engineer", "--hours-per-week", "6")[0] == 0
    status, _, err = run("learner", "new", "--target", "aws-ml-specialty")
    assert status == ExitStatus.ERROR and "already has targets" in err
    assert run("learner", "set", "--target", "aws-ml-specialty", "--hours-per-week", "12", "--avoid", "certifications")[0] == 0
    learner = run_json("learner", "show")
    assert (learner["targets"], learner["hours_per_week"], learner["avoid"]) == (["aws-ml-specialty"], 12, ["certification"])
    status, _, err = run("learner", "set", "--hours-per-week", "90")
    assert status == ExitStatus.ERROR and "hours_per_week" in err
    assert run("learner", "new")[0] == ExitStatus.USAGE


def test_several_profiles_by_name_and_by_id():
    run("learner", "new", "--target", "machine-learning-engineer", "--known", "python")
    work = run_json("learner", "new", "--learner", "work", "--target", "aws-ml-specialty")
    assert work["token"].startswith("mlp_")
    run("know", "git", "--learner", "work")
    assert run_json("learner", "list")["profiles"] == {"default": run_json("learner", "show")["id"], "work": work["learner"]["id"]}
    by_id = run_json("learner", "show", "--learner", work["learner"]["id"])
    assert [m["node"] for m in by_id["marks"]] == ["git"]
    assert [m["node"] for m in run_json("learner", "show")["marks"]] == ["python"]
    status, _, err = run("learner", "show", "--learner", "nobody")
    assert status == ExitStatus.ERROR and "no profile named 'nobody'" in err and "default, work" in err


def test_export_delete_import_round_trip(tmp_path):
    run("learner", "new", "--target", "machine-learning-engineer", "--known", "python,numpy")
    run("done", "git")
    run("plan")
    saved = tmp_path / "me.json"
    assert run("learner", "export", "--out", str(saved))[0] == 0
    document = json.loads(saved.read_text())
    assert document["format"] == "mlpath-learner" and document["plan_order"]
    status, out, _ = run("learner", "delete")
    assert status == 0 and "deleted profile 'default'" in out
    assert run("learner", "show")[0] == ExitStatus.ERROR
    imported = run_json("learner", "import", str(saved))
    assert imported["learner"]["id"] == document["learner"]["id"]
    assert {m["node"] for m in imported["learner"]["marks"]} == {"git", "numpy", "python"}
    status, _, err = run("learner", "import", str(saved))
    assert status == ExitStatus.ERROR and "taken" in err


def test_next_reads_the_profile_unless_known_is_given():
    fresh = run_json("next")  # no profile, nothing known: everything learnable from scratch
    assert fresh["known"] == []
    run("learner", "new", "--target", "machine-learning-engineer", "--known", "python, numpy")
    mine = run_json("next")
    assert mine["known"] == ["numpy", "python"] and any(r["on_plan"] for r in mine["ready"])
    given = run_json("next", "--known", "git")
    assert given["known"] == ["git"] and not any(r["on_plan"] for r in given["ready"])
    aimed = run_json("next", "--target", "aws-ml-specialty")
    assert aimed["known"] == ["numpy", "python"]


def test_next_on_a_fresh_machine_creates_nothing(data_dir):
    assert run("next")[0] == 0
    assert not data_dir.exists()


def test_a_token_for_the_api_from_the_command_line(data_dir):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    run("know", "python")
    run("learner", "new", "--target", "machine-learning-engineer")
    learner_id = run_json("learner", "show")["id"]
    token = run_json("learner", "token")["token"]
    with TestClient(create_app(Settings(neo4j_uri=None, data_dir=data_dir))) as client:
        response = client.get(f"/v1/learners/{learner_id}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and [m["node"] for m in response.json()["marks"]] == ["python"]
        stale = run_json("learner", "token")["token"]
        assert client.get(f"/v1/learners/{learner_id}", headers={"Authorization": f"Bearer {token}"}).status_code == 401
        assert client.get(f"/v1/learners/{learner_id}", headers={"Authorization": f"Bearer {stale}"}).status_code == 200
