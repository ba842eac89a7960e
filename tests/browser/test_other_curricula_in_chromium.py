"""A curriculum from another field, drawn by real headless Chromium.

The front-end developer corpus (``tests/corpora/curricula/``: about 290
nodes, seven stages of its own) must draw like the bundled roadmap: the
explorer as an offline file, and a learner's path both as an offline file
and as the page the API serves, with no console error and every step number
on screen.
"""

from __future__ import annotations

import io
import os
import sys
from urllib.parse import urlencode

import pytest

from api.cli import main
from graph.curriculum import load_graph
from graph.models import Kind
from tests.browser.conftest import ROOT
from tests.browser.test_pages_in_chromium import LEGEND_ITEMS, MARKERS, assert_fits_the_window, assert_plan_drawn, legend_texts, wait_plotted
from tests.servers import free_port, running_server

pytestmark = pytest.mark.browser

FRONTEND = ROOT / "tests" / "corpora" / "curricula" / "frontend-developer"
LEARNER = {"targets": ["junior-frontend-developer"], "known": ["html", "git"]}
#: Every step number's text box on screen, for the step-marker traces of the path view.
STEP_NUMBER_BOXES = """() => [...document.querySelectorAll('#mlpath-path .scatterlayer .trace')].flatMap(g => {
    const trace = g.__data__[0].trace;
    if (trace.meta !== 'nodes' || !(trace.name.startsWith('step') || trace.name === 'target')) return [];
    return [...g.querySelectorAll('.textpoint text')].map(t => {
        const r = t.getBoundingClientRect();
        const style = getComputedStyle(t);
        return {text: t.textContent, left: r.left, right: r.right, top: r.top, width: r.width, height: r.height,
                shown: style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0};
    });
})"""


@pytest.fixture(scope="module")
def frontend():
    return load_graph(FRONTEND)


@pytest.fixture(scope="module")
def frontend_server(tmp_path_factory):
    """A real ``uvicorn`` serving the front-end corpus instead of the bundled roadmap."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["MLPATH_GRAPH"] = str(FRONTEND)
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning"]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("uvicorn-frontend") / "uvicorn.log"
    with running_server(command, ready_url=f"{base}/health", env=env, log=log, cwd=ROOT):
        yield base


def assert_every_step_number_visible(page) -> None:
    """Each number 1..N is drawn once, with a real box inside the window, not hidden."""
    steps = page.count("#steps tbody tr, #steps tr:not(:first-child)")
    width = page.page.evaluate("document.documentElement.clientWidth")
    boxes = [b for b in page.page.evaluate(STEP_NUMBER_BOXES) if b["text"].isdigit()]
    assert sorted(int(b["text"]) for b in boxes) == list(range(1, steps + 1))
    hidden = [b["text"] for b in boxes if not (b["shown"] and b["width"] > 0 and b["height"] > 0 and 0 <= b["left"] and b["right"] <= width)]
    assert hidden == [], f"step numbers not visible: {hidden}"


def assert_stages_named(page, graph) -> None:
    """The steps table's Stage column shows the curriculum's stage names, as the legends do."""
    cells = page.page.eval_on_selector_all("#steps tr td:nth-child(4)", "tds => tds.map(td => td.textContent)")
    assert cells and set(cells) <= {s.name for s in graph.stages.values()}


def test_the_explorer_of_another_curriculum(page, frontend, tmp_path):
    target = tmp_path / "frontend.html"
    assert main(["viz", "--graph", str(FRONTEND), "--out", str(target)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    page.page.goto(target.as_uri())
    wait_plotted(page, "1")
    assert page.count(MARKERS.format(div="mlpath-explorer")) == len(frontend)
    # the legend names this curriculum's stages in its order (issue 14); the key below shows each kind's shape
    present = {n.stage for n in frontend.nodes.values()}
    stages = [s.name for s in frontend.stages.values() if s.id in present]
    assert legend_texts(page, "mlpath-explorer") == stages
    assert page.count(LEGEND_ITEMS.format(div="mlpath-explorer", legend="legend3")) == len({n.kind for n in frontend.nodes.values()})
    assert_fits_the_window(page, frontend, "mlpath-explorer")
    page.screenshot("frontend-explorer", "mlpath-explorer")
    assert page.errors == []


def test_a_path_through_another_curriculum_offline(page, frontend, tmp_path):
    target = tmp_path / "frontend-plan.html"
    argv = ["viz", "--graph", str(FRONTEND), "--target", ",".join(LEARNER["targets"]), "--known", ",".join(LEARNER["known"]),
            "--out", str(target)]
    assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    page.page.goto(target.as_uri())
    wait_plotted(page, "2")
    assert_plan_drawn(page, frontend)
    assert_every_step_number_visible(page)
    page.screenshot("frontend-plan", "mlpath-path", "mlpath-schedule")
    assert page.errors == []


def test_a_path_through_another_curriculum_served(page, frontend, frontend_server):
    roles = sorted(n.id for n in frontend.nodes.values() if n.kind is Kind.ROLE)
    assert LEARNER["targets"][0] in roles
    query = urlencode({"known": ",".join(LEARNER["known"]), "targets": ",".join(LEARNER["targets"])})
    page.page.goto(f"{frontend_server}/v1/paths/view?{query}")
    wait_plotted(page, "2")
    assert_plan_drawn(page, frontend)
    assert_every_step_number_visible(page)
    legend = legend_texts(page, "mlpath-schedule")
    order = [s.name for s in sorted(frontend.stages.values(), key=lambda s: s.order)]
    assert legend and [name for name in order if name in legend] == [name for name in legend if name in order]
    assert_stages_named(page, frontend)
    page.screenshot("frontend-served-plan", "mlpath-path", "mlpath-schedule")
    assert page.errors == []


def test_the_served_picker_plans_on_another_curriculum(page, frontend, frontend_server):
    page.page.goto(f"{frontend_server}/")
    wait_plotted(page, "explorer")
    assert page.count(MARKERS.format(div="mlpath-path")) == len(frontend)
    chips = page.page.eval_on_selector_all("#target-chips .chip", "cs => cs.map(c => c.dataset.value)")
    assert LEARNER["targets"][0] in chips  # an entry role of this curriculum, offered first
    for item in LEARNER["known"]:
        page.page.fill("#known-input", item)
        page.page.press("#known-input", "Enter")
    page.page.click("#submit")
    wait_plotted(page, "plan")
    assert_plan_drawn(page, frontend)
    assert_every_step_number_visible(page)
    assert_stages_named(page, frontend)
    page.screenshot("frontend-served-picker", "mlpath-path")
    assert page.errors == []
