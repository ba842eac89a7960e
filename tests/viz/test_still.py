"""The figures' stills: static SVG that stands in each figure's place until plotly.js has drawn it."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from graph.curriculum import build_graph
from viz.canvas import canvas_for
from viz.figures import explorer_figure, path_figure
from viz.pages import index_page, plan_page, standalone_page
from viz.schedule import schedule_figure
from viz.still import STILL_CLASS, still_svg

SVG = "{http://www.w3.org/2000/svg}"


def parsed(figure) -> ET.Element:
    return ET.fromstring(still_svg(json.loads(figure.to_json())))


def marker_centres(svg: ET.Element) -> list[tuple[float, float]]:
    centres = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")]
    for path in svg.iter(f"{SVG}path"):
        moved = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", path.get("transform", ""))
        if moved:
            centres.append((float(moved.group(1)), float(moved.group(2))))
    return centres


def test_the_explorer_s_still_has_a_marker_where_each_node_is(toy_graph):
    svg = parsed(explorer_figure(toy_graph))
    assert svg.get("class") == STILL_CLASS
    frame = canvas_for(toy_graph).frame
    centres = marker_centres(svg)
    for node_id, (x, y) in canvas_for(toy_graph).positions.items():
        px, py = frame.to_px(x, y)
        expected = (px + 16, py + 76)  # the layout's left and top margins
        assert any(abs(cx - expected[0]) <= 0.11 and abs(cy - expected[1]) <= 0.11 for cx, cy in centres), node_id


def test_the_path_view_s_still_numbers_every_step(toy_graph, toy_plan):
    texts = ["".join(t.itertext()) for t in parsed(path_figure(toy_graph, toy_plan)).iter(f"{SVG}text")]
    for step in toy_plan.steps:
        assert str(step.position) in texts, step.id


def test_the_schedule_s_still_has_a_bar_per_timed_step_and_a_row_label_per_step(toy_graph, toy_plan):
    svg = parsed(schedule_figure(toy_graph, toy_plan))
    bars = list(svg.iter(f"{SVG}rect"))
    timed = [s for s in toy_plan.steps if s.hours > 0]
    legend_swatches = len({s.stage for s in timed})
    assert len(bars) == len(timed) + legend_swatches
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    for step in toy_plan.steps:
        assert any(t.startswith(f"{step.position:>2}. ") and step.name[:20] in t for t in texts), step.id


def test_curriculum_text_is_escaped_in_the_still(toy_curriculum, plan_maker):
    evil = "</svg><script>alert(1)</script> & <b>bold</b>"
    nodes = tuple(n.model_copy(update={"name": evil}) if n.id == "numpy" else n for n in toy_curriculum.nodes)
    graph = build_graph(toy_curriculum.model_copy(update={"nodes": nodes}))
    plan = plan_maker(graph, ("numpy", "pandas"), targets=("pandas",))
    for figure in (explorer_figure(graph), path_figure(graph, plan), schedule_figure(graph, plan)):
        text = still_svg(json.loads(figure.to_json()))
        ET.fromstring(text)  # well-formed: nothing broke out
        assert "<script" not in text and "</svg><" not in text[:-6]


def test_stills_are_byte_for_byte_stable_and_on_every_page(toy_graph, toy_plan):
    figure = json.loads(path_figure(toy_graph, toy_plan).to_json())
    assert still_svg(figure) == still_svg(json.loads(json.dumps(figure)))
    for page, count in ((standalone_page(toy_graph, toy_plan), 2), (plan_page(toy_graph, toy_plan), 2),
                        (standalone_page(toy_graph), 1), (index_page(toy_graph), 1)):
        assert page.count(f'<svg class="{STILL_CLASS}"') == count


def test_the_standalone_page_holds_plotly_as_inert_text(toy_graph):
    from viz.assets import plotly_bundle

    page = standalone_page(toy_graph)
    assert f'<script type="text/plain" id="mlpath-plotly-js">{plotly_bundle().text}</script>' in page
    assert "URL.createObjectURL(new Blob(" in page
