"""The read-only guard against a real server: hostile queries change nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from api.settings import load_settings
from graph.curriculum import to_interchange_json
from graph.errors import InvalidRequestError, UnsafeQueryError
from graph.neo4j import guard
from graph.neo4j.connection import connect
from graph.neo4j.guard import CostlyQueryError, QueryTimeoutError, run_read_only
from graph.neo4j.store import read_curriculum
from graph.neo4j.sync import sync_curriculum
from tests.servers import SlowLink

pytestmark = pytest.mark.neo4j

#: (query, a fragment the refusal must mention)
HOSTILE = [
    ("CREATE (n:Node {id: 'evil', name: 'Evil'})", "CREATE"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MATCH (n:Node) DELETE n", "DELETE"),
    ("MATCH (n:Node) SET n.name = 'pwned'", "SET"),
    ("MATCH (n:Node) REMOVE n.name", "REMOVE"),
    ("MERGE (n:Node {id: 'evil'})", "MERGE"),
    ("MATCH (n:Node) SET n:Evil", "SET"),
    ("FOREACH (x IN [1] | CREATE (:Evil))", "FOREACH"),
    ("MATCH (n:Node) WITH n /* ; */ DeTaCh DeLeTe n", "DETACH"),
    ("MATCH (n:Node) CALL (n) { DETACH DELETE n }", "DETACH"),
    ("MATCH (n) RETURN n.id AS x UNION MATCH (m) SET m.x = 1 RETURN m.id AS x", "SET"),
    ("CREATE INDEX evil FOR (n:Node) ON (n.kind)", "CREATE"),
    ("CREATE CONSTRAINT evil FOR (n:Evil) REQUIRE n.x IS UNIQUE", "CREATE"),
    ("DROP CONSTRAINT node_id_unique", "schema and administration"),
    ("DROP INDEX node_text", "schema and administration"),
    ("LOAD CSV FROM 'http://169.254.169.254/latest/meta-data/' AS line RETURN line", "LOAD CSV"),
    ("LoAd   CsV WITH HEADERS FROM 'file:///etc/passwd' AS l RETURN l", "LOAD CSV"),
    ("LOAD/* hidden */CSV FROM 'http://example.invalid/' AS l RETURN l", "LOAD CSV"),
    ("LOAD // a line comment\n CSV FROM 'http://example.invalid/' AS l RETURN l", "LOAD CSV"),
    ("LOAD `CSV` FROM 'http://example.invalid/' AS l RETURN l", "LOAD CSV"),
    ("LOAD\u00a0CSV FROM 'http://example.invalid/' AS l RETURN l", "LOAD CSV"),
    ("CALL dbms.listConfig()", "dbms"),
    ("CALL dbms.components() YIELD name RETURN name", "dbms"),
    ("CALL `dbms`.`listConfig`()", "dbms"),
    ("CALL db . labels ( ) YIELD label CALL dbms.showCurrentUser() YIELD username RETURN username", "dbms"),
    ("CALL db.schema.visualization()", "db.schema.visualization"),
    ("CALL db.createLabel('Evil')", "db.createLabel"),
    ("CALL apoc.load.json('http://example.invalid/')", "apoc"),
    ("RETURN apoc.version()", "apoc"),
    ("SHOW TRANSACTIONS", "SHOW"),
    ("SHOW DATABASES", "SHOW"),
    ("SHOW USERS", "SHOW"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("USE system SHOW DATABASES", "USE"),
    ("USE neo4j MATCH (n) RETURN n", "USE"),
    ("MATCH (n:Node) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS", "DETACH"),
    ("MATCH (n:Node) CALL (n) { RETURN n.id AS x } IN TRANSACTIONS RETURN x", "TRANSACTIONS"),
    ("USING PERIODIC COMMIT 10 LOAD CSV FROM 'http://example.invalid/' AS l CREATE (:X)", "PERIODIC COMMIT"),
    ("RETURN 1; MATCH (n) DETACH DELETE n", "several statements"),
    ("CREATE USER evil SET PASSWORD 'secret'", "CREATE"),
    ("GRANT ROLE admin TO evil", "schema and administration"),
    ("DENY READ {*} ON GRAPH * TO PUBLIC", "schema and administration"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "schema and administration"),
    ("STOP DATABASE neo4j", "schema and administration"),
    ("RENAME ROLE reader TO admin", "schema and administration"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
    ("PROFILE MATCH (n) DETACH DELETE n", "PROFILE"),
    ("CYPHER runtime=slotted MATCH (n) RETURN n", "CYPHER"),
]


@pytest.fixture(scope="module")
def guarded(neo4j_driver, small_graph):
    sync_curriculum(neo4j_driver, small_graph)
    return neo4j_driver


def _schema(driver) -> tuple[str, ...]:
    names = [r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records]
    names += [r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name").records]
    return tuple(sorted(names))


def test_the_hostile_corpus_is_large():
    assert len(HOSTILE) >= 30
    assert len({q for q, _ in HOSTILE}) == len(HOSTILE)


def test_every_hostile_query_is_refused_and_the_graph_is_unchanged(guarded, db_counts):
    before = (to_interchange_json(read_curriculum(guarded)), db_counts(), _schema(guarded))
    for query, reason in HOSTILE:
        with pytest.raises(UnsafeQueryError) as caught:
            run_read_only(guarded, query)
        assert reason.lower() in str(caught.value).lower(), (query, str(caught.value))
    assert (to_interchange_json(read_curriculum(guarded)), db_counts(), _schema(guarded)) == before


WRITES = [q for q, reason in HOSTILE if reason in ("CREATE", "DETACH", "DELETE", "SET", "REMOVE", "MERGE", "FOREACH")
          or (reason == "schema and administration" and "DATABASE" not in q)]


@pytest.mark.parametrize("query", WRITES)
def test_writes_slipping_past_the_text_check_are_stopped_by_the_next_layers(guarded, db_counts, monkeypatch, query):
    """With the text check switched off, EXPLAIN or the READ transaction still refuses every write."""
    before = (to_interchange_json(read_curriculum(guarded)), db_counts(), _schema(guarded))
    monkeypatch.setattr(guard, "check_query_text", lambda text: None)
    with pytest.raises((UnsafeQueryError, InvalidRequestError)):
        run_read_only(guarded, query, timeout=5)
    assert (to_interchange_json(read_curriculum(guarded)), db_counts(), _schema(guarded)) == before


def test_the_plan_check_alone_refuses_a_write(guarded, monkeypatch, db_counts):
    before = db_counts()
    monkeypatch.setattr(guard, "check_query_text", lambda text: None)
    with pytest.raises(UnsafeQueryError, match="plan says the query writes"):
        run_read_only(guarded, "CREATE (:Evil)")
    with pytest.raises(UnsafeQueryError, match="reads and writes"):
        run_read_only(guarded, "MATCH (n:Node {id: 'python'}) SET n.name = 'x' RETURN n")
    assert db_counts() == before


def test_the_read_transaction_alone_refuses_a_write(guarded, monkeypatch, db_counts):
    before = db_counts()
    monkeypatch.setattr(guard, "check_query_text", lambda text: None)
    monkeypatch.setattr(guard, "_require_bounded_read_plan", lambda session, query, parameters: None)
    with pytest.raises(UnsafeQueryError, match="refused by the server"):
        run_read_only(guarded, "CREATE (:Evil)")
    assert db_counts() == before


def test_a_runaway_aggregate_hits_the_timeout(guarded):
    with pytest.raises(QueryTimeoutError, match="longer than 1 s"):
        # Every path of every length, both ways: astronomically many, and metered row by row.
        run_read_only(guarded, "MATCH p = (a)-[*]-(b) RETURN count(p)", timeout=1)


def test_a_huge_cartesian_product_is_refused_before_it_runs(guarded):
    # (Before the plan check this ran into the timeout instead, holding a core meanwhile.)  The
    # timeout covers planning the EXPLAIN too, which took over 1 s at a load of 15 on two cores;
    # 10 s still separates a refusal from a query that ran into it.
    with pytest.raises(CostlyQueryError, match="cartesian product of about"):
        run_read_only(guarded, "MATCH (a), (b), (c), (d), (e), (f), (g), (h) "
                               "WHERE a.id + b.id + c.id + d.id + e.id + f.id + g.id + h.id <> '' RETURN count(*)", timeout=10)
    small = run_read_only(guarded, "MATCH (a:Certification), (b:Role) RETURN count(*) AS pairs")
    assert small.rows[0][0] >= 1


def test_a_runaway_stream_stops_at_the_row_limit(guarded):
    result = run_read_only(guarded, "MATCH p = (a)-[*]-(b) RETURN a.id, length(p)", row_limit=50)
    assert result.truncated and len(result.rows) == 50
    result = run_read_only(guarded, "UNWIND range(1, 50000) AS x RETURN x", row_limit=7)
    assert result.rows == tuple((x,) for x in range(1, 8)) and result.truncated


def test_a_large_answer_stops_at_the_byte_limit(guarded):
    result = run_read_only(guarded, "UNWIND range(1, 1000) AS x RETURN x, $text AS text", {"text": "x" * 1000}, byte_limit=20_000)
    assert result.truncated and 10 <= len(result.rows) < 20
    with pytest.raises(CostlyQueryError, match="one row of the answer is larger than 1,000 bytes"):
        run_read_only(guarded, "RETURN $text AS text", {"text": "x" * 2000}, byte_limit=1000)


def test_row_limit_is_exact(guarded):
    exact = run_read_only(guarded, "UNWIND range(1, 20) AS x RETURN x", row_limit=20)
    assert len(exact.rows) == 20 and not exact.truncated
    over = run_read_only(guarded, "UNWIND range(1, 21) AS x RETURN x", row_limit=20)
    assert len(over.rows) == 20 and over.truncated


def test_plain_reads_with_parameters_work(guarded, small_graph):
    result = run_read_only(guarded, "MATCH (n:Node {id: $id}) RETURN n.name AS name, n.aliases AS aliases", {"id": "python"})
    assert result.columns == ("name", "aliases")
    assert result.rows == ((small_graph.nodes["python"].name, list(small_graph.nodes["python"].aliases)),)
    assert result.records() == [{"name": "Python", "aliases": ["py", "python3"]}]


def test_allowed_procedures_and_subqueries_run(guarded):
    labels = run_read_only(guarded, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert ("Node",) in labels.rows and ("Role",) in labels.rows
    found = run_read_only(guarded, "CALL db.index.fulltext.queryNodes('node_text', $q) YIELD node RETURN node.id AS id", {"q": "stats"})
    assert found.rows == (("statistics",),)
    sub = run_read_only(guarded, "MATCH (n:Node {id: 'keras'}) CALL (n) { MATCH (n)-[:REQUIRES]->(p) RETURN p.id AS p } RETURN p")
    assert sub.rows == (("tensorflow",),)


def test_keywords_inside_strings_comments_and_property_names_are_not_refused(guarded):
    result = run_read_only(guarded, "MATCH (n:Node) WHERE n.description CONTAINS 'LOAD CSV; DELETE' "
                                    "// CREATE something\nRETURN n.set AS set_value, 'SHOW USERS' AS s")
    assert result.rows == ()


def test_values_are_json_safe(guarded):
    result = run_read_only(guarded, "MATCH p = (k:Node {id: 'keras'})-[r:REQUIRES]->(t) "
                                    "RETURN k, r, p, date('2024-02-29') AS day, 0.0 / 0.0 AS nan, [1, 'a', null] AS mixed")
    (node, rel, path, day, nan, mixed), = result.rows
    assert node["labels"] == ["Node", "Tool"] and node["properties"]["id"] == "keras"
    assert rel == {"type": "REQUIRES", "properties": {"clause": 0, "position": 0}}
    assert [item.get("type") or item["properties"]["id"] for item in path] == ["keras", "REQUIRES", "tensorflow"]
    assert day == "2024-02-29" and nan == "nan" and mixed == [1, "a", None]
    import json
    json.dumps(result.rows)  # raises if anything is not JSON


def test_neo4j_errors_become_invalid_requests(guarded):
    with pytest.raises(InvalidRequestError, match="Neo4j rejected the query"):
        run_read_only(guarded, "MATCH (n RETURN n")
    with pytest.raises(InvalidRequestError):
        run_read_only(guarded, "MATCH (n:Node {id: $id}) RETURN n")  # missing parameter


def test_an_answer_still_streaming_after_the_timeout_has_its_connection_closed(guarded):
    """The server does not stop writing one huge row at the timeout; the guard's deadline does.

    Over a slow link (2 MB/s) the row of eight million-element lists (35 MB)
    would take about 18 s to arrive: the deadline closes the connection at
    the timeout plus its grace, and the server, finding the link gone, stops.
    """
    many = ", ".join(f"l AS copy{i}" for i in range(8))
    query = f"UNWIND range(1, 50000) AS a UNWIND range(1, 20) AS b WITH collect(a) AS l RETURN {many}"
    settings = load_settings().neo4j
    host_port = int(urlsplit(settings.uri).port or 7687)
    with SlowLink(host_port, bytes_per_second=2_000_000) as link:
        driver = connect(settings.model_copy(update={"uri": f"bolt://127.0.0.1:{link.port}"}))
        try:
            # On a loaded machine building the row can outlast a short timeout, and then the
            # server's own timeout stops it before it writes anything; a longer one lets it write.
            stops = []
            for timeout in (2, 5):
                with pytest.raises(QueryTimeoutError) as stopped:
                    run_read_only(driver, query, timeout=timeout, byte_limit=10**9)
                stops.append(str(stopped.value))
                if "connection was closed while it was still answering" in stops[-1]:
                    break
            assert "connection was closed while it was still answering" in stops[-1], stops
            assert link.delivered < 30_000_000, "the whole row crossed the link: nothing was closed"
            assert run_read_only(driver, "RETURN 1 AS one").rows == ((1,),)  # the driver replaced the closed connection
        finally:
            driver.close()


def test_the_deadline_reaches_the_drivers_socket(guarded):
    """The deadline uses the driver's private socket; an upgrade that hides it must fail here, not silently."""
    import neo4j
    from neo4j.exceptions import ServiceUnavailable

    deadline = guard._Deadline(1.0)
    with guarded.session(default_access_mode=neo4j.READ_ACCESS) as session, pytest.raises(ServiceUnavailable):
        with session.begin_transaction() as tx:
            tx.run("RETURN 1").consume()
            assert deadline.sever(session)
            tx.run("RETURN 2").consume()  # the socket is gone
    assert deadline.expired
