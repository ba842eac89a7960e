"""Shared geometry of the graph figures: positions, figure size, hover text.

The explorer and the path view draw the same graph in the same place, so a
learner who has explored the curriculum recognises it under their plan.
Positions are computed once per loaded graph and reused.
"""

from __future__ import annotations

import html
import math
import textwrap
import weakref
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.curriculum import CurriculumGraph
from graph.models import Node
from viz.labels import Frame
from viz.layout import layered_layout

__all__ = ["Canvas", "canvas_for", "figure", "hover_text", "stage_name", "edge_xy", "trails", "arrowhead_xy", "polygons_xy", "is_or_edge", "is_part_edge"]

#: The figures fill their container's width (Plotly ``autosize``), so the
#: layout is planned for the narrowest common case: a 1280 px window, less
#: the page's padding, is about 1200 px of figure.  Wider windows stretch the
#: drawing sideways, which only adds room between labels.
DESIGN_WIDTH = 1200.0
PX_PER_ROW = 26.0
PAD_PX = (96.0, 80.0)  # left of the first layer, right of the last
MARGIN = {"l": 16, "r": 16, "t": 76, "b": 40}  # title and kind legend above, edge legend below
_CACHE: "weakref.WeakKeyDictionary[CurriculumGraph, Canvas]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Canvas:
    """Node positions plus the figure size and axis ranges that fit them.

    ``width`` is the width the labels and arrowheads are planned for; the
    figure itself takes its container's width.
    """

    positions: Mapping[str, tuple[float, float]]
    frame: Frame
    width: int
    height: int

    def axes(self) -> dict:
        """Hidden x and y axes fixed to the frame, so labels land where planned (a hidden axis draws no grid)."""
        hidden = {"visible": False, "fixedrange": False}
        return {
            "xaxis": {**hidden, "range": list(self.frame.x_range)},
            "yaxis": {**hidden, "range": list(self.frame.y_range)},
        }


def canvas_for(graph: CurriculumGraph) -> Canvas:
    """The (cached) canvas of a graph: same graph object, same canvas."""
    canvas = _CACHE.get(graph)
    if canvas is None:
        canvas = _CACHE[graph] = _build_canvas(graph)
    return canvas


def _build_canvas(graph: CurriculumGraph) -> Canvas:
    nodes = graph.nodes
    # A whole's parts line up just left of it, side by side; a course sits
    # near what it teaches although no edge links them.
    positions = layered_layout(
        graph.digraph,
        topological_order=graph.topological_order,
        sort_key=lambda v: (graph.stage_rank[nodes[v].stage], v),
        spread=2.0,
        groups={n.id: n.parts for n in nodes.values() if n.parts},
        attract={n.id: n.covers for n in nodes.values() if n.covers},
    )
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    plot_width = DESIGN_WIDTH - MARGIN["l"] - MARGIN["r"]
    # Layers evenly spaced across the width, with room for names left of the
    # first layer and right of the last.
    per_layer = (plot_width - PAD_PX[0] - PAD_PX[1]) / ((max(xs) - min(xs)) or 1.0)
    x_range = (round(min(xs) - PAD_PX[0] / per_layer, 4), round(max(xs) + PAD_PX[1] / per_layer, 4))
    y_range = (min(ys) - 0.8, max(ys) + 0.8)
    plot_height = max(380.0, (y_range[1] - y_range[0]) * PX_PER_ROW)
    frame = Frame(x_range=x_range, y_range=y_range, width=plot_width, height=plot_height)
    return Canvas(
        positions=positions,
        frame=frame,
        width=int(plot_width + MARGIN["l"] + MARGIN["r"]),
        height=int(plot_height + MARGIN["t"] + MARGIN["b"]),
    )


def figure(traces: list[dict], layout: dict):
    """A Plotly figure from plain trace and layout dicts, skipping validation.

    Plotly validates every element of every array as a figure is built,
    which is most of the cost of these figures (about 5x).  Our dicts are
    fixed in code, and the test suite rebuilds each figure *with*
    validation, so a misspelt property still fails loudly there.
    """
    import plotly.graph_objects as go

    return go.Figure(data=traces, layout=layout, _validate=False)


def hover_text(graph: CurriculumGraph, node: Node, *, extra: Iterable[str] = ()) -> str:
    """Name, kind, stage (its display name), hours and the wrapped description, HTML-escaped."""
    lines = [
        f"<b>{_esc(node.name)}</b>  <i>{node.id}</i>",
        f"{node.kind.value} · {_esc(stage_name(graph, node.stage))} · {node.effort_hours:g} h",
        *(_esc(line) for line in extra),
    ]
    if node.description:
        wrapped = textwrap.wrap(node.description, width=64)
        if len(wrapped) > 6:
            wrapped = wrapped[:6]
            wrapped[-1] += " …"
        lines += [_esc(line) for line in wrapped]
    return "<br>".join(lines)


def stage_name(graph: CurriculumGraph, stage_id: str) -> str:
    """The stage's display name, for people; its id if the curriculum does not define it."""
    stage = graph.stages.get(stage_id)
    return stage.name if stage is not None else stage_id


