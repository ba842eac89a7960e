"""Re-planning with ``keep``: ticking steps off must not reshuffle the rest of the plan.

A learner's earlier plan is re-planned with some of its steps now known and
the earlier steps kept.  Against the brute force of
``test_selection_properties`` (which implements the keep tier between
"fewest steps" and the designer's order), the new plan is valid, covering,
minimal and exactly optimal; and whenever the new plan's steps are all
steps of the old one, the old steps it keeps come in their old order.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recommender.planner import plan
from test_selection_properties import SETTINGS, assert_valid_and_minimal, brute_force_all, cents, requests
from toys import toy


def ids(result):
    return [s.id for s in result.steps]


@SETTINGS
@given(requests(), st.data())
def test_ticking_steps_off_keeps_the_rest_in_order(case, data):
    spec, targets, known = case
    graph = toy(spec)
    earlier = ids(plan(graph, targets, known=known))
    done = data.draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else []
    now_known = [*known, *done]
    again = plan(graph, targets, known=now_known, keep=earlier)
    assert_valid_and_minimal(spec, again, targets, now_known)
    still = [t for t in targets if t not in now_known]
    key, plans = brute_force_all(spec, still, now_known, cost=lambda v: cents(spec, v), kept=frozenset(earlier))
    steps = ids(again)
    assert sum(cents(spec, v) for v in steps) == key[1]
    assert set(steps) in plans  # keeping earlier steps is a tie-break, never paid for in effort or steps
    if set(steps) <= set(earlier):
        assert steps == [s for s in earlier if s in steps]


@SETTINGS
@given(requests(), st.data())
def test_keep_changes_the_plan_only_among_equally_good_plans(case, data):
    spec, targets, known = case
    graph = toy(spec)
    fresh = plan(graph, targets, known=known)
    earlier = data.draw(st.lists(st.sampled_from(sorted(spec)), unique=True))
    kept = plan(graph, targets, known=known, keep=earlier)
    assert kept.total_hours == fresh.total_hours and len(kept.steps) == len(fresh.steps)
    assert len(set(ids(kept)) & set(earlier)) >= len(set(ids(fresh)) & set(earlier))


def test_an_unchanged_plan_kept_is_the_same_plan(ml_toy):
    earlier = plan(ml_toy, ["ml-engineer"])
    assert plan(ml_toy, ["ml-engineer"], keep=[s.id for s in earlier.steps]) == earlier


def test_a_new_step_comes_just_before_the_first_kept_step_that_needs_it(toy_graph):
    # b needs a (3 h) or n (2 h, which needs m, 2 h): a wins until the learner knows m
    g = toy_graph({"a": (3, []), "m": (2, []), "n": (2, [["m"]]), "b": (1, [["a", "n"]]), "x": (1, []),
                   "t": (1, [["b"], ["x"]])})
    assert ids(plan(g, ["t"])) == ["a", "b", "x", "t"]
    earlier = ["x", "a", "b", "t"]  # the order the learner's saved plan had
    assert ids(plan(g, ["t"], keep=earlier)) == earlier
    assert ids(plan(g, ["t"], known=["m"], keep=earlier)) == ["x", "n", "b", "t"]
    assert ids(plan(g, ["t"], known=["m"])) == ["n", "b", "x", "t"]  # without keep, x would move


def test_ids_no_longer_in_the_curriculum_are_ignored(ml_toy):
    assert plan(ml_toy, ["deep-learning"], keep=["gone-topic", "pytorch"]) == plan(ml_toy, ["deep-learning"], keep=["pytorch"])
