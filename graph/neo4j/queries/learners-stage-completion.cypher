// How far learners get through each stage: completion per stage, in stage order.
//
// A learner's steps in a stage are the stage's nodes on the last plan they
// were shown (the plan order the store keeps) or marked `done` by them.  Per
// stage: `learners` with at least one step in it, `completed` those who have
// done every one of their steps in it, `steps` and `done` summed over
// learners, and `completion` = done / steps.  Stages no learner has a step
// in are left out.
MATCH (l:Learner)
CALL (l) {
  UNWIND coalesce(l.plan_order, []) AS step
  MATCH (n:Node {id: step})
  RETURN n
  UNION
  MATCH (l)-[:KNOWS {status: 'done'}]->(n:Node)
  RETURN n
}
WITH l, n, EXISTS { (l)-[:KNOWS {status: 'done'}]->(n) } AS done
WITH l, n.stage AS stage, count(n) AS steps, sum(CASE WHEN done THEN 1 ELSE 0 END) AS finished
MATCH (s:Stage {id: stage})
WITH s, count(l) AS learners, sum(CASE WHEN finished = steps THEN 1 ELSE 0 END) AS completed,
     sum(steps) AS steps, sum(finished) AS done
RETURN s.order AS order, s.id AS stage, s.name AS name, learners, completed, steps, done,
       toFloat(done) / steps AS completion
ORDER BY order, stage
