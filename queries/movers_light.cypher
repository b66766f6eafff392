// The tenures of the people who held posts at two or more authorities, with only what ordering
// moves and finding teams needs (ids and dates: names and titles are fetched for what is shown).
// Params: $roles ([] = all)
MATCH (p:Person)-[:HELD]->(q:Post)-[:AT]->(b:Authority)
WHERE size($roles) = 0 OR q.role IN $roles
WITH p, count(DISTINCT b.id) AS places
WHERE places > 1
MATCH (p)-[h:HELD]->(post:Post)-[:AT]->(a:Authority)
WHERE size($roles) = 0 OR post.role IN $roles
RETURN p.id AS person_id, h.id AS id, post.role AS role, a.id AS authority_id, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.as_of AS as_of, h.possible_from AS possible_from
