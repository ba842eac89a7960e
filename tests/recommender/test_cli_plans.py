"""``mlpath recommend | match | next`` in-process, and the CLI's import diet in a subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import ExitStatus, main
from graph.curriculum import build_graph, to_interchange_json
from graph.models import LEGACY_STAGES, Curriculum, Node
from toys import toy

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> str:
    graph = toy({
        "python": (80, [], "tool"),
        "statistics": (30, []),
        "pytorch": (60, [["python"]], "tool", "frameworks"),
        "tensorflow": (70, [["python"]], "tool", "frameworks"),
        "deep-learning": (50, [["python"], ["statistics"], ["pytorch", "tensorflow"]], "topic", "ml-concepts"),
        "ml-engineer": (0, [["deep-learning"]], "role", "career"),
    }, names={"pytorch": "PyTorch", "tensorflow": "TensorFlow", "ml-engineer": "Machine Learning Engineer"})
    path = tmp_path_factory.mktemp("graph") / "toy.json"
    path.write_text(to_interchange_json(graph))
    return str(path)


def test_recommend_prints_a_readable_plan(graph_file):
    status, out, _ = run("recommend", "--graph", graph_file, "--known", "python, some statistics",
                         "--target", "machine learning engineer", "--hours-per-week", "10")
    assert status == ExitStatus.OK
    lines = out.splitlines()
    assert lines[0] == "Plan to Machine Learning Engineer: 110 h in 11 week(s) at 10 h/week"
    assert "Known: Python, Statistics" in lines
    assert any(line.strip().startswith("1. PyTorch") and "weeks 1-6" in line for line in lines)
    assert "Deep Learning: PyTorch rather than TensorFlow (+10 h)" in out
    assert "'some statistics' -> Statistics [statistics]" in out


def test_the_text_plan_lists_what_a_known_whole_and_a_finished_course_imply(tmp_path):
    nodes = [
        Node(id="vectors", name="Vectors", kind="topic", stage="foundations", effort_hours=5, source="test"),
        Node(id="linear-algebra", name="Linear algebra", kind="topic", stage="foundations", effort_hours=3, source="test",
             parts=("vectors",)),
        Node(id="pca", name="PCA", kind="topic", stage="ml-concepts", effort_hours=4, source="test"),
        Node(id="ml-course", name="ML course", kind="course", stage="ml-concepts", effort_hours=20, source="test",
             covers=("pca",)),
        Node(id="role", name="Role", kind="role", stage="career", effort_hours=0, source="test",
             requires=(("vectors",), ("pca",))),
    ]
    path = tmp_path / "v2.json"
    path.write_text(to_interchange_json(build_graph(Curriculum(stages=LEGACY_STAGES, nodes=tuple(nodes)))))
    status, out, _ = run("recommend", "--graph", str(path), "--known", "linear-algebra, ml-course", "--target", "role")
    assert status == ExitStatus.OK
    lines = out.splitlines()
    assert "Known: Linear algebra, ML course" in lines
    assert "Also known (parts of a whole you know, or taught by a course you finished): PCA, Vectors" in lines
    status, out, _ = run("recommend", "--graph", str(path), "--known", "linear-algebra, ml-course", "--target", "role", "--json")
    assert json.loads(out)["known"] == ["linear-algebra", "ml-course"] and json.loads(out)["known_implied"] == ["pca", "vectors"]


def test_recommend_json_is_the_plan_model_and_repeatable_options_add_up(graph_file):
    argv = ["recommend", "--graph", graph_file, "--known", "python", "--known", "statistics",
            "--target", "deep-learning", "--prefer", "tensorflow", "--beginner", "python", "--json"]
    status, out, _ = run(*argv)
    plan = json.loads(out)
    assert status == 0
    assert [s["id"] for s in plan["steps"]] == ["python", "tensorflow", "deep-learning"]
    assert plan["steps"][0]["refresher"] is True and plan["steps"][0]["hours"] == 20
    assert run(*argv)[1] == out


def test_recommend_infeasible_exits_3(graph_file):
    status, _, err = run("recommend", "--graph", graph_file, "--target", "pytorch", "--avoid", "pytorch")
    assert status == ExitStatus.INFEASIBLE and err.startswith("InfeasiblePlanError:")


def test_recommend_unknown_target_and_bad_hours_are_one_line_errors(graph_file):
    status, _, err = run("recommend", "--graph", graph_file, "--target", "astronaut")
    assert status == ExitStatus.ERROR and "UnknownNodeError" in err and "'astronaut'" in err
    status, _, err = run("recommend", "--graph", graph_file, "--target", "pytorch", "--hours-per-week", "0")
    assert status == ExitStatus.ERROR and err.startswith("InvalidRequestError: invalid request: hours_per_week")
    assert "unexpected" not in err


def test_recommend_without_target_is_a_usage_error(graph_file):
    assert run("recommend", "--graph", graph_file)[0] == ExitStatus.USAGE


def test_match_prints_each_node_and_fails_on_nothing(graph_file):
    status, out, _ = run("match", "--graph", graph_file, "I use pytorch and know my statistics")
    assert status == 0 and "PyTorch [pytorch]" in out and "Statistics [statistics]" in out
    status, out, _ = run("match", "--graph", graph_file, "qwzx", "--json")
    assert status == 1 and json.loads(out)[0]["id"] is None


def test_next_lists_the_fringe_and_marks_the_plan(graph_file):
    status, out, err = run("next", "--graph", graph_file, "--known", "python, statistics", "--target", "deep learning")
    assert status == 0
    assert [line.split() for line in out.splitlines()] == [
        ["*", "pytorch", "tool", "60", "h", "PyTorch"],
        ["tensorflow", "tool", "70", "h", "TensorFlow"],
    ]
    assert "2 node(s) ready to learn; * = on the plan to your targets" in err
    status, out, _ = run("next", "--graph", graph_file, "--json")
    assert [r["id"] for r in json.loads(out)["ready"]] == ["python", "statistics"]


def test_the_cli_does_not_import_heavy_libraries():
    code = (
        "import sys, api.cli\n"
        "api.cli.build_parser()\n"
        "heavy = [m for m in ('scipy', 'sklearn', 'plotly', 'neo4j', 'uvicorn', 'numpy', 'recommender.selection') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_exactly_named_skills_plan_without_importing_scikit_learn(graph_file):
    code = (
        "import io, sys\n"
        "from api.cli import main\n"
        f"status = main(['recommend', '--graph', {graph_file!r}, '--known', 'python, some statistics', '--target', 'deep-learning'], stdout=io.StringIO())\n"
        "print(status, 'sklearn' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]


def test_a_plan_cut_short_says_how_close_it_is(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_planner import hard_curriculum

    graph, targets = hard_curriculum(1000, 0.8)
    path = tmp_path / "hard.json"
    path.write_text(to_interchange_json(graph))
    status, out, _ = run("recommend", "--graph", str(path), "--target", ",".join(targets), "--time-limit", "0.001")
    assert status == ExitStatus.OK
    effort = out.splitlines()[1]
    assert effort.startswith("Effort: within ") and effort.endswith("of the least effort; the proof stopped at 0.001 s")
    choices = out.split("\nChoices:\n", 1)[1]
    assert "rather than the other alternatives (not priced in time)" in choices


def test_a_proven_plan_says_nothing_more(graph_file):
    _, out, _ = run("recommend", "--graph", graph_file, "--known", "python, statistics", "--target", "deep-learning")
    assert not any(line.startswith("Effort:") for line in out.splitlines())
