"""Every Cypher statement mlpath itself runs to store and read a curriculum and its learners.

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
    (:Learner)-[:KNOWS {node, status, level, at, source}]->(:Node | :MissingNode)
    (:Learner)-[:AIMS_AT {node, position}]->(:Node | :MissingNode)  (see the learners section)

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
    "STORED_LEARNERS",
    "SERVER_VERSION",
    "EXPLAIN_PREFIX",
    "LEARNER_SCHEMA",
    "READ_LEARNER",
    "LOCK_AND_READ_LEARNER",
    "ENSURE_LINK_TARGETS",
    "CREATE_LEARNERS",
    "SET_LEARNER",
    "WRITE_LEARNERS",
    "CREATE_KNOWS",
    "REPLACE_AIMS_AT",
    "DELETE_LEARNER",
    "LINKED_NODE_IDS",
    "PARK_LEARNER_LINKS",
    "DETACH_LEARNERS",
    "MISSING_NODE_HOMES",
    "PLACE_LEARNER_LINKS",
    "DROP_EMPTY_MISSING_NODES",
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
#: How many learners the database holds (what ``docs/cypher.md`` says its learner queries ran on).
STORED_LEARNERS: LiteralString = "MATCH (l:Learner) RETURN count(l) AS learners"

STORED_SIZE: LiteralString = """
MATCH (n:Node)
RETURN count(n) AS nodes,
       COUNT { (:Node)-[:REQUIRES]->(:Node) } AS requires,
       COUNT { (:Node)-[:LEARN_ON]->(:Node) } AS learn_on,
       COUNT { (:Node)-[:HAS_PART]->(:Node) } AS has_part,
       COUNT { (:Node)-[:COVERS]->(:Node) } AS covers,
       COUNT { (:Stage) } AS stages
"""

SERVER_VERSION: LiteralString = "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition"

# --- the read-only guard ---

#: Prefixed to a stranger's query to plan it without running it.
EXPLAIN_PREFIX: LiteralString = "EXPLAIN "

# --- learners (graph.neo4j.learner_store) ---
# (:Learner {id, token_hash, version, created_at, updated_at, hours_per_week, prefer, avoid, plan_order})
# (:Learner)-[:KNOWS {node, status, level, at, source}]->(:Node | :MissingNode)
# (:Learner)-[:AIMS_AT {node, position}]->(:Node | :MissingNode)
# A link's ``node`` is the id the learner marked, never rewritten; the link points at the node that
# has that id, or (after a sync) the node that replaces it, or a (:MissingNode {id}) while no node does.

LEARNER_SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT learner_id_unique IF NOT EXISTS FOR (l:Learner) REQUIRE l.id IS UNIQUE",
    "CREATE CONSTRAINT missing_node_id_unique IF NOT EXISTS FOR (m:MissingNode) REQUIRE m.id IS UNIQUE",
)

#: The learner, its marks and targets in one record.  Times come back as ISO 8601 text: the
#: driver's pure-Python DateTime decoding was about half of this read's client CPU (1 ms of 2).
#: Marks and targets are null when the learner is still at $seen_version with $seen_hash, the
#: learner the API process saw (graph.seen_learners): it has them already (both null: all sent).
READ_LEARNER: LiteralString = """
MATCH (l:Learner {id: $id})
WITH l, coalesce(l.version = $seen_version AND l.token_hash = $seen_hash, false) AS seen
RETURN l {.*, created_at: toString(l.created_at), updated_at: toString(l.updated_at)} AS props,
       CASE WHEN seen THEN null ELSE [(l)-[k:KNOWS]->() | k {.*, at: toString(k.at)}] END AS marks,
       CASE WHEN seen THEN null ELSE [(l)-[a:AIMS_AT]->() | [a.position, a.node]] END AS targets
"""

#: READ_LEARNER after taking the learner's write lock (held to the end of the transaction), so a
#: version check on what it returns cannot race.
LOCK_AND_READ_LEARNER: LiteralString = """
MATCH (l:Learner {id: $id})
SET l.locked = true
REMOVE l.locked
RETURN l {.*, created_at: toString(l.created_at), updated_at: toString(l.updated_at)} AS props,
       [(l)-[k:KNOWS]->() | k {.*, at: toString(k.at)}] AS marks,
       [(l)-[a:AIMS_AT]->() | [a.position, a.node]] AS targets
