// Every person's name and aliases, for lenient name matching.
MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.aliases AS aliases
