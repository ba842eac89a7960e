"""Saved learners: a profile's plan over HTTP, progress writes under load, and 10,000 learners in Neo4j.

Three measurements, each beside a baseline taken in the same run:

1. **A saved learner's plan** (``GET /v1/learners/{id}/plan``) against the same
   plan posted without a profile (``POST /v1/paths`` with the learner's known
   nodes, levels and targets), one client, over loopback, on each store.  The
   difference is what the profile costs: authenticating the token, reading the
   learner and translating it.  Aim: at most 3 ms more at p50 with Neo4j.
2. **Progress writes at 8 clients**, each its own learner, every write changing
   a mark (so none is a no-op), against ``GET /health`` at 8 clients.  Aim: p99
   under 20 ms on each store.  Before each 8-client cell, 8 clients read their
   profiles for a second, so the driver's pool holds the connections 8 clients
   need (as in a server that has run a while), not opened during the cell.
   Then, to say where a write's time goes, the same store work from 8 threads
   in this process without HTTP (first marks, then changed marks), and the
   floor under any write: 8 threads each making the smallest durable write
   (``remember_plan``, one forced commit).  Before the Neo4j cells, the
   server's JVM warms up on the same saved-plan reads and progress writes
   (``--neo4j-warmup`` seconds, measured and shown): a server new to a
   workload spends more CPU compiling its code paths than running them (the
   ``of it JIT`` column), which a server that has run a while has done.
3. **10,000 learners with 50 marks each** loaded into Neo4j (``import_many``,
   ``IMPORT_BATCH`` learners a transaction) and read back one by one from 8 threads, every
   one compared with what was loaded; the same learners in the embedded store
   are the baseline.

4. **Extra rows, never instead of the ones above.** ``--before DIR`` runs the
   HTTP cells a second time, first, with the API server of another checkout
   (``DIR``, e.g. ``git archive main | tar -x -C DIR``; the same Neo4j, and
   the same interpreter unless ``DIR`` has a ``.venv`` of its own, as
   ``scripts/setup`` run in ``DIR`` makes: then that one, so a change of
   dependencies is measured against the old set), so a change is measured
   beside the code it replaces in one run.  ``--workers 2`` adds progress writes at 8 clients against
   ``mlpath serve --workers 2`` on each store (API CPU is then the whole
   process tree's).  ``--alternate N`` (with ``--before``) then runs both
   checkouts' servers at once on each store and alternates their progress
   and saved-plan cells N rounds, so a load that drifts during the run
   falls on both alike; it prints each round and the medians.

    .venv/bin/python benchmarks/bench_learners.py            # 10 s per HTTP measurement, 10,000 learners
    .venv/bin/python benchmarks/bench_learners.py --quick    # 2 s, 1,000 learners
    .venv/bin/python benchmarks/bench_learners.py --quick --seconds 5 --neo4j-warmup 60 --before /tmp/main --workers 2

Neo4j is ``NEO4J_URI``, else the local server (started and stopped here if it
was not running); the run holds the machine-wide lock of that database.  The
bundled curriculum is synced into it first, and every learner made here is
deleted at the end.  Results also go to ``benchmarks/out/bench_learners.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import Measurement, _free_port, _wait_for, drive  # noqa: E402

from devtools import neo4j_local  # noqa: E402
from graph.curriculum import load_graph  # noqa: E402
from graph.learner_store import SqliteLearnerStore  # noqa: E402
from graph.learners import Learner, LearnerExport, Mark, Source, Status  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
TARGET = "machine-learning-engineer"
PROFILE = {"targets": [TARGET], "hours_per_week": 10, "known": [{"node": "python", "level": "beginner"}, {"node": "numpy"},
                                                                 {"node": "git"}, {"node": "statistics", "level": "advanced"}]}
SAME_PLAN = {"targets": [TARGET], "hours_per_week": 10, "known": ["numpy", "git"],
             "proficiency": {"python": "beginner", "statistics": "advanced"}}
WRITERS = 8
#: Learners per import transaction: 2,500 marks, well inside the local server's 10 s transaction
#: limit even on a loaded machine (200, i.e. 10,000 marks, ran past it with the team's suites running).
IMPORT_BATCH = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s per HTTP measurement and 1,000 learners")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--learners", type=int, default=None)
    parser.add_argument("--neo4j-warmup", type=float, default=None,
                        help="seconds of saved-plan reads and progress writes the Neo4j server runs, measured and shown, "
                             "before the Neo4j cells (default 30, with --quick 15; 0 for none)")
    parser.add_argument("--before", type=Path, default=None,
                        help="a checkout whose API server runs the HTTP cells first, as the same-run baseline of a change")
    parser.add_argument("--workers", type=int, default=1,
                        help="with 2 or more, also progress writes at 8 clients against `mlpath serve --workers N`")
    parser.add_argument("--alternate", type=int, default=0,
                        help="with --before: rounds of progress and saved-plan cells alternating between the two servers")
    args = parser.parse_args(argv)
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    population = args.learners or (1_000 if args.quick else 10_000)
    warmup = args.neo4j_warmup if args.neo4j_warmup is not None else (15.0 if args.quick else 30.0)

    results: dict = {"seconds": seconds, "learners": population, "began": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     "load_before": os.getloadavg()}
    neo4j = _neo4j_running()
    uri = neo4j.uri
    with neo4j_local.exclusive_use(uri), neo4j as driver:
        from graph.neo4j.sync import sync_curriculum

        sync_curriculum(driver, load_graph())
        with tempfile.TemporaryDirectory(prefix="bench-learners-") as scratch:
            for store in ("embedded", "neo4j"):
                env = _server_env(store, uri, Path(scratch) / store)
                store_warmup = warmup if store == "neo4j" else 0.0
                if args.before:
                    results[f"{store}, before ({args.before})"] = _http(env, seconds, store_warmup, code=args.before)
                results[store] = _http(env, seconds, store_warmup)
                if args.workers > 1:
                    results[f"{store}, --workers {args.workers}"] = _http(env, seconds, 0.0, workers=args.workers, only_progress=True)
                results[store].update(_in_process(_direct_store(store, driver, neo4j, Path(scratch) / "direct"), seconds))
                if args.before and args.alternate:
                    results[f"{store}, alternating"] = _alternating(
                        {"before": (args.before, _server_env(store, uri, Path(scratch) / f"{store}-a-before")),
                         "this": (ROOT, _server_env(store, uri, Path(scratch) / f"{store}-a-this"))}, seconds, args.alternate)
            results["population"] = _population(driver, uri, Path(scratch) / "population", population)
        _delete_benchmark_learners(driver, population)
    results["load_after"] = os.getloadavg()
    _report(results)
    return 0


# --- 1 and 2: over HTTP -------------------------------------------------------

def _server_env(store: str, uri: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(MLPATH_LEARNER_STORE=store, MLPATH_DATA_DIR=str(data_dir), MLPATH_LEARNER_CREATE_LIMIT="100000")
    if store == "neo4j":
        env["NEO4J_URI"] = uri
    return env


def _http(env: dict[str, str], seconds: float, warmup: float, *, code: Path = ROOT, workers: int = 1,
          only_progress: bool = False) -> dict:
    """The HTTP cells against one ``mlpath serve`` of the checkout ``code`` (its ``api`` package
    comes first on the path, as the current directory of ``python -c``)."""
    port = _free_port()
    command = [_python(code), "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--no-access-log", "--log-level", "warning", "--workers", str(workers)]
    server = subprocess.Popen(command, cwd=code, env=env)
    try:
        _wait_for(port, server)
        learners = [_create(port) for _ in range(WRITERS)]
        first = learners[0]
        plan_path = f"/v1/learners/{first[0]}/plan"
        auth = {"Authorization": f"Bearer {first[1]}"}
        same_plan = json.dumps(SAME_PLAN).encode()
        warm = [("GET", plan_path, auth, b""), ("POST", "/v1/paths", {}, same_plan)]
        asyncio.run(_load(port, lambda c, i: warm[i % 2], clients=1, seconds=min(1.0, seconds)))
        scenarios = {}
        if warmup:  # the server's JVM compiles the learner statements' code paths: measured, then the cells below
            scenarios.update({"saved plan, JVM warming up": (lambda c, i: ("GET", plan_path, auth, b""), 1),
                              f"progress x{WRITERS}, JVM warming up": (_progress(learners), WRITERS)})
        if only_progress:
            scenarios = {f"progress writes x{WRITERS}": (_progress(learners), WRITERS)}
        else:
            scenarios.update(_scenarios(plan_path, auth, same_plan, learners))
        measured = {}
        for label, (requests, clients) in scenarios.items():
            if clients == WRITERS:  # the driver's pool at the size 8 clients need, as in a server that has run a while
                asyncio.run(_load(port, _profile_reads(learners), clients=WRITERS, seconds=min(1.0, seconds)))
            measured[label] = _measured(port, server.pid, requests, clients, warmup / 2 if "warming" in label else seconds)
        for learner_id, token in learners:
            _delete(port, learner_id, token)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return measured


def _python(code: Path) -> str:
    """The interpreter that serves the checkout ``code``: its own ``.venv`` if it has one (so a
    ``--before`` checkout runs with the dependencies its own ``scripts/setup`` installed, which
    is what a change of dependencies is measured against), else this one."""
    own = code / ".venv" / "bin" / "python"
    return str(own) if code != ROOT and own.exists() else sys.executable


def _alternating(servers: dict[str, tuple[Path, dict[str, str]]], seconds: float, rounds: int) -> dict:
    """Both servers up at once, their progress and saved-plan cells alternated ``rounds`` times."""
    started = {}
    try:
        for name, (code, env) in servers.items():
            port = _free_port()
            process = subprocess.Popen([_python(code), "-c", "from api.cli import entry_point; entry_point()", "serve", "--port",
                                        str(port), "--no-access-log", "--log-level", "warning"], cwd=code, env=env)
            _wait_for(port, process)
            learners = [_create(port) for _ in range(WRITERS)]
            started[name] = (port, process, learners)
        rows: dict[str, list] = {name: [] for name in started}
        for _ in range(rounds):
            for name, (port, process, learners) in started.items():
                plan_path, auth = f"/v1/learners/{learners[0][0]}/plan", {"Authorization": f"Bearer {learners[0][1]}"}
                asyncio.run(_load(port, _profile_reads(learners), clients=WRITERS, seconds=min(1.0, seconds)))
                progress = _measured(port, process.pid, _progress(learners), WRITERS, seconds)
                plan = _measured(port, process.pid, lambda c, i: ("GET", plan_path, auth, b""), 1, seconds)
                posted = _measured(port, process.pid, lambda c, i: ("POST", "/v1/paths", {}, json.dumps(SAME_PLAN).encode()), 1, seconds)
                rows[name].append({"progress": progress, "saved plan": plan, "posted plan": posted})
        return rows
    finally:
        for port, process, _ in started.values():
            process.terminate()
            process.wait(timeout=30)


def _alternating_report(store: str, rows: dict[str, list]) -> None:
    print(f"\n{store}: both servers at once, cells alternated round by round (progress x{WRITERS}; saved plan and posted plan x1)")
    keys = (("progress", "p50_ms"), ("progress", "p99_ms"), ("progress", "api_cpu_ms_per_request"),
            ("progress", "neo4j_cpu_ms_per_request"), ("saved plan", "api_cpu_ms_per_request"),
            ("saved plan", "neo4j_cpu_ms_per_request"))
    print(f"  {'code':<8} {'round':>6} {'prog p50':>9} {'prog p99':>9} {'prog API':>9} {'prog Neo4j':>10} {'plan API':>9} "
          f"{'plan Neo4j':>10} {'plan - posted p50':>18}")
    for name, runs in rows.items():
        table = [[run[cell].get(key, float("nan")) for cell, key in keys]
                 + [run["saved plan"]["p50_ms"] - run["posted plan"]["p50_ms"]] for run in runs]
        medians = [statistics.median(column) for column in zip(*table)]
        for label, values in [*((str(i + 1), row) for i, row in enumerate(table)), ("median", medians)]:
            print(f"  {name:<8} {label:>6} " + " ".join(f"{v:>{w}.2f}" for v, w in zip(values, (9, 9, 9, 10, 9, 10, 18))))


def _scenarios(plan_path: str, auth: dict, same_plan: bytes, learners: list[tuple[str, str]]) -> dict:
    return {
        "posted plan (baseline)": (lambda c, i: ("POST", "/v1/paths", {}, same_plan), 1),
        "saved learner's plan": (lambda c, i: ("GET", plan_path, auth, b""), 1),
        f"GET /health x{WRITERS} (baseline)": (lambda c, i: ("GET", "/health", {}, b""), WRITERS),
        f"progress writes x{WRITERS}": (_progress(learners), WRITERS),
    }


def _measured(port: int, server_pid: int, requests, clients: int, seconds: float) -> dict:
    """One scenario's latencies over HTTP, with the CPU each process spent per request."""
    return _with_cpu(lambda: asdict(asyncio.run(_load(port, requests, clients=clients, seconds=seconds))), server_pid)


