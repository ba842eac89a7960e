"""Wholes with their parts and courses that teach, in the layout and both figures (issue 14, point 8).

Expected values are read from the curricula's own ``parts`` and ``covers``
fields (or from the hand-made plans), never from the figures' output.
"""

from __future__ import annotations

import json

import pytest

from graph.curriculum import build_graph
from tests.viz.grouped import choir_curriculum, data_science_curriculum, graph_of, grouped_synthetic
from tests.viz.test_figures import label_boxes, node_xy, segments, traces, undirected
from viz.canvas import canvas_for
from viz.figures import explorer_figure, path_figure

GRAPHS = {
    "data-science": lambda: graph_of(data_science_curriculum()),
    "choir": lambda: graph_of(choir_curriculum()),
    "synthetic-150": lambda: graph_of(grouped_synthetic(150, seed=1)),
    "synthetic-180": lambda: graph_of(grouped_synthetic(180, seed=7, wholes=10, courses=5)),
}


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


@pytest.fixture(scope="module")
def science():
    return graph_of(data_science_curriculum())


def polygons(trace) -> list[list[tuple[float, float]]]:
    found, current = [], []
    for x, y in zip(trace.x, trace.y):
        if x is None:
            found.append(current)
            current = []
        else:
            current.append((x, y))
    return found


def inside(point, polygon) -> bool:
    """Ray casting: is the point inside the closed polygon?"""
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def whole_parts(curriculum) -> dict[str, tuple[str, ...]]:
    return {n.id: n.parts for n in curriculum.nodes if n.parts}


# --- the layout ----------------------------------------------------------------------------


def test_parts_sit_in_the_column_just_before_whatever_needs_them_first(graph):
    """A part is pulled right to its whole's column unless something earlier needs it."""
    pos = canvas_for(graph).positions
    for whole, parts in whole_parts(graph.curriculum).items():
        for part in parts:
            first_user = min(pos[v][0] for v in graph.digraph.successors(part))
            assert pos[part][0] == first_user - 1, (whole, part)
            assert pos[part][0] < pos[whole][0]


def test_parts_of_one_whole_that_share_a_column_are_not_split_by_other_nodes(graph):
    pos = canvas_for(graph).positions
    shared = {p for parts in whole_parts(graph.curriculum).values() for p in parts}
    owners = {p: [w for w, parts in whole_parts(graph.curriculum).items() if p in parts] for p in shared}
    for whole, parts in whole_parts(graph.curriculum).items():
        own = [p for p in parts if owners[p] == [whole]]  # a part of several wholes keeps to one of them
        for column in {pos[p][0] for p in own}:
            heights = sorted(pos[p][1] for p in own if pos[p][0] == column)
            between = [v for v, (x, y) in pos.items() if x == column and heights[0] < y < heights[-1] and v not in own]
            assert between == [], (whole, between)


def test_a_course_sits_just_before_what_it_teaches_unless_its_entry_requirements_forbid(graph):
    pos = canvas_for(graph).positions
    courses = [n for n in graph.curriculum.nodes if n.covers]
    assert courses
    for course in courses:
        x = pos[course.id][0]
        earliest_taught = min(pos[c][0] for c in course.covers)
        entry = max((pos[p][0] for p in graph.digraph.predecessors(course.id)), default=-1) + 1
        users = [pos[v][0] - 1 for v in graph.digraph.successors(course.id)]
        assert x == max(entry, min([earliest_taught - 1, *users])), course.id


def test_a_course_is_drawn_level_with_what_it_teaches(graph):
    """The ordering counts what a course teaches among its neighbours: it ends up nearer to it."""
    from viz.layout import layered_layout

    def offset(positions):
        return sum(abs(positions[n.id][1] - sum(positions[c][1] for c in n.covers) / len(n.covers))
                   for n in graph.curriculum.nodes if n.covers)

    options = dict(topological_order=graph.topological_order, spread=2.0,
                   sort_key=lambda v: (graph.stage_rank[graph.nodes[v].stage], v),
                   groups={n.id: n.parts for n in graph.curriculum.nodes if n.parts})
    alone = layered_layout(graph.digraph, **options)
    assert offset(canvas_for(graph).positions) < offset(alone)


