// The cheapest courses that teach every one of a set of topics.
//
// A course teaches what it covers and every part of that, transitively.
// Rows are the courses teaching all of `topics`, cheapest first (own hours,
// then id); `teaches` counts everything a course teaches.  No row means no
// single course teaches them all (or `topics` is empty).
//
// @param topics list  the node ids to be taught (comma-separated on the command line)
// @param limit int = 5  how many courses to return
// @example topics=logistic-regression,k-means
UNWIND $topics AS topic
WITH DISTINCT topic
WITH collect(topic) AS wanted
UNWIND wanted AS topic
MATCH (c:Node)-[:COVERS]->()-[:HAS_PART*0..]->(:Node {id: topic})
WITH wanted, c, count(DISTINCT topic) AS matched
WHERE matched = size(wanted)
CALL (c) {
  MATCH (c)-[:COVERS]->()-[:HAS_PART*0..]->(t:Node)
  RETURN count(DISTINCT t) AS teaches
}
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.effort_hours AS effort_hours, teaches
ORDER BY effort_hours, id
LIMIT $limit
