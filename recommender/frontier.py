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
from recommender.models import NextSteps
from recommender.planner import positions
from recommender.render import render_next_steps
from recommender.selection import select

__all__ = ["ready", "ready_nodes"]


def ready_nodes(index: GraphIndex, known: frozenset[int]) -> list[int]:
    """Positions of the ready nodes, by stage then id."""
    found = [
        v for v, clauses in enumerate(index.clauses)
        if v not in known and not any(known.isdisjoint(clause) for clause in clauses)
    ]
    return sorted(found, key=index.rank.__getitem__)


def ready(graph: CurriculumGraph, known: Iterable[str] = (), *, targets: Iterable[str] | None = None) -> NextSteps:
    """The ready nodes for ``known`` ids, marking those on the plan to ``targets`` ids.

    Knowing a whole means knowing its parts, and knowing a course what it teaches.

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
    known_set = index.known_closure(frozenset(positions(graph, index, "known", known)))
    on_plan: frozenset[int] = frozenset()
    if targets is not None:
        wanted = tuple(t for t in dict.fromkeys(positions(graph, index, "targets", targets)) if t not in known_set)
        if wanted:
            on_plan = select(index, wanted, known_set).nodes
    return render_next_steps(index, known_set, ready_nodes(index, known_set), on_plan)
