"""Every expensive query the guard lets through releases the server within its timeout + 5 s.

Each query of ``expensive_queries.EXPENSIVE`` goes through the real guard
(``run_read_only``) to the real server holding the seed curriculum.  The
Neo4j server's own process, found through its Bolt port, is sampled from
``/proc`` while the call runs and after it returns, however it ended
(refused, stopped at the timeout or the memory limit, or answered): its
CPU must be back to idle, for good, before the timeout plus five seconds
have passed since the call started, with no transaction of the query left,
and the call itself must have returned by then.  Around the whole corpus,
the server's live heap (after a full collection, read with ``jcmd``) must
come back to where it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from devtools.server_process import CpuSampler, live_heap_bytes, pid_listening_on
from graph.errors import InvalidRequestError, UnsafeQueryError
from graph.neo4j.cost import CostlyQueryError
from graph.neo4j.guard import QueryTimeoutError, run_read_only
from graph.neo4j.sync import sync_curriculum
from tests.neo4j.expensive_queries import EXPENSIVE

pytestmark = pytest.mark.neo4j

#: The guard's timeout here.  What is checked holds for any timeout (the server is released
#: within the timeout + 5 s, the call has returned, the outcome is the right error), and the
#: product's default (5 s, ``run_read_only`` and ``cypher_timeout``) is not what is under test;
#: a short one makes every query the server stops cost less.  At 1 s the corpus still reaches
#: every outcome the tests below count (one run: 26 refused, 17 timeouts, 4 memory limits).
TIMEOUT = 1.0
RELEASE = TIMEOUT + 5.0
#: What the heap may keep after the corpus: the plan cache holds each query's compiled plan.
HEAP_SLACK = 64 * 1024 * 1024


@dataclass(frozen=True)
class Measured:
    outcome: str
    returned: float  # seconds from the call to its return
    released: float | None  # seconds from the call until the server was idle for good; None if not within RELEASE
    leftover: tuple[str, ...]  # transactions still open afterwards, besides the one asking


def _server_pid(driver) -> int:
    host, port = _bolt_address(driver)
    pid = pid_listening_on(port) if host in ("127.0.0.1", "localhost", "::1") else None
    if pid is None:
        message = "these tests watch the Neo4j server's process, so it must run on this machine"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return pid


def _bolt_address(driver) -> tuple[str, int]:
    address = urlsplit(os.environ.get("NEO4J_URI", ""))
    return address.hostname or "127.0.0.1", address.port or 7687


def _open_transactions(driver) -> tuple[str, ...]:
    records = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").records
    return tuple(r["currentQuery"] for r in records if "SHOW TRANSACTIONS" not in (r["currentQuery"] or ""))


def _outcome(error: Exception | None) -> str:
    if error is None:
        return "answered"
    if isinstance(error, QueryTimeoutError):
        return "stopped at the timeout"
    if isinstance(error, CostlyQueryError):
        return "stopped by the memory limit" if "more memory" in str(error) else "refused as too costly"
    if isinstance(error, UnsafeQueryError):
        return "refused as unsafe"
    return "rejected by Neo4j"


@pytest.fixture(scope="module")
def measured(neo4j_driver, seed_graph) -> dict[str, Measured]:
    """The whole corpus, run once, each query measured; plus the heap before and after."""
    sync_curriculum(neo4j_driver, seed_graph)
    pid = _server_pid(neo4j_driver)
    heap_before = live_heap_bytes(pid)
    results = {}
    for case in EXPENSIVE:
        error = None
        with CpuSampler(pid) as server:
            try:
                run_read_only(neo4j_driver, case.query, case.parameters, timeout=TIMEOUT)
            except (UnsafeQueryError, InvalidRequestError) as exc:  # refused, stopped or rejected: all fine here
                error = exc
            returned = time.monotonic() - server.started
            released = server.wait_for_idle(until=server.started + RELEASE + 1.0)
        if released is not None and released > RELEASE:
            released = None
        results[case.name] = Measured(_outcome(error), returned, released, _open_transactions(neo4j_driver))
    results["heap"] = (heap_before, live_heap_bytes(pid))
    return results


def test_the_corpus_is_large_and_varied():
    assert len(EXPENSIVE) >= 40 and len({c.name for c in EXPENSIVE}) == len(EXPENSIVE)
    assert len({c.shape for c in EXPENSIVE}) >= 8


@pytest.mark.parametrize("case", EXPENSIVE, ids=lambda case: case.name)
def test_the_server_is_released_within_the_timeout_plus_five_seconds(measured, case):
    result = measured[case.name]
    assert result.released is not None, (
        f"{case.name}: the server was still busy {RELEASE:g} s after the call started "
        f"(the call returned after {result.returned:.1f} s: {result.outcome})")
    assert result.leftover == (), f"{case.name}: transactions left open: {result.leftover}"
    assert result.returned <= RELEASE, f"{case.name}: the call took {result.returned:.1f} s ({result.outcome})"


def test_the_queries_that_reach_the_server_are_stopped_there(measured):
    """Not everything is refused up front: the server's own limits and the deadline do their part too."""
    outcomes = [measured[case.name].outcome for case in EXPENSIVE]
    assert outcomes.count("refused as too costly") >= 15
    assert outcomes.count("stopped at the timeout") + outcomes.count("stopped by the memory limit") >= 10
    assert "stopped by the memory limit" in outcomes


def test_the_heap_is_back_where_it_was(measured):
    before, after = measured["heap"]
    assert after <= before + HEAP_SLACK, f"live heap grew from {before / 2**20:.0f} MiB to {after / 2**20:.0f} MiB"
