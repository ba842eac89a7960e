// The steps after which learners stop: the last step finished by learners who went quiet.
//
// A learner has stopped when none of their marks changed in the `idle_days`
// before `as_of` and some target of theirs is neither done nor known.  The
// step they stopped after is the one they marked `done` last (steps finished
// in the same visit all count).  Per node: `stopped_after`, the stopped
// learners whose last finished step it is; `done`, every learner who
// finished it; `rate` = stopped_after / done.  Learners who stopped before
// finishing anything are not counted here (`learners-stalled` shows where
// they are).  Most stops first, then the highest rate.
//
// @param as_of string = null  when to measure from, ISO 8601 (e.g. 2026-11-01T00:00:00Z); default: now
// @param idle_days float = 30  days without a change after which a learner counts as stopped
// @param limit int = 10  how many nodes to return
// @example as_of=2026-11-01T00:00:00Z
WITH coalesce(datetime($as_of), datetime()) AS as_of
MATCH (l:Learner)-[k:KNOWS]->()
WITH as_of, l, max(k.at) AS last_change
WHERE as_of.epochMillis - last_change.epochMillis >= $idle_days * 86400000
  AND EXISTS {
    MATCH (l)-[:AIMS_AT]->(target)
    WHERE NOT EXISTS { (l)-[k:KNOWS WHERE k.status IN ['done', 'known']]->(target) }
  }
MATCH (l)-[d:KNOWS {status: 'done'}]->(:Node)
WITH l, max(d.at) AS last_done
MATCH (l)-[d:KNOWS {status: 'done'}]->(n:Node)
WHERE d.at = last_done
WITH n, count(l) AS stopped_after
CALL (n) {
  MATCH (:Learner)-[:KNOWS {status: 'done'}]->(n)
  RETURN count(*) AS done
}
RETURN n.id AS id, n.name AS name, n.stage AS stage, stopped_after, done, toFloat(stopped_after) / done AS rate
ORDER BY stopped_after DESC, rate DESC, id
LIMIT $limit
