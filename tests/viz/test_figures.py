"""The explorer and the path view: what is drawn, where, and in what order."""

from __future__ import annotations

import html
import json

import pytest

from graph.curriculum import build_graph
from graph.synthetic import synthetic_curriculum
from viz.figures import explorer_figure, path_edges, path_figure


def node_traces(fig):
    return [t for t in fig.data if t.meta == "nodes"]


def traces(fig, meta):
    return [t for t in fig.data if t.meta == meta]


def node_xy(fig) -> dict[str, tuple[float, float]]:
    return {i: (x, y) for t in node_traces(fig) for i, x, y in zip(t.customdata, t.x, t.y)}


def segments(trace, where) -> list[frozenset[str]]:
    """The line trace's edges in drawing order, as unordered node pairs.

    Edges are drawn as polylines split by ``None`` (trails through several
    edges), so each consecutive pair of points is one edge, either way round.
    """
    by_xy = {xy: node_id for node_id, xy in where.items()}
    pairs, previous = [], None
    for x, y in zip(trace.x, trace.y):
        node = None if x is None else by_xy[(x, y)]
        if previous is not None and node is not None:
            pairs.append(frozenset((previous, node)))
        previous = node
    return pairs


def undirected(edges) -> set[frozenset[str]]:
    return {frozenset(e) for e in edges}


def requirement_edges(curriculum, *, alternatives_only=False):
    """Edges read straight from ``requires``, without the graph builder."""
    return {
        (a, n.id)
        for n in curriculum.nodes
        for clause in n.requires
        for a in clause
        if not alternatives_only or len(clause) > 1
    }


@pytest.fixture(scope="module")
def big_graph():
    return build_graph(synthetic_curriculum(180, seed=3))


@pytest.fixture(scope="module")
def seed_graph():
    """The bundled curriculum, the one users see."""
    from graph.curriculum import load_graph

    return load_graph(None)


@pytest.mark.parametrize("which", ["toy", "big"])
def test_explorer_draws_every_node_exactly_once(which, toy_graph, big_graph):
    graph = toy_graph if which == "toy" else big_graph
    ids = [i for t in node_traces(explorer_figure(graph)) for i in t.customdata]
    assert sorted(ids) == sorted(graph.nodes) and len(ids) == len(set(ids))


def test_explorer_legend_lists_the_stages_in_order_and_keys_the_kinds(toy_graph, toy_curriculum):
    """Issue 14: the legend follows the curriculum's stages; kinds are told apart by shape."""
    from viz.style import KIND_SYMBOL, stage_colours

    fig = explorer_figure(toy_graph)
    present = {n.stage for n in toy_curriculum.nodes}
    in_order = [s.name for s in sorted(toy_curriculum.stages, key=lambda s: s.order) if s.id in present]
    swatches = traces(fig, "stages")
    assert [t.name for t in swatches] == in_order
    assert all(t.showlegend is not False and t.legend in (None, "legend") for t in swatches)
    colours = stage_colours(toy_curriculum.stages)
    for swatch in swatches:  # each swatch toggles exactly its stage's nodes, in the stage's colour
        (nodes,) = [t for t in node_traces(fig) if t.legendgroup == swatch.legendgroup]
        assert {toy_graph.nodes[i].stage for i in nodes.customdata} == {swatch.legendgroup}
        assert nodes.marker.color == swatch.marker.color == colours[swatch.legendgroup]
        assert list(nodes.marker.symbol) == [KIND_SYMBOL[toy_graph.nodes[i].kind] for i in nodes.customdata]
    assert all(t.showlegend is False for t in node_traces(fig))
    kinds_present = {n.kind for n in toy_curriculum.nodes}
    key = traces(fig, "kinds")
    assert sorted(t.name for t in key) == sorted(k.value for k in kinds_present)
    assert all(t.legend == "legend3" and list(t.x) == [None] for t in key)
    assert len({t.marker.symbol for t in key}) == len(key)
    assert all(t.legend == "legend2" for t in fig.data if t.meta not in ("nodes", "stages", "kinds"))


def test_prerequisites_flow_left_to_right(big_graph):
    fig = explorer_figure(big_graph)
    where = node_xy(fig)
    assert all(where[u][0] < where[v][0] for u, v in requirement_edges(big_graph.curriculum))


