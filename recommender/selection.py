"""Which nodes a plan contains: the exact least-effort choice.

The objective is lexicographic, most important first:

1. the number of *avoided* nodes used (only when the request avoids any);
2. effort, in integer units: hundredths of an hour divided by their common
   divisor, times 5, or times 4 for *preferred* nodes (a preferred node
   competes at 80 % of its hours; the plan still reports its real hours);
3. the number of steps, so free nodes (0-hour milestones) are never added
   without need and no step of the result can be removed;
4. the designer's order: each node's *listed rank* is the smallest position
   at which it appears in an OR-clause of a region node that no known node
   meets (see :func:`listed_rank`); plans are compared by their sorted ranks,
   lexicographically, which with equal step counts means more nodes at
   rank 0, then at rank 1, ...  Per group this is one 0/1 tier per distinct
   rank present but the last ("ranked after r");
5. the sum of the chosen nodes' positions in id order (earlier ids win the
   remaining ties).  On problems too big for tier 5 to share an exact integer
   objective with tier 4, HiGHS's deterministic choice breaks those ties.

Forced problems skip the solvers entirely.  The open rest falls apart into
independent groups of choices (no clause links them); every tier is a sum
over nodes, so each group is solved on its own and the optima add up.  Small
groups go to the branch and bound, the rest (or any the branch and bound
gives up on) to HiGHS.  A :class:`Selector` remembers solved groups, so
re-solving with one clause changed (pricing an alternative) only redoes the
group that clause belongs to; the graph's index also keeps an LRU of solved
groups, keyed by everything their optimum depends on, shared by requests.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Literal

from graph.errors import PlanTimeoutError
from recommender.index import GraphIndex
from recommender.reduction import Ban, Prepared, Problem, open_problem, prepare, with_ban
from recommender.solvers import combine_tiers, solve_milp, solve_search

__all__ = ["Selection", "Selector", "select", "listed_rank", "SolverName", "SEARCH_MAX_VARIABLES", "UNLISTED"]

SolverName = Literal["auto", "search", "milp"]

#: Groups up to this many variables try the branch and bound first.
SEARCH_MAX_VARIABLES = 150
#: Expansions the branch and bound may spend on one group before HiGHS takes over.
SEARCH_BUDGET = 4000
#: The graph's LRU of solved groups (see ``Selector._solve_shared``) holds this many
#: groups of at most ``SHARED_MAX_VARIABLES`` variables each.
SHARED_GROUPS = 1024
SHARED_MAX_VARIABLES = 500
#: The tie-break rank of a node listed in no OR-clause of the request (after every real position).
UNLISTED = 1 << 30
PREFERRED_FACTOR, NORMAL_FACTOR = 4, 5
_RANK = {"forced": 0, "search": 1, "milp": 2}


@dataclass(frozen=True)
class Selection:
    nodes: frozenset[int]
    forced: frozenset[int]
    #: the heaviest method any group needed: "forced", "search" or "milp"
    solver: str
    open_variables: int = 0


@dataclass(frozen=True)
class _Base:
    """The unbanned optimum and how it splits into groups, for cheap re-solves."""

    selection: Selection
    groups: list[Problem]
    picks: list[tuple[int, ...]]
    group_of: dict[int, int]
    #: per group, each variable's index in it
    slots: list[dict[int, int]]


@dataclass
class Selector:
    """Solves one request, then the same request with single clauses changed.

    ``memo`` maps a group of choices (its variables and clauses) to its
    optimal variables and the method that found them.
    """

    index: GraphIndex
    targets: tuple[int, ...]
    known: frozenset[int]
    preferred: frozenset[int] = frozenset()
    avoided: frozenset[int] = frozenset()
    time_limit: float = 10.0
    solver: SolverName = "auto"
    banned: frozenset[Ban] = frozenset()
    memo: dict = field(default_factory=dict)
    _prepared: Prepared = field(init=False)
    _deadline: float = field(init=False)
    _solved: _Base | None = field(init=False, default=None)
    _listed_ranks: dict[int, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.time_limit
        self._prepared = prepare(self.index, self.targets, self.known, banned=self.banned)

    def best(self, ban: Ban | None = None) -> Selection:
        """The optimum, with ``ban``'s alternative barred from its clause if given.

        Raises :class:`InfeasiblePlanError` when the ban leaves no plan.  The
        post-condition (every clause met) is checked on the unbanned optimum,
        the one that becomes a plan.
        """
        if ban is None:
            return self._base().selection
        local = self._banned_in_group(ban)
        if local is not None:
            return local
        return self._solve(open_problem(with_ban(self.index, self._prepared, ban)))[0]

    def _base(self) -> _Base:
        if self._solved is None:
            selection, groups, picks = self._solve(open_problem(self._prepared))
            _check_closed(self.index, selection.nodes, self.known, self.targets)
            group_of = {v: g for g, group in enumerate(groups) for v in group.variables}
            slots = [{u: k for k, u in enumerate(group.variables)} for group in groups]
            self._solved = _Base(selection, groups, picks, group_of, slots)
        return self._solved

    def _solve(self, problem: Problem) -> tuple[Selection, list[Problem], list[tuple[int, ...]]]:
        if problem.is_forced:
            return Selection(problem.forced, problem.forced, "forced"), [], []
        chosen: set[int] = set(problem.forced)
        used = "forced"
        groups = _groups(problem)
        picks = []
        for group in groups:
            nodes, method = self._solve_group(group)
            picks.append(nodes)
            chosen.update(nodes)
            used = max(used, method, key=_RANK.__getitem__)
        return Selection(frozenset(chosen), problem.forced, used, len(problem.variables)), groups, picks

    def _banned_in_group(self, ban: Ban) -> Selection | None:
        """Re-solve only the group of choices a ban touches, when it stays inside one group.

        That is when the banned alternative is a variable (not forced) and the
        clause is either an open clause of a forced node or a clause of a
        variable: forcing is unchanged and only that group's clause shrinks.
        ``None`` means the general path is needed (or the data could hold
        unlearnable nodes, which only the general path handles).
        """
        v, c, banned = ban
        clause = self.index.requires[v][c]
        if self.banned or self.index.has_empty_clause or len(clause) < 2:
            return None
        base = self._base()
        forced = base.selection.forced
        if not self.known.isdisjoint(clause) or not forced.isdisjoint(set(clause) - {banned}):
            return base.selection  # still met by a known or forced node: nothing changes
        if banned in forced:
            return self._forcing_one_more(base, v, clause, banned)
        g = base.group_of.get(banned)
        if g is None:
            return None
        group = base.groups[g]
        slot = base.slots[g]
        if any(a not in slot for a in clause):
            return None
        if v in forced:
            old = tuple(sorted(slot[a] for a in clause))
            roots = list(group.roots)
            if old not in roots:
                return None
            roots[roots.index(old)] = tuple(k for k in old if k != slot[banned])
            changed = Problem(frozenset(), group.variables, group.var_clauses, tuple(sorted(roots)))
        elif v in slot:
            old = tuple(slot[a] for a in clause)
            own = list(group.var_clauses[slot[v]])
            if old not in own:
                return None
            own[own.index(old)] = tuple(k for k in old if k != slot[banned])
            clauses = list(group.var_clauses)
            clauses[slot[v]] = tuple(own)
            changed = Problem(frozenset(), group.variables, tuple(clauses), group.roots)
        else:
            return None
        nodes, method = self._solve_group(changed)
        chosen = set(forced).union(*(p for k, p in enumerate(base.picks) if k != g), nodes)
        used = max(base.selection.solver, method, key=_RANK.__getitem__)
        return Selection(frozenset(chosen), forced, used, base.selection.open_variables)

    def _forcing_one_more(self, base: _Base, v: int, clause: tuple[int, ...], banned: int) -> Selection | None:
        """A forced node barred from a forced node's clause that has one other alternative.

        That alternative becomes forced, with whatever its one-alternative
        clauses force in turn.  When none of those nodes is a variable of a
        group and each of their OR-clauses is met by a forced node, no group
        changes: the optimum is the base one plus those nodes.  ``None``
        otherwise (the general path is needed).
        """
        forced = base.selection.forced
        prepared = self._prepared
        rest = [a for a in clause if a != banned and a in prepared.effective]
        if v not in forced or len(rest) != 1:
            return None
        singles, multis, group_of = prepared.singles, prepared.multis, base.group_of
        new = {rest[0]}
        stack = [rest[0]]
        while stack:
            for w in singles[stack.pop()]:
                if w not in forced and w not in new:
                    new.add(w)
                    stack.append(w)
        if any(w in group_of for w in new):
            return None
        now_forced = forced | new
        if any(now_forced.isdisjoint(c) for w in new for c in multis[w]):
            return None
        selection = base.selection
        return Selection(selection.nodes | new, now_forced, selection.solver, selection.open_variables)

    def _solve_group(self, group: Problem) -> tuple[tuple[int, ...], str]:
        key = (group.variables, group.var_clauses, group.roots)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._solve_shared(group)
        return found

    def _listed(self, u: int) -> int:
        """The tie-break rank of ``u``: its earliest position in an OR-clause of the request."""
        rank = self._listed_ranks.get(u)
        if rank is None:
            rank = self._listed_ranks[u] = listed_rank(self.index, self._prepared, u)
        return rank

    def _solve_shared(self, group: Problem) -> tuple[tuple[int, ...], str]:
        """A group's optimum from the graph's LRU of solved groups, or solved and remembered.

        A group's optimum depends only on its variables, clauses and tiers;
        the tiers depend on the graph (efforts, ids), which node is preferred
        or avoided, and the listed ranks.  All of that, and the solver asked
        for, is the key, so a hit is exactly what a fresh solve would give.
        """
        variables = group.variables
        listed = [self._listed(u) for u in variables]
        if len(variables) > SHARED_MAX_VARIABLES:
            return self._solve_fresh(group, listed)
        preferred, avoided = self.preferred, self.avoided
        key = (
            variables, group.var_clauses, group.roots, tuple(listed), self.solver,
            tuple(u for u in variables if u in preferred) if preferred else (),
            tuple(u for u in variables if u in avoided) if avoided else (),
        )
        cache, lock = self.index.solved, self.index.solved_lock
        with lock:
            found = cache.get(key)
            if found is not None:
                cache.move_to_end(key)
                return found
        found = self._solve_fresh(group, listed)
        with lock:
            cache[key] = found
            if len(cache) > SHARED_GROUPS:
                cache.popitem(last=False)
        return found

    def _solve_fresh(self, group: Problem, listed: list[int]) -> tuple[tuple[int, ...], str]:
        tiers = _tiers(self.index, group, self.preferred, self.avoided, listed)
        picked = None
        method = "milp"
        if self.solver == "search" or (self.solver == "auto" and len(group.variables) <= SEARCH_MAX_VARIABLES):
            budget = None if self.solver == "search" else SEARCH_BUDGET
            picked = solve_search(group, combine_tiers(tiers), max_expansions=budget)
            method = "search"
        if picked is None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise PlanTimeoutError(f"no optimal plan proven within the {self.time_limit:g} s time limit")
            picked = solve_milp(group, tiers, time_limit=remaining)
            method = "milp"
        return tuple(group.variables[k] for k in picked), method


def select(
    index: GraphIndex,
    targets: tuple[int, ...],
    known: frozenset[int],
    *,
    preferred: frozenset[int] = frozenset(),
    avoided: frozenset[int] = frozenset(),
    banned: frozenset[Ban] = frozenset(),
    time_limit: float = 10.0,
    solver: SolverName = "auto",
) -> Selection:
    """The optimal node set for ``targets`` given ``known`` (see the module docstring)."""
    return Selector(index, targets, known, preferred, avoided, time_limit, solver, banned).best()


def _groups(problem: Problem) -> list[Problem]:
    """Split the open problem into groups of variables no clause connects."""
    n = len(problem.variables)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(members) -> None:
        first = find(members[0])
        for m in members[1:]:
            parent[find(m)] = first

    for clause in problem.roots:
        join(clause)
    for v, clauses in enumerate(problem.var_clauses):
        for clause in clauses:
            join((v, *clause))
    members: dict[int, list[int]] = {}
    for v in range(n):
        members.setdefault(find(v), []).append(v)
    roots_of: dict[int, list[tuple[int, ...]]] = {}
    for clause in problem.roots:
        roots_of.setdefault(find(clause[0]), []).append(clause)
    groups = []
    for head, vs in sorted(members.items(), key=lambda item: item[1][0]):
        slot = {v: k for k, v in enumerate(vs)}
        groups.append(Problem(
            forced=frozenset(),
            variables=tuple(problem.variables[v] for v in vs),
            var_clauses=tuple(tuple(tuple(slot[a] for a in c) for c in problem.var_clauses[v]) for v in vs),
            roots=tuple(tuple(slot[a] for a in c) for c in roots_of.get(head, [])),
        ))
    return groups


def listed_rank(index: GraphIndex, prepared: Prepared, u: int) -> int:
    """The smallest position at which ``u`` is listed in an OR-clause of the request.

    The clauses counted are those with two or more alternatives, of nodes of
    the request's region (``prepared.effective``), that no known node meets.
    :data:`UNLISTED` if there is none.
    """
    effective, known, requires = prepared.effective, prepared.known, index.requires
    best = UNLISTED
    for v, c, p in index.offers[u]:
        if p < best and v in effective and known.isdisjoint(requires[v][c]):
            best = p
    return best


def _tiers(index: GraphIndex, problem: Problem, preferred: frozenset[int], avoided: frozenset[int],
           listed: list[int]) -> list[list[int]]:
    variables = problem.variables
    cents = [index.cents[v] for v in variables]
    unit = math.gcd(*cents) or 1
    effort = [c // unit * (PREFERRED_FACTOR if v in preferred else NORMAL_FACTOR) for c, v in zip(cents, variables)]
    # designer's order: given equal steps, more nodes of the best listed rank, then of the
    # next, ...; "how many have a rank above r", per rank r present but the last, says it
    listed_tiers = [[int(r > threshold) for r in listed] for threshold in sorted(set(listed))[:-1]]
    # the last tier is the node's position in id order, the same in every group and re-solve
    tiers = [effort, [1] * len(variables), *listed_tiers, list(variables)]
    if any(v in avoided for v in variables):
        tiers.insert(0, [int(v in avoided) for v in variables])
    return tiers


def _check_closed(index: GraphIndex, nodes: set[int], known: frozenset[int], targets: tuple[int, ...]) -> None:
    """Post-condition: every target is in, and every clause of every node is met."""
    missing = [t for t in targets if t not in nodes]
    requires, all_single, prerequisites = index.requires, index.all_single, index.prerequisites
    touched = index.touched(known) if known else ()
    # a node with one alternative per clause and no known prerequisite needs every prerequisite
    suspects = [v for v in nodes if not (all_single[v] and v not in touched and nodes.issuperset(prerequisites[v]))]
    unmet = [
        (index.ids[v], c)
        for v in suspects
        for c, clause in enumerate(requires[v])
        if nodes.isdisjoint(clause) and known.isdisjoint(clause)
    ]
    if missing or unmet:
        raise RuntimeError(f"internal error: plan misses targets {missing} or leaves clauses unmet {sorted(unmet)[:5]}")
