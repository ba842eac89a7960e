"""The guard's static bound on expression work (graph/neo4j/cost.py); no server needed.

Two sides, each a broad set written for this test rather than taken from
the issue: read queries a curriculum designer plausibly writes must pass,
and shapes that make one row do unbounded work inside an expression must be
refused, however they are spelled.  The server-side proof that what passes
is stopped in time is ``test_expensive_queries.py``.
"""

from __future__ import annotations

import pytest

from graph.neo4j.cookbook import cookbook
from graph.neo4j.cost import DATA_FANOUT, STATIC_LIMIT, CostlyQueryError, Work, check_query_cost, estimate_work
from graph.neo4j.lexer import parse, tokenize

DESIGNER_QUERIES = [
    "MATCH (n:Node) RETURN [x IN n.aliases | toUpper(x)] AS aliases",
    "MATCH p = (a:Node)-[:REQUIRES*1..4]->(b:Node) RETURN [n IN nodes(p) | n.id] AS chain",
    "MATCH p = (a:Node {id: $id})-[:REQUIRES*]->(b) RETURN [n IN nodes(p) | {id: n.id, name: n.name, hours: n.effort_hours}] AS steps",
    "MATCH (n) WITH collect(n.id) AS ids RETURN [i IN range(0, size(ids) - 1) | ids[i]] AS same",
    "MATCH (n) WITH collect(n) AS ns RETURN [n IN ns WHERE n.kind = 'tool' | n.name] AS tools",
    "MATCH (n) WITH collect(n) AS ns RETURN size(ns) AS total, head(ns).id AS first, any(n IN ns WHERE n.effort_hours > 100) AS big",
    "MATCH (n:Node) WHERE all(a IN n.aliases WHERE size(a) < 40) RETURN n.id",
    "RETURN [x IN range(1, 100) | x * x] AS squares",
    "RETURN [x IN range(1, size([1, 2, 3]) - 1) | x] AS two",
    "RETURN [x IN range(1, 100) | [y IN range(1, 100) | x * y]] AS table",
    "UNWIND range(1, $n) AS x RETURN x",
    "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN n.name",
    "MATCH (n:Node) RETURN replace(n.name, ' ', '-') AS slug, replace(n.id, '-', '') AS compact",
    "MATCH (d:Node)-[r:REQUIRES]->(p:Node) WITH d, r.clause AS c, collect(p.id) AS alts RETURN d.id, [a IN alts WHERE a <> d.id] AS others",
    "MATCH (n) RETURN n.id, COUNT { (n)<-[:REQUIRES]-() } AS dependents ORDER BY dependents DESC LIMIT 10",
    "MATCH (n) RETURN n.id, [(n)-[:REQUIRES]->(p) | p.id] AS needs",
    "MATCH (n) RETURN n.id, COLLECT { MATCH (n)-[:LEARN_ON]->(p) RETURN p.id } AS platforms",
    "MATCH (n:Node) RETURN n{.id, .name, .kind} AS node",
    "MATCH (n) RETURN CASE WHEN n.effort_hours > 50 THEN 'long' ELSE 'short' END AS size, count(*)",
    "CALL db.index.fulltext.queryNodes('node_text', $q) YIELD node, score RETURN node.id, score",
    "MATCH (n:Node) WITH n, [k IN keys(n) WHERE n[k] IS NULL] AS missing RETURN n.id, missing",
    "MATCH (n:Tool|Skill) WHERE n.name STARTS WITH 'Py' RETURN n.id, labels(n) AS labels",
    "MATCH (n) RETURN n.id, [what IN [CASE WHEN n.description = '' THEN 'description' END] WHERE what IS NOT NULL] AS missing",
]

REFUSED = [
    ("RETURN reduce(s = '', x IN range(1, 50000000) | s + 'x') AS big", "reduce()"),
    ("RETURN reduce(n = 0, x IN [1, 2, 3] | n + x) AS small", "reduce()"),
    ("RETURN `REDUCE`(l = [0], x IN range(1, 40) | l + l) AS doubled", "reduce()"),
    ("RETURN size([x IN range(1, 2000000000) WHERE x % 7 = 0])", "range(1, 2000000000)"),
    ("RETURN any(x IN range(1, 1_000_000_000) WHERE x < 0)", "range(1, 1000000000)"),
    ("RETURN none(x IN range(0x10, 0xFFFFFFFF) WHERE x = 0)", "range(16, 4294967295)"),
    ("RETURN single(x IN range(-5000000, 5000000) WHERE x = 0)", "range(-5000000, 5000000)"),
    ("UNWIND range(1, 50000 * 1000) AS x RETURN count(x)", "range(1, 50000000)"),
    ("UNWIND range(1, $n) AS x RETURN count(x)", "range(1, 2000000000)"),
    ("UNWIND range(1, toInteger('5' + '0000000')) AS x RETURN count(x)", "bounds must be whole numbers"),
    ("RETURN [x IN range(1, size(range(1, 1000000000000))) | x]", "range(1, 1000000000000)"),
    ("RETURN [x IN range(1, size([y IN range(1, 1000) | y]) * 1000) | x]", "bounds must be whole numbers"),
    ("RETURN range(1, 10, $zero)", "non-zero"),
    ("RETURN [x IN range(1, 1000) | [y IN range(1, 1000) | x * y]]", "values inside expressions"),
    ("WITH [1,2,3,4,5,6,7,8,9,10] AS t RETURN [a IN t | [b IN t | [c IN t | [d IN t | 1]]]]", "nested in each other"),
    ("MATCH (n) WITH collect(n) AS ns RETURN [a IN ns | [b IN ns | a.id + b.id]]", "nested in each other"),
    ("MATCH (n) WITH collect(n.id) AS ids RETURN [x IN ids | ids]", "nested in each other"),
    ("MATCH (n) WITH collect(n.id) AS ids RETURN [x IN ids | ids + ids]", "nested in each other"),
    ("MATCH (n) WITH collect(n.id) AS ids RETURN all(x IN ids WHERE any(y IN ids WHERE y = x))", "nested in each other"),
    ("MATCH (n) WITH collect(n.id) AS ids RETURN [x IN ids | [x, x, x, x, x, x, x, x, x, x]]", "values per element"),
    ("MATCH (n) WITH collect(n.id) AS ids RETURN [x IN ids | ids[0..100]]", "nested in each other"),
    ("RETURN [x IN range(1, 100000) | $long]", "values inside expressions"),
    ("RETURN replace(replace('x', 'x', 'xx'), 'x', 'xx')", "replace()"),
    ("MATCH (n) RETURN replace(n.description, ' ', $spaces)", "replace()"),
    ("MATCH (n) RETURN replace(n.description, '', '-')", "replace()"),
    ("MATCH (n) RETURN COUNT { WITH n RETURN reduce(s = '', x IN range(1, 10) | s + x) }", "reduce()"),
    ("MATCH (n) RETURN [(n)-->(m) | [x IN range(1, 1000) | [y IN range(1, 1000) | y]]]", "values inside expressions"),
]