def test_alternatives_and_plain_edges_are_separate_traces(toy_graph, toy_curriculum):
    fig = explorer_figure(toy_graph)
    where = node_xy(fig)
    (plain,), (alternatives,) = traces(fig, "edges"), traces(fig, "or-edges")
    expected_or = requirement_edges(toy_curriculum, alternatives_only=True)
    assert set(segments(alternatives, where)) == undirected(expected_or)
    assert set(segments(plain, where)) == undirected(requirement_edges(toy_curriculum) - expected_or)
    assert all(len(drawn) == len(set(drawn)) for drawn in (segments(alternatives, where), segments(plain, where)))
    assert alternatives.line.dash == "dash" and plain.line.dash == "solid"
    assert alternatives.line.color != plain.line.color


def test_hover_names_kind_stage_name_hours_and_wraps_the_description(toy_graph):
    fig = explorer_figure(toy_graph)
    hover = {i: h for t in node_traces(fig) for i, h in zip(t.customdata, t.hovertext)}
    text = hover["pytorch"]
    stage = toy_graph.stages[toy_graph.nodes["pytorch"].stage]
    # the stage by its display name, as the legend shows it, not by its id
    assert "PyTorch" in text and "tool" in text and f"· {stage.name} ·" in text and "50 h" in text
    assert f"· {stage.id} ·" not in text
    assert text.count("<br>") >= 3  # name, facts, then at least two description lines
    assert "Tensors, automatic differentiation" in text


def test_markup_in_names_is_escaped(toy_curriculum):
    curriculum = toy_curriculum
    nodes = tuple(n.model_copy(update={"name": "<b>Py</b> & <script>"}) if n.id == "python" else n for n in curriculum.nodes)
    graph = build_graph(curriculum.model_copy(update={"nodes": nodes}))
    fig = explorer_figure(graph)
    hover = {i: h for t in node_traces(fig) for i, h in zip(t.customdata, t.hovertext)}
    assert "&lt;b&gt;Py&lt;/b&gt; &amp; &lt;script&gt;" in hover["python"]


def test_labels_go_to_roles_and_milestones_first(toy_graph):
    fig = explorer_figure(toy_graph)
    labels = {i: text for t in node_traces(fig) for i, text in zip(t.customdata, t.text) if text}
    assert labels["mle"] == "Machine Learning Engineer" and labels["step-4"] == "Step 4: frameworks"


def test_crowded_graph_gets_labels_only_where_they_fit(big_graph):
    fig = explorer_figure(big_graph)
    labelled = sum(1 for t in node_traces(fig) for text in t.text if text)
    assert 0 < labelled <= len(big_graph)


def test_same_graph_same_json_even_from_a_fresh_build(toy_graph, toy_plan, toy_curriculum):
    again = build_graph(toy_curriculum)
    assert explorer_figure(toy_graph).to_json() == explorer_figure(toy_graph).to_json() == explorer_figure(again).to_json()
    assert path_figure(toy_graph, toy_plan).to_json() == path_figure(again, toy_plan).to_json()


# --- the path view -----------------------------------------------------------------------


def test_path_view_draws_every_node_exactly_once(toy_graph, toy_plan):
    ids = [i for t in node_traces(path_figure(toy_graph, toy_plan)) for i in t.customdata]
    assert sorted(ids) == sorted(toy_graph.nodes) and len(ids) == len(set(ids))


def test_path_edges_follow_the_plan_in_order(toy_graph, toy_plan, toy_curriculum):
    fig = path_figure(toy_graph, toy_plan)
    where = node_xy(fig)
    position = {s.id: s.position for s in toy_plan.steps}
    expected = sorted(
        ((u, v) for u, v in requirement_edges(toy_curriculum) if u in position and v in position),
        key=lambda e: (position[e[1]], position[e[0]], e),
    )
    assert path_edges(toy_graph, toy_plan) == expected
    (path,) = traces(fig, "path-edges")
    drawn = segments(path, where)
    assert sorted(drawn, key=sorted) == sorted(undirected(expected), key=sorted)  # each once, joined into trails
    assert len(path.x) - path.x.count(None) < 2 * len(expected)
    assert ("pytorch", "step-4") in expected and ("tensorflow", "step-4") not in expected
    (heads,) = traces(fig, "arrowheads")
    assert heads.fill == "toself" and heads.mode == "none"
    xs, ys = list(heads.x), list(heads.y)
    assert len(xs) == 5 * len(expected)  # a filled triangle per arrow, in plan order: (tip, barb, barb, tip, None)
    for k, (u, v) in enumerate(expected):
        tips = {(xs[5 * k], ys[5 * k]), (xs[5 * k + 3], ys[5 * k + 3])}
        assert len(tips) == 1 and xs[5 * k + 4] is None
        (tx, ty), (ux, uy), (vx, vy) = tips.pop(), where[u], where[v]
        # the tip sits on the edge, just short of the dependent
        cross = (vx - ux) * (ty - uy) - (vy - uy) * (tx - ux)
        assert abs(cross) < 1e-2 * max(1.0, abs(vx - ux) + abs(vy - uy))
        along = ((tx - ux) * (vx - ux) + (ty - uy) * (vy - uy)) / ((vx - ux) ** 2 + (vy - uy) ** 2)
        assert 0.5 < along < 1.0


