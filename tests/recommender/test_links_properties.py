"""``needed_by`` and ``unlocks`` against their definitions, on random curricula.

The planner records these links while it orders the steps; here they are
worked out again from the curriculum and the plan alone, clause by clause,
sharing no code with the planner.  Known nodes are all rated confident, so
no refresher steps appear.
"""

from __future__ import annotations

from hypothesis import given

from recommender.planner import plan
from test_selection_properties import SETTINGS, requests
from toys import toy


def open_clauses(spec: dict, step: str, known: set[str]) -> list[tuple[str, ...]]:
    """The clauses of ``step`` that no known node meets: the ones plan steps must meet."""
    return [clause for clause in spec[step][1] if not known.intersection(clause)]


def expected_needed_by(spec, order: list[str], known: set[str]) -> dict[str, list[str]]:
    """Per step, the later steps with an open clause it is an alternative of, in plan order."""
    return {s: [t for t in order if any(s in clause for clause in open_clauses(spec, t, known))] for s in order}


def expected_unlocks(spec, order: list[str], known: set[str]) -> dict[str, list[str]]:
    """Per step, the steps it makes learnable: it meets the last of their open clauses to be met."""
    position = {s: p for p, s in enumerate(order)}
    unlocks: dict[str, list[str]] = {s: [] for s in order}
    for t in order:
        met_at = [min(position[a] for a in clause if a in position) for clause in open_clauses(spec, t, known)]
        if met_at:
            unlocks[order[max(met_at)]].append(t)
    return unlocks


@SETTINGS
@given(requests())
def test_needed_by_and_unlocks_follow_their_definitions(case):
    spec, targets, known = case
    result = plan(toy(spec), targets, known=known)
    order = [s.id for s in result.steps]
    needed_by, unlocks = expected_needed_by(spec, order, set(known)), expected_unlocks(spec, order, set(known))
    for step in result.steps:
        assert list(step.needed_by) == needed_by[step.id], step.id
        assert list(step.unlocks) == unlocks[step.id], step.id
