// Where learners stall: the nodes learners have been `learning` the longest.
//
// For every node some learner is learning now (status `learning`),
// `learning` counts those learners, `stalled` those at it for at least
// `min_days` days as of `as_of`, and `mean_days` and `max_days` say how long
// they have been at it (days since the mark last changed).  The store keeps
// each node's latest status only, so a learner who has since finished or
// skipped the node no longer counts.  Marks on ids the curriculum no longer
// has are left out.  Most stalled first, then longest on average.
//
// @param as_of string = null  when to measure from, ISO 8601 (e.g. 2026-11-01T00:00:00Z); default: now
// @param min_days float = 30  days in `learning` that count as stalled
// @param limit int = 10  how many nodes to return
// @example as_of=2026-11-01T00:00:00Z
WITH coalesce(datetime($as_of), datetime()) AS as_of
MATCH (:Learner)-[k:KNOWS {status: 'learning'}]->(n:Node)
WITH n, (as_of.epochMillis - k.at.epochMillis) / 86400000.0 AS days
WITH n, count(*) AS learning, sum(CASE WHEN days >= $min_days THEN 1 ELSE 0 END) AS stalled,
     avg(days) AS mean_days, max(days) AS max_days
RETURN n.id AS id, n.name AS name, n.stage AS stage, learning, stalled, mean_days, max_days
ORDER BY stalled DESC, mean_days DESC, id
LIMIT $limit
