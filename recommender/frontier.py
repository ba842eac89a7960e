"""What a learner can learn right now: the outer fringe of their knowledge.

A node is *ready* when it is not known and each of its clauses has a known
alternative (so every entry node is ready for a learner who knows nothing).
Given targets, ready nodes that the least-effort plan would use are marked
``on_plan``: the best next step is ready and on the plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.curriculum import CurriculumGraph
from recommender.index import GraphIndex, index_for
from recommender.models import NextSteps, ReadyNode
from recommender.selection import select

__all__ = ["ready", "ready_nodes"]


def ready_nodes(index: GraphIndex, known: frozenset[int]) -> list[int]:
    """Positions of the ready nodes, by stage then id."""
    found = [
        v for v, clauses in enumerate(index.requires)
        if v not in known and not any(known.isdisjoint(clause) for clause in clauses)
    ]
    return sorted(found, key=index.rank.__getitem__)


def ready(graph: CurriculumGraph, known: Iterable[str] = (), *, targets: Iterable[str] | None = None) -> NextSteps:
    """The ready nodes for ``known`` ids, marking those on the plan to ``targets`` ids.

    >>> from graph.curriculum import build_graph
    >>> from graph.models import Curriculum, LEGACY_STAGES, Node
    >>> def node(id, requires=()):
    ...     return Node(id=id, name=id, kind="topic", stage="foundations",
    ...                 effort_hours=1, source="doctest", requires=requires)
    >>> g = build_graph(Curriculum(stages=LEGACY_STAGES, nodes=(node("a"), node("b", [["a"]]), node("c", [["a"], ["b"]]))))
    >>> [r.id for r in ready(g, ["a"]).ready]
    ['b']
    """
    index = index_for(graph)
    known_set = frozenset(index.position[graph.node(k).id] for k in known)
    on_plan: frozenset[int] = frozenset()
    if targets is not None:
        wanted = tuple(dict.fromkeys(index.position[graph.node(t).id] for t in targets))
        wanted = tuple(t for t in wanted if t not in known_set)
        if wanted:
            on_plan = select(index, wanted, known_set).nodes
    nodes = [
        ReadyNode(id=index.ids[v], name=index.name(v), kind=index.node(v).kind, hours=index.hours(v), on_plan=v in on_plan)
        for v in ready_nodes(index, known_set)
    ]
    return NextSteps(known=tuple(sorted(index.ids[k] for k in known_set)), ready=tuple(nodes))
