"""A deterministic layered drawing of a prerequisite DAG (Sugiyama-style, lite).

Three phases, each cheap and free of randomness so the same graph always gets
the same picture:

1. *Layering*: longest path from the entry points along a topological order,
   so every prerequisite sits strictly left of what it unlocks; entry points
   are then pulled right next to their first dependent, which keeps them from
   piling up in one enormous first column.
2. *Ordering*: a few barycenter sweeps (down then up) reorder each layer by
   the mean height of its neighbours, which removes most edge crossings.
3. *Coordinates*: each layer is placed as close as possible (least squares)
   to its neighbours' heights while keeping a minimum gap, solved exactly by
   isotonic regression (pool adjacent violators).  Optionally (``spread``)
   sparse layers get a wider gap, so the middle of a graph is not a thin
   crowded band between tall first and last layers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import networkx as nx

__all__ = ["layer_assignment", "layered_layout"]


def layer_assignment(G: nx.DiGraph, *, topological_order: Iterable[Hashable] | None = None, pull_sources: bool = True) -> dict[Hashable, int]:
    """Layer index of every node: each edge ``u -> v`` has ``layer[u] < layer[v]``.

    Parameters
    ----------
    G : directed acyclic graph, edges pointing prerequisite -> dependent.
    topological_order : a topological order of ``G`` (computed if omitted).
    pull_sources : move nodes without predecessors to the layer just before
        their earliest successor instead of leaving them all in layer 0.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "c")])
    >>> sorted(layer_assignment(G).items())
    [('a', 0), ('b', 1), ('c', 2), ('x', 1)]
    """
    order = _order_iv(G, topological_order)
    layer: dict[Hashable, int] = {}
    for v in order:
        layer[v] = 1 + max((layer[u] for u in G.predecessors(v)), default=-1)
    if pull_sources:
        for v in order:
            if G.in_degree(v) == 0 and G.out_degree(v) > 0:
                layer[v] = min(layer[w] for w in G.successors(v)) - 1
    return layer


def layered_layout(
    G: nx.DiGraph,
    *,
    topological_order: Iterable[Hashable] | None = None,
    sort_key: Callable[[Any], Any] | None = None,
    sweeps: int = 4,
    layer_gap: float = 1.0,
    node_gap: float = 1.0,
    pull_sources: bool = True,
    spread: float = 1.0,
) -> dict[Hashable, tuple[float, float]]:
    """Positions ``node -> (x, y)`` with prerequisites left of their dependents.

    Parameters
    ----------
    G : directed acyclic graph, edges pointing prerequisite -> dependent.
    topological_order : a topological order of ``G`` (computed if omitted).
    sort_key : initial order of nodes inside a layer, before the sweeps
        (default: the node itself); ties later in the sweeps fall back to it.
    sweeps : number of down-and-up barycenter sweeps.
    layer_gap, node_gap : horizontal distance between layers and minimum
        vertical distance between nodes of one layer.
    pull_sources : see :func:`layer_assignment`.
    spread : the most a sparse layer's gap may grow (1 = never): a layer
        with under half the nodes of the fullest gets
        ``min(spread, fullest / (2 * size)) * node_gap``.

    Returns
    -------
    dict mapping each node to ``(x, y)``, rounded to 4 decimals.

    Examples
    --------
    >>> pos = layered_layout(nx.DiGraph([("a", "c"), ("b", "c")]))
    >>> pos["a"][0] < pos["c"][0], pos["a"][1] != pos["b"][1]
    (True, True)
    """
    sweeps, layer_gap, node_gap = _layout_iv(sweeps, layer_gap, node_gap)
    if not isinstance(spread, (int, float)) or not math.isfinite(spread) or spread < 1:
        raise ValueError("`spread` must be a finite number >= 1")
    layer = layer_assignment(G, topological_order=topological_order, pull_sources=pull_sources)
    key = sort_key or (lambda v: v)
    count = max(layer.values(), default=-1) + 1
    layers: list[list[Hashable]] = [[] for _ in range(count)]
    for v in sorted(layer, key=lambda v: (key(v), str(v))):
        layers[layer[v]].append(v)

    rank = {v: (key(v), str(v)) for v in layer}
    # Sparse layers get up to twice the gap: the drawing keeps the height of
    # its fullest layer anyway, and the room goes to labels in crowded middles.
    fullest = max(map(len, layers), default=1)
    gaps = [node_gap * min(spread, max(1.0, fullest / (2 * len(m)))) if m else node_gap for m in layers]
    y: dict[Hashable, float] = {}
    for members, gap in zip(layers, gaps):
        _stack(members, y, gap)
    for _ in range(sweeps):
        for members, gap in zip(layers[1:], gaps[1:]):
            _reorder(members, y, rank, G.predecessors, gap)
        for members, gap in zip(reversed(layers[:-1]), reversed(gaps[:-1])):
            _reorder(members, y, rank, G.successors, gap)
    for _ in range(2):
        for members, gap in zip(layers[1:], gaps[1:]):
            _settle(members, y, G.predecessors, gap)
        for members, gap in zip(reversed(layers[:-1]), reversed(gaps[:-1])):
            _settle(members, y, G.successors, gap)

    shift = (max(y.values()) + min(y.values())) / 2 if y else 0.0
    return {v: (round(layer[v] * layer_gap, 4), round(y[v] - shift, 4) + 0.0) for v in sorted(layer, key=lambda v: rank[v])}


def _layout_iv(sweeps: int, layer_gap: float, node_gap: float) -> tuple[int, float, float]:
    if isinstance(sweeps, bool) or not isinstance(sweeps, int) or sweeps < 0:
        raise ValueError("`sweeps` must be a non-negative integer")
    for name, value in (("layer_gap", layer_gap), ("node_gap", node_gap)):
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise ValueError(f"`{name}` must be a positive finite number")
    return sweeps, float(layer_gap), float(node_gap)


def _order_iv(G: nx.DiGraph, topological_order: Iterable[Hashable] | None) -> list[Hashable]:
    if not G.is_directed():
        raise ValueError("`G` must be a directed graph")
    if topological_order is None:
        return list(nx.lexicographical_topological_sort(G, key=str))
    order = list(topological_order)
    position = {v: i for i, v in enumerate(order)}
    if len(position) != len(order) or set(position) != set(G):
        raise ValueError("`topological_order` must list every node of `G` exactly once")
    if any(position[u] >= position[v] for u, v in G.edges):
        raise ValueError("`topological_order` must put every edge's source before its target")
    return order


def _stack(members: list[Hashable], y: dict[Hashable, float], gap: float) -> None:
    """Evenly spaced heights in list order, centred on zero."""
    middle = (len(members) - 1) / 2
    for i, v in enumerate(members):
        y[v] = (i - middle) * gap


def _reorder(members: list[Hashable], y: dict[Hashable, float], rank: dict, neighbours, gap: float) -> None:
    """Sort a layer by the barycenter of each node's neighbours, then restack it."""
    def barycenter(v: Hashable) -> float:
        heights = [y[w] for w in neighbours(v)]
        return math.fsum(heights) / len(heights) if heights else y[v]

    members.sort(key=lambda v: (round(barycenter(v), 9), y[v], rank[v]))
    _stack(members, y, gap)


def _settle(members: list[Hashable], y: dict[Hashable, float], neighbours, gap: float) -> None:
    """Move a layer's nodes towards their neighbours, keeping order and gaps."""
    desired = []
    for v in members:
        heights = [y[w] for w in neighbours(v)]
        desired.append(math.fsum(heights) / len(heights) if heights else y[v])
    for v, height in zip(members, _pack(desired, gap)):
        y[v] = height


def _pack(desired: Sequence[float], gap: float) -> list[float]:
    """Closest heights (least squares) to ``desired`` with ``h[i+1] - h[i] >= gap``.

    Substituting ``z[i] = h[i] - i * gap`` turns the gap constraint into
    ``z`` non-decreasing: an isotonic regression, solved by pooling adjacent
    violators.
    """
    blocks: list[list[float]] = []  # [sum, count]
    for i, value in enumerate(desired):
        blocks.append([value - i * gap, 1])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            total, size = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += size
    fitted = [total / size for total, size in blocks for _ in range(int(size))]
    return [z + i * gap for i, z in enumerate(fitted)]
