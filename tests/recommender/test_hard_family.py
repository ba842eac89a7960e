"""The planner on the benchmark's OR-heavy family, against an independent plain ILP.

``benchmarks/bench_planner.py`` generates the family and holds the baseline:
one ``scipy.optimize.milp`` over the region the targets reach, effort as its
only objective, with no reduction at all (it shares no code with the
planner).  On small instances the plan's hours must equal the baseline's
proven optimum; a plan cut short by its time limit must still be a plan
(valid order, every target reached, no step removable) whose stated bound
is below the optimum and whose hours are above it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graph.curriculum import build_graph
from graph.models import Curriculum
from recommender.planner import plan

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_planner import hard_curriculum, milp_all  # noqa: E402

#: Generous: these instances prove in well under a second; the limit only keeps a broken run finite.
PROOF_LIMIT = 120.0


def known_after(graph, known, steps) -> set[str]:
    """What is known once ``steps`` are done: with every part of a whole and all a course teaches."""
    seen = set(graph.parts_closure(known))
    for step in steps:
        seen.add(step)
        if graph.nodes[step].covers:
            seen |= graph.teaches(step)
    for course in [k for k in seen if graph.nodes[k].covers]:
        seen |= graph.teaches(course)
    return seen


def unmet(graph, node_id, seen) -> list:
    """The clauses and parts of ``node_id`` that nothing in ``seen`` meets."""
    node = graph.nodes[node_id]
    return [c for c in (*node.requires, *((p,) for p in node.parts)) if seen.isdisjoint(c)]


def assert_a_plan(graph, result, targets):
    """Every step learnable when it comes, every target reached, no step removable."""
    done: list[str] = []
    for step in result.steps:
        assert not unmet(graph, step.id, known_after(graph, result.known, done)), step.id
        done.append(step.id)
    assert set(targets) <= known_after(graph, result.known, done)
    for step in done:
        rest = [s for s in done if s != step]
        seen = known_after(graph, result.known, rest)
        assert not set(targets) <= seen or any(unmet(graph, v, seen) for v in rest), f"{step} is removable"


@pytest.mark.parametrize("size, share, seed", [(size, share, seed) for size in (60, 150) for share in (0.3, 0.5, 0.8) for seed in range(3)])
def test_small_instances_reach_the_plain_ilp_optimum(size, share, seed):
    graph, targets = hard_curriculum(size, share, seed=seed)
    baseline = milp_all(graph, targets, [], PROOF_LIMIT)
    assert baseline.proven
    result = plan(graph, targets, time_limit=PROOF_LIMIT)
    assert_a_plan(graph, result, targets)
    assert result.optimality.proven and result.optimality.gap_hours == 0
    assert result.total_hours == pytest.approx(baseline.hours)
    assert result.optimality.lower_bound_hours == pytest.approx(baseline.hours)


@pytest.mark.parametrize("size, share, seed", [(400, 0.5, 0), (400, 0.8, 1), (1000, 0.3, 0), (1000, 0.5, 2)])
def test_a_plan_cut_short_is_still_a_plan_with_a_true_bound(size, share, seed):
    graph, targets = hard_curriculum(size, share, seed=seed)
    baseline = milp_all(graph, targets, [], PROOF_LIMIT)
    result = plan(graph, targets, time_limit=1e-3)  # no time for any proof
    assert_a_plan(graph, result, targets)
    standing = result.optimality
    assert not standing.proven and standing.time_limit == 1e-3
    assert standing.lower_bound_hours is not None and standing.gap_hours is not None
    assert standing.lower_bound_hours + standing.gap_hours == pytest.approx(result.total_hours)
    assert "of the least effort; the proof stopped at 0.001 s" in standing.summary
    assert baseline.proven, "the baseline must prove the optimum for the comparison"
    assert standing.lower_bound_hours <= baseline.hours + 1e-9 <= result.total_hours + 2e-9


@pytest.mark.parametrize("share, seed", [(share, seed) for share in (0.5, 0.8) for seed in range(2)])
def test_exact_prices_equal_a_plain_ilp_without_the_choice(share, seed):
    graph, targets = hard_curriculum(60, share, seed=seed)
    result = plan(graph, targets, time_limit=PROOF_LIMIT)
    checked = 0
    for choice in result.alternatives:
        assert choice.price in {"exact", "impossible"}
        node = graph.nodes[choice.for_node]
        if choice.clause >= len(node.requires) or choice.chosen not in node.requires[choice.clause] or graph.covered_by.get(choice.chosen):
            continue  # a part, a course's way in, or an alternative a course also teaches: not a change of the clause alone
        clauses = [tuple(a for a in c if a != choice.chosen) if i == choice.clause else c for i, c in enumerate(node.requires)]
        changed = build_graph(Curriculum(stages=graph.curriculum.stages, nodes=tuple(
            n.model_copy(update={"requires": tuple(clauses)}) if n.id == node.id else n for n in graph.nodes.values()
        )))
        checked += 1
        baseline = milp_all(changed, targets, [], PROOF_LIMIT)
        if choice.price == "impossible":
            assert baseline.hours != baseline.hours  # NaN: no plan
        else:
            assert baseline.proven and choice.extra_hours == pytest.approx(baseline.hours - result.total_hours)
    assert checked, "the instance should decide some plain clauses"


@pytest.mark.parametrize("size, share, seed", [(300, 0.5, 0), (600, 0.3, 0), (600, 0.3, 2), (1000, 0.3, 3)])
def test_one_folded_solve_settles_the_same_tiers_as_a_solve_per_tier(size, share, seed, monkeypatch):
    """Folding tiers into objectives near 2**50 must not cost exactness to HiGHS's tolerances: the
    tiers a plan documents (all but the id tie-break HiGHS settles) agree with small solves tier by tier."""
    import time

    import recommender.solvers as solvers
    from recommender.index import index_for
    from recommender.selection import Selector, _tiers

    graph, targets = hard_curriculum(size, share, seed=seed)
    index = index_for(graph)
    vectors = {}
    for first, rest in ((solvers.FIRST_FOLD_LIMIT, solvers.FOLD_LIMIT), (2**50, 2**50), (2**20, 2**20)):
        monkeypatch.setattr(solvers, "FIRST_FOLD_LIMIT", first)
        monkeypatch.setattr(solvers, "FOLD_LIMIT", rest)
        limit = (first, rest)
        index.solved.clear()
        selector = Selector(index, tuple(index.goal(index.position[t]) for t in targets), frozenset(), solver="milp")
        assert selector.best(time.monotonic() + PROOF_LIMIT).settled
        found = []
        for group, answer in zip(selector._reduction.groups, selector._answers):
            tiers = _tiers(index, group, frozenset(), frozenset(), frozenset(), [selector._reduction.ranks[u] for u in group.variables])
            slot = {u: k for k, u in enumerate(group.variables)}
            found.append(tuple(sum(tier[slot[u]] for u in answer.picked) for tier in tiers.values[:-1]))
        vectors[limit] = found
    assert len(set(map(tuple, vectors.values()))) == 1
