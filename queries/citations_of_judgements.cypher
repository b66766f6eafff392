// Citations of many judgements at once: the engine scans the citations (one query per judgement
// is cheaper for a few, see citations_of_judgement). Params: $ids
UNWIND $ids AS jid
MATCH (j:Judgement {id: jid})-[c:CITES]->(s:Source)
WHERE c.fact = jid
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
