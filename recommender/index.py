"""The curriculum compiled to integers, once per graph: the planner's only view of structure.

Position ``i`` is the ``i``-th id in sorted order.  Every requirement a plan
must honour reaches the planner as a *clause* here: ``clauses[v]`` are the
clauses of node ``v`` (all must be met; each is met by any one of its
alternatives), ``goal(t)`` is the clause reaching target ``t`` means, and
``known_closure`` is everything a set of known nodes implies.  Nothing
downstream reads a :class:`~graph.models.Node` again, so this is the one
place the curriculum's relations become clauses:

* ``requires``: one clause per clause, its alternatives as written.
* ``parts``: a whole consists of its parts, so each part is a clause of the
  whole with that one alternative (learning the whole means its parts plus
  its own hours), and knowing a whole means knowing its parts, transitively.
* ``covers``: completing a course makes what it covers known, so every
  clause naming a covered node (a part of a covered whole included) also
  lists the courses covering it, after the written alternatives; so does
  the goal clause of a covered target; and knowing a course means knowing
  what it covers.  Validation guarantees the compiled clauses stay acyclic.

The cache is keyed by the graph object, held weakly, and the index holds no
reference back to its graph, so an index goes away with its graph.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from graph.curriculum import CurriculumGraph
from graph.models import Kind, Node

__all__ = ["GraphIndex", "index_for", "CENTS"]

#: Hours are counted in hundredths: exact integer sums, and 36 seconds of
#: resolution is finer than any effort estimate.
CENTS = 100

_CACHE: "weakref.WeakKeyDictionary[CurriculumGraph, GraphIndex]" = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True, eq=False)
class GraphIndex:
    """The curriculum as integers, with what planning reads per node precomputed."""

    ids: tuple[str, ...]
    position: dict[str, int]
    #: clauses[i][c] = the alternatives of clause ``c`` of node ``i``, as written
    #: (ids missing from the curriculum are left out, so such a clause may be empty)
    clauses: tuple[tuple[tuple[int, ...], ...], ...]
    #: effort of each node in hundredths of an hour
    cents: tuple[int, ...]
    names: tuple[str, ...]
    kinds: tuple[Kind, ...]
    #: each node's stage id
    stages: tuple[str, ...]
    #: position of each node in the graph's topological order
    topo: tuple[int, ...]
    #: position of each node when sorted by the curriculum's stage order, then id: the
    #: order children and listings follow (``sorted(nodes, key=index.rank.__getitem__)``)
    rank: tuple[int, ...]
    #: dependents[i] = nodes listing ``i`` in some clause, ascending
    dependents: tuple[tuple[int, ...], ...]
    #: offers[u] = ``(v, c, p)`` for every OR-clause (two or more alternatives)
    #: ``c`` of node ``v`` that lists ``u``, at 0-based position ``p`` of the
    #: clause as written: the designer's order, used by the tie-break
    offers: tuple[tuple[tuple[int, int, int], ...], ...]
    #: whether some clause names no node of the curriculum (only unvalidated graphs)
    has_empty_clause: bool
    #: teachers[i] = the courses teaching node ``i`` (covering it, or a whole it is part of), by id
    teachers: tuple[tuple[int, ...], ...]
    #: implied[i] = what knowing ``i`` means knowing at once: its parts, and what it covers
    implied: tuple[tuple[int, ...], ...]
    #: named[i][c] = how many leading alternatives of clause ``c`` of node ``i`` the
    #: clause names itself (written, or the part); the rest are courses teaching them
    named: tuple[tuple[int, ...], ...]
    # Speed: the per-node views below let a node that no known node is a
    # prerequisite of pass the region walk, forcing, ordering and the reasons
    # without any per-request work (on a 100k curriculum, most nodes).
    #: prerequisites[i] = every alternative of every clause of ``i``, once, by ``rank``
    prerequisites: tuple[tuple[int, ...], ...]
    #: whether every clause of node ``i`` has exactly one alternative
    all_single: tuple[bool, ...]
    #: multi[i] = the indexes of node ``i``'s clauses with two or more alternatives
    multi: tuple[tuple[int, ...], ...]
    #: singles[i] = the sole alternatives of node ``i``'s one-alternative clauses
    singles: tuple[tuple[int, ...], ...]
    #: multis[i] = node ``i``'s clauses with two or more alternatives
    multis: tuple[tuple[tuple[int, ...], ...], ...]
    #: solved groups of choices, shared by every request on this graph (see
    #: :mod:`recommender.selection`): an LRU, guarded by ``solved_lock``
    solved: "OrderedDict" = field(default_factory=OrderedDict, repr=False)
    solved_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: requests' reductions (region, forcing, groups) by goals and known nodes, an LRU
    #: guarded by ``solved_lock`` (see :func:`recommender.selection.reduction`)
    reductions: "OrderedDict" = field(default_factory=OrderedDict, repr=False)

    def forget_solved(self) -> None:
        """Empty the caches of solved groups and reductions, as for a graph no request has used."""
        with self.solved_lock:
            self.solved.clear()
            self.reductions.clear()

    def goal(self, target: int) -> tuple[int, ...]:
        """The clause a plan meets to reach ``target``: the target itself, or a course teaching it."""
        return (target, *self.teachers[target])

    def known_closure(self, known: frozenset[int]) -> frozenset[int]:
        """Everything known once ``known`` is: with every part of a known whole and all a known course teaches."""
        implied = self.implied
        if not any(implied[k] for k in known):
            return known
        closed = set(known)
        stack = list(known)
        while stack:
            for u in implied[stack.pop()]:
                if u not in closed:
                    closed.add(u)
                    stack.append(u)
        return frozenset(closed)

    def touched(self, known: frozenset[int]) -> set[int]:
        """The nodes with a clause that lists a node of ``known``."""
        dependents = self.dependents
        return {d for k in known for d in dependents[k]}

    def hours(self, i: int) -> float:
        return self.cents[i] / CENTS


def index_for(graph: CurriculumGraph) -> GraphIndex:
    """The cached index of ``graph``, built on first use."""
    index = _CACHE.get(graph)
    if index is None:
        built = _build(graph)
        with _CACHE_LOCK:  # two threads building at once keep one index
            index = _CACHE.setdefault(graph, built)
    return index


def _build(graph: CurriculumGraph) -> GraphIndex:
    ids = tuple(graph.nodes)  # already sorted by id
    position = {node_id: i for i, node_id in enumerate(ids)}
    nodes = tuple(graph.nodes[node_id] for node_id in ids)
    teachers = tuple(tuple(position[c] for c in graph.covered_by.get(node_id, ()) if c in position) for node_id in ids)
    written = tuple(_written_clauses(node, position) for node in nodes)
    clauses = tuple(_compiled_clauses(v, own, teachers) for v, own in enumerate(written))
    stage_rank = graph.stage_rank
    stage = [stage_rank.get(node.stage, len(stage_rank)) for node in nodes]
    rank = [0] * len(ids)
    for place, i in enumerate(sorted(range(len(ids)), key=lambda i: (stage[i], i))):
        rank[i] = place
    topo = [0] * len(ids)
    for place, node_id in enumerate(graph.topological_order or ids):
        topo[position[node_id]] = place
    return GraphIndex(
        ids=ids,
        position=position,
        clauses=clauses,
        cents=tuple(_to_cents(node.effort_hours) for node in nodes),
        names=tuple(node.name for node in nodes),
        kinds=tuple(node.kind for node in nodes),
        stages=tuple(node.stage for node in nodes),
        topo=tuple(topo),
        rank=tuple(rank),
        dependents=_dependents(clauses),
        offers=_offers(clauses),
        has_empty_clause=any(not clause for own in clauses for clause in own),
        teachers=teachers,
        implied=tuple(
            tuple(dict.fromkeys(position[u] for u in (*node.parts, *node.covers) if u in position)) for node in nodes
        ),
        named=tuple(tuple(len(set(alternatives)) for alternatives in own) for own in written),
        prerequisites=tuple(
            tuple(sorted({a for clause in own for a in clause}, key=rank.__getitem__)) for own in clauses
        ),
        all_single=tuple(all(len(clause) == 1 for clause in own) for own in clauses),
        multi=tuple(tuple(c for c, clause in enumerate(own) if len(clause) > 1) for own in clauses),
        singles=tuple(tuple(clause[0] for clause in own if len(clause) == 1) for own in clauses),
        multis=tuple(tuple(clause for clause in own if len(clause) > 1) for own in clauses),
    )


def _written_clauses(node: Node, position: dict[str, int]) -> list[list[int]]:
    """The node's requirement clauses, then one clause per part, as positions.

    Clause ``c < len(node.requires)`` is ``node.requires[c]``; ids missing
    from the curriculum are left out.
    """
    written = [[position[a] for a in clause if a in position] for clause in node.requires]
    return written + [[position[part]] for part in node.parts if part in position]


def _compiled_clauses(v: int, written: list[list[int]], teachers) -> tuple[tuple[int, ...], ...]:
    """The written clauses of node ``v``, each with its alternatives' teachers after them."""
    compiled = []
    for alternatives in written:
        taught = [c for a in alternatives for c in teachers[a] if c != v]
        compiled.append(tuple(dict.fromkeys(alternatives + taught)) if taught else tuple(alternatives))
    return tuple(compiled)


def _dependents(clauses) -> tuple[tuple[int, ...], ...]:
    dependents: list[list[int]] = [[] for _ in clauses]
    for i, own in enumerate(clauses):
        for prerequisite in {a for clause in own for a in clause}:
            dependents[prerequisite].append(i)
    return tuple(tuple(sorted(d)) for d in dependents)


def _offers(clauses) -> tuple[tuple[tuple[int, int, int], ...], ...]:
    offers: list[list[tuple[int, int, int]]] = [[] for _ in clauses]
    for v, own in enumerate(clauses):
        for c, clause in enumerate(own):
            if len(clause) > 1:
                for p, a in enumerate(clause):
                    offers[a].append((v, c, p))
    return tuple(tuple(o) for o in offers)


def _to_cents(hours: float) -> int:
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"effort must be a finite, non-negative number of hours, got {hours!r}")
    return round(hours * CENTS)
