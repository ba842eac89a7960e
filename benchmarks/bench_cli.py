"""Cold start of the ``mlpath`` command line, against a bare interpreter.

    python benchmarks/bench_cli.py [--repeats N]

Each command runs in a fresh subprocess, as a user would start it.  The CLI
imports heavy libraries (scipy, scikit-learn, plotly, neo4j, uvicorn) only
inside the command that needs them, so ``--help`` and ``nodes`` should cost
little more than Python itself; ``recommend`` pays for scipy and
scikit-learn, and is shown for scale.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = "from api.cli import entry_point; entry_point()"

COMMANDS = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("mlpath --help", [sys.executable, "-c", CLI, "--help"]),
    ("mlpath nodes", [sys.executable, "-c", CLI, "nodes"]),
    ("mlpath recommend (python -> ML engineer)", [sys.executable, "-c", CLI, "recommend", "--known", "python", "--target", "machine learning engineer"]),
]


def run_times(argv: list[str], repeats: int) -> list[float]:
    subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)  # warm the file cache
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    rows = [(label, run_times(command, args.repeats)) for label, command in COMMANDS]
    base = statistics.median(rows[0][1])
    print(f"{'command':<44} {'median ms':>10} {'min ms':>8} {'vs python':>10}")
    for label, samples in rows:
        median = statistics.median(samples)
        print(f"{label:<44} {median:>10.0f} {min(samples):>8.0f} {median / base:>9.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
