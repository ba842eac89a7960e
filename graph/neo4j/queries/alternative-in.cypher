// Where a node can stand in for another: clauses that offer it among others.
//
// The reverse of `alternatives`: for each node with an OR clause naming this
// one, the clause number and all its alternatives in authored order.
//
// @param id string  the node offered as an alternative
// @example id=pytorch
MATCH (x:Node {id: $id})<-[:REQUIRES]-(d:Node)
WITH DISTINCT x, d
MATCH (d)-[r:REQUIRES]->(p:Node)
WITH x, d, r.clause AS clause, r.position AS position, p
ORDER BY position
WITH x, d, clause, collect(p) AS members
WHERE x IN members AND size(members) > 1
RETURN d.id AS for_node, clause, [m IN members | m.id] AS alternatives
ORDER BY for_node, clause
