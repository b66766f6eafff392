"""authority: one authority's timeline of leaders, judgements and interventions."""

from __future__ import annotations

from typing import Any

from queries import Reader, brief_source, holders_of, judgement_json, tenure_json


def timeline(reader: Reader, name: str, role: str | None = None) -> dict[str, Any]:
    auth = reader.authority(name)
    tenures = reader.run("authority_tenures", authority_id=auth.id, roles=[role] if role else [],
                         **{"from": None, "until": None})
    judgements = reader.judgements(auth.id)
    relations = reader.run("authority_relations", authority_id=auth.id)
    reader.prefetch_judgements([auth.id])
    reader.prefetch_citations([t["id"] for t in tenures], holders_of(tenures), authority=auth.id)
    events: list[dict[str, Any]] = []
    for t in tenures:
        date = t.get("start") or (t["as_of"][0] if t.get("as_of") else None) or t.get("end")
        events.append({"kind": "tenure", "date": date, "sort": date or "9999", **tenure_json(reader, t)})
    for j in judgements:
        date = j.get("inspection_start") or j.get("published")
        events.append({"kind": "judgement", "date": date, "sort": date or "9999", **judgement_json(reader, j)})
    for r in relations:
        events.append({"kind": "relation", "date": r.get("start"), "sort": r.get("start") or "9999",
                       "relation": r["kind"], "title": r.get("title"), "subject": r["subject"],
                       "object": r["object"], "start": r.get("start"), "end": r.get("end"),
                       "sources": [brief_source(s) for s in reader.sources(r.get("source_ids") or [])]})
    predecessors = _predecessors(reader, auth.id)
    for pred in predecessors:  # a successor's timeline shows the history of the councils it replaced
        for j in reader.run("authority_judgements", authority_id=pred["id"]):
            date = j.get("inspection_start") or j.get("published")
            events.append({"kind": "judgement", "date": date, "sort": date or "9999", "predecessor": pred["name"],
                           "predecessor_id": pred["id"], **judgement_json(reader, j)})
    events.sort(key=lambda e: (e["sort"], e["kind"]))
    for e in events:
        e.pop("sort")
    from queries.holdings import authority_holdings, holdings_text

    held = authority_holdings(reader, auth.id, judgements, tenures)
    message = holdings_text(auth.name, held) if not tenures or not judgements else None
    return {"authority": auth.name, "id": auth.id, "kind": auth.kind, "region": auth.region,
            "predecessors": predecessors, "events": events, "held": held, "message": message}



def _predecessors(reader: Reader, authority_id: str, depth: int = 0) -> list[dict[str, Any]]:
    """The authorities this one succeeded, and theirs (SUCCEEDED_BY, followed back a few steps)."""
    out = []
    for p in reader.run("authority_predecessors", authority_id=authority_id):
        out.append({"id": p["id"], "name": p["name"], "until": p.get("start"),
                    "sources": [brief_source(s) for s in reader.sources(p.get("source_ids") or [])]})
        if depth < 3:
            out += _predecessors(reader, p["id"], depth + 1)
    return out
