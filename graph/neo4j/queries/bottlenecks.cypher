// The nodes most of the curriculum depends on.
//
// For each node, `dependents` counts the distinct nodes that need it,
// directly or indirectly (through any alternative).  A bottleneck deserves
// the best description and resources: many learners pass through it.
//
// @param limit int = 10  how many nodes to return
// @example limit=5
MATCH (n:Node)
CALL (n) {
  MATCH (n)<-[:REQUIRES|HAS_PART*1..]-(d:Node)
  WITH DISTINCT d
  RETURN count(d) AS dependents
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, dependents
ORDER BY dependents DESC, id
LIMIT $limit
