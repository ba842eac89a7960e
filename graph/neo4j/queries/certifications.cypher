// Every certification: its own requirements and everything below them.
//
// `requires` lists the certification's clauses (each a list of
// alternatives, authored order); `prerequisites` counts the distinct nodes
// reachable through any alternative; `effort_hours` is the exam itself.
MATCH (c:Certification)
OPTIONAL MATCH (c)-[r:REQUIRES]->(p:Node)
WITH c, r.clause AS clause, r.position AS position, p
ORDER BY clause, position
WITH c, clause, collect(p.id) AS alternatives
ORDER BY clause
WITH c, collect(CASE WHEN clause IS NULL THEN NULL ELSE alternatives END) AS requires
CALL (c) {
  OPTIONAL MATCH (c)-[:REQUIRES|HAS_PART*1..]->(q:Node)
  WITH DISTINCT q
  RETURN count(q) AS prerequisites
}
RETURN c.id AS id, c.name AS name, c.effort_hours AS effort_hours, requires, prerequisites
ORDER BY id
