"""check: verdicts on structured claims, under the written evidence standard (README, DESIGN.md).

- `supported`: facts whose time logic is *certain* say so (dates stated, grade undisputed).
- `refuted`: certain facts contradict the claim: someone else certainly held the
  single-holder post then; the person certainly held a job at another council then;
  the person's own stated dates exclude it; the grade in force was certainly another.
- `insufficient_evidence`: the sources leave it open. The reason starts "not ruled
  out: ..." and `would_settle` says what evidence would decide it. Facts that are
  only *possible* never count as support.
- `partly_supported`: only for claims with parts (team moves): some members
  certainly moved, the others are not shown.

Every verdict lists its deciding facts (`evidence`, each with the fact id and its
sources). Unknown people or authorities are errors, never a silent verdict.
"""

from __future__ import annotations

import math

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from graph.dates import MIN_DAY, Certainty, DateError, PartialDate, Span, Window, held_at
from graph.model import single_holder
from loaders.yamlsrc import LineDict, line_of, load_yaml
from queries import Reader, check_role, judgement_json, judgement_of, span_of, tenure_json
from queries.labels import parse_rating, rating_label, role_label
from queries.moves import find_moves

SUPPORTED, PARTLY, REFUTED, INSUFFICIENT = "supported", "partly_supported", "refuted", "insufficient_evidence"
VERDICTS = (SUPPORTED, PARTLY, REFUTED, INSUFFICIENT)
CLAIM_TYPES = ("held", "rated", "led_when_rated", "team_move")
FIELDS = {"id", "text", "type", "person", "role", "authority", "at", "rating", "basis", "from", "to",
          "min_people", "within_years", "after_rated", "before"}
REQUIRED = {"held": ("person", "authority", "at"), "rated": ("authority", "rating"),
            "led_when_rated": ("person", "authority", "rating"), "team_move": ("from", "to")}
NOT_A_JOB = ("council_leader", "lead_member_children", "commissioner", "improvement_adviser", "inspector")
Verdict = tuple[str, str, list[dict[str, Any]], str | None]


