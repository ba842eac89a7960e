"""The plan as a Gantt-style timeline, one bar per step.

Steps are laid end to end in plan order at the learner's hours per week:
a step starts when the previous one ends, so a bar's length is its hours
divided by the weekly budget and the last bar ends at ``total_hours``
worth of weeks.  Steps of zero hours (milestones, the role itself) get a
diamond instead of an invisible bar.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from graph.curriculum import CurriculumGraph
from recommender.models import Plan, PlanStep
from viz.canvas import figure, stage_name
from viz.style import FONT, stage_colours

__all__ = ["schedule_figure", "step_spans"]

ROW_PX = 24


def step_spans(plan: Plan) -> list[tuple[PlanStep, float, float]]:
    """``(step, start_hour, end_hour)`` in plan order, end to end from zero."""
    spans = []
    clock = 0.0
    for step in sorted(plan.steps, key=lambda s: s.position):
        spans.append((step, clock, clock + step.hours))
        clock += step.hours
    return spans


def schedule_figure(graph: CurriculumGraph, plan: Plan, *, title: str | None = None) -> go.Figure:
    """A bar per step from its start to its end, in weeks, coloured by stage.

    Bars are grouped into one trace per stage of ``graph``, in its stage
    order (the legend toggles stages); the y axis lists the steps top to
    bottom in plan order.
    """
    per_week = plan.hours_per_week
    spans = step_spans(plan)
    rows = [_row_label(step) for step, _, _ in spans]
    total = sum(step.hours for step in plan.steps)
    layout = _layout(plan, rows, title)
    traces = []
    colours = stage_colours(graph.stages.values())
    for stage in graph.stages.values():
        members = [(s, a, b) for s, a, b in spans if s.stage == stage.id and s.hours > 0]
        if not members:
            continue
        traces.append(dict(type="bar",
            orientation="h",
            name=stage.name,
            meta="steps",
            y=[_row_label(s) for s, _, _ in members],
            base=[round(a / per_week, 6) for _, a, _ in members],
            x=[round(s.hours / per_week, 6) for s, _, _ in members],
            customdata=[s.id for s, _, _ in members],
            marker={"color": colours[stage.id], "line": {"color": "white", "width": 0.5}},
            hovertext=[_hover(graph, s, a, b, per_week) for s, a, b in members],
            hoverinfo="text",
        ))
    timed = [(s, b) for s, _, b in spans if s.hours > 0]
    if timed:
        # Each bar's hours just past its end, as one text trace: plotly.js
        # measures every "outside" bar text to place it, about half of this
        # figure's time to draw; scatter text is placed without measuring.
        traces.append(dict(type="scatter", mode="text", meta="hours", name="hours", hoverinfo="skip", showlegend=False,
                           x=[round(b / per_week, 6) for _, b in timed], y=[_row_label(s) for s, _ in timed],
                           text=[f" {s.hours:g} h" for s, _ in timed], textposition="middle right",
                           textfont={"size": 10, "color": "#555"}, cliponaxis=False))
    instants = [(s, a, b) for s, a, b in spans if s.hours == 0]
    if instants:
        traces.append(dict(type="scatter", 
            mode="markers",
            name="milestone (0 h)",
            meta="milestones",
            y=[_row_label(s) for s, _, _ in instants],
            x=[round(a / per_week, 6) for _, a, _ in instants],
            customdata=[s.id for s, _, _ in instants],
            marker={"symbol": "diamond", "size": 12, "color": "#222"},
            hovertext=[_hover(graph, s, a, b, per_week) for s, a, b in instants],
            hoverinfo="text",
        ))
    end = round(total / per_week, 6)
    layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": end, "x1": end, "y0": 0, "y1": 1,
                         "line": {"color": "#888", "dash": "dot", "width": 1}}]
    return figure(traces, layout)


def _layout(plan: Plan, rows: list[str], title: str | None) -> dict:
    weeks = sum(s.hours for s in plan.steps) / plan.hours_per_week
    heading = title or f"Schedule: {len(plan.steps)} steps, {plan.total_hours:g} h ≈ {weeks:.1f} weeks at {plan.hours_per_week:g} h/week"
    height = max(300, ROW_PX * len(rows) + 190)
    # The week axis sits on top, where reading starts; title and legend stack
    # above it at fixed pixel offsets whatever the figure's height.
    return {
        "title": {"text": heading, "x": 0.01, "xanchor": "left", "yref": "container", "y": 1 - 28 / height, "yanchor": "middle", "font": {"size": 17}},
        "height": height,
        # A fixed left margin that holds the longest row label (see _row_label),
        # instead of automargin's second layout pass.
        "margin": {"l": 280, "r": 60, "t": 140, "b": 30},
        "font": {"family": FONT, "size": 12, "color": "#222"},
        "template": {},  # no theme: every style is set here
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "barmode": "overlay",
        "bargap": 0.25,
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "white"},
        "legend": {"orientation": "h", "x": 0.0, "xanchor": "left", "yref": "container", "y": 1 - 52 / height, "yanchor": "top"},
        "xaxis": {"title": {"text": f"weeks at {plan.hours_per_week:g} h/week"}, "side": "top", "showgrid": True, "gridcolor": "#EEE",
                  "zeroline": False, "rangemode": "tozero"},
        "yaxis": {"categoryorder": "array", "categoryarray": rows, "autorange": "reversed", "showgrid": False, "automargin": False,
                  # the hours' text trace would pad the rows' range: keep it to the rows
                  "autorangeoptions": {"minallowed": -0.5, "maxallowed": len(rows) - 0.5}},
    }


def _row_label(step: PlanStep) -> str:
    name = step.name if len(step.name) <= 34 else step.name[:33].rstrip() + "…"
    return f"{step.position:>2}. {html.escape(name, quote=False)}"


def _hover(graph: CurriculumGraph, step: PlanStep, start: float, end: float, per_week: float) -> str:
    lines = [
        f"<b>{step.position}. {html.escape(step.name, quote=False)}</b>",
        f"{step.kind.value} · {html.escape(stage_name(graph, step.stage), quote=False)} · {step.hours:g} h",
        f"weeks {start / per_week:.1f} → {end / per_week:.1f} (plan: week {step.start_week}–{step.end_week})",
    ]
    if step.reason:
        lines.append(html.escape(step.reason, quote=False))
    return "<br>".join(lines)
