"""Every Cypher statement mlpath itself runs to store and read a curriculum.

They are constants with ``$parameters``: nothing is ever pasted into query
text, so no curriculum content can change what a statement does.  Labels
that depend on a node's kind go through Neo4j 5.26's dynamic labels
(``SET n:$(row.label)``) for the same reason.  The curriculum designer's
cookbook of read queries lives in ``graph/neo4j/queries/*.cypher`` instead;
nothing else in mlpath holds Cypher text (``tests/neo4j/test_package_layout.py``
checks).

The graph model (see ``docs/neo4j.md``)::

    (:Node:<Kind> {id, name, kind, description, aliases, stage, level,
                   effort_hours, source, replaces})
    (dependent:Node)-[:REQUIRES {clause, position}]->(prerequisite:Node)
    (:Node)-[:LEARN_ON {position}]->(:Node:Platform)
    (whole:Node)-[:HAS_PART {position}]->(part:Node)
    (course:Node)-[:COVERS {position}]->(taught:Node)
    (:Stage {id, name, order, description})        (a node's ``stage`` is a Stage id)

``clause`` numbers the dependent's requirement clauses from 0; alternatives
of one clause share it; ``position`` keeps the authored order of the
alternatives in a clause (and of the resources, parts and covered nodes), so
reading back gives the same bytes as the files.
"""

from __future__ import annotations

from typing import LiteralString

__all__ = [
    "KIND_LABELS",
    "SCHEMA",
    "AWAIT_INDEXES",
    "CURRENT_STATE",
    "UPSERT_NODES",
    "DELETE_NODES",
    "CREATE_REQUIRES",
    "CREATE_LEARN_ON",
    "CREATE_HAS_PART",
    "CREATE_COVERS",
    "CURRENT_STAGES",
    "UPSERT_STAGES",
    "DELETE_STAGES",
    "READ_STAGES",
    "UPDATE_RELATIONSHIPS",
    "DELETE_RELATIONSHIPS",
    "READ_CURRICULUM",
    "STORED_SIZE",
    "SERVER_VERSION",
    "EXPLAIN_PREFIX",
]

#: One Neo4j label per node kind, in the spelling Neo4j users expect.
KIND_LABELS: dict[str, str] = {
    "topic": "Topic",
    "skill": "Skill",
    "tool": "Tool",
    "platform": "Platform",
    "certification": "Certification",
    "project": "Project",
    "activity": "Activity",
    "course": "Course",
    "education": "Education",
    "milestone": "Milestone",
    "role": "Role",
}

#: Constraints and indexes, each run in its own schema transaction.
SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT node_id_unique IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT stage_id_unique IF NOT EXISTS FOR (s:Stage) REQUIRE s.id IS UNIQUE",
    "CREATE RANGE INDEX node_name IF NOT EXISTS FOR (n:Node) ON (n.name)",
    "CREATE FULLTEXT INDEX node_text IF NOT EXISTS FOR (n:Node) ON EACH [n.name, n.aliases, n.description]",
)

#: Wait until every index is online, at most ``$seconds``.
AWAIT_INDEXES: LiteralString = "CALL db.awaitIndexes($seconds)"

# --- what the database holds now (read inside the sync's write transaction) ---
# One record per node, its outgoing relationships folded in: the driver
# decodes records one by one in Python, so fewer records read much faster.

CURRENT_STATE: LiteralString = """
MATCH (n:Node)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       [(n)-[r:REQUIRES|LEARN_ON|HAS_PART|COVERS]->(p:Node) | [type(r), p.id, properties(r), elementId(r)]] AS relationships
"""

CURRENT_STAGES: LiteralString = """
MATCH (s:Stage)
RETURN s.id AS id, properties(s) AS props
"""

# --- batched writes: each takes $rows, a list of maps ---

#: Create or overwrite nodes: every property replaced, kind label set, stale labels removed.
UPSERT_NODES: LiteralString = """
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props
SET n:$(row.label)
REMOVE n:$(row.stale_labels)
"""

DELETE_NODES: LiteralString = """
UNWIND $rows AS row
MATCH (n:Node {id: row.id})
DETACH DELETE n
"""

CREATE_REQUIRES: LiteralString = """
UNWIND $rows AS row
MATCH (d:Node {id: row.source})
MATCH (p:Node {id: row.target})
CREATE (d)-[r:REQUIRES]->(p)
SET r = row.props
"""

CREATE_LEARN_ON: LiteralString = """
UNWIND $rows AS row
MATCH (n:Node {id: row.source})
MATCH (p:Node {id: row.target})
CREATE (n)-[r:LEARN_ON]->(p)
SET r = row.props
"""

CREATE_HAS_PART: LiteralString = """
UNWIND $rows AS row
MATCH (w:Node {id: row.source})
MATCH (p:Node {id: row.target})
CREATE (w)-[r:HAS_PART]->(p)
SET r = row.props
"""

CREATE_COVERS: LiteralString = """
UNWIND $rows AS row
MATCH (c:Node {id: row.source})
MATCH (t:Node {id: row.target})
CREATE (c)-[r:COVERS]->(t)
SET r = row.props
"""

#: Create or overwrite stages, every property replaced.
UPSERT_STAGES: LiteralString = """
UNWIND $rows AS row
MERGE (s:Stage {id: row.id})
SET s = row.props
"""

DELETE_STAGES: LiteralString = """
UNWIND $rows AS row
MATCH (s:Stage {id: row.id})
DETACH DELETE s
"""

UPDATE_RELATIONSHIPS: LiteralString = """
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.element_id
SET r = row.props
"""

DELETE_RELATIONSHIPS: LiteralString = """
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.element_id
DELETE r
"""

# --- reading a curriculum back (one read transaction) ---

READ_CURRICULUM: LiteralString = """
MATCH (n:Node)
RETURN properties(n) AS props,
       [(n)-[r:REQUIRES]->(p:Node) | [r.clause, r.position, p.id]] AS requires,
       [(n)-[r:LEARN_ON]->(p:Node) | [r.position, p.id]] AS resources,
       [(n)-[r:HAS_PART]->(p:Node) | [r.position, p.id]] AS parts,
       [(n)-[r:COVERS]->(p:Node) | [r.position, p.id]] AS covers
ORDER BY n.id
"""

READ_STAGES: LiteralString = """
MATCH (s:Stage)
RETURN properties(s) AS props
ORDER BY s.order, s.id
"""

# --- facts about the server and what it holds (status, docs) ---

#: How much curriculum is stored: nodes and each kind of relationship between them.
STORED_SIZE: LiteralString = """
MATCH (n:Node)
RETURN count(n) AS nodes,
       COUNT { (:Node)-[:REQUIRES]->(:Node) } AS requires,
       COUNT { (:Node)-[:LEARN_ON]->(:Node) } AS learn_on
"""

SERVER_VERSION: LiteralString = "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition"

# --- the read-only guard ---

#: Prefixed to a stranger's query to plan it without running it.
EXPLAIN_PREFIX: LiteralString = "EXPLAIN "
