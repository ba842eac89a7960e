"""Planner latency and memory, against naive baselines measured in the same run.

    python benchmarks/bench_planner.py [--quick] [--easy | --hard]

Two families.

*Easy*: typical requests on the bundled curriculum, then synthetic curricula
of 1k, 10k and 100k topics (``graph.synthetic``, target ``synthetic-role``,
which needs nearly every node; one clause in ten offers alternatives).
Columns:

* ``select``: choosing the nodes exactly (reduction, forcing, grouped exact
  solves): the algorithm itself.
* ``plan``: the whole ``recommender.planner.plan`` call: selection, order,
  weeks, pricing every decided alternative (up to the documented limits) and
  a worded reason per step.
* ``ancestors``: Metacademy-style baseline: every ancestor of the targets,
  cut at known nodes, no optimisation (all alternatives of every clause).
* ``milp-all``: the integer program over the whole region the targets reach,
  without forcing, pruning or grouping: HiGHS does all the work.

*Hard*: OR-heavy layered curricula from :func:`hard_curriculum` (sizes 100,
1,000 and 10,000; 30, 50 and 80 % of clauses offering 2 to 5 alternatives;
wholes with parts and courses covering several nodes; four targets), three
instances per cell.  Each instance is also solved in
the same run by :func:`milp_all`, one plain ``milp`` over the relevant
subgraph with effort as its only objective and the planner's default time
limit.  Per instance the ratios ``select / plain`` and ``plan / plain``;
the summary gives their medians, whether every plan came back within the
default limit, and, where either side stopped at the limit, whose plan was
cheaper and whose bound tighter.

Times are medians (and 95th percentiles for the easy family) over repeated
in-process calls after one warm-up call, with the garbage collector left on
as in a server; the per-graph index is built once, as in the API.  Peak
memory of one 100k plan is measured with ``tracemalloc`` in a separate call
(tracing slows Python down, so that call is not timed).
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.curriculum import CurriculumGraph, build_graph, checked_graph, load_graph  # noqa: E402
from graph.models import LEGACY_STAGES, Curriculum, Kind, Node  # noqa: E402
from graph.synthetic import ROLE_ID, synthetic_curriculum  # noqa: E402
from recommender.core import SELECTION_SHARE  # noqa: E402
from recommender.index import CENTS, index_for  # noqa: E402
from recommender.planner import plan  # noqa: E402
from recommender.selection import select  # noqa: E402

SEED_CASES = [
    ("seed: forced (PyTorch, knows Python)", ["pytorch"], ["python"]),
    ("seed: AWS ML certification", ["aws-ml-specialty"], ["python"]),
    ("seed: ML engineer, knows Python", ["machine-learning-engineer"], ["python"]),
    ("seed: ML engineer, from scratch", ["machine-learning-engineer"], []),
]
#: The planner's default time limit, given to the plain ILP too.
DEFAULT_LIMIT = 10.0
HARD_SIZES = (100, 1_000, 10_000)
HARD_OR_SHARES = (0.3, 0.5, 0.8)
#: Efforts a designer writes: round numbers, so equal-effort routes are common.
HARD_HOURS = (0, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60, 80)


def timed(function, repeats: int) -> tuple[float, float]:
    """Median and 95th percentile of ``repeats`` calls, in milliseconds, after one warm-up."""
    function()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


# -- the hard family -------------------------------------------------------------------


def hard_curriculum(size: int, or_share: float, *, seed: int = 0, targets: int = 4,
                    lookback: int = 3) -> tuple[CurriculumGraph, list[str]]:
    """An OR-heavy layered curriculum of about ``size`` nodes, and ``targets`` ids to plan for.

    Nodes are spread over about ``sqrt(size) / 2`` layers; a node past the
    first layer has about three clauses drawing on the ``lookback`` layers
    before it, and each clause offers 2 to 5 alternatives with probability
    ``or_share``, listed in random order (the designer's order is not id
    order).  One node in ten is a whole with two or three parts from the
    layer before.  From the third layer on, about one node in thirty is a
    course covering 2 to 5 nodes of the layer before for 50 to 90 % of their
    hours, with entry requirements from below them.  Efforts are round
    numbers (:data:`HARD_HOURS`), one in sixteen a free milestone, so
    equal-effort routes abound.  The targets are drawn from the last two
    layers.  The curriculum passes the full validation; the same arguments
    give the same curriculum.
    """
    rng = random.Random(f"{size}/{or_share}/{seed}")
    layer_count = max(3, round(math.sqrt(size) / 2))
    layers: list[list[str]] = [[] for _ in range(layer_count)]
    layer_of: dict[str, int] = {}
    for i in range(size):
        layer_of[f"h{i}"] = min(layer_count - 1, i * layer_count // size)
        layers[layer_of[f"h{i}"]].append(f"h{i}")
    stages = [s for s in LEGACY_STAGES if s.id != "career"]
    hours: dict[str, float] = {}
    parts_of: dict[str, tuple[str, ...]] = {}
    nodes = []
    for depth, layer in enumerate(layers):
        pool = [v for previous in layers[max(0, depth - lookback):depth] for v in previous]
        stage = stages[depth * len(stages) // layer_count].id
        for v in layer:
            hours[v] = float(rng.choice(HARD_HOURS))
            requires = _hard_clauses(rng, pool, or_share)
            named = {a for clause in requires for a in clause}
            parts = ()
            if depth and rng.random() < 0.1:
                parts = tuple(p for p in rng.sample(layers[depth - 1], min(3, len(layers[depth - 1]))) if p not in named)
            parts_of[v] = parts
            nodes.append(Node(id=v, name=f"Hard {v[1:]}", kind=rng.choice((Kind.TOPIC, Kind.TOOL, Kind.SKILL)),
                              stage=stage, effort_hours=hours[v], source="benchmark", requires=requires, parts=parts))
        if depth >= 2:
            for k in range(max(1, len(layer) // 30)):
                covered = tuple(rng.sample(layers[depth - 1], min(rng.randint(2, 5), len(layers[depth - 1]))))
                taught = set(covered)
                stack = list(covered)
                while stack:  # a course teaches the parts of what it covers too: it cannot require them
                    for p in parts_of[stack.pop()]:
                        if p not in taught:
                            taught.add(p)
                            stack.append(p)
                # entry requirements from below everything it teaches: none of them can need what it teaches
                lowest = min(layer_of[t] for t in taught)
                below = [v for previous in layers[max(0, lowest - lookback):lowest] for v in previous]
                effort = round(sum(hours[c] for c in covered) * rng.uniform(0.5, 0.9) / 5) * 5
                nodes.append(Node(id=f"course-{depth}-{k}", name=f"Course {depth}.{k}", kind=Kind.COURSE, stage=stage,
                                  effort_hours=float(effort), source="benchmark", covers=covered,
                                  requires=_hard_clauses(rng, below, or_share)))
    last = layers[-1] + layers[-2]
    chosen = sorted(rng.sample(last, min(targets, len(last))))
    return checked_graph(Curriculum(stages=tuple(stages), nodes=tuple(nodes)), source="benchmark"), chosen


def _hard_clauses(rng: random.Random, pool: list[str], or_share: float) -> tuple[tuple[str, ...], ...]:
    if not pool:
        return ()
    clauses: list[tuple[str, ...]] = []
    for _ in range(max(1, round(rng.gauss(3, 1)))):
        width = rng.randint(2, 5) if rng.random() < or_share else 1
        clause = tuple(rng.sample(pool, min(width, len(pool))))
        if all(set(clause) != set(c) for c in clauses):
            clauses.append(clause)
    return tuple(clauses)


# -- baselines -----------------------------------------------------------------------------


def ancestors_plan(graph: CurriculumGraph, targets: list[str], known: list[str]) -> float:
    """Hours of the naive plan: every ancestor of the targets, cut at known nodes."""
    known_set = set(known)
    seen: set[str] = set()
    stack = [t for t in targets if t not in known_set]
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        stack.extend(a for clause in graph.nodes[v].requires for a in clause if a not in known_set and a not in seen)
    return sum(graph.nodes[v].effort_hours for v in seen)


@dataclass(frozen=True)
class PlainResult:
    """One plain ILP: its hours (NaN: no plan found), proven lower bound, and whether it proved them."""

    hours: float
    bound: float
    proven: bool


def milp_all(graph: CurriculumGraph, targets: list[str], known: list[str], time_limit: float) -> PlainResult:
    """Least hours by one HiGHS solve over the whole region, without any reduction.

    Written from the curriculum's rules alone (it shares no code with the
    planner): a target is met by itself or a course teaching it; each clause
    of a chosen node by one of its alternatives or a course teaching one;
    each part of a chosen whole likewise; nothing is needed for a clause a
    known node meets, and knowing a whole or a course means knowing its
    parts and what it teaches.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    nodes, teachers = graph.nodes, graph.covered_by
    known_set = set(graph.parts_closure(known))
    for course in [k for k in known_set if nodes[k].covers]:
        known_set |= graph.teaches(course)

    def ways(alternatives):
        return list(dict.fromkeys([*alternatives, *(c for a in alternatives for c in teachers.get(a, ()))]))

    def needs(v):  # the node's clauses still to meet, each with its courses
        written = [*nodes[v].requires, *((p,) for p in nodes[v].parts)]
        return [ways(c) for c in written if known_set.isdisjoint(c)]

    goals = [ways([t]) for t in targets if t not in known_set]
    region: list[str] = []
    seen: set[str] = set()
    stack = [a for goal in goals for a in goal]
    while stack:
        v = stack.pop()
        if v in seen or v in known_set:
            continue
        seen.add(v)
        region.append(v)
        for clause in needs(v):
            stack.extend(a for a in clause if a not in seen)
    slot = {v: k for k, v in enumerate(region)}
    rows, cols, vals, lower = [], [], [], []
    for goal in goals:
        r = len(lower)
        rows += [r] * len(goal)
        cols += [slot[a] for a in goal]
        vals += [1.0] * len(goal)
        lower.append(1.0)
    for v in region:
        for clause in needs(v):
            r = len(lower)
            rows += [r] * (len(clause) + 1)
            cols += [slot[v]] + [slot[a] for a in clause]
            vals += [-1.0] + [1.0] * len(clause)
            lower.append(0.0)
    n = len(region)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
    cost = np.array([round(nodes[v].effort_hours * CENTS) for v in region], float)
    result = milp(cost, integrality=np.ones(n), bounds=Bounds(0, 1),
                  constraints=[LinearConstraint(matrix, np.array(lower), np.inf)],
                  options={"mip_rel_gap": 0, "time_limit": time_limit})
    hours = float(result.fun) / CENTS if result.x is not None else float("nan")
    dual = result.mip_dual_bound
    bound = float(dual) / CENTS if dual is not None and math.isfinite(dual) else float("nan")
    return PlainResult(hours, hours if result.status == 0 else bound, result.status == 0)


