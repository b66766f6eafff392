// Citations of judgements, each read from its own node by primary key (`c.fact IN $facts` over
// every citation would scan them all). Params: $ids
UNWIND $ids AS jid
MATCH (j:Judgement {id: jid})-[c:CITES]->(s:Source)
WHERE c.fact = jid
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
