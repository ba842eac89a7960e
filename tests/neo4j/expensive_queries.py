"""Expensive read-only queries: a key holder's ways to keep Neo4j busy.

Every one of them reads only (no write, no procedure, no LOAD CSV), so the
text and plan checks of older guards let them all through.  They are
grouped by the shape of the work, and several spell the same idea in ways
a filter on words would miss (parameters, arithmetic, backticks, nesting).
``test_expensive_queries.py`` runs each through the real guard against the
real server; ``benchmarks/bench_neo4j.py`` times them with and without the
guard.  Sizes assume the seed curriculum (175 nodes, 734 relationships) or
anything larger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["EXPENSIVE", "Expensive", "RUNAWAY"]


@dataclass(frozen=True)
class Expensive:
    name: str
    shape: str
    query: str
    parameters: dict[str, Any] = field(default_factory=dict)


#: The issue's query: one expression, a core for minutes, deaf to its timeout.
RUNAWAY = "RETURN reduce(s = '', x IN range(1, 50000000) | s + 'x') AS big"

_COPIES = ", ".join(f"l AS copy{i}" for i in range(8))

EXPENSIVE: tuple[Expensive, ...] = (
    # --- loops inside one expression: the server neither meters nor stops them ---
    Expensive("reduce-string", "expression loop", RUNAWAY),
    Expensive("reduce-sum", "expression loop", "RETURN reduce(n = 0, x IN range(1, 2000000000) | n + x) AS total"),
    Expensive("reduce-parameter", "expression loop", "RETURN reduce(s = '', x IN range(1, $n) | s + 'xy') AS big", {"n": 30_000_000}),
    Expensive("reduce-backticks", "expression loop", "RETURN `reduce`(s = 0, x IN range(0, 999999999) | s + x % 7) AS total"),
    Expensive("comprehension-filter", "expression loop", "RETURN size([x IN range(1, 2000000000) WHERE x % 7 = 0]) AS sevens"),
    Expensive("any", "expression loop", "RETURN any(x IN range(1, 2000000000) WHERE x < 0) AS negative"),
    Expensive("all-strings", "expression loop", "RETURN all(x IN range(1, 500000000) WHERE toString(x) <> 'no') AS all_strings"),
    Expensive("none-hex", "expression loop", "RETURN none(x IN range(0x0, 0x7FFFFFFF) WHERE x = -1) AS nothing"),
    # --- huge range() and list comprehensions ---
    Expensive("range-arithmetic", "huge range", "RETURN size([x IN range(1, 50000 * 40000) | x * 2]) AS n"),
    Expensive("range-computed-bound", "huge range", "RETURN size([x IN range(1, toInteger('4' + '00000000')) | x]) AS n"),
    Expensive("range-step", "huge range", "RETURN size([x IN range(-2000000000, 2000000000, 3) | x]) AS n"),
    Expensive("range-of-range", "huge range", "RETURN [x IN range(1, size(range(1, 1000000000000))) | x][0] AS first"),
    Expensive("comprehension-square", "huge range", "RETURN size([a IN range(1, 3000) | [b IN range(1, 3000) | a * b]]) AS n"),
    Expensive("comprehension-nested-literals", "huge range",
              "WITH [0,1,2,3,4,5,6,7,8,9] AS t "
              "RETURN size([a IN t | [b IN t | [c IN t | [d IN t | [e IN t | [f IN t | [g IN t | [h IN t | [i IN t | 1]]]]]]]]]) AS n"),
    # --- strings and lists that grow ---
    Expensive("string-doubling", "blow-up", "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS length"),
    Expensive("list-doubling", "blow-up", "RETURN size(reduce(l = [1], i IN range(1, 40) | l + l)) AS length"),
    Expensive("replace-doubling", "blow-up",
              "RETURN size(" + "replace(" * 34 + "'x'" + ", 'x', 'xx')" * 34 + ") AS length"),
    Expensive("replace-empty-search", "blow-up", "MATCH (n:Node) RETURN sum(size(replace(n.description, '', '--'))) AS length"),
    Expensive("parameter-repeated", "blow-up", "RETURN size([x IN range(1, 100000) | $text]) AS n", {"text": "x" * 50_000}),
    Expensive("data-times-data", "blow-up", "MATCH (n) WITH collect(n.description) AS ds RETURN size([d IN ds | ds]) AS n"),
    Expensive("data-concatenated", "blow-up", "MATCH (a), (b) WITH collect(a.description + b.description) AS ds RETURN size([x IN ds | ds + ds]) AS n"),
    Expensive("row-of-copies", "blow-up", f"UNWIND range(1, 50000) AS a UNWIND range(1, 20) AS b WITH collect(a) AS l RETURN {_COPIES}"),
    # --- cartesian products with predicates ---
    Expensive("cartesian-4", "cartesian", "MATCH (a), (b), (c), (d) WHERE a.id + b.id + c.id + d.id <> '' RETURN count(*) AS n"),
    Expensive("cartesian-labels", "cartesian",
              "MATCH (a:Node), (b:Node), (c:Node) WHERE a.effort_hours + b.effort_hours + c.effort_hours > 100000 RETURN count(*) AS n"),
    Expensive("cartesian-sorted", "cartesian",
              "MATCH (a), (b), (c) RETURN a.id, b.id, c.id ORDER BY a.description + b.description + c.description DESC LIMIT 3"),
    Expensive("cartesian-optional", "cartesian",
              "MATCH (a) OPTIONAL MATCH (b) WHERE b.id > a.id OPTIONAL MATCH (c) WHERE c.id > b.id "
              "OPTIONAL MATCH (d) WHERE d.id > c.id RETURN count(*) AS n"),
    Expensive("cartesian-subquery", "cartesian",
              "MATCH (a) CALL (a) { MATCH (b), (c) WHERE b.name < c.name AND a.name < b.name RETURN count(*) AS k } RETURN sum(k) AS n"),
    Expensive("cartesian-unwound", "cartesian",
              "MATCH (n) WITH collect(n) AS ns UNWIND ns AS a UNWIND ns AS b UNWIND ns AS c UNWIND ns AS d "
              "WITH a, b, c, d WHERE a.id < b.id RETURN count(*) AS n"),
    # --- variable-length path explosions ---
    Expensive("paths-both-ways", "paths", "MATCH p = (a)-[*]-(b) RETURN count(p) AS n"),
    Expensive("paths-quantified", "paths", "MATCH (a) ((x)-[]-(y))+ (b) RETURN count(*) AS n"),
    Expensive("paths-longest", "paths", "MATCH p = (a)-[*]-(b) RETURN length(p) AS length ORDER BY length DESC LIMIT 1"),
    Expensive("paths-chained", "paths", "MATCH (a)-[*]-(b)-[*]-(c) RETURN count(*) AS n"),
    Expensive("paths-collected", "paths", "MATCH p = (a:Node)-[*]-(b:Node) WITH collect(p) AS ps RETURN size(ps) AS n"),
    Expensive("paths-bounded-deep", "paths", "MATCH p = (a)-[*1..40]-(b) WITH [n IN nodes(p) | n.name] AS names RETURN max(size(names)) AS n"),
    Expensive("paths-exists", "paths", "MATCH (n) WHERE EXISTS { MATCH (n)-[*]-(m) WHERE m.id = 'no-such-node' } RETURN count(n) AS n"),
    Expensive("shortest-path-exhaustive", "paths",
              "MATCH p = shortestPath((a)-[*]-(b)) WHERE a <> b AND length(p) > 3 AND all(r IN relationships(p) WHERE r.position >= 0) "
              "RETURN count(p) AS n"),
    Expensive("all-shortest-paths", "paths", "MATCH p = allShortestPaths((a)-[*]-(b)) WHERE a <> b RETURN count(p) AS n"),
    # --- pattern comprehensions and subqueries nested deep ---
    Expensive("pattern-nested", "nested patterns", "MATCH (a) RETURN sum(size([(a)-[*]-(b) | [(b)-[*]-(c) | c.id]])) AS n"),
    Expensive("pattern-in-comprehension", "nested patterns",
              "MATCH (n) WITH collect(n) AS ns RETURN size([x IN ns | [(x)-[*]-(y) | y.id]]) AS n"),
    Expensive("count-subquery", "nested patterns", "MATCH (n) RETURN sum(COUNT { MATCH (n)-[*]-(m) }) AS n"),
    Expensive("collect-subquery", "nested patterns",
              "MATCH (n) RETURN n.id, COLLECT { MATCH (n)-[*]-(m) RETURN m.id } AS reach ORDER BY size(reach) DESC LIMIT 1"),
    Expensive("pattern-three-deep", "nested patterns",
              "MATCH (a) RETURN size([(a)--(b) | [(b)--(c) | [(c)--(d) | [(d)-[*]-(e) | e.id]]]]) AS n ORDER BY n DESC LIMIT 1"),
    # --- sorting and collect() over everything ---
    Expensive("sort-everything", "sort and collect",
              "MATCH (a), (b) UNWIND range(1, 2000) AS i RETURN a.id, b.id, i ORDER BY a.description + b.description + toString(i) SKIP 10 LIMIT 5"),
    Expensive("collect-everything", "sort and collect",
              "MATCH (a), (b) UNWIND range(1, 1000) AS i WITH collect(a.description + b.description) AS every RETURN size(every) AS n"),
    Expensive("distinct-everything", "sort and collect",
              "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH DISTINCT a * 100003 + b AS v RETURN count(v) AS n"),
    Expensive("order-random", "sort and collect", "MATCH (a), (b) UNWIND range(1, 500) AS i WITH a, b, i ORDER BY rand() RETURN count(*) AS n"),
    # --- large UNWINDs ---
    Expensive("unwind-range", "large unwind", "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"),
    Expensive("unwind-squared", "large unwind", "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN sum(a * b) AS n"),
    Expensive("unwind-parameter", "large unwind", "UNWIND $xs AS a UNWIND $xs AS b UNWIND $xs AS c UNWIND $xs AS d RETURN count(*) AS n",
              {"xs": list(range(200))}),
    Expensive("unwind-collected", "large unwind",
              "UNWIND range(1, 100000) AS a UNWIND range(1, 30) AS b WITH collect(a) AS l RETURN size(l) AS n"),
)
