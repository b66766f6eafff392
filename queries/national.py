"""National views: every authority's grade in force on a day (or the judgements since a year), with leaders.

The grade in force is the last graded judgement published on or before the day, until the
next one is published (graph/model.py `Judgement.window("in-force")`). From April 2026 an
ILACS inspection gives sub-judgements and no overall grade: it ends the previous grade's
period, and the row says "no overall grade" rather than showing the old grade.
A council created by reorganisation that has no judgement of its own yet shows the grade
its predecessor had when it ended (`inherited_from`), said as such.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.dates import Certainty, PartialDate, Window, held_at
from graph.model import ratings
from queries import Reader, brief_source, check_role, judgement_of, span_of, tenure_json, SUB_KEYS

VISITS = ("monitoring_visit", "focused_visit", "jtai")


def _brief(row: dict[str, Any], sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": row["id"], "type": row.get("type"), "title": row.get("title") or None, "overall": row.get("overall"),
            "inspection_start": row.get("inspection_start"), "inspection_end": row.get("inspection_end"),
            "published": row.get("published"), "in_force_until": row.get("in_force_until"),
            "subjudgements": {k: row[k] for k in SUB_KEYS if row.get(k)},
            "sources": [brief_source(sources[i]) for i in row.get("source_ids") or [] if i in sources]}


def _counts(row: dict[str, Any]) -> bool:
    """Whether a judgement sets the grade in force: graded, or an ILACS inspection with sub-judgements only."""
    if row.get("type") in VISITS:
        return False
    return bool(row.get("overall")) or (row.get("type") == "ilacs" and any(row.get(k) for k in SUB_KEYS))


def in_force(rows: list[dict[str, Any]], day: dt.date) -> dict[str, Any] | None:
    """The judgement in force on a day among one authority's judgements."""
    best: tuple[dt.date, dict[str, Any]] | None = None
    for r in rows:
        if not _counts(r):
            continue
        w = judgement_of(r).window("in-force")
        if w is not None and w.lo <= day <= w.hi and (best is None or w.lo >= best[0]):
            best = (w.lo, r)
    return best[1] if best else None


def _day(at: str | None) -> dt.date:
    if not at:
        return dt.date.today()
    try:
        return PartialDate.parse(at).first()
    except ValueError as exc:
        raise ValueError(f"--at: {exc}") from exc


def exists_on(a: dict[str, Any], day: dt.date) -> bool:
    """The authority existed that day (register dates)."""
    return (not a.get("valid_from") or a["valid_from"] <= day.isoformat()) and \
        (not a.get("valid_to") or a["valid_to"] >= day.isoformat())


def grade_on(a: dict[str, Any], day: dt.date, authorities: list[dict[str, Any]],
             by_auth: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, Any] | None, str | None]:
    """The judgement in force that day, else (a new council with none yet) its predecessors' when they ended,
    with the predecessor's name."""
    found = in_force(by_auth.get(a["id"], []), day)
    if found is not None:
        return found, None
    for p in authorities:
        if a["id"] in (p.get("successors") or []) and p.get("valid_to"):
            pj = in_force(by_auth.get(p["id"], []), dt.date.fromisoformat(p["valid_to"]))
            if pj is not None:
                return pj, p["name"]
    return None, None


def national_rows(reader: Reader, role: str) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]],
                                                     dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """Everything a national view reads, fetched once: authorities, judgements and tenures by authority, sources."""
    role_filter = check_role(role)
    authorities = reader.run("all_authorities")
    judgements = reader.run("all_judgements")
    tenures = reader.run("all_tenures", roles=[role_filter] if role_filter else [])
    by_auth: dict[str, list[dict[str, Any]]] = {}
    for j in judgements:
        by_auth.setdefault(j["authority_id"], []).append(j)
    tenures_at: dict[str, list[dict[str, Any]]] = {}
    for t in tenures:
        tenures_at.setdefault(t["authority_id"], []).append(t)
    sources = {s["id"]: s for s in reader.sources(sorted({i for j in judgements for i in j.get("source_ids") or []}))}
    return authorities, by_auth, tenures_at, sources


def national_ratings(reader: Reader, at: str | None = None, rating: str | None = None, since: int | None = None,
                     role: str = "director_of_childrens_services") -> dict[str, Any]:
    if rating is not None and rating not in ratings():
        raise ValueError(f"unknown rating {rating!r}; expected one of: {', '.join(ratings())}")
    role_filter = check_role(role)
    authorities, by_auth, tenures_at, sources = national_rows(reader, role)
    names = {a["id"]: a for a in authorities}

    def leaders(auth_id: str, window: Window | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if window is None:
            return out
        for t in tenures_at.get(auth_id, []):
            c = held_at(span_of(t), window)
            if c is not Certainty.NO:
                out.append(tenure_json(reader, t, c.value))
        out.sort(key=lambda h: (h["certainty"] != "certain", h["person"]))
        return out

    rows: list[dict[str, Any]] = []
    if since is not None:
        for row in (j for js in by_auth.values() for j in js):  # the query's order: by authority, then date
            mark = row.get("published") or row.get("inspection_start")
            if not mark or int(mark[:4]) < since or row.get("type") in VISITS or not _counts(row):
                continue
            if rating and row.get("overall") != rating:
                continue
            a = names.get(row["authority_id"], {"name": row["authority"], "region": ""})
            rows.append({"authority": row["authority"], "authority_id": row["authority_id"], "region": a.get("region"),
                         "judgement": _brief(row, sources), "inherited_from": None,
                         "leaders": leaders(row["authority_id"], judgement_of(row).window("inspection")
                                            or judgement_of(row).window("published")), "leaders_dated_by": "inspection"})
        rows.sort(key=lambda r: (r["judgement"]["published"] or "", r["authority"]))
        title = f"judgements published since {since}" + (f", rated {rating}" if rating else "")
        day: dt.date | None = None
    else:
        day = _day(at)
        for a in authorities:
            if not exists_on(a, day):
                continue
            found, inherited = grade_on(a, day, authorities, by_auth)
            if rating and (found is None or found.get("overall") != rating):
                continue
            rows.append({"authority": a["name"], "authority_id": a["id"], "region": a.get("region"),
                         "judgement": _brief(found, sources) if found else None, "inherited_from": inherited,
                         "leaders": leaders(a["id"], Window(day, day)), "leaders_dated_by": "day"})
        title = f"grade in force on {day.isoformat()}" + (f", rated {rating}" if rating else "")
    with_leaders = sum(1 for r in rows if r["leaders"])
    graded = sum(1 for r in rows if r["judgement"] and r["judgement"]["overall"])
    summary = (f"{len(rows)} row(s); {graded} with an overall grade; leaders ({role_filter or 'any role'}) held for "
               f"{with_leaders}, none held for {len(rows) - with_leaders}")
    if since is None:
        summary += "; grades are Ofsted's; leaders come only from the curated and extracted facts"
    return {"at": day.isoformat() if day else None, "since": since, "rating": rating, "role": role_filter or "any",
            "title": title, "summary": summary, "rows": rows}
