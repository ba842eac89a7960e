// What learners skip most, and how often among those who got that far.
//
// `skipped` counts learners whose mark on the node is `skipped`; `reached`
// counts learners with any other mark than `known` on it (they met it on
// their way: learning, done or skipped it), and `rate` is skipped / reached.
// Most skipped first, then the highest rate.
//
// @param limit int = 10  how many nodes to return
MATCH (:Learner)-[k:KNOWS]->(n:Node)
WHERE k.status <> 'known'
WITH n, count(*) AS reached, sum(CASE k.status WHEN 'skipped' THEN 1 ELSE 0 END) AS skipped
WHERE skipped > 0
RETURN n.id AS id, n.name AS name, n.kind AS kind, skipped, reached, toFloat(skipped) / reached AS rate
ORDER BY skipped DESC, rate DESC, id
LIMIT $limit