"""

#: Every id about to be a target gets a node to link to: the curriculum's, or a :MissingNode.
ENSURE_LINK_TARGETS: LiteralString = """
UNWIND $ids AS id
OPTIONAL MATCH (n:Node {id: id})
WITH id WHERE n IS NULL
MERGE (:MissingNode {id: id})
"""

CREATE_LEARNERS: LiteralString = """
UNWIND $rows AS row
CREATE (l:Learner)
SET l = row.props
"""

SET_LEARNER: LiteralString = """
MATCH (l:Learner {id: $id})
SET l += $props
"""

#: Conditional writes of learners, one per batch of $batches (each {id, version, token_hash, props,
#: rows, removed}; of different learners, sorted by id): the group commit's one statement
#: (graph.group_commit), and a lone write's, which is a group of one.  First every learner's write
#: lock, in the batches' order (by id: two groups never wait for each other's learners in a cycle;
#: the aggregation makes all of them come before any write).  Then each batch in its own CALL, so
#: its condition is its own: if the learner is still at batch.version (and, unless
#: batch.token_hash is null, still has that token hash: a write computed from what this process
#: saw earlier, graph.seen_learners), its new properties, then one mark per row (batch.rows,
#: sorted by node id), then the marks of batch.removed go.  The lock comes before the compare, so
#: of two writes computed from one version only the first applies.  Returns the id of each learner
#: written; a batch whose version moved on (or whose learner is gone) writes nothing and returns no
#: row.  A mark's link points at the node with its id, or a :MissingNode made for it.  A link
#: already on the right node is updated in place, which locks only the relationship; each batch's
#: rows in node order make learners who mark the same nodes take those nodes' locks in one order.
WRITE_LEARNERS: LiteralString = """
UNWIND $batches AS batch
MATCH (l:Learner {id: batch.id})
SET l.locked = true
REMOVE l.locked
WITH collect(l) AS locked
UNWIND $batches AS batch
CALL (batch) {
  MATCH (l:Learner {id: batch.id})
  WITH l WHERE l.version = batch.version AND (batch.token_hash IS NULL OR l.token_hash = batch.token_hash)
  SET l += batch.props
  WITH l
  CALL (l, batch) {
    UNWIND batch.rows AS row
    CALL (row) {
      MATCH (n:Node {id: row.node})
      RETURN n AS target
      UNION
      OPTIONAL MATCH (n:Node {id: row.node})
      WITH row, n WHERE n IS NULL
      MERGE (m:MissingNode {id: row.node})
      RETURN m AS target
    }
    OPTIONAL MATCH (l)-[old:KNOWS {node: row.node}]->(linked)
    CALL (old, linked, target, row) {
      WITH * WHERE old IS NOT NULL AND linked = target
      SET old = row.props
    }
    CALL (l, old, linked, target, row) {
      WITH * WHERE old IS NULL OR linked <> target
      CALL (old) {
        WITH old WHERE old IS NOT NULL
        DELETE old
      }
      CREATE (l)-[k:KNOWS]->(target)
      SET k = row.props
    }
  }
  CALL (l, batch) {
    MATCH (l)-[k:KNOWS]->()
    WHERE k.node IN batch.removed
    DELETE k
  }
  RETURN l.id AS written
}
RETURN written AS id
"""

#: The marks of learners just created (none has a link yet); ENSURE_LINK_TARGETS ran first.
CREATE_KNOWS: LiteralString = """
UNWIND $rows AS row
MATCH (l:Learner {id: row.learner})
CALL (row) {
  OPTIONAL MATCH (n:Node {id: row.node})
  OPTIONAL MATCH (m:MissingNode {id: row.node})
  RETURN coalesce(n, m) AS target
}
CREATE (l)-[k:KNOWS]->(target)
SET k = row.props
"""

REPLACE_AIMS_AT: LiteralString = """
UNWIND $rows AS row
MATCH (l:Learner {id: row.learner})
CALL (l) {
  MATCH (l)-[old:AIMS_AT]->()
  DELETE old
}
WITH l, row
UNWIND range(0, size(row.targets) - 1) AS position
CALL (row, position) {
  OPTIONAL MATCH (n:Node {id: row.targets[position]})
  OPTIONAL MATCH (m:MissingNode {id: row.targets[position]})
  RETURN coalesce(n, m) AS target
}
CREATE (l)-[a:AIMS_AT]->(target)
SET a.node = row.targets[position], a.position = position
"""

DELETE_LEARNER: LiteralString = """
MATCH (l:Learner {id: $id})
OPTIONAL MATCH (l)-->(m:MissingNode)
WITH l, collect(DISTINCT m) AS missing
DETACH DELETE l
WITH missing
UNWIND missing AS m
WITH m WHERE NOT (m)--()
DELETE m
"""

# --- the sync and the learners' links (graph.neo4j.sync) ---
# Tens of thousands of links may have to move when a curriculum changes under many learners: more
# than one transaction may hold under the server's memory limit.  So they move in batches of at most
# $limit links, each batch its own transaction, before and after the one curriculum transaction;
# every batch statement is idempotent (it moves whatever is still to move and says how many it moved).
# A batch locks each learner whose links it moves before moving them, in learner id order, as every
# learner write does first: a write racing the move reads the links either before or after it.

#: Ids of the curriculum nodes that learners link to (the sync parks the links of those about to go).
LINKED_NODE_IDS: LiteralString = """
MATCH (n:Node)
WHERE EXISTS { (:Learner)-[:KNOWS|AIMS_AT]->(n) }
RETURN n.id AS id
"""

#: Before the curriculum transaction: up to $limit learner links on the nodes of $ids move to the
#: :MissingNode of the link's own id.  Run until it moves fewer than $limit.
PARK_LEARNER_LINKS: LiteralString = """
UNWIND $ids AS id
MATCH (l:Learner)-[link:KNOWS|AIMS_AT]->(:Node {id: id})
WITH l, link ORDER BY l.id LIMIT $limit
SET l.locked = true
REMOVE l.locked
MERGE (m:MissingNode {id: link.node})
CREATE (l)-[moved:$(type(link))]->(m)
SET moved = properties(link)
DELETE link
RETURN count(*) AS moved
"""

#: Inside the curriculum transaction, before nodes are deleted: the links a learner wrote since they
#: were parked (normally none) move to the :MissingNode of their id.  The node is locked first, so a
#: learner write racing the sync waits for it.
DETACH_LEARNERS: LiteralString = """
UNWIND $rows AS row
MATCH (n:Node {id: row.id})
SET n.retiring = true
WITH n
MATCH (l:Learner)-[link:KNOWS|AIMS_AT]->(n)
MERGE (m:MissingNode {id: link.node})
CREATE (l)-[moved:$(type(link))]->(m)
SET moved = properties(link)
DELETE link
"""

#: Every :MissingNode and the node that now takes its links: the node with its id, else the node whose
#: ``replaces`` lists it, else none (null).  Read against the curriculum the database holds now.
MISSING_NODE_HOMES: LiteralString = """
CALL () {
  MATCH (n:Node) WHERE size(n.replaces) > 0
  UNWIND n.replaces AS retired
  RETURN collect([retired, n.id]) AS replacements
}
MATCH (m:MissingNode)
OPTIONAL MATCH (n:Node {id: m.id})
RETURN m.id AS id, coalesce(n.id, [r IN replacements WHERE r[0] = m.id | r[1]][0]) AS home
"""

#: After the curriculum transaction: up to $limit links on the :MissingNodes of $homes ([{id, home}])
#: move to their home node.  Run until it moves fewer than $limit.
PLACE_LEARNER_LINKS: LiteralString = """
UNWIND $homes AS row
MATCH (l:Learner)-[link:KNOWS|AIMS_AT]->(:MissingNode {id: row.id})
WITH l, link, row ORDER BY l.id LIMIT $limit
SET l.locked = true
REMOVE l.locked
WITH l, link, row
MATCH (n:Node {id: row.home})
CREATE (l)-[moved:$(type(link))]->(n)
SET moved = properties(link)
DELETE link
RETURN count(*) AS moved
"""

#: Up to $limit :MissingNodes no link points at any more go.  Run until it deletes fewer than $limit.
DROP_EMPTY_MISSING_NODES: LiteralString = """
MATCH (m:MissingNode)
WHERE NOT (m)--()
WITH m LIMIT $limit
DELETE m
RETURN count(*) AS dropped
"""
