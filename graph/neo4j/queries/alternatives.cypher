// The choices a node offers: its clauses with more than one alternative.
//
// For each OR clause, the alternatives in authored order with their own
// hours, and the cheapest of them on its own (its prerequisites are not
// counted: use the planner for the real cost of a choice).
//
// @param id string  the node whose OR clauses to list
// @example id=machine-learning-engineer
MATCH (x:Node {id: $id})-[r:REQUIRES]->(p:Node)
WITH r.clause AS clause, r.position AS position, p
ORDER BY clause, position
WITH clause, collect(p.id) AS alternatives, collect(p.effort_hours) AS hours,
     min(p.effort_hours) AS cheapest_hours
WHERE size(alternatives) > 1
RETURN clause, alternatives, hours, cheapest_hours
ORDER BY clause
