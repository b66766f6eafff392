// A person's tenures, with the authority of each post. Params: $person_id
MATCH (p:Person {id: $person_id})-[h:HELD]->(post:Post)-[:AT]->(a:Authority)
RETURN p.id AS person_id, p.name AS person, h.id AS id, post.role AS role, h.title AS title,
       a.id AS authority_id, a.name AS authority, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.start_note AS start_note, h.end_note AS end_note, h.interim AS interim, h.as_of AS as_of,
       h.origin AS origin, h.confidence AS confidence, h.source_ids AS source_ids, h.possible_from AS possible_from
ORDER BY h.possible_from, a.name
