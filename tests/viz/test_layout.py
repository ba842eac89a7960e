"""The layered layout on arbitrary DAGs: left-to-right, no collisions, stable."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viz.layout import _pack, layer_assignment, layered_layout


@st.composite
def dags(draw, max_nodes=25):
    """Random DAGs: edges only go from a lower to a higher node number."""
    n = draw(st.integers(1, max_nodes))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3 * n)) if pairs else []
    G = nx.DiGraph()
    G.add_nodes_from(f"n{i:02d}" for i in range(n))
    G.add_edges_from((f"n{i:02d}", f"n{j:02d}") for i, j in chosen)
    return G


@settings(max_examples=60, deadline=None)
@given(dags())
def test_every_edge_points_right_and_layers_do_not_collide(G):
    pos = layered_layout(G, node_gap=1.0)
    assert set(pos) == set(G)
    assert all(pos[u][0] < pos[v][0] for u, v in G.edges)
    columns: dict[float, list[float]] = {}
    for x, y in pos.values():
        columns.setdefault(x, []).append(y)
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= 1.0 - 1e-3 for a, b in zip(ys, ys[1:]))


@settings(max_examples=30, deadline=None)
@given(dags())
def test_same_graph_same_positions_whatever_the_insertion_order(G):
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(reversed(list(G)))
    shuffled.add_edges_from(reversed(list(G.edges)))
    assert layered_layout(G) == layered_layout(shuffled)


def test_sources_are_pulled_next_to_their_first_dependent():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("late", "d")])
    assert layer_assignment(G)["late"] == 2
    assert layer_assignment(G, pull_sources=False)["late"] == 0


def test_group_members_move_to_the_layer_before_their_head():
    G = nx.DiGraph([("a", "b"), ("b", "whole"), ("p", "whole"), ("q", "r"), ("r", "s"), ("q", "whole")])
    plain = layer_assignment(G, pull_sources=False)
    grouped = layer_assignment(G, pull_sources=False, groups={"whole": ["b", "p", "q"]})
    assert (plain["p"], plain["q"]) == (0, 0)
    assert grouped["p"] == grouped["b"] == grouped["whole"] - 1
    assert grouped["q"] == grouped["r"] - 1 == 0  # q is needed earlier by r: it stays where r needs it


def test_attraction_moves_a_node_towards_others_as_far_as_its_successors_allow():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "course"), ("a", "exam"), ("exam", "cert"), ("b", "cert")])
    assert layer_assignment(G)["course"] == 1
    assert layer_assignment(G, attract={"course": ["d"]})["course"] == 2  # just before d
    # the exam is needed by the certificate (layer 2): it can come no later than layer 1
    assert layer_assignment(G, attract={"exam": ["d"]})["exam"] == 1
    assert layer_assignment(G, attract={"course": ["a"]})["course"] == 1  # never moved left of its requirements


@st.composite
def grouped_dags(draw):
    """Random DAGs with some nodes' predecessors named as their group's members."""
    G = draw(dags())
    heads = draw(st.lists(st.sampled_from(sorted(G)), unique=True, max_size=4)) if len(G) else []
    groups = {}
    for head in heads:
        preds = sorted(G.predecessors(head))
        if preds:
            groups[head] = draw(st.lists(st.sampled_from(preds), unique=True, min_size=1))
    return G, groups


@settings(max_examples=60, deadline=None)
@given(grouped_dags())
def test_groups_keep_edges_pointing_right_gaps_and_members_together(case):
    G, groups = case
    pos = layered_layout(G, groups=groups)
    assert all(pos[u][0] < pos[v][0] for u, v in G.edges)
    columns: dict[float, list[tuple[float, str]]] = {}
    for v, (x, y) in pos.items():
        columns.setdefault(x, []).append((y, v))
    for column in columns.values():
        column.sort()
        assert all(b[0] - a[0] >= 1.0 - 1e-3 for a, b in zip(column, column[1:]))
    owners: dict[str, list[str]] = {}
    for head, members in groups.items():
        for m in members:
            owners.setdefault(m, []).append(head)
    for head, members in groups.items():
        own = [m for m in members if owners[m] == [head]]
        for x in {pos[m][0] for m in own}:
            order = [v for _, v in columns[x]]
            spots = sorted(order.index(m) for m in own if pos[m][0] == x)
            assert spots == list(range(spots[0], spots[0] + len(spots))), (head, order)


@settings(max_examples=30, deadline=None)
@given(grouped_dags())
def test_grouped_layout_is_the_same_whatever_the_insertion_order(case):
    G, groups = case
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(reversed(list(G)))
    shuffled.add_edges_from(reversed(list(G.edges)))
    assert layered_layout(G, groups=groups) == layered_layout(shuffled, groups=groups)


def test_barycenter_sweeps_untangle_a_crossing():
    # initial (alphabetical) order crosses: a->z, b->y
    G = nx.DiGraph([("a", "z"), ("b", "y")])
    pos = layered_layout(G)
    assert (pos["a"][1] < pos["b"][1]) == (pos["z"][1] < pos["y"][1])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=20), st.floats(0.5, 3))
def test_pack_keeps_order_and_gap_and_beats_plain_stacking(desired, gap):
    packed = _pack(desired, gap)
    assert all(b - a >= gap - 1e-9 for a, b in zip(packed, packed[1:]))
    # least squares: no worse than evenly stacking around the desired mean
    mean = sum(desired) / len(desired)
    middle = (len(desired) - 1) / 2
    stacked = [mean + (i - middle) * gap for i in range(len(desired))]
    cost = lambda h: sum((a - b) ** 2 for a, b in zip(h, desired))  # noqa: E731
    assert cost(packed) <= cost(stacked) + 1e-6


@pytest.mark.parametrize("kwargs, name", [
    ({"sweeps": -1}, "sweeps"), ({"sweeps": 1.5}, "sweeps"),
    ({"layer_gap": 0}, "layer_gap"), ({"node_gap": float("nan")}, "node_gap"),
    ({"topological_order": ["b", "a"]}, "topological_order"),
    ({"topological_order": ["a"]}, "topological_order"),
])
def test_bad_options_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=f"`{name}`"):
        layered_layout(nx.DiGraph([("a", "b")]), **kwargs)


def test_cycles_are_refused():
    with pytest.raises(nx.NetworkXUnfeasible):
        layered_layout(nx.DiGraph([("a", "b"), ("b", "a")]))


@settings(max_examples=40, deadline=None)
@given(dags(), st.floats(1.0, 3.0))
def test_spread_only_widens_sparse_layers(G, spread):
    pos = layered_layout(G, spread=spread)
    plain = layered_layout(G)
    assert {v: x for v, (x, _) in pos.items()} == {v: x for v, (x, _) in plain.items()}
    columns: dict[float, list[float]] = {}
    for x, y in pos.values():
        columns.setdefault(x, []).append(y)
    fullest = max(map(len, columns.values()))
    for ys in columns.values():
        ys.sort()
        gap = min(spread, max(1.0, fullest / (2 * len(ys))))
        assert all(b - a >= gap - 1e-3 for a, b in zip(ys, ys[1:]))


@pytest.mark.parametrize("spread", [0.5, float("inf"), "2"])
def test_bad_spread_is_refused(spread):
    with pytest.raises(ValueError, match="`spread`"):
        layered_layout(nx.DiGraph([("a", "b")]), spread=spread)
