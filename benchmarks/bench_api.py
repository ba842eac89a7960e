"""Throughput and latency of ``POST /v1/paths`` against ``GET /health``, over loopback.

Starts ``mlpath serve`` in a subprocess on a free port, then, for 1, 8 and
32 concurrent keep-alive clients, drives three scenarios for a fixed time:
``/health``, one plan request repeated (served from the plan cache after
the first) and plan requests that all differ (each one solved), and
reports requests per second, p50 and p99 latency, the CPU time the server
spent per request (user and system, its process tree, from /proc: on a
shared machine latency follows everyone's load, CPU per request much
less), and the server's resident memory (VmRSS, and the peak VmHWM).  ``/health`` does no work,
so it measures what the server and this load generator cost by themselves:
the baseline the plans are compared with, taken in the same run.

The load generator speaks HTTP/1.1 over asyncio streams directly: a full
HTTP client library would cost more CPU than the server it measures, on
the same cores.

    .venv/bin/python benchmarks/bench_api.py            # 10 s per measurement
    .venv/bin/python benchmarks/bench_api.py --quick    # 2 s, for `make bench`

Aims: plans at least half the trivial endpoint's throughput, p99 below
50 ms at 32 clients, RSS below 200 MB.  Results also go to
``benchmarks/out/bench_api.json``.  ``--workers N`` serves with N worker
processes (memory is then summed over them).  ``--code DIR`` serves another
checkout (e.g. ``git archive main | tar -x -C DIR``) with ``DIR/.venv`` if it
has one, so runs of both, alternated, compare a change with its baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CONCURRENCY = (1, 8, 32)
SEED_REQUEST = {"known": ["python", "numpy", "statistics"], "targets": ["machine-learning-engineer"], "hours_per_week": 10}


@dataclass(frozen=True)
class Measurement:
    endpoint: str
    clients: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s per measurement instead of 10")
    parser.add_argument("--seconds", type=float, default=None, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (mlpath serve --workers)")
    parser.add_argument("--graph", default=None, help="curriculum to serve (default: the bundled seed, "
                        "or a 300-node synthetic one if the seed does not load)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout to serve (default this one), with its own .venv if it has one")
    args = parser.parse_args(argv)
    seconds = args.seconds or (2.0 if args.quick else 10.0)

    graph_path, request = _curriculum(args.graph)
    port = _free_port()
    server = _start_server(port, graph_path, args.workers, code=args.code.resolve())
    try:
        _wait_for(port, server)
        same = json.dumps(request).encode()
        asyncio.run(_measure(port, "POST", "/v1/paths", lambda i: same, clients=2, seconds=min(1.0, seconds)))  # warm-up
        rss_idle = _memory(server.pid)
        scenarios = (
            ("GET /health", "GET", "/health", lambda i: b""),
            ("plan (cached)", "POST", "/v1/paths", lambda i: same),
            ("plan (solved)", "POST", "/v1/paths", _distinct(request)),
        )
        results, cpu = [], []
        for clients in CONCURRENCY:
            for label, method, path, bodies in scenarios:
                spent = _tree_cpu_seconds(server.pid)
                results.append(asyncio.run(_measure(port, method, path, bodies, clients=clients, seconds=seconds, label=label)))
                cpu.append(round((_tree_cpu_seconds(server.pid) - spent) * 1000 / max(1, results[-1].requests), 3))
        rss_after = _memory(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    _report(results, cpu, rss_idle, rss_after, graph_path, request, seconds, args.workers, args.code.resolve())
    return 1 if any(r.errors for r in results) else 0


def _curriculum(path: str | None) -> tuple[str | None, dict]:
    """The graph to serve and a realistic request for it."""
    from graph.curriculum import load_graph, to_interchange_json
    from graph.errors import GraphLoadError

    if path:
        graph = load_graph(path)
        return path, _request_for(graph)
    try:
        return None, _request_for(load_graph())
    except GraphLoadError:
        from graph.curriculum import build_graph
        from graph.synthetic import ROLE_ID, synthetic_curriculum

        print("bench_api: the bundled seed does not load; serving a 300-node synthetic curriculum", file=sys.stderr)
        OUT.mkdir(parents=True, exist_ok=True)
        synthetic = OUT / "bench_api_synthetic.json"
        synthetic.write_text(to_interchange_json(build_graph(synthetic_curriculum(300, seed=0))), encoding="utf-8")
        return str(synthetic), {"known": [], "targets": [ROLE_ID], "hours_per_week": 10}


def _request_for(graph) -> dict:
    if all(i in graph for i in SEED_REQUEST["known"] + SEED_REQUEST["targets"]):
        return SEED_REQUEST
    from graph.models import Kind

    roles = sorted(i for i, n in graph.nodes.items() if n.kind is Kind.ROLE)
    return {"known": [], "targets": roles[:1], "hours_per_week": 10}


def _distinct(request: dict):
    """Request bodies that are all different, so none is answered from the plan cache.

    Only ``hours_per_week`` varies: the solver's work is the same, the cache
    key is not.
    """
    counter = iter(range(10**9))

    def body(_: int) -> bytes:
        return json.dumps({**request, "hours_per_week": 5 + next(counter) / 10_000}).encode()

    return body


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int, graph_path: str | None, workers: int, *, code: Path = ROOT) -> subprocess.Popen:
    own = code / ".venv" / "bin" / "python"
    python = str(own) if code != ROOT and own.exists() else sys.executable
    command = [python, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--no-access-log", "--log-level", "warning", "--workers", str(workers)]
    if graph_path:
        command += ["--graph", graph_path]
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}  # plans never touch Neo4j anyway
    return subprocess.Popen(command, cwd=code, env=env)


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench_api: the server exited with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench_api: the server did not start in time")


async def _measure(port: int, method: str, path: str, bodies, *, clients: int, seconds: float, label: str = "") -> Measurement:
    def request(client: int, i: int) -> bytes:
        body = bodies(i)
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        return head + body

    return await drive(port, request, clients=clients, seconds=seconds, label=label or f"{method} {path}")


async def drive(port: int, request, *, clients: int, seconds: float, label: str) -> Measurement:
    """``clients`` keep-alive connections, each sending ``request(client, i)`` (the raw bytes of
    its ``i``-th request) and waiting for the answer, for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    began = time.perf_counter()
    stop_at = began + seconds

    async def client(index: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        sent_count = 0
        try:
            while time.perf_counter() < stop_at:
                payload = request(index, sent_count)
                sent_count += 1
                sent = time.perf_counter()
                writer.write(payload)
                status = await _read_response(reader)
                latencies.append(time.perf_counter() - sent)
                errors += status != 200
        finally:
            writer.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return Measurement(
        endpoint=label, clients=clients, requests=len(ordered), errors=errors, seconds=round(elapsed, 3),
        rps=round(len(ordered) / elapsed, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 2),
        p99_ms=round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
    )


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one response with a Content-Length body; return its status."""
    header = await reader.readuntil(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = next(int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return status


def _memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM in MB of ``pid`` and its worker processes, summed.

    With one worker that is the server itself; with several, the sum of the
    peaks is an upper bound of the peak of the whole.
    """
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for process in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            name, _, value = line.partition(":")
            if name in totals:
                totals[name] += int(value.split()[0]) / 1024
    return {name: round(mb, 1) for name, mb in totals.items()}


def _tree_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of ``pid`` and its worker processes (``--workers``), from /proc."""
    total = 0.0
    for process in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return children


def _report(results: list[Measurement], cpu: list[float], rss_idle: dict, rss_after: dict, graph_path: str | None,
            request: dict, seconds: float, workers: int, code: Path) -> None:
    print(f"code: {code}; curriculum: {graph_path or 'bundled seed_data/'}; request: {json.dumps(request)}; {seconds:g} s each; "
          f"{workers} server worker(s); load average {os.getloadavg()[0]:.2f}")
    print(f"{'scenario':<16} {'clients':>7} {'requests':>9} {'errors':>6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'API CPU ms/req':>15}")
    for r, ms in zip(results, cpu):
        print(f"{r.endpoint:<16} {r.clients:>7} {r.requests:>9} {r.errors:>6} {r.rps:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {ms:>15.3f}")
    by = {(r.endpoint, r.clients): r for r in results}
    aims = []
    for label in ("plan (cached)", "plan (solved)"):
        for clients in CONCURRENCY:
            ratio = by[(label, clients)].rps / by[("GET /health", clients)].rps
            aims.append((f"{label} / health throughput at {clients} clients = {ratio:.3f}", ratio >= 0.5))
        p99 = by[(label, 32)].p99_ms
        aims.append((f"{label} p99 at 32 clients = {p99:.1f} ms", p99 < 50))
    peak = max(rss_after.get("VmHWM", 0), rss_after.get("VmRSS", 0))
    aims.append((f"server RSS idle {rss_idle.get('VmRSS')} MB, after {rss_after.get('VmRSS')} MB, peak {rss_after.get('VmHWM')} MB", peak < 200))
    for text, met in aims:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_api.json").write_text(json.dumps({
        "curriculum": graph_path or "seed_data", "request": request, "seconds": seconds, "workers": workers,
        "code": str(code), "results": [{**asdict(r), "api_cpu_ms_per_request": ms} for r, ms in zip(results, cpu)], "rss_idle_mb": rss_idle, "rss_after_mb": rss_after,
        "aims": [{"aim": text, "met": met} for text, met in aims],
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
