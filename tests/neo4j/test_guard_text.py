"""The guard's text check and input validation, which need no server."""

from __future__ import annotations

import pytest

from graph.neo4j.cookbook import cookbook
from graph.neo4j.guard import check_query_text, run_read_only
from graph.errors import UnsafeQueryError


@pytest.mark.parametrize("name", sorted(cookbook()))
def test_every_cookbook_query_passes_the_text_check(name):
    check_query_text(cookbook()[name].text)


@pytest.mark.parametrize("query", [
    "MATCH (n:Node) RETURN n.set AS s, n.delete AS d, n.create AS c",
    "RETURN 'CREATE; DROP; LOAD CSV; CALL dbms.x()' AS text",
    'RETURN "escaped \\" quote; DELETE" AS text',
    "MATCH (n) // SHOW USERS\nRETURN n",
    "MATCH (n) /* TERMINATE TRANSACTIONS */ RETURN n",
    "MATCH (n:Node) CALL { WITH n RETURN n.id AS x } RETURN x",
    "MATCH (n:Node) CALL (n) { RETURN n.id AS x } RETURN x",
    "CALL db.labels()",
    "CALL DB.LABELS() YIELD label RETURN label",
    "CALL db.index.fulltext.queryNodes('node_text', 'torch') YIELD node RETURN node",
    "MATCH (n:Node) RETURN n.id AS `useful name`",
    "MATCH (n:Node) WHERE n.id STARTS WITH 'load' RETURN n;",
])
def test_reads_pass(query):
    check_query_text(query)


@pytest.mark.parametrize("query, fragment", [
    ("MATCH (n) RETURN n AS `x` DETACH DELETE n", "DETACH"),
    ("RETURN 'it''s' AS s; CREATE (n)", "several statements"),
    ("RETURN 'unterminated /* ' AS s CREATE (n) // '", "CREATE"),
    ("MATCH (n) RETURN n /* unterminated comment ", None),
    ("CALL `apoc.load.json`('x')", "apoc"),
    ("CALL  db.\nlabels() YIELD label CALL db.stats.retrieve('GRAPH COUNTS')", "db.stats.retrieve"),
    ("CALL\tdb.schema.nodeTypeProperties()", "db.schema.nodeTypeProperties"),
    ("MATCH (n) RETURN dbms.procedures()", "dbms"),
    ("USE\nsystem MATCH (n) RETURN n", "USE"),
    ("load\u2003csv from 'http://x' as l return l", "LOAD CSV"),
    ("CALL db.labels() YIELD label CALL { CREATE (:X) } RETURN label", "CREATE"),
    ("CALL", "CALL ?"),
])
def test_tricks_are_refused(query, fragment):
    if fragment is None:  # nothing to refuse in the text: Neo4j's parser will reject it
        check_query_text(query)
        return
    with pytest.raises(UnsafeQueryError) as caught:
        check_query_text(query)
    assert fragment.lower() in str(caught.value).lower()


def test_refusals_name_the_procedure_and_the_allow_list():
    with pytest.raises(UnsafeQueryError, match=r"refused 'CALL DB.SCHEMA.VISUALIZATION': only these procedures may be called: db\.index"):
        check_query_text("CALL db.schema.visualization()")


@pytest.mark.parametrize("kwargs, argument", [
    ({"query": ""}, "`query`"),
    ({"query": "   "}, "`query`"),
    ({"query": "RETURN 1" + " " * 10_000}, "`query`"),
    ({"query": "RETURN 1", "parameters": [1]}, "`parameters`"),
    ({"query": "RETURN 1", "parameters": {1: 2}}, "`parameters`"),
    ({"query": "RETURN 1", "timeout": 0}, "`timeout`"),
    ({"query": "RETURN 1", "timeout": 301}, "`timeout`"),
    ({"query": "RETURN 1", "timeout": True}, "`timeout`"),
    ({"query": "RETURN 1", "row_limit": 0}, "`row_limit`"),
    ({"query": "RETURN 1", "row_limit": 2.5}, "`row_limit`"),
    ({"query": "RETURN 1", "byte_limit": 0}, "`byte_limit`"),
])
def test_bad_arguments_are_value_errors_naming_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        run_read_only(None, **kwargs)  # validation comes before any use of the driver
