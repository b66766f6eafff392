"""coverage: per authority, how many judgements and leaders the data holds - what it can and cannot answer."""

from __future__ import annotations

from typing import Any

from graph.model import inspection_types, ratings
from queries import Reader
from queries.trail import UNNAMED

COUNTED_TYPES = ("slac", "cpi", "tlac", "sif", "ilacs", "focused_visit", "monitoring_visit", "jtai", "other")


def named_directors(reader: Reader, rating: str, since: int | None) -> dict[str, Any]:
    """For every judgement of a grade: is a named director held? If not, was one searched for?"""
    from queries.trail import trail

    t = trail(reader, rating, since)
    missing = []
    for r in t["results"]:
        if any(not h.get("unnamed") for h in r["holders"]):
            continue
        j = r["judgement"]
        gap = r.get("gap") or {}
        missing.append({"authority": j["authority"], "judgement": j["id"], "type": j["type"],
                        "published": j["published"], "inspection_start": j["inspection_start"],
                        "unnamed_holder": [h["person"] for h in r["holders"] if h.get("unnamed")],
                        "searched": bool(gap.get("searched")), "queries": gap.get("queries") or [],
                        "note": gap.get("note")})
    s = t["summary"]
    return {"rating": rating, "since": since, "judgements": s["judgements"], "with_named": s["with_named_holder"],
            "with_certain_named": s["with_certain_named_holder"],
            "with_named_seen_within_a_year": s["with_named_holder_seen_within_a_year"],
            "share": round(s["with_named_holder"] / s["judgements"], 3) if s["judgements"] else None,
            "without_named": missing}


def coverage(reader: Reader, rating: str | None = None, since: int | None = None) -> dict[str, Any]:
    if rating is not None and rating not in ratings():
        raise ValueError(f"unknown rating {rating!r}; expected one of: {', '.join(ratings())}")
    authorities = reader.run("all_authorities")
    judgements = reader.run("all_judgements")
    tenures = reader.run("all_tenures", roles=[])
    types = [t for t in COUNTED_TYPES if t in inspection_types()] + \
        [t for t in inspection_types() if t not in COUNTED_TYPES]
    rows: dict[str, dict[str, Any]] = {}
    for a in authorities:
        rows[a["id"]] = {"authority": a["name"], "id": a["id"], "current": not a.get("valid_to"),
                         "valid_to": a.get("valid_to") or None, "successors": list(a.get("successors") or []),
                         "judgements": 0, "graded": 0, "by_type": {}, "by_rating": {}, "first": None, "last": None,
                         "leaders": 0, "unnamed_seats": 0, "tenures": 0}
    for j in judgements:
        r = rows.get(j["authority_id"])
        if r is None or (rating and j.get("overall") != rating):
            continue
        r["judgements"] += 1
        r["by_type"][j["type"]] = r["by_type"].get(j["type"], 0) + 1
        if j.get("overall"):
            r["graded"] += 1
            r["by_rating"][j["overall"]] = r["by_rating"].get(j["overall"], 0) + 1
        mark = j.get("published") or j.get("inspection_start")
        if mark:
            r["first"] = min(r["first"] or mark, mark)
            r["last"] = max(r["last"] or mark, mark)
    people: dict[str, set[str]] = {}
    for t in tenures:
        r = rows.get(t["authority_id"])
        if r is None:
            continue
        r["tenures"] += 1
        if t["person_id"].startswith(UNNAMED):
            r["unnamed_seats"] = r.get("unnamed_seats", 0) + 1
            continue
        people.setdefault(t["authority_id"], set()).add(t["person_id"])
    for auth_id, ps in people.items():
        rows[auth_id]["leaders"] = len(ps)
    out = sorted(rows.values(), key=lambda r: (not r["current"], r["authority"]))
    current = [r for r in out if r["current"]]
    totals = {"authorities": len(out), "current": len(current), "judgements": sum(r["judgements"] for r in out),
              "graded": sum(r["graded"] for r in out), "with_leaders": sum(1 for r in out if r["leaders"]),
              "current_without_graded_ilacs": sum(1 for r in current if not any(
                  j["authority_id"] == r["id"] and j["type"] == "ilacs" and j.get("overall") for j in judgements)),
              "current_without_leaders": sum(1 for r in current if not r["leaders"])}
    result = {"rating": rating, "types": types, "authorities": out, "totals": totals}
    if rating is not None:
        result["named_directors"] = named_directors(reader, rating, since)
    return result
