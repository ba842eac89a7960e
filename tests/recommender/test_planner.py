"""The planner's semantics on small curricula whose answers can be read off by hand."""

from __future__ import annotations

import math

import pytest

from graph.errors import InfeasiblePlanError, InvalidRequestError, UnknownNodeError
from recommender.frontier import ready
from recommender.planner import plan
from recommender.schedule import total_weeks, weeks_of


def ids(result):
    return [s.id for s in result.steps]


# -- selection semantics ---------------------------------------------------


def test_known_skills_cut_the_search_and_their_prerequisites_drop_out(toy_graph):
    g = toy_graph({"a": (5, []), "b": (5, [["a"]]), "c": (5, [["b"]]), "d": (5, [["a"], ["c"]])})
    assert ids(plan(g, ["d"])) == ["a", "b", "c", "d"]
    # b is known: c no longer needs a, but d still needs a for its own sake
    assert ids(plan(g, ["d"], known=["b"])) == ["a", "c", "d"]
    assert ids(plan(g, ["c"], known=["b"])) == ["c"]


def test_shared_prerequisites_count_once_across_targets(toy_graph):
    g = toy_graph({"p": (10, []), "x": (1, [["p"]]), "y": (2, [["p"]])})
    result = plan(g, ["x", "y"])
    assert ids(result).count("p") == 1 and result.total_hours == 13


def test_zero_hour_alternatives_do_not_pad_the_plan(toy_graph):
    g = toy_graph({
        "free-1": (0, []), "free-2": (0, [["free-1"]]), "cheap": (0, []),
        "t": (4, [["free-2", "cheap"]]),
    })
    # both ways cost 0 h; the plan takes the one with fewer steps
    assert ids(plan(g, ["t"])) == ["cheap", "t"]


def test_equal_effort_and_steps_goes_to_the_alternative_listed_first(toy_graph):
    g = toy_graph({"zeta": (3, []), "alpha": (3, []), "t": (1, [["zeta", "alpha"]])})
    result = plan(g, ["t"])
    assert ids(result) == ["zeta", "t"]  # the designer listed zeta first; ids do not matter
    assert result.alternatives[0].extra_hours == 0 and result.alternatives[0].runner_up == "alpha"
    assert "same total effort; ties go to fewer steps, then to the plan whose choices are listed earlier in their clauses" in result.steps[0].reason


def test_listed_order_is_compared_over_the_whole_plan(toy_graph):
    # cloud x and its service sx tie with cloud y and sy (10 h, 2 steps each); x is listed
    # first in one clause, sy in the other, so each plan has one node at position 0 and
    # one at position 1: a tie the designer left open, which the ids settle (x < y)
    g = toy_graph({
        "x": (5, []), "y": (5, []), "sx": (5, [["x"]]), "sy": (5, [["y"]]),
        "t": (0, [["x", "y"], ["sy", "sx"]]),
    })
    assert ids(plan(g, ["t"])) == ["x", "sx", "t"]
    # a third clause listing y first tips it: y's plan now has two nodes at position 0
    g = toy_graph({
        "x": (5, []), "y": (5, []), "sx": (5, [["x"]]), "sy": (5, [["y"]]),
        "u": (0, [["y", "x"]]), "t": (0, [["x", "y"], ["sy", "sx"], ["u"]]),
    })
    assert ids(plan(g, ["t"])) == ["y", "sy", "u", "t"]


def test_listed_order_counts_only_clauses_of_the_request(toy_graph):
    # "other" lists a first, but it is not needed for t, so t's own clause decides
    # (counting it would tie a and b at position 0, and the earlier id a would win)
    g = toy_graph({"a": (3, []), "b": (3, []), "t": (1, [["b", "a"]]), "other": (1, [["a", "b"]])})
    assert ids(plan(g, ["t"])) == ["b", "t"]
    assert ids(plan(g, ["other"])) == ["a", "other"]
    # a clause a known node meets offers no choice, so it does not rank its alternatives
    g = toy_graph({"z": (3, []), "b": (3, []), "k": (1, []), "m": (0, [["b", "k"]]), "t": (1, [["z", "b"], ["m"]])})
    assert ids(plan(g, ["t"], known=["k"])) == ["m", "z", "t"]


def test_target_already_known_gives_an_empty_plan_with_a_note(toy_graph):
    g = toy_graph({"a": (5, []), "b": (5, [["a"]])})
    result = plan(g, ["b"], known=["b"])
    assert result.steps == () and result.total_hours == 0 and result.weeks == 0
    assert result.notes == ("B is already known: nothing to learn for it",)


