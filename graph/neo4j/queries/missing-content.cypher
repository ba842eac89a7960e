// Nodes a curriculum designer still has to write up.
//
// A node is listed when its description is empty, or when it has no
// LEARN_ON resource although it is something one studies (platforms, roles
// and milestones are not expected to have resources).  `missing` names what
// is absent.
MATCH (n:Node)
WITH n,
     n.description = '' AS no_description,
     NOT n.kind IN ['platform', 'role', 'milestone'] AND NOT (n)-[:LEARN_ON]->() AS no_resources
WHERE no_description OR no_resources
RETURN n.id AS id, n.kind AS kind,
       [what IN [CASE WHEN no_description THEN 'description' END,
                 CASE WHEN no_resources THEN 'resources' END] WHERE what IS NOT NULL] AS missing
ORDER BY id
