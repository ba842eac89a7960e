"""Planner latency and memory, against naive baselines measured in the same run.

    python benchmarks/bench_planner.py [--quick]

Cases: typical requests on the bundled curriculum, then synthetic curricula
of 1k, 10k and 100k topics (``graph.synthetic``, target ``synthetic-role``,
which needs nearly every node).  Columns:

* ``select``: choosing the nodes exactly (reduction, forcing, grouped exact
  solves): the algorithm itself.
* ``plan``: the whole ``recommender.planner.plan`` call: selection, order,
  weeks, pricing every decided alternative (up to the documented limits) and
  a worded reason per step.
* ``ancestors``: Metacademy-style baseline: every ancestor of the targets,
  cut at known nodes, no optimisation (all alternatives of every clause).
* ``milp-all``: the integer program over the whole region the targets reach,
  without forcing, pruning or grouping: HiGHS does all the work.

Times are medians (and 95th percentiles) over repeated in-process calls after
one warm-up call, with the garbage collector left on as in a server; the
per-graph index is built once, as in the API.  Peak
memory of one 100k plan is measured with ``tracemalloc`` in a separate call
(tracing slows Python down, so that call is not timed).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.curriculum import CurriculumGraph, build_graph, load_graph  # noqa: E402
from graph.synthetic import ROLE_ID, synthetic_curriculum  # noqa: E402
from recommender.index import CENTS, index_for  # noqa: E402
from recommender.planner import plan  # noqa: E402
from recommender.selection import select  # noqa: E402

SEED_CASES = [
    ("seed: forced (PyTorch, knows Python)", ["pytorch"], ["python"]),
    ("seed: AWS ML certification", ["aws-ml-specialty"], ["python"]),
    ("seed: ML engineer, knows Python", ["machine-learning-engineer"], ["python"]),
    ("seed: ML engineer, from scratch", ["machine-learning-engineer"], []),
]


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


def milp_all(graph: CurriculumGraph, targets: list[str], known: list[str], time_limit: float) -> float:
    """Least hours by one HiGHS solve over the whole region, without any reduction."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    known_set = set(known)
    region: list[str] = []
    seen: set[str] = set()
    stack = [t for t in targets if t not in known_set]
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        region.append(v)
        for clause in graph.nodes[v].requires:
            if not known_set.intersection(clause):
                stack.extend(a for a in clause if a not in seen)
    slot = {v: k for k, v in enumerate(region)}
    rows, cols, vals = [], [], []
    r = 0
    for v in region:
        for clause in graph.nodes[v].requires:
            if known_set.intersection(clause):
                continue
            rows += [r] * (len(clause) + 1)
            cols += [slot[v]] + [slot[a] for a in clause]
            vals += [1.0] + [-1.0] * len(clause)
            r += 1
    n = len(region)
    lower = np.zeros(n)
    for t in targets:
        if t in slot:
            lower[slot[t]] = 1
    matrix = coo_array((vals, (rows, cols)), shape=(r, n)).tocsr()
    cost = np.array([round(graph.nodes[v].effort_hours * CENTS) for v in region], float)
    result = milp(cost, integrality=np.ones(n), bounds=Bounds(lower, 1),
                  constraints=[LinearConstraint(matrix, -np.inf, 0)], options={"mip_rel_gap": 0, "time_limit": time_limit})
    return float(result.fun) / CENTS if result.status == 0 else float("nan")  # NaN: no proven optimum in time


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
    row["milp_hours"] = milp_all(graph, targets, known, baseline_limit)  # also warms up scipy's import
    if len(graph) <= 20_000:
        row["milp_all"] = timed(lambda: milp_all(graph, targets, known, baseline_limit), 5)
    else:  # one run: it may take minutes
        start = time.perf_counter()
        milp_all(graph, targets, known, baseline_limit)
        row["milp_all"] = ((time.perf_counter() - start) * 1000, float("nan"))
    if row["milp_hours"] == row["milp_hours"]:  # not NaN: the baseline finished
        assert abs(row["milp_hours"] - (result.total_hours - sum(s.hours for s in result.steps if s.refresher))) < 1e-6
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, and no 100k curriculum")
    args = parser.parse_args(argv)
    repeats = 20 if args.quick else 100
    rows = []
    seed = load_graph()
    gc.collect()
    gc.freeze()
    for label, targets, known in SEED_CASES:
        rows.append(measure(label, seed, targets, known, repeats, baseline_limit=60))
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
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
    print(f"peak resident set of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
