// Size of the curriculum per stage and kind, in stage order.
//
// `nodes` and `hours` (sum of effort_hours) for every stage and kind
// present; stages come in the curriculum's own order (the :Stage nodes'
// `order`), kinds by name within a stage.
MATCH (n:Node)
OPTIONAL MATCH (s:Stage {id: n.stage})
RETURN s.order AS order, n.stage AS stage, s.name AS stage_name, n.kind AS kind,
       count(n) AS nodes, sum(n.effort_hours) AS hours
ORDER BY order, stage, kind
