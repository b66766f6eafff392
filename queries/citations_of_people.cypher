// Every citation hanging on these people's nodes (tenures, commissioner posts), each person reached
// by primary key; the caller keeps the facts it asked for (a `c.fact IN $facts` filter here costs
// far more than the rows it saves). Params: $people
UNWIND $people AS pid
MATCH (p:Person {id: pid})-[c:CITES]->(s:Source)
RETURN c.fact AS fact, s.id AS source_id, c.spans AS spans, c.says AS says, c.note AS note, c.as_of AS as_of,
       c.locator AS locator
