"""A saved learner's plan as files: ``GET /v1/learners/{id}/calendar.ics`` and ``.../checklist``.

Both are drawn from the plan ``GET /v1/learners/{id}/plan`` gives (the same
cached plan, the same kept order), at the learner's hours per week, by
``viz.learner_files``; this module only translates HTTP.  They need the
learner's bearer token like every learner route, so a page fetches them
with the header and offers the result as a download; a token never goes
into a URL.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.deps import AppStateDep, LearnerDep
from api.errors import problem_responses
from api.routes.learners import NO_STORE, saved_plan
from api.state import AppState
from graph.curriculum import CurriculumGraph
from graph.learner_store import Stored
from recommender.models import Plan
from viz.calendar import CALENDAR_WEEKS, WEEKDAYS
from viz.learner_files import learner_calendar, learner_checklist

__all__ = ["router"]

router = APIRouter(prefix="/v1/learners", tags=["learners"])

#: A hundred years of weeks: the query's upper bound, far past any plan.
MAX_CALENDAR_WEEKS = 5200
#: A number of weeks, or ``all`` for the whole plan however long.
Weeks = Annotated[int, Field(ge=1, le=MAX_CALENDAR_WEEKS)] | Literal["all"]
_ERRORS = problem_responses(401, 403, 404, 409, 422, 503)


@router.get("/{learner_id}/calendar.ics", summary="The plan as weekly study sessions, an iCalendar (RFC 5545) file",
            response_class=Response, responses={200: {"content": {"text/calendar": {}}}, **_ERRORS})
async def plan_calendar_file(
    stored: LearnerDep,
    state: AppStateDep,
    start: Annotated[date | None, Query(description="First day of week 1 (default: today, UTC).")] = None,
    days: Annotated[str, Query(max_length=100, description="Study weekdays, comma-separated.")] = ",".join(WEEKDAYS[:5]),
    at: Annotated[time, Query(description="When each session starts (floating local time).")] = time(18, 0),
    weeks: Annotated[Weeks, Query(description=f"The first this many weeks (default {CALENDAR_WEEKS}, two years), "
                                              "or `all` for the whole plan.")] = CALENDAR_WEEKS,
) -> Response:
    """The learner's hours per week, split evenly over ``days``, each session
    starting ``at`` (earlier when it would end after 23:00), sessions of at
    least 30 minutes (at a slow pace, on fewer of the days); each event names
    the steps it works on, in plan order, and says which are in progress.
    The calendar holds the next ``weeks`` weeks (two years unless asked; a
    long plan at a slow pace would be decades of events), and its description
    (``X-WR-CALDESC``) says which weeks it holds and how many hours of the
    plan remain after them; ``weeks=all`` gives the whole plan.
    Event ids derive from the learner id, so importing a newer calendar
    updates the same events.  409 when the learner has no target; 422 for
    weekdays that are not weekdays or more than 17 h a day."""
    plan, graph = await _plan(state, stored)
    first = start or state.learners.clock().date()
    text = await anyio.to_thread.run_sync(
        lambda: learner_calendar(graph, plan, stored.learner, start=first, days=days, start_time=at, weeks=None if weeks == "all" else weeks))
    return Response(content=text, media_type="text/calendar", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="mlpath-plan-{stored.learner.id}.ics"'})


@router.get("/{learner_id}/checklist", summary="The plan as a printable checklist page",
            response_class=Response, responses={200: {"content": {"text/html": {}}}, **_ERRORS})
async def plan_checklist(stored: LearnerDep, state: AppStateDep) -> Response:
    """One box per step, grouped by stage in plan order; nodes the learner
    marked done are ticked under their stage, steps marked learning flagged
    in progress.  Plain HTML without script, made to print.  409 when the
    learner has no target."""
    plan, graph = await _plan(state, stored)
    page = await anyio.to_thread.run_sync(lambda: learner_checklist(graph, plan, stored.learner))
    return Response(content=page, media_type="text/html", headers=NO_STORE)


async def _plan(state: AppState, stored: Stored) -> tuple[Plan, CurriculumGraph]:
    """The learner's saved plan (as ``GET .../plan`` gives it) and the curriculum it is on."""
    content, _ = await saved_plan(state, stored)
    return Plan.model_validate_json(content), state.snapshot.graph
