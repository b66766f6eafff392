// People whose name (or an alias) has this lenient key, through the PersonKey table (a primary-key
// lookup: LadybugDB indexes primary keys only). Params: $key
MATCH (:PersonKey {key: $key})-[:PERSON_KEY]->(p:Person)
RETURN p.id AS id, p.name AS name, p.aliases AS aliases
