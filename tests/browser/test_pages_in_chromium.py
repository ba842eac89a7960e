"""The standalone file and the served pages, rendered by real headless Chromium.

Each test checks the page drew without a console error, that the plot holds
one marker per curriculum node (counted in the SVG), that the plan's steps
are all drawn, and saves a full-page screenshot for a human to look at.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest

from api.cli import main
from tests.browser.conftest import Page
from graph.models import Kind

pytestmark = pytest.mark.browser

MARKERS = "#{div} .scatterlayer .trace .points path"
#: The entries of one of a figure's legends, which the page draws beside plotly.js's plot (viz/assets.py).
LEGEND_ITEMS = "#{div} .mlpath-legend[data-legend={legend}] .mlpath-legend-item"


def legend_texts(page, div: str, legend: str = "legend") -> list[str]:
    return page.page.eval_on_selector_all(f"{LEGEND_ITEMS.format(div=div, legend=legend)} .mlpath-legend-text",
                                          "ts => ts.map(t => t.textContent)")
NUMBERED = """div => document.getElementById(div).data
    .filter(t => t.meta === 'nodes' && (t.name.startsWith('step') || t.name === 'target'))
    .reduce((n, t) => n + t.x.length, 0)"""
NODE_POINTS = """div => document.getElementById(div).data
    .filter(t => t.meta === 'nodes').reduce((n, t) => n + t.x.length, 0)"""
# Every drawn node marker with its node id and its box on screen (CSS pixels).
MARKER_BOXES = """div => [...document.querySelectorAll(`#${div} .scatterlayer .trace`)].flatMap(g => {
    const trace = g.__data__[0].trace;
    if (trace.meta !== 'nodes') return [];
    return [...g.querySelectorAll('.points path')].map(p => {
        const r = p.getBoundingClientRect();
        return {id: trace.customdata[p.__data__.i], left: r.left, right: r.right, width: r.width, height: r.height,
                opacity: Number(getComputedStyle(p).opacity) * Number(trace.opacity ?? 1)};
    });
})"""


@pytest.fixture(scope="module")
def request_items(graph):
    """A realistic question: knowing Python (or the first entry point), reach the role."""
    roles = sorted(n.id for n in graph.nodes.values() if n.kind is Kind.ROLE)
    known = "python" if "python" in graph.nodes else graph.topological_order[0]
    return [known], roles[:1]


def wait_plotted(page, value: str) -> None:
    """Wait for ``body[data-plotted] == value``: a count of figures drawn, or the picker's and roadmap's state.

    A figure whose plot area is below the fold is drawn when the reader gets there, so for a count the
    page is first scrolled to each figure in turn, as a reader would, then back to the top.
    """
    if value.isdigit():
        read_every_figure(page)
    page.page.wait_for_function(f"document.body.dataset.plotted === {value!r}", timeout=30_000)
    page.page.evaluate("window.scrollTo(0, 0)")


def read_every_figure(page) -> None:
    """Scroll to each figure of the page, top to bottom, once the first view is interactive."""
    page.page.wait_for_function("window.mlpathPlottedAt !== undefined", timeout=30_000)
    for div in page.page.eval_on_selector_all("script[data-figure]", "blocks => blocks.map(b => b.dataset.figure)"):
        page.page.evaluate("div => document.getElementById(div).scrollIntoView()", div)
        page.page.wait_for_function("div => document.getElementById(div).querySelector('.main-svg')", arg=div, timeout=30_000)


def assert_fits_the_window(page, graph, div: str) -> None:
    """The whole graph is on screen at load: no marker past either side, no sideways scroll."""
    width = page.page.evaluate("document.documentElement.clientWidth")
    boxes = page.page.evaluate(MARKER_BOXES, div)
    assert sorted(b["id"] for b in boxes) == sorted(graph.nodes)
    outside = [b["id"] for b in boxes if b["left"] < 0 or b["right"] > width]
    assert outside == [], f"{len(outside)} node markers cut off at {width} px: {outside[:5]}"
    assert page.page.evaluate("document.documentElement.scrollWidth") <= width
    roles = [b for b in boxes if graph.nodes[b["id"]].kind is Kind.ROLE]
    assert roles and all(b["width"] > 0 and b["height"] > 0 and b["opacity"] > 0 for b in roles)


def assert_plan_drawn(page, graph) -> None:
    steps = page.count("#steps tbody tr, #steps tr:not(:first-child)")
    assert steps > 0
    assert page.count(MARKERS.format(div="mlpath-path")) == len(graph)
    assert page.page.evaluate(NODE_POINTS, "mlpath-path") == len(graph)
    assert page.page.evaluate(NUMBERED, "mlpath-path") == steps
    # every step number is really on screen, once: 1, 2, ..., steps
    numbers = page.page.evaluate("""() => [...document.querySelectorAll('#mlpath-path .scatterlayer .textpoint text')]
        .map(t => t.textContent).filter(t => /^[0-9]+$/.test(t)).map(Number).sort((a, b) => a - b)""")
    assert numbers == list(range(1, steps + 1))
    bars = page.count("#mlpath-schedule .barlayer .point")
    instants = page.count(MARKERS.format(div="mlpath-schedule"))
    assert bars + instants == steps
    # every step's row label is whole on screen, inside the schedule's fixed left margin
    left = page.page.evaluate("document.getElementById('mlpath-schedule').getBoundingClientRect().left")
    labels = page.page.evaluate("[...document.querySelectorAll('#mlpath-schedule .ytick text')].map(t => t.getBoundingClientRect().left)")
    assert len(labels) == steps and min(labels) >= left
    assert_fits_the_window(page, graph, "mlpath-path")


def test_standalone_explorer_offline(page, graph, tmp_path):
    target = tmp_path / "curriculum.html"
    assert main(["viz", "--graph", graph.source, "--out", str(target)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    page.page.goto(target.as_uri())
    wait_plotted(page, "1")
    assert page.count(MARKERS.format(div="mlpath-explorer")) == len(graph)
    # the legend names the curriculum's stages in its order; a key shows each kind's shape
    present = {n.stage for n in graph.nodes.values()}
    stages = [s.name for s in graph.stages.values() if s.id in present]
    assert legend_texts(page, "mlpath-explorer") == stages
    kinds = {n.kind for n in graph.nodes.values()}
    assert page.count(LEGEND_ITEMS.format(div="mlpath-explorer", legend="legend3")) == len(kinds)
    links = [graph.digraph.edges[e] for e in graph.digraph.edges]
    styles = {"prerequisite", "OR"} | ({"part"} if any(e["part"] for e in links) else set())
    styles |= {"teaches"} if any(n.covers for n in graph.nodes.values()) else set()
    styles |= {"group"} if any(n.parts for n in graph.nodes.values()) else set()
    assert page.count(LEGEND_ITEMS.format(div="mlpath-explorer", legend="legend2")) == len(styles)  # one entry per kind of link drawn
    assert page.count("#mlpath-explorer g.legend .traces, #mlpath-explorer g.legend2 .traces") == 0  # the legends are the page's
    # a click on a stage hides its nodes (its legendgroup), a second click shows them again; the key is not a button
    first = next(s for s in graph.stages.values() if s.id in present)
    in_stage = sum(1 for n in graph.nodes.values() if n.stage == first.id)
    click_legend(page, "mlpath-explorer", first.name)
    assert page.count(MARKERS.format(div="mlpath-explorer")) == len(graph) - in_stage
    assert legend_pressed(page, "mlpath-explorer", first.name) == "false"
    click_legend(page, "mlpath-explorer", first.name)
    assert page.count(MARKERS.format(div="mlpath-explorer")) == len(graph)
    assert legend_pressed(page, "mlpath-explorer", first.name) == "true"
    assert page.count("#mlpath-explorer .mlpath-legend[data-legend=legend3] button") == 0
    assert_fits_the_window(page, graph, "mlpath-explorer")
    page.screenshot("standalone-explorer", "mlpath-explorer")
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 1920])
def test_explorer_fits_common_window_widths_and_follows_a_resize(browser, graph, tmp_path, width):
    target = tmp_path / "curriculum.html"
    assert main(["viz", "--graph", graph.source, "--out", str(target)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    context = browser.new_context(viewport={"width": width, "height": 1000}, device_scale_factor=1)
    try:
        page = Page(context.new_page())
        page.page.goto(target.as_uri())
        wait_plotted(page, "1")
        assert_fits_the_window(page, graph, "mlpath-explorer")
        page.screenshot(f"standalone-explorer-{width}")
        # responsive: a narrower window redraws the figure to the new width
        narrower = width - 300
        page.page.set_viewport_size({"width": narrower, "height": 1000})
        page.page.wait_for_function(
            "w => document.querySelector('#mlpath-explorer .main-svg').getBoundingClientRect().right <= w", arg=narrower, timeout=30_000)
        assert_fits_the_window(page, graph, "mlpath-explorer")
        assert page.errors == []
    finally:
        context.close()


def open_standalone_plan(page, graph, request_items, tmp_path) -> None:
    """``mlpath viz`` writes the request's plan as a standalone file; the page opens it from disk and waits
    until plotly.js has drawn both figures."""
    known, targets = request_items
    target = tmp_path / "plan.html"
    argv = ["viz", "--graph", graph.source, "--known", ",".join(known), "--target", ",".join(targets), "--out", str(target)]
    assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    page.page.goto(target.as_uri())
    wait_plotted(page, "2")


def test_standalone_plan_offline(page, graph, request_items, tmp_path):
    open_standalone_plan(page, graph, request_items, tmp_path)
    assert_plan_drawn(page, graph)
    page.screenshot("standalone-plan", "mlpath-path", "mlpath-schedule")
    assert page.errors == []


def click_legend(page, div: str, name: str) -> None:
    """Click the legend entry ``name`` of a figure and wait until plotly.js has redrawn."""
    page.page.evaluate("""([div, name]) => new Promise(done => {
        const gd = document.getElementById(div);
        const item = [...gd.querySelectorAll('.mlpath-legend button.mlpath-legend-item')]
          .find(b => b.querySelector('.mlpath-legend-text').textContent === name);
        gd.once('plotly_restyle', () => requestAnimationFrame(() => done()));
        item.click();
    })""", [div, name])


def legend_pressed(page, div: str, name: str) -> str:
    return page.page.evaluate("""([div, name]) => [...document.querySelectorAll(`#${div} .mlpath-legend button`)]
        .find(b => b.querySelector('.mlpath-legend-text').textContent === name).getAttribute('aria-pressed')""", [div, name])


def test_the_legends_toggle_their_traces(page, graph, request_items, tmp_path):
    """Each entry of the page's legends hides and shows what plotly.js's own legend did: its trace or group."""
    open_standalone_plan(page, graph, request_items, tmp_path)
    traces = page.page.evaluate("div => document.getElementById(div).data.map(t => [t.name, t.meta, (t.x || []).length])", "mlpath-path")
    names = legend_texts(page, "mlpath-path")
    steps = [(name, count) for name, meta, count in traces if meta == "nodes" and name.startswith("step: ") and name in names]
    assert steps, names
    name, count = steps[0]
    click_legend(page, "mlpath-path", name)
    assert page.count(MARKERS.format(div="mlpath-path")) == len(graph) - count
    click_legend(page, "mlpath-path", name)
    assert page.count(MARKERS.format(div="mlpath-path")) == len(graph)
    # the kinds of line below the plot: hiding "your path" removes its lines
    edges = "#mlpath-path .scatterlayer .trace .js-line"
    lines = page.count(edges)
    click_legend(page, "mlpath-path", "your path")
    assert page.count(edges) < lines
    click_legend(page, "mlpath-path", "your path")
    assert page.count(edges) == lines
    # the schedule: a stage's bars go and come back
    bars = page.count("#mlpath-schedule .barlayer .point")
    stage = page.page.evaluate("""div => document.getElementById(div).data
        .filter(t => t.type === 'bar' && t.x.length).map(t => [t.name, t.x.length])[0]""", "mlpath-schedule")
    click_legend(page, "mlpath-schedule", stage[0])
    assert page.count("#mlpath-schedule .barlayer .point") == bars - stage[1]
    click_legend(page, "mlpath-schedule", stage[0])
    assert page.count("#mlpath-schedule .barlayer .point") == bars
    assert page.errors == []


def test_served_picker_draws_a_plan(page, server, graph, request_items):
    known, targets = request_items
    page.page.goto(f"{server}/")
    wait_plotted(page, "explorer")
    assert page.count(MARKERS.format(div="mlpath-path")) == len(graph)
    assert_fits_the_window(page, graph, "mlpath-path")
    page.screenshot("served-index-explorer")
    for item in known:
        page.page.fill("#known-input", item)
        page.page.press("#known-input", "Enter")
    chips = page.page.eval_on_selector_all("#target-chips .chip", "cs => cs.map(c => c.dataset.value)")
    if chips != targets:
        for item in targets:
            page.page.fill("#target-input", item)
            page.page.press("#target-input", "Enter")
    assert page.page.eval_on_selector_all("#known-chips .chip", "cs => cs.map(c => c.dataset.value)") == known
    page.page.click("#submit")
    wait_plotted(page, "plan")
    assert_plan_drawn(page, graph)
    page.screenshot("served-index-plan", "mlpath-path", "mlpath-schedule")
    assert page.errors == []


def test_served_plan_view(page, server, graph, request_items):
    known, targets = request_items
    page.page.goto(f"{server}/v1/paths/view?{urlencode({'known': ','.join(known), 'targets': ','.join(targets)})}")
    wait_plotted(page, "2")
    assert_plan_drawn(page, graph)
    page.screenshot("served-plan-view", "mlpath-path", "mlpath-schedule")
    assert page.errors == []
