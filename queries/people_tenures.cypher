// Tenures of the people who held a post at one authority (anchored there), for moves from or to it.
// Params: $authority_id
MATCH (:Authority {id: $authority_id})<-[:AT]-(:Post)<-[:HELD]-(p:Person)
WITH DISTINCT p
MATCH (p)-[h:HELD]->(post:Post)-[:AT]->(a:Authority)
RETURN p.id AS person_id, p.name AS person, h.id AS id, post.role AS role, h.title AS title,
       a.id AS authority_id, a.name AS authority, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.start_note AS start_note, h.end_note AS end_note, h.interim AS interim, h.as_of AS as_of,
       h.origin AS origin, h.confidence AS confidence, h.source_ids AS source_ids
ORDER BY p.id, h.possible_from
