"""A saved learner's plan as files: the calendar and the checklist, named and marked for them.

The API (``GET /v1/learners/{id}/calendar.ics`` and ``.../checklist``) and
the command line (``mlpath plan --ics``, ``mlpath learner checklist``) both
call these, so the same learner gets the same bytes from either.  The
calendar's event ids derive from the learner id: importing the calendar
again after a re-plan updates the learner's events instead of adding a
second set.  The checklist ticks what the learner marked done and flags
what they are learning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from graph.curriculum import CurriculumGraph
from graph.learners import Learner, Status, fit
from recommender.models import Plan
from viz.calendar import WEEKDAYS, plan_calendar
from viz.checklist import checklist_page

__all__ = ["learner_calendar", "learner_checklist", "plan_title"]


def plan_title(graph: CurriculumGraph, plan: Plan) -> str:
    """"mlpath: Machine Learning Engineer" (the plan's targets by name)."""
    names = [graph.nodes[t].name if t in graph.nodes else t for t in plan.targets]
    return "mlpath: " + ", ".join(names)


def learner_calendar(graph: CurriculumGraph, plan: Plan, learner: Learner, *, start: date,
                     days: Iterable[str] = WEEKDAYS[:5], start_time: time = time(18, 0), weeks: int | None = None) -> str:
    """The learner's plan as an RFC 5545 calendar at the plan's (the learner's) hours per week, ``weeks`` of it."""
    return plan_calendar(plan, start=start, days=days, start_time=start_time, name=plan_title(graph, plan),
                         uid_seed=learner.id, weeks=weeks)


def learner_checklist(graph: CurriculumGraph, plan: Plan, learner: Learner) -> str:
    """The printable checklist: the plan's steps, the learner's done nodes ticked, steps in progress flagged."""
    marks = fit(learner, graph).marks
    done = [node for node, mark in marks.items() if mark.status is Status.DONE]
    return checklist_page(graph, plan, done=done, learning=plan.in_progress, title=plan_title(graph, plan))
