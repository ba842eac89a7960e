"""Changed versions of a curriculum, as a designer would make them, for the carry-over tests."""

from __future__ import annotations

from graph.curriculum import CurriculumGraph, checked_graph
from graph.models import Curriculum, Node


def _rewired(node: Node, rename: dict[str, str], drop: set[str]) -> Node:
    """``node`` with every reference renamed or dropped (a clause left empty goes too)."""
    def ids(items):
        return tuple(dict.fromkeys(rename.get(i, i) for i in items if i not in drop))

    requires = tuple(c for c in (ids(clause) for clause in node.requires) if c)
    return node.model_copy(update={"requires": requires, "resources": ids(node.resources), "parts": ids(node.parts),
                                   "covers": ids(node.covers)})


def changed(graph: CurriculumGraph, *, retire: dict[str, str] = {}, remove: set[str] = frozenset()) -> CurriculumGraph:  # noqa: B006
    """The curriculum with ``retire`` (old id -> new id, the new node ``replaces`` the old) and ``remove`` applied."""
    nodes = []
    for node in graph.curriculum.nodes:
        if node.id in remove:
            continue
        node = _rewired(node, retire, set(remove))
        if node.id in retire:
            node = node.model_copy(update={"id": retire[node.id], "replaces": (*node.replaces, node.id)})
        nodes.append(node)
    return checked_graph(Curriculum(stages=graph.curriculum.stages, nodes=tuple(nodes)), source="tests/learners")