# -- the easy family ---------------------------------------------------------------------


def measure(label: str, graph: CurriculumGraph, targets: list[str], known: list[str], repeats: int, baseline_limit: float) -> dict:
    index = index_for(graph)
    t = tuple(index.position[x] for x in targets)
    k = frozenset(index.position[x] for x in known)
    result = plan(graph, targets, known=known)
    row = {
        "case": label,
        "nodes": len(graph),
        "steps": len(result.steps),
        "hours": result.total_hours,
        "select": timed(lambda: select(index, t, k), repeats),
        "plan": timed(lambda: plan(graph, targets, known=known), repeats),
        "ancestors": timed(lambda: ancestors_plan(graph, targets, known), repeats),
        "ancestor_hours": ancestors_plan(graph, targets, known),
    }
    baseline = milp_all(graph, targets, known, baseline_limit)  # also warms up scipy's import
    if len(graph) <= 20_000:
        row["milp_all"] = timed(lambda: milp_all(graph, targets, known, baseline_limit), 5)
    else:  # one run: it may take minutes
        start = time.perf_counter()
        milp_all(graph, targets, known, baseline_limit)
        row["milp_all"] = ((time.perf_counter() - start) * 1000, float("nan"))
    if baseline.proven:
        assert abs(baseline.hours - (result.total_hours - sum(s.hours for s in result.steps if s.refresher))) < 1e-6
    return row


