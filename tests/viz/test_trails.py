"""Edges joined into trails: every edge drawn exactly once, in as few polylines as the graph allows."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from viz.canvas import trails


@st.composite
def edge_lists(draw):
    n = draw(st.integers(2, 14))
    pairs = [(f"n{i}", f"n{j}") for i in range(n) for j in range(i + 1, n)]
    return draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30))


@settings(max_examples=200, deadline=None)
@given(edge_lists())
def test_trails_cover_each_edge_once_with_the_fewest_walks(edges):
    walks = trails(edges)
    walked = [frozenset(pair) for walk in walks for pair in zip(walk, walk[1:])]
    assert sorted(walked, key=sorted) == sorted((frozenset(e) for e in edges), key=sorted)
    # Euler: a connected piece with 2k odd-degree nodes needs max(1, k) walks
    G = nx.Graph(edges)
    fewest = sum(max(1, sum(G.degree(v) % 2 for v in piece) // 2) for piece in nx.connected_components(G))
    assert len(walks) == fewest
