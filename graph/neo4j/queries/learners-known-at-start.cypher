// What learners knew before they began: the nodes most often marked `known`.
//
// `known` counts learners whose mark on the node is `known` (they knew it
// before mlpath planned anything for them; what they learned on the way is
// `done`), and `share` is that over every learner stored.  A known whole
// counts for the whole only, not for each of its parts.
//
// @param limit int = 10  how many nodes to return
MATCH (l:Learner)
WITH count(l) AS learners
MATCH (:Learner)-[:KNOWS {status: 'known'}]->(n:Node)
WITH learners, n, count(*) AS known
RETURN n.id AS id, n.name AS name, n.kind AS kind, known, toFloat(known) / learners AS share
ORDER BY known DESC, id
LIMIT $limit
