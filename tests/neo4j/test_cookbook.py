"""Every cookbook query on a real server, against an answer computed independently.

The expected answers come from networkx over ``CurriculumGraph.digraph``
(edges prerequisite -> dependent) and from the pydantic nodes themselves,
never from Neo4j or from the cookbook's own code.
"""

from __future__ import annotations

import io
import json
import random
from collections import defaultdict

import networkx as nx
import pytest

from api.cli import main
from graph.curriculum import CurriculumGraph, build_graph, load_graph
from graph.neo4j.cookbook import cookbook, get_query, run_named
from graph.errors import InvalidRequestError, UnknownNodeError
from graph.neo4j.sync import sync_curriculum
from graph.synthetic import synthetic_curriculum

pytestmark = pytest.mark.neo4j

NOT_RESOURCED = {"platform", "role", "milestone"}


@pytest.fixture(scope="module", params=["small", "seed", "synthetic"])
def curriculum(request, small_graph) -> CurriculumGraph:
    return {
        "small": lambda: small_graph,
        "seed": load_graph,
        "synthetic": lambda: build_graph(synthetic_curriculum(300, seed=4)),
    }[request.param]()


@pytest.fixture
def stored(neo4j_driver, curriculum) -> CurriculumGraph:
    """The curriculum, synced before each test (a no-op when it is already stored)."""
    sync_curriculum(neo4j_driver, curriculum)
    return curriculum


def _sample(graph: CurriculumGraph, k: int = 25) -> list[str]:
    """Every node of a small graph; a fixed sample, plus the most demanding nodes, of a larger one."""
    ids = sorted(graph.nodes)
    if len(ids) <= k:
        return ids
    busiest = sorted(ids, key=lambda i: (-len(graph.nodes[i].requires), i))[:5]
    return sorted(set(random.Random(0).sample(ids, k)) | set(busiest))


def _rows(driver, name, **params):
    return run_named(driver, name, params).records()


def test_the_cookbook_has_at_least_twelve_documented_queries():
    queries = cookbook()
    assert len(queries) >= 12
    for query in queries.values():
        assert query.summary and query.description, query.name
        assert all(p.help for p in query.params), query.name


def test_prerequisites(neo4j_driver, stored):
    G = stored.digraph
    for x in _sample(stored):
        rows = _rows(neo4j_driver, "prerequisites", id=x)
        direct = {a for clause in stored.nodes[x].requires for a in clause} | set(stored.nodes[x].parts)
        assert {r["id"]: r["direct"] for r in rows} == {p: p in direct for p in nx.ancestors(G, x)}
        assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), key=lambda i: (i not in direct, i))


def test_unlocks(neo4j_driver, stored):
    G = stored.digraph
    for x in _sample(stored):
        rows = _rows(neo4j_driver, "unlocks", id=x)
        assert {r["id"]: r["direct"] for r in rows} == {d: G.has_edge(x, d) for d in nx.descendants(G, x)}


def test_entry_points(neo4j_driver, stored):
    G = stored.digraph
    rows = _rows(neo4j_driver, "entry-points")
    expected = sorted(n.id for n in stored.nodes.values() if not n.requires and not n.parts)
    assert [r["id"] for r in rows] == expected
    assert all(r["unlocks"] == G.out_degree(r["id"]) for r in rows)


def test_dead_ends(neo4j_driver, stored):
    G = stored.digraph
    rows = _rows(neo4j_driver, "dead-ends")
    assert [r["id"] for r in rows] == sorted(v for v in G if G.out_degree(v) == 0 and stored.nodes[v].kind.value != "role")


def test_longest_chain(neo4j_driver, stored):
    G = stored.digraph
    (row,) = _rows(neo4j_driver, "longest-chain")
    chain = row["chain"]
    assert row["length"] == nx.dag_longest_path_length(G) == len(chain) - 1
    assert all(G.has_edge(u, v) for u, v in zip(chain, chain[1:]))
    assert G.in_degree(chain[0]) == 0 and G.out_degree(chain[-1]) == 0


def test_bottlenecks(neo4j_driver, stored):
    G = stored.digraph
    ranking = sorted(((len(nx.descendants(G, v)), v) for v in G), key=lambda t: (-t[0], t[1]))
    for limit in (1, 10):
        rows = _rows(neo4j_driver, "bottlenecks", limit=limit)
        assert [(r["dependents"], r["id"]) for r in rows] == ranking[:limit]


