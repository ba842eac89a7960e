"""Which nodes a plan contains: the least-effort choice, exact whenever time allows.

The objective is lexicographic, most important first:

1. the number of *avoided* nodes used (only when the request avoids any);
2. effort, in *weighted cents*: hundredths of an hour times 5, or times 4
   for *preferred* nodes (a preferred node competes at 80 % of its hours;
   the plan still reports its real hours);
3. the number of steps, so free nodes (0-hour milestones) are never added
   without need and no step of the result can be removed;
4. the number of steps that are not *kept* (only when the request keeps an
   earlier plan's steps): among equally good plans, the one closest to the
   learner's earlier plan;
5. the designer's order: each node's *listed rank* is the smallest position
   at which it appears in an OR-clause of a region node that no known node
   meets (see :func:`listed_rank`); plans are compared by their sorted ranks,
   lexicographically, which with equal step counts means more nodes at
   rank 0, then at rank 1, ...  Per group this is one 0/1 tier per distinct
   rank present but the last ("ranked after r");
6. the sum of the chosen nodes' positions in id order (earlier ids win the
   remaining ties).  Where HiGHS would need a solve for this tier alone, its
   deterministic choice breaks those ties instead.

Forced problems skip the solvers entirely.  The open rest falls apart into
independent groups of choices (no clause links them); every tier is a sum
over nodes, so each group is solved on its own and the optima add up.  Small
groups go to the branch and bound, the rest (or any the branch and bound
gives up on) to HiGHS, which shares what is left of the deadline among them
by size.  A group HiGHS cannot prove in its share keeps the best set found,
starting from the heuristic's, with the bound HiGHS proved: the selection is
then *not proven*, and says by how much it may miss.

A re-solve for a price (:meth:`Selector.without`) redoes only the part of
the problem its ban touches; every other group keeps the plan's answer.
Answers are remembered in an LRU on the graph's index, keyed by everything
their optimum depends on and shared by requests, or, for groups too large
for it, for the request: settled ones, and re-solves cut short by pricing's
budgets (under those budgets).  A hit is charged the work its solve took, so
what a request gets never depends on the cache's history.

Pricing's budgets are counts, never seconds: branch-and-bound *expansions*
for the search, and *HiGHS work* for HiGHS, its branch-and-bound nodes (the
root included) times the group's variables, since a node's linear program
grows with the group.  The plan's own deadline is the one clock a re-solve
still obeys: past it, the price is a bound.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from recommender.index import GraphIndex
from recommender.reduction import Ban, Opening, Prepared, Problem, ban, open_problem, prepare, problem_over
from recommender.solvers import Outcome, combine_tiers, heuristic, solve_milp, solve_search

__all__ = [
    "UNSOLVED", "Reselection", "Selection", "Selector", "select", "listed_rank", "SolverName",
    "SEARCH_MAX_VARIABLES", "UNLISTED", "PREFERRED_FACTOR", "NORMAL_FACTOR",
]

SolverName = Literal["auto", "search", "milp"]

#: Groups up to this many variables try the branch and bound first.
SEARCH_MAX_VARIABLES = 150
#: Expansions the branch and bound may spend on one group before HiGHS takes over.
SEARCH_BUDGET = 4000
#: The graph's LRU of solved groups holds this many groups of at most ``SHARED_MAX_VARIABLES`` variables.
SHARED_GROUPS = 1024
SHARED_MAX_VARIABLES = 500
#: The tie-break rank of a node listed in no OR-clause of the request (after every real position).
UNLISTED = 1 << 30
PREFERRED_FACTOR, NORMAL_FACTOR = 4, 5
_RANK = {"forced": 0, "search": 1, "milp": 2, "heuristic": 3}
Objective = Literal["plan", "price"]


@dataclass(frozen=True)
class Selection:
    """A chosen node set and its standing."""

    nodes: frozenset[int]
    #: the heaviest method any group needed: "forced", "search", "milp" or "heuristic"
    solver: str
    #: the least weighted effort is proven (tiers 1 and 2)
    proven: bool
    #: every tie-break tier is settled too
    settled: bool
    #: weighted cents of ``nodes``, and a proven lower bound on those of the best plan
    #: (``None`` when an unsettled avoided-nodes tier leaves effort unbounded)
    weighted: int
    bound: int | None


class Reselection(NamedTuple):
    """The best plan under a ban, as the nodes it adds to and drops from the plan, with its standing."""

    added: frozenset[int]
    dropped: frozenset[int]
    proven: bool
    bound: int | None


#: What :meth:`Selector.without` gives when its re-solve needed HiGHS and did not run: pricing's HiGHS
#: work was spent, or the plan's deadline had passed (a search past its share of expansions gives its
#: best set and bound instead).
UNSOLVED = Reselection(frozenset(), frozenset(), False, None)


@dataclass(frozen=True)
class _Answer:
    """One group's chosen positions and standing (``bound`` in weighted cents)."""

    picked: tuple[int, ...] | None
    proven: bool
    settled: bool
    weighted: int
    bound: int | None
    method: str
    #: branch and bound expansions and HiGHS work the solve took: what a remembered answer is charged,
    #: as a fresh solve would be
    expansions: int = 0
    highs_work: int = 0
    #: the budgets (expansions, HiGHS work) a re-solve cut short had (``None``: not cut short); its answer
    #: holds for those budgets only
    cut_at: tuple[int | None, int | None] | None = None


