"""Synthetic curricula of any size, for benchmarks and scale tests.

A layered DAG: nodes are spread over layers, each node past the first layer
has about three requirement clauses drawing on the few layers before it, and
about one clause in ten offers two or three alternatives.  A single role
requires every node of the last layer, so every node serves a goal.  The same
``(size, seed)`` always gives the same curriculum.
"""

from __future__ import annotations

import math
import random

from graph.models import Curriculum, Kind, Node, Stage

__all__ = ["synthetic_curriculum", "ROLE_ID", "SYNTHETIC_STAGES"]

ROLE_ID = "synthetic-role"
#: Layers are spread over the first stages; the role sits in the last.
SYNTHETIC_STAGES = tuple(Stage(id=f"phase-{i + 1}", name=f"Phase {i + 1}", order=i) for i in range(7)) + (
    Stage(id="goal", name="Goal", order=7),
)
_STAGES = [s.id for s in SYNTHETIC_STAGES[:-1]]


def synthetic_curriculum(size: int, *, seed: int = 0, clauses_per_node: float = 3.0, or_fraction: float = 0.10, lookback: int = 3) -> Curriculum:
    """A valid curriculum of ``size`` topics plus one role.

    Parameters
    ----------
    size : number of topic nodes (the role is extra).
    seed : random seed; equal arguments give equal curricula.
    clauses_per_node : mean number of requirement clauses of a non-entry node.
    or_fraction : share of clauses that offer alternatives.
    lookback : how many earlier layers a clause may draw from.
    """
    if size < 1:
        raise ValueError("`size` must be at least 1")
    rng = random.Random(seed)
    layer_count = max(2, round(math.sqrt(size) / 4))
    layers: list[list[str]] = [[] for _ in range(layer_count)]
    for i in range(size):
        layers[min(layer_count - 1, i * layer_count // size)].append(f"t{i}")

    nodes: list[Node] = []
    for depth, layer in enumerate(layers):
        pool = [node_id for previous in layers[max(0, depth - lookback):depth] for node_id in previous]
        stage = _STAGES[depth * len(_STAGES) // layer_count]
        for node_id in layer:
            nodes.append(Node(
                id=node_id,
                name=f"Topic {node_id[1:]}",
                kind=Kind.TOPIC,
                stage=stage,
                effort_hours=float(rng.randint(1, 40)),
                source="synthetic",
                requires=_clauses(rng, pool, clauses_per_node, or_fraction),
            ))
    nodes.append(Node(
        id=ROLE_ID,
        name="Synthetic role",
        kind=Kind.ROLE,
        stage=SYNTHETIC_STAGES[-1].id,
        effort_hours=0.0,
        source="synthetic",
        requires=tuple((node_id,) for node_id in layers[-1]),
    ))
    return Curriculum(stages=SYNTHETIC_STAGES, nodes=tuple(nodes))


def _clauses(rng: random.Random, pool: list[str], mean: float, or_fraction: float) -> tuple[tuple[str, ...], ...]:
    if not pool:
        return ()
    count = min(len(pool), max(1, round(rng.gauss(mean, 1.0))))
    clauses: list[tuple[str, ...]] = []
    used: set[str] = set()
    for _ in range(count):
        width = rng.choice((2, 3)) if rng.random() < or_fraction else 1
        choices = [c for c in rng.sample(pool, min(len(pool), width + 2)) if c not in used][:width]
        if choices:
            used.update(choices)
            clauses.append(tuple(sorted(choices)))
    return tuple(clauses)