def _with_cpu(measure, server_pid: int | None) -> dict:
    """``measure()``'s figures, plus the CPU the API process (if any), the local Neo4j (if it is
    this checkout's) and this process (the load generator, or the threads doing the store's work)
    spent per request: on a machine shared with other work, latency follows the load, CPU time per
    request much less, and the load generator's share is CPU the server did not have."""
    neo4j = _local_neo4j_pid()
    counters = {"api": lambda: _tree_cpu_seconds(server_pid), "neo4j": lambda: _cpu_seconds(neo4j),
                "neo4j_jit": lambda: _jit_cpu_seconds(neo4j), "bench": lambda: _cpu_seconds(os.getpid())}
    before = {name: read() for name, read in counters.items()}
    figures = measure()
    for name, read in counters.items():
        after = read()
        if before[name] is not None and after is not None and figures["requests"]:
            figures[f"{name}_cpu_ms_per_request"] = round((after - before[name]) * 1000 / figures["requests"], 3)
    return figures


def _jit_cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds of the JVM's just-in-time compiler threads (``C1``/``C2 CompilerThread``), part
    of the process's: a server new to a workload spends more CPU compiling for it than running it."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except (OSError, TypeError):
        return None
    total = 0
    for task in tasks:
        try:
            stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat.rsplit(")", 1)[1].split()
        if "CompilerThre" in name:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _local_neo4j_pid() -> int | None:
    """The process of this checkout's local server (``scripts/neo4j-local``), if it runs."""
    try:
        return int((ROOT / ".neo4j" / "run" / "mlpath-neo4j.pid").read_text())
    except (OSError, ValueError):
        return None


