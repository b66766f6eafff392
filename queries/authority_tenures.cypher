// Every tenure at one authority's posts, optionally for some roles and a time range.
// Params: $authority_id, $roles ([] = any), $from, $until (ISO days; null = unbounded).
// The match is anchored on the authority only: Reader.run applies $roles, $from and $until to
// the rows and orders them by possible_from, person (any WHERE here made LadybugDB 0.22 scan
// posts and join: 10x slower).
MATCH (a:Authority {id: $authority_id})<-[:AT]-(post:Post)<-[h:HELD]-(p:Person)
RETURN p.id AS person_id, p.name AS person, h.id AS id, post.role AS role, h.title AS title,
       a.id AS authority_id, a.name AS authority, h.start AS start, h.`end` AS `end`,
       h.end_inferred AS end_inferred, h.not_before AS not_before, h.start_note AS start_note, h.end_note AS end_note,
       h.interim AS interim, h.as_of AS as_of,
       h.origin AS origin, h.confidence AS confidence, h.source_ids AS source_ids,
       h.possible_from AS possible_from, h.possible_until AS possible_until
