"""moves: people who held a post at one authority and later one at another, and team moves.

A move is ordered by each tenure's earliest evidence (its start, else its first
sighting); `order_basis` says which. Team moves are people whose arrivals at the
same destination, from the same origin, fall within `within_years` of each other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from queries import Reader, holders_of, span_of, tenure_json
from queries.ratings import _issued, around, graded

NOT_EMPLOYMENT = ("commissioner", "inspector", "improvement_adviser")
BODIES = ("org:ofsted", "org:dfe")
DEFAULT_WITHIN_YEARS = 3.0
LEAD_FIRST = ("director_of_childrens_services", "chief_executive")


def _first_evidence(row: dict[str, Any]) -> tuple[dt.date, str]:
    """The earliest day a tenure is known to touch: its start, first sighting, or (failing both) its end."""
    span = span_of(row)
    if span.start is not None:
        return span.start.first(), "start"
    if span.as_of:
        return span.as_of[0].first(), "sighting"
    if span.end is not None and not span.end_inferred:
        return span.end.first(), "end"
    return dt.date.max, "unknown"


def _flat_ratings(reader: Reader, row: dict[str, Any], cache: dict[Any, Any]) -> list[dict[str, Any]]:
    if ("ratings", row["id"]) in cache:  # a post can end one move and start another
        return [dict(j) for j in cache[("ratings", row["id"])]]
    if row["authority_id"] not in cache:
        rows = graded(reader, row["authority_id"])
        cache[row["authority_id"]] = (rows, [_issued(j) for j in rows])
    rows, issued_on = cache[row["authority_id"]]
    r = around(reader, row["authority_id"], span_of(row), rows, issued_on)
    out = [{**r["before"], "relative": "in force at start"}] if r["before"] else []
    out += [{**d, "relative": "during"} for d in r["during"]]
    if r["after"]:
        out.append({**r["after"], "relative": "after"})
    cache[("ratings", row["id"])] = out
    return [dict(j) for j in out]


def find_moves(reader: Reader, from_authority: str | None = None, to_authority: str | None = None,
               within_years: float = DEFAULT_WITHIN_YEARS, role_filter: list[str] | None = None,
               teams_only: bool = False, detail: bool = True) -> dict[str, Any]:
    """Moves and team moves. `teams_only`: only the moves of people in a team, each in full (the
    teams are found on the light form of every move first). `detail=False`: every move in its light
    form (people, places, dates; no ratings or sources) for views that draw the flows."""
    import math

    from queries.labels import parse_role

    if not isinstance(within_years, (int, float)) or not math.isfinite(within_years) or not 0 <= within_years <= 200:
        raise ValueError(f"--within must be a number of years from 0 to 200, not {within_years}")
    role_filter = [r for r in (parse_role(x) for x in role_filter or []) if r]
    a = reader.authority(from_authority) if from_authority else None
    b = reader.authority(to_authority) if to_authority else None
    anchor = a or b
    if anchor is not None:  # anchored on the authority the user named
        rows = reader.run("people_tenures", authority_id=anchor.id)
        if role_filter:
            rows = [r for r in rows if r["role"] in role_filter]
    elif teams_only:  # only people who could be in a team, their tenures in full, each person by key
        rows = sorted(_tenures_of(reader, _team_candidates(reader, role_filter)),
                      key=lambda r: (r["person_id"], r.get("possible_from") or "", r["id"]))
    else:
        # only the people with posts at two or more authorities can have moved (chosen in the engine);
        # sorted here, not by the engine (a sort of every row cost more than the query). Teams and
        # flows need only ids and dates: names are added after, the full rows fetched for what is shown.
        light_rows = not detail
        rows = sorted(reader.run_arrow("movers_light" if light_rows else "movers_tenures",
                                       roles=list(role_filter or [])).to_pylist(),
                      key=lambda r: (r["person_id"], r["possible_from"] or "", r["id"]))
        if light_rows:
            _add_names(reader, rows)
    if not role_filter:
        rows = [r for r in rows if r["role"] not in NOT_EMPLOYMENT]
    rows = [r for r in rows if r["authority_id"] not in BODIES]
    found = _pairs(rows, a.id if a else None, b.id if b else None)
    light = [_light_move(src, dst, direct) for src, dst, direct in found]
    light.sort(key=lambda m: (m["to"]["first_evidence"], m["person"]))
    teams = group_teams(light, within_years, keys=True)
    if teams_only:
        members = {(t["from_id"], t["to_id"], p) for t in teams for p in t["person_ids"]}
        found = [f for f in found if (f[0]["authority_id"], f[1]["authority_id"], f[0]["person_id"]) in members]
    if detail:
        used = [r for f in found for r in f[:2]]
        # what the moves show, fetched once and by key: judgements of the authorities involved,
        # sources, and citations (for disagreements), not one query per move
        reader.prefetch_judgements([r["authority_id"] for r in used])
        reader.prefetch_citations([r["id"] for r in used], holders_of(used))
        reader.sources(sorted({s for r in used for s in r.get("source_ids") or []}))
        cache: dict[Any, Any] = {}
        moves = [_move(reader, src, dst, direct, cache) for src, dst, direct in found]
        moves.sort(key=lambda m: (m["to"]["first_evidence"], m["person"]))
    else:
        moves = light
    message = None
    if teams_only and not teams:
        message = f"No two people moved between the same authorities within {within_years:g} years."
    elif not light:
        from queries.holdings import authority_holdings, holdings_text

        named = [x for x in (a, b) if x is not None]
        message = "No moves found" + (f" from {a.name}" if a else "") + (f" to {b.name}" if b else "") + "."
        for x in named:
            message += " " + holdings_text(x.name, authority_holdings(reader, x.id))
    for t in teams:
        t.pop("from_id"), t.pop("to_id"), t.pop("person_ids")
    return {"from": a.name if a else None, "to": b.name if b else None, "within_years": within_years,
            "moves": moves, "teams": teams, "message": message}


def _team_candidates(reader: Reader, roles: list[str]) -> list[str]:
    """The people who could be in a team: with posts at two authorities A and B that at least one other
    person also held posts at. A necessary condition for a team move, worked out on ids in Arrow, so the
    exact rule (ordering, one move per pair, arrivals within the years) runs on these people only."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = reader.run_arrow("person_places")
    keep = pc.invert(pc.is_in(t["authority_id"], value_set=pa.array(BODIES)))
    keep = pc.and_(keep, pc.is_in(t["role"], value_set=pa.array(roles)) if roles else
                   pc.invert(pc.is_in(t["role"], value_set=pa.array(NOT_EMPLOYMENT))))
    t = t.filter(keep).group_by(["person_id", "authority_id"]).aggregate([])
    places = t.group_by("person_id").aggregate([("authority_id", "count")])
    movers = places.filter(pc.greater(places["authority_id_count"], 1))["person_id"]
    t = t.filter(pc.is_in(t["person_id"], value_set=movers.combine_chunks()))
    both = t.join(t, "person_id", right_suffix="_b", join_type="inner")
    both = both.filter(pc.not_equal(both["authority_id"], both["authority_id_b"]))
    shared = both.group_by(["authority_id", "authority_id_b"]).aggregate([("person_id", "count_distinct")])
    shared = shared.filter(pc.greater(shared["person_id_count_distinct"], 1)).select(["authority_id", "authority_id_b"])
    return sorted(pc.unique(both.join(shared, ["authority_id", "authority_id_b"], join_type="inner")["person_id"]).to_pylist())