def _tree_cpu_seconds(pid: int | None) -> float | None:
    """:func:`_cpu_seconds` of ``pid`` and every process under it (``--workers``: the supervisor and its workers)."""
    own = _cpu_seconds(pid)
    if own is None:
        return None
    try:
        children = [int(c) for task in os.listdir(f"/proc/{pid}/task")
                    for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        children = []
    return own + sum(_tree_cpu_seconds(child) or 0.0 for child in children)


def _cpu_seconds(pid: int | None) -> float | None:
    """User and system CPU seconds of a running process (Linux ``/proc``), or ``None``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _delete(port: int, learner_id: str, token: str) -> None:
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/learners/{learner_id}", method="DELETE",
                                     headers={"Authorization": f"Bearer {token}", "If-Match": "*"})
    urllib.request.urlopen(request, timeout=30).close()


def _create(port: int) -> tuple[str, str]:
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/learners", data=json.dumps(PROFILE).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    return body["learner"]["id"], body["token"]


def _progress(learners: list[tuple[str, str]]):
    """Client ``c`` writes to its own learner; each write flips one of 20 nodes between done and learning."""
    nodes = sorted(load_graph().nodes)[:20]

    def request(client: int, i: int) -> tuple[str, str, dict, bytes]:
        learner_id, token = learners[client]
        status = "done" if (i // len(nodes)) % 2 == 0 else "learning"
        body = json.dumps({"marks": [{"node": nodes[i % len(nodes)], "status": status}]}).encode()
        return "POST", f"/v1/learners/{learner_id}/progress", {"Authorization": f"Bearer {token}"}, body

    return request


def _profile_reads(learners: list[tuple[str, str]]):
    """Client ``c`` reads its own learner's profile: one token check each."""
    def request(client: int, i: int) -> tuple[str, str, dict, bytes]:
        learner_id, token = learners[client]
        return "GET", f"/v1/learners/{learner_id}", {"Authorization": f"Bearer {token}"}, b""

    return request


async def _load(port: int, requests, *, clients: int, seconds: float) -> Measurement:
    """``clients`` keep-alive connections sending ``requests(client, i)`` = (method, path, headers, body)."""
    def raw(client: int, i: int) -> bytes:
        method, path, headers, body = requests(client, i)
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"{head}Content-Length: {len(body)}\r\n\r\n").encode() + body

    return await drive(port, raw, clients=clients, seconds=seconds, label="")


