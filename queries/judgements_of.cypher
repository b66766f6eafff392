// Judgements of several authorities in one query (views that draw many authorities fetch once).
// Params: $authority_ids
MATCH (j:Judgement)
WHERE j.authority_id IN $authority_ids
RETURN j.authority_id AS authority_id, j.id AS id, j.type AS type, j.title AS title, j.overall AS overall,
       j.inspection_start AS inspection_start, j.inspection_end AS inspection_end,
       j.published AS published, j.in_force_until AS in_force_until,
       j.help_and_protection AS help_and_protection, j.children_in_care AS children_in_care,
       j.care_leavers AS care_leavers, j.leadership AS leadership, j.adoption AS adoption,
       j.origin AS origin, j.confidence AS confidence, j.source_ids AS source_ids
ORDER BY j.authority_id, coalesce(j.insp_from, j.pub_from), j.id