_UNSOLVED = _Answer(None, False, False, 0, None, "milp")


@dataclass
class Selector:
    """Solves one request, then the same request with single alternatives barred (for prices)."""

    index: GraphIndex
    goals: tuple[tuple[int, ...], ...]
    known: frozenset[int]
    preferred: frozenset[int] = frozenset()
    avoided: frozenset[int] = frozenset()
    kept: frozenset[int] = frozenset()
    solver: SolverName = "auto"
    prepared: Prepared = field(init=False)
    opening: Opening = field(init=False)
    _reduction: "Reduction" = field(init=False)
    _forced_weighted: int = field(init=False)
    #: how many of the plan's groups are not proven
    _unproven: int = field(init=False, default=0)
    #: whether the plan's deadline stopped a re-solve for a price (only then do prices depend on the clock)
    price_timed: bool = field(init=False, default=False)
    #: branch and bound expansions the plan's selection took, and those re-solves for prices may still take
    expansions: int = field(init=False, default=0)
    price_expansions: int = field(init=False, default=0)
    #: the most one re-solve for a price may spend of ``price_expansions``
    price_cap: int = field(init=False, default=0)
    #: the same for HiGHS work (nodes times variables): the selection's, pricing's left, one re-solve's most
    highs_work: int = field(init=False, default=0)
    price_highs: int = field(init=False, default=0)
    price_highs_cap: int = field(init=False, default=0)
    #: the groups already charged to this request: a group met again costs nothing more
    _charged: set = field(init=False, default_factory=set)
    _answers: list["_Answer"] = field(init=False, default_factory=list)
    #: settled answers of groups too large for the graph's LRU
    _memo: OrderedDict = field(init=False, default_factory=OrderedDict)
    _best: Selection | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._reduction = reduction(self.index, self.goals, self.known)
        self.prepared, self.opening = self._reduction.prepared, self._reduction.opening
        self._forced_weighted = sum(map(self._weighted, self.opening.forced))

    def best(self, deadline: float) -> Selection:
        """The plan's selection, solved once; groups share what is left until ``deadline``."""
        if self._best is None:
            forced = self.opening.forced
            self._answers = self._solve_groups(self._reduction.groups, "plan", deadline)
            self._best = self._selection(forced, self._answers)
            self._unproven = sum(not a.proven for a in self._answers)
            _check_closed(self.index, self._best.nodes, self.known, self.goals)
        return self._best

    def without(self, barred: Ban, deadline: float) -> "Reselection | None":
        """The best plan with ``barred``'s alternative barred from its clause, as a change to this plan.

        ``None`` if no plan does without it.  The one path for bans:
        :func:`~recommender.reduction.ban` says which clause changes; the
        part of the problem it touches is rebuilt (the clause's own group
        with the clause rewritten, or, when the clause now names nodes
        outside it, everything reached from the touched groups' roots) and
        solved for avoided nodes, effort and steps (all a price needs);
        every other group keeps the plan's answer.  A part whose HiGHS solve
        in the plan took more HiGHS work than pricing has left, or that
        needs HiGHS once ``deadline`` has passed, is not solved:
        :data:`UNSOLVED`.  Call :meth:`best` first.
        """
        change = ban(self.prepared, self.opening, barred)
        if change is None:
            return None
        best = self._best
        if change.node is None:
            return Reselection(frozenset(), frozenset(), best.proven, best.bound)
        forced, roots, group_of = self.opening.forced, self.opening.roots, self._reduction.group_of
        changed = {change.node: tuple([c for c in change.clauses if forced.isdisjoint(c)])}
        dropped = None
        if change.dropped is not None and len(roots[change.dropped[0]]) == 1:
            dropped = change.dropped[0]  # no other forced node needs that clause
        added = change.added if change.added is not None and change.added not in roots else None
        affected = {group_of[u] for u in change.seeds if u in group_of}
        if change.dropped is not None:
            affected.add(self._reduction.root_group[change.dropped[0]])
        if len(affected) == 1 and all(u in group_of for u in change.seeds):
            # the usual case, a clause that lost an alternative: its group, with the clause rewritten
            if self._beyond_highs_budget(affected):
                return UNSOLVED
            g = next(iter(affected))
            # the ban only narrows the group: its settled answer's cost is a floor for the re-solve
            floor = self._answers[g].picked if self._answers[g].settled else None
            # Speed: a group whose search gave up in the plan goes straight to HiGHS (the seed role avoiding
            # every certification: 4,000 expansions spared per re-solve, 186 ms of CPU down to 110-123 ms)
            search = self._answers[g].method == "search"
            answers = [self._solve_group(self._rewritten(g, changed, dropped, added), "price", deadline, floor, search)]
        else:
            part = self._rederived(affected, changed, dropped, added)  # grows ``affected`` to what it reaches
            if self._beyond_highs_budget(affected):
                return UNSOLVED
            parts = _groups(part)
            plan_groups = zip(self._reduction.groups, self._answers)
            shapes = {(g.variables, g.var_clauses, g.roots): a for g, a in plan_groups}
            answers = [shapes.get((g.variables, g.var_clauses, g.roots)) for g in parts]  # a group left as it was
            fresh = [g for g, a in zip(parts, answers) if a is None]
            solved = iter(self._solve_groups(fresh, "price", deadline))
            answers = [a if a is not None else next(solved) for a in answers]
        for answer in answers:
            if answer is _UNSOLVED:
                return UNSOLVED
            if answer.picked is None:
                return None
        replaced = [self._answers[g] for g in affected]
        before = set().union(*(a.picked for a in replaced))
        after = set().union(*(a.picked for a in answers))
        # the plan's standing, with the replaced groups' part taken out and the new part put in
        bound = None
        if best.bound is not None and all(a.bound is not None for a in answers):
            bound = best.bound - sum(a.bound for a in replaced) + sum(a.bound for a in answers)
        unproven = self._unproven - sum(not a.proven for a in replaced) + sum(not a.proven for a in answers)
        return Reselection(frozenset(after - before), frozenset(before - after), not unproven, bound)

    @property
    def request_key(self) -> tuple:
        """Everything this request's answers depend on, besides the graph."""
        return (self.goals, self.known, self.preferred, self.avoided, self.kept, self.solver)

    def _beyond_highs_budget(self, affected: set[int]) -> bool:
        """Whether the plan's HiGHS solves of these groups took more work than pricing has left.

        A re-solve under a ban works on the same linear programs as the
        plan's solve, so it is expected to take as much; one that cannot
        finish would only spend the budget on a bound.  A group the plan's
        solve could not prove in its time counts as too much: its nodes
        say nothing of what a proof would take.
        """
        answers = [self._answers[g] for g in affected]
        return any(not a.proven for a in answers) or sum(a.highs_work for a in answers) > self.price_highs

    def _rewritten(self, g: int, changed: dict, dropped: tuple[int, ...] | None, added: tuple[int, ...] | None) -> Problem:
        """Group ``g`` with a node's clauses replaced, or a root clause swapped for a narrower one.

        Speed: pricing re-solves one group per decided clause, so the group
        is edited in its own slots rather than derived again from its roots.
        """
        group = self._reduction.groups[g]
        slot = self._reduction.slot(g)
        var_clauses = list(group.var_clauses)
        for v, clauses in changed.items():
            if v in slot:
                var_clauses[slot[v]] = tuple([tuple(map(slot.__getitem__, c)) for c in clauses])
        roots = set(group.roots)
        if dropped is not None:
            roots.discard(tuple(sorted(map(slot.__getitem__, dropped))))
        if added is not None:
            roots.add(tuple(sorted(map(slot.__getitem__, added))))
        return Problem(frozenset(), group.variables, tuple(var_clauses), tuple(sorted(roots)))

    def _rederived(self, affected: set[int], changed: dict, dropped, added) -> Problem:
        """The part reached from the affected groups' roots and a new root, derived again.

        A root naming nodes outside every group can reach further groups:
        they join the part, since the new root ties their choices together.
        """
        open_clauses = self._reduction.open_clauses

        def clauses_of(u: int):
            return changed[u] if u in changed else open_clauses(u)

        while True:
            reach = [r for g in sorted(affected) for r in self._reduction.group_roots[g] if r != dropped]
            problem = problem_over(self.opening.forced, reach + ([added] if added else []), clauses_of)
            group_of = self._reduction.group_of
            further = {group_of[u] for u in problem.variables if u in group_of} - affected
            if not further:
                return problem
            affected |= further

    def _solve_groups(self, groups: list[Problem], objective: Objective, deadline: float) -> list["_Answer"]:
        """Each group's answer; small groups first, the plan's HiGHS solves sharing what is left by group size.

        Re-solves for a price are held by pricing's counts instead, so each
        may run to ``deadline``: a share of the seconds left would make
        prices depend on the clock.
        """
        answers: list[_Answer | None] = [None] * len(groups)
        left = sum(len(g.variables) for g in groups)
        for g in sorted(range(len(groups)), key=lambda g: (len(groups[g].variables), g)):
            size = len(groups[g].variables)
            now = time.monotonic()
            # this group's part of the rest
            share = deadline if objective == "price" else now + max(0.0, deadline - now) * size / left
            left -= size
            answers[g] = self._solve_group(groups[g], objective, share)
        return answers

    def _selection(self, forced: frozenset[int], answers: list["_Answer"]) -> Selection:
        base = self._forced_weighted
        if not answers:
            return Selection(forced, "forced", True, True, base, base)
        chosen = set(forced)
        for answer in answers:
            chosen.update(answer.picked)
        bounds = [a.bound for a in answers]
        return Selection(
            frozenset(chosen),
            max((a.method for a in answers), key=_RANK.__getitem__),
            all(a.proven for a in answers),
            all(a.settled for a in answers),
            base + sum(a.weighted for a in answers),
            None if None in bounds else base + sum(bounds),
        )

    def _weighted(self, v: int) -> int:
        return self.index.cents[v] * (PREFERRED_FACTOR if v in self.preferred else NORMAL_FACTOR)

    def _solve_group(self, group: Problem, objective: Objective, deadline: float,
                     floor: tuple[int, ...] | None = None, search: bool = True) -> _Answer:
        """A group's answer, remembered: in the graph's LRU if small, else for this request.

        A group's optimum depends only on its variables, clauses and tiers;
        the tiers depend on the graph (efforts, ids), which variables are
        preferred, avoided or kept, and the listed ranks.  All of that, the
        objective and the solver asked for are the key, so a hit is exactly
        what a fresh solve would give.  So is what it costs: a hit is
        charged the expansions and HiGHS work its solve took, so the budgets
        pricing has left, and with them every later price, never depend on
        what earlier requests left in the cache.  A settled answer serves any
        budgets that cover its work; a re-solve cut short by pricing's
        budgets is remembered under those budgets (it is what a fresh solve
        with them gives); an answer stopped by the clock is not remembered.
        ``floor``, a set no cheaper than the optimum (see :meth:`without`),
        is part of the key too: the search stops as soon as it matches it.
        So is ``search``: ``False`` skips the branch and bound for HiGHS.
        """
        variables = group.variables
        listed = list(map(self._reduction.ranks.__getitem__, variables))
        if len(variables) > SHARED_MAX_VARIABLES:
            cache, lock = self._memo, nullcontext()
            key = (objective, variables, group.var_clauses, group.roots, floor, search)
        else:
            cache, lock = self.index.solved, self.index.solved_lock
            key = (
                objective, variables, group.var_clauses, group.roots, floor, search, tuple(listed), self.solver,
                *(tuple(u for u in variables if u in chosen) if chosen else () for chosen in (self.preferred, self.avoided, self.kept)),
            )
        budgets = self._budgets(group, objective, search)
        cut_key = (*key, budgets)
        searches, works = budgets
        with lock:
            found = cache.get(key)
            if found is not None and ((searches is not None and found.expansions > searches)
                                      or (works is not None and found.highs_work > works)):
                found = None  # a fresh solve with these budgets would stop short of it
            if found is None:
                found = cache.get(cut_key)
            if found is not None and cache is self.index.solved:
                cache.move_to_end(cut_key if found.cut_at is not None else key)
        if found is None:
            found = self._solved(group, objective, listed, budgets, floor, deadline, search)
            if found.settled or found.cut_at is not None:
                with lock:
                    cache[cut_key if found.cut_at is not None else key] = found
                    if len(cache) > SHARED_GROUPS:
                        cache.popitem(last=False)
        charge = (cut_key if found.cut_at is not None else key) not in self._charged
        self._charged.add(cut_key if found.cut_at is not None else key)
        if charge and objective == "price":
            self.price_expansions -= found.expansions
            self.price_highs -= found.highs_work
        elif charge:
            self.expansions += found.expansions
            self.highs_work += found.highs_work
        return found

    def _searched(self, group: Problem) -> bool:
        return self.solver == "search" or (self.solver == "auto" and len(group.variables) <= SEARCH_MAX_VARIABLES)

    def _budgets(self, group: Problem, objective: Objective, search: bool) -> tuple[int | None, int | None]:
        """The expansions the branch and bound, and the HiGHS work HiGHS, may spend on ``group``
        (``None``: no limit, or that solver does not run)."""
        searches = None
        if self.solver != "search" and search and self._searched(group):
            searches = SEARCH_BUDGET if objective == "plan" else max(0, min(SEARCH_BUDGET, self.price_cap, self.price_expansions))
        works = None
        if objective == "price" and self.solver != "search":
            works = max(0, min(self.price_highs_cap, self.price_highs))
        return searches, works

    def _solved(self, group: Problem, objective: Objective, listed: list[int], budgets: tuple[int | None, int | None],
                floor: tuple[int, ...] | None, deadline: float, search: bool) -> _Answer:
        tiers = _tiers(self.index, group, self.preferred, self.avoided, self.kept, listed)
        outcome: Outcome | None = None
        method = "search"
        used = 0
        budget, works = budgets
        if search and self._searched(group):
            # a price whose share of the search is spent (budget 0) still gets the heuristic's set and the root's bound
            # a price needs only the lead tiers (avoided nodes, effort, steps), as with HiGHS below
            wanted = tiers.values[:tiers.lead] if objective == "price" else tiers.values
            keys = combine_tiers(wanted)
            hint: list[int] = []
            least = None
            if floor is not None:
                slot = dict(zip(group.variables, range(len(group.variables))))
                hint = [slot[u] for u in floor]
                least = sum(keys[k] for k in hint)
            start = heuristic(group, keys, hint)
            if start is None:
                return _Answer(None, True, True, 0, None, "search")
            outcome, used = solve_search(group, keys, max_expansions=budget, incumbent=start,
                                         lead_scale=math.prod(sum(t) + 1 for t in wanted[1:]), least=least)
            if not outcome.proven and objective == "price" and budget is not None and budget < SEARCH_BUDGET:
                return self._answer(group, tiers, outcome, method, used, cut_at=budgets)
            if not outcome.proven:
                outcome = None  # past the search's own limit: HiGHS takes over
        if outcome is None:
            node_limit = None if works is None else works // len(group.variables)
            if objective == "price" and time.monotonic() >= deadline:
                self.price_timed = True
                return _UNSOLVED  # no time for HiGHS, nor for the heuristic a price would not use
            if node_limit is not None and node_limit < 1:
                return _UNSOLVED  # pricing's HiGHS work is spent: not even a root fits
            # HiGHS pays for every tier with a solve: a price needs only the lead ones
            objectives = tiers.values[:tiers.lead] if objective == "price" else tiers.values
            start = heuristic(group, combine_tiers(tiers.values[:tiers.lead]))
            if start is None:
                return _Answer(None, True, True, 0, None, "heuristic")
            outcome = solve_milp(group, objectives, deadline=deadline, incumbent=start, node_limit=node_limit)
            method = "heuristic" if outcome.picked == start and not outcome.proven else "milp"
            if outcome.clock_stopped and objective == "price":
                self.price_timed = True
            elif node_limit is not None and not outcome.settled:
                return self._answer(group, tiers, outcome, method, used, cut_at=budgets)
        return self._answer(group, tiers, outcome, method, used)

    def _answer(self, group: Problem, tiers: "_Tiers", outcome: Outcome, method: str, used: int,
                cut_at: tuple[int | None, int | None] | None = None) -> _Answer:
        work = outcome.nodes * len(group.variables)
        if outcome.picked is None:
            return _Answer(None, True, True, 0, None, method, expansions=used, highs_work=work)
        picked = tuple(group.variables[k] for k in outcome.picked)
        weighted = sum(map(self._weighted, picked))
        if outcome.proven:
            bound = weighted
        elif tiers.effort_first and outcome.lead_bound is not None:
            bound = outcome.lead_bound * tiers.unit
        else:
            bound = None
        return _Answer(picked, outcome.proven, outcome.settled, weighted, bound, method, expansions=used,
                       highs_work=work, cut_at=cut_at)


