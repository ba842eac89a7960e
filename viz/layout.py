"""A deterministic layered drawing of a prerequisite DAG (Sugiyama-style, lite).

Three phases, each cheap and free of randomness so the same graph always gets
the same picture:

1. *Layering*: longest path from the entry points along a topological order,
   so every prerequisite sits strictly left of what it unlocks; entry points
   are then pulled right next to their first dependent, which keeps them from
   piling up in one enormous first column.  Members of a group (the parts of
   a whole) are pulled right the same way, to the layer just before the
   whole, and a node may be drawn towards others it is not linked to (a
   course towards what it teaches).
2. *Ordering*: a few barycenter sweeps (down then up) reorder each layer by
   the mean height of its neighbours, which removes most edge crossings.  The
   members of one group that share a layer move as a block, so they stay
   next to each other.
3. *Coordinates*: each layer is placed as close as possible (least squares)
   to its neighbours' heights while keeping a minimum gap, solved exactly by
   isotonic regression (pool adjacent violators).  Optionally (``spread``)
   sparse layers get a wider gap, so the middle of a graph is not a thin
   crowded band between tall first and last layers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

import networkx as nx

__all__ = ["layer_assignment", "layered_layout"]

#: How many ordinary neighbours a group's head, or a node that another is
#: drawn to, counts for in the barycenter sweeps (measured on grouped
#: curricula: 2 keeps courses level with what they teach, 1 does not always).
_PULL = 2


def layer_assignment(
    G: nx.DiGraph,
    *,
    topological_order: Iterable[Hashable] | None = None,
    pull_sources: bool = True,
    groups: Mapping[Hashable, Sequence[Hashable]] | None = None,
    attract: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> dict[Hashable, int]:
    """Layer index of every node: each edge ``u -> v`` has ``layer[u] < layer[v]``.

    Parameters
    ----------
    G : directed acyclic graph, edges pointing prerequisite -> dependent.
    topological_order : a topological order of ``G`` (computed if omitted).
    pull_sources : move nodes without predecessors to the layer just before
        their earliest successor instead of leaving them all in layer 0.
    groups : ``head -> members``: each member moves to the layer just before
        its earliest successor (its head, when nothing earlier needs it).
    attract : ``node -> others``: the node moves right towards the layer just
        before the earliest of ``others``, as far as its successors allow.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "c")])
    >>> sorted(layer_assignment(G).items())
    [('a', 0), ('b', 1), ('c', 2), ('x', 1)]
    >>> G = nx.DiGraph([("p", "whole"), ("q", "r"), ("r", "whole")])
    >>> layer_assignment(G, groups={"whole": ["p", "r"]}, pull_sources=False)["p"]
    1
    """
    order = _order_iv(G, topological_order)
    layer: dict[Hashable, int] = {}
    for v in order:
        layer[v] = 1 + max((layer[u] for u in G.predecessors(v)), default=-1)
    members = {m for head in (groups or {}) for m in groups[head] if m in layer}
    attract = {v: [w for w in others if w in layer and w != v] for v, others in (attract or {}).items() if v in layer}
    placed = members | {v for v, others in attract.items() if others}
    # Successors first, so each node sees where what it leads to ends up.
    for v in reversed(order):
        if v in members and G.out_degree(v) > 0:
            layer[v] = max(layer[v], _room(G, layer, v))
    for v in reversed(order):
        if attract.get(v):
            wanted = min(layer[w] for w in attract[v]) - 1
            if G.out_degree(v) > 0:
                wanted = min(wanted, _room(G, layer, v))
            layer[v] = max(layer[v], wanted)
    if pull_sources:
        for v in order:
            if G.in_degree(v) == 0 and G.out_degree(v) > 0 and v not in placed:
                layer[v] = _room(G, layer, v)
    return layer


def _room(G: nx.DiGraph, layer: Mapping[Hashable, int], v: Hashable) -> int:
    """The rightmost layer ``v`` may take: just before its earliest successor."""
    return min(layer[w] for w in G.successors(v)) - 1


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
    groups: Mapping[Hashable, Sequence[Hashable]] | None = None,
    attract: Mapping[Hashable, Sequence[Hashable]] | None = None,
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
    groups : ``head -> members`` (a whole and its parts): members sit in the
        layer just before their head where they can, and the members sharing
        a layer stay next to each other, in one block.  A node in several
        groups keeps to the first head in ``sort_key`` order.
    attract : ``node -> others``: extra neighbours of a node for layering
        and ordering only (see :func:`layer_assignment`); no edge is implied.

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
    layer = layer_assignment(G, topological_order=topological_order, pull_sources=pull_sources, groups=groups, attract=attract)
    key = sort_key or (lambda v: v)
    count = max(layer.values(), default=-1) + 1
    layers: list[list[Hashable]] = [[] for _ in range(count)]
    for v in sorted(layer, key=lambda v: (key(v), str(v))):
        layers[layer[v]].append(v)

    rank = {v: (key(v), str(v)) for v in layer}
    block = _blocks(groups or {}, layer, rank)
    # Extra neighbours for the sweeps: what a node is drawn to, and a member's
    # head, each counted _PULL times, so they outweigh ordinary neighbours.
    extra = {v: [w for w in others if w in layer and w != v] * _PULL for v, others in (attract or {}).items() if v in layer}
    for head in sorted((h for h in (groups or {}) if h in layer), key=lambda h: rank[h]):
        for member in groups[head]:
            if member in layer and member != head:
                extra.setdefault(member, []).extend([head] * _PULL)

    def before(v):
        return chain(G.predecessors(v), extra.get(v, ()))

    def after(v):
        return chain(G.successors(v), extra.get(v, ()))

    # Sparse layers get up to twice the gap: the drawing keeps the height of
    # its fullest layer anyway, and the room goes to labels in crowded middles.
    fullest = max(map(len, layers), default=1)
    gaps = [node_gap * min(spread, max(1.0, fullest / (2 * len(m)))) if m else node_gap for m in layers]
    y: dict[Hashable, float] = {}
    for members, gap in zip(layers, gaps):
        _stack(members, y, gap)
    for _ in range(sweeps):
        for members, gap in zip(layers[1:], gaps[1:]):
            _reorder(members, y, rank, block, before, gap)
        for members, gap in zip(reversed(layers[:-1]), reversed(gaps[:-1])):
            _reorder(members, y, rank, block, after, gap)
    for _ in range(2):
        for members, gap in zip(layers[1:], gaps[1:]):
            _settle(members, y, before, gap)
        for members, gap in zip(reversed(layers[:-1]), reversed(gaps[:-1])):
            _settle(members, y, after, gap)

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


def _blocks(groups: Mapping[Hashable, Sequence[Hashable]], layer: Mapping[Hashable, int], rank: Mapping) -> dict[Hashable, Hashable]:
    """``node -> block`` for group members that share a layer with another member of their group.

    A node listed by several heads belongs to the first head in ``rank``
    order; everyone else is a block of its own (absent from the mapping).
    """
    home: dict[Hashable, Hashable] = {}
    for head in sorted((h for h in groups if h in layer), key=lambda h: rank[h]):
        for member in groups[head]:
            if member in layer and member != head:
                home.setdefault(member, head)
    sizes: dict[tuple[Hashable, int], int] = {}
    for member, head in home.items():
        sizes[head, layer[member]] = sizes.get((head, layer[member]), 0) + 1
    return {member: head for member, head in home.items() if sizes[head, layer[member]] > 1}


def _reorder(members: list[Hashable], y: dict[Hashable, float], rank: dict, block: Mapping[Hashable, Hashable],
             neighbours, gap: float) -> None:
    """Sort a layer by the barycenter of each node's neighbours, then restack it.

    Members of one block sort by the block's mean barycenter (ties by its
    highest member and head), so they stay together; a node alone sorts
    exactly as it would without blocks.
    """
    def barycenter(v: Hashable) -> float:
        heights = [y[w] for w in neighbours(v)]
        return math.fsum(heights) / len(heights) if heights else y[v]

    own = {v: round(barycenter(v), 9) for v in members}
    together: dict[Hashable, list[Hashable]] = {}
    for v in members:
        together.setdefault(block.get(v, v), []).append(v)
    shared = {}
    for head, grouped in together.items():
        centre = round(math.fsum(own[v] for v in grouped) / len(grouped), 9)
        top = min(grouped, key=lambda v: (y[v], rank[v]))
        shared[head] = (centre, y[top], rank[top] if len(grouped) == 1 else rank.get(head, rank[top]))
    members.sort(key=lambda v: (*shared[block.get(v, v)], own[v], y[v], rank[v]))
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
