"""Each figure's still is on screen before plotly.js has even arrived, and gives way to the drawn figure."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.browser.conftest import Page
from tests.browser.test_pages_in_chromium import wait_plotted
from viz.assets import PLOTLY_SRC, plotly_bundle
from viz.still import STILL_CLASS

pytestmark = pytest.mark.browser


def held_plotly(page):
    """Hold every request for plotly.js until the returned function releases them."""
    held = []
    page.page.route(f"**{PLOTLY_SRC}", lambda route, request: held.append(route))

    def release() -> None:
        for route in held:
            route.fulfill(status=200, body=plotly_bundle().text.encode(), headers={"Content-Type": "text/javascript"})
        held.clear()
    return release


def still_markers(page, div: str) -> dict:
    return page.page.evaluate("""div => {
        const still = document.querySelector(`#${div} > svg.%s`);
        if (!still) return null;
        const box = still.getBoundingClientRect();
        return {width: box.width, height: box.height, shapes: still.querySelectorAll('circle, path[transform]').length,
                texts: [...still.querySelectorAll('text')].map(t => t.textContent)};
    }""" % STILL_CLASS, div)


def test_the_plan_view_shows_its_stills_before_plotly_js_arrives(page, server, graph):
    from graph.models import Kind
    from recommender.models import PlanRequest
    from recommender.service import recommend

    role = sorted(n.id for n in graph.nodes.values() if n.kind is Kind.ROLE)[0]
    known = ["python"] if "python" in graph.nodes else []
    plan = recommend(graph, PlanRequest(known=tuple(known), targets=(role,)))
    release = held_plotly(page)
    # Not until "load": plotly.js, held here, is fetched once the first frame is painted, which may come before
    # the load event; the page is then still loading until release(), and goto would wait for that.
    page.page.goto(f"{server}/v1/paths/view?" + urlencode({"known": ",".join(known), "targets": role}), wait_until="commit")
    page.page.wait_for_function("window.mlpathShownAt !== undefined", timeout=30_000)
    assert page.page.evaluate("window.Plotly === undefined"), "plotly.js is held back"
    path, schedule = still_markers(page, "mlpath-path"), still_markers(page, "mlpath-schedule")
    viewport = page.page.viewport_size["width"]
    assert 0 < path["width"] <= viewport and path["height"] > 300
    assert path["shapes"] >= len(graph), "a marker per node, and the legend's swatches"
    assert {str(s.position) for s in plan.steps} <= set(path["texts"]), "every step's number is on the still"
    assert all(any(t.startswith(f"{s.position:>2}. ") for t in schedule["texts"]) for s in plan.steps)
    page.screenshot("plan-view-still", "mlpath-path")
    release()
    wait_plotted(page, "2")
    assert still_markers(page, "mlpath-path") is None and still_markers(page, "mlpath-schedule") is None
    assert page.count("#mlpath-path .main-svg") >= 1 and page.count(f"svg.{STILL_CLASS}") == 0
    assert page.errors == []


def test_the_picker_shows_the_explorer_s_still_then_the_explorer(page, server, graph):
    release = held_plotly(page)
    page.page.goto(f"{server}/", wait_until="commit")  # not "load": see the plan view's test
    page.page.wait_for_function("window.mlpathShownAt !== undefined", timeout=30_000)
    explorer = still_markers(page, "mlpath-path")
    assert explorer["shapes"] >= len(graph) and page.page.evaluate("window.Plotly === undefined")
    release()
    page.page.wait_for_function("document.body.dataset.plotted === 'explorer'", timeout=30_000)
    assert page.count(f"svg.{STILL_CLASS}") == 0 and page.errors == []


def test_a_figure_below_the_fold_keeps_its_still_until_the_reader_gets_there(browser, server, graph):
    """The plan view's schedule is drawn when its plot area is scrolled into view or the pointer is on its still."""
    from graph.models import Kind

    role = sorted(n.id for n in graph.nodes.values() if n.kind is Kind.ROLE)[0]
    known = "python" if "python" in graph.nodes else graph.topological_order[0]
    context = browser.new_context(viewport={"width": 1440, "height": 700}, device_scale_factor=1)
    try:
        page = Page(context.new_page())
        page.page.goto(f"{server}/v1/paths/view?" + urlencode({"known": known, "targets": role}))
        page.page.wait_for_function("window.mlpathPlottedAt !== undefined", timeout=30_000)
        assert page.count("#mlpath-path .main-svg") >= 1 and still_markers(page, "mlpath-path") is None
        assert page.page.evaluate("document.body.dataset.plotted") == "1"
        assert still_markers(page, "mlpath-schedule") is not None and page.count("#mlpath-schedule .main-svg") == 0
        page.page.dispatch_event("#mlpath-schedule", "pointerenter")
        page.page.wait_for_function("document.body.dataset.plotted === '2'", timeout=30_000)
        assert still_markers(page, "mlpath-schedule") is None and page.count("#mlpath-schedule .barlayer .point") > 0
        assert page.errors == []
    finally:
        context.close()
