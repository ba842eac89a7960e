"""The partial plotly.js bundle, served by the API, draws everything the pages send (issue 13, point 3).

``Plotly.validate`` reports every property the loaded plotly.js would
ignore: with the partial bundle it must report nothing, for every figure
of the bundled curriculum and of a curriculum with wholes and courses.
"""

from __future__ import annotations

import json

import pytest
from plotly.offline import get_plotlyjs_version

from tests.viz.conftest import make_plan
from tests.viz.grouped import data_science_curriculum, graph_of
from tests.viz.test_groups import SCIENCE_STEPS
from viz.assets import PLOTLY_SRC, TRACE_TYPES, plotly_bundle
from viz.figures import explorer_figure, path_figure
from viz.schedule import schedule_figure

pytestmark = pytest.mark.browser


@pytest.fixture
def served_plotly(page, server):
    """A blank page that has loaded plotly.js from the running API."""
    page.page.set_content("<!DOCTYPE html><html><head><link rel='icon' href='data:,'></head><body></body></html>")
    page.page.add_script_tag(url=f"{server}{PLOTLY_SRC}")
    return page


def test_the_served_bundle_is_the_partial_one_at_plotly_py_s_version(served_plotly):
    assert plotly_bundle().partial, plotly_bundle().note
    assert served_plotly.page.evaluate("Plotly.version") == get_plotlyjs_version()
    registered = served_plotly.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
    assert set(TRACE_TYPES) <= set(registered) and len(registered) < 10
    assert served_plotly.errors == []


def test_the_partial_bundle_knows_every_property_of_every_figure(served_plotly, graph, request_plan):
    science = graph_of(data_science_curriculum())
    science_plan = make_plan(science, SCIENCE_STEPS, known=("python", "linear-algebra"), targets=("data-scientist",))
    figures = {
        "explorer": explorer_figure(graph), "path": path_figure(graph, request_plan), "schedule": schedule_figure(graph, request_plan),
        "grouped explorer": explorer_figure(science), "grouped path": path_figure(science, science_plan),
        "grouped schedule": schedule_figure(science, science_plan),
    }
    for name, figure in figures.items():
        document = json.loads(figure.to_json())
        ignored = served_plotly.page.evaluate("f => (Plotly.validate(f.data, f.layout) || []).map(e => e.msg)", document)
        assert ignored == [], name


@pytest.fixture(scope="module")
def request_plan(graph):
    from graph.models import Kind
    from recommender.models import PlanRequest
    from recommender.service import recommend

    roles = sorted(n.id for n in graph.nodes.values() if n.kind is Kind.ROLE)
    known = ("python",) if "python" in graph.nodes else (graph.topological_order[0],)
    return recommend(graph, PlanRequest(known=known, targets=tuple(roles[:1])))
