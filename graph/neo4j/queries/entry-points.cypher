// Where a beginner can start: nodes that require nothing and have no parts.
//
// `unlocks` counts the nodes naming the entry point in one of their clauses
// or among their parts.
MATCH (n:Node)
WHERE NOT (n)-[:REQUIRES|HAS_PART]->()
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.effort_hours AS effort_hours,
       COUNT { MATCH (n)<-[:REQUIRES|HAS_PART]-(d:Node) RETURN DISTINCT d } AS unlocks
ORDER BY id