def peak_memory(graph: CurriculumGraph) -> float:
    """Peak traced allocation of one plan, in MiB."""
    gc.collect()
    tracemalloc.start()
    plan(graph, [ROLE_ID])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def print_table(rows: list[dict]) -> None:
    head = f"{'case':<42} {'nodes':>7} {'steps':>7} {'select ms':>17} {'plan ms':>17} {'ancestors ms':>13} {'milp-all ms':>12} {'milp/select':>11} {'hours':>9} {'ancestor h':>11}"
    print(head)
    print("-" * len(head))
    for row in rows:
        sel, pl, anc, mil = row["select"], row["plan"], row["ancestors"], row["milp_all"]
        ratio = mil[0] / sel[0] if sel[0] else float("inf")
        print(
            f"{row['case']:<42} {row['nodes']:>7} {row['steps']:>7} "
            f"{sel[0]:>8.2f} (p95 {sel[1]:>5.1f}) {pl[0]:>8.2f} (p95 {pl[1]:>5.1f}) "
            f"{anc[0]:>13.2f} {mil[0]:>12.1f} {ratio:>10.1f}x {row['hours']:>9.0f} {row['ancestor_hours']:>11.0f}"
        )


def easy_family(quick: bool) -> None:
    repeats = 20 if quick else 100
    rows = []
    seed = load_graph()
    gc.collect()
    gc.freeze()
    for label, targets, known in SEED_CASES:
        rows.append(measure(label, seed, targets, known, repeats, baseline_limit=60))
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    built: dict[int, CurriculumGraph] = {}
    for size in sizes:
        start = time.perf_counter()
        graph = build_graph(synthetic_curriculum(size))
        index_for(graph)
        print(f"synthetic {size}: curriculum, graph and index built in {time.perf_counter() - start:.1f} s (once per graph)", file=sys.stderr)
        built[size] = graph
        # Long-lived graphs leave the collector's generations, as the API does
        # with its snapshot, so a plan is not charged for re-tracing them.
        gc.collect()
        gc.freeze()
        reps = 3 if size >= 100_000 else max(5, repeats // 4) if size >= 10_000 else repeats
        rows.append(measure(f"synthetic {size // 1000}k: synthetic-role", graph, [ROLE_ID], [], reps, baseline_limit=120))
    print_table(rows)
    if 100_000 in built:
        print(f"\npeak traced memory of one 100k plan: {peak_memory(built[100_000]):.0f} MiB")


# -- the hard family ---------------------------------------------------------------------


def once_or_median(function) -> tuple[float, object]:
    """Milliseconds of ``function`` and its last result: the median of five runs under half a second,
    of three under three seconds, else of one (such runs mostly stop at the time limit)."""
    start = time.perf_counter()
    result = function()
    first = (time.perf_counter() - start) * 1000
    runs = 5 if first < 500 else 3 if first < 3000 else 1
    samples = [first]
    for _ in range(runs - 1):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def hard_row(size: int, share: float, seed: int) -> dict:
    graph, targets = hard_curriculum(size, share, seed=seed)
    index = index_for(graph)
    positions = tuple(index.position[t] for t in targets)
    cold = index.forget_solved  # every timed call starts without the graph's solved groups, as a new request would

    def selection():
        cold()
        return select(index, positions, frozenset(), time_limit=SELECTION_SHARE * DEFAULT_LIMIT)

    def planned_in_full():
        cold()
        return plan(graph, targets, time_limit=DEFAULT_LIMIT)

    plain_ms, plain = once_or_median(lambda: milp_all(graph, targets, [], DEFAULT_LIMIT))
    select_ms, chosen = once_or_median(selection)
    plan_ms, planned = once_or_median(planned_in_full)
    standing = planned.optimality
    return {
        "case": f"{size} nodes, {share:.0%} OR, #{seed}", "size": size, "share": share,
        "plain_ms": plain_ms, "plain": plain, "select_ms": select_ms, "plan_ms": plan_ms,
        "steps": len(planned.steps), "hours": planned.total_hours, "proven": standing.proven,
        "bound": standing.lower_bound_hours, "solver": chosen.solver,
        "prices": [a.price for a in planned.alternatives],
    }


def print_hard(rows: list[dict]) -> None:
    head = (f"{'instance':<26} {'plain ms':>9} {'plain h':>9} {'plain lb':>9} {'select ms':>10} {'plan ms':>9} "
            f"{'sel/plain':>9} {'plan/plain':>10} {'plan h':>8} {'plan lb':>8} {'proven':>6} {'solver':>9} {'prices e/b/other':>16}")
    print(head)
    print("-" * len(head))
    for row in rows:
        plain = row["plain"]
        prices = row["prices"]
        counts = f"{prices.count('exact')}/{prices.count('bound')}/{len(prices) - prices.count('exact') - prices.count('bound')}"
        print(
            f"{row['case']:<26} {row['plain_ms']:>9.0f} {plain.hours:>9.0f} {plain.bound:>9.0f} {row['select_ms']:>10.1f} "
            f"{row['plan_ms']:>9.1f} {row['select_ms'] / row['plain_ms']:>8.2f}x {row['plan_ms'] / row['plain_ms']:>9.2f}x "
            f"{row['hours']:>8.0f} {row['bound'] if row['bound'] is not None else float('nan'):>8.0f} "
            f"{'yes' if row['proven'] else 'no':>6} {row['solver']:>9} {counts:>16}"
        )
    select_ratio = statistics.median(r["select_ms"] / r["plain_ms"] for r in rows)
    plan_ratio = statistics.median(r["plan_ms"] / r["plain_ms"] for r in rows)
    late = [r["case"] for r in rows if r["plan_ms"] > DEFAULT_LIMIT * 1000]
    print(f"\nmedian select / plain ILP: {select_ratio:.2f}x   median plan / plain ILP: {plan_ratio:.2f}x   "
          f"(ratio of medians: {statistics.median(r['select_ms'] for r in rows) / statistics.median(r['plain_ms'] for r in rows):.2f}x, "
          f"{statistics.median(r['plan_ms'] for r in rows) / statistics.median(r['plain_ms'] for r in rows):.2f}x)")
    print(f"plans within the {DEFAULT_LIMIT:g} s default limit: {len(rows) - len(late)} of {len(rows)}" + (f" (late: {', '.join(late)})" if late else ""))
    stopped = [r for r in rows if not r["proven"] or not r["plain"].proven]
    if stopped:
        print(f"stopped at the limit (either side): {len(stopped)} of {len(rows)}")
        for r in stopped:
            plain = r["plain"]
            print(f"  {r['case']:<26} plan {r['hours']:.0f} h (bound {r['bound']}) vs plain ILP "
                  f"{'no plan' if math.isnan(plain.hours) else f'{plain.hours:.0f} h'} (bound {plain.bound:.0f})")


def hard_family(quick: bool) -> None:
    sizes = HARD_SIZES[:2] if quick else HARD_SIZES
    seeds = range(1) if quick else range(3)
    milp_all(*hard_curriculum(100, 0.5), [], DEFAULT_LIMIT)  # scipy's import, outside the timings
    rows = []
    for size in sizes:
        for share in HARD_OR_SHARES:
            for seed in seeds:
                rows.append(hard_row(size, share, seed))
                print(f"  done: {rows[-1]['case']}", file=sys.stderr, flush=True)
    print_hard(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and instances, and no 100k or 10k-hard curriculum")
    family = parser.add_mutually_exclusive_group()
    family.add_argument("--easy", action="store_true", help="only the bundled and synthetic curricula")
    family.add_argument("--hard", action="store_true", help="only the OR-heavy family")
    args = parser.parse_args(argv)
    if not args.hard:
        easy_family(args.quick)
    if not args.easy:
        print()
        hard_family(args.quick)
    print(f"peak resident set of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
