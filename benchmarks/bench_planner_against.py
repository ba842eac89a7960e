"""This checkout's planner against another checkout's, in one process, call by call.

    python benchmarks/bench_planner_against.py BASELINE_CHECKOUT [--quick] [--calls N] [--no-100k]

On a machine shared with other work, two benchmark runs minutes apart can
differ twofold; two calls a millisecond apart cannot.  So the baseline's
``recommender`` package (for instance ``/work/main``, the integration
branch) is imported under the name ``baseline_recommender`` next to this
checkout's, both plan the same requests on the same graph objects, and the
calls alternate (baseline, this, this, baseline, ...), so drift in the
machine's load falls on both sides alike.  Each side has its own compiled
index and its own cache of solved groups.

Cases: the bundled curriculum's requests of ``bench_planner.py`` *warm*
(the graph's caches of solved groups and reductions holding what the same
request left) and *cold* (those caches emptied before every call, as for a
request nobody has made), then the 10k and 100k synthetic curricula (or, with ``--hard``, the OR-heavy
family of ``bench_planner.py``).  Per
case: median wall milliseconds of each side, the median of the per-pair
ratios (this / baseline), the same for CPU time (``time.process_time``, which the other
processes on the machine do not inflate as much), and whether both sides
give the same plan, byte for byte (``Plan.model_dump_json``).  The load
average is printed before and after.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_planner import HARD_OR_SHARES, SEED_CASES, hard_curriculum  # noqa: E402
from graph.curriculum import build_graph, load_graph  # noqa: E402
from graph.synthetic import ROLE_ID, synthetic_curriculum  # noqa: E402
from recommender import index as this_index  # noqa: E402
from recommender import planner as this_planner  # noqa: E402

BASELINE_NAME = "baseline_recommender"


def import_baseline(checkout: Path):
    """The ``recommender`` package of ``checkout``, loaded as :data:`BASELINE_NAME`; returns its (planner, index).

    Its modules import each other as ``recommender.*``, so they are loaded
    under that name with the checkout first on the path, then renamed, and
    this checkout's modules are put back.  The ``graph`` package stays this
    checkout's: both planners read the same graph objects.
    """
    ours = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "recommender"}
    for name in ours:
        del sys.modules[name]
    sys.path.insert(0, str(checkout))
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # leave the other checkout as it was
    try:
        planner = importlib.import_module("recommender.planner")
        for name in ("service", "frontier", "learner_plan"):  # everything the package holds, not only the planner's imports
            importlib.import_module(f"recommender.{name}")
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.path.remove(str(checkout))
        theirs = {name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] == "recommender"}
        sys.modules.update(ours)
        for name, module in theirs.items():
            sys.modules[BASELINE_NAME + name[len("recommender"):]] = module
    if Path(planner.__file__).resolve().is_relative_to(Path(__file__).resolve().parent.parent):
        raise SystemExit(f"{checkout} gave this checkout's recommender: pass another checkout")
    return planner, sys.modules[BASELINE_NAME + ".index"]


def alternate(calls: int, baseline, this) -> dict:
    """Wall and CPU milliseconds of ``calls`` pairs of calls, in ABBA order; per side medians and per-pair ratios."""
    wall = {"baseline": [], "this": []}
    cpu = {"baseline": [], "this": []}
    for i in range(calls):
        for side in (("baseline", "this") if i % 2 == 0 else ("this", "baseline")):
            function = baseline if side == "baseline" else this
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            function()
            wall[side].append((time.perf_counter() - start_wall) * 1000)
            cpu[side].append((time.process_time() - start_cpu) * 1000)
    return {
        "wall": {side: statistics.median(v) for side, v in wall.items()},
        "cpu": {side: statistics.median(v) for side, v in cpu.items()},
        "wall_ratio": statistics.median(t / b for t, b in zip(wall["this"], wall["baseline"])),
        "cpu_ratio": statistics.median(t / b for t, b in zip(cpu["this"], cpu["baseline"]) if b > 0),
    }


def forget(index) -> None:
    """Empty what an index remembers of earlier requests (an older index has only its solved groups)."""
    if hasattr(index, "forget_solved"):
        index.forget_solved()
    else:
        index.solved.clear()


def compare(label: str, graph, targets: list[str], known: list[str], calls: int, planners, indexes, cold: bool) -> dict:
    def call(side: int):
        def run():
            if cold:
                forget(indexes[side].index_for(graph))
            return planners[side].plan(graph, targets, known=known)
        return run

    same = call(0)().model_dump_json() == call(1)().model_dump_json()
    row = alternate(calls, call(0), call(1))
    row.update(case=label + (" (cold)" if cold else " (warm)"), same=same)
    return row


def print_rows(rows: list[dict]) -> None:
    head = (f"{'case':<46} {'baseline ms':>11} {'this ms':>9} {'ratio':>7}   {'baseline cpu':>12} {'this cpu':>9} "
            f"{'ratio':>7}  {'same plan':>9}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['case']:<46} {r['wall']['baseline']:>11.2f} {r['wall']['this']:>9.2f} {r['wall_ratio']:>6.2f}x   "
              f"{r['cpu']['baseline']:>12.2f} {r['cpu']['this']:>9.2f} {r['cpu_ratio']:>6.2f}x  {'yes' if r['same'] else 'NO':>9}",
              flush=True)


def hard_family(planners, indexes) -> None:
    """Whole plans on the hard family's instance #0 of each cell up to 1,000 nodes, cold, as ``bench_planner --hard``."""
    for size in (100, 1_000):
        for share in HARD_OR_SHARES:
            graph, targets = hard_curriculum(size, share)
            label = f"hard: {size} nodes, {share:.0%} OR, #0"
            print_rows([compare(label, graph, targets, [], 5 if size == 100 else 1, planners, indexes, cold=True)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, nargs="?", help="a checkout of mlpath whose recommender/ is the baseline")
    parser.add_argument("--calls", type=int, default=200, help="pairs of calls per seed case (default 200)")
    parser.add_argument("--quick", action="store_true", help="40 pairs per seed case, 10k only")
    parser.add_argument("--no-100k", action="store_true", help="skip the 100k-node curriculum")
    parser.add_argument("--hard", action="store_true",
                        help="only the hard family's first instances of 100 and 1,000 nodes, cold (whole plans)")
    args = parser.parse_args(argv)
    if args.baseline is None:  # `make bench` runs every benchmark without arguments
        print("no baseline checkout given: nothing to compare against (see --help)")
        return 0
    planners = import_baseline(args.baseline.resolve())[0], this_planner
    indexes = sys.modules[BASELINE_NAME + ".index"], this_index
    calls = 40 if args.quick else args.calls
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if args.hard:
        hard_family(planners, indexes)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0
    rows = []
    seed = load_graph()
    gc.collect()
    gc.freeze()
    for label, targets, known in SEED_CASES:
        for cold in (False, True):
            rows.append(compare(label, seed, targets, known, calls if not cold else max(10, calls // 10), planners,
                                indexes, cold))
    print_rows(rows)
    sizes = [10_000] if args.quick or args.no_100k else [10_000, 100_000]
    for size in sizes:
        graph = build_graph(synthetic_curriculum(size))
        gc.collect()
        gc.freeze()  # long-lived graphs leave the collector's generations, as in the API
        label = f"synthetic {size // 1000}k: synthetic-role"
        row = compare(label, graph, [ROLE_ID], [], 10 if size < 100_000 else 5, planners, indexes, cold=False)
        print_rows([row])
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
