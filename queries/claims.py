"""check: verdicts on structured claims, with the facts and sources that decide them.

Verdicts: `supported`, `partly_supported`, `refuted`, `insufficient_evidence`.
`refuted` needs facts that contradict the claim; when the graph simply lacks the
facts the answer is `insufficient_evidence`. Unknown people or authorities are
errors, never a silent verdict.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.dates import Certainty, PartialDate, Window, held_at
from graph.model import ratings, single_holder
from loaders.yamlsrc import LineDict, line_of, load_yaml
from queries import Reader, check_role, judgement_json, judgement_of, span_of, tenure_json
from queries.moves import find_moves

SUPPORTED, PARTLY, REFUTED, INSUFFICIENT = "supported", "partly_supported", "refuted", "insufficient_evidence"
CLAIM_TYPES = ("held", "rated", "led_when_rated", "team_move")
FIELDS = {"id", "text", "type", "person", "role", "authority", "at", "rating", "basis", "from", "to",
          "min_people", "within_years", "after_rated", "before"}


class ClaimError(ValueError):
    """A claim that cannot be judged as written: names file, line and claim."""


_NUMBERS = {"min_people", "within_years"}


def load_claims(path: Path) -> list[LineDict]:
    """The claims in a file; ClaimError lists every problem (file:line), not just the first."""
    import math

    data, problems = load_yaml(path)
    if problems:
        raise ClaimError("\n".join(str(p) for p in problems))
    claims = data.get("claims") if isinstance(data, dict) else data
    if not isinstance(claims, list) or not all(isinstance(c, LineDict) for c in claims):
        raise ClaimError(f"{path}:1: expected a list of claims (or a mapping with `claims:`)")
    errors: list[str] = []
    for c in claims:
        unknown = set(c) - FIELDS
        if unknown:
            errors.append(f"{path}:{c.line}: unknown field(s) {sorted(map(str, unknown))} in claim {c.get('id')!r}")
        if c.get("type") not in CLAIM_TYPES:
            errors.append(f"{path}:{line_of(c, 'type')}: claim {c.get('id')!r} has type {c.get('type')!r}; "
                          f"expected one of {', '.join(CLAIM_TYPES)}")
        for key, value in c.items():
            if key not in FIELDS or value is None:
                continue
            if key in _NUMBERS:
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                    and 0 <= value <= 1000
                if not ok:
                    errors.append(f"{path}:{line_of(c, str(key))}: `{key}` must be a number from 0 to 1000, "
                                  f"not {value!r}")
            elif not isinstance(value, str):
                errors.append(f"{path}:{line_of(c, str(key))}: `{key}` must be text, not {type(value).__name__}")
    if errors:
        raise ClaimError("\n".join(errors))
    return claims


def check_claims(reader: Reader, claims: list[dict[str, Any]], source_name: str = "claims") -> dict[str, Any]:
    out = []
    for i, claim in enumerate(claims):
        cid = str(claim.get("id") or f"claim-{i + 1}")
        where = f"{source_name}:{line_of(claim)}"
        try:
            verdict, reason, evidence = JUDGES[claim["type"]](reader, claim)
        except (LookupError, ValueError) as exc:
            raise ClaimError(f"{where}: claim {cid!r}: {exc}") from None
        out.append({"id": cid, "type": claim["type"], "text": claim.get("text", ""), "verdict": verdict,
                    "reason": reason, "evidence": evidence})
    return {"claims": out}


def _date(claim: dict[str, Any], key: str) -> PartialDate | None:
    value = claim.get(key)
    return PartialDate.parse(value) if value not in (None, "") else None


def _rating(claim: dict[str, Any], key: str = "rating") -> str:
    value = claim.get(key)
    if value not in ratings():
        raise ValueError(f"`{key}` must be one of {', '.join(ratings())}, not {value!r}")
    return str(value)


def _tenure_evidence(reader: Reader, row: dict[str, Any], certainty: str | None = None) -> dict[str, Any]:
    t = tenure_json(reader, row, certainty)
    return {"fact": {k: v for k, v in t.items() if k != "sources"} | {"kind": "tenure", "id": row["id"]},
            "sources": t["sources"]}


def _judgement_evidence(reader: Reader, row: dict[str, Any]) -> dict[str, Any]:
    j = judgement_json(reader, row)
    return {"fact": {k: v for k, v in j.items() if k != "sources"} | {"kind": "judgement",
                                                                     "authority": row.get("authority")},
            "sources": j["sources"]}


def judge_held(reader: Reader, claim: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    person = reader.person(str(claim["person"]))
    auth = reader.authority(str(claim["authority"]))
    role = check_role(claim.get("role", "any"))
    at = _date(claim, "at")
    if at is None:
        raise ValueError("a `held` claim needs `at` (a date)")
    rows = reader.run("authority_tenures", authority_id=auth.id, roles=[role] if role else [],
                      **{"from": None, "until": None})
    mine = [r for r in rows if r["person_id"] == person["id"]]
    answers = [(r, held_at(span_of(r), at)) for r in mine]
    best = max(answers, key=lambda a: [Certainty.NO, Certainty.POSSIBLE, Certainty.CERTAIN].index(a[1]),
               default=None)
    who = f"{person['name']} at {auth.name}"
    if best and best[1] is Certainty.CERTAIN:
        return SUPPORTED, f"The sources place {who} in post over the whole of {at}.", [
            _tenure_evidence(reader, best[0], "certain")]
    if best and best[1] is Certainty.POSSIBLE:
        return PARTLY, (f"{who} held the post around {at}, but the sources' dates do not show it held "
                        f"for the whole of {at}."), [_tenure_evidence(reader, best[0], "possible")]
    others = [r for r in rows if r["person_id"] != person["id"] and single_holder(r["role"])
              and held_at(span_of(r), at) is Certainty.CERTAIN]
    if others:
        return REFUTED, (f"{others[0]['person']} certainly held that single-holder post at {at}."), [
            _tenure_evidence(reader, o, "certain") for o in others] + [_tenure_evidence(reader, r) for r in mine]
    if mine:
        return REFUTED, f"{who} held the post, but the sources date it away from {at}.", [
            _tenure_evidence(reader, r, "no") for r in mine]
    return INSUFFICIENT, f"The sources hold no tenure for {who} in that role.", []


def _in_force(rows: list[dict[str, Any]], at: PartialDate) -> list[dict[str, Any]]:
    window = Window.of(at)
    return [r for r in rows if r.get("overall") and (w := judgement_of(r).window("in-force"))
            and w.overlaps(window)]


def _inspected(rows: list[dict[str, Any]], at: PartialDate | None) -> list[dict[str, Any]]:
    if at is None:
        return [r for r in rows if r.get("overall")]
    window = Window.of(at)
    return [r for r in rows if r.get("overall") and (w := judgement_of(r).window("inspection")) and w.overlaps(window)]


def _dissent(reader: Reader, row: dict[str, Any]) -> list[str]:
    """Sources that give this judgement another grade."""
    out = []
    for c in reader.run("citations", facts=[row["id"]]):
        says = json.loads(c["says"]) if c.get("says") else {}
        if says.get("overall") and says["overall"] != row.get("overall"):
            out.append(f"{c['source_id']} says {says['overall']}")
    return out


def judge_rated(reader: Reader, claim: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    auth = reader.authority(str(claim["authority"]))
    rating = _rating(claim)
    at = _date(claim, "at")
    basis = claim.get("basis", "in-force")
    rows = reader.run("authority_judgements", authority_id=auth.id)
    for r in rows:
        r["authority"] = auth.name
    if basis == "in-force":
        if at is None:
            raise ValueError("a `rated` claim with basis in-force needs `at`")
        found = _in_force(rows, at)
    elif basis == "inspection":
        found = _inspected(rows, at)
    else:
        raise ValueError(f"`basis` must be in-force or inspection, not {basis!r}")
    if not found:
        return INSUFFICIENT, f"The sources hold no graded judgement of {auth.name} for {at or 'any date'} ({basis}).", []
    matching = [r for r in found if r["overall"] == rating]
    evidence = [_judgement_evidence(reader, r) for r in (matching or found)]
    if matching:
        dissent = [d for r in matching for d in _dissent(reader, r)]
        if dissent:
            return PARTLY, f"{auth.name} was rated {rating} ({basis}), but sources disagree: {'; '.join(dissent)}.", evidence
        return SUPPORTED, f"{auth.name} was rated {rating} ({basis}, {at or 'some date'}).", evidence
    grades = ", ".join(sorted({r['overall'] for r in found}))
    return REFUTED, f"{auth.name} was rated {grades}, not {rating} ({basis}, {at or 'any date'}).", evidence


def judge_led_when_rated(reader: Reader, claim: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    person = reader.person(str(claim["person"]))
    auth = reader.authority(str(claim["authority"]))
    rating = _rating(claim)
    role = check_role(claim.get("role", "director_of_childrens_services"))
    basis = claim.get("basis", "inspection")
    at = _date(claim, "at")
    judgements = [r for r in reader.run("authority_judgements", authority_id=auth.id) if r.get("overall") == rating]
    if at is not None:
        judgements = [r for r in judgements if (w := judgement_of(r).window(basis)) and w.overlaps(Window.of(at))]
    if not judgements:
        return INSUFFICIENT, f"The sources hold no {rating} judgement of {auth.name}{f' around {at}' if at else ''}.", []
    rows = reader.run("authority_tenures", authority_id=auth.id, roles=[role] if role else [],
                      **{"from": None, "until": None})
    mine = [r for r in rows if r["person_id"] == person["id"]]
    results = []
    for j in judgements:
        window = judgement_of(j).window(basis)
        for r in mine:
            results.append((j, r, held_at(span_of(r), window) if window else Certainty.POSSIBLE))
    for level, verdict in ((Certainty.CERTAIN, SUPPORTED), (Certainty.POSSIBLE, PARTLY)):
        hits = [(j, r) for j, r, c in results if c is level]
        if hits:
            j, r = hits[0]
            j["authority"] = auth.name
            word = "certainly" if level is Certainty.CERTAIN else "possibly"
            return verdict, (f"{person['name']} {word} held {r['title']} at {auth.name} over the {rating} "
                             f"judgement ({basis} {j.get('inspection_start') or j.get('published')})."), [
                _judgement_evidence(reader, j), _tenure_evidence(reader, r, level.value)]
    for j in judgements:
        j["authority"] = auth.name
    holders = [r for r in rows if r["person_id"] != person["id"] and single_holder(r["role"])
               and any((w := judgement_of(j).window(basis)) and held_at(span_of(r), w) is Certainty.CERTAIN
                       for j in judgements)]
    evidence = [_judgement_evidence(reader, j) for j in judgements]
    if mine:
        return REFUTED, f"{person['name']}'s post at {auth.name} does not overlap any {rating} judgement.", evidence + [
            _tenure_evidence(reader, r, "no") for r in mine]
    if holders:
        return REFUTED, f"{holders[0]['person']} certainly held that post at the {rating} judgement.", evidence + [
            _tenure_evidence(reader, h, "certain") for h in holders]
    return INSUFFICIENT, f"The sources hold no post for {person['name']} at {auth.name} in that role.", evidence


def judge_team_move(reader: Reader, claim: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    a, b = reader.authority(str(claim["from"])), reader.authority(str(claim["to"]))
    need = int(claim.get("min_people", 2))
    within = claim.get("within_years")
    before = _date(claim, "before")
    after_rated = claim.get("after_rated")
    if after_rated is not None:
        _rating(claim, "after_rated")
    moves = find_moves(reader, a.name, b.name, float(within or 3))["moves"]
    if not moves:
        return INSUFFICIENT, f"The sources show nobody moving from {a.name} to {b.name}.", []
    kept: list[tuple[dict[str, Any], list[str]]] = []
    dropped: list[tuple[dict[str, Any], list[str]]] = []
    unsure: list[str] = []
    for m in moves:
        why = []
        if before and dt_first(m["to"]) > before.last():
            if m["to"]["basis"] == "start":
                why.append(f"arrived {m['to']['start']}, after {before}")
            else:
                unsure.append(f"{m['person']}'s arrival date is not in the sources (first seen at {b.name} "
                              f"{m['to']['first_evidence']})")
        if after_rated:
            rated = [j for j in m["from_judgements"] if j["overall"] == after_rated
                     and (j["published"] or j["inspection_start"] or "9999") <= (m["to"]["start"] or m["to"]["first_evidence"])]
            if not rated:
                why.append(f"no {after_rated} judgement of {a.name} before the move")
        (dropped if why else kept).append((m, why))
    people = sorted({m["person"] for m, _ in kept})
    if within and len(people) > 1:
        from queries.moves import group_teams

        teams = group_teams([m for m, _ in kept], float(within))
        people = max((t["people"] for t in teams), key=len, default=people[:1])
    evidence = [_move_evidence(m) for m, _ in kept] + [_move_evidence(m, why) for m, why in dropped]
    cond = (f"{' within ' + str(within) + ' years' if within else ''}"
            f"{' after ' + a.name + ' was rated ' + str(after_rated) if after_rated else ''}"
            f"{' before ' + str(before) if before else ''}")
    caveat = f" Caveat: {'; '.join(unsure)}." if unsure else ""
    if len(people) >= need and not unsure:
        return SUPPORTED, f"{len(people)} people moved from {a.name} to {b.name}{cond}: {', '.join(people)}.", evidence
    if len(people) >= need:
        return PARTLY, f"{len(people)} people moved from {a.name} to {b.name}{cond}: {', '.join(people)}.{caveat}", evidence
    if people:
        return PARTLY, (f"Only {len(people)} of the {need} people claimed moved from {a.name} to {b.name}{cond}: "
                        f"{', '.join(people)}; the sources name no one else.{caveat}"), evidence
    reasons = "; ".join(f"{m['person']}: {', '.join(why)}" for m, why in dropped)
    return REFUTED, f"People moved from {a.name} to {b.name}, but not as claimed ({reasons}).", evidence


def dt_first(side: dict[str, Any]) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(side["first_evidence"])


def _move_evidence(m: dict[str, Any], excluded: list[str] | None = None) -> dict[str, Any]:
    fact = {"kind": "move", "person": m["person"],
            "from": {k: m["from"][k] for k in ("authority", "role", "title", "start", "end", "as_of")},
            "to": {k: m["to"][k] for k in ("authority", "role", "title", "start", "end", "as_of")},
            "from_judgements": [{k: j[k] for k in ("overall", "published", "relative")} for j in m["from_judgements"]],
            "to_judgements": [{k: j[k] for k in ("overall", "published", "relative")} for j in m["to_judgements"]]}
    if excluded:
        fact["excluded_because"] = excluded
    return {"fact": fact, "sources": m["from"]["sources"] + m["to"]["sources"]}


JUDGES = {"held": judge_held, "rated": judge_rated, "led_when_rated": judge_led_when_rated,
          "team_move": judge_team_move}
