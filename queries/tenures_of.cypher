// Every tenure of several people at once. Params: $person_ids
MATCH (p:Person)-[h:HELD]->(post:Post)-[:AT]->(a:Authority)
WHERE p.id IN $person_ids
RETURN p.id AS person_id, p.name AS person, h.id AS id, post.role AS role, h.title AS title,
       a.id AS authority_id, a.name AS authority, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.start_note AS start_note, h.end_note AS end_note,
       h.interim AS interim, h.as_of AS as_of,
       h.origin AS origin, h.confidence AS confidence, h.source_ids AS source_ids, h.possible_from AS possible_from
ORDER BY p.id, h.possible_from
