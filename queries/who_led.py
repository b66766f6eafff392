"""who-led: the holders of an authority's posts at each of its judgements.

Judgements are dated by inspection, publication or period in force (`at`);
each holder comes with `certain` or `possible`, never hidden.
"""

from __future__ import annotations

from typing import Any

from graph.dates import Certainty, held_at
from queries import Reader, check_role, holders_of, judgement_json, judgement_of, span_of, tenure_json

AT_CHOICES = ("inspection", "published", "in-force")


def who_led(reader: Reader, authority: str, rating: str | None = None,
            role: str = "director_of_childrens_services", at: str = "inspection") -> dict[str, Any]:
    if at not in AT_CHOICES:
        raise ValueError(f"--at must be one of {', '.join(AT_CHOICES)}, not {at!r}")
    if rating is not None:
        from queries.labels import parse_rating

        rating = parse_rating(rating)
    role_filter = check_role(role)
    auth = reader.authority(authority)
    all_judgements = reader.judgements(auth.id)
    judgements = [j for j in all_judgements if rating is None or j.get("overall") == rating]
    tenures = reader.run("authority_tenures", authority_id=auth.id,
                         roles=[role_filter] if role_filter else [], **{"from": None, "until": None})
    placed = []  # each judgement's window and the tenures that may cover it, before anything is fetched
    for row in judgements:
        window = judgement_of(row).window(at)
        cover = [] if window is None else [(t, held_at(span_of(t), window)) for t in tenures]
        placed.append((row, window, [(t, c) for t, c in cover if c is not Certainty.NO]))
    shown = list({t["id"]: t for _, _, ts in placed for t, _ in ts}.values())
    reader.prefetch_judgements([auth.id])
    reader.prefetch_citations([t["id"] for t in shown], holders_of(shown), authority=auth.id if len(shown) > 3 else None)
    results = []
    for row, window, covering in placed:
        holders = [tenure_json(reader, t, certainty.value) for t, certainty in covering]
        holders.sort(key=lambda h: (h["certainty"] != "certain", h["role"], h["person"]))
        result = {"judgement": judgement_json(reader, row), "holders": holders}
        if window is None:
            result["note"] = f"this judgement has no {at} date in the sources, so no holder can be placed"
        results.append(result)
    from queries.holdings import authority_holdings, holdings_text
    from queries.labels import rating_label, role_label

    held = authority_holdings(reader, auth.id, all_judgements, tenures if role_filter is None else None)
    message = None
    if not results or not any(r["holders"] for r in results):
        what = f"{rating_label(rating)} judgements" if rating else "judgements"
        who = role_label(role_filter) if role_filter else "post"
        message = (f"No {who} holders of {auth.name} can be placed at its {what}: "
                   + ("none are held. " if not results else "the sources name none for those dates. ")
                   + holdings_text(auth.name, held, role_filter))
    out = {"authority": auth.name, "authority_id": auth.id, "role": role_filter or "any", "at": at,
           "rating": rating, "leaders_held": len({t["person_id"] for t in tenures}), "results": results,
           "held": held, "message": message}
    if not tenures:
        out["note"] = (f"no leader ({role_filter or 'any role'}) of {auth.name} is held in the data, at any date: "
                       "the judgements are Ofsted's record, who led then is not known here")
    elif not results:
        out["note"] = f"no {rating + ' ' if rating else ''}judgement of {auth.name} is held in the data"
    return out