def select(
    index: GraphIndex,
    targets: tuple[int, ...],
    known: frozenset[int],
    *,
    preferred: frozenset[int] = frozenset(),
    avoided: frozenset[int] = frozenset(),
    kept: frozenset[int] = frozenset(),
    time_limit: float = 10.0,
    solver: SolverName = "auto",
) -> Selection:
    """The best node set for ``targets`` given ``known``, within ``time_limit`` seconds (see the module docstring)."""
    goals = tuple(index.goal(t) for t in targets)
    selector = Selector(index, goals, index.known_closure(known), preferred, avoided, kept, solver)
    return selector.best(time.monotonic() + time_limit)


#: Reductions are remembered for regions up to this many nodes, this many per graph.
REDUCTION_MAX_REGION = 5000
REDUCTIONS = 64


@dataclass(frozen=True, eq=False)
class Reduction:
    """What a request's selection works on, a function of the graph, the goals and the known nodes alone.

    The region and its clauses, the forced nodes, and the open rest split
    into groups, with who belongs where.  Preferences, avoided and kept
    nodes only weigh the choices, so requests differing in those share a
    reduction.  The memos (listed ranks, open clauses, group slots) fill on
    use with values that depend on nothing else, so requests sharing a
    reduction may fill them at once.
    """

    prepared: Prepared
    opening: Opening
    groups: list[Problem]
    #: per variable and per root clause of the plan's problem, the index of its group
    group_of: dict[int, int]
    root_group: dict[tuple[int, ...], int]
    group_roots: list[list[tuple[int, ...]]]
    open_clauses: Callable[[int], tuple]
    #: listed rank per node, worked out on first use
    ranks: "_Ranks"
    _slots: dict[int, dict[int, int]] = field(default_factory=dict)

    def slot(self, g: int) -> dict[int, int]:
        """Group ``g``'s variables -> their indexes in it."""
        slot = self._slots.get(g)
        if slot is None:
            slot = self._slots[g] = {u: k for k, u in enumerate(self.groups[g].variables)}
        return slot