class ClaimError(ValueError):
    """A claims file (or claim) that cannot be judged as written; `problems` lists each as file:line: message."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


# -- the claims file ----------------------------------------------------------------


def load_claims(path: Path) -> list[LineDict]:
    """Read and check a claims file; every problem at once, each with file and line."""
    if not path.is_file():
        raise ClaimError(f"{path}: no such claims file")
    data, problems = load_yaml(path)
    if problems:
        raise ClaimError([str(p) for p in problems])
    claims = data.get("claims") if isinstance(data, dict) else data
    if isinstance(data, dict) and "claims" not in data:
        raise ClaimError(f"{path}:1: expected a mapping with `claims:` (a list of claims)")
    if claims is None or claims == []:
        raise ClaimError(f"{path}:{getattr(data, 'line', 1)}: the claims list is empty; nothing to check")
    if not isinstance(claims, list):
        raise ClaimError(f"{path}:1: `claims` must be a list of claims")
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(claims):
        if not isinstance(c, LineDict):
            out.append(f"{path}:{getattr(claims, 'line', 1)}: claim {i + 1} is not a mapping of fields")
            continue
        out += [f"{path}:{line}: claim {c.get('id') or i + 1!r}: {msg}" for line, msg in claim_problems(c)]
        cid = c.get("id")
        if cid is not None:
            if str(cid) in seen:
                out.append(f"{path}:{line_of(c, 'id')}: duplicate claim id {cid!r} (first at line {seen[str(cid)]})")
            else:
                seen[str(cid)] = line_of(c, "id")
    if out:
        raise ClaimError(out)
    return claims


def claim_problems(c: dict[str, Any]) -> list[tuple[int, str]]:
    """What is wrong with one claim, as (line, message) pairs."""
    out: list[tuple[int, str]] = []
    unknown = sorted(set(c) - FIELDS)
    if unknown:
        out.append((line_of(c, unknown[0]), f"unknown field(s) {', '.join(unknown)}; expected some of "
                                             f"{', '.join(sorted(FIELDS))}"))
    ctype = c.get("type")
    if ctype not in CLAIM_TYPES:
        out.append((line_of(c, "type"),
                    f"`type` is {ctype!r}; expected one of {', '.join(CLAIM_TYPES)}"))
    for key in REQUIRED.get(str(ctype), ()):
        if c.get(key) in (None, ""):
            out.append((line_of(c), f"a `{ctype}` claim needs `{key}`"))
    if ctype == "rated" and c.get("basis", "in-force") == "in-force" and c.get("at") in (None, ""):
        out.append((line_of(c), "a `rated` claim with basis in-force needs `at` (a date)"))
    for key in ("at", "before"):
        if c.get(key) not in (None, ""):
            try:
                PartialDate.parse(c[key])
            except DateError as exc:
                out.append((line_of(c, key), f"`{key}`: {exc}"))
    for key in ("rating", "after_rated"):
        if c.get(key) not in (None, ""):
            try:
                parse_rating(c[key])
            except ValueError as exc:
                out.append((line_of(c, key), str(exc)))
    if c.get("role") not in (None, ""):
        try:
            check_role(str(c["role"]))
        except ValueError as exc:
            out.append((line_of(c, "role"), str(exc)))
    if c.get("basis") not in (None, "in-force", "inspection", "published"):
        out.append((line_of(c, "basis"), f"`basis` must be in-force, inspection or published, not {c['basis']!r}"))
    for key, kind in (("min_people", int), ("within_years", (int, float))):
        v = c.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, kind) or not math.isfinite(v)
                              or not 0 < v <= 1000):
            out.append((line_of(c, key), f"`{key}` must be a positive number up to 1000, not {v!r}"))
    for key in ("person", "authority", "from", "to", "text", "id"):
        v = c.get(key)
        if v is not None and not isinstance(v, (str, int)):
            out.append((line_of(c, key), f"`{key}` must be text"))
    return out


# -- judging ------------------------------------------------------------------------


def check_claims(reader: Reader, claims: list[dict[str, Any]], source_name: str = "claims") -> dict[str, Any]:
    out = []
    errors = []
    for i, claim in enumerate(claims):
        cid = str(claim.get("id") or f"claim-{i + 1}")
        where = f"{source_name}:{line_of(claim)}" if isinstance(claim, LineDict) else source_name
        problems = claim_problems(claim)
        if problems:
            errors += [f"{where}: claim {cid!r}: {msg}" for _, msg in problems]
            continue
        try:
            verdict, reason, evidence, settle = JUDGES[claim["type"]](reader, claim)
        except (LookupError, ValueError) as exc:
            errors.append(f"{where}: claim {cid!r}: {exc}")
            continue
        out.append({"id": cid, "type": claim["type"], "text": claim.get("text", ""), "verdict": verdict,
                    "reason": reason, "would_settle": settle, "evidence": evidence})
    if errors:
        raise ClaimError(errors)
    return {"standard": STANDARD, "claims": out}


STANDARD = ("supported only by certain facts; refuted only when certain facts contradict the claim; "
            "insufficient_evidence when the sources leave it open (not ruled out); "
            "partly_supported only for team claims where some members certainly moved")


def _date(claim: dict[str, Any], key: str) -> PartialDate | None:
    value = claim.get(key)
    return PartialDate.parse(value) if value not in (None, "") else None


def _window_text(w: Window) -> str:
    """A window in words: a single day, a whole month or year as written, else lo..hi."""
    if w.lo == w.hi:
        return str(w.lo)
    for d in (PartialDate(w.lo.year, w.lo.month), PartialDate(w.lo.year)):
        if d.first() == w.lo and d.last() == w.hi:
            return str(d)
    return f"{w.lo}..{w.hi}"


def _tenure_ev(reader: Reader, row: dict[str, Any], certainty: str | None, why: str) -> dict[str, Any]:
    t = tenure_json(reader, row, certainty)
    fact = {k: v for k, v in t.items() if k != "sources"} | {"kind": "tenure", "id": row["id"]}
    return {"id": row["id"], "why": why, "fact": fact, "sources": t["sources"]}


def _judgement_ev(reader: Reader, row: dict[str, Any], authority: str, why: str) -> dict[str, Any]:
    j = judgement_json(reader, row)
    fact = {k: v for k, v in j.items() if k != "sources"} | {"kind": "judgement", "authority": authority}
    return {"id": row["id"], "why": why, "fact": fact, "sources": j["sources"]}


def stated_span(row: dict[str, Any]) -> Span:
    """Only what sources state: no inferred end, no bound from other holders or posts."""
    s = span_of(row)
    return Span(s.start, None if s.end_inferred else s.end, False, s.as_of, None)


def disputed_alternative(reader: Reader, row: dict[str, Any], window: Window) -> str | None:
    """If a source gives another start or end under which the tenure is not certain over `window`, say which."""
    import dataclasses

    kept = {"start": row.get("start"), "end": None if row.get("end_inferred") else row.get("end")}
    for key, said in reader.disputes(row["id"], kept, row.get("person_id")).items():
        for d in said:
            base, value = span_of(row), PartialDate.parse(d["value"])
            alt = dataclasses.replace(base, start=value) if key == "start" else dataclasses.replace(base, end=value)
            if held_at(alt, window) is not Certainty.CERTAIN:
                return f"{d['source']} gives the {key} as {d['value']}"
    return None


def _judgement_label(j: dict[str, Any], basis: str) -> str:
    when = {"inspection": f"inspected {j.get('inspection_start') or '?'}"
                          + (f"..{j['inspection_end']}" if j.get("inspection_end") not in (None, "",
                                                                                        j.get("inspection_start"))
                             else ""),
            "published": f"published {j.get('published') or '?'}",
            "in-force": f"in force from {j.get('published') or j.get('inspection_end') or '?'}"}[basis]
    return f"{rating_label(j.get('overall'))} judgement ({when})"


class Context:
    """What one claim about a person and a post needs: their tenures there and elsewhere, the post's holders."""

    def __init__(self, reader: Reader, person: dict[str, Any], authority_id: str, role: str | None) -> None:
        self.reader, self.person, self.role = reader, person, role
        self.rows = reader.run("authority_tenures", authority_id=authority_id, roles=[role] if role else [],
                               **{"from": None, "until": None})
        self.mine = [r for r in self.rows if r["person_id"] == person["id"]]
        self.career = reader.run("person_tenures", person_id=person["id"])
        self.authority_id = authority_id

    def refuters(self, window: Window) -> tuple[str, list[dict[str, Any]]] | None:
        """Certain facts that rule the claim out over `window`, with the reason; None if nothing does."""
        who = self.person["name"]
        if self.mine and all(held_at(stated_span(r), window) is Certainty.NO for r in self.mine):
            r = self.mine[0]
            k = tenure_json(self.reader, r)
            return (f"{who}'s {r['title']} post at {r['authority']} is dated by the sources (start: "
                    f"{k['start_text']}; end: {k['end_text']}), which excludes {_window_text(window)}.",
                    [_tenure_ev(self.reader, x, "no", "the person's own stated dates exclude the time")
                     for x in self.mine])
        if any(held_at(span_of(r), window) is not Certainty.NO for r in self.mine):
            return None
        if self.role and single_holder(self.role):
            others = [r for r in self.rows if r["person_id"] != self.person["id"] and not r.get("interim")
                      and held_at(span_of(r), window) is Certainty.CERTAIN]
            if others:
                o = others[0]
                return (f"{o['person']} certainly held the single-holder post ({role_label(o['role'])} at "
                        f"{o['authority']}) over {_window_text(window)}.",
                        [_tenure_ev(self.reader, x, "certain", "someone else certainly held the post then")
                         for x in others])
        if self.role is not None and self.role not in NOT_A_JOB:  # a job excludes another job, not a role beside it
            elsewhere = [r for r in self.career if r["authority_id"] != self.authority_id
                         and r["role"] not in NOT_A_JOB and not r["authority_id"].startswith("org:")
                         and held_at(span_of(r), window) is Certainty.CERTAIN]
            if elsewhere:
                e = elsewhere[0]
                return (f"{who} was certainly {e['title']} at {e['authority']} over {_window_text(window)}, "
                        f"and no source places {who} in this post then.",
                        [_tenure_ev(self.reader, x, "certain", "the person was certainly elsewhere then")
                         for x in elsewhere])
        return None

    def open_question(self, window: Window, post: str) -> tuple[str, str, list[dict[str, Any]]]:
        """The "not ruled out" reason, what would settle it, and the facts it rests on."""
        who = self.person["name"]
        poss = [(r, held_at(span_of(r), window)) for r in self.mine]
        poss = [(r, c) for r, c in poss if c is not Certainty.NO]
        if poss:
            r = poss[0][0]
            k = tenure_json(self.reader, r)
            return (f"not ruled out: the sources date {who}'s post as {r['title']} at {r['authority']} "
                    f"(start: {k['start_text']}; end: {k['end_text']}); it may or may not cover "
                    f"{_window_text(window)}.",
                    f"a stated start or end date for {who}'s post, or a source dated within "
                    f"{_window_text(window)} naming the holder of {post}.",
                    [_tenure_ev(self.reader, r, "possible", "the post possibly covers the time")])
        if self.mine:
            r = self.mine[0]
            k = tenure_json(self.reader, r)
            return (f"not ruled out: {who}'s post at {r['authority']} (start: {k['start_text']}; end: "
                    f"{k['end_text']}) falls outside "
                    f"{_window_text(window)} only by inference, not by stated dates.",
                    f"the dates {who} started and left the post.",
                    [_tenure_ev(self.reader, x, "no", "outside the time only by inferred bounds") for x in self.mine])
        holders = [r for r in self.rows if held_at(span_of(r), window) is not Certainty.NO]
        names = ", ".join(sorted({f"{h['person']} ({held_at(span_of(h), window).value})" for h in holders}))
        return (f"not ruled out: the sources hold no tenure of {who} in {post}"
                + (f"; possible holders then: {names}." if names else
                   f"; they name no holder of it over {_window_text(window)} either."),
                f"a source naming the holder of {post} over {_window_text(window)}.",
                [_tenure_ev(self.reader, h, held_at(span_of(h), window).value, "known holder around then")
                 for h in holders])