def test_known_nodes_are_checked_and_their_edges_shown(toy_graph, toy_plan):
    fig = path_figure(toy_graph, toy_plan)
    (known,) = [t for t in node_traces(fig) if t.name == "already known"]
    assert sorted(known.customdata) == ["python", "statistics"]
    assert set(known.text) == {"✓"}
    (covered,) = traces(fig, "known-edges")
    assert frozenset(("python", "numpy")) in segments(covered, node_xy(fig))


def test_targets_stand_out_and_steps_are_numbered(toy_graph, toy_plan):
    fig = path_figure(toy_graph, toy_plan)
    (target,) = [t for t in node_traces(fig) if t.name == "target"]
    assert list(target.customdata) == ["mle"] and target.marker.symbol == "star"
    others = [t for t in node_traces(fig) if t.name != "target"]
    assert all(target.marker.size > t.marker.size for t in others)
    numbers = {i: text for t in node_traces(fig) if t.name.startswith("step") or t.name == "target"
               for i, text in zip(t.customdata, t.text)}
    assert numbers == {s.id: str(s.position) for s in toy_plan.steps}


def test_nodes_off_the_plan_are_faded(toy_graph, toy_plan):
    fig = path_figure(toy_graph, toy_plan)
    (faded,) = [t for t in node_traces(fig) if t.name == "not needed"]
    assert sorted(faded.customdata) == ["tensorflow"]
    assert faded.opacity < 1


def test_a_plan_for_a_known_target_still_marks_the_target(toy_graph, plan_maker):
    plan = plan_maker(toy_graph, (), known=("python", "numpy"), targets=("numpy",))
    fig = path_figure(toy_graph, plan)
    (target,) = [t for t in node_traces(fig) if t.name == "target"]
    assert list(target.customdata) == ["numpy"] and list(target.text) == ["✓"]
    assert not traces(fig, "arrowheads")[0].x


def test_figure_json_is_plain_plotly_json(toy_graph, toy_plan):
    document = json.loads(path_figure(toy_graph, toy_plan).to_json())
    assert {"data", "layout"} <= set(document)
    assert {t["meta"] for t in document["data"]} == {"edges", "known-edges", "path-edges", "arrowheads", "nodes", "labels"}


def test_figures_pass_plotly_validation(toy_graph, toy_plan, big_graph):
    """Production skips Plotly's validation for speed; here every property is checked."""
    import plotly.graph_objects as go

    from viz.schedule import schedule_figure

    for fig in (explorer_figure(toy_graph), explorer_figure(big_graph), path_figure(toy_graph, toy_plan), schedule_figure(toy_graph, toy_plan)):
        document = json.loads(fig.to_json())
        validated = json.loads(go.Figure(document).to_json())  # raises ValueError naming any invalid property
        # validation only fills in the empty template's skeleton
        assert document["layout"].pop("template") == {}
        validated["layout"].pop("template")
        assert validated == document


# --- fitting the screen and reading a long plan ---------------------------------------------


def label_boxes(fig, canvas, meta="nodes", font_size=10.0, radius=6.0):
    """Each printed label's box in planned pixels, rebuilt from text and textposition."""
    from viz.labels import _spots

    boxes = {}
    for t in fig.data:
        if t.meta != meta or t.text is None:
            continue
        positions = t.textposition if isinstance(t.textposition, (list, tuple)) else [t.textposition] * len(t.text)
        for node_id, text, position in zip(t.customdata, t.text, positions):
            if not text:
                continue
            lines = html.unescape(text).split("<br>")
            px, py = canvas.frame.to_px(*canvas.positions[node_id])
            spots = dict(_spots(px, py, 0.58 * font_size * max(map(len, lines)), 1.25 * font_size * len(lines), radius))
            boxes[node_id] = spots[position]
    return boxes


