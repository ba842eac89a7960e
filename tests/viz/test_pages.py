"""The HTML pages: offline standalone file, served pages, escaping, stability."""

from __future__ import annotations

import html
import json
import re

import pytest

from graph.curriculum import build_graph
from graph.models import Node
from viz.assets import plotly_bundle
from viz.pages import PLOTLY_SRC, index_page, plan_page, standalone_page

FIGURE_BLOCK = re.compile(r'<script type="application/json" data-figure="([^"]+)">(.*?)</script>', re.S)


def figures(page: str) -> dict[str, dict]:
    return {div: json.loads(text) for div, text in FIGURE_BLOCK.findall(page)}


def test_standalone_plan_page_is_offline_and_holds_path_and_schedule(toy_graph, toy_plan):
    page = standalone_page(toy_graph, toy_plan)
    assert plotly_bundle().text in page
    assert "<script src=" not in page and "cdn" not in page.lower().replace(plotly_bundle().text.lower(), "")
    drawn = figures(page)
    assert sorted(drawn) == ["mlpath-path", "mlpath-schedule"]
    for div in drawn:
        assert f'<div id="{div}">' in page
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == len(toy_plan.steps)  # one table row per step


def test_standalone_without_plan_is_the_explorer(toy_graph):
    drawn = figures(standalone_page(toy_graph))
    assert list(drawn) == ["mlpath-explorer"]
    node_ids = [i for t in drawn["mlpath-explorer"]["data"] if t.get("meta") == "nodes" for i in t["customdata"]]
    assert sorted(node_ids) == sorted(toy_graph.nodes)


def test_pages_are_byte_for_byte_stable(toy_graph, toy_plan):
    assert standalone_page(toy_graph, toy_plan) == standalone_page(toy_graph, toy_plan)
    assert plan_page(toy_graph, toy_plan) == plan_page(toy_graph, toy_plan)
    assert index_page(toy_graph) == index_page(toy_graph)


def test_served_pages_load_plotly_from_the_api(toy_graph, toy_plan):
    for page in (plan_page(toy_graph, toy_plan), index_page(toy_graph)):
        # loaded by the drawing script once the first view is painted, fetched meanwhile
        assert f'const MLPATH_PLOTLY_SRC = "{PLOTLY_SRC}";' in page and "<script src=" not in page
        assert f'<link rel="preload" href="{PLOTLY_SRC}" as="script">' in page
        assert PLOTLY_SRC.startswith("/") and "http" not in PLOTLY_SRC
        assert plotly_bundle().text[:2000] not in page


def test_index_offers_every_node_and_preselects_the_role(toy_graph):
    page = index_page(toy_graph)
    options = re.findall(r'<option value="([^"]+)">', page)
    assert sorted(options) == sorted(toy_graph.nodes)
    state = json.loads(re.search(r"const MLPATH_STATE = (\{.*?\});", page).group(1))
    assert state["targets"] == ["mle"]
    assert "/v1/figures/path" in page and "/v1/figures/graph" in page


def test_text_from_the_curriculum_cannot_break_out_of_the_page(toy_curriculum, plan_maker):
    evil = "</script><script>alert(1)</script>"
    nodes = tuple(n.model_copy(update={"name": evil, "description": evil}) if n.id == "numpy" else n for n in toy_curriculum.nodes)
    graph = build_graph(toy_curriculum.model_copy(update={"nodes": nodes}))
    plan = plan_maker(graph, ("numpy", "pandas"), targets=("pandas",))
    for page in (standalone_page(graph, plan), plan_page(graph, plan), index_page(graph)):
        body = page.replace(plotly_bundle().text, "")
        assert "<script>alert(1)" not in body
    drawn = figures(plan_page(graph, plan))  # the JSON blocks still parse
    hovers = [h for t in drawn["mlpath-path"]["data"] for h in (t.get("hovertext") or [])]
    assert any("&lt;/script&gt;&lt;script&gt;alert(1)" in h for h in hovers)
    labels = [text for t in drawn["mlpath-path"]["data"] if t.get("meta") == "labels" for text in t["text"]]
    assert not any("<script" in text for text in labels)


@pytest.mark.parametrize("bad", ["<", "&"])
def test_escaped_names_survive_in_the_steps_table(toy_curriculum, plan_maker, bad):
    nodes = tuple(n.model_copy(update={"name": f"Num{bad}Py"}) if n.id == "numpy" else n for n in toy_curriculum.nodes)
    graph = build_graph(toy_curriculum.model_copy(update={"nodes": nodes}))
    table = plan_page(graph, plan_maker(graph, ("numpy",), targets=("numpy",))).split("<tbody>")[1].split("</tbody>")[0]
    assert html.escape(f"Num{bad}Py") in table and f"Num{bad}Py" not in table


def test_index_preselects_only_the_entry_role(toy_curriculum):
    senior = Node(id="senior-mle", name="Senior MLE", kind="role", stage="career", effort_hours=0, source="test", requires=(("mle",),))
    graph = build_graph(toy_curriculum.model_copy(update={"nodes": (*toy_curriculum.nodes, senior)}))
    state = json.loads(re.search(r"const MLPATH_STATE = (\{.*?\});", index_page(graph)).group(1))
    assert state["targets"] == ["mle"]


def test_figures_follow_the_window_width(toy_graph, toy_plan):
    for page in (standalone_page(toy_graph), standalone_page(toy_graph, toy_plan), plan_page(toy_graph, toy_plan), index_page(toy_graph)):
        config = json.loads(re.search(r"const MLPATH_CONFIG = (\{.*?\});", page).group(1))
        assert config["responsive"] is True and config["scrollZoom"] is True
        assert "section>div[id^=mlpath-]{width:100%}" in page
    for figure in figures(standalone_page(toy_graph, toy_plan)).values():
        assert "width" not in figure["layout"]


def test_the_steps_table_names_stages_as_the_curriculum_names_them(toy_curriculum, plan_maker, toy_steps):
    """Stages are data with display names: the table says what the legends say, escaped."""
    stages = tuple(s.model_copy(update={"name": f"Stage «{s.id}» & <co>"}) for s in toy_curriculum.stages)
    graph = build_graph(toy_curriculum.model_copy(update={"stages": stages}))
    plan = plan_maker(graph, toy_steps, known=("python", "statistics"))
    for page in (plan_page(graph, plan), standalone_page(graph, plan)):
        rows = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
        cells = [re.findall(r"<td[^>]*>(.*?)</td>", row)[3] for row in rows]
        assert cells == [html.escape(graph.stages[s.stage].name, quote=False) for s in sorted(plan.steps, key=lambda s: s.position)]
    state = json.loads(re.search(r"const MLPATH_STATE = (\{.*?\});", index_page(graph)).group(1))
    assert state["stages"] == {s.id: s.name for s in stages}  # the served picker's table uses these
