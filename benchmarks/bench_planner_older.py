"""This checkout's planner against an older checkout's whose ``graph`` package differs, in one process.

    python benchmarks/bench_planner_older.py OLDER_CHECKOUT [--quick] [--pairs N] [--pairs-100k N] [--no-100k]

``bench_planner_against.py`` shares this checkout's ``graph`` package and
graph objects with the baseline's ``recommender``, so it cannot time a
planner from before curriculum v2 (issue 15's baseline, ``015fb38^``): that
one reads another ``graph.models``.  Here the older checkout's ``graph`` and
``recommender`` packages are imported whole under the names ``older.graph``
and ``older.recommender`` (their absolute imports rewritten on load; the
checkout's files and bytecode are not touched), each side builds its own
graphs with its own code, and the calls alternate (older, this, this, older,
...), each after dropping that side's previous plan and a ``gc.collect()``, outside
the timing, so the machine's
load falls on both sides alike.  Separate processes, as a second opinion,
differ by up to a fifth on this machine for the same code.  The method has
a bias of its own: the side whose graphs and indexes are built second ran
1.02 to 1.07x slower at 10k and 1.09x at 100k against a copy of itself
(2026-12-02), so compare a run with ``--this-first`` too.

Cases: the 1k, 10k and 100k synthetic curricula (the same generator on both
sides: the plans' steps and hours are printed, and must agree), and each
side's own bundled curriculum, warm (a repeated request), for the
machine-learning-engineer role from scratch and knowing Python.  The
bundled curricula differ between the two checkouts (the seed was reviewed
in issue 14), so those rows compare the same request on different data.
Per case: each side's median CPU milliseconds (``time.process_time``), the
median of the per-pair ratios (this / older) and their quartiles.  The load
average is printed before and after.
"""

from __future__ import annotations

import argparse
import gc
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.curriculum import build_graph, load_graph  # noqa: E402
from graph.synthetic import ROLE_ID, synthetic_curriculum  # noqa: E402
from recommender.planner import plan  # noqa: E402

OLDER = "older"
ROLE = "machine-learning-engineer"
_ABSOLUTE_IMPORT = re.compile(rb"^(\s*)(from|import) (graph|recommender)\b", re.M)


class _RenamingLoader(importlib.machinery.SourceFileLoader):
    """Loads an older checkout's module with its ``graph``/``recommender`` imports renamed under :data:`OLDER`."""

    def get_code(self, fullname):  # always from source: no bytecode read from or written to the checkout
        path = self.get_filename(fullname)
        source = _ABSOLUTE_IMPORT.sub(rb"\1\2 " + OLDER.encode() + rb".\3", self.get_data(path))
        return compile(source, path, "exec", dont_inherit=True)


class _OlderCheckout(importlib.abc.MetaPathFinder):
    """Finds ``older.graph...`` and ``older.recommender...`` in the older checkout."""

    def __init__(self, root: Path):
        self.root = root

    def find_spec(self, fullname, path=None, target=None):
        if fullname == OLDER:
            return importlib.machinery.ModuleSpec(OLDER, None, is_package=True)
        if not fullname.startswith(OLDER + "."):
            return None
        base = self.root.joinpath(*fullname.split(".")[1:])
        if (base / "__init__.py").exists():
            init = str(base / "__init__.py")
            return importlib.util.spec_from_file_location(fullname, init, loader=_RenamingLoader(fullname, init),
                                                          submodule_search_locations=[str(base)])
        if base.with_suffix(".py").exists():
            module = str(base.with_suffix(".py"))
            return importlib.util.spec_from_file_location(fullname, module, loader=_RenamingLoader(fullname, module))
        return None


def import_older(checkout: Path):
    """The older checkout's ``(build_graph, load_graph, synthetic_curriculum, ROLE_ID, plan)``."""
    sys.meta_path.insert(0, _OlderCheckout(checkout.resolve()))
    curriculum = importlib.import_module(f"{OLDER}.graph.curriculum")
    synthetic = importlib.import_module(f"{OLDER}.graph.synthetic")
    planner = importlib.import_module(f"{OLDER}.recommender.planner")
    return curriculum.build_graph, curriculum.load_graph, synthetic.synthetic_curriculum, synthetic.ROLE_ID, planner.plan