@pytest.mark.parametrize("which", ["toy", "big", "seed"])
def test_figures_take_their_containers_width(which, toy_graph, big_graph, seed_graph):
    graph = {"toy": toy_graph, "big": big_graph, "seed": seed_graph}[which]
    for fig in (explorer_figure(graph),):
        layout = fig.to_plotly_json()["layout"]
        assert layout["autosize"] is True and "width" not in layout
        assert layout["margin"]["t"] <= 100  # no tall empty band above the plot
        xs = [x for t in node_traces(fig) for x in t.x]
        lo, hi = layout["xaxis"]["range"]
        assert lo < min(xs) and max(xs) < hi  # every layer inside the initial view


def test_layers_are_evenly_spaced(seed_graph):
    columns = sorted({x for t in node_traces(explorer_figure(seed_graph)) for x in t.x})
    assert columns == [float(i) for i in range(len(columns))]


@pytest.mark.parametrize("which", ["toy", "big", "seed"])
def test_landmarks_are_always_named_and_no_labels_overlap(which, toy_graph, big_graph, seed_graph):
    from viz.canvas import canvas_for
    from viz.figures import landmarks
    from viz.labels import _overlaps

    graph = {"toy": toy_graph, "big": big_graph, "seed": seed_graph}[which]
    fig = explorer_figure(graph)
    named = {i for t in node_traces(fig) for i, text in zip(t.customdata, t.text) if text}
    marks = landmarks(graph)
    kinds = {"role", "milestone", "certification"}
    assert {i for i, n in graph.nodes.items() if n.kind.value in kinds} <= marks
    assert marks <= named
    roles = {i: text for t in node_traces(fig) if t.name == "role" for i, text in zip(t.customdata, t.text)}
    assert all("…" not in text for text in roles.values())  # a role is always named in full
    canvas = canvas_for(graph)
    boxes = list(label_boxes(fig, canvas).values())
    assert all(not _overlaps(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:])
    assert all(0 <= b[0] and b[2] <= canvas.frame.width and 0 <= b[1] and b[3] <= canvas.frame.height for b in boxes)
    if which == "seed":
        assert len(named) >= len(graph) / 2  # most of the curriculum is readable without hovering


def test_long_names_wrap_instead_of_being_cut(seed_graph):
    fig = explorer_figure(seed_graph)
    texts = {i: text for t in node_traces(fig) for i, text in zip(t.customdata, t.text) if text}
    long = [i for i in texts if len(seed_graph.nodes[i].name) > 26]
    assert long and all("<br>" in texts[i] for i in long)
    assert all(len(line) <= 26 for text in texts.values() for line in html.unescape(text).split("<br>"))


def test_a_long_plan_shows_numbers_over_a_faint_backdrop(big_graph, plan_maker):
    from viz.figures import LONG_PLAN

    import networkx as nx

    # the node with the most prerequisites, reached from scratch in topological order
    target = max(sorted(big_graph.nodes), key=lambda i: len(nx.ancestors(big_graph.digraph, i)))
    ancestors = nx.ancestors(big_graph.digraph, target)
    steps = [i for i in big_graph.topological_order if i in ancestors or i == target]
    assert len(steps) > LONG_PLAN
    long_plan = plan_maker(big_graph, steps, targets=(target,))
    short_plan = plan_maker(big_graph, steps[-5:], targets=(target,))
    long_fig, short_fig = path_figure(big_graph, long_plan), path_figure(big_graph, short_plan)
    (long_edges,), (short_edges,) = traces(long_fig, "path-edges"), traces(short_fig, "path-edges")
    assert long_edges.line.width < short_edges.line.width
    assert "rgba" in long_edges.line.color and "rgba" not in short_edges.line.color
    # every step still numbered
    numbers = {i: text for t in node_traces(long_fig) if t.name.startswith("step") or t.name == "target"
               for i, text in zip(t.customdata, t.text)}
    assert numbers == {s.id: str(s.position) for s in long_plan.steps}
    # names only for the target and landmarks: the numbers carry the order
    (labels,) = traces(long_fig, "labels")
    assert target in labels.customdata
    assert all(i == target or big_graph.nodes[i].kind.value in ("milestone", "role") for i in labels.customdata)
    # no name covers a step's number
    from viz.canvas import canvas_for
    from viz.labels import _overlaps

    canvas = canvas_for(big_graph)
    boxes = label_boxes(long_fig, canvas, meta="labels", font_size=11.0, radius=10.0)
    for node_id, box in boxes.items():
        for step in long_plan.steps:
            if step.id == node_id:
                continue
            px, py = canvas.frame.to_px(*canvas.positions[step.id])
            assert not _overlaps(box, (px - 8, py - 8, px + 8, py + 8)), (node_id, step.id)
    (faded,) = [t for t in node_traces(long_fig) if t.name == "not needed"]
    assert faded.opacity <= 0.6
