"""Exact solvers, and a quick feasible answer, for what :mod:`recommender.reduction` leaves open.

Each minimises a *lexicographic* objective given as tiers (one integer per
variable per tier, most important tier first) over the variables of a
:class:`~recommender.reduction.Problem`: choose a set meeting every root
clause, and every clause of every chosen variable.  The curriculum is a DAG,
so any such set can be learned in topological order.

* :func:`solve_search`: depth-first branch and bound in pure Python on a
  bitmask, for small problems.  A ``scipy.optimize.milp`` call costs about a
  millisecond however small the problem, which is most of a seed plan's
  budget; a handful of OR-clauses is solved here in microseconds.  It gives
  up (with its best set and a proven bound) after a fixed number of
  expansions, never after a time, so the outcome is deterministic.
* :func:`solve_milp`: the 0/1 integer program, solved by HiGHS with a zero
  optimality gap, within a deadline and, when given one, a count of
  branch-and-bound nodes (a count, so a solve it stops is deterministic).  Consecutive tiers are folded into one
  integer objective while it stays within :data:`FIRST_FOLD_LIMIT` (the
  solve proving the least effort) or :data:`FOLD_LIMIT` (the tie-breaks);
  each further objective is solved with the earlier ones kept at their
  optimum.
  When the deadline comes first, the answer is the best set found (HiGHS's,
  or the heuristic's when that is better or HiGHS has none) with the bound
  HiGHS proved.
* :func:`heuristic`: a feasible set in linear time, never exact: what a plan
  starts from, so a plan exists whenever the targets can be reached.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from recommender.reduction import Problem

__all__ = ["Outcome", "combine_tiers", "fold_tiers", "heuristic", "lower_bound", "solve_milp", "solve_search",
           "FIRST_FOLD_LIMIT", "FOLD_LIMIT"]

#: Folded objectives stay at most these.  The first solve, the one that proves the least
#: effort, keeps coefficients HiGHS handles well: on hard groups that stop at the time
#: limit, a first objective near 2**50 left bounds a quarter as tight and dearer plans
#: than one within 2**31.  Tie-break solves fold the rest up to 2**50, below 2**53, so
#: every objective value is an exact double: one solve exploring the tree once beats a
#: solve per tier, each exploring it again (a test checks the tiers agree).
FIRST_FOLD_LIMIT = 2**31
FOLD_LIMIT = 2**50
#: A tie-break solve is started only with at least this share of the first solve's time left.
TIE_SOLVE_SHARE = 0.25
#: Rounds of the heuristic's re-costing (each stops early once it no longer improves).
HEURISTIC_ROUNDS = 4


@dataclass(frozen=True)
class Outcome:
    """What a solver found for one problem.

    ``picked`` are the chosen variable indexes (``None``: no set meets the
    clauses); ``proven`` says the first objective is optimal, ``settled``
    that every tier is; ``lead_bound`` is a proven lower bound on the first
    tier over every set that meets the clauses.  For HiGHS, ``nodes`` is the
    branch-and-bound nodes its solves took (each at least its root), and
    ``clock_stopped`` says the deadline, not a count, cut it short: only
    then does the outcome depend on the clock.
    """

    picked: tuple[int, ...] | None
    proven: bool
    settled: bool
    lead_bound: int | None
    nodes: int = 0
    clock_stopped: bool = False


class _Reached(Exception):
    """The search found a set costing the lower bound it was given."""


class _GiveUp(Exception):
    """The search's budget ran out; ``floor`` is a lower bound on every set in the part left unexplored."""

    def __init__(self, floor: int):
        super().__init__(floor)
        self.floor = floor


def combine_tiers(tiers: Sequence[Sequence[int]]) -> list[int]:
    """One integer key per variable whose sums order sets exactly like the tiers do."""
    n = len(tiers[0]) if tiers else 0
    keys = [0] * n
    for tier in tiers:
        scale = sum(tier) + 1
        keys = [key * scale + value for key, value in zip(keys, tier)]
    return keys


