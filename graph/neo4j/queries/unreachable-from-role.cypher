// Nodes a role never leads to: not among its transitive prerequisites.
//
// Follows REQUIRES from the role through every alternative; whatever is not
// reached (apart from the role itself) is listed.  LEARN_ON is not followed,
// so platforms used only as resources are listed too.  An unknown role id
// gives no rows.
//
// @param role string  the id of one of the stored curriculum's roles
// @example role=machine-learning-engineer
MATCH (r:Node {id: $role})
OPTIONAL MATCH (r)-[:REQUIRES|HAS_PART*1..]->(p:Node)
WITH r, collect(DISTINCT p) AS needed
MATCH (n:Node)
WHERE n <> r AND NOT n IN needed
RETURN n.id AS id, n.name AS name, n.kind AS kind
ORDER BY id