def test_grouped_layouts_are_deterministic(graph):
    again = build_graph(graph.curriculum)
    assert canvas_for(again).positions == canvas_for(graph).positions
    assert explorer_figure(again).to_json() == explorer_figure(graph).to_json()


# --- the explorer ---------------------------------------------------------------------------


def test_part_edges_are_their_own_trace_and_never_count_as_alternatives(graph):
    fig = explorer_figure(graph)
    where = node_xy(fig)
    expected = {(p, n.id) for n in graph.curriculum.nodes for p in n.parts
                if not any(p in clause for clause in n.requires)}
    (parts,) = traces(fig, "part-edges")
    assert set(segments(parts, where)) == undirected(expected)
    drawn_elsewhere = {e for meta in ("edges", "or-edges") for t in traces(fig, meta) for e in segments(t, where)}
    assert drawn_elsewhere.isdisjoint(undirected(expected))
    alternatives = {(a, n.id) for n in graph.curriculum.nodes for c in n.requires if len(c) > 1 for a in c}
    (or_edges,) = traces(fig, "or-edges")
    assert set(segments(or_edges, where)) <= undirected(alternatives)


def test_every_whole_and_its_parts_lie_inside_their_shaded_band(graph):
    fig = explorer_figure(graph)
    where = node_xy(fig)
    rim, fill = traces(fig, "groups")
    assert fill.fill == rim.fill == "toself" and fill.fillcolor != rim.fillcolor
    bands = polygons(fill)
    groups = whole_parts(graph.curriculum)
    assert len(bands) == sum(len(parts) for parts in groups.values())  # one stroke per edge of each group's joining tree
    for whole, parts in groups.items():
        for member in (whole, *parts):
            assert any(inside(where[member], band) for band in bands), (whole, member)
    assert len(polygons(rim)) == len(bands)
    assert fig.data[0].meta == fig.data[1].meta == "groups"  # drawn beneath everything else


def test_each_band_is_a_rounded_stroke_between_two_members_of_one_group(graph):
    """Unlike a convex hull, a band keeps within its padding of a segment joining two of its members."""
    import math

    fig = explorer_figure(graph)
    canvas = canvas_for(graph)
    (_, fill) = traces(fig, "groups")
    px = {i: canvas.frame.to_px(*xy) for i, xy in canvas.positions.items()}
    pairs = [(px[a], px[b]) for w, parts in whole_parts(graph.curriculum).items()
             for a in (w, *parts) for b in (w, *parts) if a < b]

    def distance(point, a, b):
        (x, y), (ax, ay), (bx, by) = point, a, b
        length = (bx - ax) ** 2 + (by - ay) ** 2
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length))
        return math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)))

    for band in polygons(fill):
        outline = [canvas.frame.to_px(x, y) for x, y in band]
        assert any(all(11.0 <= distance(p, a, b) <= 12.1 for p in outline) for a, b in pairs)


def test_courses_link_to_what_they_teach_and_are_marked(graph):
    fig = explorer_figure(graph)
    where = node_xy(fig)
    (links,) = traces(fig, "teaches")
    expected = {(n.id, c) for n in graph.curriculum.nodes for c in n.covers}
    assert set(segments(links, where)) == undirected(expected) and links.line.dash == "dot"
    assert json.loads(fig.to_json())["layout"]["meta"]["teaches"] == {n.id: list(n.covers) for n in graph.curriculum.nodes if n.covers}
    outline = {i: (c, w) for t in traces(fig, "nodes")
               for i, c, w in zip(t.customdata, t.marker.line.color, t.marker.line.width)}
    teachers = {n.id for n in graph.curriculum.nodes if n.covers}
    ringed = {i for i, (colour, width) in outline.items() if colour != "white"}
    assert ringed == teachers
    assert min(outline[i][1] for i in teachers) > max(w for i, (_, w) in outline.items() if i not in teachers)


