"""trail: the leaders in post when councils were rated a grade, and where they went next.

The national question ("do leaders carry failure from one council to the
next?") asked of the data: for every judgement of a grade since a year, the
holders of a role at the inspection (certain or possible, never hidden), each
named holder's later posts anywhere with the grades those authorities got
while they held them, and a summary with the coverage it rests on. A holder
known only from Ofsted's unnamed statement of time in post is listed as such and
never followed (there is no name to follow).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from graph.dates import Certainty, held_at
from graph.model import ratings
from queries import Reader, check_role, holders_of, judgement_json, judgement_of, span_of, tenure_json
from queries.ratings import around

LEAD_ROLES = ("director_of_childrens_services", "chief_executive")
UNNAMED = "person:unnamed-"
NEAR_DAYS = 365  # a 'possible' holder counts as near when a source places them within a year of the inspection


def evidence_gap(tenure: dict[str, Any], window: Any) -> int | None:
    """Days between the judgement and the nearest date a source gives for this post (0: overlapping).

    'possible' covers a holder last seen years away when their start or end is unknown; the gap says how
    far the nearest evidence is, so a reader can weigh it.
    """
    span = span_of(tenure)
    marks = [m for m in [span.start, None if span.end_inferred else span.end, *span.as_of] if m is not None]
    gaps = []
    for m in marks:
        if m.last() < window.lo:
            gaps.append((window.lo - m.last()).days)
        elif m.first() > window.hi:
            gaps.append((m.first() - window.hi).days)
        else:
            gaps.append(0)
    return min(gaps) if gaps else None


def _when(row: dict[str, Any]) -> dt.date | None:
    j = judgement_of(row)
    mark = j.inspection_start or j.published or j.inspection_end
    return mark.first() if mark else None


def _later(tenure: dict[str, Any], failing: dict[str, Any], after: dt.date) -> bool:
    """A post that began after the failing judgement (or is first seen after it), other than the failing post."""
    if tenure["id"] == failing["id"]:
        return False
    span = span_of(tenure)
    begin = span.start.first() if span.start else (span.as_of[0].first() if span.as_of else None)
    return begin is not None and begin > after


def trail(reader: Reader, rating: str = "inadequate", since: int | None = 2013,
          role: str = "director_of_childrens_services") -> dict[str, Any]:
    if rating not in ratings():
        raise ValueError(f"unknown rating {rating!r}; expected one of: {', '.join(ratings())}")
    role_filter = check_role(role)
    rows = [r for r in reader.run("trail_judgements", rating=rating)
            if since is None or ((_when(r) or dt.date.min).year >= since)]
    auth_ids = sorted({r["authority_id"] for r in rows})
    tenures = reader.run("tenures_at", authority_ids=auth_ids, roles=[role_filter] if role_filter else [])
    by_auth: dict[str, list[dict[str, Any]]] = {}
    for t in tenures:
        by_auth.setdefault(t["authority_id"], []).append(t)
    searched: dict[str, list[dict[str, Any]]] = {}
    for s in reader.run("searches", authority_ids=auth_ids):
        searched.setdefault(s["authority_id"], []).append(s)

    failing: list[tuple[dict[str, Any], list[tuple[dict[str, Any], str]]]] = []
    for r in rows:
        window = judgement_of(r).window("inspection") or judgement_of(r).window("published")
        held = []
        for t in by_auth.get(r["authority_id"], []) if window else []:
            c = held_at(span_of(t), window)  # type: ignore[arg-type]
            if c is not Certainty.NO:
                held.append(({**t, "_gap": 0 if c is Certainty.CERTAIN else evidence_gap(t, window)}, c.value))
        held.sort(key=lambda h: (h[1] != "certain", h[0]["person"]))
        failing.append((r, held))

    named_ids = sorted({t["person_id"] for _, held in failing for t, _ in held if not t["person_id"].startswith(UNNAMED)})
    careers: dict[str, list[dict[str, Any]]] = {}
    for t in reader.run("tenures_of", person_ids=named_ids) if named_ids else []:
        careers.setdefault(t["person_id"], []).append(t)
    later_auths = sorted({t["authority_id"] for ts in careers.values() for t in ts})
    judgements: dict[str, list[dict[str, Any]]] = {}
    for j in reader.run("judgements_at", authority_ids=later_auths) if later_auths else []:
        if j.get("overall"):
            judgements.setdefault(j["authority_id"], []).append(j)

    shown = [t for _, held in failing for t, _ in held] + [t for ts in careers.values() for t in ts]
    reader.prefetch_citations([r["id"] for r in rows] + [t["id"] for t in shown], holders_of(shown))
    results: list[dict[str, Any]] = []
    leaders: dict[str, dict[str, Any]] = {}
    for r, held in failing:
        when = _when(r) or dt.date.min
        entry_holders = []
        for t, certainty in held:
            h = tenure_json(reader, t, certainty)
            h["evidence_gap_days"] = t["_gap"]
            if t["person_id"].startswith(UNNAMED):
                h["unnamed"] = True
                h["next_posts"] = None
                h["note"] = "known only from Ofsted's statement of time in post; no name to follow"
            else:
                nxt = []
                for later in careers.get(t["person_id"], []):
                    if not _later(later, t, when):
                        continue
                    post = tenure_json(reader, later)
                    post["authority_id"] = later["authority_id"]
                    during = around(reader, later["authority_id"], span_of(later),
                                    judgements.get(later["authority_id"], []))["during"]
                    post["ratings_during"] = [j for j in during  # only what came after the failing judgement
                                              if (j.get("published") or j.get("inspection_start") or "") > str(when)]
                    nxt.append(post)
                h["next_posts"] = nxt
                lead = leaders.setdefault(t["person_id"], {"person": t["person"], "failing": [], "next": {}})
                lead["failing"].append(r["id"])
                for post in nxt:
                    lead["next"][(post["authority"], post["role"], post["start"])] = post
            entry_holders.append(h)
        named = [h for h in entry_holders if not h.get("unnamed")]
        result: dict[str, Any] = {"judgement": {**judgement_json(reader, r), "authority": r["authority"]},
                  "holders": entry_holders}
        if not named:
            tried = searched.get(r["authority_id"], [])
            pub = r.get("published") or ""
            hits = [x for x in tried if (x.get("published") or "")[:7] == pub[:7]] or tried
            result["gap"] = ({"searched": True, "queries": hits[0]["queries"], "note": hits[0]["note"]} if hits
                             else {"searched": False, "note": "no search for this post is recorded"})
        results.append(result)

    moved_to_lead: list[str] = []
    followed: Counter[str] = Counter()
    for pid, lead in leaders.items():
        leads = [p for p in lead["next"].values() if p["role"] in LEAD_ROLES]
        if any(p["authority_id"] not in {r["authority_id"] for r, held in failing if any(t["person_id"] == pid
                                                                                         for t, _ in held)}
               for p in leads):
            moved_to_lead.append(lead["person"])
        for p in leads:
            for j in p["ratings_during"]:
                followed[f"{j['overall']} ({j['certainty']})"] += 1
    with_named = sum(1 for r in results if any(not h.get("unnamed") for h in r["holders"]))
    with_certain = sum(1 for r in results if any(not h.get("unnamed") and h["certainty"] == "certain"
                                                 for h in r["holders"]))
    near = sum(1 for r in results if any(not h.get("unnamed") and h["evidence_gap_days"] is not None
                                         and h["evidence_gap_days"] <= NEAR_DAYS for h in r["holders"]))
    unnamed_only = sum(1 for r in results if r["holders"] and all(h.get("unnamed") for h in r["holders"]))
    summary = {
        "judgements": len(results),
        "with_named_holder": with_named,
        "with_certain_named_holder": with_certain,
        "with_named_holder_seen_within_a_year": near,
        "with_unnamed_holder_only": unnamed_only,
        "searched_not_found": sum(1 for r in results if r.get("gap", {}).get("searched")),
        "not_searched": sum(1 for r in results if r.get("gap") and not r["gap"]["searched"]),
        "leaders_named": len(leaders),
        "moved_on_to_lead_another_authority": sorted(moved_to_lead),
        "ratings_during_later_lead_posts": dict(sorted(followed.items())),
        "caveat": (f"only {with_named} of {len(results)} judgements have a named holder in the sources held "
                   f"({with_certain} certainly in post, {near} certain or seen within a year of the inspection); "
                   "later posts are those the sources show, so a leader with none listed may have moved on "
                   "unrecorded; 'possible' holders may not have been in post at the inspection"),
    }
    return {"rating": rating, "since": since, "role": role_filter or "any", "summary": summary,
            "results": results}
