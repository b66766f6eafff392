// For one authority and grade: every tenure at its posts whose possible window overlaps
// each such judgement's inspection window (the scale benchmark's query; anchored on the authority).
// Params: $authority_id, $rating
MATCH (a:Authority {id: $authority_id})<-[:OF]-(j:Judgement)
WHERE j.overall = $rating AND j.insp_from IS NOT NULL
MATCH (a)<-[:AT]-(post:Post)<-[h:HELD]-(p:Person)
WHERE h.possible_from <= j.insp_until AND h.possible_until >= j.insp_from
RETURN j.id AS judgement, h.id AS tenure