def test_hover_cards_name_parts_wholes_courses_and_what_they_teach(science):
    fig = explorer_figure(science)
    hover = {i: h for t in traces(fig, "nodes") for i, h in zip(t.customdata, t.hovertext)}
    assert "consists of: Vectors, Matrices, Eigenvalues and eigenvectors" in hover["linear-algebra"]
    assert "part of: Linear algebra" in hover["matrices"]
    assert "teaches: Neural networks, PyTorch" in hover["deep-learning-course"]
    for node_id, courses in science.covered_by.items():
        names = [science.nodes[c].name for c in courses]
        flat = hover[node_id].replace("<br>  ", " ")
        assert all(name in flat for name in names) and "taught by" in flat


def test_courses_have_a_shape_of_their_own(science):
    from graph.models import Kind
    from viz.style import KIND_SYMBOL

    fig = explorer_figure(science)
    symbols = {i: s for t in traces(fig, "nodes") for i, s in zip(t.customdata, t.marker.symbol)}
    courses = {i for i, n in science.nodes.items() if n.kind is Kind.COURSE}
    assert courses and {symbols[i] for i in courses} == {KIND_SYMBOL[Kind.COURSE]}
    assert KIND_SYMBOL[Kind.COURSE] not in {symbols[i] for i in science.nodes if i not in courses}
    assert "course" in [t.name for t in traces(fig, "kinds")]


def test_the_legend_follows_the_stage_order_not_the_ids(science):
    fig = explorer_figure(science)
    by_order = [s.name for s in sorted(data_science_curriculum().stages, key=lambda s: s.order)]
    assert [t.name for t in traces(fig, "stages")] == by_order
    assert by_order != [s.name for s in sorted(data_science_curriculum().stages, key=lambda s: s.id)]


def test_names_never_overlap_and_landmarks_are_named(graph):
    from viz.figures import landmarks
    from viz.labels import _overlaps

    fig = explorer_figure(graph)
    named = {i for t in traces(fig, "nodes") for i, text in zip(t.customdata, t.text) if text}
    assert landmarks(graph) <= named
    boxes = list(label_boxes(fig, canvas_for(graph)).values())
    assert all(not _overlaps(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:])


def test_grouped_explorer_passes_plotly_validation(graph):
    import plotly.graph_objects as go

    document = json.loads(explorer_figure(graph).to_json())
    validated = json.loads(go.Figure(document).to_json())  # raises ValueError naming any invalid property
    assert document["layout"].pop("template") == {}
    validated["layout"].pop("template")
    assert validated == document


# --- the path view --------------------------------------------------------------------------

#: Knows Python and linear algebra (a whole); takes the ML course (which
#: teaches regression, classification, evaluation and clustering) instead of
#: learning them one by one.
SCIENCE_STEPS = ("derivatives", "gradients", "calculus", "probability", "distributions", "hypothesis-testing", "statistics",
                 "mathematics", "maths-ready", "ml-course", "ml-fundamentals", "numpy", "pandas", "git", "decision-trees",
                 "deep-learning-course", "portfolio", "sql", "ml-certificate", "data-scientist")


@pytest.fixture(scope="module")
def science_plan(science):
    from tests.viz.conftest import make_plan

    return make_plan(science, SCIENCE_STEPS, known=("python", "linear-algebra"), targets=("data-scientist",))


def test_path_view_draws_every_node_once(science, science_plan):
    ids = [i for t in traces(path_figure(science, science_plan), "nodes") for i in t.customdata]
    assert sorted(ids) == sorted(science.nodes) and len(ids) == len(set(ids))