def reduction(index: GraphIndex, goals: tuple[tuple[int, ...], ...], known: frozenset[int]) -> Reduction:
    """The request's :class:`Reduction`, remembered per graph (``index.reductions``) for regions up to
    :data:`REDUCTION_MAX_REGION` nodes.

    Speed: a warm plan on the seed spent a third of its time reducing the
    request again (region, forcing, grouping); a repeated request, or one
    changing only preferences, now finds it.  ``known`` must be closed.
    """
    key = (goals, known)
    with index.solved_lock:
        found = index.reductions.get(key)
        if found is not None:
            index.reductions.move_to_end(key)
            return found
    prepared = prepare(index, goals, known)
    opening = open_problem(prepared)
    roots = sorted(opening.roots)
    open_clauses = prepared.open_clauses(opening.forced, {})
    groups = _groups(problem_over(opening.forced, roots, open_clauses))
    group_of = {v: g for g, group in enumerate(groups) for v in group.variables}
    root_group = {root: group_of[root[0]] for root in roots}
    group_roots: list[list[tuple[int, ...]]] = [[] for _ in groups]
    for root in roots:
        group_roots[root_group[root]].append(root)
    found = Reduction(prepared, opening, groups, group_of, root_group, group_roots, open_clauses, _Ranks(prepared))
    if len(prepared.effective) <= REDUCTION_MAX_REGION:
        with index.solved_lock:
            found = index.reductions.setdefault(key, found)
            if len(index.reductions) > REDUCTIONS:
                index.reductions.popitem(last=False)
    return found


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