def _add_names(reader: Reader, rows: list[dict[str, Any]]) -> None:
    """Names of the people and authorities of light rows, from one query each."""
    people = reader.run_arrow("people")
    names = dict(zip(people["id"].to_pylist(), people["name"].to_pylist()))
    places = {a["id"]: a["name"] for a in reader.run("authority_names")}
    for r in rows:
        r["person"], r["authority"] = names[r["person_id"]], places[r["authority_id"]]


def _tenures_of(reader: Reader, person_ids: list[str]) -> list[dict[str, Any]]:
    """One primary-key query per person: about a millisecond each, where `p.id IN $ids` compares every
    post held with every id (minutes for a few hundred people at 10^6 edges)."""
    return [r for p in person_ids for r in reader.run("person_tenures", person_id=p)]


def _pairs(rows: list[dict[str, Any]], a: str | None, b: str | None) -> list[tuple[dict[str, Any], dict[str, Any], bool]]:
    """Each person's moves as (post left, post taken, direct), from their tenures ordered by first evidence."""
    by_person: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_person.setdefault(r["person_id"], []).append(r)
    first = {r["id"]: _first_evidence(r)[0] for r in rows}  # computed once per tenure, not once per pair
    out = []
    for person_rows in by_person.values():
        ordered = sorted(person_rows, key=lambda r: (first[r["id"]], r["role"] not in LEAD_FIRST))
        pairs: dict[tuple[str, str], tuple[int, int]] = {}
        for i, src in enumerate(ordered):
            for j in range(i + 1, len(ordered)):
                dst = ordered[j]
                if dst["authority_id"] == src["authority_id"]:
                    continue
                if first[dst["id"]] <= first[src["id"]]:
                    continue  # same first evidence: concurrent posts (e.g. a job share), not a move
                if a and src["authority_id"] != a or b and dst["authority_id"] != b:
                    continue
                key = (src["authority_id"], dst["authority_id"])
                # one move per person and pair: the first post at B, and the last post at A before it
                if key not in pairs or (j, -i) < (pairs[key][1], -pairs[key][0]):
                    pairs[key] = (i, j)
        for i, j in pairs.values():
            between = {r["authority_id"] for r in ordered[i + 1:j]} - {ordered[i]["authority_id"],
                                                                          ordered[j]["authority_id"]}
            out.append((ordered[i], ordered[j], not between))
    return out