def test_prefer_tips_a_close_choice_but_not_a_distant_one(ml_toy):
    assert "pytorch" in ids(plan(ml_toy, ["deep-learning"]))
    assert "tensorflow" in ids(plan(ml_toy, ["deep-learning"], prefer=["tensorflow"]))  # 70*0.8 = 56 < 60
    result = plan(ml_toy, ["deep-learning"], prefer=["tensorflow"])
    choice = result.alternatives[0]
    assert choice.chosen == "tensorflow" and choice.runner_up == "pytorch" and choice.extra_hours == -10
    assert "chosen over PyTorch: preferred" in result.steps[1].reason


def test_prefer_and_avoid_accept_kinds(toy_graph):
    g = toy_graph({
        "course": (10, [], "topic"), "cert": (12, [], "certification"),
        "t": (1, [["course", "cert"]], "role", "career"),
    })
    assert ids(plan(g, ["t"], prefer=["certification"])) == ["cert", "t"]  # 12*0.8 < 10
    assert ids(plan(g, ["t"], avoid=["topic"])) == ["cert", "t"]


def test_avoided_nodes_are_used_only_when_no_plan_does_without(toy_graph):
    g = toy_graph({"a": (1, []), "b": (50, []), "c": (2, []), "t": (1, [["a", "b"], ["c"]])})
    result = plan(g, ["t"], avoid=["a"])
    assert ids(result) == ["b", "c", "t"] and result.avoided_used == ()
    result = plan(g, ["t"], avoid=["a", "c"])
    assert ids(result) == ["b", "c", "t"]
    assert result.avoided_used == ("c",) and result.steps[1].avoided
    assert any("avoided" in note and "C" in note for note in result.notes)


def test_a_target_named_in_avoid_is_infeasible(ml_toy):
    with pytest.raises(InfeasiblePlanError) as caught:
        plan(ml_toy, ["deep-learning"], avoid=["deep-learning"])
    assert caught.value.blocking == ("deep-learning",)
    # a target merely of an avoided kind is exempt
    assert plan(ml_toy, ["tf-certificate"], avoid=["certification"]).steps[-1].id == "tf-certificate"


def test_beginner_proficiency_adds_a_quarter_refresher_before_its_first_use(ml_toy):
    result = plan(ml_toy, ["deep-learning"], proficiency={"python": "beginner"})
    first = result.steps[0]
    assert first.id == "python" and first.refresher and first.hours == 20
    assert "python" in result.known and result.total_hours == 20 + 60 + 50
    advanced = plan(ml_toy, ["deep-learning"], proficiency={"python": "advanced"})
    assert ids(advanced) == ["pytorch", "deep-learning"]


def test_beginner_skill_the_plan_does_not_use_gets_no_refresher_but_a_note(ml_toy):
    result = plan(ml_toy, ["tf-certificate"], known=["python"], proficiency={"pytorch": "beginner"})
    assert ids(result) == ["tensorflow", "tf-certificate"]
    assert result.notes == ("no refresher for PyTorch: the plan does not build on it",)


# -- order, weeks, explanations ---------------------------------------------


def test_each_step_follows_what_it_needs_on_one_thread(toy_graph):
    g = toy_graph({
        "a1": (1, []), "a2": (1, [["a1"]]), "b1": (1, []), "b2": (1, [["b1"]]),
        "t": (1, [["a2"], ["b2"]], "role", "career"),
    })
    # a2's thread is finished before b's starts, instead of a1, b1, a2, b2
    assert ids(plan(g, ["t"])) == ["a1", "a2", "b1", "b2", "t"]


def test_prerequisites_come_by_stage_then_id(toy_graph):
    g = toy_graph({
        "z-found": (1, [], "topic", "foundations"), "a-tool": (1, [], "tool", "frameworks"),
        "b-concept": (1, [], "topic", "ml-concepts"),
        "t": (1, [["a-tool"], ["b-concept"], ["z-found"]], "role", "career"),
    })
    assert ids(plan(g, ["t"])) == ["z-found", "b-concept", "a-tool", "t"]


def test_targets_are_reached_in_the_order_given(toy_graph):
    g = toy_graph({"a": (1, []), "b": (1, [])})
    assert ids(plan(g, ["b", "a"])) == ["b", "a"]


def test_weeks_split_steps_across_boundaries_and_total_is_the_lower_bound(toy_graph):
    g = toy_graph({"a": (15, []), "m": (0, [["a"]], "milestone"), "b": (5, [["m"]]), "c": (12.5, [["b"]])})
    result = plan(g, ["c"], hours_per_week=10)
    spans = [(s.id, s.start_week, s.end_week) for s in result.steps]
    assert spans == [("a", 1, 2), ("m", 2, 2), ("b", 2, 2), ("c", 3, 4)]
    assert result.weeks == math.ceil(32.5 / 10) == 4


