"""How fast the curriculum goes into Neo4j and how fast Neo4j walks it.

    .venv/bin/python benchmarks/bench_neo4j.py            # seed + 100k-node synthetic curriculum
    .venv/bin/python benchmarks/bench_neo4j.py --quick    # seed + 5k nodes, smaller subsets

A sync is one transaction, and neo4j/server.env limits one transaction to
64 MiB of tracked memory: enough for about 5,000 new nodes.  For the full
run, start the server with room for 100k:
``MLPATH_NEO4J_HEAP=2g MLPATH_NEO4J_TX_MEMORY=1g MLPATH_NEO4J_TX_TOTAL_MEMORY=1500m``.

Measured on a real server (``NEO4J_URI``, else the local one, started and
stopped here if it was not running):

* a full sync into an empty database, batched ``UNWIND`` (the production
  path), in nodes and rows (nodes + relationships) per second;
* the same code with one row per statement, on a subset only (row-by-row
  over 100k nodes would take far too long).  Its rate is extrapolated
  linearly to the full size, which flatters it if anything: per-statement
  costs do not shrink as the transaction grows;
* the batched sync of that same subset, for a like-for-like ratio;
* a second sync of the full curriculum (nothing to change: the diff only);
* reading the whole curriculum back;
* a transitive closure, all prerequisites of the deepest topic, as Cypher
  (the cookbook's ``prerequisites`` query) against ``networkx.ancestors`` on
  the in-memory graph (median of several runs).

The database holds the bundled seed curriculum again at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx  # noqa: E402

from devtools import neo4j_local  # noqa: E402
from graph.curriculum import build_graph, load_graph  # noqa: E402
from graph.neo4j.cookbook import get_query  # noqa: E402
from graph.errors import Neo4jUnavailableError  # noqa: E402
from graph.models import LEGACY_STAGES, Curriculum  # noqa: E402
from api.settings import load_settings  # noqa: E402
from graph.neo4j.connection import Neo4jSettings, connect  # noqa: E402
from graph.neo4j.store import read_curriculum, server_version  # noqa: E402
from graph.neo4j.sync import sync_curriculum  # noqa: E402
from graph.synthetic import synthetic_curriculum  # noqa: E402


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - start, value


def empty(driver) -> None:
    """Remove every curriculum node, with the sync itself (one transaction)."""
    sync_curriculum(driver, Curriculum(stages=LEGACY_STAGES, nodes=()))


def rows_of(graph) -> int:
    return len(graph.nodes) + sum(len(c) for n in graph.nodes.values() for c in n.requires) + sum(
        len(n.resources) for n in graph.nodes.values())


def median_time(function, repeat: int) -> float:
    return statistics.median(timed(function)[0] for _ in range(repeat))


def deepest_topic(graph) -> str:
    """The last node of the longest prerequisite chain, roles left out."""
    topics = graph.digraph.subgraph(v for v in graph.digraph if graph.nodes[v].kind.value != "role")
    return nx.dag_longest_path(topics)[-1]


def bench_sync(driver, label: str, graph, lines: list[str]) -> None:
    empty(driver)
    seconds, report = timed(sync_curriculum, driver, graph)
    assert report.nodes_created == len(graph)
    rows = rows_of(graph)
    lines.append(f"| full sync, batched ({label}) | {len(graph):,} nodes, {rows:,} rows | {seconds:.2f} s "
                 f"| {len(graph) / seconds:,.0f} nodes/s, {rows / seconds:,.0f} rows/s | |")
    noop, report = timed(sync_curriculum, driver, graph)
    assert not report.changed
    lines.append(f"| second sync, nothing to do ({label}) | | {noop:.2f} s | | {seconds / noop:.1f}x faster than the first |")
    read, curriculum = timed(read_curriculum, driver)
    assert len(curriculum.nodes) == len(graph)
    lines.append(f"| read back ({label}) | | {read:.2f} s | {len(graph) / read:,.0f} nodes/s | |")


def bench_row_by_row(driver, subset_size: int, full_size: int, lines: list[str]) -> None:
    subset = build_graph(synthetic_curriculum(subset_size, seed=1))
    rows = rows_of(subset)
    empty(driver)
    batched, _ = timed(sync_curriculum, driver, subset)
    empty(driver)
    single, _ = timed(sync_curriculum, driver, subset, batch_size=1)
    full_rows = rows_of(build_graph(synthetic_curriculum(full_size, seed=0)))
    estimate = full_rows / (rows / single)
    lines.append(f"| sync batched ({subset_size:,}-node subset) | {rows:,} rows | {batched:.2f} s | {rows / batched:,.0f} rows/s | |")
    lines.append(f"| sync row by row ({subset_size:,}-node subset) | {rows:,} rows | {single:.2f} s | {rows / single:,.0f} rows/s "
                 f"| batched is {single / batched:.1f}x faster |")
    lines.append(f"| row by row, extrapolated to {full_size:,} nodes | {full_rows:,} rows | ~{estimate:,.0f} s (estimate) | | |")


def bench_closure(driver, label: str, graph, repeat: int, lines: list[str]) -> None:
    node = deepest_topic(graph)
    text = get_query("prerequisites").text
    expected = nx.ancestors(graph.digraph, node)
    records = driver.execute_query(text, {"id": node}, routing_="r").records
    assert {r["id"] for r in records} == expected
    for _ in range(3):  # warm up: the first runs plan the query and fill caches
        driver.execute_query(text, {"id": node}, routing_="r")
    cypher = median_time(lambda: driver.execute_query(text, {"id": node}, routing_="r"), repeat)
    python = median_time(lambda: nx.ancestors(graph.digraph, node), repeat)
    lines.append(f"| all prerequisites of {node} ({label}) | {len(expected):,} nodes | Cypher {cypher * 1000:.1f} ms, "
                 f"networkx {python * 1000:.2f} ms | | networkx is {cypher / python:.0f}x faster (no round trip) |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5k synthetic nodes instead of 100k, smaller subsets")
    args = parser.parse_args(argv)
    size, subset, repeat = (5_000, 500, 5) if args.quick else (100_000, 2_000, 7)

    configured = load_settings().neo4j
    server = (configured or Neo4jSettings(uri=neo4j_local.local_uri())).model_copy(update={"timeout": 10.0})
    uri = server.uri
    started = False
    with neo4j_local.exclusive_use(uri):
        try:
            driver = connect(server)
        except Neo4jUnavailableError:
            if configured:
                raise
            neo4j_local.start()
            started = True
            driver = connect(server)
        try:
            version, _ = server_version(driver)
            seed = load_graph()
            synthetic = build_graph(synthetic_curriculum(size, seed=0))
            lines = [f"Neo4j {version} at {uri}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs", "",
                     "| measurement | size | time | rate | ratio |", "| --- | --- | --- | --- | --- |"]
            bench_sync(driver, "seed", seed, lines)
            bench_closure(driver, "seed", seed, repeat, lines)
            bench_sync(driver, f"synthetic {size // 1000}k", synthetic, lines)
            bench_closure(driver, f"synthetic {size // 1000}k", synthetic, repeat, lines)
            bench_row_by_row(driver, subset, size, lines)
            empty(driver)
            sync_curriculum(driver, seed)
        finally:
            driver.close()
            if started:
                neo4j_local.stop()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
