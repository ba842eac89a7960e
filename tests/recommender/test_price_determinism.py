"""Same request, same plan bytes, whatever the graph's solved-groups cache holds.

The cache is shared by every request on a graph; pricing spends a budget of
search expansions.  A remembered answer is charged what its solve cost, and
answers cut short by the budget are remembered too, so a price's status and
figure never depend on which plans came before.  Each check plans a request
on a cold index, then on a second copy of the same curriculum after a mix of
other requests, and compares the JSON.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import recommender.pricing as pricing
from graph.curriculum import build_graph, load_graph
from recommender.planner import plan
from test_curriculum_v2 import v2_requests
from test_selection_properties import SETTINGS

SEED_MIX = [
    (["develop-mlops-skills"], []),  # shares the role's big group of choices: it warms the cache for it
    (["machine-learning-engineer"], ["python"]),
    (["aws-ml-specialty"], ["python"]),
    (["machine-learning-engineer"], ["numpy", "statistics"]),
    (["pytorch"], []),
]


def planned(graph, targets, known) -> str:
    return plan(graph, targets, known=known).model_dump_json()


@pytest.mark.parametrize("targets, known", [(["machine-learning-engineer"], []), (["machine-learning-engineer"], ["python"])])
def test_a_seed_plan_is_the_same_bytes_cold_and_after_other_plans(targets, known):
    cold = planned(load_graph(), targets, known)
    warm_graph = load_graph()
    for other_targets, other_known in SEED_MIX:
        plan(warm_graph, other_targets, known=other_known)
    assert planned(warm_graph, targets, known) == cold
    assert planned(warm_graph, targets, known) == cold  # and again, with its own answers remembered


# each solved by branch and bound: a HiGHS re-solve's price depends on the clock (avoiding every certification needs one)
@pytest.mark.parametrize("weights", [{"prefer": ["tensorflow"]}, {"avoid": ["aws"]}, {"keep": ["git", "docker"]}])
def test_requests_sharing_a_reduction_plan_as_if_alone(weights):
    """Requests differing only in what they prefer, avoid or keep share the graph's remembered reduction."""
    targets, known = ["machine-learning-engineer"], ["python"]
    alone = plan(load_graph(), targets, known=known, **weights).model_dump_json()
    plain_alone = planned(load_graph(), targets, known)
    shared = load_graph()
    plain_first = planned(shared, targets, known)
    assert plan(shared, targets, known=known, **weights).model_dump_json() == alone
    assert planned(shared, targets, known) == plain_first == plain_alone


def test_the_seed_plan_prices_most_choices_exactly():
    result = plan(load_graph(), ["machine-learning-engineer"])
    statuses = [a.price for a in result.alternatives]
    assert statuses.count("exact") > statuses.count("bound")


@SETTINGS
@given(v2_requests(), st.data(), st.sampled_from([0, 1, 4]))
def test_random_curricula_plan_the_same_bytes_whatever_came_before(case, data, budget):
    _, curriculum, targets, known = case
    ids = sorted(n.id for n in curriculum.nodes)
    earlier = data.draw(st.lists(st.tuples(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True),
                                           st.lists(st.sampled_from(ids), max_size=2, unique=True)), max_size=4))
    with pytest.MonkeyPatch.context() as patch:
        # a budget this small runs out on these curricula, so cut-short answers are remembered and charged too
        patch.setattr(pricing, "PRICE_EXPANSIONS", budget)
        patch.setattr(pricing, "PRICE_EXPANSION_SHARE", 0.0)
        cold = planned(build_graph(curriculum), targets, known)
        warm_graph = build_graph(curriculum)
        for other_targets, other_known in earlier:
            plan(warm_graph, other_targets, known=[k for k in other_known if k not in other_targets])
        assert planned(warm_graph, targets, known) == cold