# --- where a progress write's time goes: the same work without HTTP, and one forced commit ---

def _direct_store(store: str, driver, neo4j: _neo4j_running, data_dir: Path):
    if store == "embedded":
        return SqliteLearnerStore.in_directory(data_dir)
    from graph.neo4j.learner_store import Neo4jLearnerStore

    return Neo4jLearnerStore(driver, location=neo4j.uri, database=neo4j.server.database)


def _in_process(store, seconds: float) -> dict:
    """A progress request's store work (the token check's read, then the write computed from it)
    from 8 threads in this process, without HTTP: first marks on nodes the learner never marked
    (in Neo4j each makes a link to a curriculum node all 8 learners link to), then changes of
    existing marks; and 8 threads each making the smallest durable write there is
    (``remember_plan``: one property, one forced commit), the floor under any write."""
    from graph.learners import LearnerDraft, MarkChange

    known = {k["node"] for k in PROFILE["known"]}
    fresh = [n for n in sorted(load_graph().nodes) if n not in known]
    with store:
        learners = [store.create(LearnerDraft.model_validate(PROFILE)).learner.id for _ in range(WRITERS)]

        def mark(client: int, node: str, status: str) -> None:
            current = store.find(learners[client]).learner
            store.record(current.id, [MarkChange(node=node, status=status)], current=current)

        def first_mark(client: int, i: int) -> bool:
            if i < len(fresh):
                mark(client, fresh[i], "done")
            return i < len(fresh)

        def changed_mark(client: int, i: int) -> bool:
            mark(client, fresh[i % 20], "learning" if (i // 20) % 2 == 0 else "done")
            return True

        def forced_commit(client: int, i: int) -> bool:
            store.remember_plan(learners[client], (fresh[i % 20],))
            return True

        figures = {f"first marks x{WRITERS}, no HTTP": _threads(first_mark, seconds)}
        for learner_id in learners:  # every learner has the 20 marks the next cell changes
            store.record(learner_id, [MarkChange(node=n, status="done") for n in fresh[:20]])
        figures[f"changed marks x{WRITERS}, no HTTP"] = _threads(changed_mark, seconds)
        figures[f"one forced commit x{WRITERS} (floor)"] = _threads(forced_commit, seconds)
        for learner_id in learners:
            store.delete(learner_id)
    return figures


def _threads(work, seconds: float) -> dict:
    """``work(client, i)`` from WRITERS threads for ``seconds`` (a client stops early when its work
    says ``False``: nothing left to do); the latencies as a Measurement has them."""
    latencies: list[list[float]] = [[] for _ in range(WRITERS)]
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        i = 0
        while time.perf_counter() < stop_at:
            sent = time.perf_counter()
            if not work(index, i):
                return
            latencies[index].append(time.perf_counter() - sent)
            i += 1

    def measure() -> dict:
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            list(pool.map(client, range(WRITERS)))
        elapsed = time.perf_counter() - began
        ordered = sorted(x for each in latencies for x in each)
        return {"clients": WRITERS, "requests": len(ordered), "errors": 0, "rps": round(len(ordered) / elapsed, 1),
                "p50_ms": round(statistics.median(ordered) * 1000, 2),
                "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2)}

    return _with_cpu(measure, None)


# --- 3: a population in Neo4j ------------------------------------------------

BENCH_PREFIX = "be"  # every benchmark learner id starts with it, so leftovers can be found and removed


def _population(driver, uri: str, data_dir: Path, count: int) -> dict:
    from graph.neo4j.learner_store import Neo4jLearnerStore

    documents = _documents(count)
    figures = {}
    stores = {"embedded (baseline)": SqliteLearnerStore.in_directory(data_dir),
              "neo4j": Neo4jLearnerStore(driver, location=uri)}
    for label, store in stores.items():
        with store:
            began = time.perf_counter()
            for start in range(0, count, IMPORT_BATCH):
                store.import_many(documents[start:start + IMPORT_BATCH])
            load_s = time.perf_counter() - began
            latencies: list[float] = []

            def read(document: LearnerExport) -> bool:
                sent = time.perf_counter()
                learner = store.get(document.learner.id)
                latencies.append(time.perf_counter() - sent)
                return learner.marks == document.learner.marks and learner.targets == document.learner.targets

            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=WRITERS) as pool:
                same = sum(pool.map(read, documents))
            read_s = time.perf_counter() - began
            latencies.sort()
            figures[label] = {"load_s": round(load_s, 2), "learners_per_s": round(count / load_s),
                              "marks_per_s": round(count * 50 / load_s), "read_back_s": round(read_s, 2),
                              "read_p50_ms": round(statistics.median(latencies) * 1000, 2),
                              "read_p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2),
                              "read_back_equal": same == count}
    return figures


def _documents(count: int) -> list[LearnerExport]:
    """``count`` learners of 50 marks each on the bundled curriculum's nodes; the same every run."""
    rng = random.Random(7)
    nodes = sorted(load_graph().nodes)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    documents = []
    for i in range(count):
        marked = rng.sample(nodes, 50)
        marks = tuple(Mark(node=n, status=rng.choice(list(Status)), at=now, source=Source.IMPORTED) for n in marked)
        learner = Learner(id=f"{BENCH_PREFIX}{i:030x}", version=1, created_at=now, updated_at=now, targets=(TARGET,), marks=marks)
        documents.append(LearnerExport(exported_at=now, learner=learner))
    return documents


def _delete_benchmark_learners(driver, count: int) -> None:
    from graph.neo4j.learner_store import Neo4jLearnerStore

    store = Neo4jLearnerStore(driver, location="bench")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda i: _forget(store, f"{BENCH_PREFIX}{i:030x}"), range(count)))


