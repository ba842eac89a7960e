// Everything a node needs, directly or through other nodes.
//
// Follows REQUIRES (and HAS_PART: a whole needs its parts) outwards from the
// node through every alternative of every clause, so the list is all a learner could ever meet on the way, not one
// plan.  `direct` marks the node's own clauses and parts.  Each node appears once
// (Neo4j's pruning breadth-first expansion keeps this fast on any DAG).
//
// @param id string  the node whose prerequisites to list
// @example id=pytorch
MATCH (x:Node {id: $id})-[:REQUIRES|HAS_PART*1..]->(p:Node)
WITH DISTINCT x, p
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.effort_hours AS effort_hours,
       EXISTS { (x)-[:REQUIRES|HAS_PART]->(p) } AS direct
ORDER BY direct DESC, id