def judge_held(reader: Reader, claim: dict[str, Any]) -> Verdict:
    person = reader.person(str(claim["person"]))
    auth = reader.authority(str(claim["authority"]))
    role = check_role(claim.get("role", "any"))
    at = _date(claim, "at")
    assert at is not None
    window = Window.of(at)
    ctx = Context(reader, person, auth.id, role)
    post = f"{role_label(role) if role else 'any post'} at {auth.name}"
    for r in ctx.mine:
        if held_at(span_of(r), window) is Certainty.CERTAIN:
            k = tenure_json(reader, r)
            alt = disputed_alternative(reader, r, window)
            if alt:
                return INSUFFICIENT, (f"not ruled out: the kept dates place {person['name']} in post over {at}, but "
                                      f"sources disagree: {alt}."), [
                    _tenure_ev(reader, r, "possible", "sources disagree on its dates")], (
                    "a source that settles the disputed date (an appointment notice, minutes).")
            return SUPPORTED, (f"The sources place {person['name']} as {r['title']} at {auth.name} over the whole "
                               f"of {at} (start: {k['start_text']}; end: {k['end_text']})."), [
                _tenure_ev(reader, r, "certain", "held over the whole time")], None
    refuted = ctx.refuters(window)
    if refuted:
        return REFUTED, refuted[0], refuted[1], None
    why, settle, ev = ctx.open_question(window, post)
    return INSUFFICIENT, why, ev, settle


