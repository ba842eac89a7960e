"""Build small curricula from ``{id: (hours, requires[, kind[, stage]])}``.

A plain module (not a fixture) so hypothesis strategies can call it too.
"""

from __future__ import annotations

from graph.curriculum import CurriculumGraph, build_graph
from graph.models import Curriculum, LEGACY_STAGES, Node


#: Deep learning takes PyTorch or TensorFlow; PyTorch is the cheaper one.
DEEP_LEARNING = {
    "python": (80, [], "tool"),
    "statistics": (30, []),
    "pytorch": (60, [["python"]], "tool", "frameworks"),
    "tensorflow": (70, [["python"]], "tool", "frameworks"),
    "deep-learning": (50, [["python"], ["statistics"], ["pytorch", "tensorflow"]], "topic", "ml-concepts"),
    "ml-engineer": (0, [["deep-learning"]], "role", "career"),
}


def toy(spec: dict, names: dict | None = None) -> CurriculumGraph:
    nodes = []
    for node_id, entry in spec.items():
        hours, requires, *rest = entry
        kind = rest[0] if rest else "topic"
        stage = rest[1] if len(rest) > 1 else "foundations"
        nodes.append(Node(
            id=node_id,
            name=(names or {}).get(node_id, node_id.replace("-", " ").title()),
            kind=kind,
            stage=stage,
            effort_hours=hours,
            source="test",
            requires=[list(c) for c in requires],
        ))
    return build_graph(Curriculum(stages=LEGACY_STAGES, nodes=tuple(nodes)))
