// Every tenure of the people who held posts at two or more authorities: the only people who can
// have moved (for team moves over the whole graph). Params: $roles ([] = all)
MATCH (p:Person)-[:HELD]->(q:Post)-[:AT]->(b:Authority)
WHERE size($roles) = 0 OR q.role IN $roles
WITH p, count(DISTINCT b.id) AS places
WHERE places > 1
MATCH (p)-[h:HELD]->(post:Post)-[:AT]->(a:Authority)
WHERE size($roles) = 0 OR post.role IN $roles
RETURN p.id AS person_id, p.name AS person, h.id AS id, post.role AS role, h.title AS title,
       a.id AS authority_id, a.name AS authority, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.start_note AS start_note, h.end_note AS end_note, h.interim AS interim, h.as_of AS as_of,
       h.origin AS origin, h.confidence AS confidence, h.source_ids AS source_ids, h.possible_from AS possible_from
