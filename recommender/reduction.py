"""Shrink a plan request to the choices that are really open.

Three cheap passes run before any search:

1. *Region*: walk back from the goal clauses through requirement clauses,
   stopping at known nodes; a clause already met by a known node is not
   walked at all, since nothing behind it can be needed for its sake.
2. *Feasibility*: in topological order, a node whose clause has no usable
   alternative left can never be learned and drops out of every clause it
   appears in.  A goal left with no alternative makes the request infeasible.
3. *Forcing*: the sole alternative of a one-alternative goal is in every
   plan, and so is the only alternative of a one-alternative clause of a node
   in every plan.  Whatever is forced is decided; what remains are the
   clauses of forced nodes that no forced node meets (the *roots*), and the
   nodes reachable from their alternatives (the *variables*).

If nothing remains open the forced set is the unique optimal plan, and no
solver is needed.

A *ban* bars one alternative from one clause (pricing asks what the plan
would cost without its choice).  :func:`ban` is its one path: it says which
clause changes and how, and :func:`problem_over` derives the open part
reached from a given set of roots, so a re-solve derives only the part the
changed clause reaches.  Forcing stays valid under a ban, since a ban only
removes plans: whatever every plan contained, every remaining plan contains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from graph.errors import InfeasiblePlanError
from recommender.index import GraphIndex

__all__ = ["Ban", "BanChange", "Opening", "Prepared", "Problem", "ban", "open_problem", "prepare", "problem_over"]

#: (node, clause index, alternative): that alternative may not meet that clause.
Ban = tuple[int, int, int]
Clauses = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Problem:
    """What is left to decide after forcing.

    ``variables`` are node positions in ascending order; ``var_clauses[k]``
    are the clauses of ``variables[k]`` still unmet by forced or known nodes,
    written as indexes into ``variables``; ``roots`` are the open clauses of
    forced nodes (and open goals), also as variable indexes, sorted and
    without repeats.  A clause may be empty: a variable with an empty clause
    cannot be chosen.
    """

    forced: frozenset[int]
    variables: tuple[int, ...]
    var_clauses: tuple[Clauses, ...]
    roots: Clauses

    @property
    def is_forced(self) -> bool:
        return not self.roots


@dataclass(frozen=True)
class Prepared:
    """Region and feasibility of one request: the clauses its plans must meet."""

    index: GraphIndex
    #: the goal clauses of the open targets, with only learnable alternatives
    goals: Clauses
    known: frozenset[int]
    #: clauses still to meet per region node (every node here can be learned)
    effective: dict[int, Clauses]
    #: per node, the sole alternatives of its one-alternative clauses
    singles: dict[int, tuple[int, ...]]
    #: per node, its clauses with two or more alternatives
    multis: dict[int, Clauses]

    def open_clauses(self, forced: frozenset[int], cache: dict[int, Clauses]) -> Callable[[int], Clauses]:
        """A node's clauses that no node of ``forced`` meets, remembered in ``cache``."""
        effective = self.effective

        def open_clauses(u: int) -> Clauses:
            found = cache.get(u)
            if found is None:
                found = cache[u] = tuple([c for c in effective[u] if forced.isdisjoint(c)])
            return found

        return open_clauses

    def clauses_without(self, ban: Ban) -> Clauses:
        """The effective clauses of the ban's node, with its alternative barred from its clause.

        The clause must be one no known node meets.  Speed: the node's other
        clauses are its effective ones as they are (a ban per decided clause
        of a plan: rebuilding them all was a fifth of pricing the seed plan).
        """
        v, c, barred = ban
        effective = self.effective
        clause = self.index.clauses[v][c]
        alive = tuple([a for a in clause if a in effective]) if self.index.has_empty_clause else clause
        own = list(effective[v])
        own[own.index(alive)] = tuple([a for a in alive if a != barred])  # equal clauses are interchangeable
        return tuple(own)


