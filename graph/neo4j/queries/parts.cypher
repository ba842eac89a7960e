// The parts of a whole, transitively: everything knowing the whole means knowing.
//
// Follows HAS_PART from the whole to any depth; each part appears once.
// `direct` marks the whole's own parts, listed first in authored order
// (`position`), then the parts of parts by id; `whole` says whether a part
// has parts of its own.  A node without parts gives no rows.
//
// @param id string  the whole whose parts to list
// @example id=mathematics-for-ml
MATCH (w:Node {id: $id})-[:HAS_PART*1..]->(p:Node)
WITH DISTINCT w, p
OPTIONAL MATCH (w)-[own:HAS_PART]->(p)
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.effort_hours AS effort_hours,
       own IS NOT NULL AS direct, own.position AS position, EXISTS { (p)-[:HAS_PART]->() } AS whole
ORDER BY direct DESC, position, id