def alternate(pairs: int, older: Callable, this: Callable, this_first: bool) -> tuple[tuple[list[float], list[float]], tuple]:
    """CPU seconds of ``pairs`` pairs of calls in ABBA order, and each side's last result.

    Before each call, outside the timing, that side's previous result is
    dropped and the cycle collector runs, so no call pays for freeing or
    tracing what an earlier one left (a 100k plan is large).
    """
    times: tuple[list[float], list[float]] = ([], [])
    held: list = [None, None]
    for side, call in ((1, this), (0, older)) if this_first else ((0, older), (1, this)):
        held[side] = call()  # warm-up: indexes (built in this order), caches, imports
    for i in range(pairs):
        sides = [(0, older), (1, this)]
        for side, call in sides if i % 2 == 0 else reversed(sides):
            held[side] = None
            gc.collect()
            start = time.process_time()
            held[side] = call()
            times[side].append(time.process_time() - start)
    return times, tuple(held)


def report(label: str, times: tuple[list[float], list[float]], note: str) -> None:
    older, this = times
    ratios = [t / o for o, t in zip(older, this)]
    low, _, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratios[0],) * 3
    print(f"{label:<40} {statistics.median(older) * 1000:>11.2f} {statistics.median(this) * 1000:>11.2f}"
          f" {statistics.median(ratios):>8.3f}x {low:>6.3f}-{high:<6.3f} {len(ratios):>5}  {note}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("older", type=Path, nargs="?", help="an older checkout of mlpath (its graph/ and recommender/)")
    parser.add_argument("--pairs", type=int, default=300, help="pairs per seed case (default 300); 1k gets an eighth as many, 10k a thirtieth")
    parser.add_argument("--pairs-100k", type=int, default=10, help="pairs for the 100k curriculum (default 10)")
    parser.add_argument("--no-100k", action="store_true", help="skip the 100k-node curriculum")
    parser.add_argument("--quick", action="store_true", help="40 pairs per seed case, no 100k")
    parser.add_argument("--this-first", action="store_true",
                        help="build this side's graphs and indexes first (the side built second runs slower at 100k)")
    args = parser.parse_args(argv)
    if args.older is None:  # `make bench` runs every benchmark without arguments
        print("no older checkout given: nothing to compare against (see --help)")
        return 0
    if args.quick:
        args.pairs, args.no_100k = 40, True
    older_build, older_load, older_synthetic, older_role, older_plan = import_older(args.older)
    print(f"older: {args.older}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'case (CPU ms, median)':<40} {'older':>11} {'this':>11} {'this/older':>9} {'p25-p75':>13} {'pairs':>5}")
    first, second = (load_graph, older_load) if args.this_first else (older_load, load_graph)
    built = first(), second()
    old_seed, seed = built[::-1] if args.this_first else built
    gc.collect()
    gc.freeze()  # long-lived graphs leave the collector's generations, as in the API
    for known, who in (([], "from scratch"), (["python"], "knows Python")):
        times, (a, b) = alternate(args.pairs, lambda: older_plan(old_seed, [ROLE], known=known),
                                  lambda: plan(seed, [ROLE], known=known), args.this_first)
        report(f"own seed: ML engineer, {who}, warm", times,
               f"older {len(old_seed.nodes)} nodes, {len(a.steps)} steps, {a.total_hours:g} h; "
               f"this {len(seed.nodes)} nodes, {len(b.steps)} steps, {b.total_hours:g} h")
    sizes = [(1_000, max(4, args.pairs // 8)), (10_000, max(2, args.pairs // 30))]
    if not args.no_100k:
        sizes.append((100_000, args.pairs_100k))
    for size, pairs in sizes:
        builds = (lambda: older_build(older_synthetic(size)), lambda: build_graph(synthetic_curriculum(size)))
        if args.this_first:
            graph, older_graph = builds[1](), builds[0]()
        else:
            older_graph, graph = builds[0](), builds[1]()
        gc.collect()
        gc.freeze()
        times, (a, b) = alternate(pairs, lambda: older_plan(older_graph, [older_role]), lambda: plan(graph, [ROLE_ID]), args.this_first)
        same = "same" if (len(a.steps), a.total_hours) == (len(b.steps), b.total_hours) else "DIFFERENT"
        report(f"synthetic {size // 1000}k", times, f"{len(b.steps)} steps, {b.total_hours:g} h ({same} on both)")
        del older_graph, graph, a, b
        gc.unfreeze()
        gc.collect()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