class _Ranks(dict):
    """Listed ranks by node, each worked out the first time it is asked for."""

    def __init__(self, prepared: Prepared):
        super().__init__()
        self.prepared = prepared

    def __missing__(self, u: int) -> int:
        rank = self[u] = listed_rank(self.prepared, u)
        return rank


def listed_rank(prepared: Prepared, u: int) -> int:
    """The smallest position at which ``u`` is listed in an OR-clause of the request.

    The clauses counted are those with two or more alternatives, of nodes of
    the request's region (``prepared.effective``), that no known node meets.
    :data:`UNLISTED` if there is none.
    """
    effective, known, clauses = prepared.effective, prepared.known, prepared.index.clauses
    best = UNLISTED
    for v, c, p in prepared.index.offers[u]:
        if p < best and v in effective and known.isdisjoint(clauses[v][c]):
            best = p
    return best


@dataclass(frozen=True)
class _Tiers:
    """A group's tiers, most important first."""

    values: list[list[int]]
    #: how many lead tiers a price needs: avoided nodes (if any), effort, steps
    lead: int
    #: the weighted cents one unit of the effort tier stands for
    unit: int
    #: whether effort is the first tier (no avoided node among the variables)
    effort_first: bool


def _tiers(index: GraphIndex, problem: Problem, preferred: frozenset[int], avoided: frozenset[int],
           kept: frozenset[int], listed: list[int]) -> _Tiers:
    variables = problem.variables
    weighted = [index.cents[v] * (PREFERRED_FACTOR if v in preferred else NORMAL_FACTOR) for v in variables]
    unit = math.gcd(*weighted) or 1
    tiers = [[w // unit for w in weighted], [1] * len(variables)]
    if kept:
        outside = [int(v not in kept) for v in variables]
        if 0 < sum(outside) < len(outside):  # otherwise every plan scores the same
            tiers.append(outside)
    # designer's order: given equal steps, more nodes of the best listed rank, then of the
    # next, ...; "how many have a rank above r", per rank r present but the last, says it
    tiers += [[int(r > threshold) for r in listed] for threshold in sorted(set(listed))[:-1]]
    # the last tier is the node's position in id order, the same in every group and re-solve
    tiers.append(list(variables))
    effort_first = not any(v in avoided for v in variables)
    if not effort_first:
        tiers.insert(0, [int(v in avoided) for v in variables])
    return _Tiers(tiers, 2 if effort_first else 3, unit, effort_first)


def _check_closed(index: GraphIndex, nodes: frozenset[int], known: frozenset[int], goals) -> None:
    """Post-condition: every goal is met, and every clause of every node."""
    missing = [goal for goal in goals if nodes.isdisjoint(goal)]
    clauses, all_single, prerequisites = index.clauses, index.all_single, index.prerequisites
    touched = index.touched(known) if known else ()
    # a node with one alternative per clause and no known prerequisite needs every prerequisite
    suspects = [v for v in nodes if not (all_single[v] and v not in touched and nodes.issuperset(prerequisites[v]))]
    unmet = [
        (index.ids[v], c)
        for v in suspects
        for c, clause in enumerate(clauses[v])
        if nodes.isdisjoint(clause) and known.isdisjoint(clause)
    ]
    if missing or unmet:
        raise RuntimeError(f"internal error: plan misses goals {missing} or leaves clauses unmet {sorted(unmet)[:5]}")
