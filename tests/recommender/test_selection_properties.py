"""The planner against an independent brute force, on random curricula with OR-clauses.

The brute force enumerates every subset of the non-known nodes, keeps those
that contain the targets and meet every clause of every member, and takes
the best by the documented objective, tie-breaks included: fewest avoided
nodes, least effort, fewest steps, then the designer's order (each node's
earliest position in an OR-clause of the request, compared over the plan's
sorted ranks), then the sum of id positions.  It shares no code with the
planner.  Clauses keep the random order they were drawn in, so the order a
designer wrote them in differs from id order.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InfeasiblePlanError
from recommender.index import index_for
from recommender.planner import plan
from recommender.selection import select
from recommender.solvers import combine_tiers
from toys import toy

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IDS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]


@st.composite
def curricula(draw, max_nodes: int = 10):
    """A random DAG: ids shuffled so id order is not topological order."""
    n = draw(st.integers(3, max_nodes))
    ids = draw(st.permutations(IDS[:n]))
    spec = {}
    for depth, node_id in enumerate(ids):
        earlier = ids[:depth]
        clauses = []
        if earlier:
            for _ in range(draw(st.sampled_from([0, 1, 2, 2, 3]))):
                width = min(len(earlier), draw(st.sampled_from([1, 2, 2, 3])))
                # drawn order, not sorted: the designer's order must not be id order
                clause = tuple(draw(st.lists(st.sampled_from(earlier), min_size=width, max_size=width, unique=True)))
                if sorted(clause) not in [sorted(c) for c in clauses]:
                    clauses.append(clause)
        hours = draw(st.sampled_from([0, 0.5, 1, 2, 3, 5, 8, 10, 13]))
        spec[node_id] = (hours, clauses)
    return spec, ids


@st.composite
def requests(draw, max_nodes: int = 10):
    spec, order = draw(curricula(max_nodes))
    ids = sorted(spec)
    # deep targets have the most to choose from; any node may still be one
    pool = st.one_of(st.sampled_from(order[len(order) // 2:]), st.sampled_from(ids))
    targets = draw(st.lists(pool, min_size=1, max_size=3, unique=True))
    known = draw(st.lists(st.sampled_from([i for i in ids if i not in targets] or ids), max_size=2, unique=True))
    known = [k for k in known if k not in targets]
    return spec, targets, known


def closed(spec: dict, chosen: set[str], known: set[str]) -> bool:
    return all(any(a in chosen or a in known for a in clause) for v in chosen for clause in spec[v][1])


def listed_ranks(spec, targets, known) -> dict:
    """Per node, its earliest position in an OR-clause of a node the targets may need.

    The region is every node reachable from the targets through clauses that
    no known node meets, without passing through known nodes.
    """
    known = set(known)
    region, stack = set(targets), list(targets)
    while stack:
        for clause in spec[stack.pop()][1]:
            if known.intersection(clause):
                continue
            for a in clause:
                if a not in region:
                    region.add(a)
                    stack.append(a)
    ranks = {}
    for v in region:
        for clause in spec[v][1]:
            if len(clause) > 1 and not known.intersection(clause):
                for p, a in enumerate(clause):
                    ranks[a] = min(ranks.get(a, p), p)
    return ranks


def brute_force_all(spec, targets, known, *, cost, avoided=frozenset(), kept=frozenset()):
    """``(key, plans)``: the best full objective and every closed superset of the targets reaching it.

    ``key`` is ``(avoided count, cost, steps, steps not kept, sorted listed
    ranks, sum of id positions)``; ``(None, [])`` if no set is closed.
    """
    free = [v for v in sorted(spec) if v not in known]
    ranks = listed_ranks(spec, targets, known)
    id_position = {v: p for p, v in enumerate(sorted(spec))}
    best, plans = None, []
    for r in range(len(free) + 1):
        for subset in itertools.combinations(free, r):
            chosen = set(subset)
            if not set(targets) <= chosen or not closed(spec, chosen, set(known)):
                continue
            key = (
                sum(v in avoided for v in chosen),
                sum(cost(v) for v in chosen),
                len(chosen),
                sum(v not in kept for v in chosen),
                tuple(sorted(ranks.get(v, float("inf")) for v in chosen)),
                sum(id_position[v] for v in chosen),
            )
            if best is None or key < best:
                best, plans = key, [chosen]
            elif key == best:
                plans.append(chosen)
    return best, plans


def cents(spec, v):
    return round(spec[v][0] * 100)


def assert_valid_and_minimal(spec, result, targets, known):
    steps = [s.id for s in result.steps if not s.refresher]
    seen = set(known)
    for step in steps:
        assert all(any(a in seen for a in clause) for clause in spec[step][1]), f"{step} learned before its prerequisites"
        seen.add(step)
    assert set(targets) <= set(steps) | set(known)
    chosen = set(steps)
    for step in steps:
        if step in targets:
            continue
        assert not closed(spec, chosen - {step}, set(known)), f"{step} could be removed"
    assert len(steps) == len(chosen)


@SETTINGS
@given(requests())
def test_plan_is_valid_minimal_and_exactly_optimal(case):
    spec, targets, known = case
    result = plan(toy(spec), targets, known=known)
    assert_valid_and_minimal(spec, result, targets, known)
    key, plans = brute_force_all(spec, targets, known, cost=lambda v: cents(spec, v))
    assert sum(cents(spec, s.id) for s in result.steps) == key[1]
    assert result.total_hours * 100 == sum(cents(spec, s.id) for s in result.steps)
    # the tie-breaks too: the very set the documented objective prefers
    assert {s.id for s in result.steps} in plans


@SETTINGS
@given(requests(), st.sampled_from(["search", "milp"]))
def test_both_solvers_reach_the_brute_force_optimum(case, solver):
    spec, targets, known = case
    graph = toy(spec)
    index = index_for(graph)
    chosen = select(index, tuple(index.position[t] for t in targets), frozenset(index.position[k] for k in known), solver=solver)
    ids = {index.ids[v] for v in chosen.nodes}
    assert closed(spec, ids, set(known)) and set(targets) <= ids
    key, plans = brute_force_all(spec, targets, known, cost=lambda v: cents(spec, v))
    assert sum(cents(spec, v) for v in ids) == key[1]
    assert ids in plans  # both solvers honour every tie-break identically


@SETTINGS
@given(requests(), st.data())
def test_avoid_first_minimises_avoided_nodes_then_effort(case, data):
    spec, targets, known = case
    avoid = data.draw(st.lists(st.sampled_from(sorted(spec)), max_size=3, unique=True))
    avoid = [a for a in avoid if a not in targets]
    result = plan(toy(spec), targets, known=known, avoid=avoid)
    assert_valid_and_minimal(spec, result, targets, known)
    avoided = set(avoid) - set(known)
    steps = [s.id for s in result.steps]
    expected, plans = brute_force_all(spec, targets, known, cost=lambda v: cents(spec, v), avoided=avoided)
    assert (sum(s in avoided for s in steps), sum(cents(spec, s) for s in steps)) == expected[:2]
    assert set(steps) in plans
    assert set(result.avoided_used) == set(steps) & avoided


@SETTINGS
@given(requests(), st.data())
def test_prefer_weighs_preferred_nodes_at_four_fifths(case, data):
    spec, targets, known = case
    prefer = data.draw(st.lists(st.sampled_from(sorted(spec)), max_size=3, unique=True))
    result = plan(toy(spec), targets, known=known, prefer=prefer)
    assert_valid_and_minimal(spec, result, targets, known)
    weight = lambda v: cents(spec, v) * (4 if v in prefer else 5)  # noqa: E731
    key, plans = brute_force_all(spec, targets, known, cost=weight)
    assert sum(weight(s.id) for s in result.steps) == key[1]
    assert {s.id for s in result.steps} in plans


@SETTINGS
@given(requests(max_nodes=7))
def test_alternative_prices_match_a_brute_force_without_the_chosen_way(case):
    spec, targets, known = case
    result = plan(toy(spec), targets, known=known)
    base = sum(cents(spec, s.id) for s in result.steps)
    for choice in result.alternatives:
        clause = spec[choice.for_node][1][choice.clause]
        banned = {choice.for_node: clause}
        best = None
        free = [v for v in sorted(spec) if v not in known]
        for r in range(len(free) + 1):
            for subset in itertools.combinations(free, r):
                chosen = set(subset)
                if not set(targets) <= chosen or not closed(spec, chosen, set(known)):
                    continue
                if choice.for_node in chosen and not any(a in chosen for a in banned[choice.for_node] if a != choice.chosen):
                    continue
                total = sum(cents(spec, v) for v in chosen)
                best = total if best is None or total < best else best
        if best is None:
            assert choice.extra_hours is None and choice.runner_up is None
        else:
            assert round(choice.extra_hours * 100) == best - base
            assert choice.runner_up is None or choice.runner_up in clause and choice.runner_up != choice.chosen


@SETTINGS
@given(requests())
def test_same_request_gives_the_same_bytes(case):
    spec, targets, known = case
    first = plan(toy(spec), targets, known=known).model_dump_json()
    assert plan(toy(spec), targets, known=known).model_dump_json() == first


def test_greedy_cheapest_alternative_is_beaten(ml_toy):
    """Greedy takes PyTorch (60 h < 70 h) and then still needs TensorFlow for the certificate."""
    spec_clause = ml_toy.nodes["deep-learning"].requires[1]
    greedy_choice = min(spec_clause, key=lambda a: ml_toy.nodes[a].effort_hours)
    greedy = {"python", greedy_choice, "tensorflow", "deep-learning", "tf-certificate", "ml-engineer"}
    greedy_hours = sum(ml_toy.nodes[v].effort_hours for v in greedy)
    result = plan(ml_toy, ["ml-engineer"])
    assert greedy_choice == "pytorch"
    assert result.total_hours < greedy_hours
    assert "pytorch" not in [s.id for s in result.steps]
    assert result.total_hours == 80 + 70 + 50 + 20 + 0


def test_unreachable_reference_is_infeasible_and_names_the_blocker(toy_graph):
    # build_graph does not validate, so a dangling reference is possible here
    graph = toy_graph({"a": (1, []), "b": (1, [["a", "ghost"]]), "c": (1, [["ghost"]]), "t": (0, [["b"], ["c"]])})
    try:
        plan(graph, ["t"])
    except InfeasiblePlanError as exc:
        assert exc.blocking == ("c",)
    else:
        raise AssertionError("expected InfeasiblePlanError")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_combined_keys_order_sets_exactly_like_the_tiers(data):
    n = data.draw(st.integers(1, 6))
    tiers = data.draw(st.lists(st.lists(st.integers(0, 50), min_size=n, max_size=n), min_size=1, max_size=4))
    first = data.draw(st.sets(st.integers(0, n - 1)))
    second = data.draw(st.sets(st.integers(0, n - 1)))
    keys = combine_tiers(tiers)
    lexicographic = lambda chosen: tuple(sum(tier[k] for k in chosen) for tier in tiers)  # noqa: E731
    assert (sum(keys[k] for k in first) < sum(keys[k] for k in second)) == (lexicographic(first) < lexicographic(second))


def test_an_exhausted_time_limit_still_gives_a_closed_plan_with_its_bound(ml_toy):
    index = index_for(ml_toy)
    targets = (index.position["deep-learning"],)
    chosen = select(index, targets, frozenset(), solver="milp", time_limit=1e-9)
    ids = {index.ids[v] for v in chosen.nodes}
    assert "deep-learning" in ids and ids & {"pytorch", "tensorflow"} and "python" in ids
    assert not chosen.proven and chosen.bound <= chosen.weighted
    # a forced request needs no solver, so no time limit can stop it
    forced = select(index, (index.position["tf-certificate"],), frozenset(), time_limit=1e-9)
    assert forced.solver == "forced" and forced.proven


def test_milp_keeps_the_listed_order_when_it_needs_a_solve_of_its_own(monkeypatch):
    import time

    import recommender.solvers as solvers
    from recommender.reduction import Problem
    from recommender.solvers import solve_milp

    # one root clause (0 or 1); effort so large that every later tier needs its own solve
    problem = Problem(frozenset(), (10, 11), ((), ()), ((0, 1),))
    huge = solvers.FOLD_LIMIT // 2
    tiers = [[huge, huge], [1, 1], [1, 0], [0, 1]]  # effort, steps, listed (1 is listed first), ids
    deadline = time.monotonic() + 10
    assert solve_milp(problem, tiers, deadline=deadline).picked == (1,)
    # without the listed tier, only the id tier would be left, and it is not worth a solve
    assert solve_milp(problem, [[huge, huge], [1, 1], [0, 1]], deadline=deadline).picked in {(0,), (1,)}


@SETTINGS
@given(requests(), st.data())
def test_a_re_solve_without_a_choice_matches_a_fresh_plan_on_the_changed_curriculum(case, data):
    """``Selector.without`` edits the plan's problem in place; a curriculum whose clause lacks
    the alternative, solved from scratch, must cost the same and be just as closed."""
    import time

    from recommender.selection import NORMAL_FACTOR, PREFERRED_FACTOR, Selector

    spec, targets, known = case
    index = index_for(toy(spec))
    prefer = data.draw(st.lists(st.sampled_from(sorted(spec)), max_size=2, unique=True))
    preferred = frozenset(index.position[p] for p in prefer)
    position = index.position
    selector = Selector(index, tuple((position[t],) for t in targets), frozenset(position[k] for k in known), preferred)
    deadline = time.monotonic() + 10
    nodes = selector.best(deadline).nodes
    selector.price_expansions = selector.price_cap = 10**9  # as much branch and bound as the re-solves need
    selector.price_highs = selector.price_highs_cap = 10**9  # and as much HiGHS
    weight = lambda ids: sum(cents(spec, v) * (PREFERRED_FACTOR if position[v] in preferred else NORMAL_FACTOR) for v in ids)  # noqa: E731
    for v in sorted(nodes):
        for c, clause in enumerate(index.clauses[v]):
            for barred in clause:
                if barred not in nodes:
                    continue
                node, alternative = index.ids[v], index.ids[barred]
                changed = dict(spec)
                changed[node] = (spec[node][0], [
                    [a for a in cl if a != alternative] if j == c else cl for j, cl in enumerate(spec[node][1])
                ])
                other = selector.without((v, c, barred), deadline)
                try:
                    fresh = plan(toy(changed), targets, known=known, prefer=prefer)
                except InfeasiblePlanError:
                    fresh = None
                if fresh is None:
                    assert other is None
                    continue
                assert other is not None and other.proven
                ids = {index.ids[u] for u in (nodes - other.dropped) | other.added}
                assert closed(changed, ids, set(known)) and set(targets) <= ids
                assert weight(ids) == weight(s.id for s in fresh.steps)
