// Every citation hanging on one person's node (tenures, commissioner posts), by primary key.
// One query per person: an UNWIND over several people makes the engine scan every source. Params: $id
MATCH (p:Person {id: $id})-[c:CITES]->(s:Source)
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
