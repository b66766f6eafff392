// The citations of one judgement, read from its own node by primary key (see citations_of_person).
// Params: $id
MATCH (j:Judgement {id: $id})-[c:CITES]->(s:Source)
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
