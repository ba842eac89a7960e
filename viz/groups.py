"""Wholes with their parts, and courses with what they teach, as drawing data.

A whole and its parts are one thing to a learner ("linear algebra" *is*
vectors, matrices and eigenvalues), so the figures draw them as a group: a
shaded band through the whole and its direct parts, which the layout puts
next to each other.  A course is not a prerequisite of what it teaches, so
nothing links them in the digraph; the figures draw dotted "teaches" links
instead, and pages reveal a course's links on hover.

A band is the union of rounded strokes along the shortest tree joining the
group's members on screen (a "bubble set"): unlike a convex hull it stays
close to its members, so a group whose parts span several columns does not
swallow its neighbours.  Bands are computed in screen pixels (their padding
is a constant number of pixels around each marker whatever the axis scales)
and returned in data coordinates, rounded, as polygons of one orientation
for a single ``fill="toself"`` trace, whose nonzero fill paints their union.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from graph.curriculum import CurriculumGraph
from viz.canvas import Canvas, polygons_xy

__all__ = ["wholes", "teaching", "band_xy", "joining_tree", "convex_hull", "relation_lines", "named_list"]

_ROUNDING = 12  # points per padded marker: enough for a smooth rounded outline


def wholes(graph: CurriculumGraph) -> dict[str, tuple[str, ...]]:
    """``whole -> its direct parts``, for every node that has parts, in id order."""
    return {n.id: tuple(p for p in n.parts if p in graph.nodes) for n in graph.nodes.values() if n.parts}


def teaching(graph: CurriculumGraph) -> dict[str, tuple[str, ...]]:
    """``course -> what it lists in covers``, for every node that teaches, in id order.

    The direct ``covers`` only: a covered whole brings its parts along, and
    its hull already shows them.
    """
    return {n.id: tuple(c for c in n.covers if c in graph.nodes) for n in graph.nodes.values() if n.covers}


def band_xy(groups: Iterable[Sequence[str]], canvas: Canvas, *, pad: float = 12.0) -> tuple[list, list]:
    """Polygons covering each group of node ids, for one ``fill="toself"`` trace.

    Each group becomes the rounded strokes (``pad`` pixels either side) of
    its shortest joining tree; polygons are separated by ``None``.
    """
    frame = canvas.frame
    strokes = []
    for members in groups:
        points = {node_id: frame.to_px(*canvas.positions[node_id]) for node_id in members}
        strokes += [convex_hull(_disc(points[a], pad) + _disc(points[b], pad)) for a, b in joining_tree(points)]
    return polygons_xy(strokes, frame)


def joining_tree(points: Mapping[str, tuple[float, float]]) -> list[tuple[str, str]]:
    """The minimum spanning tree of the points (Prim's), ties broken by id: deterministic.

    >>> joining_tree({"a": (0, 0), "b": (5, 0), "c": (1, 0)})
    [('a', 'c'), ('c', 'b')]
    """
    ids = sorted(points)
    if len(ids) < 2:
        return []
    reached = {ids[0]}
    edges = []
    while len(reached) < len(ids):
        dist, a, b = min((math.dist(points[a], points[b]), a, b) for a in sorted(reached) for b in ids if b not in reached)
        edges.append((a, b))
        reached.add(b)
    return edges


def _disc(centre: tuple[float, float], radius: float) -> list[tuple[float, float]]:
    cx, cy = centre
    return [(cx + radius * math.cos(a), cy + radius * math.sin(a)) for a in (2 * math.pi * k / _ROUNDING for k in range(_ROUNDING))]


def convex_hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull, counter-clockwise from the lowest-leftmost point (Andrew's monotone chain).

    >>> convex_hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2), (1, 0)])
    [(0, 0), (2, 0), (2, 2), (0, 2)]
    """
    unique = sorted(set(points))
    if len(unique) <= 2:
        return unique

    def half(ordered):
        chain: list[tuple[float, float]] = []
        for p in ordered:
            while len(chain) >= 2 and _turn(chain[-2], chain[-1], p) <= 0:
                chain.pop()
            chain.append(p)
        return chain[:-1]

    return half(unique) + half(reversed(unique))


def _turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Positive when ``o -> a -> b`` turns counter-clockwise."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def relation_lines(graph: CurriculumGraph, node_id: str) -> list[str]:
    """Hover lines naming the node's whole, parts, courses and what it teaches (plain text)."""
    node = graph.nodes[node_id]
    return [
        *named_list(graph, "consists of", node.parts),
        *named_list(graph, "part of", graph.part_of(node_id)),
        *named_list(graph, "teaches", node.covers),
        *named_list(graph, "taught by", graph.covered_by.get(node_id, ())),
    ]


def named_list(graph: CurriculumGraph, label: str, ids: Iterable[str]) -> list[str]:
    """``label: name, name, ...`` wrapped for a hover card; nothing when no id is in the graph."""
    names = [graph.nodes[i].name for i in ids if i in graph.nodes]
    if not names:
        return []
    return textwrap.wrap(f"{label}: " + ", ".join(names), width=64, subsequent_indent="  ")
