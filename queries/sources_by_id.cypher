// Source documents by id. Params: $ids
MATCH (s:Source) WHERE s.id IN $ids
RETURN s.id AS id, s.url AS url, s.title AS title, s.publisher AS publisher,
       s.published AS published, s.file AS file
