"""A saved learner's plan and next steps: their knowledge state translated into planner input.

The translation, one rule per status (see ``docs/learners.md``):

* ``known`` and ``done`` are known.  A ``known`` node's level goes to the
  planner as the learner's proficiency, so a ``beginner`` one the plan
  builds on comes back as a refresher step.  ``done`` means the learner
  finished the step, which teaches the node as far as the plan needs, so a
  level it kept from before (self-rated ``beginner``, say) no longer brings
  the refresher back.
* ``learning`` is still to learn: it stays on the plan, is listed in the
  plan's ``in_progress``, and is preferred among alternatives (it is the
  option the learner already chose).
* ``skipped`` means "I would rather not": the node is avoided, so the plan
  goes round it wherever an alternative exists; where none does it stays,
  flagged as avoided, because the targets cannot be reached without it.  A
  skipped target stays a target.

Ids the curriculum retired count for their replacement and ids it no
longer has are left out, each with a note (:func:`graph.learners.fit`).
This module takes a learner and a curriculum, never a store: the API and the
CLI read the learner, call these functions, and remember the plan's order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from graph.curriculum import CurriculumGraph
from graph.errors import LearnerStateError
from graph.learners import Learner, Status, fit
from recommender.frontier import ready
from recommender.models import NextSteps, Plan
from recommender.planner import plan

__all__ = ["LearnerRequest", "learner_next", "learner_plan", "learner_request", "plan_for"]

_KNOWN = (Status.KNOWN, Status.DONE)


@dataclass(frozen=True)
class LearnerRequest:
    """What the planner is asked on a learner's behalf, every id one the curriculum lists."""

    targets: tuple[str, ...]
    known: tuple[str, ...]
    proficiency: tuple[tuple[str, str], ...]
    prefer: tuple[str, ...]
    avoid: tuple[str, ...]
    hours_per_week: float
    in_progress: tuple[str, ...]
    notes: tuple[str, ...]

    def cache_key(self, keep: Sequence[str]) -> str:
        """Equal for requests that must give the same plan (with the same earlier order)."""
        return json.dumps({**asdict(self), "keep": list(keep)}, separators=(",", ":"))


def learner_request(learner: Learner, graph: CurriculumGraph) -> LearnerRequest:
    """The planner input of ``learner`` on ``graph``; see the module docstring for the rules."""
    fitted = fit(learner, graph)
    if not fitted.targets:
        reason = ("no target of this learner is in the curriculum any more" if learner.targets
                  else "the learner has no targets yet")
        raise LearnerStateError(f"{reason}: set targets (PATCH /v1/learners/{{id}}, or `mlpath learner new --target ...`)")
    by_status: dict[Status, list[str]] = {status: [] for status in Status}
    for node_id, mark in fitted.marks.items():
        by_status[mark.status].append(node_id)
    levels = tuple((n, fitted.marks[n].level.value) for n in by_status[Status.KNOWN] if fitted.marks[n].level)
    leveled = {n for n, _ in levels}
    known = tuple(sorted(n for s in _KNOWN for n in by_status[s] if n not in leveled))
    skipped = [n for n in by_status[Status.SKIPPED] if n not in fitted.targets]
    avoid = tuple(dict.fromkeys([*fitted.avoid, *skipped]))
    learning = [n for n in by_status[Status.LEARNING] if n not in avoid]
    prefer = tuple(dict.fromkeys(p for p in [*fitted.prefer, *learning] if p not in avoid))
    return LearnerRequest(
        targets=fitted.targets,
        known=known,
        proficiency=tuple(sorted(levels)),
        prefer=prefer,
        avoid=avoid,
        hours_per_week=learner.hours_per_week,
        in_progress=tuple(by_status[Status.LEARNING]),
        notes=tuple(_notes(fitted, by_status[Status.SKIPPED])),
    )


def plan_for(graph: CurriculumGraph, request: LearnerRequest, *, keep: Sequence[str] = (), time_limit: float = 10.0) -> Plan:
    """The least-effort plan for ``request``, keeping the order of ``keep`` (the last plan's
    step ids) wherever the optimum allows, so ticking one box does not reshuffle the rest.

    A step id the curriculum has since retired keeps its place through the
    node that replaces it.
    """
    kept = [graph.replaced_by.get(step, step) for step in keep]
    result = plan(graph, request.targets, known=request.known, prefer=request.prefer, avoid=request.avoid,
                  proficiency=dict(request.proficiency), keep=kept, hours_per_week=request.hours_per_week,
                  time_limit=time_limit)
    on_plan = {s.id for s in result.steps}
    in_progress = tuple(n for n in request.in_progress if n in on_plan)
    aside = [n for n in request.in_progress if n not in on_plan]
    notes = list(result.notes) + list(request.notes)
    if aside:
        notes.append(f"in progress but not needed for the targets: {', '.join(aside)}")
    return result.model_copy(update={"in_progress": in_progress, "notes": tuple(notes)})


def learner_plan(graph: CurriculumGraph, learner: Learner, *, keep: Sequence[str] = (), time_limit: float = 10.0) -> Plan:
    """The plan from the learner's saved state and targets."""
    return plan_for(graph, learner_request(learner, graph), keep=keep, time_limit=time_limit)


def learner_next(graph: CurriculumGraph, learner: Learner, plan_steps: Sequence[str] = ()) -> NextSteps:
    """What the learner can learn now; ``on_plan`` marks the ready nodes among ``plan_steps``."""
    fitted = fit(learner, graph)
    known = [n for n, m in fitted.marks.items() if m.status in _KNOWN]
    result = ready(graph, known)
    steps = set(plan_steps)
    return result.model_copy(update={"ready": tuple(r.model_copy(update={"on_plan": r.id in steps}) for r in result.ready)})


def _notes(fitted, skipped: Sequence[str]) -> list[str]:
    notes = [f"progress on {c.retired!r} counts for {c.replacement!r}, which replaced it" for c in fitted.carried]
    if fitted.orphaned:
        notes.append("kept but not in this curriculum, so left out of the plan: " + ", ".join(fitted.orphaned))
    notes += [f"{n!r} is skipped but is a target: it stays on the plan" for n in skipped if n in fitted.targets]
    return notes
