"""Same request, same plan bytes, whatever the graph's solved-groups cache holds.

The cache is shared by every request on a graph; pricing spends a budget of
search expansions.  A remembered answer is charged what its solve cost, and
answers cut short by the budget are remembered too, so a price's status and
figure never depend on which plans came before.  Each check plans a request
on a cold index, then on a second copy of the same curriculum after a mix of
other requests, and compares the JSON.
"""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import recommender.pricing as pricing
from graph.curriculum import build_graph, load_graph
from recommender.planner import plan
from recommender.selection import Selector
from test_curriculum_v2 import v2_requests
from test_selection_properties import SETTINGS

SEED_MIX = [
    (["develop-mlops-skills"], []),  # shares the role's big group of choices: it warms the cache for it
    (["machine-learning-engineer"], ["python"]),
    (["aws-ml-specialty"], ["python"]),
    (["machine-learning-engineer"], ["numpy", "statistics"]),
    (["pytorch"], []),
]


def planned(graph, targets, known, **weights) -> str:
    return plan(graph, targets, known=known, **weights).model_dump_json()


@pytest.mark.parametrize("targets, known, weights", [
    (["machine-learning-engineer"], [], {}),
    (["machine-learning-engineer"], ["python"], {}),
    (["machine-learning-engineer"], ["python"], {"avoid": ["certification"]}),  # HiGHS plans and prices the big group
])
def test_a_seed_plan_is_the_same_bytes_cold_and_after_other_plans(targets, known, weights):
    cold = planned(load_graph(), targets, known, **weights)
    warm_graph = load_graph()
    for other_targets, other_known in SEED_MIX:
        plan(warm_graph, other_targets, known=other_known, **weights)
    assert planned(warm_graph, targets, known, **weights) == cold
    assert planned(warm_graph, targets, known, **weights) == cold  # and again, with its own answers remembered


# avoiding every certification leaves the role's big group to HiGHS, whose re-solves count nodes
@pytest.mark.parametrize("weights", [{"prefer": ["tensorflow"]}, {"avoid": ["aws"]}, {"keep": ["git", "docker"]},
                                     {"avoid": ["certification"]}])
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


def _burning(stop: threading.Event) -> None:
    """Pure-Python work that holds the interpreter a share of the time, as a loaded machine would."""
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def test_prices_by_highs_are_the_same_bytes_while_another_thread_burns_cpu():
    """Avoiding every certification leaves the role's big group to HiGHS, for the plan and its re-solves.

    Their budget is a count of HiGHS nodes, not seconds, so a plan slowed
    down by a busy thread prices exactly what an unhurried one does.
    """
    curriculum = load_graph().curriculum
    request = dict(known=["python"], avoid=["certification"])
    # warm scipy's import and HiGHS once: the quiet plan must not pay for loading them
    plan(build_graph(curriculum), ["machine-learning-engineer"], **request)
    quiet = plan(build_graph(curriculum), ["machine-learning-engineer"], **request)
    assert quiet.optimality.proven
    assert any(a.price in ("exact", "bound") for a in quiet.alternatives)
    stop = threading.Event()
    burners = [threading.Thread(target=_burning, args=(stop,), daemon=True) for _ in range(2)]
    for burner in burners:
        burner.start()
    try:
        busy = [plan(build_graph(curriculum), ["machine-learning-engineer"], **request).model_dump_json()
                for _ in range(4)]
    finally:
        stop.set()
        for burner in burners:
            burner.join()
    assert busy == [quiet.model_dump_json()] * 4


def test_prices_by_highs_do_not_depend_on_how_long_the_selection_took(monkeypatch):
    """The worst case of a loaded machine: slow while choosing the nodes, quiet while pricing them.

    When pricing's HiGHS budget was a share of the selection's seconds, a
    slow selection bought more exact prices; a count of nodes buys the same.
    """
    curriculum = load_graph().curriculum
    request = dict(known=["python"], avoid=["certification"])
    plan(build_graph(curriculum), ["machine-learning-engineer"], **request)  # scipy and HiGHS loaded
    quiet = plan(build_graph(curriculum), ["machine-learning-engineer"], **request).model_dump_json()
    best = Selector.best

    def slow_best(self, deadline):
        selection = best(self, deadline)
        until = time.monotonic() + 0.2
        while time.monotonic() < until:  # the selection's thread held up, as by other work on its core
            pass
        return selection

    monkeypatch.setattr(Selector, "best", slow_best)
    assert plan(build_graph(curriculum), ["machine-learning-engineer"], **request).model_dump_json() == quiet


def test_a_highs_solve_stopped_by_its_node_limit_is_the_same_every_time():
    """The count HiGHS re-solves are held by: a stop at it is repeatable, and a limit the solve does not reach
    changes nothing (so a remembered answer serves any budget that covers its nodes)."""
    import random

    from recommender.reduction import Problem
    from recommender.solvers import solve_milp

    rng = random.Random(7)
    n = 80
    roots = tuple(sorted({tuple(sorted(rng.sample(range(n), 4))) for _ in range(200)}))  # a set cover that branches
    costs = [rng.randrange(10, 100) for _ in range(n)]
    problem = Problem(frozenset(), tuple(range(n)), tuple(() for _ in range(n)), roots)

    def solved(node_limit=None):
        return solve_milp(problem, [costs], deadline=time.monotonic() + 600, node_limit=node_limit)

    free = solved()
    assert free.proven and free.nodes > 3
    assert solved(free.nodes) == solved(free.nodes + 10) == free
    cut = solved(2)
    assert cut == solved(2)
    assert not cut.proven and not cut.clock_stopped and cut.nodes == 2
    assert cut.lead_bound <= sum(costs[k] for k in free.picked) <= sum(costs[k] for k in cut.picked)
