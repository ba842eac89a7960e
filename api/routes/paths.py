"""Learning paths: a full plan, and the outer fringe ("what can I learn next").

The API only translates HTTP: the request is ``recommender.models.PlanRequest``
as it is, the response ``recommender.models.Plan`` as it is, and the work is
``recommender.service``'s.  Solving always happens in worker threads, never
on the event loop.
"""

from __future__ import annotations

import functools
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.commands._common import split_items
from api.deps import AppStateDep, GraphDep
from api.errors import problem_responses
from api.schemas import NextStepsQuery
from graph.curriculum import CurriculumGraph
from recommender import service
from recommender.models import MAX_ITEMS, NextSteps, Plan, PlanRequest

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["paths"])

ItemsQuery = Annotated[
    list[str],
    Query(max_length=MAX_ITEMS, description="Node ids or free text; repeat the parameter or separate with commas."),
]


@router.post("/paths", response_model=Plan, summary="The least-effort learning path to the targets",
             responses=problem_responses(413, 422, 503))
async def create_path(body: PlanRequest, state: AppStateDep) -> Response:
    """Unknown skills answer 422 with suggestions, an impossible request 422
    with ``blocking``.  A plan whose least effort was not proven within the
    time limit is still a plan: ``optimality`` says how close it is.

    A repeated request is answered from the plan cache without leaving the
    event loop; a new one is solved in a worker thread, at most
    ``MLPATH_PLAN_CONCURRENCY`` at a time.  The plan is encoded once and
    those bytes are cached and sent (``Plan`` stays the documented model),
    so a cached answer and a fresh one are identical.
    """
    key = body.model_dump_json()
    content = state.plans.get(key)
    if content is None:
        solve = functools.partial(_solve, state.snapshot.graph, body, state.settings.plan_time_limit)
        content = await anyio.to_thread.run_sync(solve, limiter=state.solver)
        state.plans.put(key, content)
    return Response(content=content, media_type="application/json")


def _solve(graph: CurriculumGraph, request: PlanRequest, time_limit: float) -> bytes:
    return service.recommend(graph, request, time_limit=time_limit).model_dump_json().encode("utf-8")


@router.get("/next-steps", response_model=NextSteps, summary="Everything learnable now, given what is known",
            responses=problem_responses(422))
def next_steps(graph: GraphDep, known: ItemsQuery = [], targets: ItemsQuery = []) -> NextSteps:  # noqa: B006 - FastAPI copies defaults
    query = _next_steps_query(known, targets)
    return service.next_steps(graph, query.known, targets=query.targets or None)


def _next_steps_query(known: list[str], targets: list[str]) -> NextStepsQuery:
    """Split comma-separated values, then apply the same limits as a plan request."""
    try:
        return NextStepsQuery(known=tuple(split_items(known)), targets=tuple(split_items(targets)))
    except ValidationError as exc:
        errors = [{**error, "loc": ("query", *error["loc"])} for error in exc.errors(include_url=False, include_context=False)]
        raise RequestValidationError(errors) from None