def _forget(store, learner_id: str) -> None:
    from graph.errors import LearnerNotFoundError

    try:
        store.delete(learner_id)
    except LearnerNotFoundError:
        pass


# --- Neo4j and the report --------------------------------------------------------

class _neo4j_running:
    """An open driver on the configured server, or on the local one (started here if nothing answers, and stopped after)."""

    def __init__(self) -> None:
        from api.settings import load_settings
        from graph.neo4j.connection import Neo4jSettings

        self.configured = load_settings().neo4j
        self.server = (self.configured or Neo4jSettings(uri=neo4j_local.local_uri())).model_copy(update={"timeout": 10.0})
        self.uri, self.started, self.driver = self.server.uri, False, None

    def __enter__(self):
        from graph.errors import Neo4jUnavailableError
        from graph.neo4j.connection import connect

        try:
            self.driver = connect(self.server)
        except Neo4jUnavailableError:
            if self.configured:
                raise
            neo4j_local.start()
            self.started = True
            self.driver = connect(self.server)
        return self.driver

    def __exit__(self, *exc_info) -> None:
        self.driver.close()
        if self.started:
            neo4j_local.stop()


def _table(title: str, cells: dict) -> None:
    print(f"\n{title}")
    print(f"  {'scenario':<32} {'clients':>7} {'requests':>9} {'errors':>6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
          f" {'API CPU ms/req':>15} {'Neo4j CPU ms/req':>17} {'of it JIT':>10} {'bench CPU ms/req':>17}")
    for label, m in cells.items():
        cpu = "".join(f" {m[key]:>{width}.3f}" if key in m else f" {'-':>{width}}"
                      for key, width in (("api_cpu_ms_per_request", 15), ("neo4j_cpu_ms_per_request", 17),
                                         ("neo4j_jit_cpu_ms_per_request", 10), ("bench_cpu_ms_per_request", 17)))
        print(f"  {label:<32} {m['clients']:>7} {m['requests']:>9} {m['errors']:>6} {m['rps']:>9.1f} {m['p50_ms']:>8.2f} {m['p99_ms']:>8.2f}{cpu}")


