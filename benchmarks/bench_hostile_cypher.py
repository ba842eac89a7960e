"""What the guard and the server's limits buy against expensive Cypher, against the layers before them, same run.

    .venv/bin/python benchmarks/bench_hostile_cypher.py           # all: the baseline runs the whole corpus unguarded (long)
    .venv/bin/python benchmarks/bench_hostile_cypher.py --quick   # the runaway, stop, the guarded corpus, the per-query cost

Two sides, on a private server (``scripts/neo4j-local`` with a home and a
port of its own, the default 512m heap, the seed curriculum), watched
through ``/proc``:

* **before**: the checks the guard made before this change (text rules,
  EXPLAIN must say read-only, a READ transaction with its timeout, the row
  limit), rebuilt below as :func:`guard_before`;
* **after**: ``graph.neo4j.guard.run_read_only``.

Measured:

1. the issue's runaway query: when the call returns, when the server's CPU
   is back to idle, and how long ``stop`` takes with one runaway running and
   with :data:`RUNAWAYS` of them (before: SIGTERM and wait, as the old script
   did, up to 60 s; after: ``scripts/neo4j-local stop``);
2. the corpus of ``tests/neo4j/expensive_queries.py`` (timeout 5 s): how
   many release the server within the timeout + 5 s, the worst release, and
   per shape of query how each side ended and its slowest release against
   the timeout; a query that holds the server past the cap gets its server
   restarted;
3. normal traffic: the cookbook queries' median latency through both, and
   the cost of the new checks alone (the cost bound, the key limiter).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import neo4j  # noqa: E402

from api.limits import CypherLimits  # noqa: E402
from devtools.neo4j_local import PrivateServer  # noqa: E402
from devtools.server_process import CpuSampler  # noqa: E402
from graph.curriculum import load_graph  # noqa: E402
from graph.errors import MlpathError, UnsafeQueryError  # noqa: E402
from graph.neo4j import cypher  # noqa: E402
from graph.neo4j.cookbook import cookbook  # noqa: E402
from graph.neo4j.cost import check_query_cost  # noqa: E402
from graph.neo4j.guard import check_query_text, run_read_only  # noqa: E402
from graph.neo4j.result import json_safe  # noqa: E402
from graph.neo4j.sync import sync_curriculum  # noqa: E402
from tests.neo4j.expensive_queries import EXPENSIVE, RUNAWAY  # noqa: E402
from tests.servers import free_port  # noqa: E402

TIMEOUT = 5.0
CAP = 60.0  # how long a side is watched before it counts as "held"
RUNAWAYS = 3  # runaways at once for the second stop: more than the machine's two cores


def guard_before(driver, query: str, parameters: dict, timeout: float = TIMEOUT, row_limit: int = 1000) -> int:
    """The guard as it was: text rules, a read-only plan, a READ transaction with a timeout, a row limit."""
    check_query_text(query)
    with driver.session(default_access_mode=neo4j.READ_ACCESS, fetch_size=row_limit + 1) as session:
        if session.run(cypher.EXPLAIN_PREFIX + query, parameters).consume().query_type != "r":
            raise UnsafeQueryError("not a read")
        with session.begin_transaction(timeout=timeout) as tx:
            rows = []
            for record in tx.run(query, parameters):
                if len(rows) == row_limit:
                    break
                rows.append(tuple(json_safe(v) for v in record.values()))
            return len(rows)


def guard_after(driver, query: str, parameters: dict, timeout: float = TIMEOUT) -> int:
    return len(run_read_only(driver, query, parameters, timeout=timeout).rows)


class Bench:
    def __init__(self, home: Path):
        self.server = PrivateServer(home, free_port(), MLPATH_NEO4J_HEAP="512m", MLPATH_NEO4J_PAGECACHE="256m")
        self.driver = None

    def start(self) -> None:
        self.server.run("start")
        self.driver = neo4j.GraphDatabase.driver(self.server.uri, auth=None, notifications_min_severity="OFF")

    def kill(self) -> None:
        self.driver.close()
        pid = self.server.pid()
        if pid:
            os.kill(pid, signal.SIGKILL)
            while Path(f"/proc/{pid}").exists():
                time.sleep(0.1)
        self.server.run("stop")  # clears the pid file

    def observe(self, call, query: str, parameters: dict, cap: float = CAP) -> dict:
        """Run ``call`` in a thread; when it returned, when the server was idle for good, what it answered."""
        pid = self.server.pid()
        box: dict = {}

        def run() -> None:
            try:
                box["outcome"] = f"{call(self.driver, query, parameters)} rows"
            except (MlpathError, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
                box["outcome"] = type(exc).__name__ + (" (memory limit)" if "more memory" in str(exc) else "")
            box["returned"] = time.monotonic() - sampler.started

        with CpuSampler(pid) as sampler:
            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            thread.join(cap)
            released = sampler.wait_for_idle(until=sampler.started + cap)
        return {"returned": box.get("returned"), "released": released, "outcome": box.get("outcome", "no answer"),
                "held": released is None}


def fmt(seconds: float | None, cap: float = CAP) -> str:
    return f"> {cap:.0f} s" if seconds is None else f"{seconds:.1f} s"


def bench_runaway(bench: Bench, lines: list[str]) -> None:
    after = bench.observe(guard_after, RUNAWAY, {})
    before = bench.observe(guard_before, RUNAWAY, {})
    lines.append(f"| the issue's runaway: call returns | {fmt(before['returned'])} | {fmt(after['returned'])} | {after['outcome']} |")
    lines.append(f"| the issue's runaway: server CPU idle again | {fmt(before['released'])} | {fmt(after['released'])} | |")
    bench.kill()  # the before side's runaway is still running: kill it without timing this stop
    bench.start()
    for count in (1, RUNAWAYS):
        old_took, old_killed = time_stop(bench, count, old_script=True)
        new_took, new_killed = time_stop(bench, count, old_script=False)
        lines.append(f"| stop with {count} runaway{'s' * (count > 1)} running | {old_took:.1f} s"
                     f"{' (then SIGKILL)' if old_killed else ''} | {new_took:.1f} s "
                     f"({'SIGKILL after 10 s' if new_killed else 'clean'}) | at most 15 s asked |")


def time_stop(bench: Bench, count: int, *, old_script: bool) -> tuple[float, bool]:
    """Start ``count`` runaways past the guard, let them pass their timeout, and time the stop.

    ``old_script`` stops as the script did before: SIGTERM, then up to 60 s
    of waiting before SIGKILL.  Returns the seconds the stop took and whether
    it had to kill; the server is started again afterwards.
    """
    for _ in range(count):
        threading.Thread(target=_quietly, args=(bench.driver, RUNAWAY), daemon=True).start()
    time.sleep(8)
    pid = bench.server.pid()
    began = time.monotonic()
    if old_script:
        os.kill(pid, signal.SIGTERM)
        while Path(f"/proc/{pid}").exists() and time.monotonic() - began < 60:
            time.sleep(0.1)
        killed = Path(f"/proc/{pid}").exists()
    else:
        killed = "SIGKILL" in bench.server.run("stop")
    took = time.monotonic() - began
    bench.kill()  # what is left of the server, and the driver
    bench.start()
    return took, killed


def _quietly(driver, query: str) -> None:
    try:
        guard_before(driver, query, {})
    except Exception:  # the server is stopped under it
        pass


def bench_corpus(bench: Bench, lines: list[str], shapes: list[str], *, baseline: bool) -> None:
    limit = TIMEOUT + 5
    sides = {"after": guard_after} | ({"before": guard_before} if baseline else {})
    results: dict[str, list[dict]] = {side: [] for side in sides}
    for case in EXPENSIVE:
        for side, call in sides.items():
            result = bench.observe(call, case.query, case.parameters, cap=limit + 20)
            results[side].append(result)
            if result["held"] or result["returned"] is None:
                bench.kill()
                bench.start()
    for side in ("before", "after"):
        if side not in results:
            lines.append(f"| corpus ({len(EXPENSIVE)} queries): released within timeout + 5 s | not run (--quick) | | |")
            continue
        rows = list(zip(EXPENSIVE, results[side]))
        within = sum(1 for _, r in rows if not r["held"] and r["released"] <= limit)
        held = [case.name for case, r in rows if r["held"]]
        late = [f"{case.name} {r['released']:.1f} s" for case, r in rows if not r["held"] and r["released"] > limit]
        worst_case, worst = max(((case, r) for case, r in rows if not r["held"]), key=lambda item: item[1]["released"])
        lines.append(f"| corpus ({len(EXPENSIVE)} queries), {side}: released within timeout + 5 s | {within} | "
                     f"held past {limit + 20:.0f} s: {len(held)} {', '.join(held)}; later than {limit:.0f} s: "
                     f"{', '.join(late) or 'none'} | slowest release {worst_case.name} {worst['released']:.1f} s |")
    shapes.extend(shape_table(results))


def shape_table(results: dict[str, list[dict]]) -> list[str]:
    """Per shape of query: how each side ended, and its slowest release against the timeout."""
    table = [f"| shape (timeout {TIMEOUT:g} s) | queries | before: slowest release | after: slowest release | after: how they ended |",
             "| --- | --- | --- | --- | --- |"]
    for shape in dict.fromkeys(case.shape for case in EXPENSIVE):
        picked = [i for i, case in enumerate(EXPENSIVE) if case.shape == shape]
        cells = []
        for side in ("before", "after"):
            if side not in results:
                cells.append("not run")
                continue
            measured = [results[side][i] for i in picked]
            held = sum(r["held"] for r in measured)
            slowest = max((r["released"] for r in measured if not r["held"]), default=None)
            cell = "" if slowest is None else f"{slowest:.1f} s ({slowest - TIMEOUT:+.1f} s against the timeout)"
            cells.append(cell + (f"; {held} held past the cap" if held else ""))
        ended = Counter(_ending(results["after"][i]["outcome"]) for i in picked)
        table.append(f"| {shape} | {len(picked)} | {cells[0]} | {cells[1]} | "
                     f"{', '.join(f'{n} {how}' for how, n in sorted(ended.items()))} |")
    return table


def _ending(outcome: str) -> str:
    return "answered" if outcome.endswith(" rows") else outcome


def bench_normal_traffic(bench: Bench, lines: list[str], repeat: int) -> None:
    queries = [(q.text, q.bind(dict(q.example))) for q in cookbook().values()]
    for text, params in queries:  # plan caches warm
        guard_before(bench.driver, text, params)
        guard_after(bench.driver, text, params)
    before, after = [], []
    for _ in range(repeat):
        for text, params in queries:
            for call, times in ((guard_before, before), (guard_after, after)):
                started = time.perf_counter()
                call(bench.driver, text, params)
                times.append(time.perf_counter() - started)
    b, a = statistics.median(before), statistics.median(after)
    lines.append(f"| cookbook queries, median latency ({len(before)} runs each) | {b * 1000:.1f} ms | {a * 1000:.1f} ms "
                 f"| after/before {a / b:.2f} |")
    started = time.perf_counter()
    for _ in range(repeat):
        for text, params in queries:
            check_query_cost(text, params)
    per_check = (time.perf_counter() - started) / (repeat * len(queries))
    limits = CypherLimits(per_key=2, total=4, per_minute=10**9, burst=10**9, seconds_per_minute=10**9)
    started = time.perf_counter()
    for _ in range(10_000):
        with limits.admit("key"):
            pass
    per_admit = (time.perf_counter() - started) / 10_000
    lines.append(f"| the cost bound alone, per cookbook query | | {per_check * 1e6:.0f} µs | {per_check / b:.1%} of a query |")
    lines.append(f"| the key limiter alone, per query | | {per_admit * 1e6:.1f} µs | |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the unguarded corpus baseline, fewer repeats")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as home:
        bench = Bench(Path(home) / "neo4j")
        bench.start()
        try:
            sync_curriculum(bench.driver, load_graph())
            lines = [f"Neo4j private server {bench.server.uri}, 512m heap; Python {sys.version.split()[0]}; "
                     f"{os.cpu_count()} CPUs; query timeout {TIMEOUT:g} s", "",
                     "| measurement | before | after | note |", "| --- | --- | --- | --- |"]
            shapes: list[str] = []
            bench_runaway(bench, lines)
            bench_corpus(bench, lines, shapes, baseline=not args.quick)
            bench_normal_traffic(bench, lines, repeat=5 if args.quick else 20)
        finally:
            bench.driver.close()
            bench.server.run("stop")
    print("\n".join(lines + [""] + shapes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
