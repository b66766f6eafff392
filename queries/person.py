"""person: a career, each post with the authority's ratings before, during and after it."""

from __future__ import annotations

from typing import Any

from queries import Reader, holders_of, span_of, tenure_json
from queries.ratings import around


def career(reader: Reader, name: str) -> dict[str, Any]:
    person = reader.person(name)
    rows = reader.run("person_tenures", person_id=person["id"])
    rows.sort(key=lambda r: span_of(r).possible().lo)
    reader.prefetch_citations([r["id"] for r in rows], holders_of(rows))
    reader.prefetch_judgements([r["authority_id"] for r in rows])
    posts = []
    for i, row in enumerate(rows):
        span = span_of(row)
        entry = tenure_json(reader, row)
        entry["authority_id"] = row["authority_id"]
        entry["ratings"] = around(reader, row["authority_id"], span)
        if i + 1 < len(rows):
            entry["to_next"] = gap(span, span_of(rows[i + 1]))
        posts.append(entry)
    dates = sorted(str(d) for r in rows for d in [r.get("start"), *(r.get("as_of") or []),
                                                   None if r.get("end_inferred") else r.get("end")] if d)
    undated = [p for p in posts if p["start_kind"] == "unknown" and p["end_kind"] in ("open", "inferred")]
    places = sorted({str(p["authority"]) for p in posts})
    covered = f"{dates[0]}..{dates[-1]}" if dates else None
    held = {"posts": len(posts), "authorities": places, "dates": covered, "undated_posts": len(undated)}
    message = None
    if not posts:
        message = f"The data holds no posts for {person['name']}."
    elif undated or not dates:
        message = (f"The data holds {len(posts)} post(s) for {person['name']} at {', '.join(places)}"
                   f"{', dated ' + covered if covered else ''}; {len(undated)} of them have no date of their "
                   f"own in the sources, so when they were held is not known.")
    return {"person": person["name"], "id": person["id"], "aliases": list(person.get("aliases") or []),
            "posts": posts, "held": held, "message": message}


def gap(this: Any, nxt: Any) -> dict[str, Any]:
    """Days from the end of one post to the start of the next (negative: overlap), when known."""
    if this.end is None or nxt.start is None:
        return {"days": None, "note": "unknown: an end or a start is not in the sources"}
    days = (nxt.start.first() - this.end.first()).days
    exact = this.end.precision.value == "day" and nxt.start.precision.value == "day"
    return {"days": days, "kind": "overlap" if days < 0 else "gap",
            "note": "exact" if exact else f"approximate (dates known to {this.end.precision.value} / "
                                          f"{nxt.start.precision.value})"}
