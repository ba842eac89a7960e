"""Where a plan's CPU time goes, phase by phase, in one process.

    python benchmarks/bench_planner_phases.py [--quick] [--calls N] [--no-100k]

A profiler inflates Python-heavy phases unevenly, and on a shared machine
two runs minutes apart differ twofold, so this times the real pipeline's
phases with ``time.process_time`` inside the same ``plan`` calls: each
phase function of ``recommender`` (the reduction, the selection and its
closing check, the ordering, the decided clauses, pricing, weeks, and the
rendering with its reasons and links) is wrapped for the run with a timer,
and nothing else changes.  Per case, the mean milliseconds of each phase
over the calls and its share of the mean plan (means, so the phases add up
to the plan); indented phases are part of the one above them, and *other*
is the plan minus the top-level phases (checking the arguments, cents, the
plan model).

Cases: the bundled curriculum's machine-learning-engineer role, cold (the
graph's caches of solved groups and reductions emptied before every call,
outside the timing) and warm, from scratch and knowing Python; then the
100k synthetic curriculum (its plan is too large to be remembered or
priced, so it is the same cold or warm).  The load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.curriculum import build_graph, load_graph  # noqa: E402
from graph.synthetic import ROLE_ID, synthetic_curriculum  # noqa: E402
from recommender import core, planner, render, selection  # noqa: E402
from recommender.index import index_for  # noqa: E402

#: (label, nesting depth, the object holding the function, its name), in pipeline order
PHASES = [
    ("reduction (region, forcing, groups)", 0, selection, "reduction"),
    ("selection (the groups' solves)", 0, selection.Selector, "best"),
    ("closing check", 1, selection, "_check_closed"),
    ("serving children", 0, core, "serving_children"),
    ("ordering and its links", 0, core, "order_steps"),
    ("decided clauses", 0, core, "decided_clauses"),
    ("pricing (re-solves)", 0, core, "price"),
    ("weeks", 0, core, "weeks_of"),
    ("render", 0, planner, "render_plan"),
    ("steps", 1, render, "build_steps"),
    ("reasons", 2, render, "_reasons"),
    ("unlocks", 2, render, "_unlocked"),
]
ROLE = "machine-learning-engineer"


@contextmanager
def timed_phases(spent: dict[str, float]):
    """Wrap every phase function with a CPU timer adding to ``spent`` for the block; unwrap after."""
    originals = []
    for label, _, owner, name in PHASES:
        function = getattr(owner, name)
        originals.append((owner, name, function))
        setattr(owner, name, _timer(function, label, spent))
    try:
        yield
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)


def _timer(function: Callable, label: str, spent: dict[str, float]) -> Callable:
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start
    return timed


def phases(graph, targets: list[str], known: list[str], calls: int, cold: bool) -> dict[str, float]:
    """Mean CPU milliseconds per phase, and of the whole plan (``"plan"``), over ``calls`` calls after a warm-up."""
    index = index_for(graph)
    planner.plan(graph, targets, known=known)
    samples: dict[str, list[float]] = {label: [] for label, *_ in PHASES}
    samples["plan"] = []
    for _ in range(calls):
        if cold:
            index.forget_solved()
        spent: dict[str, float] = {}
        with timed_phases(spent):
            start = time.process_time()
            planner.plan(graph, targets, known=known)
            samples["plan"].append((time.process_time() - start) * 1000)
        for label, *_ in PHASES:
            samples[label].append(spent.get(label, 0.0) * 1000)
    return {label: statistics.fmean(values) for label, values in samples.items()}


def print_columns(cases: list[tuple[str, dict[str, float]]]) -> None:
    width = max(len(label) + 2 * depth for label, depth, *_ in PHASES) + 2
    print(f"{'phase (CPU ms, share of plan)':<{width}}" + "".join(f"{name:>30}" for name, _ in cases))
    print("-" * (width + 30 * len(cases)))

    def row(label: str, values: list[float]) -> None:
        print(f"{label:<{width}}" + "".join(
            f"{value:>20.2f} ({value / figures['plan']:>5.0%})" for value, (_, figures) in zip(values, cases)))

    for label, depth, *_ in PHASES:
        row("  " * depth + label, [figures[label] for _, figures in cases])
    top = [label for label, depth, *_ in PHASES if depth == 0]
    row("other", [figures["plan"] - sum(figures[label] for label in top) for _, figures in cases])
    row("plan", [figures["plan"] for _, figures in cases])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40, help="calls per seed case (default 40; 5 for 100k)")
    parser.add_argument("--no-100k", action="store_true", help="skip the 100k-node curriculum")
    parser.add_argument("--quick", action="store_true", help="10 calls per seed case, no 100k")
    args = parser.parse_args(argv)
    if args.quick:
        args.calls, args.no_100k = 10, True
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    seed = load_graph()
    gc.collect()
    gc.freeze()
    cases = []
    for known, who in (([], "scratch"), (["python"], "knows Python")):
        for cold in (True, False):
            cases.append((f"ML eng, {who}, {'cold' if cold else 'warm'}", phases(seed, [ROLE], known, args.calls, cold)))
    print_columns(cases[:2])
    print()
    print_columns(cases[2:])
    if not args.no_100k:
        graph = build_graph(synthetic_curriculum(100_000))
        gc.collect()
        gc.freeze()  # long-lived graphs leave the collector's generations, as in the API
        print()
        print_columns([("synthetic 100k", phases(graph, [ROLE_ID], [], 5, cold=False))])
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