def _judgements(reader: Reader, auth_id: str, name: str) -> list[dict[str, Any]]:
    rows = reader.run("authority_judgements", authority_id=auth_id)
    for r in rows:
        r["authority"] = name
    return rows


def _held_summary(rows: list[dict[str, Any]]) -> str:
    graded = [r for r in rows if r.get("overall")]
    if not graded:
        return f"the sources hold {len(rows)} judgement(s) of it, none graded"
    dates = sorted(str(r.get("published") or r.get("inspection_start") or "?") for r in graded)
    return f"the sources hold {len(graded)} graded judgement(s) of it, {dates[0]} to {dates[-1]}"


def judge_rated(reader: Reader, claim: dict[str, Any]) -> Verdict:
    auth = reader.authority(str(claim["authority"]))
    rating = parse_rating(claim["rating"])
    at = _date(claim, "at")
    basis = claim.get("basis", "in-force")
    rows = [r for r in _judgements(reader, auth.id, auth.name) if r.get("overall")]
    want = Window.of(at) if at else Window(MIN_DAY, dt.date.max)
    found = []
    for r in rows:
        w = judgement_of(r).window(basis)
        if w is None or not w.overlaps(want):
            continue
        certain = w.covers(want) if basis == "in-force" else want.covers(w)
        found.append((r, certain, reader.disputes(r["id"], {"overall": r["overall"]}).get("overall", [])))
    label = f"{rating_label(rating)} ({basis}{', ' + str(at) if at else ''})"
    if not found:
        return INSUFFICIENT, (f"not ruled out: no graded judgement of {auth.name} is held for "
                              f"{at or 'any date'} ({basis}); {_held_summary(rows)}."), [], (
            f"the Ofsted judgement of {auth.name} {basis} {at or ''}".rstrip() + ".")

    def ev(r: dict[str, Any], why: str) -> dict[str, Any]:
        return _judgement_ev(reader, r, auth.name, why)

    sure = [(r, d) for r, c, d in found if c and not d]
    if any(r["overall"] == rating for r, _ in sure):
        r = next(r for r, _ in sure if r["overall"] == rating)
        return SUPPORTED, f"{auth.name} was rated {label}: {_judgement_label(r, basis)}.", [
            ev(r, "certain, undisputed grade")], None
    if basis == "in-force" and sure:
        r = sure[0][0]
        return REFUTED, (f"{auth.name} was certainly rated {rating_label(r['overall'])} then, not "
                         f"{rating_label(rating)}: {_judgement_label(r, basis)}."), [ev(r, "the grade in force")], None
    if basis != "in-force" and sure and len(sure) == len(found):
        return REFUTED, (f"Every judgement of {auth.name} {basis} {at or ''} gives another grade: "
                         + "; ".join(_judgement_label(r, basis) for r, _ in sure) + "."), [
            ev(r, "certainly another grade") for r, _ in sure], None
    disputed = [(r, d) for r, c, d in found if d]
    if disputed:
        r, d = disputed[0]
        other = "; ".join(f"{x['source']} says {rating_label(x['value'])}" for x in d)
        return INSUFFICIENT, (f"not ruled out: sources disagree on the grade of the {_judgement_label(r, basis)}: "
                              f"{other}."), [ev(r, "sources disagree on its grade") for r, _ in disputed], (
            "the Ofsted report itself, which states the grade.")
    labels = "; ".join(_judgement_label(r, basis) for r, _, _ in found)
    return INSUFFICIENT, (f"not ruled out: the judgements that may apply ({labels}) do not certainly cover "
                          f"all of {at}."), [ev(r, "may apply") for r, _, _ in found], (
        "a narrower date in the claim, or exact inspection and publication dates.")


