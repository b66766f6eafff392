// Each post held, as person, authority and role only (the post carries its authority's id, so no
// hop to the authority): for finding who could have moved as a team before any row is read in full.
// No params.
MATCH (p:Person)-[:HELD]->(q:Post)
RETURN p.id AS person_id, q.authority_id AS authority_id, q.role AS role
