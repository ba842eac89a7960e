"""The curriculum in Neo4j: the schema, reading it back, and what is stored.

Drivers are built by :mod:`graph.neo4j.connection`; writing lives in
:mod:`graph.neo4j.sync`; the statements both use live in
:mod:`graph.neo4j.cypher`.  Reading back is lossless: every :class:`~graph.models.Node`
field is a property or a relationship, so
``to_interchange_json(read_curriculum(driver))`` equals the interchange JSON
of the files that were synced, byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.neo4j import cypher
from graph.models import Curriculum, Node, Stage

if TYPE_CHECKING:  # the driver is imported only where a command needs it
    import neo4j

__all__ = [
    "StoredSize",
    "ensure_schema",
    "node_properties",
    "stored_learners",
    "read_curriculum",
    "server_version",
    "stored_size",
]

#: Fields stored as relationships rather than node properties.
RELATIONSHIP_FIELDS = frozenset({"requires", "resources", "parts", "covers"})


def ensure_schema(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Create the uniqueness constraint and the indexes if missing, then wait for them.

    Schema changes cannot share a transaction with data changes, so each
    statement runs on its own; ``IF NOT EXISTS`` makes this idempotent.
    """
    for statement in cypher.SCHEMA:
        driver.execute_query(statement, database_=database)
    driver.execute_query(cypher.AWAIT_INDEXES, seconds=300, database_=database)


@dataclass(frozen=True)
class StoredSize:
    """How much curriculum the database holds."""

    nodes: int
    requires: int
    learn_on: int
    has_part: int
    covers: int
    stages: int

    @property
    def relationships(self) -> int:
        return self.requires + self.learn_on + self.has_part + self.covers


def stored_size(driver: neo4j.Driver, *, database: str | None = None) -> StoredSize:
    """Curriculum nodes, each kind of relationship between them, and the stages."""
    record = driver.execute_query(cypher.STORED_SIZE, database_=database, routing_="r").records[0]
    return StoredSize(**{field: record[field] for field in StoredSize.__dataclass_fields__})


def stored_learners(driver: neo4j.Driver, *, database: str | None = None) -> int:
    """How many learners the database holds."""
    return driver.execute_query(cypher.STORED_LEARNERS, database_=database, routing_="r").records[0]["learners"]


def server_version(driver: neo4j.Driver, *, database: str | None = None) -> tuple[str, str]:
    """``(version, edition)`` of the server, e.g. ``("5.26.30", "community")``."""
    record = driver.execute_query(cypher.SERVER_VERSION, database_=database, routing_="r").records[0]
    return record["version"], record["edition"]


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