def fold_tiers(tiers: Sequence[Sequence[int]]) -> list[list[Sequence[int]]]:
    """Consecutive tiers grouped so each group's combined objective stays within its limit
    (:data:`FIRST_FOLD_LIMIT` for the first, :data:`FOLD_LIMIT` after).

    A last group made of the last tier alone (the id tie-break) is dropped:
    it is not worth a solve of its own, and HiGHS's deterministic choice
    breaks the ties it would.
    """
    groups: list[list[Sequence[int]]] = []
    for tier in tiers:
        if groups and sum(combine_tiers([*groups[-1], tier])) <= (FIRST_FOLD_LIMIT if len(groups) == 1 else FOLD_LIMIT):
            groups[-1].append(tier)
        else:
            groups.append([tier])
    if len(groups) > 1 and len(groups[-1]) == 1 and groups[-1][0] is tiers[-1]:
        groups.pop()
    return groups


def tier_values(tiers: Sequence[Sequence[int]], picked: Sequence[int]) -> tuple[int, ...]:
    """The set ``picked`` as the tuple its tiers compare it by."""
    return tuple(sum(tier[k] for k in picked) for tier in tiers)


# -- branch and bound ------------------------------------------------------------


def solve_search(problem: Problem, keys: Sequence[int], *, max_expansions: int | None = 4000,
                 incumbent: Sequence[int] | None = None, lead_scale: int = 1,
                 least: int | None = None) -> tuple[Outcome, int]:
    """The cheapest closed set under ``keys`` (all non-negative), and how many expansions that took.

    ``incumbent``, a closed set, is the answer unless a cheaper one exists;
    starting from its cost prunes from the first branch on.  When the
    budget runs out first, the outcome is the best set found, not proven,
    with a proven lower bound: the least of the bounds of the subtrees left
    unexplored (and of the best set's cost), divided by ``lead_scale``, the
    key units one unit of the first tier stands for.  The expansions, the
    set and the bound depend only on the problem and the budget, so a
    re-solve cut short is as deterministic as one that finishes.  ``least``
    is a lower bound known beforehand (a re-solve under a ban costs at least
    the unbanned optimum): a set costing that is optimal, so the search
    stops there.

    Branches on the open clause with the fewest alternatives, cheapest
    alternative first; a state is a bitmask of chosen variables and is never
    expanded twice.  The bound adds to the cost so far the cheapest
    alternative of each of a set of open clauses with pairwise disjoint
    alternatives (each needs a different node, so the sum is a valid lower
    bound), packed greedily from the dearest clause down (ties: the narrower
    first, which leaves room for more).

    Speed: a clause is kept once per set of alternatives (nodes share
    clauses, and one choice meets them all); clauses are numbered in the
    bound's order and a state's open clauses are bits, updated in two
    operations per child, with their list and bound built once per set of
    open clauses (see ``open_clauses``).  That takes a third to a half of
    the time per expansion of filtering and sorting a list per child.
    """
    n = len(keys)
    written = [c for clauses in problem.var_clauses for c in clauses] + list(problem.roots)
    unreachable = sum(keys) + 1
    bit = [1 << k for k in range(n)]
    written_masks = [reduce(or_, map(bit.__getitem__, c), 0) for c in written]
    first = {mask: j for j, mask in reversed(list(enumerate(written_masks)))}  # alternatives -> first written
    floors = {j: min(map(keys.__getitem__, written[j]), default=unreachable) for j in first.values()}
    order = [j for _, _, j in sorted((-floors[j], written_masks[j].bit_count(), j) for j in first.values())]
    number = {written_masks[j]: new for new, j in enumerate(order)}
    renumbered = list(map(number.__getitem__, written_masks))
    cheapest_first = lambda k: (keys[k], k)  # noqa: E731 - the order a clause's alternatives are tried in
    clause_alts = [tuple(sorted(dict.fromkeys(c), key=cheapest_first)) if len(c) > 1 else tuple(c)
                   for c in map(written.__getitem__, order)]
    clause_mask = list(map(written_masks.__getitem__, order))
    clause_floor = list(map(floors.__getitem__, order))
    clause_bit = [1 << j for j in range(len(order))]
    own: list[tuple[int, ...]] = []
    own_bits: list[int] = []
    counted = 0
    for clauses in problem.var_clauses:
        mine = renumbered[counted:counted + len(clauses)]
        counted += len(clauses)
        mine = sorted(set(mine)) if len(mine) > 1 else mine
        own.append(tuple(mine))
        own_bits.append(sum(map(clause_bit.__getitem__, mine)))
    roots = sorted(set(renumbered[counted:]))
    # per variable, the clauses it meets, as bits: what choosing it takes off the open clauses
    meets = [0] * n
    for j, alternatives in enumerate(clause_alts):
        for k in alternatives:
            meets[k] |= clause_bit[j]
    best_cost = [unreachable]
    best_mask = [-1]
    if incumbent is not None:
        best_cost[0] = sum(keys[k] for k in incumbent)
        best_mask[0] = sum(1 << k for k in incumbent)
    visited: set[int] = set()
    budget = [max_expansions if max_expansions is not None else math.inf]
    # the branching rule as written: the clause with the fewest alternatives, then the first written
    narrowest_first = [len(alternatives) * len(written) + j for alternatives, j in zip(clause_alts, order)].__getitem__

    # the state's open clauses, as bits, -> (their bound, the same clauses as a list, dearest first)
    opened: dict[int, tuple[int, list[int]]] = {}

    def open_clauses(pending: list[int], bits: int, left: int) -> tuple[int, list[int]]:
        """The bound and list (dearest first) of the open clauses ``left``, a parent's ``pending`` after one choice."""
        found = opened.get(left)
        if found is None:
            still = [j for j in pending if left & clause_bit[j]]
            fresh = left & ~bits
            if fresh:
                while fresh:
                    low = fresh & -fresh
                    still.append(low.bit_length() - 1)
                    fresh ^= low
                still.sort()
            total, used = 0, 0
            for j in still:  # dearest first
                if not clause_mask[j] & used:
                    total += clause_floor[j]
                    used |= clause_mask[j]
            found = opened[left] = (total, still)
        return found

    def expand(mask: int, met: int, cost: int, pending: list[int], bits: int, floor: int) -> None:
        """Branch on a state whose ``floor`` is below the best cost; ``met``: the clauses its choices meet.

        A child is judged (closed, or cut by its bound) before a call for it: most end there.
        """
        budget[0] -= 1
        if budget[0] < 0:
            raise _GiveUp(floor)
        branch = min(pending, key=narrowest_first)
        alternatives = clause_alts[branch]
        for i, k in enumerate(alternatives):
            grown = mask | (1 << k)
            if grown in visited:
                continue
            visited.add(grown)
            now_met = met | meets[k]
            left = (bits | own_bits[k]) & ~now_met
            reached = cost + keys[k]
            if not left:
                if reached < best_cost[0]:
                    best_cost[0], best_mask[0] = reached, grown
                    if reached <= floor_known:
                        raise _Reached
                continue
            total, still = open_clauses(pending, bits, left)
            if reached + total >= best_cost[0]:
                continue
            try:
                expand(grown, now_met, reached, still, left, reached + total)
            except _GiveUp as stop:
                # the siblings not reached yet are unexplored too: their bounds join the floor
                for later in alternatives[i + 1:]:
                    if mask | (1 << later) not in visited:
                        left = (bits | own_bits[later]) & ~(met | meets[later])
                        total = open_clauses(pending, bits, left)[0] if left else 0
                        stop.floor = min(stop.floor, cost + keys[later] + total)
                raise

    limit = budget[0]
    floor_known = -1 if least is None else least
    try:
        if not roots:
            if best_cost[0] > 0:
                best_cost[0], best_mask[0] = 0, 0
        elif best_cost[0] > floor_known:
            root_bits = sum(clause_bit[j] for j in roots)
            root_floor = open_clauses(roots, root_bits, root_bits)[0]
            if root_floor < best_cost[0]:
                expand(0, 0, 0, roots, root_bits, root_floor)
    except _Reached:
        pass
    except _GiveUp as stop:
        mask = best_mask[0]
        picked = tuple(k for k in range(len(keys)) if mask >> k & 1) if mask >= 0 else None
        floor = min(stop.floor, best_cost[0])
        return Outcome(picked, False, False, floor // lead_scale if floor < unreachable else None), limit
    used = limit - budget[0]
    mask = best_mask[0]
    if mask < 0:
        return Outcome(None, True, True, None), used
    return Outcome(tuple(k for k in range(len(keys)) if mask >> k & 1), True, True, None), used


def lower_bound(problem: Problem, keys: Sequence[int]) -> int:
    """A valid lower bound on the cost of any closed set: the search's bound over the roots."""
    floors = []
    for clause in problem.roots:
        if clause:
            floors.append((min(keys[k] for k in clause), frozenset(clause)))
    total, used = 0, set()
    for floor, clause in sorted(floors, key=lambda item: -item[0]):
        if used.isdisjoint(clause):
            total += floor
            used |= clause
    return total


# -- HiGHS --------------------------------------------------------------------------


def solve_milp(problem: Problem, tiers: Sequence[Sequence[int]], *, deadline: float,
               incumbent: tuple[int, ...] | None = None, node_limit: int | None = None) -> Outcome:
    """The lexicographic optimum by one HiGHS solve per folded group of tiers, within ``deadline``.

    ``incumbent`` (a feasible set, from :func:`heuristic`) is the answer if
    HiGHS finds nothing better before it stops.  ``lead_bound`` comes
    from the first solve: the bound HiGHS proved on the first folded
    objective, divided by the scale the first tier was folded with.
    ``node_limit`` (at least 1) caps the branch-and-bound nodes of all the
    solves together; HiGHS is deterministic, so a solve stopped by it gives
    the same set and bound every time, and one that needs fewer nodes gives
    what it gives without a limit.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    n = len(problem.variables)
    rows, cols, vals, lower, upper = _structure(problem)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
    constraints = [LinearConstraint(matrix, np.array(lower, float), np.array(upper, float))]
    groups = fold_tiers(tiers)
    values = (lambda picked: tier_values(tiers, picked))  # noqa: E731
    best = incumbent
    lead_scale = math.prod(sum(tier) + 1 for tier in groups[0][1:])
    lead_bound = lower_bound(problem, tiers[0])
    first_took = 0.0
    nodes = 0

    def stopped(picked: tuple[int, ...] | None, proven: bool, by_clock: bool) -> Outcome:
        return Outcome(picked, proven, False, lead_bound, nodes, by_clock)

    for g, group in enumerate(groups):
        keys = combine_tiers(group)
        started = time.monotonic()
        remaining = deadline - started
        nodes_left = None if node_limit is None else node_limit - nodes
        # a tie-break solve takes a good part of the first: not worth starting in much less
        if remaining <= 0 or (g > 0 and remaining < TIE_SOLVE_SHARE * first_took):
            return stopped(best if g > 0 else _minimal(problem, best, keys), g > 0, True)
        if nodes_left is not None and nodes_left < 1:
            return stopped(best, True, False)  # only after the first solve: the count is spent
        # presolve off for tie-break solves: measured a third to a half faster on the hard family
        options = {"mip_rel_gap": 0.0, "time_limit": remaining, **({"presolve": False} if g > 0 else {}),
                   **({"node_limit": nodes_left} if nodes_left is not None else {})}
        result = milp(np.array(keys, float), integrality=np.ones(n), bounds=Bounds(0, 1), constraints=constraints,
                      options=options)
        if g == 0:
            first_took = time.monotonic() - started
        took = result.mip_node_count or 1
        nodes += took
        # scipy reports HiGHS's "node limit reached" as an unrecognised status (4), with its set and bound
        counted_out = nodes_left is not None and result.status == 4 and took >= nodes_left
        if result.status == 2 and best is None:
            return Outcome(None, True, True, None, nodes)  # no set meets the clauses
        if result.status not in (0, 1) and not counted_out:  # numerical trouble: keep what is known to be feasible
            return stopped(best, g > 0, False)
        found = tuple(k for k in range(n) if result.x[k] > 0.5) if result.x is not None else None
        if found is not None and not _closed(problem, found):
            found = None  # outside HiGHS's tolerances: never trust an unclosed set
        if found is not None and (best is None or values(found) < values(best)):
            best = found
        if g == 0:
            dual = result.mip_dual_bound
            if dual is not None and math.isfinite(dual):
                safe = math.floor(dual - 1e-7 * abs(dual)) - 1  # HiGHS's bound holds within its tolerances
                lead_bound = max(lead_bound, safe // lead_scale)
        if result.status != 0:
            return stopped(best if g > 0 else _minimal(problem, best, keys), g > 0, not counted_out)
        if g == 0:
            lead_bound = max(lead_bound, values(best)[0])
        if g + 1 < len(groups):
            reached = sum(keys[k] for k in best)
            # the objective is an integer: half a unit of slack absorbs HiGHS's row tolerance
            constraints.append(LinearConstraint(np.array([keys], float), -np.inf, reached + 0.5))
    return Outcome(best, True, True, lead_bound, nodes)


def _minimal(problem: Problem, picked: tuple[int, ...] | None, keys: Sequence[int]) -> tuple[int, ...] | None:
    """An unproven set without the nodes it can do without (a proven one has none: every step costs)."""
    return None if picked is None else tuple(sorted(_pruned(problem, set(picked), keys)))


def _closed(problem: Problem, picked: Sequence[int]) -> bool:
    chosen = set(picked)
    return all(not chosen.isdisjoint(c) for c in problem.roots) and all(
        not chosen.isdisjoint(c) for k in chosen for c in problem.var_clauses[k]
    )


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
        upper.append(math.inf)
    for v, clauses in enumerate(problem.var_clauses):
        for clause in clauses:
            r = len(lower)
            rows += [r] * (len(clause) + 1)
            cols += (v, *clause)
            vals += [1.0] + [-1.0] * len(clause)
            lower.append(-math.inf)
            upper.append(0.0)
    return rows, cols, vals, lower, upper


# -- heuristic ----------------------------------------------------------------------


def heuristic(problem: Problem, keys: Sequence[int], hint: Sequence[int] = ()) -> tuple[int, ...] | None:
    """A closed set, cheap under ``keys`` though not optimal; ``None`` if no set meets the roots.

    Each variable gets an estimate: its own cost plus, per clause, the
    least estimate among the clause's alternatives (prerequisites first).
    The set is built from the roots down, each clause not yet met taking its
    alternative of least estimate, then pruned of nodes whose every use is
    met twice.  Shared prerequisites make those estimates pessimistic, so
    each further round prices the nodes of the last set at nothing (they
    are paid for once) and builds again, as long as the set gets cheaper.
    ``hint`` (the plan's answer, for a re-solve under a ban) is priced at
    nothing from the first round: the best plan without a choice is
    usually the plan with one alternative swapped.
    """
    order = _prerequisites_first(problem)
    best: tuple[int, ...] | None = None
    best_cost = math.inf
    paid: frozenset[int] = frozenset(hint)
    for _ in range(HEURISTIC_ROUNDS):
        built = _build(problem, _estimates(problem, keys, order, paid))
        if built is None:
            return None
        chosen = _pruned(problem, built, keys)
        cost = sum(keys[k] for k in chosen)
        if cost >= best_cost:
            break
        best, best_cost, paid = tuple(sorted(chosen)), cost, frozenset(chosen)
    return best


def _prerequisites_first(problem: Problem) -> list[int]:
    """The variables with every alternative of their clauses before them."""
    n = len(problem.variables)
    waiting = [0] * n
    users: list[list[int]] = [[] for _ in range(n)]
    for v, clauses in enumerate(problem.var_clauses):
        needs = {a for clause in clauses for a in clause}
        waiting[v] = len(needs)
        for a in needs:
            users[a].append(v)
    order = [v for v in range(n) if not waiting[v]]
    for v in order:  # grows while iterated
        for w in users[v]:
            waiting[w] -= 1
            if not waiting[w]:
                order.append(w)
    return order


def _estimates(problem: Problem, keys: Sequence[int], order: list[int], paid: frozenset[int]) -> list[float]:
    estimate = [math.inf] * len(keys)
    for v in order:
        total = 0 if v in paid else keys[v]
        for clause in problem.var_clauses[v]:
            total += min((estimate[a] for a in clause), default=math.inf)
        estimate[v] = total
    return estimate


def _build(problem: Problem, estimate: list[float]) -> set[int] | None:
    chosen: set[int] = set()
    pending = list(problem.roots)
    for clause in pending:  # grows while iterated: breadth first from the roots
        if not chosen.isdisjoint(clause):
            continue
        pick = min(clause, key=lambda k: (estimate[k], k), default=None)
        if pick is None or estimate[pick] == math.inf:
            return None
        chosen.add(pick)
        pending.extend(problem.var_clauses[pick])
    return chosen


def _pruned(problem: Problem, chosen: set[int], keys: Sequence[int]) -> set[int]:
    """``chosen`` without the nodes it can do without, dearest first, until none can go."""
    clauses = [(None, c) for c in problem.roots] + [(v, c) for v in chosen for c in problem.var_clauses[v]]
    met = [len(chosen.intersection(c)) for _, c in clauses]
    holding: dict[int, list[int]] = {v: [] for v in chosen}
    for j, (_, clause) in enumerate(clauses):
        for a in clause:
            if a in holding:
                holding[a].append(j)
    kept = set(chosen)
    changed = True
    while changed:
        changed = False
        for v in sorted(kept, key=lambda k: (-keys[k], k)):
            active = [j for j in holding[v] if clauses[j][0] is None or clauses[j][0] in kept]
            if all(met[j] > 1 for j in active):
                kept.discard(v)
                for j in holding[v]:
                    met[j] -= 1
                changed = True
    return kept