def is_or_edge(graph: CurriculumGraph, prerequisite: str, dependent: str) -> bool:
    """True when the edge is a requirement and every clause linking the two offers other alternatives too."""
    clauses = graph.digraph.edges[prerequisite, dependent]["clauses"]
    requires = graph.nodes[dependent].requires
    return bool(clauses) and all(len(requires[i]) > 1 for i in clauses)


def is_part_edge(graph: CurriculumGraph, part: str, whole: str) -> bool:
    """True when ``part`` is one of ``whole``'s parts and not also one of its requirements."""
    edge = graph.digraph.edges[part, whole]
    return edge["part"] and not edge["clauses"]


def edge_xy(edges: Iterable[tuple[str, str]], positions: Mapping[str, tuple[float, float]]) -> tuple[list, list]:
    """Coordinates for one line trace drawing every edge, polylines split by ``None``.

    plotly.js draws (and styles) one SVG path per unbroken polyline, so the
    edges are joined into as few trails as the graph allows
    (:func:`trails`): the bundled curriculum's 448 edges become 48 paths,
    which is most of what a browser spends drawing them.
    """
    xs: list = []
    ys: list = []
    for trail in trails(edges):
        for node in trail:
            x, y = positions[node]
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
    return xs, ys


def trails(edges: Iterable[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """The edges as walks that use each edge once, as few walks as possible.

    Direction is ignored (a walk may run along an edge either way).  A
    connected piece with ``2k`` nodes of odd degree needs ``k`` walks (one,
    closed, if ``k = 0``): found by joining the odd nodes to one extra node
    and following an Euler circuit (Hierholzer's), cut where it passes the
    extra node.  Neighbours are taken in a fixed order: same edges, same walks.

    >>> trails([("a", "b"), ("b", "c"), ("b", "d")])
    [['d', 'b'], ['c', 'b', 'a']]
    """
    hub = object()  # the extra node
    adjacency: dict[Hashable, list[tuple[Hashable, int]]] = defaultdict(list)
    count = 0
    for count, (u, v) in enumerate(edges, start=1):
        adjacency[u].append((v, count))
        adjacency[v].append((u, count))
    odd = sorted((node for node, around in adjacency.items() if len(around) % 2), key=str)
    for count, node in enumerate(odd, start=count + 1):
        adjacency[hub].append((node, count))
        adjacency[node].append((hub, count))
    for around in adjacency.values():
        around.sort(key=lambda pair: (pair[0] is hub, str(pair[0]), pair[1]))
    used: set[int] = set()
    walks: list[list[Hashable]] = []
    starts = ([hub] if odd else []) + sorted((n for n in adjacency if n is not hub), key=str)
    for start in starts:
        circuit = _euler_circuit(start, adjacency, used)
        walk: list[Hashable] = []
        for node in circuit:
            if node is hub:
                if len(walk) > 1:
                    walks.append(walk)
                walk = []
            else:
                walk.append(node)
        if len(walk) > 1:
            walks.append(walk)
    return walks


def _euler_circuit(start, adjacency, used: set[int]) -> list:
    """Hierholzer's algorithm from ``start`` over the edges not yet ``used`` (marked as it goes)."""
    stack, circuit = [start], []
    while stack:
        node = stack[-1]
        around = adjacency[node]
        while around and around[-1][1] in used:
            around.pop()
        if around:
            neighbour, edge = around.pop()
            used.add(edge)
            stack.append(neighbour)
        else:
            circuit.append(stack.pop())
    return circuit[::-1]


def arrowhead_xy(edges: Iterable[tuple[str, str]], canvas: Canvas, *, gap: float = 11.0, length: float = 9.0,
                 spread: float = 0.45) -> tuple[list, list]:
    """A filled triangular arrowhead just short of each edge's dependent.

    Triangles ``tip, barb, barb, tip`` split by ``None``, for one trace
    filled ``toself`` that draws no line: plotly.js paints all of them as
    a single SVG path, where strokes would cost one path per stroke.  Sizes
    are pixels at the initial zoom, so the head clears the node marker
    (``gap``) and keeps its shape however long the edge is.
    """
    frame = canvas.frame
    triangles = []
    for u, v in edges:
        (ux, uy), (vx, vy) = frame.to_px(*canvas.positions[u]), frame.to_px(*canvas.positions[v])
        dx, dy = vx - ux, vy - uy
        norm = math.hypot(dx, dy) or 1.0
        dx, dy = dx / norm, dy / norm
        tip = (vx - dx * gap, vy - dy * gap)
        corners = [tip]
        for side in (1, -1):
            # rotate the backwards direction by +/- spread radians
            bx = -dx * math.cos(spread) + side * dy * math.sin(spread)
            by = -dy * math.cos(spread) - side * dx * math.sin(spread)
            corners.append((tip[0] + bx * length, tip[1] + by * length))
        triangles.append(corners)
    return polygons_xy(triangles, frame)


def polygons_xy(polygons: Iterable[Sequence[tuple[float, float]]], frame: Frame) -> tuple[list, list]:
    """Polygons given in pixels, closed and in data coordinates (rounded), split by ``None``."""
    xs: list = []
    ys: list = []
    for corners in polygons:
        for px, py in (*corners, corners[0]):
            x, y = frame.to_data(px, py)
            xs.append(round(x, 4))
            ys.append(round(y, 4))
        xs.append(None)
        ys.append(None)
    return xs, ys


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
