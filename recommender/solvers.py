"""Two exact solvers for what :mod:`recommender.reduction` leaves open.

Both minimise a *lexicographic* objective given as tiers (one integer per
variable per tier, most important tier first) over the variables of a
:class:`~recommender.reduction.Problem`: choose a set meeting every root
clause, and every clause of every chosen variable.  The curriculum is a DAG,
so any such set can be learned in topological order; the optimum is exact.

* :func:`solve_search`: depth-first branch and bound in pure Python on a
  bitmask, for small residual problems.  A ``scipy.optimize.milp`` call costs
  about a millisecond however small the problem, which is most of a seed plan's
  budget; a handful of OR-clauses is solved here in microseconds.  It gives up
  (returns ``None``) after a fixed number of expansions, never after a time, so
  the outcome is deterministic.
* :func:`solve_milp`: the 0/1 integer program for everything else, solved by
  HiGHS with a zero optimality gap.  Tiers are folded into as few solves as
  keep every objective an exactly representable integer (below 2**40); each
  later solve keeps the earlier objectives at their optimum.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from graph.errors import PlanTimeoutError
from recommender.reduction import Problem

__all__ = ["solve_search", "solve_milp", "combine_tiers", "EXACT_LIMIT"]

#: Objectives stay below this, so HiGHS's double arithmetic sees exact integers.
EXACT_LIMIT = 2**40


class _GiveUp(Exception):
    pass


def combine_tiers(tiers: Sequence[Sequence[int]]) -> list[int]:
    """One integer key per variable whose sums order sets exactly like the tiers do."""
    n = len(tiers[0]) if tiers else 0
    keys = [0] * n
    for tier in tiers:
        scale = sum(tier) + 1
        keys = [key * scale + value for key, value in zip(keys, tier)]
    return keys


def solve_search(problem: Problem, keys: Sequence[int], *, max_expansions: int | None = 4000) -> tuple[int, ...] | None:
    """The cheapest closed set under ``keys`` (all positive), or ``None`` if the budget ran out.

    Branches on the open clause with the fewest alternatives, cheapest
    alternative first; a state is a bitmask of chosen variables and is never
    expanded twice.  The bound adds to the cost so far the cheapest
    alternative of each of a set of open clauses with pairwise disjoint
    alternatives (each needs a different node, so the sum is a valid lower
    bound), packed greedily from the dearest clause down.
    """
    clause_alts: list[tuple[int, ...]] = []
    clause_mask: list[int] = []
    clause_floor: list[int] = []

    def add_clause(alternatives: tuple[int, ...]) -> int:
        ordered = tuple(sorted(alternatives, key=lambda k: (keys[k], k)))
        clause_alts.append(ordered)
        clause_mask.append(sum(1 << k for k in ordered))
        clause_floor.append(keys[ordered[0]])
        return len(clause_alts) - 1

    own = [tuple(add_clause(c) for c in clauses) for clauses in problem.var_clauses]
    roots = tuple(add_clause(c) for c in problem.roots)
    best_cost = [sum(keys) + 1]
    best_mask = [-1]
    visited: set[int] = set()
    budget = [max_expansions if max_expansions is not None else float("inf")]

    def bound(pending: list[int]) -> int:
        total, used = 0, 0
        for j in sorted(pending, key=lambda j: -clause_floor[j]):
            if not clause_mask[j] & used:
                total += clause_floor[j]
                used |= clause_mask[j]
        return total

    def visit(mask: int, cost: int, pending: list[int]) -> None:
        if not pending:
            if cost < best_cost[0]:
                best_cost[0], best_mask[0] = cost, mask
            return
        if cost + bound(pending) >= best_cost[0]:
            return
        budget[0] -= 1
        if budget[0] < 0:
            raise _GiveUp
        branch = min(pending, key=lambda j: (len(clause_alts[j]), j))
        for k in clause_alts[branch]:
            grown = mask | (1 << k)
            if grown in visited:
                continue
            visited.add(grown)
            still = [j for j in pending if not clause_mask[j] & grown]
            still += [j for j in own[k] if not clause_mask[j] & grown]
            visit(grown, cost + keys[k], still)

    try:
        visit(0, 0, list(roots))
    except _GiveUp:
        return None
    mask = best_mask[0]
    return tuple(k for k in range(len(keys)) if mask >> k & 1)


def solve_milp(problem: Problem, tiers: Sequence[Sequence[int]], *, time_limit: float) -> tuple[int, ...]:
    """The lexicographic optimum by one or more HiGHS solves; raise on time-out.

    A tier that would need a solve of its own only to break ties among equally
    good plans (the last one) is dropped rather than paid for; HiGHS's own
    deterministic choice breaks the remaining ties.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    n = len(problem.variables)
    rows, cols, vals, lower, upper = _structure(problem)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
    constraints = [LinearConstraint(matrix, np.array(lower, float), np.array(upper, float))]
    deadline = time.monotonic() + time_limit
    chosen: tuple[int, ...] = ()
    groups = _groups(tiers)
    for g, coefficients in enumerate(groups):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PlanTimeoutError(f"the solver ran out of its {time_limit:g} s time limit")
        result = milp(
            np.array(coefficients, float),
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            constraints=constraints,
            options={"mip_rel_gap": 0.0, "time_limit": remaining},
        )
        if result.status == 1 or result.x is None:
            raise PlanTimeoutError(f"the solver stopped before proving a plan optimal ({result.message})")
        if result.status != 0:
            raise RuntimeError(f"HiGHS failed on a feasible plan problem: {result.message}")
        chosen = tuple(k for k in range(n) if result.x[k] > 0.5)
        if g + 1 < len(groups):
            best = sum(coefficients[k] for k in chosen)
            constraints.append(LinearConstraint(np.array([coefficients], float), -np.inf, best))
    return chosen


def _structure(problem: Problem) -> tuple[list[int], list[int], list[float], list[float], list[float]]:
    """Rows ``sum(x in C) >= 1`` per root clause and ``x_v - sum(x in C) <= 0`` per clause of v."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    for clause in problem.roots:
        r = len(lower)
        rows += [r] * len(clause)
        cols += clause
        vals += [1.0] * len(clause)
        lower.append(1.0)
        upper.append(float("inf"))
    for v, clauses in enumerate(problem.var_clauses):
        for clause in clauses:
            r = len(lower)
            rows += [r] * (len(clause) + 1)
            cols += (v, *clause)
            vals += [1.0] + [-1.0] * len(clause)
            lower.append(float("-inf"))
            upper.append(0.0)
    return rows, cols, vals, lower, upper


def _groups(tiers: Sequence[Sequence[int]]) -> list[list[int]]:
    """Fold consecutive tiers into combined objectives that stay below EXACT_LIMIT."""
    groups: list[list[Sequence[int]]] = []
    for tier in tiers:
        if groups and sum(combine_tiers([*groups[-1], tier])) < EXACT_LIMIT:
            groups[-1].append(tier)
        else:
            groups.append([tier])
    if len(groups) > 1 and len(groups[-1]) == 1 and tiers and groups[-1][0] is tiers[-1]:
        groups.pop()  # the id tie-break alone is not worth another solve
    return [combine_tiers(group) for group in groups]
