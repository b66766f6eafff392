// Authorities whose children's services passed to this one (local government reorganisation).
// Params: $authority_id
MATCH (p:Authority)-[r:SUCCEEDED_BY]->(a:Authority {id: $authority_id})
RETURN p.id AS id, p.name AS name, r.start AS start, r.source_ids AS source_ids
ORDER BY r.start, p.name
