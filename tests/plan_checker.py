"""An independent reading of what a plan must satisfy, shared by the tests of real curricula.

It shares no code with ``recommender/`` or ``graph.validate``: what a learner
knows is closed under ``parts`` (a known whole means known parts) and
``covers`` (a completed course means known topics); a step may start once
every clause of it is met and every part of it is known; a plan is valid
when each step can start in its turn and every target is known at the end,
and minimal when no step can be dropped.  A target is reached when it is
known at the end, so a course that teaches a target reaches it without the
target being a step (issue 14: "the covered nodes do not appear as steps").
:func:`least_effort` is an independent 0/1 program over the same semantics,
so a plan's hours can be checked against the true optimum.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.curriculum import CurriculumGraph
from graph.models import Kind, Node
from recommender.models import Plan

#: Kinds whose ``covers`` make what they teach known once completed.
TEACHING = (Kind.COURSE, Kind.CERTIFICATION)


def known_closure(graph: CurriculumGraph, ids: Iterable[str]) -> set[str]:
    """Everything known once ``ids`` are: their parts, what completed courses teach, transitively."""
    known: set[str] = set()
    stack = list(ids)
    while stack:
        node_id = stack.pop()
        if node_id in known:
            continue
        known.add(node_id)
        node = graph.nodes[node_id]
        stack.extend(node.parts)
        if node.kind in TEACHING:
            stack.extend(node.covers)
    return known


def can_start(node: Node, known: set[str]) -> bool:
    """Every clause has a known alternative and every part is known."""
    return all(any(a in known for a in clause) for clause in node.requires) and all(p in known for p in node.parts)


def missing(node: Node, known: set[str]) -> list[str]:
    unmet = [" or ".join(clause) for clause in node.requires if not any(a in known for a in clause)]
    return unmet + [f"part {p}" for p in node.parts if p not in known]


def plan_problems(graph: CurriculumGraph, steps: list[str], known: Iterable[str], targets: Iterable[str]) -> list[str]:
    """Why following ``steps`` in order, from ``known``, fails to reach ``targets`` (empty: it works)."""
    problems = []
    state = known_closure(graph, known)
    if len(set(steps)) != len(steps):
        problems.append("a node is a step twice")
    for position, step in enumerate(steps, 1):
        node = graph.nodes[step]
        if step in state:
            problems.append(f"step {position} ({step}) is already known when reached")
        elif not can_start(node, state):
            problems.append(f"step {position} ({step}) starts before {', '.join(missing(node, state))}")
        state |= known_closure(graph, [step])
    problems += [f"target {t} is not reached" for t in targets if t not in state]
    return problems


def reaches(graph: CurriculumGraph, steps: Iterable[str], known: Iterable[str], targets: Iterable[str]) -> bool:
    """Whether these steps, taken in *some* order, reach every target."""
    state = known_closure(graph, known)
    pending = [s for s in steps if s not in state]
    progress = True
    while pending and progress:
        ready = [s for s in pending if can_start(graph.nodes[s], state)]
        progress = bool(ready)
        for step in ready:
            state |= known_closure(graph, [step])
        pending = [s for s in pending if s not in state]
    return all(t in state for t in targets)


def unneeded_steps(graph: CurriculumGraph, steps: list[str], known: Iterable[str], targets: Iterable[str]) -> list[str]:
    """Steps the plan reaches its targets without, in any order (empty: the plan is minimal)."""
    known, targets = list(known), list(targets)
    return [s for s in steps if reaches(graph, [o for o in steps if o != s], known, targets)]


def least_effort(graph: CurriculumGraph, targets: Iterable[str], known: Iterable[str]) -> tuple[int, list[str]]:
    """The least total effort, in hundredths of an hour, and one set of steps achieving it.

    A 0/1 program, one variable per node not yet known: a node is *available*
    when known, learned, or taught by a learned course; every clause of a
    learned node needs an available alternative, every part of it must be
    available, and every target must be.  Ordering is not modelled: the
    caller checks that the returned set can be ordered (it always can when
    courses do not need what they teach, which validation guarantees).
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    state = known_closure(graph, known)
    free = [i for i in sorted(graph.nodes) if i not in state]
    column = {node_id: c for c, node_id in enumerate(free)}
    teachers: dict[str, list[str]] = {}
    for node in graph.nodes.values():
        if node.kind in TEACHING and node.covers and node.id in column:
            for taught in known_closure(graph, node.covers) - {node.id}:
                teachers.setdefault(taught, []).append(node.id)

    def available(node_id: str) -> dict[int, float]:
        row: dict[int, float] = {}
        for source in (node_id, *teachers.get(node_id, ())):
            if source in column:
                row[column[source]] = row.get(column[source], 0.0) + 1.0
        return row

    rows, lower = [], []
    for node_id in free:
        node = graph.nodes[node_id]
        needs = [clause for clause in node.requires if not any(a in state for a in clause)]
        needs += [(p,) for p in node.parts if p not in state]
        for clause in needs:
            row: dict[int, float] = {}
            for alternative in clause:
                for c, value in available(alternative).items():
                    row[c] = row.get(c, 0.0) + value
            row[column[node_id]] = row.get(column[node_id], 0.0) - 1.0  # sum(available) - x_v >= 0
            rows.append(row)
            lower.append(0.0)
    for target in targets:
        if target not in state:
            rows.append(available(target))
            lower.append(1.0)
    cents = np.array([round(graph.nodes[i].effort_hours * 100) for i in free], dtype=float)
    if not rows:
        return 0, []
    matrix = np.zeros((len(rows), len(free)))
    for r, row in enumerate(rows):
        for c, value in row.items():
            matrix[r, c] = value
    result = milp(cents, integrality=np.ones(len(free)), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(matrix, lb=np.array(lower), ub=np.inf))
    assert result.success, result.message
    chosen = [free[c] for c in range(len(free)) if result.x[c] > 0.5]
    return round(result.fun), chosen


def assert_a_good_plan(graph: CurriculumGraph, result: Plan, targets, known) -> None:
    """Valid, minimal, least effort, honest about its hours, and about what the learner knows.

    ``known`` is what the learner stated, as ids: the plan lists it as
    ``known`` and everything it implies (and no more) as ``known_implied``.
    """
    assert result.known == tuple(sorted(set(known)))
    assert result.known_implied == tuple(sorted(known_closure(graph, known) - set(known)))
    steps = [s.id for s in sorted(result.steps, key=lambda s: s.position)]
    assert [s.position for s in sorted(result.steps, key=lambda s: s.position)] == list(range(1, len(steps) + 1))
    assert plan_problems(graph, steps, known, targets) == []
    assert unneeded_steps(graph, steps, known, targets) == []
    assert all(s.hours == graph.nodes[s.id].effort_hours and s.stage == graph.nodes[s.id].stage for s in result.steps)
    total = round(sum(s.hours for s in result.steps) * 100)
    assert round(result.total_hours * 100) == total
    best, witness = least_effort(graph, targets, known)
    assert reaches(graph, witness, known, targets), "the optimum found by the 0/1 program cannot be ordered"
    assert total == best, f"the plan takes {total / 100:g} h; {best / 100:g} h is possible with {sorted(witness)}"
