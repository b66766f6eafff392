// The citations of every judgement of one authority, in one query anchored on its primary key.
// Params: $id
MATCH (a:Authority {id: $id})<-[:OF]-(j:Judgement)-[c:CITES]->(s:Source)
WHERE c.fact = j.id
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
