// Every source document, for analyses over the whole graph.
MATCH (s:Source)
RETURN s.id AS id, s.url AS url, s.title AS title, s.publisher AS publisher, s.published AS published, s.file AS file
