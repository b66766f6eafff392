// Every authority's id and name (for views that add names to rows fetched by id). No params.
MATCH (a:Authority) RETURN a.id AS id, a.name AS name
