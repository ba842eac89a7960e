"""Fuzzing freshly started servers: the server as it is against one that imports lazily on first use, same run.

    .venv/bin/python benchmarks/bench_cold_start.py            # 8 fresh servers a side
    .venv/bin/python benchmarks/bench_cold_start.py --quick    # 3 a side
    .venv/bin/python benchmarks/bench_cold_start.py --servers 20 --per-operation 5   # more first starts

Fuzzing a fresh server once got a 500: two first figure requests imported
plotly's dependency narwhals from two worker threads at once and Python
raised ``_DeadlockError``.  The server now does what its routes import
lazily while it starts (``api.state.prepare_routes``).  Two sides, each a
series of fresh ``mlpath serve`` processes on the seed curriculum (no
Neo4j, one API key):

* **before**: ``prepare_routes`` switched off, as the server was;
* **after**: the server as it is.

Each fresh server gets, at once, every route of
``tests/api/test_cold_start.py`` three times over, each request from its own
thread and connection (the first wave), then requests generated from the
app's OpenAPI schema (schemathesis, the same generator as
``tests/api/test_schemathesis.py``) from four clients.  Measured per side:
answers of 500 or more (the race), the seconds from spawning the process to
its first ``/health`` (what preparing the routes costs the start), and the
slowest answer of the first wave.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import schemathesis  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings as hypothesis_settings  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from tests.api.conftest import API_KEY  # noqa: E402
from tests.api.test_cold_start import REQUESTS  # noqa: E402
from tests.servers import all_at_once, free_port, running_server  # noqa: E402

FIRST_WAVE_REPEAT = 3
CLIENTS = 4
#: How the "before" side starts: the server with its start-up preparation switched off.
LAZY_SERVER = "import api.app; api.app.prepare_routes = lambda snapshot: None; from api.cli import entry_point; entry_point()"
SERVER = "from api.cli import entry_point; entry_point()"


def generated_requests(per_operation: int, seed_value: int) -> list[tuple[str, str, dict]]:
    """``per_operation`` requests for each operation of the schema, as (method, path, httpx keywords)."""
    schema = schemathesis.openapi.from_dict(create_app(Settings(neo4j_uri=None)).openapi())
    requests: list[tuple[str, str, dict]] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @seed(seed_value)
        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=per_operation, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck), phases=[Phase.generate])
        def collect(case) -> None:
            kwargs = case.as_transport_kwargs(base_url="")
            requests.append((kwargs["method"], kwargs["url"],
                             {key: kwargs[key] for key in ("params", "headers", "json", "content") if kwargs.get(key) is not None}))

        collect()
    return requests


def fuzz_fresh_server(program: str, requests: list[tuple[str, str, dict]], log: Path) -> dict:
    """Start a fresh server, hit it with the first wave and then ``requests``; what it answered and how fast."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MLPATH_"))} | {"MLPATH_API_KEYS": API_KEY}
    command = [sys.executable, "-c", program, "serve", "--port", str(port), "--no-access-log"]
    spawned = time.monotonic()
    with running_server(command, ready_url=f"{base}/health", env=env, log=log, timeout=120):
        started = time.monotonic() - spawned
        wave = [(method, url, {"json": body}) for method, url, body in REQUESTS.values() for _ in range(FIRST_WAVE_REPEAT)]
        first = all_at_once(base, wave)
        with ThreadPoolExecutor(CLIENTS) as pool, httpx.Client(base_url=base, timeout=120) as client:
            later = list(pool.map(lambda request: _send(client, *request), requests))
    answers = first + later
    failures = [(url, status) for url, status, _ in answers if status >= 500]
    return {"started": started, "first_wave_slowest": max(seconds for _, _, seconds in first), "answers": len(answers),
            "failures": failures, "statuses": Counter(status for _, status, _ in answers),
            "log": log.read_text(errors="replace")[-2000:] if failures else ""}


def _send(client: httpx.Client, method: str, url: str, kwargs: dict) -> tuple[str, int, float]:
    """The answer's status, or 0 for a generated request HTTP cannot carry (a header value with a trailing space)."""
    began = time.monotonic()
    try:
        status = client.request(method, url, **kwargs).status_code
    except (httpx.LocalProtocolError, httpx.InvalidURL):
        status = 0
    return url, status, time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 fresh servers a side instead of 8")
    parser.add_argument("--servers", type=int, help="fresh servers a side (default 8, or 3 with --quick)")
    parser.add_argument("--per-operation", type=int, default=40, help="generated requests per schema operation (default 40)")
    args = parser.parse_args(argv)
    servers = args.servers or (3 if args.quick else 8)
    sides = {"before (lazy imports)": LAZY_SERVER, "after (prepared at start)": SERVER}
    results: dict[str, list[dict]] = {side: [] for side in sides}
    with tempfile.TemporaryDirectory(prefix="bench-cold-start-") as scratch:
        for run in range(servers):  # the sides alternate, so both meet the same machine load
            requests = generated_requests(args.per_operation, seed_value=run)
            for side, program in sides.items():
                results[side].append(fuzz_fresh_server(program, requests, Path(scratch) / f"{run}-{len(results[side])}.log"))
    lines = [f"{servers} fresh `mlpath serve` processes a side (seed curriculum, no Neo4j), sides alternating; "
             f"first wave {len(REQUESTS)} routes x {FIRST_WAVE_REPEAT} at once, then {args.per_operation} generated "
             f"requests per schema operation from {CLIENTS} clients; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
             "", "| side | requests | answers >= 500 | start to first /health, median (max) | first wave, slowest answer, median (max) | statuses |",
             "| --- | --- | --- | --- | --- | --- |"]
    for side, runs in results.items():
        statuses = sum((run["statuses"] for run in runs), Counter())
        failures = [failure for run in runs for failure in run["failures"]]
        starts = [run["started"] for run in runs]
        waves = [run["first_wave_slowest"] for run in runs]
        lines.append(f"| {side} | {sum(run['answers'] for run in runs)} | {len(failures)}"
                     f"{' ' + str(Counter(url for url, _ in failures).most_common(3)) if failures else ''} | "
                     f"{statistics.median(starts):.2f} s ({max(starts):.2f} s) | {statistics.median(waves):.2f} s ({max(waves):.2f} s) | "
                     f"{', '.join(f'{status}: {n}' for status, n in sorted(statuses.items()))} |")
    print("\n".join(lines))
    for side, runs in results.items():
        for run in runs:
            if run["failures"]:
                print(f"\n{side}: the server's log after a failure:\n{run['log']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
