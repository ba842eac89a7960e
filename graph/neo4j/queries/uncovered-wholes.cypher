// Wholes with parts no course teaches: where a learner has no course to take instead.
//
// For each whole (a node with parts), its parts transitively: `parts` counts
// them, `uncovered` lists (by id) those no course teaches, directly or as a
// part of a whole it covers, and `none_covered` is true when no course
// teaches any of them.  Wholes every part of which some course teaches are
// left out; with `partly` false, only wholes no part of which a course
// teaches are listed.
//
// @param partly bool = true  also list wholes some of whose parts a course teaches
MATCH (w:Node)-[:HAS_PART*1..]->(p:Node)
WITH DISTINCT w, p
WITH w, p, EXISTS { (:Node)-[:COVERS]->()-[:HAS_PART*0..]->(p) } AS covered
ORDER BY w.id, p.id
WITH w, count(p) AS parts, collect(CASE WHEN covered THEN NULL ELSE p.id END) AS uncovered
WHERE size(uncovered) > 0 AND ($partly OR size(uncovered) = parts)
RETURN w.id AS id, w.name AS name, parts, uncovered, size(uncovered) = parts AS none_covered
ORDER BY none_covered DESC, id
