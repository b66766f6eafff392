// Every council in the register (not Ofsted or the DfE), with its successors. No params.
MATCH (a:Authority)
WHERE NOT a.id STARTS WITH 'org:'
OPTIONAL MATCH (a)-[s:SUCCEEDED_BY]->(b:Authority)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.region AS region, a.valid_from AS valid_from,
       a.valid_to AS valid_to, collect(b.id) AS successors
ORDER BY a.name, a.id
