"""Wholes made of parts and courses that teach: the planner on curriculum v2.

Hand-made examples first, then random curricula against a brute force that
reads the rules straight from the curriculum (it shares no code with
:mod:`recommender.index`, where they become clauses):

* a whole's parts must all be known or learned before it, and knowing a
  whole means knowing its parts;
* a course teaches what it covers, with every part of that; a clause, a
  part or a target is also met by a course teaching one of its nodes, and
  knowing a course means knowing what it teaches;
* a clause's alternatives are ranked as written, then the courses teaching
  them (each alternative's teachers in id order), for the designer's-order
  tie-break.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from graph.curriculum import build_graph
from graph.models import LEGACY_STAGES, Curriculum, Kind, Node
from graph.validate import check_curriculum
from recommender.planner import plan
from test_selection_properties import IDS, SETTINGS


def v2(spec: dict) -> Curriculum:
    """``{id: (hours, requires, parts, covers)}`` as a curriculum; a node with ``covers`` is a course."""
    return Curriculum(stages=LEGACY_STAGES, nodes=tuple(
        Node(id=v, name=v.upper(), kind=Kind.COURSE if covers else Kind.TOPIC, stage="foundations", effort_hours=hours,
             source="test", requires=[list(c) for c in requires], parts=tuple(parts), covers=tuple(covers))
        for v, (hours, requires, parts, covers) in spec.items()
    ))


def ids(result):
    return [s.id for s in result.steps]


# -- examples ---------------------------------------------------------------------------


def test_a_whole_needs_its_parts_and_its_own_hours():
    g = build_graph(v2({"p": (3, [], [], []), "q": (4, [], [], []), "w": (2, [], ["p", "q"], [])}))
    result = plan(g, ["w"])
    assert ids(result) == ["p", "q", "w"] and result.total_hours == 9
    assert result.steps[0].needed_by == ("w",)


def test_knowing_a_whole_means_knowing_its_parts():
    g = build_graph(v2({"p": (3, [], [], []), "w": (2, [], ["p"], []), "t": (1, [["p"]], [], [])}))
    result = plan(g, ["t"], known=["w"])
    assert ids(result) == ["t"] and result.known == ("w",) and result.known_implied == ("p",)
    assert plan(g, ["p"], known=["w"]).notes == ("P is already known: nothing to learn for it",)


def test_a_course_cheaper_than_what_it_teaches_meets_every_clause_naming_it():
    g = build_graph(v2({
        "a": (10, [], [], []), "b": (10, [], [], []), "x": (1, [["a"]], [], []), "y": (1, [["b"]], [], []),
        "course": (12, [], [], ["a", "b"]), "t": (0, [["x"], ["y"]], [], []),
    }))
    result = plan(g, ["t"])
    assert ids(result) == ["course", "x", "y", "t"] and result.total_hours == 14
    assert result.steps[0].needed_by == ("x", "y")
    # with only one of them needed, learning it alone is cheaper
    assert ids(plan(g, ["x"])) == ["a", "x"]


def test_a_target_a_course_teaches_is_met_by_the_course():
    g = build_graph(v2({"a": (10, [], [], []), "b": (10, [], [], []), "course": (12, [], [], ["a", "b"])}))
    result = plan(g, ["a", "b"])
    assert ids(result) == ["course"] and result.targets == ("a", "b")
    assert result.steps[0].reason.startswith("covers the targets A and B")


def test_knowing_a_course_means_knowing_what_it_teaches():
    g = build_graph(v2({"p": (1, [], [], []), "w": (5, [], ["p"], []), "course": (3, [], [], ["w"]),
                        "t": (1, [["p"]], [], [])}))
    assert ids(plan(g, ["t"], known=["course"])) == ["t"]
    result = plan(g, ["t"], known=["course"])
    assert result.known == ("course",) and result.known_implied == ("p", "w")


# -- against a brute force -------------------------------------------------------------------


@st.composite
def v2_requests(draw):
    n = draw(st.integers(3, 9))
    order = draw(st.permutations(IDS[:n]))
    spec = {}
    for depth, v in enumerate(order):
        earlier = order[:depth]
        clauses, parts, covers = [], [], []
        if earlier:
            if draw(st.integers(0, 5)) == 0:  # a course
                covers = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=3, unique=True))
            elif draw(st.integers(0, 3)) == 0:  # a whole
                parts = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True))
            for _ in range(draw(st.sampled_from([0, 1, 1, 2]))):
                width = min(len(earlier), draw(st.sampled_from([1, 2, 2, 3])))
                clause = draw(st.lists(st.sampled_from(earlier), min_size=width, max_size=width, unique=True))
                if sorted(clause) not in [sorted(c) for c in clauses] and not set(clause) & set(parts):
                    clauses.append(clause)
        spec[v] = (draw(st.sampled_from([0, 1, 2, 3, 5, 8, 13])), clauses, parts, covers)
    curriculum = v2(spec)
    faults = check_curriculum(curriculum.nodes, {v: "t" for v in spec}, stages=LEGACY_STAGES)
    assume(not any(f.severity == "error" for f in faults))
    targets = draw(st.lists(st.sampled_from(order[n // 2:]), min_size=1, max_size=2, unique=True))
    known = [k for k in draw(st.lists(st.sampled_from(order), max_size=2, unique=True)) if k not in targets]
    return spec, curriculum, targets, known


def closure(spec, seeds) -> set[str]:
    """``seeds`` with every part of a whole and all that a course teaches, transitively."""
    found, stack = set(seeds), list(seeds)
    while stack:
        _, _, parts, covers = spec[stack.pop()]
        for u in (*parts, *covers):
            if u not in found:
                found.add(u)
                stack.append(u)
    return found


def after_learning(spec, steps) -> set[str]:
    """What learning ``steps`` makes known: the steps, and all each course among them teaches (not a whole's parts:
    those are its prerequisites)."""
    return set(steps).union(*(closure(spec, spec[s][3]) for s in steps))


def teachers(spec, u) -> list[str]:
    return sorted(c for c, (_, _, _, covers) in spec.items() if covers and u in closure(spec, covers))


def ways(spec, owner, clause) -> list[str]:
    """A clause as the planner weighs it: its alternatives as written, then their teachers."""
    return list(dict.fromkeys([*clause, *(c for a in clause for c in teachers(spec, a) if c != owner)]))


def needs(spec, v) -> list[list[str]]:
    hours, requires, parts, _ = spec[v]
    return [ways(spec, v, c) for c in (*requires, *([p] for p in parts))]


def closed_plans(spec, targets, known_all):
    """Every set of nodes not in ``known_all`` that reaches ``targets`` and meets each clause and part of its nodes."""
    free = sorted(v for v in spec if v not in known_all)
    for r in range(len(free) + 1):
        for subset in itertools.combinations(free, r):
            chosen = set(subset)
            learned = known_all | after_learning(spec, chosen)
            if set(targets) <= learned and not any(learned.isdisjoint(c) for v in chosen for c in needs(spec, v)):
                yield chosen


def brute_force(spec, targets, known):
    """The best objective (avoided nodes aside) and every plan reaching it."""
    known_all = closure(spec, known)
    open_targets = [t for t in targets if t not in known_all]
    region, stack = set(), [a for t in open_targets for a in ways(spec, None, [t])]
    while stack:
        v = stack.pop()
        if v in region or v in known_all:
            continue
        region.add(v)
        stack.extend(a for c in needs(spec, v) if known_all.isdisjoint(c) for a in c)
    ranks = {}
    for v in region:
        for c in needs(spec, v):
            if len(c) > 1 and known_all.isdisjoint(c):
                for p, a in enumerate(c):
                    ranks[a] = min(ranks.get(a, p), p)
    position = {v: p for p, v in enumerate(sorted(spec))}
    best, plans = None, []
    for chosen in closed_plans(spec, open_targets, known_all):
        key = (sum(round(spec[v][0] * 100) for v in chosen), len(chosen),
               tuple(sorted(ranks.get(v, float("inf")) for v in chosen)), sum(position[v] for v in chosen))
        if best is None or key < best:
            best, plans = key, [chosen]
        elif key == best:
            plans.append(chosen)
    return best, plans


@SETTINGS
@given(v2_requests())
def test_plans_on_wholes_and_courses_are_valid_minimal_and_exactly_optimal(case):
    spec, curriculum, targets, known = case
    graph = build_graph(curriculum)
    result = plan(graph, targets, known=known)
    key, plans = brute_force(spec, targets, known)
    steps = ids(result)
    assert sum(round(spec[v][0] * 100) for v in steps) == key[0]
    assert set(steps) in plans
    learned = closure(spec, known)
    for step in steps:  # each step learnable when it comes
        assert all(not learned.isdisjoint(c) for c in needs(spec, step)), step
        learned |= after_learning(spec, [step])
    assert set(targets) <= learned


def decided(spec, steps, known_all) -> list[tuple[str, int, str]]:
    """The decided clauses as ``docs/recommender.md`` defines them, as (node, clause, chosen).

    A plan step's clause with two or more ways, none known, exactly one of them
    in the plan, and that one written in the clause: a clause met by a course
    teaching one of its alternatives decided nothing of its own.
    """
    hours_of = spec
    found = []
    for v in steps:
        _, requires, parts, _ = hours_of[v]
        written = [*requires, *([p] for p in parts)]
        for c, clause in enumerate(needs(spec, v)):
            inside = [a for a in clause if a in steps]
            if len(clause) > 1 and known_all.isdisjoint(clause) and len(inside) == 1 and inside[0] in written[c]:
                found.append((v, c, inside[0]))
    return found


def least_effort_without(spec, targets, known, owner, clause, barred):
    """The least effort, in cents, of a plan in which ``barred`` may not meet ``owner``'s ``clause``
    (a course teaching it still may; a barred course may not meet it through what it teaches
    either); ``None`` if there is none.  ``clause`` is the clause as weighed, so a step of it
    other than ``barred`` must be in the plan."""
    best = None
    for chosen in closed_plans(spec, targets, closure(spec, known)):
        if owner in chosen and chosen.isdisjoint(set(clause) - {barred}):
            continue
        total = sum(round(spec[v][0] * 100) for v in chosen)
        best = total if best is None or total < best else best
    return best


def test_a_clause_met_only_through_a_course_is_not_a_decision_of_its_own():
    # x needs a or b, y needs c; the course teaches a and c, so taking it meets both clauses;
    # z needs d or e, a choice the plan makes on its own
    g = build_graph(v2({
        "a": (10, [], [], []), "b": (10, [], [], []), "c": (10, [], [], []), "course": (12, [], [], ["a", "c"]),
        "d": (2, [], [], []), "e": (3, [], [], []),
        "x": (1, [["a", "b"]], [], []), "y": (1, [["c"]], [], []), "z": (1, [["d", "e"]], [], []),
        "t": (0, [["x"], ["y"], ["z"]], [], []),
    }))
    result = plan(g, ["t"])
    assert set(ids(result)) == {"course", "d", "x", "y", "z", "t"}
    # x's clause (a, b, or the course teaching a) went to the course: that is the course's step, not a choice of x's
    assert [(a.for_node, a.chosen, a.runner_up, a.extra_hours, a.price) for a in result.alternatives] == [
        ("z", "d", "e", 1.0, "exact")]


@SETTINGS
@given(v2_requests())
def test_decided_clauses_and_their_prices_match_a_brute_force(case):
    spec, curriculum, targets, known = case
    result = plan(build_graph(curriculum), targets, known=known)
    steps = ids(result)
    expected = decided(spec, steps, closure(spec, known))
    assert [(a.for_node, a.clause, a.chosen) for a in result.alternatives] == expected[:len(result.alternatives)]
    assert len(result.alternatives) == min(len(expected), 30)
    base = sum(round(spec[v][0] * 100) for v in steps)
    for choice in result.alternatives:
        best = least_effort_without(spec, targets, known, choice.for_node, needs(spec, choice.for_node)[choice.clause],
                                    choice.chosen)
        if best is None:
            assert choice.price == "impossible" and choice.extra_hours is None
        else:
            assert choice.price == "exact" and round(choice.extra_hours * 100) == best - base


def test_a_beginner_rated_whole_makes_its_parts_beginner_known_too():
    g = build_graph(v2({"p": (8, [], [], []), "w": (4, [], ["p"], []), "t": (1, [["p"]], [], [])}))
    result = plan(g, ["t"], proficiency={"w": "beginner"})
    assert ids(result) == ["p", "t"] and result.steps[0].refresher and result.steps[0].hours == 2
    assert ids(plan(g, ["t"], known=["p"], proficiency={"w": "beginner"})) == ["t"]  # p is known with confidence


def test_the_fringe_counts_what_a_known_course_teaches():
    from recommender.frontier import ready

    g = build_graph(v2({"a": (2, [], [], []), "b": (3, [["a"]], [], []), "course": (4, [], [], ["a"])}))
    after = ready(g, ["course"])
    assert "a" in after.known and [r.id for r in after.ready] == ["b"]
