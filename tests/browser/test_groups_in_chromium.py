"""Wholes, parts and courses as a learner sees them, in real headless Chromium (issue 14, point 8).

A curriculum with nested wholes and courses that teach is written out and
drawn by ``mlpath viz``; the tests hover and click a course the way a
person would (the mouse over its marker) and check that its "teaches"
links appear, stay when pinned and go away again.
"""

from __future__ import annotations

import io

import pytest

from api.cli import main
from graph.curriculum import to_interchange_json
from tests.browser.test_pages_in_chromium import MARKER_BOXES, MARKERS, legend_texts, wait_plotted
from tests.viz.conftest import make_plan
from tests.viz.grouped import data_science_curriculum, graph_of
from tests.viz.test_groups import SCIENCE_STEPS
from viz.pages import standalone_page

pytestmark = pytest.mark.browser

SHAPES = "div => (document.getElementById(div).layout.shapes || []).map(s => s.type)"


@pytest.fixture(scope="module")
def science():
    return graph_of(data_science_curriculum())


@pytest.fixture
def explorer(page, science, tmp_path):
    source = tmp_path / "science.json"
    source.write_text(to_interchange_json(science), encoding="utf-8")
    target = tmp_path / "science.html"
    assert main(["viz", "--graph", str(source), "--out", str(target)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    page.page.goto(target.as_uri())
    wait_plotted(page, "1")
    return page


def marker_centre(page, div: str, node_id: str) -> tuple[float, float]:
    (box,) = [b for b in page.page.evaluate(MARKER_BOXES.replace("left: r.left", "left: r.left, top: r.top"), div)
              if b["id"] == node_id]
    return box["left"] + box["width"] / 2, box["top"] + box["height"] / 2


def test_the_explorer_shades_wholes_and_keys_courses(explorer, science):
    assert explorer.count(MARKERS.format(div="mlpath-explorer")) == len(science)
    fills = explorer.page.evaluate("""() => [...document.querySelectorAll('#mlpath-explorer .scatterlayer .trace')]
        .filter(g => g.__data__[0].trace.meta === 'groups').map(g => g.querySelector('path.js-fill').getAttribute('d').length)""")
    assert len(fills) == 2 and all(length > 100 for length in fills)  # the rim and the band are really painted
    legend = legend_texts(explorer, "mlpath-explorer")
    assert legend == [s.name for s in science.stages.values()]
    key = legend_texts(explorer, "mlpath-explorer", "legend3")
    assert "course" in key
    explorer.screenshot("grouped-explorer", "mlpath-explorer")
    assert explorer.errors == []


def test_hovering_a_course_shows_what_it_teaches_and_a_click_pins_it(explorer, science):
    course = "ml-course"
    taught = science.nodes[course].covers
    x, y = marker_centre(explorer, "mlpath-explorer", course)
    explorer.page.mouse.move(x, y)
    explorer.page.wait_for_function(f"document.getElementById('mlpath-explorer').dataset.teaching === {course!r}", timeout=10_000)
    shapes = explorer.page.evaluate(SHAPES, "mlpath-explorer")
    assert sorted(shapes) == sorted(["line", "circle"] * len(taught))  # a link to, and a ring around, each
    assert explorer.count("#mlpath-explorer .shapelayer path, #mlpath-explorer .layer-below .shapelayer path") >= 2 * len(taught)
    explorer.screenshot("grouped-explorer-hover", "mlpath-explorer")

    explorer.page.mouse.move(5, 5)  # away from the plot: the links go
    explorer.page.wait_for_function("document.getElementById('mlpath-explorer').dataset.teaching === ''", timeout=10_000)
    assert explorer.page.evaluate(SHAPES, "mlpath-explorer") == []

    explorer.page.mouse.move(x, y)
    explorer.page.mouse.click(x, y)  # pinned: they stay when the pointer leaves
    explorer.page.mouse.move(5, 5)
    explorer.page.wait_for_timeout(300)
    assert len(explorer.page.evaluate(SHAPES, "mlpath-explorer")) == 2 * len(taught)
    explorer.page.mouse.click(x, y)  # a second click lets go
    explorer.page.mouse.move(5, 5)
    explorer.page.wait_for_function("document.getElementById('mlpath-explorer').dataset.teaching === ''", timeout=10_000)
    assert explorer.errors == []


def test_a_plan_taking_a_course_rings_what_it_teaches(page, science, tmp_path):
    plan = make_plan(science, SCIENCE_STEPS, known=("python", "linear-algebra"), targets=("data-scientist",))
    target = tmp_path / "plan.html"
    target.write_text(standalone_page(science, plan), encoding="utf-8")
    page.page.goto(target.as_uri())
    wait_plotted(page, "2")
    assert page.count(MARKERS.format(div="mlpath-path")) == len(science)
    numbers = page.page.evaluate("""() => [...document.querySelectorAll('#mlpath-path .scatterlayer .textpoint text')]
        .map(t => t.textContent).filter(t => /^[0-9]+$/.test(t)).map(Number).sort((a, b) => a - b)""")
    assert numbers == list(range(1, len(plan.steps) + 1))
    x, y = marker_centre(page, "mlpath-path", "deep-learning-course")
    page.page.mouse.move(x, y)
    page.page.wait_for_function("document.getElementById('mlpath-path').dataset.teaching === 'deep-learning-course'", timeout=10_000)
    page.screenshot("grouped-plan", "mlpath-path", "mlpath-schedule")
    assert page.errors == []
