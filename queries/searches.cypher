// Posts searched for and not found. Params: $authority_ids
MATCH (s:Search) WHERE s.authority_id IN $authority_ids
RETURN s.id AS id, s.authority_id AS authority_id, s.role AS role, s.published AS published,
       s.queries AS queries, s.note AS note
