"""The learner's roadmap page and the drawings of a saved learner's plan.

``GET /roadmap`` is one page for every learner (``viz.roadmap``): it holds
no personal data and no token, and its script reads the learner's profile
and plan from the learner routes with the token the learner gave it.
``GET /v1/learners/{id}/figures`` draws that same plan (through
:func:`api.routes.learners.saved_plan`, so the step numbers agree with
``GET /v1/learners/{id}/plan``) over the whole curriculum and as a weekly
schedule, for the page's "whole curriculum" view.
"""

from __future__ import annotations

import functools

import anyio
from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from api.deps import AppStateDep, GraphDep, LearnerDep
from api.errors import problem_responses
from api.routes.learners import NO_STORE, saved_plan
from api.routes.pages import PathFigures, path_figures_document
from recommender.models import Plan

__all__ = ["router"]

router = APIRouter(tags=["pages"])


@router.get("/roadmap", response_class=HTMLResponse, summary="The learner's roadmap: progress stage by stage")
def roadmap(graph: GraphDep) -> HTMLResponse:
    from viz.roadmap import roadmap_page

    return HTMLResponse(roadmap_page(graph))


@router.get("/v1/learners/{learner_id}/figures", response_model=PathFigures, tags=["learners"],
            summary="The learner's plan drawn over the whole curriculum and as a schedule",
            responses=problem_responses(401, 403, 404, 409, 422, 503))
async def learner_figures(stored: LearnerDep, state: AppStateDep) -> Response:
    """As ``POST /v1/figures/path`` gives for a plan request, for the saved plan."""
    content, _ = await saved_plan(state, stored)
    graph = state.snapshot.graph
    draw = functools.partial(path_figures_document, graph, Plan.model_validate_json(content), content)
    document = await anyio.to_thread.run_sync(draw, limiter=state.solver)
    return Response(document, media_type="application/json", headers=NO_STORE)