def test_unreachable_from_role(neo4j_driver, stored):
    G = stored.digraph
    roles = sorted(n.id for n in stored.nodes.values() if n.kind.value == "role")
    for role in roles:
        rows = _rows(neo4j_driver, "unreachable-from-role", role=role)
        assert [r["id"] for r in rows] == sorted(set(G) - nx.ancestors(G, role) - {role})
    assert _rows(neo4j_driver, "unreachable-from-role", role="no-such-role") == []


def test_requirements(neo4j_driver, stored):
    for x in _sample(stored):
        rows = _rows(neo4j_driver, "requirements", id=x)
        node = stored.nodes[x]
        assert [(r["clause"], r["alternatives"]) for r in rows] == [(i, list(c)) for i, c in enumerate(node.requires)]
        assert [r["names"] for r in rows] == [[stored.nodes[a].name for a in c] for c in node.requires]
        assert [r["kind"] for r in rows] == ["required" if len(c) == 1 else "one of" for c in node.requires]


def test_alternatives(neo4j_driver, stored):
    for x in _sample(stored):
        rows = _rows(neo4j_driver, "alternatives", id=x)
        expected = [(i, list(c)) for i, c in enumerate(stored.nodes[x].requires) if len(c) > 1]
        assert [(r["clause"], r["alternatives"]) for r in rows] == expected
        for r in rows:
            hours = [stored.nodes[a].effort_hours for a in r["alternatives"]]
            assert r["hours"] == hours and r["cheapest_hours"] == min(hours)


def test_alternative_in(neo4j_driver, stored):
    for x in _sample(stored):
        rows = _rows(neo4j_driver, "alternative-in", id=x)
        expected = sorted((d.id, i, list(c)) for d in stored.nodes.values() for i, c in enumerate(d.requires)
                          if x in c and len(c) > 1)
        assert [(r["for_node"], r["clause"], r["alternatives"]) for r in rows] == expected


def test_certifications(neo4j_driver, stored):
    G = stored.digraph
    rows = _rows(neo4j_driver, "certifications")
    certs = sorted((n for n in stored.nodes.values() if n.kind.value == "certification"), key=lambda n: n.id)
    assert [r["id"] for r in rows] == [c.id for c in certs]
    for r, c in zip(rows, certs):
        assert r["requires"] == [list(clause) for clause in c.requires]
        assert r["prerequisites"] == len(nx.ancestors(G, c.id))
        assert r["effort_hours"] == c.effort_hours


def _mandatory(graph: CurriculumGraph, x: str) -> set[str]:
    """Nodes reachable from x through single-alternative clauses only (breadth-first)."""
    seen, frontier = set(), [x]
    while frontier:
        node = graph.nodes[frontier.pop()]
        for clause in node.requires:
            if len(clause) == 1 and clause[0] not in seen:
                seen.add(clause[0])
                frontier.append(clause[0])
    seen.discard(x)
    return seen


def test_effort_from_scratch(neo4j_driver, stored):
    G = stored.digraph
    hours = {i: n.effort_hours for i, n in stored.nodes.items()}
    for x in _sample(stored) + [n for n in stored.nodes if stored.nodes[n].kind.value == "role"]:
        (row,) = _rows(neo4j_driver, "effort-from-scratch", id=x)
        mandatory, everything = _mandatory(stored, x), nx.ancestors(G, x)
        assert row["mandatory_nodes"] == len(mandatory)
        assert row["all_nodes"] == len(everything)
        assert row["mandatory_hours"] == pytest.approx(hours[x] + sum(hours[v] for v in mandatory))
        assert row["all_alternatives_hours"] == pytest.approx(hours[x] + sum(hours[v] for v in everything))
        assert row["mandatory_hours"] <= row["all_alternatives_hours"] + 1e-9


def test_missing_content(neo4j_driver, stored):
    rows = _rows(neo4j_driver, "missing-content")
    expected = []
    for n in sorted(stored.nodes.values(), key=lambda n: n.id):
        missing = (["description"] if not n.description else []) + (
            ["resources"] if not n.resources and n.kind.value not in NOT_RESOURCED else [])
        if missing:
            expected.append({"id": n.id, "kind": n.kind.value, "missing": missing})
    assert rows == expected


