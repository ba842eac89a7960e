// What a course would teach a given learner that they do not know yet.
//
// A course teaches what it covers and every part of that, transitively.  The
// learner knows, as the planner counts it, what they marked `known` or
// `done`, every part of those and everything a known course teaches, all
// transitively.  Each row is a node the course teaches outside that;
// `status` is the learner's own mark on it (`learning`, `skipped`, or null
// when they have none) and `effort_hours` its own hours, so their sum is
// what learning them one by one would take instead.  An unknown learner or
// course gives no rows.
//
// @param course string  the course (or course-based certificate)
// @param learner string  the learner's id
MATCH (l:Learner {id: $learner})
MATCH (:Node {id: $course})-[:COVERS]->()-[:HAS_PART*0..]->(t:Node)
WITH DISTINCT l, t
WHERE NOT EXISTS {
  MATCH (l)-[k:KNOWS]->(:Node)-[:HAS_PART|COVERS*0..]->(t)
  WHERE k.status IN ['known', 'done']
}
OPTIONAL MATCH (l)-[own:KNOWS]->(t)
RETURN t.id AS id, t.name AS name, t.kind AS kind, t.effort_hours AS effort_hours, own.status AS status
ORDER BY id
