// Nodes on a prerequisite cycle; no rows means the graph is acyclic.
//
// `mlpath neo4j sync` refuses cycles, so rows here mean someone edited the
// database by hand.  Each node is tested for a REQUIRES path back to itself
// (pruning breadth-first expansion, so this stays cheap on large DAGs).
MATCH (n:Node)-[:REQUIRES|HAS_PART*1..]->(m:Node)
WITH DISTINCT n, m
WHERE n = m
RETURN n.id AS id, n.name AS name
ORDER BY id