def _against(now: dict, before: dict, name: str) -> None:
    """This code's progress writes and saved plan beside ``before``'s, measured in the same run."""
    progress = f"progress writes x{WRITERS}"
    print(f"  against {name}:")
    for key, what in (("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"), ("api_cpu_ms_per_request", "API CPU ms a write"),
                      ("neo4j_cpu_ms_per_request", "Neo4j CPU ms a write")):
        if key in now[progress] and key in before[progress]:
            ratio = now[progress][key] / max(before[progress][key], 1e-9)
            print(f"    progress {what}: {now[progress][key]:.2f} against {before[progress][key]:.2f} ({ratio:.2f}x)")
    extra = {label: cells["saved learner's plan"]["p50_ms"] - cells["posted plan (baseline)"]["p50_ms"] for label, cells in
             (("now", now), ("before", before))}
    print(f"    saved plan p50 {extra['now']:+.2f} ms against {extra['before']:+.2f} ms over the posted plan")


def _report(results: dict) -> None:
    print(f"{results['began']}: {results['seconds']:g} s per HTTP measurement; {results['learners']} learners with 50 marks each; "
          f"load average (1, 5, 15 min) {'/'.join(f'{x:.1f}' for x in results['load_before'])} before, "
          f"{'/'.join(f'{x:.1f}' for x in results['load_after'])} after")
    aims = []
    for block in [key for key in results if key not in ("embedded", "neo4j") and isinstance(results[key], dict)
                  and key != "population" and not key.endswith("alternating")]:
        _table(f"{block}, over HTTP", results[block])
    for store in ("embedded", "neo4j"):
        _table(f"{store} store, over HTTP", results[store])
        by = results[store]
        extra = by["saved learner's plan"]["p50_ms"] - by["posted plan (baseline)"]["p50_ms"]
        if store == "neo4j":
            aims.append((f"{store}: saved plan p50 {extra:+.2f} ms against the posted plan", extra <= 3))
        else:
            print(f"  saved plan p50 {extra:+.2f} ms against the posted plan")
        p99 = by[f"progress writes x{WRITERS}"]["p99_ms"]
        health, floor = by[f"GET /health x{WRITERS} (baseline)"]["p99_ms"], by[f"one forced commit x{WRITERS} (floor)"]["p99_ms"]
        print(f"  progress writes p99 {p99:.1f} ms: {p99 / health:.1f}x /health at {WRITERS} clients, "
              f"{p99 / floor:.1f}x one forced commit at {WRITERS} threads, in this run")
        aims.append((f"{store}: progress writes p99 at {WRITERS} clients = {p99:.1f} ms", p99 < 20))
        for block in [key for key in results if key.startswith(f"{store}, before")]:
            _against(by, results[block], block)
    for store in ("embedded", "neo4j"):
        if f"{store}, alternating" in results:
            _alternating_report(store, results[f"{store}, alternating"])
    print(f"\n{results['learners']} learners x 50 marks: load in {IMPORT_BATCH}-learner transactions, read back from {WRITERS} threads")
    print(f"  {'store':<20} {'load s':>8} {'learners/s':>11} {'marks/s':>9} {'read s':>8} {'read p50':>9} {'read p99':>9} {'equal':>6}")
    for label, f in results["population"].items():
        print(f"  {label:<20} {f['load_s']:>8.2f} {f['learners_per_s']:>11} {f['marks_per_s']:>9} {f['read_back_s']:>8.2f} "
              f"{f['read_p50_ms']:>8.2f}  {f['read_p99_ms']:>8.2f} {str(f['read_back_equal']):>6}")
    for text, met in aims:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_learners.json").write_text(json.dumps({**results, "aims": [{"aim": t, "met": m} for t, m in aims]}, indent=2) + "\n",
                                             encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
