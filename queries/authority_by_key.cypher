// Authorities a lenient name key stands for (register names, aliases, core names), or the id given,
// through primary keys only (AuthorityKey, Authority). Params: $key, $raw
MATCH (:AuthorityKey {key: $key})-[:AUTHORITY_KEY]->(a:Authority)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.region AS region, a.aliases AS aliases, a.valid_to AS valid_to
UNION
MATCH (a:Authority {id: $raw})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.region AS region, a.aliases AS aliases, a.valid_to AS valid_to