def judge_led_when_rated(reader: Reader, claim: dict[str, Any]) -> Verdict:
    person = reader.person(str(claim["person"]))
    auth = reader.authority(str(claim["authority"]))
    rating = parse_rating(claim["rating"])
    role = check_role(claim.get("role", "director_of_childrens_services"))
    basis = claim.get("basis", "inspection")
    at = _date(claim, "at")
    judgements = [r for r in _judgements(reader, auth.id, auth.name) if r.get("overall") == rating]
    if at is not None:
        judgements = [r for r in judgements if (w := judgement_of(r).window(basis)) and w.overlaps(Window.of(at))]
    post = f"{role_label(role) if role else 'a post'} at {auth.name}"
    if not judgements:
        graded = [r for r in _judgements(reader, auth.id, auth.name) if r.get("overall")]
        return INSUFFICIENT, (f"not ruled out: no {rating_label(rating)} judgement of {auth.name}"
                              f"{f' around {at}' if at else ''} is held; {_held_summary(graded)}."), [], (
            f"Ofsted's record of {auth.name}'s judgements.")
    ctx = Context(reader, person, auth.id, role)
    open_reasons: list[tuple[str, str, list[dict[str, Any]]]] = []
    refutations: list[tuple[str, list[dict[str, Any]]]] = []
    for j in judgements:
        window = judgement_of(j).window(basis)
        jev = _judgement_ev(reader, j, auth.name, "the judgement the claim is about")
        if window is None:
            open_reasons.append((f"not ruled out: the {_judgement_label(j, basis)} has no {basis} date.",
                                 f"the {basis} date of that judgement.", [jev]))
            continue
        disputed = reader.disputes(j["id"], {"overall": j["overall"]}).get("overall", [])
        for r in ctx.mine:
            if held_at(span_of(r), window) is Certainty.CERTAIN:
                tev = _tenure_ev(reader, r, "certain", "held over the whole judgement window")
                alt = disputed_alternative(reader, r, window)
                if disputed or alt:
                    other = "; ".join(f"{x['source']} says {rating_label(x['value'])}" for x in disputed)
                    doubt = (f"sources disagree on the grade ({other})" if disputed
                             else f"sources disagree on the dates ({alt})")
                    open_reasons.append((f"not ruled out: {person['name']} held {r['title']} then by the kept "
                                         f"dates, but {doubt}.",
                                         "the Ofsted report itself." if disputed else
                                         "a source that settles the disputed date.", [jev, tev]))
                    break
                return SUPPORTED, (f"{person['name']} certainly held {r['title']} at {auth.name} over the "
                                   f"{_judgement_label(j, basis)} (start: {tenure_json(reader, r)['start_text']}; end: "
                                   f"{tenure_json(reader, r)['end_text']})."), [jev, tev], None
        else:
            ref = ctx.refuters(window)
            if ref:
                refutations.append((f"at the {_judgement_label(j, basis)}: {ref[0]}", [jev, *ref[1]]))
            else:
                why, settle, ev = ctx.open_question(window, post)
                open_reasons.append((why.replace("not ruled out: ", f"not ruled out at the {_judgement_label(j, basis)}: ", 1),
                                     settle, [jev, *ev]))
    if not open_reasons:
        return REFUTED, " ".join(r for r, _ in refutations), [e for _, ev in refutations for e in ev], None
    why = " ".join(r for r, _, _ in open_reasons)
    if refutations:
        why += " Ruled out " + " ".join(r for r, _ in refutations)
    return INSUFFICIENT, why, [e for *_, ev in open_reasons for e in ev] + [
        e for _, ev in refutations for e in ev], open_reasons[0][1]


