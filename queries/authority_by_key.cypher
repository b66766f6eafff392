// Authorities a lenient name key stands for (register names, aliases, core names), through the
// AuthorityKey table (a primary-key lookup; LadybugDB indexes primary keys only). Params: $key
MATCH (:AuthorityKey {key: $key})-[:AUTHORITY_KEY]->(a:Authority)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.region AS region, a.aliases AS aliases, a.valid_to AS valid_to
