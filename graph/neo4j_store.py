"""The curriculum in Neo4j: connecting, the schema, and reading it back.

Writing lives in :mod:`graph.neo4j_sync`; the statements both use live in
:mod:`graph.cypher`.  Reading back is lossless: every :class:`~graph.models.Node`
field is a property or a relationship, so
``to_interchange_json(read_curriculum(driver))`` equals the interchange JSON
of the files that were synced, byte for byte.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from graph import cypher
from graph.errors import Neo4jUnavailableError
from graph.models import Curriculum, Node, Stage

if TYPE_CHECKING:  # the driver is imported only where a command needs it
    import neo4j

__all__ = [
    "DEFAULT_URI",
    "connect",
    "ensure_schema",
    "node_properties",
    "read_curriculum",
    "uri_from_env",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"

#: Fields stored as relationships rather than node properties.
RELATIONSHIP_FIELDS = frozenset({"requires", "resources", "parts", "covers"})


def uri_from_env(env: Mapping[str, str] | None = None) -> str:
    """``NEO4J_URI``, else the local server of ``scripts/neo4j-local`` on its port."""
    env = os.environ if env is None else env
    if env.get("NEO4J_URI", "").strip():
        return env["NEO4J_URI"].strip()
    port = env.get("MLPATH_NEO4J_PORT", "").strip()
    return f"bolt://127.0.0.1:{port}" if port else DEFAULT_URI


def connect(uri: str | None = None, *, env: Mapping[str, str] | None = None, timeout: float = 5.0) -> neo4j.Driver:
    """An open, verified driver; the caller closes it (the 6.x driver never does).

    Credentials come from ``NEO4J_USER`` / ``NEO4J_PASSWORD``; without a
    password no authentication is sent, which suits the local development
    server (authentication disabled, loopback only).

    Raises
    ------
    Neo4jUnavailableError
        Nothing answers at the URI, or it refused the credentials.
    """
    import neo4j
    from neo4j.exceptions import DriverError, Neo4jError

    env = os.environ if env is None else env
    uri = uri or uri_from_env(env)
    password = env.get("NEO4J_PASSWORD", "")
    auth = (env.get("NEO4J_USER", "neo4j"), password) if password else None
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout,
                                            notifications_min_severity="OFF")
    except (ValueError, DriverError) as exc:
        raise Neo4jUnavailableError(f"bad Neo4j URI {uri!r}: {exc}") from exc
    try:
        driver.verify_connectivity()
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        hint = "; start the local one with scripts/neo4j-local start" if "127.0.0.1" in uri or "localhost" in uri else ""
        raise Neo4jUnavailableError(f"no Neo4j answers at {uri} ({type(exc).__name__}: {exc}){hint}") from exc
    return driver


def ensure_schema(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Create the uniqueness constraint and the indexes if missing, then wait for them.

    Schema changes cannot share a transaction with data changes, so each
    statement runs on its own; ``IF NOT EXISTS`` makes this idempotent.
    """
    for statement in cypher.SCHEMA:
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def node_properties(node: Node) -> dict[str, Any]:
    """The node's stored properties: every field except those kept as relationships.

    Enums become their string values; tuples become lists, which Neo4j keeps
    as arrays (an empty one included).
    """
    return {k: v for k, v in node.model_dump(mode="json").items() if k not in RELATIONSHIP_FIELDS}


def read_curriculum(driver: neo4j.Driver, *, database: str | None = None, timeout: float = 300.0) -> Curriculum:
    """The curriculum stored in Neo4j, exactly as it was synced.

    One query in one read transaction, so a sync committing meanwhile is
    seen entirely or not at all.  ``timeout`` (seconds) replaces the
    server's default transaction timeout, which is meant for ad-hoc queries
    and is too short for reading a very large curriculum.  The result is
    validated by the same pydantic model as the files; it is not re-checked
    for cycles or dangling references, which the sync refused to store in
    the first place.
    """
    import neo4j

    @neo4j.unit_of_work(timeout=timeout)
    def work(tx: neo4j.ManagedTransaction) -> tuple[list[list[Any]], list[dict[str, Any]]]:
        nodes = [record.values() for record in tx.run(cypher.READ_CURRICULUM)]
        stages = [record["props"] for record in tx.run(cypher.READ_STAGES)]
        return nodes, stages

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        records, stages = session.execute_read(work)
    return Curriculum(stages=tuple(Stage.model_validate(props) for props in stages),
                      nodes=tuple(_node(*record) for record in records))


def _node(props: dict[str, Any], requires: list[list[Any]], resources: list[list[Any]],
          parts: list[list[Any]], covers: list[list[Any]]) -> Node:
    """A node from its properties and its relationships' ``[clause, position, id]`` / ``[position, id]``."""
    clauses: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for clause, position, prerequisite in requires:
        clauses[clause].append((position, prerequisite))
    fields = dict(props)
    fields["requires"] = [[p for _, p in sorted(clauses[c])] for c in sorted(clauses)]
    fields["resources"] = [platform for _, platform in sorted(resources)]
    fields["parts"] = [part for _, part in sorted(parts)]
    fields["covers"] = [taught for _, taught in sorted(covers)]
    return Node.model_validate(fields)
