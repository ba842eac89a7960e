"""The compiled index: built once per graph, and gone with its graph."""

from __future__ import annotations

import gc
import weakref

from recommender import index as index_module
from recommender.index import index_for
from toys import toy


def test_an_index_is_built_once_per_graph(ml_toy):
    assert index_for(ml_toy) is index_for(ml_toy)


def test_the_cache_lets_go_of_graphs_that_are_gone():
    graphs = [toy({"a": (1, []), f"b{i}": (2, [["a"]])}) for i in range(3)]
    for graph in graphs:
        index_for(graph)
    watchers = [weakref.ref(graph) for graph in graphs]
    cached = len(index_module._CACHE)
    del graph, graphs
    gc.collect()
    assert [w() for w in watchers] == [None, None, None]
    assert len(index_module._CACHE) == cached - 3


def test_clauses_are_positions_of_the_written_alternatives(ml_toy):
    index = index_for(ml_toy)
    deep = index.position["deep-learning"]
    assert [[index.ids[a] for a in clause] for clause in index.clauses[deep]] == [["python"], ["pytorch", "tensorflow"]]
    assert index.goal(deep) == (deep,) and index.known_closure(frozenset({deep})) == {deep}
