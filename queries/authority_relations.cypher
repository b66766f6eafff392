// Interventions, improvement partnerships and successions touching one authority. Params: $authority_id
MATCH (s:Authority)-[r:IMPROVEMENT_PARTNER_OF|INTERVENED_IN|SUCCEEDED_BY]->(o:Authority)
WHERE s.id = $authority_id OR o.id = $authority_id
RETURN r.id AS id, r.kind AS kind, r.title AS title, r.start AS start, r.`end` AS `end`,
       s.name AS subject, o.name AS object, r.source_ids AS source_ids
ORDER BY r.start, r.id
