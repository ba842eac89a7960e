"""Progress writes from 8 threads in one process, no HTTP, this checkout against another in the same run.

The store work of a progress request that the process has seen before: a
batch of marks computed from the learner as this thread last wrote it and
committed if the stored version and token hash are unchanged, which is the
write the group commit gathers (``graph/group_commit.py``).  Each cell runs
in a fresh subprocess on the code of one checkout (``PYTHONPATH``), so main's
code and this one can alternate on the same machine and the same Neo4j::

    .venv/bin/python benchmarks/bench_group_commit.py --before /tmp/main --rounds 3 --seconds 5

Printed per cell: writes/s, p50/p99 ms, the writing process's CPU per write,
the local Neo4j's CPU per write (``/proc``), the batches per transaction
(a checkout with a group commit says so; one without commits each alone),
and the load average.  Neo4j is the local server of this checkout
(``scripts/neo4j-local``, ``MLPATH_NEO4J_PORT``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITERS = 8

_CELL = r"""
import json, os, sys, tempfile, threading, time
from graph.learners import LearnerDraft, MarkChange
store_kind, seconds, writers, uri = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
if store_kind == "embedded":
    from graph.learner_store import SqliteLearnerStore
    store = SqliteLearnerStore.in_directory(tempfile.mkdtemp(prefix="bench-group-"))
else:
    from graph.neo4j.connection import Neo4jSettings, open_driver
    from graph.neo4j.learner_store import Neo4jLearnerStore
    driver = open_driver(Neo4jSettings(uri=uri, timeout=10.0))
    store = Neo4jLearnerStore(driver, location=uri)
nodes = ["python", "git", "numpy", "pandas", "docker", "sql", "statistics", "linear-algebra"]
issued = [store.create(LearnerDraft(targets=("mlops",))) for _ in range(writers)]
from graph.learner_store import authenticate
seen = [authenticate(store, i.token) for i in issued]
latencies = [[] for _ in range(writers)]
start = threading.Barrier(writers + 1)
def client(n):
    current, i = seen[n].learner, 0
    start.wait()
    while time.perf_counter() < stop_at:
        sent = time.perf_counter()
        mark = [MarkChange(node=nodes[i % len(nodes)], status="learning" if (i // len(nodes)) % 2 else "done")]
        current = store.record(current.id, mark, current=current, token_hash=seen[n].token_hash)
        latencies[n].append(time.perf_counter() - sent)
        i += 1
threads = [threading.Thread(target=client, args=(n,)) for n in range(writers)]
stop_at = time.perf_counter() + 3600
for t in threads: t.start()
cpu0 = time.process_time()
stop_at = time.perf_counter() + seconds
start.wait()
t0 = time.perf_counter()
for t in threads: t.join()
wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
stats = getattr(store, "group_stats", None)
for i in issued: store.delete(i.learner.id)
all_ = sorted(x for l in latencies for x in l)
print(json.dumps({"writes": len(all_), "wall": wall, "cpu": cpu, "p50": all_[len(all_) // 2], "p99": all_[int(len(all_) * 0.99)],
                  "groups": stats.groups if stats else None, "batches": stats.batches if stats else None,
                  "largest": stats.largest if stats else None}))
"""


def _neo4j_cpu() -> float | None:
    try:
        pid = int((ROOT / ".neo4j" / "run" / "mlpath-neo4j.pid").read_text())
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cell(checkout: Path, store: str, seconds: float, uri: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = _neo4j_cpu() if store == "neo4j" else None
    out = subprocess.run([sys.executable, "-c", _CELL, store, str(seconds), str(WRITERS), uri], cwd=checkout, env=env,
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    after = _neo4j_cpu() if store == "neo4j" else None
    result["neo4j_cpu"] = (after - before) if before is not None and after is not None else None
    result["load"] = os.getloadavg()[0]
    return result


def show(name: str, store: str, r: dict) -> None:
    n = r["writes"]
    group = f"{r['batches'] / r['groups']:.2f} (largest {r['largest']})" if r["groups"] else "1 (no group commit)"
    neo = f"{r['neo4j_cpu'] * 1000 / n:.2f}" if r["neo4j_cpu"] is not None else "-"
    print(f"| {store} | {name} | {n / r['wall']:.0f} | {r['p50'] * 1000:.2f} | {r['p99'] * 1000:.2f} | "
          f"{r['cpu'] * 1000 / n:.2f} | {neo} | {group} | {r['load']:.1f} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with (e.g. git archive of main)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--stores", default="embedded,neo4j")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from devtools.neo4j_local import local_uri

    uri = os.environ.get("NEO4J_URI") or local_uri()
    print(f"load average at start {os.getloadavg()}; Neo4j {uri}")
    print("| store | code | writes/s | p50 ms | p99 ms | client CPU ms/write | Neo4j CPU ms/write | batches per transaction | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for round_ in range(args.rounds):
        for store in args.stores.split(","):
            for name, checkout in (("before", args.before), ("this", ROOT)):
                show(f"{name}, round {round_ + 1}", store, cell(checkout, store, args.seconds, uri))
    print(f"load average at end {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