def test_what_a_course_step_teaches_is_ringed_and_linked_not_numbered(science, science_plan):
    fig = path_figure(science, science_plan)
    where = node_xy(fig)
    position = {s.id: s.position for s in science_plan.steps}
    known = {"python", "linear-algebra", "vectors", "matrices", "eigenvalues"}
    expected = {}
    for step in sorted(science_plan.steps, key=lambda s: s.position):
        for taught in sorted(set(science.nodes[step.id].covers) - set(position) - known):
            expected.setdefault(taught, step.id)
    assert expected  # the ML course stands in for four topics; the deep-learning course for two
    (ringed,) = [t for t in traces(fig, "nodes") if t.name == "taught by a course step"]
    assert set(ringed.customdata) == set(expected) and ringed.text is None
    (links,) = traces(fig, "teaches")
    assert set(segments(links, where)) == undirected((course, node) for node, course in expected.items())
    hover = dict(zip(ringed.customdata, ringed.hovertext))
    for node, course in expected.items():
        assert f"taught in step {position[course]}" in hover[node]
    steps_hover = {i: h for t in traces(fig, "nodes") if t.name.startswith("step") for i, h in zip(t.customdata, t.hovertext)}
    assert "teaches: " in steps_hover["ml-course"]
    teaches = json.loads(fig.to_json())["layout"]["meta"]["teaches"]
    assert {c: set(n) for c, n in teaches.items()} == {c: {n for n, k in expected.items() if k == c} for c in set(expected.values())}


def test_the_parts_of_a_known_whole_are_known_too(science, science_plan):
    fig = path_figure(science, science_plan)
    (known,) = [t for t in traces(fig, "nodes") if t.name == "already known"]
    parts = set(science.nodes["linear-algebra"].parts)
    assert set(known.customdata) == {"python", "linear-algebra"} | parts
    hover = dict(zip(known.customdata, known.hovertext))
    assert all("part of Linear algebra" in hover[p] for p in parts)
    (covered,) = traces(fig, "known-edges")
    assert frozenset(("matrices", "eigenvalues")) not in segments(covered, node_xy(fig))  # both known: nothing to cover
    assert frozenset(("linear-algebra", "ml-course")) in segments(covered, node_xy(fig))


def test_a_known_course_makes_what_it_teaches_known(science, plan_maker):
    plan = plan_maker(science, ("decision-trees",), known=("ml-course",), targets=("decision-trees",))
    fig = path_figure(science, plan)
    (known,) = [t for t in traces(fig, "nodes") if t.name == "already known"]
    assert set(known.customdata) == {"ml-course"} | science.teaches("ml-course")


def test_only_the_wholes_on_the_plan_are_shaded(science, science_plan):
    fig = path_figure(science, science_plan)
    where = node_xy(fig)
    (_, fill) = traces(fig, "groups")
    bands = polygons(fill)
    involved = {s.id for s in science_plan.steps} | {"python", "linear-algebra"}
    shaded = [w for w in whole_parts(science.curriculum) if w in involved]
    assert len(bands) == sum(len(science.nodes[w].parts) for w in shaded)
    assert all(any(inside(where[m], b) for b in bands) for w in shaded for m in (w, *science.nodes[w].parts))


def test_path_names_do_not_overlap_step_numbers(science, science_plan):
    from viz.labels import _overlaps

    fig = path_figure(science, science_plan)
    canvas = canvas_for(science)
    boxes = label_boxes(fig, canvas, meta="labels", font_size=11.0, radius=10.0)
    assert all(not _overlaps(a, b) for k, a in enumerate(boxes.values()) for b in list(boxes.values())[k + 1:])
    for node_id, box in boxes.items():
        for step in science_plan.steps:
            if step.id != node_id:
                px, py = canvas.frame.to_px(*canvas.positions[step.id])
                assert not _overlaps(box, (px - 8, py - 8, px + 8, py + 8)), (node_id, step.id)


def test_path_view_is_deterministic_and_valid_plotly(science, science_plan):
    import plotly.graph_objects as go

    again = build_graph(science.curriculum)
    assert path_figure(science, science_plan).to_json() == path_figure(again, science_plan).to_json()
    document = json.loads(path_figure(science, science_plan).to_json())
    validated = json.loads(go.Figure(document).to_json())
    document["layout"].pop("template"), validated["layout"].pop("template")
    assert validated == document
