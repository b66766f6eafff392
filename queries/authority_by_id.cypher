// The authority with this id (a GSS code or org: id), by primary key. Params: $id
MATCH (a:Authority {id: $id})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.region AS region, a.aliases AS aliases, a.valid_to AS valid_to
