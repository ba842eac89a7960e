// A node's own requirements, clause by clause, as authored.
//
// Every clause must be met; within a clause any one alternative is enough.
// `clause` numbers from 0; `alternatives` keeps the authored order.
//
// @param id string  the node whose clauses to list
// @example id=machine-learning-engineer
MATCH (x:Node {id: $id})-[r:REQUIRES]->(p:Node)
WITH r.clause AS clause, r.position AS position, p
ORDER BY clause, position
WITH clause, collect(p.id) AS alternatives, collect(p.name) AS names
RETURN clause, alternatives, names,
       CASE size(alternatives) WHEN 1 THEN 'required' ELSE 'one of' END AS kind
ORDER BY clause
