// Where a beginner can start: nodes that require nothing.
//
// `unlocks` counts the nodes naming the entry point in one of their clauses.
MATCH (n:Node)
WHERE NOT (n)-[:REQUIRES]->()
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.effort_hours AS effort_hours,
       COUNT { MATCH (n)<-[:REQUIRES]-(d:Node) RETURN DISTINCT d } AS unlocks
ORDER BY id
