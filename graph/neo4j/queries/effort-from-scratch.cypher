// Bounds on the hours to reach a node from nothing.
//
// `mandatory_hours` (a lower bound) sums the node and every node reachable
// through single-alternative clauses and parts only: every possible plan
// contains these.  `all_alternatives_hours` (an upper bound) sums the node and every
// node reachable through any alternative, each counted once: learning every
// option on offer.  The least-effort plan lies in between; the planner
// (`mlpath recommend`) finds it exactly.  Counts of the nodes summed come
// alongside.
//
// @param id string  the node to reach
// @example id=machine-learning-engineer
MATCH (x:Node {id: $id})
CALL (x) {
  OPTIONAL MATCH (x) ((a)-[r:REQUIRES|HAS_PART]->(b) WHERE type(r) = 'HAS_PART' OR COUNT { (a)-[s:REQUIRES]->() WHERE s.clause = r.clause } = 1)+ (m:Node)
  WITH DISTINCT m
  RETURN count(m) AS mandatory_nodes, coalesce(sum(m.effort_hours), 0.0) AS mandatory_below
}
CALL (x) {
  OPTIONAL MATCH (x)-[:REQUIRES|HAS_PART*1..]->(q:Node)
  WITH DISTINCT q
  RETURN count(q) AS all_nodes, coalesce(sum(q.effort_hours), 0.0) AS all_below
}
RETURN x.id AS id, x.effort_hours AS own_hours,
       mandatory_nodes, x.effort_hours + mandatory_below AS mandatory_hours,
       all_nodes, x.effort_hours + all_below AS all_alternatives_hours