def _light_move(src: dict[str, Any], dst: dict[str, Any], direct: bool) -> dict[str, Any]:
    """A move's people, places and dates only: enough to find teams and draw flows."""
    def side(row: dict[str, Any]) -> dict[str, Any]:
        first, basis = _first_evidence(row)
        return {"id": row["id"], "authority": row["authority"], "authority_id": row["authority_id"],
                "role": row["role"], "start": row["start"], "end": row["end"],
                "first_evidence": first.isoformat(), "basis": basis}

    s, d = side(src), side(dst)
    return {"person": src["person"], "person_id": src["person_id"], "from": s, "to": d, "direct": direct,
            "gap_days": _gap(src, dst),
            "order_basis": "dates" if s["basis"] == d["basis"] == "start" else "sightings"}


def _gap(src: dict[str, Any], dst: dict[str, Any]) -> int | None:
    s_span, d_span = span_of(src), span_of(dst)
    if s_span.end is not None and d_span.start is not None:
        return (d_span.start.first() - s_span.end.first()).days
    return None


def _move(reader: Reader, src: dict[str, Any], dst: dict[str, Any], direct: bool,
          cache: dict[Any, Any]) -> dict[str, Any]:
    d_first, d_basis = _first_evidence(dst)
    s_first, s_basis = _first_evidence(src)

    def side(row: dict[str, Any], first: dt.date, basis: str) -> dict[str, Any]:
        if ("side", row["id"]) in cache:  # a post can end one move and start another
            return dict(cache[("side", row["id"])])
        t = tenure_json(reader, row)
        cache[("side", row["id"])] = out = {
            "id": row["id"], "authority": row["authority"], "authority_id": row["authority_id"],
            "role": row["role"], "title": row["title"], "start": row["start"], "end": row["end"],
            **{k: t[k] for k in ("start_kind", "end_kind", "start_text", "end_text", "when", "disputed")},
            "end_inferred": bool(row["end_inferred"]), "interim": bool(row["interim"]),
            "as_of": list(row["as_of"] or []), "first_evidence": first.isoformat(), "basis": basis,
            "sources": t["sources"]}
        return dict(out)

    return {"person": src["person"], "person_id": src["person_id"],
            "from": side(src, s_first, s_basis), "to": side(dst, d_first, d_basis),
            "direct": direct, "gap_days": _gap(src, dst),
            "order_basis": "dates" if s_basis == d_basis == "start" else "sightings",
            "from_judgements": _flat_ratings(reader, src, cache),
            "to_judgements": _flat_ratings(reader, dst, cache)}


def group_teams(moves: list[dict[str, Any]], within_years: float, keys: bool = False) -> list[dict[str, Any]]:
    """Two or more people moving between the same pair whose arrivals fall within `within_years`.

    `keys` adds the authorities' and people's ids (to pick the moves of team members)."""
    limit = dt.timedelta(days=round(365.25 * within_years))
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for m in moves:
        by_pair.setdefault((m["from"]["authority"], m["to"]["authority"]), []).append(m)
    teams = []
    for (a, b), group in by_pair.items():
        ms = sorted(group, key=lambda m: m["to"]["first_evidence"])
        cluster: list[dict[str, Any]] = []
        pending: list[dict[str, Any] | None] = [*ms, None]
        for item in pending:
            if item is not None and (not cluster or dt.date.fromisoformat(item["to"]["first_evidence"])
                                  - dt.date.fromisoformat(cluster[-1]["to"]["first_evidence"]) <= limit):
                cluster.append(item)
                continue
            people = sorted({c["person"] for c in cluster})
            if len(people) >= 2:
                teams.append({"from": a, "to": b, "people": people,
                              "first_start": cluster[0]["to"]["first_evidence"],
                              "last_start": cluster[-1]["to"]["first_evidence"],
                              "basis": sorted({c["to"]["basis"] for c in cluster})})
                if keys:
                    teams[-1].update(from_id=cluster[0]["from"]["authority_id"], to_id=cluster[0]["to"]["authority_id"],
                                     person_ids=sorted({c["person_id"] for c in cluster}))
            cluster = [item] if item is not None else []
    return teams


def movement_graph(moves: list[dict[str, Any]]) -> Any:
    """Authorities as nodes, an edge A->B weighted by the people who moved (networkx DiGraph)."""
    import networkx as nx

    g = nx.DiGraph()
    for m in moves:
        a, b = m["from"]["authority"], m["to"]["authority"]
        if not g.has_edge(a, b):
            g.add_edge(a, b, weight=0, people=[])
        edge = g.edges[a, b]
        if m["person"] not in [p["person"] for p in edge["people"]]:
            edge["people"].append({"person": m["person"], "left": m["from"]["end"], "arrived": m["to"]["start"],
                                   "first_evidence": m["to"]["first_evidence"]})
            edge["weight"] += 1
    return g
