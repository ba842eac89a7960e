"""The graph explorer and the path view, as Plotly figures.

Both functions return a :class:`plotly.graph_objects.Figure` and never show
or write it: the CLI embeds it in a standalone page, the API sends it as
Plotly JSON.  Every trace carries ``meta`` naming what it draws (``"nodes"``,
``"edges"``, ``"or-edges"``, ``"part-edges"``, ``"groups"``, ``"teaches"``,
``"kinds"``, ``"stages"``, ``"path-edges"``, ``"arrowheads"``,
``"known-edges"``, ``"labels"``) and node traces carry the node ids in
``customdata``, so apps and tests can find things without relying on trace
order.  ``layout.meta.teaches`` maps each course to what it teaches, for
the pages' hover links (``viz.assets``).
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go

from graph.curriculum import CurriculumGraph
from graph.models import Kind, Node
from recommender.models import Plan, PlanStep
from viz.canvas import MARGIN, Canvas, arrowhead_xy, canvas_for, edge_xy, figure, hover_text, is_or_edge, is_part_edge
from viz.groups import band_xy, named_list, relation_lines, teaching, wholes
from viz.labels import fitting_labels
from viz.style import (
    EDGE_GREY,
    FADED_COLOUR,
    FONT,
    GROUP_FILL,
    GROUP_LINE,
    KEY_COLOUR,
    KIND_SYMBOL,
    KNOWN_COLOUR,
    LABEL_PRIORITY,
    OR_EDGE_COLOUR,
    PART_COLOUR,
    PATH_COLOUR,
    PATH_FAINT,
    stage_colours,
    TARGET_COLOUR,
    TEACHER_OUTLINE,
    TEACHES_COLOUR,
    text_on,
)

__all__ = ["explorer_figure", "path_figure", "landmarks"]

_SIZE = {Kind.ROLE: 20, Kind.MILESTONE: 15, Kind.CERTIFICATION: 13, Kind.COURSE: 14}
_LABEL_CHARS = 26  # longer names wrap onto a second line
_LABEL_FONT = 10
#: A white halo behind printed names, so a name stays legible over the lines it crosses.
_HALO = "1px 1px 1px white, -1px -1px 1px white, 1px -1px 1px white, -1px 1px 1px white"
#: The key of kind shapes along the bottom: a key, not a switch.
_KIND_KEY = {"orientation": "h", "x": 0.0, "xanchor": "left", "yref": "container", "y": 0.0, "yanchor": "bottom",
             "font": {"size": 11}, "itemclick": False, "itemdoubleclick": False, "title": {"text": "Kinds:", "font": {"size": 11}}}
#: A plan longer than this draws its edges faint and names only landmarks.
LONG_PLAN = 40


def explorer_figure(graph: CurriculumGraph, *, title: str | None = None) -> go.Figure:
    """The whole curriculum, prerequisites flowing left to right.

    Nodes are coloured by stage, one trace per stage in the curriculum's
    order (so the legend lists and toggles the stages) and shaped by kind
    (a key below the plot).  Plain prerequisites are thin grey lines,
    OR-alternatives dashed coloured lines, a part runs to its whole in solid
    slate inside a shaded band, and a course (ringed in dark grey) reaches
    what it teaches by dotted links.  Names are printed where they fit;
    every node has a hover card.
    """
    canvas = canvas_for(graph)
    pos = canvas.positions
    layout = _base_layout(canvas, title or f"The curriculum: {len(graph)} nodes, prerequisites flow left to right",
                          bottom_rows=2)
    plain, alternatives, parts = _split_edges(graph)
    taught = teaching(graph)
    # Groups, parts and teaching links only where the curriculum has them:
    # every trace costs the browser time to draw.
    traces = _group_traces(graph, canvas, sorted(wholes(graph))) + [
        _edge_trace(plain, pos, name="prerequisite", meta="edges", colour=EDGE_GREY, width=0.9),
        _edge_trace(alternatives, pos, name="one of several (OR)", meta="or-edges", colour=OR_EDGE_COLOUR, width=1.0, dash="dash"),
    ]
    if parts:
        traces.append(_edge_trace(parts, pos, name="part of a whole", meta="part-edges", colour=PART_COLOUR, width=1.3))
    if taught:
        traces.append(_edge_trace(_teaching_links(taught), pos, name="a course teaches", meta="teaches", colour=TEACHES_COLOUR,
                                  width=1.1, dash="dot"))

    degree = graph.digraph.degree
    ranked = sorted(graph.nodes.values(), key=lambda n: (LABEL_PRIORITY.get(n.kind, 9), -degree(n.id), n.id))
    required = landmarks(graph)
    labels = fitting_labels(
        ((n.id, *pos[n.id], _label_variants(n, required)) for n in ranked),
        frame=canvas.frame,
        markers=list(pos.values()),
        font_size=_LABEL_FONT,
        marker_radius=6.0,
        required=required,
    )
    colours = stage_colours(graph.stages.values())
    for stage in graph.stages.values():
        members = [n for n in graph.nodes.values() if n.stage == stage.id]
        if not members:
            continue
        traces.append(_stage_swatch(stage.id, stage.name, colours[stage.id]))
        traces.append(dict(type="scatter",
            x=[pos[n.id][0] for n in members],
            y=[pos[n.id][1] for n in members],
            mode="markers+text",
            name=stage.name,
            meta="nodes",
            legendgroup=stage.id,
            showlegend=False,
            customdata=[n.id for n in members],
            text=[labels.get(n.id, ("", ""))[0] for n in members],
            textposition=[labels.get(n.id, ("", "middle right"))[1] for n in members],
            textfont={"size": _LABEL_FONT, "color": "#333", "shadow": _HALO},
            hovertext=[hover_text(graph, n, extra=relation_lines(graph, n.id)) for n in members],
            hoverinfo="text",
            marker={"color": colours[stage.id], "symbol": [KIND_SYMBOL[n.kind] for n in members],
                    "size": [_SIZE.get(n.kind, 10) for n in members], "line": _outline(members)},
        ))
    traces += _kind_key({n.kind for n in graph.nodes.values()})
    if taught:
        layout["meta"] = {"teaches": taught}
    return figure(traces, layout)


def path_figure(graph: CurriculumGraph, plan: Plan, *, title: str | None = None) -> go.Figure:
    """The curriculum with one learner's plan drawn on top, step by step.

    Plan steps are numbered and coloured by stage (as in the schedule),
    arrows follow the prerequisite edges between steps in plan order, known
    nodes carry a green check (with the parts of known wholes and what known
    courses taught), targets are big gold stars, and everything else is
    faded.  A course step reaches what it teaches by dotted links, and those
    nodes are ringed in the course's colour instead of being steps; a whole
    on the plan is shaded with its parts.  A plan of more than
    :data:`LONG_PLAN` steps draws its edges as a faint backdrop and names
    only its landmarks, so the step numbers carry the order.
    """
    canvas = canvas_for(graph)
    pos = canvas.positions
    steps = {s.id: s for s in plan.steps if s.id in graph.nodes}
    targets = [t for t in plan.targets if t in graph.nodes]
    known = [k for k in plan.known if k in graph.nodes and k not in steps and k not in targets]
    implied = _implied_known(graph, plan, exclude={*steps, *targets, *known})
    taught = _taught_by_steps(graph, steps, exclude={*steps, *targets, *known, *implied})
    involved = set(steps) | set(targets) | set(known) | set(implied) | set(taught)
    layout = _base_layout(canvas, title or _path_title(graph, plan), legend_rows=2)
    traces = _group_traces(graph, canvas, sorted(w for w in wholes(graph) if w in involved))

    traces.append(_edge_trace(sorted(graph.digraph.edges), pos, name="other prerequisites", meta="edges", colour="#EDEFF2", width=0.6, legend=False))
    covered = set(known) | set(implied)
    known_edges = [(u, v) for u, v in sorted(graph.digraph.edges) if u in covered and v in steps]
    traces.append(_edge_trace(known_edges, pos, name="already covered", meta="known-edges", colour=KNOWN_COLOUR, width=1.2, dash="dot"))
    ordered = path_edges(graph, plan)
    # A long plan covers much of the graph: its edges become a faint backdrop
    # and the step numbers carry the order.
    long = len(steps) > LONG_PLAN
    width, colour = (0.8, PATH_FAINT) if long else (2.2 if len(ordered) <= 40 else 1.3, PATH_COLOUR)
    traces.append(_edge_trace(ordered, pos, name="your path", meta="path-edges", colour=colour, width=width))
    head_x, head_y = arrowhead_xy(ordered, canvas, length=6.0 if long else 9.0 if len(ordered) <= 40 else 7.0)
    traces.append(dict(type="scatter", x=head_x, y=head_y, mode="none", fill="toself", fillcolor=colour, meta="arrowheads",
                       name="arrowheads", hoverinfo="skip", legend="legend2", showlegend=False))
    lessons = sorted(((course, node) for node, course in taught.items()), key=lambda e: (steps[e[0]].position, e[1]))
    if lessons:
        traces.append(_edge_trace(lessons, pos, name="taught by a course step", meta="teaches", colour=TEACHES_COLOUR,
                                  width=1.4, dash="dot"))

    others = [n for n in graph.nodes.values() if n.id not in involved]
    traces.append(_node_trace(graph, others, pos, name="not needed", colour=FADED_COLOUR, opacity=0.55, size=7))
    known_nodes = [graph.nodes[k] for k in known] + [graph.nodes[k] for k in sorted(implied)]
    traces.append(_node_trace(
        graph, known_nodes, pos, name="already known", colour=KNOWN_COLOUR, size=13,
        symbol="circle", text=["✓"] * len(known_nodes),
        extra={k: ["already known"] for k in known} | {k: [f"already known: {why}"] for k, why in implied.items()},
    ))
    step_size = 19 if len(plan.steps) >= 100 else 17
    colours = stage_colours(graph.stages.values())
    by_course = {course: [n for c, n in lessons if c == course] for course, _ in lessons}
    for stage in graph.stages.values():
        members = sorted((s for s in steps.values() if s.stage == stage.id and s.id not in targets), key=lambda s: s.position)
        if members:
            traces.append(_node_trace(
                graph, [graph.nodes[s.id] for s in members], pos, name=f"step: {stage.name}", colour=colours[stage.id],
                size=step_size, text=[str(s.position) for s in members],
                extra={s.id: _step_lines(s) + named_list(graph, "teaches", by_course.get(s.id, ())) for s in members},
                text_colour=text_on(colours[stage.id]),
            ))
    if taught:
        lesson_nodes = [graph.nodes[n] for n in sorted(taught, key=lambda n: (steps[taught[n]].position, n))]
        traces.append(_node_trace(
            graph, lesson_nodes, pos, name="taught by a course step", colour=[colours[graph.nodes[taught[n.id]].stage] for n in lesson_nodes],
            size=15, symbol="circle-open",
            extra={n.id: [f"taught in step {steps[taught[n.id]].position}: {steps[taught[n.id]].name}"] for n in lesson_nodes},
            line_width=2.5,
        ))
    traces.append(_node_trace(
        graph, [graph.nodes[t] for t in targets], pos, name="target", colour=TARGET_COLOUR, size=30, symbol="star",
        text=[str(steps[t].position) if t in steps else "✓" for t in targets], text_colour="#222",
        extra={t: ["TARGET", *(_step_lines(steps[t]) if t in steps else ["already known"])] for t in targets},
        outline="#7A5C00",
    ))
    traces.append(_label_trace(graph, canvas, plan, targets, steps, [*known, *sorted(implied)], sorted(taught)))
    if by_course:
        layout["meta"] = {"teaches": {c: tuple(n) for c, n in by_course.items()}}
    return figure(traces, layout)


def _implied_known(graph: CurriculumGraph, plan: Plan, *, exclude) -> dict[str, str]:
    """The plan's ``known_implied`` (a known whole's parts, what a known course taught) as ``id -> why``."""
    stated = [graph.nodes[k] for k in plan.known if k in graph.nodes]
    implied: dict[str, str] = {}
    for node_id in plan.known_implied:
        if node_id in graph.nodes and node_id not in exclude:
            implied[node_id] = _why_known(graph, stated, node_id)
    return implied


def _why_known(graph: CurriculumGraph, stated, node_id: str) -> str:
    """Which stated node makes ``node_id`` known: the first whole it is part of, or course that taught it."""
    for node in stated:
        if node_id in graph.parts_closure([node.id]):
            return f"part of {node.name}"
        if node.covers and node_id in graph.teaches(node.id):
            return f"taught by {node.name}"
    return "implied by what you know"


def _taught_by_steps(graph: CurriculumGraph, steps, *, exclude) -> dict[str, str]:
    """``node -> the earliest course step that teaches it``, for nodes that are not steps themselves."""
    taught: dict[str, str] = {}
    for step in sorted(steps.values(), key=lambda s: s.position):
        if graph.nodes[step.id].covers:
            for node_id in sorted(graph.teaches(step.id) - exclude):
                taught.setdefault(node_id, step.id)
    return taught


def path_edges(graph: CurriculumGraph, plan: Plan) -> list[tuple[str, str]]:
    """Prerequisite edges between two plan steps, in plan order.

    Sorted by the dependent's position, then the prerequisite's: the order in
    which a learner following the plan completes them.
    """
    position = {s.id: s.position for s in plan.steps if s.id in graph.nodes}
    edges = [(u, v) for u, v in graph.digraph.edges if u in position and v in position]
    return sorted(edges, key=lambda e: (position[e[1]], position[e[0]], e))


def _base_layout(canvas: Canvas, title: str, *, legend_rows: int = 1, bottom_rows: int = 1) -> dict:
    """Shared layout: the figure takes its container's width (``autosize``).

    The title sits in the top 30 px and the legend of stages (or steps) just
    above the plot; ``legend_rows`` reserves room for a legend that wraps
    on a narrow screen.  Below the plot, the kinds of link (``legend2``) and,
    with ``bottom_rows=2``, the key of kind shapes (``legend3``).
    """
    extra = 22 * (legend_rows - 1)
    below = 24 * (bottom_rows - 1)
    height = canvas.height + extra + below
    return {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "yref": "container", "y": round(1 - 17 / height, 6),
                  "yanchor": "middle", "font": {"size": 16}},
        "autosize": True,
        "height": height,
        "margin": {**MARGIN, "t": MARGIN["t"] + extra, "b": MARGIN["b"] + below, "autoexpand": False},
        "font": {"family": FONT, "size": 12, "color": "#222"},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "white", "font": {"size": 12}},
        "dragmode": "pan",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "itemclick": "toggle"},
        "legend2": {"orientation": "h", "x": 0.0, "xanchor": "left", "y": 0.0, "yanchor": "top", "font": {"size": 11}},
        **({"legend3": _KIND_KEY} if bottom_rows > 1 else {}),
        "template": {},  # no theme: every style is set here
        **canvas.axes(),
    }


def landmarks(graph: CurriculumGraph) -> frozenset[str]:
    """Nodes the explorer always names: roles, milestones, certifications, hubs.

    Hubs are the best-connected tenth of the graph (at least 4 edges):
    the nodes most paths run through.
    """
    degree = graph.digraph.degree
    hubs = sorted(graph.nodes, key=lambda i: (-degree(i), i))[: max(1, len(graph) // 10)]
    kinds = (Kind.ROLE, Kind.MILESTONE, Kind.CERTIFICATION)
    return frozenset([n.id for n in graph.nodes.values() if n.kind in kinds] + [i for i in hubs if degree(i) >= 4])


def _split_edges(graph: CurriculumGraph) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """The digraph's edges as plain requirements, OR-alternatives and parts of wholes."""
    plain, alternatives, parts = [], [], []
    for u, v in sorted(graph.digraph.edges):
        if is_part_edge(graph, u, v):
            parts.append((u, v))
        else:
            (alternatives if is_or_edge(graph, u, v) else plain).append((u, v))
    return plain, alternatives, parts


