// People whose name (or an alias) has this lenient key. Params: $key
MATCH (p:Person) WHERE p.name_key = $key OR $key IN p.alias_keys
RETURN p.id AS id, p.name AS name, p.aliases AS aliases
