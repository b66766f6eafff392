// Every tenure at one authority's posts, optionally for some roles and a time range.
// Params: $authority_id, $roles ([] = any), $from, $until (ISO days; null = unbounded)
MATCH (p:Person)-[h:HELD]->(post:Post)-[:AT]->(a:Authority {id: $authority_id})
WHERE (size($roles) = 0 OR post.role IN $roles)
  AND h.possible_from <= coalesce($until, '9999-12-31')
  AND h.possible_until >= coalesce($from, '0001-01-01')
RETURN p.id AS person_id, p.name AS person, h.id AS id, post.role AS role, h.title AS title,
       a.id AS authority_id, a.name AS authority, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.start_note AS start_note, h.end_note AS end_note, h.interim AS interim, h.as_of AS as_of,
       h.origin AS origin, h.confidence AS confidence, h.source_ids AS source_ids
ORDER BY h.possible_from, p.name
