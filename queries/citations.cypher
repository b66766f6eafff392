// Citations of facts, with their character spans. Params: $facts
MATCH (n)-[c:CITES]->(s:Source) WHERE c.fact IN $facts
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
