"""Loading and validating a curriculum, against only parsing its files.

    python benchmarks/bench_load.py [--quick]

The baseline is ``tomllib`` reading the same seed files in the same run, so
the ratio shows what schema validation, the whole-graph checks and building
the frozen networkx graph cost on top of reading.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.curriculum import build_graph, load_graph  # noqa: E402
from graph.seed import default_graph_path  # noqa: E402
from graph.synthetic import synthetic_curriculum  # noqa: E402
from graph.validate import check_curriculum  # noqa: E402


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def parse_only() -> None:
    for file in sorted(default_graph_path().glob("*.toml")):
        tomllib.loads(file.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 100k case")
    args = parser.parse_args()
    repeat = 10 if args.quick else 40

    baseline = median_ms(parse_only, repeat)
    full = median_ms(load_graph, repeat)
    print(f"seed graph ({len(load_graph())} nodes), median of {repeat}:")
    print(f"  parse TOML only (baseline)        {baseline:8.2f} ms")
    print(f"  load + validate + build           {full:8.2f} ms   {full / baseline:5.1f}x the parse")

    for size in (10_000,) if args.quick else (10_000, 100_000):
        curriculum = synthetic_curriculum(size)
        origin = {n.id: "synthetic" for n in curriculum.nodes}
        check = median_ms(lambda: check_curriculum(curriculum.nodes, origin), 3)
        build = median_ms(lambda: build_graph(curriculum), 3)
        print(f"synthetic {size:>7,} nodes: checks {check:8.0f} ms, build {build:8.0f} ms (median of 3)")


if __name__ == "__main__":
    main()
