// Nodes that lead nowhere: no node requires them or has them as a part, and
// they are not a role.
//
// A role is the natural end of a path, so roles are left out.  LEARN_ON does
// not count as being required: a platform only ever used as a learning
// resource is listed here too.  Curriculum designers should check that each
// dead end is meant to be a goal in itself.
MATCH (n:Node)
WHERE n.kind <> 'role' AND NOT ()-[:REQUIRES|HAS_PART]->(n)
RETURN n.id AS id, n.name AS name, n.kind AS kind
ORDER BY id
