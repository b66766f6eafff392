"""moves: people who held a post at one authority and later one at another, and team moves.

A move is ordered by each tenure's earliest evidence (its start, else its first
sighting); `order_basis` says which. Team moves are people whose arrivals at the
same destination, from the same origin, fall within `within_years` of each other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from queries import Reader, span_of, tenure_json
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


def _flat_ratings(reader: Reader, row: dict[str, Any], cache: dict[str, Any]) -> list[dict[str, Any]]:
    if row["authority_id"] not in cache:
        rows = graded(reader, row["authority_id"])
        cache[row["authority_id"]] = (rows, [_issued(j) for j in rows])
    rows, issued_on = cache[row["authority_id"]]
    r = around(reader, row["authority_id"], span_of(row), rows, issued_on)
    out = [{**r["before"], "relative": "in force at start"}] if r["before"] else []
    out += [{**d, "relative": "during"} for d in r["during"]]
    if r["after"]:
        out.append({**r["after"], "relative": "after"})
    return out


def _movers(table: Any) -> list[dict[str, Any]]:
    """Rows of the people with posts at two or more authorities: no one else can have moved (memory, time)."""
    import pyarrow.compute as pc

    counts = table.group_by("person_id").aggregate([("authority_id", "count_distinct")])
    movers = counts.filter(pc.greater(counts["authority_id_count_distinct"], 1))["person_id"]
    return table.filter(pc.is_in(table["person_id"], value_set=movers.combine_chunks())).to_pylist()  # type: ignore[no-any-return]


def find_moves(reader: Reader, from_authority: str | None = None, to_authority: str | None = None,
               within_years: float = DEFAULT_WITHIN_YEARS, role_filter: list[str] | None = None) -> dict[str, Any]:
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
    else:  # the whole graph: every judgement and source in one query each, not one per move
        rows = _movers(reader.run_arrow("all_tenures", roles=list(role_filter or [])))
        reader.load_judgements()
        reader.load_sources()
    if not role_filter:
        rows = [r for r in rows if r["role"] not in NOT_EMPLOYMENT]
    rows = [r for r in rows if r["authority_id"] not in BODIES]
    by_person: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_person.setdefault(r["person_id"], []).append(r)
    cache: dict[str, Any] = {}
    moves = []
    first = {r["id"]: _first_evidence(r)[0] for r in rows}  # computed once per tenure, not once per pair
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
                if a and src["authority_id"] != a.id or b and dst["authority_id"] != b.id:
                    continue
                key = (src["authority_id"], dst["authority_id"])
                # one move per person and pair: the first post at B, and the last post at A before it
                if key not in pairs or (j, -i) < (pairs[key][1], -pairs[key][0]):
                    pairs[key] = (i, j)
        for i, j in pairs.values():
            between = {r["authority_id"] for r in ordered[i + 1:j]} - {ordered[i]["authority_id"],
                                                                          ordered[j]["authority_id"]}
            moves.append(_move(reader, ordered[i], ordered[j], not between, cache))
    moves.sort(key=lambda m: (m["to"]["first_evidence"], m["person"]))
    message = None
    if not moves:
        from queries.holdings import authority_holdings, holdings_text

        named = [x for x in (a, b) if x is not None]
        message = "No moves found" + (f" from {a.name}" if a else "") + (f" to {b.name}" if b else "") + "."
        for x in named:
            message += " " + holdings_text(x.name, authority_holdings(reader, x.id))
    return {"from": a.name if a else None, "to": b.name if b else None, "within_years": within_years,
            "moves": moves, "teams": group_teams(moves, within_years), "message": message}


def _move(reader: Reader, src: dict[str, Any], dst: dict[str, Any], direct: bool,
          cache: dict[str, Any]) -> dict[str, Any]:
    s_span, d_span = span_of(src), span_of(dst)
    gap = None
    if s_span.end is not None and d_span.start is not None:
        gap = (d_span.start.first() - s_span.end.first()).days
    d_first, d_basis = _first_evidence(dst)
    s_first, s_basis = _first_evidence(src)

    def side(row: dict[str, Any], first: dt.date, basis: str) -> dict[str, Any]:
        t = tenure_json(reader, row)
        return {"id": row["id"], "authority": row["authority"], "authority_id": row["authority_id"],
                "role": row["role"], "title": row["title"], "start": row["start"], "end": row["end"],
                **{k: t[k] for k in ("start_kind", "end_kind", "start_text", "end_text", "when", "disputed")},
                "end_inferred": bool(row["end_inferred"]), "interim": bool(row["interim"]),
                "as_of": list(row["as_of"] or []), "first_evidence": first.isoformat(), "basis": basis,
                "sources": t["sources"]}

    return {"person": src["person"], "person_id": src["person_id"],
            "from": side(src, s_first, s_basis), "to": side(dst, d_first, d_basis),
            "direct": direct, "gap_days": gap,
            "order_basis": "dates" if s_basis == d_basis == "start" else "sightings",
            "from_judgements": _flat_ratings(reader, src, cache),
            "to_judgements": _flat_ratings(reader, dst, cache)}


def group_teams(moves: list[dict[str, Any]], within_years: float) -> list[dict[str, Any]]:
    """Two or more people moving between the same pair whose arrivals fall within `within_years`."""
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
