"""HTML pages and Plotly figures for browsers, served by the API itself.

``GET /`` is the picker, ``GET /v1/paths/view`` one plan drawn as a page,
``GET /v1/figures/graph`` and ``POST /v1/figures/path`` the figures as Plotly
JSON for apps, and ``GET /static/plotly.min.js`` the plotting library (the
partial bundle when installed, see ``viz.assets``): the pages load it from
here, never from a CDN, so they work offline.

Figures are serialised once by Plotly and sent as they are (returning a
``Response`` skips re-validation); the ``response_model`` only documents
the shape.  Routes are sync so drawing runs in the thread pool.
"""

from __future__ import annotations

import functools
import weakref
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, ValidationError

from api.commands._common import split_items
from api.deps import GraphDep
from api.errors import problem_responses
from api.state import PlanCache
from graph.curriculum import CurriculumGraph
from recommender.models import MAX_ITEMS, Plan, PlanRequest

__all__ = ["router", "PlotlyFigure", "PathFigures", "path_figures_document"]

router = APIRouter(tags=["pages"])

ItemsQuery = Annotated[
    list[str],
    Query(max_length=MAX_ITEMS, description="Node ids or free text; repeat the parameter or separate with commas."),
]

#: Built once per loaded graph: the explorer's JSON, and the picker (which holds the explorer's still).
_EXPLORER: "weakref.WeakKeyDictionary[CurriculumGraph, bytes]" = weakref.WeakKeyDictionary()
_INDEX: "weakref.WeakKeyDictionary[CurriculumGraph, bytes]" = weakref.WeakKeyDictionary()
#: The plan views of recent requests (a page is a pure function of graph and request; building one,
#: figures and stills, takes about 0.1 s of CPU a request).
_PLAN_PAGES: "weakref.WeakKeyDictionary[CurriculumGraph, PlanCache[bytes]]" = weakref.WeakKeyDictionary()
_PLAN_PAGES_KEPT = 64


class PlotlyFigure(BaseModel):
    """A Plotly figure as ``Plotly.newPlot(div, data, layout)`` takes it."""

    model_config = ConfigDict(extra="allow")

    data: list[dict[str, Any]]
    layout: dict[str, Any]


class PathFigures(BaseModel):
    """A plan with its two drawings: the path over the graph and the schedule."""

    path: PlotlyFigure
    schedule: PlotlyFigure
    plan: Plan


@router.get("/", response_class=HTMLResponse, summary="Pick known skills and targets, see the path")
def index(graph: GraphDep) -> HTMLResponse:
    body = _INDEX.get(graph)
    if body is None:
        from viz.pages import index_page

        body = _INDEX[graph] = index_page(graph).encode()
    return HTMLResponse(body)


@router.get("/v1/paths/view", response_class=HTMLResponse, summary="A plan drawn as an HTML page",
            responses=problem_responses(422, 503))
def view_path(graph: GraphDep, known: ItemsQuery = [], targets: ItemsQuery = [],  # noqa: B006 - FastAPI copies defaults
              hours_per_week: float = 10.0) -> HTMLResponse:
    request = _plan_request(known, targets, hours_per_week)
    pages = _PLAN_PAGES.get(graph)
    if pages is None:
        pages = _PLAN_PAGES.setdefault(graph, PlanCache(_PLAN_PAGES_KEPT))
    key = request.model_dump_json()
    body = pages.get(key)
    if body is None:
        from recommender.service import recommend
        from viz.pages import plan_page

        body = plan_page(graph, recommend(graph, request)).encode()
        pages.put(key, body)
    return HTMLResponse(body)


@router.get("/v1/figures/graph", response_model=PlotlyFigure, summary="The curriculum explorer as Plotly JSON")
def graph_figure(graph: GraphDep) -> Response:
    body = _EXPLORER.get(graph)
    if body is None:
        from viz.figures import explorer_figure

        body = _EXPLORER[graph] = explorer_figure(graph).to_json().encode()
    return Response(body, media_type="application/json")


@router.post("/v1/figures/path", response_model=PathFigures, summary="A plan and its figures as Plotly JSON",
             responses=problem_responses(413, 422, 503))
def path_figures(body: PlanRequest, graph: GraphDep) -> Response:
    from recommender.service import recommend

    return Response(path_figures_document(graph, recommend(graph, body)), media_type="application/json")


def path_figures_document(graph: CurriculumGraph, plan: Plan, plan_json: bytes | None = None) -> bytes:
    """A :class:`PathFigures` document, each figure serialised once by Plotly.

    ``plan_json`` is the plan already encoded, when the caller has it.
    """
    from viz.figures import path_figure
    from viz.schedule import schedule_figure

    encoded = plan_json.decode() if plan_json is not None else plan.model_dump_json()
    return (f'{{"path":{path_figure(graph, plan).to_json()},'
            f'"schedule":{schedule_figure(graph, plan).to_json()},'
            f'"plan":{encoded}}}').encode()


@router.get("/static/plotly.min.js", include_in_schema=False)
def plotly_js(request: Request) -> Response:
    """The pages' plotly.js bundle (with V8's compile hint first), cacheable by plotly.py version, plotly.js version and bundle."""
    etag, script = _plotly_js()
    headers = {"Cache-Control": "public, max-age=86400", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(script, media_type="text/javascript; charset=utf-8", headers=headers)


@functools.cache
def _plotly_js() -> tuple[str, bytes]:
    import plotly

    from viz.assets import plotly_bundle

    bundle = plotly_bundle()
    # "-hinted": the bytes now start with V8's compile hint, so a copy cached before it is not reused.
    return f'"plotly-{plotly.__version__}-js-{bundle.version}-{bundle.name}-hinted"', bundle.script.encode()


def _plan_request(known: list[str], targets: list[str], hours_per_week: float) -> PlanRequest:
    """Query parameters as a plan request, errors reported like a bad body."""
    try:
        return PlanRequest(known=tuple(split_items(known)), targets=tuple(split_items(targets)), hours_per_week=hours_per_week)
    except ValidationError as exc:
        errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False, include_context=False)]
        raise RequestValidationError(errors) from None