# -- team moves ---------------------------------------------------------------------


def _marks(side: dict[str, Any]) -> list[PartialDate]:
    out = ([PartialDate.parse(side["start"])] if side.get("start") else [])
    out += [PartialDate.parse(a) for a in side.get("as_of") or []]
    if side.get("end") and not side.get("end_inferred"):
        out.append(PartialDate.parse(side["end"]))
    return out


def classify_move(m: dict[str, Any], before: PartialDate | None, after_rated: str | None,
                  rated_at_origin: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """certain / possible / excluded for one person's move against the claim's conditions, with reasons."""
    src, dst = _marks(m["from"]), _marks(m["to"])
    reasons: list[str] = []
    state = "certain"
    if not src or not dst or max(d.first() for d in src) > min(d.first() for d in dst):
        state = "possible"
        reasons.append("the order of the two posts is not certain from the dates")
    if before is not None:
        start = PartialDate.parse(m["to"]["start"]) if m["to"].get("start") else None
        if start is not None and start.first() > before.last():
            return "excluded", [f"arrived at {m['to']['authority']} {start}, after {before} (stated)"]
        present = ([start] if start else []) + [PartialDate.parse(x) for x in m["to"].get("as_of") or []]
        if not any(d.last() <= before.first() for d in present):
            state = "possible"
            reasons.append(f"arrival at {m['to']['authority']} not dated: first placed there "
                           f"{m['to']['first_evidence']}, so arriving before {before} is not shown")
    if after_rated:
        issued = [PartialDate.parse(j.get("published") or j.get("inspection_end") or j["inspection_start"])
                  for j in rated_at_origin if j.get("published") or j.get("inspection_end") or j.get("inspection_start")]
        last_at_a = max((d.first() for d in src), default=None)
        first_at_b = min((d.last() for d in dst), default=None)
        if not issued or (first_at_b is not None and all(i.first() > first_at_b for i in issued)):
            return "excluded", [f"no {rating_label(after_rated)} judgement of {m['from']['authority']} before the move"]
        if last_at_a is None or not any(i.last() <= last_at_a for i in issued):
            state = "possible"
            reasons.append(f"not shown still at {m['from']['authority']} after it was rated "
                           f"{rating_label(after_rated)}")
    return state, reasons


def judge_team_move(reader: Reader, claim: dict[str, Any]) -> Verdict:
    a, b = reader.authority(str(claim["from"])), reader.authority(str(claim["to"]))
    need = int(claim.get("min_people", 2))
    within = claim.get("within_years")
    before = _date(claim, "before")
    after_rated = parse_rating(claim["after_rated"]) if claim.get("after_rated") else None
    rated = [r for r in _judgements(reader, a.id, a.name) if after_rated and r.get("overall") == after_rated]
    moves = find_moves(reader, a.name, b.name, float(within or 3))["moves"]
    cond = (f"{' within ' + str(within) + ' years' if within else ''}"
            f"{' after ' + a.name + ' was rated ' + rating_label(after_rated) if after_rated else ''}"
            f"{' before ' + str(before) if before else ''}")
    if not moves:
        held_a = len(reader.run("authority_tenures", authority_id=a.id, roles=[], **{"from": None, "until": None}))
        held_b = len(reader.run("authority_tenures", authority_id=b.id, roles=[], **{"from": None, "until": None}))
        return INSUFFICIENT, (f"not ruled out: the sources show nobody moving from {a.name} to {b.name} (they hold "
                              f"{held_a} post(s) at {a.name} and {held_b} at {b.name}); absence from these sources "
                              f"is not evidence that nobody moved."), [], (
            f"sources naming people who worked at {a.name} and then {b.name}.")
    classed = [(m, *classify_move(m, before, after_rated, rated)) for m in moves]
    certain = [m for m, s, _ in classed if s == "certain"]
    possible = [(m, why) for m, s, why in classed if s == "possible"]
    excluded = [(m, why) for m, s, why in classed if s == "excluded"]
    people = sorted({m["person"] for m in certain})
    if within and len(people) > 1:
        from queries.moves import group_teams

        teams = group_teams(certain, float(within))
        people = max((t["people"] for t in teams), key=len, default=people[:1])
    evidence = [_move_ev(m, "certainly moved as claimed") for m in certain if m["person"] in people] + [
        _move_ev(m, "possibly moved as claimed: " + "; ".join(why)) for m, why in possible] + [
        _move_ev(m, "moved, but not as claimed: " + "; ".join(why)) for m, why in excluded]
    open_part = "; ".join(f"{m['person']} ({'; '.join(why)})" for m, why in possible)
    out_part = "; ".join(f"{m['person']} ({'; '.join(why)})" for m, why in excluded)
    tail = (f" Possibly also: {open_part}." if open_part else "") + (
        f" Moved but not as claimed: {out_part}." if out_part else "")
    if len(people) >= need:
        return SUPPORTED, (f"{len(people)} people certainly moved from {a.name} to {b.name}{cond}: "
                           f"{', '.join(people)}.{tail}"), evidence, None
    if people:
        return PARTLY, (f"Only {len(people)} of the {need} people claimed certainly moved from {a.name} to "
                        f"{b.name}{cond}: {', '.join(people)}; the sources name no one else who did.{tail}"), evidence, (
            f"sources naming the others said to have moved from {a.name} to {b.name}.")
    if possible:
        return INSUFFICIENT, (f"not ruled out: nobody is shown certainly moving from {a.name} to {b.name}{cond}; "
                              f"possibly: {open_part}." + (f" Moved but not as claimed: {out_part}." if out_part else "")
                              + (" The sources name fewer people than the claim needs." if len(possible) < need else "")
                              ), evidence, "the dates these people left and arrived, and the names of any others who moved."
    return INSUFFICIENT, (f"not ruled out: the moves from {a.name} to {b.name} in the sources do not fit the claim "
                          f"({out_part}); people the sources do not name may have moved{cond}."), evidence, (
        f"sources naming people who moved from {a.name} to {b.name}{cond}.")


def _move_ev(m: dict[str, Any], why: str) -> dict[str, Any]:
    keys = ("id", "authority", "role", "title", "start", "end", "start_kind", "end_kind", "when", "as_of")
    fact = {"kind": "move", "person": m["person"],
            "from": {k: m["from"].get(k) for k in keys}, "to": {k: m["to"].get(k) for k in keys},
            "from_judgements": [{k: j.get(k) for k in ("id", "overall", "published", "relative")}
                                for j in m["from_judgements"]],
            "to_judgements": [{k: j.get(k) for k in ("id", "overall", "published", "relative")}
                              for j in m["to_judgements"]]}
    return {"id": f"{m['from'].get('id')} -> {m['to'].get('id')}", "ids": [m["from"].get("id"), m["to"].get("id")],
            "why": why, "fact": fact,
            "sources": list({s["id"]: s for s in m["from"]["sources"] + m["to"]["sources"]}.values())}


JUDGES: dict[str, Callable[[Reader, dict[str, Any]], Verdict]] = {
    "held": judge_held, "rated": judge_rated, "led_when_rated": judge_led_when_rated, "team_move": judge_team_move}
