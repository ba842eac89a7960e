"""``mlpath viz`` driven in-process."""

from __future__ import annotations

import io
import json
import re

import pytest

from api.cli import ExitStatus, main
from viz.assets import plotly_bundle


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def figure_blocks(page: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" data-figure="([^"]+)">(.*?)</script>', page, re.S)
    return {div: json.loads(text) for div, text in found}


def test_without_target_writes_the_offline_explorer(toy_graph_file, toy_graph, tmp_path):
    target = tmp_path / "graph.html"
    status, out, _ = run("viz", "--graph", toy_graph_file, "--out", str(target))
    assert status == ExitStatus.OK and f"{len(toy_graph)} nodes" in out
    page = target.read_text(encoding="utf-8")
    assert plotly_bundle().text in page
    assert list(figure_blocks(page)) == ["mlpath-explorer"]


def test_with_target_writes_path_and_schedule(toy_graph_file, tmp_path):
    pytest.importorskip("recommender.service", reason="recommender.service has not landed yet")
    target = tmp_path / "plan.html"
    status, out, err = run("viz", "--graph", toy_graph_file, "--known", "python, statistics", "--target", "mle",
                           "--hours-per-week", "6", "--out", str(target))
    assert status == ExitStatus.OK, err
    drawn = figure_blocks(target.read_text(encoding="utf-8"))
    assert sorted(drawn) == ["mlpath-path", "mlpath-schedule"]
    assert "6 h/week" in drawn["mlpath-schedule"]["layout"]["title"]["text"]


@pytest.mark.parametrize("hours", ["0", "-3", "200", "lots"])
def test_impossible_weekly_hours_are_a_usage_error(toy_graph_file, tmp_path, hours):
    status, _, _ = run("viz", "--graph", toy_graph_file, "--target", "mle", "--hours-per-week", hours, "--out", str(tmp_path / "x.html"))
    assert status == ExitStatus.USAGE
    assert not (tmp_path / "x.html").exists()


def test_out_is_required(toy_graph_file):
    assert run("viz", "--graph", toy_graph_file)[0] == ExitStatus.USAGE


def test_beginner_skills_come_back_as_refresher_steps(toy_graph_file, tmp_path):
    pytest.importorskip("recommender.service", reason="recommender.service has not landed yet")
    target = tmp_path / "plan.html"
    status, _, err = run("viz", "--graph", toy_graph_file, "--known", "python,statistics", "--beginner", "python",
                         "--target", "mle", "--out", str(target))
    assert status == ExitStatus.OK, err
    path = figure_blocks(target.read_text(encoding="utf-8"))["mlpath-path"]
    known = [i for t in path["data"] if t.get("name") == "already known" for i in t["customdata"]]
    stepped = [i for t in path["data"] if t.get("name", "").startswith("step") for i in t["customdata"]]
    assert known == ["statistics"] and "python" in stepped


def test_unknown_target_is_one_readable_error(toy_graph_file, tmp_path):
    pytest.importorskip("recommender.service", reason="recommender.service has not landed yet")
    status, _, err = run("viz", "--graph", toy_graph_file, "--target", "qwzx-no-such-thing", "--out", str(tmp_path / "x.html"))
    assert status == ExitStatus.ERROR and "qwzx-no-such-thing" in err
    assert not (tmp_path / "x.html").exists()
