"""The schedule: one bar per step, end to end, totalling the plan's hours."""

from __future__ import annotations

import math

import pytest

from viz.schedule import schedule_figure


def bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def spans(fig) -> dict[str, tuple[float, float]]:
    """step id -> (start, length) in weeks, over every bar trace."""
    return {i: (b, x) for t in bars(fig) for i, b, x in zip(t.customdata, t.base, t.x)}


@pytest.mark.parametrize("per_week", [10.0, 7.5, 3.0])
def test_bars_total_the_plan_hours_one_bar_per_step(toy_graph, toy_steps, plan_maker, per_week):
    plan = plan_maker(toy_graph, toy_steps, known=("python",), hours_per_week=per_week)
    fig = schedule_figure(toy_graph, plan)
    drawn = spans(fig)
    timed = [s for s in plan.steps if s.hours > 0]
    assert sorted(drawn) == sorted(s.id for s in timed)
    assert math.isclose(sum(length for _, length in drawn.values()) * per_week, plan.total_hours, rel_tol=1e-6)
    (instants,) = [t for t in fig.data if t.meta == "milestones"]
    assert sorted(instants.customdata) == sorted(s.id for s in plan.steps if s.hours == 0)


def test_bars_run_end_to_end_in_plan_order(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps)
    drawn = spans(schedule_figure(toy_graph, plan))
    ordered = [drawn[s.id] for s in plan.steps if s.id in drawn]
    assert ordered[0][0] == 0
    for (start, length), (next_start, _) in zip(ordered, ordered[1:]):
        assert math.isclose(start + length, next_start, abs_tol=1e-6)
    # each bar's length is its step's hours at the weekly budget
    assert all(math.isclose(drawn[s.id][1], s.hours / plan.hours_per_week, abs_tol=1e-6) for s in plan.steps if s.id in drawn)


def test_rows_list_steps_top_to_bottom_by_position(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, list(reversed(toy_steps[:4])))
    fig = schedule_figure(toy_graph, plan)
    labels = list(fig.layout.yaxis.categoryarray)
    assert [label.split(". ", 1)[1] for label in labels] == [s.name for s in sorted(plan.steps, key=lambda s: s.position)]
    assert fig.layout.yaxis.autorange == "reversed"


def test_bars_are_coloured_and_grouped_by_stage(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps)
    fig = schedule_figure(toy_graph, plan)
    stage_of = {s.id: toy_graph.stages[s.stage].name for s in plan.steps}
    for trace in bars(fig):
        assert {stage_of[i] for i in trace.customdata} == {trace.name}
    assert len({t.marker.color for t in bars(fig)}) == len(bars(fig))


def test_hover_gives_hours_and_weeks(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=10)
    fig = schedule_figure(toy_graph, plan)
    hover = {i: h for t in bars(fig) for i, h in zip(t.customdata, t.hovertext)}
    # numpy: 10 h from hour 0 -> weeks 0.0 to 1.0; ml-basics starts after 10 + 30 + 12 h
    assert "10 h" in hover["numpy"] and "weeks 0.0 → 1.0" in hover["numpy"]
    assert "60 h" in hover["ml-basics"] and "weeks 5.2 → 11.2" in hover["ml-basics"]
    stage = toy_graph.stages[toy_graph.nodes["numpy"].stage]
    assert f"· {stage.name} ·" in hover["numpy"] and f"· {stage.id} ·" not in hover["numpy"]  # the stage's name


def test_schedule_is_deterministic(toy_graph, toy_plan):
    assert schedule_figure(toy_graph, toy_plan).to_json() == schedule_figure(toy_graph, toy_plan).to_json()


def test_legend_and_colours_follow_the_curriculums_own_stage_order(toy_graph, toy_steps, plan_maker):
    """Reversing the stage order reverses the legend and the colour ramp."""
    from graph.curriculum import build_graph
    from viz.style import stage_colours

    plan = plan_maker(toy_graph, toy_steps)
    stages = toy_graph.curriculum.stages
    flipped = tuple(s.model_copy(update={"order": len(stages) - s.order}) for s in stages)
    reversed_graph = build_graph(toy_graph.curriculum.model_copy(update={"stages": flipped}))
    forward, backward = schedule_figure(toy_graph, plan), schedule_figure(reversed_graph, plan)
    assert [t.name for t in bars(backward)] == [t.name for t in reversed(bars(forward))]
    colours, flipped_colours = stage_colours(stages), stage_colours(flipped)
    assert [colours[s.id] for s in stages] == [flipped_colours[s.id] for s in reversed(stages)]
    name_to_id = {s.name: s.id for s in stages}
    assert all(t.marker.color == flipped_colours[name_to_id[t.name]] for t in bars(backward))


def test_each_bar_has_its_hours_printed_just_past_its_end(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=8)
    fig = schedule_figure(toy_graph, plan)
    (hours,) = [t for t in fig.data if t.meta == "hours"]
    assert hours.mode == "text" and hours.textposition == "middle right"
    ends = {i: b + x for t in bars(fig) for i, b, x in zip(t.customdata, t.base, t.x)}
    rows = {label: label.split(". ", 1)[1] for label in fig.layout.yaxis.categoryarray}
    by_name = {s.name: s for s in plan.steps}
    printed = {by_name[rows[y]].id: (x, text.strip()) for x, y, text in zip(hours.x, hours.y, hours.text)}
    assert set(printed) == {s.id for s in plan.steps if s.hours > 0}
    for step_id, (x, text) in printed.items():
        assert math.isclose(x, ends[step_id], abs_tol=1e-6) and text == f"{toy_graph.nodes[step_id].effort_hours:g} h"
