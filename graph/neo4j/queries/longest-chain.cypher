// The longest chain of prerequisites, in learning order.
//
// A chain runs from an entry point (requires nothing) to a node nothing
// requires, each node being named in a clause of the next.  `length` counts
// the REQUIRES steps.  Ties go to the chain whose id list sorts first.
// Cost: it enumerates every maximal chain, which suits curricula of
// hundreds of nodes; for far larger graphs use networkx's dag_longest_path.
//
// @param limit int = 1  how many chains to return, longest first
MATCH p = (last:Node)-[:REQUIRES|HAS_PART*1..]->(first:Node)
WHERE NOT (first)-[:REQUIRES|HAS_PART]->() AND NOT ()-[:REQUIRES|HAS_PART]->(last)
WITH length(p) AS length, reverse([n IN nodes(p) | n.id]) AS chain
RETURN length, chain
ORDER BY length DESC, chain
LIMIT $limit
