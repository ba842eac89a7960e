"""The cycle collector pause around large plans: shared, re-entrant, always undone."""

from __future__ import annotations

import gc
import threading

import pytest

from recommender.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_on_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_switches_it_back_on():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outer_one():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_pauses_in_two_threads_share_one():
    """The first thread to leave must not switch the collector on under the second."""
    first_inside, second_inside, first_left = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first():
        with collector_paused():
            first_inside.set()
            second_inside.wait(5)
        first_left.set()

    def second():
        first_inside.wait(5)
        with collector_paused():
            second_inside.set()
            first_left.wait(5)
            seen["after the first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first left": False}
    assert gc.isenabled()


def test_plans_on_large_curricula_run_with_the_collector_paused(toy_graph, monkeypatch):
    """The pause covers solving and rendering a large curriculum's plan, and nothing of a small one."""
    import recommender.planner as planner

    g = toy_graph({"a": (5, []), "b": (3, [["a"]])})
    enabled = []

    def watched(step):
        def call(*args, **kwargs):
            enabled.append(gc.isenabled())
            return step(*args, **kwargs)
        return call

    monkeypatch.setattr(planner, "solve", watched(planner.solve))
    monkeypatch.setattr(planner, "render_plan", watched(planner.render_plan))
    small = planner.plan(g, ["b"])
    monkeypatch.setattr(planner, "LARGE_CURRICULUM", len(g))
    large = planner.plan(g, ["b"])
    assert enabled == [True, True, False, False]
    assert large == small and gc.isenabled()