def prepare(index: GraphIndex, goals: Clauses, known: frozenset[int]) -> Prepared:
    """Passes 1 and 2; raise :class:`InfeasiblePlanError` if a goal cannot be met.

    ``known`` must already be closed (:meth:`GraphIndex.known_closure`) and
    meet no goal.
    """
    touched = index.touched(known) if known else set()
    region = _region(index, set(chain.from_iterable(goals)), known, touched)
    effective = _effective_clauses(index, region, known, touched)
    dead = [goal for goal in goals if all(effective.get(a) is None for a in goal)]
    if dead:
        stuck = [a for goal in dead for a in goal]
        blocking = _blocking(index, stuck, known, effective)
        names = ", ".join(index.ids[a] for a in stuck)
        raise InfeasiblePlanError(f"no plan can reach {names}: blocked by {', '.join(blocking)}", blocking)
    if index.has_empty_clause:  # only then can a node be unlearnable
        effective = {v: clauses for v, clauses in effective.items() if clauses is not None}
        goals = tuple(tuple(a for a in goal if a in effective) for goal in goals)
    return _prepared(index, goals, known, effective)


@dataclass(frozen=True)
class Opening:
    """What forcing leaves open: the forced nodes, and every open clause with who needs it."""

    forced: frozenset[int]
    #: open clause (sorted positions) -> the forced nodes whose clause it is (-1 for a goal)
    roots: dict[tuple[int, ...], frozenset[int]]


class BanChange(NamedTuple):
    """How a ban changes an :class:`Opening`: new clauses for one node, and root clauses swapped."""

    #: the node whose clauses change, and its clauses with the alternative barred (``None``: nothing changes)
    node: int | None
    clauses: Clauses
    #: ``(clause, owner)`` no longer owned, and a clause now open, if any
    dropped: tuple[tuple[int, ...], int] | None
    added: tuple[int, ...] | None
    #: the nodes whose groups the change reaches
    seeds: tuple[int, ...]


def open_problem(prepared: Prepared) -> Opening:
    """Pass 3: force what every plan contains and keep the open clauses."""
    forced = frozenset(_forced([goal[0] for goal in prepared.goals if len(goal) == 1], prepared.singles))
    multis = prepared.multis
    roots: dict[tuple[int, ...], set[int]] = {}
    for v in forced:
        for clause in multis[v]:
            if forced.isdisjoint(clause):
                roots.setdefault(tuple(sorted(clause)), set()).add(v)
    for goal in prepared.goals:
        if len(goal) > 1 and forced.isdisjoint(goal):
            roots.setdefault(tuple(sorted(goal)), set()).add(-1)
    return Opening(forced, {clause: frozenset(owners) for clause, owners in roots.items()})


def ban(prepared: Prepared, opening: Opening, barred: Ban) -> BanChange | None:
    """How ``barred`` changes the open part: ``None`` if no plan is left, an empty change if nothing changes."""
    v, c, a = barred
    clause = prepared.index.clauses[v][c]
    effective = prepared.effective
    if v not in effective or a not in clause or not prepared.known.isdisjoint(clause):
        return _UNCHANGED  # the clause is not part of this request
    forced = opening.forced
    kept = [b for b in clause if b != a and b in effective]
    if not forced.isdisjoint(kept):
        return _UNCHANGED  # another forced node meets it
    if v not in forced:
        # a clause the barred forced node met now opens on the alternatives left
        return BanChange(v, prepared.clauses_without(barred), None, None, (v, *kept) if a in forced else (v,))
    if not kept:
        return None  # a node every plan needs has lost its last way
    kept.sort()
    was = None if a in forced else (tuple(sorted((*kept, a))), v)
    return BanChange(v, prepared.clauses_without(barred), was, tuple(kept), tuple(kept))


_UNCHANGED = BanChange(None, (), None, None, ())


def problem_over(forced: frozenset[int], roots, open_clauses: Callable[[int], Clauses]) -> Problem:
    """The open problem reached from ``roots`` (clauses of positions) around ``forced``.

    ``open_clauses(u)`` gives node ``u``'s clauses that no forced node meets
    (:meth:`Prepared.open_clauses`, with a ban's change if any).  The
    variables are every node reachable from a root through such clauses.
    """
    roots = sorted(set(roots))
    if not roots:
        return Problem(forced, (), (), ())
    members: set[int] = set()
    stack = [a for clause in roots for a in clause]
    while stack:
        u = stack.pop()
        if u not in members:
            members.add(u)
            for clause in open_clauses(u):
                stack.extend(clause)
    variables = tuple(sorted(members))
    slot = {u: k for k, u in enumerate(variables)}.__getitem__
    var_clauses = tuple([tuple([tuple(map(slot, clause)) for clause in open_clauses(u)]) for u in variables])
    return Problem(forced, variables, var_clauses, tuple([tuple(map(slot, clause)) for clause in roots]))


