// Authorities a lenient name key stands for (register names, aliases, core names). Params: $key, $raw
MATCH (a:Authority) WHERE a.id = $raw OR $key IN a.name_keys
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.region AS region, a.aliases AS aliases, a.valid_to AS valid_to