def test_schedule_arithmetic_is_exact_in_decimal():
    assert total_weeks(1000, 0.1, steps=1) == 100  # 10 h at 0.1 h/week, not 101
    assert total_weeks(90, 0.3, steps=1) == 3
    assert weeks_of([0, 100, 0], 1.0) == [(1, 1), (1, 1), (1, 1)]
    assert total_weeks(0, 5, steps=2) == 1 and total_weeks(0, 5, steps=0) == 0


def test_reasons_name_the_dependent_and_the_target(ml_toy):
    result = plan(ml_toy, ["ml-engineer"], known=["python"])
    by_id = {s.id: s for s in result.steps}
    assert by_id["tensorflow"].reason.startswith("needed by Deep Learning and TF Certificate, for the target ML Engineer")
    assert "chosen over PyTorch: TensorFlow is also needed by TF Certificate" in by_id["tensorflow"].reason
    assert by_id["tensorflow"].chosen_over == ("pytorch",)
    assert by_id["tensorflow"].needed_by == ("deep-learning", "tf-certificate")
    assert by_id["deep-learning"].reason == "needed by the target ML Engineer"
    assert by_id["ml-engineer"].reason == "target"
    # ML Engineer becomes learnable when its last clause, the certificate, is met
    assert by_id["tf-certificate"].unlocks == ("ml-engineer",)
    assert by_id["tensorflow"].unlocks == ("deep-learning", "tf-certificate")


def test_alternatives_are_priced_exactly(ml_toy):
    result = plan(ml_toy, ["ml-engineer"], known=["python"])
    [choice] = result.alternatives
    assert (choice.for_node, choice.clause, choice.chosen, choice.runner_up) == ("deep-learning", 1, "tensorflow", "pytorch")
    # forcing PyTorch into that clause adds PyTorch, TensorFlow stays for the certificate
    assert choice.extra_hours == 60
    cheap = plan(ml_toy, ["deep-learning"], known=["python"])
    assert cheap.alternatives[0].extra_hours == 10
    assert "chosen over TensorFlow: 10 h less" in cheap.steps[0].reason


def test_total_equals_the_sum_of_steps(ml_toy):
    result = plan(ml_toy, ["ml-engineer"], proficiency={"python": "beginner"})
    assert result.total_hours == pytest.approx(math.fsum(s.hours for s in result.steps))
    assert [s.position for s in result.steps] == list(range(1, len(result.steps) + 1))


# -- next steps ------------------------------------------------------------------


def test_ready_nodes_are_the_outer_fringe_and_marked_on_plan(ml_toy):
    nothing = ready(ml_toy, [])
    assert [r.id for r in nothing.ready] == ["python"]
    after = ready(ml_toy, ["python"], targets=["ml-engineer"])
    assert [(r.id, r.on_plan) for r in after.ready] == [("pytorch", False), ("tensorflow", True)]


# -- errors ----------------------------------------------------------------------


def test_unknown_ids_raise_with_suggestions(ml_toy):
    with pytest.raises(UnknownNodeError) as caught:
        plan(ml_toy, ["pytorhc"])
    assert "pytorch" in caught.value.suggestions
    with pytest.raises(UnknownNodeError):
        plan(ml_toy, ["pytorch"], known=["nope"])
    with pytest.raises(UnknownNodeError):
        plan(ml_toy, ["pytorch"], avoid=["nope"])


@pytest.mark.parametrize("kwargs, argument", [
    ({"targets": []}, "`targets`"),
    ({"hours_per_week": 0}, "`hours_per_week`"),
    ({"hours_per_week": 169}, "`hours_per_week`"),
    ({"hours_per_week": float("nan")}, "`hours_per_week`"),
    ({"time_limit": -1}, "`time_limit`"),
    ({"known": "python"}, "`known`"),
    ({"proficiency": {"python": "guru"}}, "`proficiency`"),
    ({"prefer": ["pytorch"], "avoid": ["pytorch"]}, "`prefer` and `avoid`"),
])
def test_malformed_arguments_name_the_argument(ml_toy, kwargs, argument):
    kwargs = {"targets": ["deep-learning"], **kwargs}
    targets = kwargs.pop("targets")
    with pytest.raises(InvalidRequestError, match=argument):
        plan(ml_toy, targets, **kwargs)
