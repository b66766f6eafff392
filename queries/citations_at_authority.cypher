// The citations of every tenure at one authority, in one query anchored on its primary key (the
// citations hang on each holder's node; `c.fact = h.id` keeps those of posts here). Params: $id
MATCH (a:Authority {id: $id})<-[:AT]-(:Post)<-[h:HELD]-(:Person)-[c:CITES]->(s:Source)
WHERE c.fact = h.id
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