def _teaching_links(taught: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [(course, node) for course in sorted(taught) for node in taught[course]]


def _edge_trace(edges, pos, *, name: str, meta: str, colour: str, width: float, dash: str = "solid", legend: bool = True) -> dict:
    xs, ys = edge_xy(edges, pos)
    return dict(type="scatter", 
        x=xs, y=ys, mode="lines", name=name, meta=meta, hoverinfo="skip",
        line={"color": colour, "width": width, "dash": dash},
        legend="legend2", showlegend=legend and bool(edges),
    )


def _group_traces(graph: CurriculumGraph, canvas: Canvas, heads: list[str]) -> list[dict]:
    """A shaded band through each whole in ``heads`` and its direct parts, beneath everything.

    Two traces: the rim (the band grown by a pixel and a half) and the
    fill on top of it, so where bands overlap they merge into one outlined
    shape instead of showing each other's edges.  Fill only (``mode``
    ``"none"``): with ``"lines"`` plotly.js also drew and styled an
    invisible path per polygon (238 in the bundled curriculum), most of
    what the bands cost to draw.
    """
    if not heads:
        return []
    groups = [(head, *graph.nodes[head].parts) for head in heads]
    rim_x, rim_y = band_xy(groups, canvas, pad=13.5)
    fill_x, fill_y = band_xy(groups, canvas, pad=12.0)
    common = dict(type="scatter", mode="none", fill="toself", meta="groups", hoverinfo="skip",
                  legend="legend2", legendgroup="groups")
    return [
        {**common, "x": rim_x, "y": rim_y, "fillcolor": GROUP_LINE, "name": "a whole and its parts", "showlegend": False},
        {**common, "x": fill_x, "y": fill_y, "fillcolor": GROUP_FILL, "name": "a whole and its parts"},
    ]


def _stage_swatch(stage_id: str, name: str, colour: str) -> dict:
    """The legend entry of one stage: a plain circle, toggling the stage's nodes with it."""
    return dict(type="scatter", x=[None], y=[None], mode="markers", name=name, meta="stages", legendgroup=stage_id,
                hoverinfo="skip", marker={"color": colour, "symbol": "circle", "size": 11})


def _kind_key(kinds) -> list[dict]:
    """One grey shape per kind present, in the kinds' declared order: a key, not a switch."""
    return [dict(type="scatter", x=[None], y=[None], mode="markers", name=kind.value, meta="kinds", legend="legend3",
                 hoverinfo="skip", marker={"color": KEY_COLOUR, "symbol": KIND_SYMBOL[kind], "size": 10,
                                           "line": _outline_of(kind is Kind.COURSE)})
            for kind in Kind if kind in kinds]


def _outline(nodes: list[Node]) -> dict:
    """Marker outlines, one per node (see :func:`_outline_of`)."""
    rings = [_outline_of(bool(n.covers)) for n in nodes]
    return {"color": [r["color"] for r in rings], "width": [r["width"] for r in rings]}


def _outline_of(teaches: bool) -> dict:
    """A dark ring on a node that teaches others, a thin white one elsewhere."""
    return {"color": TEACHER_OUTLINE, "width": 1.6} if teaches else {"color": "white", "width": 0.8}


def _node_trace(graph: CurriculumGraph, nodes, pos, *, name: str, colour, size: float, symbol: str | None = None, text=None,
                extra: dict | None = None, opacity: float = 1.0, text_colour: str = "white", outline: str = "white",
                line_width: float = 1.0) -> dict:
    nodes = list(nodes)
    extra = extra or {}
    return dict(type="scatter", 
        x=[pos[n.id][0] for n in nodes],
        y=[pos[n.id][1] for n in nodes],
        mode="markers+text" if text is not None else "markers",
        name=name,
        meta="nodes",
        customdata=[n.id for n in nodes],
        **({"text": text, "textposition": "middle center", "textfont": {"size": 9, "color": text_colour}} if text is not None else {}),
        hovertext=[hover_text(graph, n, extra=extra.get(n.id, ())) for n in nodes],
        hoverinfo="text",
        opacity=opacity,
        showlegend=bool(nodes),
        marker={
            "color": colour,
            "size": size,
            "symbol": symbol if symbol else [KIND_SYMBOL[n.kind] for n in nodes],
            "line": {"color": colour if symbol == "circle-open" else outline, "width": line_width},
        },
    )


def _label_trace(graph, canvas: Canvas, plan: Plan, targets, steps, known, taught=()) -> dict:
    """Names next to the involved nodes, targets and early steps first.

    A long plan names only its landmarks (targets, milestones, roles) and
    the known nodes: its step numbers carry the order, and every step's
    name is in its hover card and in the table of steps.
    """
    pos = canvas.positions
    landmark_kinds = (Kind.ROLE, Kind.MILESTONE)
    named_steps = sorted(steps, key=lambda i: steps[i].position)
    if len(steps) > LONG_PLAN:
        named_steps = [i for i in named_steps if graph.nodes[i].kind in landmark_kinds]
    order = [*targets, *named_steps, *known, *taught]
    order += sorted((n.id for n in graph.nodes.values() if n.kind in landmark_kinds and n.id not in set(order)))
    involved = set(targets) | set(steps) | set(known) | set(taught)
    chosen = fitting_labels(
        ((i, *pos[i], _label(graph.nodes[i].name)) for i in dict.fromkeys(order)),
        frame=canvas.frame,
        # faded nodes may sit under a name; drawn steps and their numbers may not
        markers=[pos[i] for i in sorted(involved)],
        font_size=_LABEL_FONT + 1,
        marker_radius=10,
        required=targets,
    )
    ids = list(chosen)
    # A text-only trace has no marker to push its text aside: shift by hand.
    shifted = [_beside(canvas, pos[i], chosen[i][1], 12.0 if i in targets else 9.0) for i in ids]
    return dict(type="scatter", 
        x=[x for x, _ in shifted],
        y=[y for _, y in shifted],
        text=[chosen[i][0] for i in ids],
        customdata=ids,
        mode="text",
        textposition=[chosen[i][1] for i in ids],
        textfont={"size": _LABEL_FONT + 1, "color": ["#222" if i in involved else "#9AA0A6" for i in ids], "shadow": _HALO},
        meta="labels",
        name="labels",
        hoverinfo="skip",
        showlegend=False,
    )


def _beside(canvas: Canvas, point: tuple[float, float], position: str, radius: float) -> tuple[float, float]:
    """The point moved ``radius + 3`` pixels towards where its label goes."""
    px, py = canvas.frame.to_px(*point)
    gap = radius + 3
    corner = radius * 0.7
    dx, dy = {
        "middle right": (gap, 0), "middle left": (-gap, 0), "top center": (0, -gap), "bottom center": (0, gap),
        "top right": (corner, -corner), "bottom right": (corner, corner), "top left": (-corner, -corner), "bottom left": (-corner, corner),
    }[position]
    x, y = canvas.frame.to_data(px + dx, py + dy)
    return round(x, 4), round(y, 4)


def _step_lines(step: PlanStep) -> list[str]:
    lines = [f"step {step.position}: weeks {step.start_week}–{step.end_week}", step.reason]
    if step.chosen_over:
        lines.append("chosen over " + ", ".join(step.chosen_over))
    if step.refresher:
        lines.append("refresher")
    return [line for line in lines if line]


def _path_title(graph: CurriculumGraph, plan: Plan) -> str:
    names = ", ".join(graph.nodes[t].name if t in graph.nodes else t for t in plan.targets)
    return f"Path to {names}: {len(plan.steps)} steps, {plan.total_hours:g} h, about {plan.weeks} weeks at {plan.hours_per_week:g} h/week"


def _label_variants(node: Node, required) -> str | tuple[str, str]:
    """A landmark may shorten its name to fit; a role is always named in full."""
    if node.id in required and node.kind is not Kind.ROLE:
        return _label(node.name), _label(node.name, 20)
    return _label(node.name)


def _label(name: str, chars: int = _LABEL_CHARS) -> str:
    """A printed name: one line, or two wrapped lines for a long name, escaped.

    ``chars`` bounds a line (a one-line name may take all of it; wrapped
    lines are a little shorter).  Plotly renders entities, not tags, so
    escaping keeps any markup in a name inert; the ``<br>`` is ours.
    """
    if len(name) <= chars:
        return html.escape(name, quote=False)
    lines = textwrap.wrap(name, width=chars - 4, break_long_words=True) or [name]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: chars - 5].rstrip() + "…"]
    return "<br>".join(html.escape(line, quote=False) for line in lines)
