// Source documents by id, each by its primary key (`IN $ids` would scan every source). Params: $ids
UNWIND $ids AS sid
MATCH (s:Source {id: sid})
RETURN s.id AS id, s.url AS url, s.title AS title, s.publisher AS publisher,
       s.published AS published, s.file AS file