def test_stage_summary_follows_the_stage_order(neo4j_driver, stored):
    totals = defaultdict(lambda: [0, 0.0])
    for n in stored.nodes.values():
        totals[(n.stage, n.kind.value)][0] += 1
        totals[(n.stage, n.kind.value)][1] += n.effort_hours
    order = {s.id: s.order for s in stored.stages.values()}
    keys = sorted(totals, key=lambda key: (order[key[0]], key[0], key[1]))  # stage order, not stage id
    rows = _rows(neo4j_driver, "stage-summary")
    assert [(r["order"], r["stage"], r["stage_name"], r["kind"], r["nodes"]) for r in rows] == [
        (order[s], s, stored.stages[s].name, k, totals[s, k][0]) for s, k in keys]
    assert [r["hours"] for r in rows] == pytest.approx([totals[k][1] for k in keys])


def test_cycle_check_finds_nothing_then_finds_a_hand_made_cycle(neo4j_driver, stored):
    assert _rows(neo4j_driver, "cycle-check") == []
    # Close a loop by hand: an entry point now requires something that needs it.
    G = nx.DiGraph(stored.digraph)
    entry = next(v for v in sorted(G) if G.in_degree(v) == 0 and G.out_degree(v) > 0)
    dependent = sorted(nx.descendants(G, entry))[-1]
    neo4j_driver.execute_query(
        "MATCH (a:Node {id: $a}), (b:Node {id: $b}) CREATE (a)-[:REQUIRES {clause: 0, position: 0}]->(b)", a=entry, b=dependent)
    G.add_edge(dependent, entry)
    try:
        on_cycles = sorted(v for c in nx.strongly_connected_components(G) if len(c) > 1 for v in c)
        assert [r["id"] for r in _rows(neo4j_driver, "cycle-check")] == on_cycles
    finally:
        report = sync_curriculum(neo4j_driver, stored)
    assert report.relationships_removed == 1 and report.nodes_updated == report.nodes_created == 0
    assert _rows(neo4j_driver, "cycle-check") == []


def test_parameters_are_checked_and_defaulted():
    with pytest.raises(InvalidRequestError, match="needs --param id"):
        get_query("prerequisites").bind({})
    # a role id belongs to one curriculum: defaulting it made the query answer
    # "nothing unreachable" on every other curriculum
    with pytest.raises(InvalidRequestError, match="needs --param role"):
        get_query("unreachable-from-role").bind({})
    with pytest.raises(InvalidRequestError, match="no parameter"):
        get_query("entry-points").bind({"id": "x"})
    with pytest.raises(InvalidRequestError, match="must be a int"):
        get_query("bottlenecks").bind({"limit": "ten"})
    assert get_query("bottlenecks").bind({"limit": "3"}) == {"limit": 3}
    assert get_query("bottlenecks").bind({}) == {"limit": 10}
    with pytest.raises(UnknownNodeError, match="did you mean: prerequisites"):
        get_query("prerequisite")


def test_cli_runs_a_named_query_as_json(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    out, err = io.StringIO(), io.StringIO()
    assert main(["cypher", "requirements", "--param", "id=titanic", "--json"], stdout=out, stderr=err) == 0
    document = json.loads(out.getvalue())
    assert list(document) == ["columns", "rows", "truncated"]  # the shape POST /v1/cypher answers
    assert document["columns"] == ["clause", "alternatives", "names", "kind"]
    assert [row[1] for row in document["rows"]] == [list(c) for c in small_graph.nodes["titanic"].requires]
    assert document["truncated"] is False


def test_cli_lists_the_cookbook_and_refuses_writes(neo4j_driver):
    out = io.StringIO()
    assert main(["cypher", "--list"], stdout=out, stderr=io.StringIO()) == 0
    assert all(name in out.getvalue() for name in cookbook())
    err = io.StringIO()
    assert main(["cypher", "--query", "MATCH (n) DETACH DELETE n"], stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().startswith("UnsafeQueryError: refused 'DETACH'")
    out = io.StringIO()
    assert main(["cypher", "--query", "UNWIND range(1, 5) AS x RETURN x", "--limit", "3"], stdout=out, stderr=err) == 0
    assert out.getvalue().split("\n")[2:5] == ["1", "2", "3"]
