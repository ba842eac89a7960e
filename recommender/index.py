"""Integer-indexed views of a curriculum, built once per graph and cached.

Every plan walks the same requirement clauses; turning ids into small
integers and clauses into tuples once per graph keeps a request down to plain
list and set operations.  The cache is keyed by the graph object itself (held
weakly), so a reloaded curriculum gets a fresh index and the old one goes away
with its graph.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from graph.curriculum import CurriculumGraph
from graph.models import Node

__all__ = ["GraphIndex", "index_for", "CENTS"]

#: Hours are counted in hundredths: exact integer sums, and 36 seconds of
#: resolution is finer than any effort estimate.
CENTS = 100

_CACHE: "weakref.WeakKeyDictionary[CurriculumGraph, GraphIndex]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True, eq=False)
class GraphIndex:
    """The curriculum as integers.  Position ``i`` is the ``i``-th id in sorted order."""

    graph: CurriculumGraph
    ids: tuple[str, ...]
    position: dict[str, int]
    #: requires[i][c] = the alternatives of clause ``c`` of node ``i``
    #: (ids missing from the curriculum are left out, so such a clause may be empty)
    requires: tuple[tuple[tuple[int, ...], ...], ...]
    #: effort of each node in hundredths of an hour
    cents: tuple[int, ...]
    #: dependents[i] = nodes listing ``i`` in some clause, ascending
    dependents: tuple[tuple[int, ...], ...]
    #: position of each node in the graph's topological order
    topo: tuple[int, ...]
    #: rank of each node's stage in the curriculum's stage order
    stage: tuple[int, ...]
    kind: tuple[str, ...]
    names: tuple[str, ...]
    #: position of each node when sorted by roadmap stage, then id: the order
    #: children and listings follow (``sorted(nodes, key=index.rank.__getitem__)``)
    rank: tuple[int, ...]
    #: whether some clause names no node of the curriculum (only unvalidated graphs)
    has_empty_clause: bool
    #: offers[u] = ``(v, c, p)`` for every OR-clause (two or more alternatives)
    #: ``c`` of node ``v`` that lists ``u``, at 0-based position ``p`` of the
    #: clause as written: the designer's order, used by the tie-break
    offers: tuple[tuple[tuple[int, int, int], ...], ...] = ()
    #: nodes[i] = the node at position ``i``; kinds[i] and stages[i] its kind and stage
    nodes: tuple[Node, ...] = ()
    kinds: tuple = ()
    stages: tuple = ()
    #: prerequisites[i] = every alternative of every clause of ``i``, once, by ``rank``
    prerequisites: tuple[tuple[int, ...], ...] = ()
    #: whether every clause of node ``i`` has exactly one alternative
    all_single: tuple[bool, ...] = ()
    #: multi[i] = the indexes of node ``i``'s clauses with two or more alternatives
    multi: tuple[tuple[int, ...], ...] = ()
    #: singles[i] = the sole alternatives of node ``i``'s one-alternative clauses
    singles: tuple[tuple[int, ...], ...] = ()
    #: multis[i] = node ``i``'s clauses with two or more alternatives
    multis: tuple[tuple[tuple[int, ...], ...], ...] = ()

    #: solved groups of choices, shared by every request on this graph (see
    #: :class:`~recommender.selection.Selector`): an LRU, guarded by ``solved_lock``
    solved: "OrderedDict" = field(default_factory=OrderedDict, repr=False)
    solved_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def touched(self, known: frozenset[int]) -> set[int]:
        """The nodes with a clause that lists a node of ``known``."""
        dependents = self.dependents
        return {d for k in known for d in dependents[k]}

    def node(self, i: int) -> Node:
        return self.graph.nodes[self.ids[i]]

    def name(self, i: int) -> str:
        return self.names[i]

    def hours(self, i: int) -> float:
        return self.cents[i] / CENTS


def index_for(graph: CurriculumGraph) -> GraphIndex:
    """The cached index of ``graph``, built on first use."""
    index = _CACHE.get(graph)
    if index is None:
        index = _build(graph)
        _CACHE[graph] = index
    return index


def _build(graph: CurriculumGraph) -> GraphIndex:
    ids = tuple(graph.nodes)  # already sorted by id
    position = {node_id: i for i, node_id in enumerate(ids)}
    nodes = [graph.nodes[node_id] for node_id in ids]
    requires = tuple(
        tuple(tuple(position[a] for a in clause if a in position) for clause in node.requires)
        for node in nodes
    )
    dependents: list[list[int]] = [[] for _ in ids]
    for i, clauses in enumerate(requires):
        for prerequisite in {a for clause in clauses for a in clause}:
            dependents[prerequisite].append(i)
    topo = [0] * len(ids)
    order = graph.topological_order or ids
    for place, node_id in enumerate(order):
        topo[position[node_id]] = place
    stage = tuple(map(graph.stage_rank.__getitem__, (node.stage for node in nodes)))
    offers: list[list[tuple[int, int, int]]] = [[] for _ in ids]
    for v, clauses in enumerate(requires):
        for c, clause in enumerate(clauses):
            if len(clause) > 1:
                for p, a in enumerate(clause):
                    offers[a].append((v, c, p))
    rank = [0] * len(ids)
    for place, i in enumerate(sorted(range(len(ids)), key=lambda i: (stage[i], i))):
        rank[i] = place
    return GraphIndex(
        graph=graph,
        ids=ids,
        position=position,
        requires=requires,
        cents=tuple(_to_cents(node.effort_hours) for node in nodes),
        dependents=tuple(tuple(sorted(d)) for d in dependents),
        topo=tuple(topo),
        stage=stage,
        kind=tuple(node.kind.value for node in nodes),
        names=tuple(node.name for node in nodes),
        rank=tuple(rank),
        has_empty_clause=any(not clause for clauses in requires for clause in clauses),
        offers=tuple(tuple(o) for o in offers),
        nodes=tuple(nodes),
        kinds=tuple(node.kind for node in nodes),
        stages=tuple(node.stage for node in nodes),
        prerequisites=tuple(
            tuple(sorted({a for clause in clauses for a in clause}, key=rank.__getitem__)) for clauses in requires
        ),
        all_single=tuple(all(len(clause) == 1 for clause in clauses) for clauses in requires),
        multi=tuple(tuple(c for c, clause in enumerate(clauses) if len(clause) > 1) for clauses in requires),
        singles=tuple(tuple(clause[0] for clause in clauses if len(clause) == 1) for clauses in requires),
        multis=tuple(tuple(clause for clause in clauses if len(clause) > 1) for clauses in requires),
    )


def _to_cents(hours: float) -> int:
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"effort must be a finite, non-negative number of hours, got {hours!r}")
    return round(hours * CENTS)