PARAMETERS = {"n": 2_000_000_000, "zero": 0, "long": "x" * 60_000, "spaces": "   ", "ids": ["python", "numpy"], "q": "torch"}


@pytest.mark.parametrize("query", DESIGNER_QUERIES)
def test_designer_queries_pass(query):
    check_query_cost(query, {**PARAMETERS, "n": 1000})


@pytest.mark.parametrize("name", sorted(cookbook()))
def test_every_cookbook_query_passes(name):
    check_query_cost(cookbook()[name].text, {"id": "python", "limit": 10, "role": "machine-learning-engineer"})


@pytest.mark.parametrize("query, fragment", REFUSED, ids=[q[:50] for q, _ in REFUSED])
def test_unbounded_expression_work_is_refused(query, fragment):
    with pytest.raises(CostlyQueryError) as caught:
        check_query_cost(query, PARAMETERS)
    assert fragment in str(caught.value)


def test_the_refusal_corpus_is_broad():
    assert len(REFUSED) >= 25 and len(DESIGNER_QUERIES) >= 20


def test_keywords_in_strings_comments_and_names_do_not_count():
    check_query_cost("RETURN 'reduce(s = 0, x IN range(1, 9999999999) | s)' AS text // reduce(\n")
    check_query_cost("MATCH (n:Node) RETURN n.reduce AS `reduce(`, n.range AS range_value")


def test_work_adds_and_multiplies_as_a_polynomial_in_the_data_size():
    assert Work((2, 1)) + Work((3,)) == Work((5, 1))
    assert Work((2, 1)) * Work((0, 3)) == Work((0, 6, 3))
    assert estimate_work("RETURN [x IN [1, 2, 3] | x]").static > 3  # three elements, each read once
    assert estimate_work("MATCH (n) WITH collect(n) AS ns RETURN [m IN ns | m.id]").per_data_element == 2


@pytest.mark.parametrize("size", [STATIC_LIMIT - 10, STATIC_LIMIT + 10])
def test_the_static_limit_is_a_limit_on_values(size):
    query = f"RETURN size(range(1, {size})) AS n"
    if size <= STATIC_LIMIT:
        check_query_cost(query)
    else:
        with pytest.raises(CostlyQueryError):
            check_query_cost(query)


def test_the_data_fanout_counts_each_value_built_per_element():
    fields = ", ".join(f"f{i}: m.p{i}" for i in range(DATA_FANOUT - 1))
    check_query_cost(f"MATCH (n) WITH collect(n) AS ns RETURN [m IN ns | {{{fields}}}]")
    with pytest.raises(CostlyQueryError, match="values per element"):
        check_query_cost(f"MATCH (n) WITH collect(n) AS ns RETURN [m IN ns | {{{fields}, extra: m.x}}]")


def test_the_lexer_keeps_brackets_strings_and_numbers_apart():
    kinds = [(t.kind, t.text) for t in tokenize("RETURN 'a(b' AS `x]`, 1_000 + 0x1F, $p, [1..2] // )")]
    assert kinds == [("word", "RETURN"), ("string", "'a(b'"), ("word", "AS"), ("word", "x]"), ("punct", ","),
                     ("number", "1_000"), ("punct", "+"), ("number", "0x1F"), ("punct", ","), ("param", "$p"),
                     ("punct", ","), ("punct", "["), ("number", "1"), ("punct", ".."), ("number", "2"), ("punct", "]")]
    assert [t.value for t in tokenize("RETURN 1_000, 0x1F, 'it\\'s'")][1::2] == [1000, 31, "it's"]
    root = parse("RETURN [x IN (1) | {a: x}]")
    assert [getattr(item, "open", None) for item in root.items] == [None, "["]