def _prepared(index: GraphIndex, goals: Clauses, known: frozenset[int], effective: dict[int, Clauses]) -> Prepared:
    clauses, static_singles, static_multis = index.clauses, index.singles, index.multis
    singles: dict[int, tuple[int, ...]] = {}
    multis: dict[int, Clauses] = {}
    for v, own in effective.items():
        if own is clauses[v]:  # Speed: untouched by the request, so the split is the index's
            singles[v], multis[v] = static_singles[v], static_multis[v]
        else:
            singles[v] = tuple(c[0] for c in own if len(c) == 1)
            multis[v] = tuple(c for c in own if len(c) > 1)
    return Prepared(index, goals, known, effective, singles, multis)


def _region(index: GraphIndex, starts: set[int], known: frozenset[int], touched: set[int]) -> set[int]:
    """Every node a plan for the goals might use (``touched``: nodes with a known node in a clause).

    Speed: walked breadth first, a whole layer per step with set operations;
    on a large curriculum that is about twice as fast as a node-by-node walk.
    """
    clauses, prerequisites = index.clauses, index.prerequisites.__getitem__
    seen = set(starts)
    layer = set(starts)
    while layer:
        # no clause of an untouched node is met by a known node: walk every prerequisite
        spread = set(chain.from_iterable(map(prerequisites, layer - touched if touched else layer)))
        for v in layer & touched if touched else ():
            for clause in clauses[v]:
                if known.isdisjoint(clause):
                    spread.update(clause)
        layer = spread - seen
        seen |= layer
    return seen


def _effective_clauses(
    index: GraphIndex, region: set[int], known: frozenset[int], touched: set[int]
) -> dict[int, Clauses | None]:
    """Clauses still to meet, per region node; ``None`` marks a node that cannot be learned.

    In a validated curriculum every clause names existing nodes, so nothing
    can be unlearnable and the clauses are simply those no known node meets
    (the index's own tuple, for a node no known node is a prerequisite of).
    Otherwise nodes are classified prerequisites first.
    """
    clauses = index.clauses
    if not index.has_empty_clause:
        if not touched:
            return {v: clauses[v] for v in region}
        return {
            v: tuple(c for c in clauses[v] if known.isdisjoint(c)) if v in touched else clauses[v]
            for v in region
        }
    effective: dict[int, Clauses | None] = {}
    for v in sorted(region, key=index.topo.__getitem__):  # every alternative is classified first
        own: list[tuple[int, ...]] | None = []
        for clause in clauses[v]:
            if not known.isdisjoint(clause):
                continue
            alive = tuple(a for a in clause if effective.get(a) is not None)
            if not alive:
                own = None
                break
            own.append(alive)
        effective[v] = None if own is None else tuple(own)
    return effective


def _forced(starts: list[int], singles: dict[int, tuple[int, ...]]) -> set[int]:
    """``starts`` and, closed over, the sole alternatives of the one-alternative clauses of forced nodes."""
    alternatives = singles.__getitem__
    forced = set(starts)
    layer = forced.copy()
    while layer:  # Speed: a layer at a time with set operations
        layer = set(chain.from_iterable(map(alternatives, layer)))
        layer -= forced
        forced |= layer
    return forced


def _blocking(index: GraphIndex, stuck: list[int], known: frozenset[int], effective: dict) -> list[str]:
    """The nodes at the bottom of why ``stuck`` cannot be learned, as sorted ids.

    A clause with no alternative in the curriculum blames its own node; an
    alternative that cannot be learned is followed further down.
    """
    blame: set[int] = set()
    seen: set[int] = set()
    stack = list(stuck)
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        for clause in index.clauses[v]:
            if not known.isdisjoint(clause) or any(effective.get(a) is not None for a in clause):
                continue
            if not clause:
                blame.add(v)
            stack.extend(clause)
            break
    return sorted(index.ids[b] for b in blame)
