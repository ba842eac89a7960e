// Size of the curriculum per roadmap stage and kind.
//
// `nodes` and `hours` (sum of effort_hours) for every stage and kind present.
MATCH (n:Node)
RETURN n.stage AS stage, n.kind AS kind, count(n) AS nodes, sum(n.effort_hours) AS hours
ORDER BY stage, kind
