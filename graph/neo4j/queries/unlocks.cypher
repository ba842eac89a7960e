// What a node opens up: every node that needs it, directly or indirectly.
//
// Follows REQUIRES and HAS_PART backwards.  A node counts even when it lists this one as
// one alternative among several, since learning this one is a way to reach
// it.  `direct` marks nodes naming it in one of their own clauses.
//
// @param id string  the node whose dependents to list
// @example id=linear-algebra
MATCH (x:Node {id: $id})<-[:REQUIRES|HAS_PART*1..]-(d:Node)
WITH DISTINCT x, d
RETURN d.id AS id, d.name AS name, d.kind AS kind,
       EXISTS { (d)-[:REQUIRES|HAS_PART]->(x) } AS direct
ORDER BY direct DESC, id
