// Every citation hanging on these people's nodes (tenures, commissioner posts), for many people at
// once: the engine scans the citations (one query per person is cheaper for a few, see
// citations_of_person); the caller keeps the facts it asked for. Params: $people
UNWIND $people AS pid
MATCH (p:Person {id: pid})-[c:CITES]->(s:Source)
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
