"""Named queries: Cypher files run on a store, plus the Python that post-processes them.

`Reader` opens a store read-only and runs `queries/<name>.cypher` with
parameters (never with string-formatted values).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.dates import PartialDate, Span, parse_optional
from graph.model import Authority, Judgement
from graph.names import person_key
from loaders.register import NameError_, Register, index_authorities

QUERY_DIR = Path(__file__).resolve().parent
BULK_FETCH_ROWS = 2000  # above this, answers come back as one Arrow table (much faster than row by row)
FEW = 200  # up to this many nodes, one primary-key query each beats one query that scans (measured: 1 vs 100 ms)


@lru_cache(maxsize=None)
def cypher(name: str) -> str:
    """The text of queries/<name>.cypher."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"bad query name {name!r}")
    return (QUERY_DIR / f"{name}.cypher").read_text(encoding="utf-8")


class Reader:
    """A read-only view of one store, with lenient name lookup."""

    def __init__(self, db: Path, timeout_s: float | None = None) -> None:
        from graph.embedded import Store

        self.db_path = db
        self._db, self.conn = Store(db).connect()
        # Answers are many small queries anchored on primary keys: handing each to one thread halves
        # their cost on this 2-core machine (1.1 against 2.2 ms an authority's judgements and
        # citations at 10^6 edges) and leaves whole-graph answers as fast (moves: bench/README.md).
        self.conn.set_max_threads_for_exec(1)
        self.timeout_s = timeout_s
        self._register: Register | None = None
        self._people: list[dict[str, Any]] | None = None
        self._sources: dict[str, dict[str, Any]] = {}
        self._cites: dict[str, list[dict[str, Any]]] = {}
        self._all_sources = False
        self._authorities: dict[str, Authority] = {}
        self._judgements: dict[str, list[dict[str, Any]]] = {}

    def close(self) -> None:
        self.conn.close()
        self._db.close()

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def raw(self, text: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        from graph.embedded import run_query

        return run_query(self.conn, text, params, self.timeout_s)

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a named query as dicts; a large answer is fetched as one Arrow table, not row by row."""
        if name == "authority_tenures":
            return self._authority_tenures(**params)
        return self._run(name, params)

    def _authority_tenures(self, authority_id: str, roles: list[str] | None = None, **window: Any) -> list[dict[str, Any]]:
        """authority_tenures.cypher anchored on the authority; roles and window applied here (see the .cypher)."""
        rows = self._run("authority_tenures", {"authority_id": authority_id})
        until, since = window.get("until") or "9999-12-31", window.get("from") or "0001-01-01"
        rows = [r for r in rows if (not roles or r["role"] in roles)
                and r["possible_from"] <= until and r["possible_until"] >= since]
        rows.sort(key=lambda r: (r["possible_from"], r["person"]))
        return rows

    def run_arrow(self, name: str, **params: Any) -> Any:
        """A named query's answer as one Arrow table (for whole-graph analyses that filter before making dicts)."""
        if self.timeout_s:
            self.conn.set_query_timeout(int(self.timeout_s * 1000))
        result = self.conn.execute(cypher(name), params)
        if isinstance(result, list):
            result = result[-1]
        return result.get_as_arrow()

    def _run(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.timeout_s:
            self.conn.set_query_timeout(int(self.timeout_s * 1000))
        result = self.conn.execute(cypher(name), params)
        if isinstance(result, list):
            result = result[-1]
        if result.get_num_tuples() > BULK_FETCH_ROWS:
            return result.get_as_arrow().to_pylist()  # type: ignore[no-any-return]
        cols = result.get_column_names()
        out = []
        while result.has_next():
            out.append(dict(zip(cols, result.get_next())))
        return out

    # -- names ---------------------------------------------------------------

    @property
    def register(self) -> Register:
        if self._register is None:
            _, rows = self.raw("MATCH (a:Authority) RETURN a.id, a.name, a.kind, a.region, a.aliases, a.valid_to")
            auths = {r[0]: Authority(id=r[0], name=r[1], kind=r[2] or "", region=r[3] or "",
                                     aliases=list(r[4] or []), valid_to=r[5] or "") for r in rows}
            self._register = index_authorities(auths, derive=False)
        return self._register

    def authority(self, name: str) -> Authority:
        """Anchored lookup by key in the store; the full name index only for suggestions and ties."""
        if name not in self._authorities:
            self._authorities[name] = self._find_authority(name)
        return self._authorities[name]

    def _find_authority(self, name: str) -> Authority:
        from loaders.register import core, normalise

        for key in dict.fromkeys([normalise(name), core(name)]):
            rows = self.run("authority_by_key", key=key)  # + the authority whose id is the name itself
            rows += [r for r in self.run("authority_by_id", id=name) if r["id"] not in {x["id"] for x in rows}]
            current = [r for r in rows if not r["valid_to"]]
            pick = rows if len(rows) == 1 else current if len(current) == 1 else []
            if len({r["name"] for r in rows}) == 1 and not pick and rows:
                pick = sorted(rows, key=lambda r: r["id"])[-1:]
            if pick:
                r = pick[0]
                return Authority(id=r["id"], name=r["name"], kind=r["kind"] or "", region=r["region"] or "",
                                 aliases=list(r["aliases"] or []), valid_to=r["valid_to"] or "")
        return self.register.resolve(name)

    def person(self, name: str) -> dict[str, Any]:
        """The person a name means: full name or alias, honorifics ignored; else a unique surname."""
        key = person_key(name)
        direct = self.run("person_by_key", key=key)
        if len(direct) == 1:
            return direct[0]
        if self._people is None:
            self._people = self.run("people")
        exact = [p for p in self._people if key in {person_key(n) for n in [p["name"], *(p["aliases"] or [])]}]
        if len(exact) == 1:
            return exact[0]
        if not exact and key:
            by_surname = [p for p in self._people if person_key(p["name"]).split()[-1:] == key.split()[-1:]]
            if len(by_surname) == 1 and len(key.split()) == 1:
                return by_surname[0]
            if len(by_surname) > 1 and len(key.split()) == 1:
                raise NameError_("person", name, sorted(p["name"] for p in by_surname), ambiguous=True)
        if len(exact) > 1:
            raise NameError_("person", name, sorted(p["name"] for p in exact), ambiguous=True)
        import difflib

        names = {person_key(p["name"]): p["name"] for p in self._people}
        close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
        raise NameError_("person", name, [names[c] for c in close])

    # -- judgements ----------------------------------------------------------

    def judgements(self, authority_id: str) -> list[dict[str, Any]]:
        """An authority's judgements (authority_judgements), cached; see `load_judgements`."""
        if authority_id not in self._judgements:
            self._judgements[authority_id] = self.run("authority_judgements", authority_id=authority_id)
        return self._judgements[authority_id]

    def load_judgements(self, authority_ids: list[str] | None = None) -> None:
        """Fetch the judgements of many authorities (None: all) in one query, for views over many of them."""
        wanted = None if authority_ids is None else [a for a in dict.fromkeys(authority_ids)
                                                     if a not in self._judgements]
        if wanted == []:
            return
        if wanted is not None and len(wanted) <= FEW:  # one primary-key query each: `IN $ids` compares every judgement
            for a in wanted:
                self.judgements(a)
            return
        rows = self.run("all_judgements") if wanted is None else self.run("judgements_of", authority_ids=wanted)
        for a in wanted or []:
            self._judgements[a] = []
        for row in rows:
            self._judgements.setdefault(row.pop("authority_id"), []).append(row)

    # -- sources -------------------------------------------------------------

    def load_sources(self) -> None:
        """Every source in one query (for views over the whole graph)."""
        if not self._all_sources:
            for row in self.run("all_sources"):
                self._sources[row["id"]] = row
            self._all_sources = True

    def sources(self, ids: list[str]) -> list[dict[str, Any]]:
        """Source metadata for ids, in the order given."""
        missing = [i for i in dict.fromkeys(ids) if i not in self._sources]
        if missing and not self._all_sources:
            for row in self.run("sources_by_id", ids=missing):
                self._sources[row["id"]] = row
        return [self._sources[i] for i in dict.fromkeys(ids) if i in self._sources]

    def prefetch_citations(self, fact_ids: list[str], holders: dict[str, str] | None = None,
                           authority: str | None = None) -> None:
        """Load the citations of many facts at once (what each source says, for disagreements).

        Reached by primary key, so the cost follows the facts asked for, not the size of the store:
        a judgement's citations hang on its own node, a tenure's on its holder's (`holders`: fact id
        -> person id). `authority`: every tenure in `holders` is a post at this authority, so their
        citations come in one query anchored on it. Only facts with neither fall back to one query
        over every citation.
        """
        want = [f for f in dict.fromkeys(fact_ids) if f not in self._cites]
        if not want:
            return
        for f in want:
            self._cites[f] = []
        holders = holders or {}
        held = [f for f in want if f in holders]
        rest = [f for f in want if f not in holders]
        found: list[dict[str, Any]] = []
        wanted = set(held)
        if held and authority:
            found += [c for c in self._run("citations_at_authority", {"id": authority}) if c["fact"] in wanted]
        elif held:
            people = sorted({holders[f] for f in held})
            rows = self._each("citations_of_person", people) if len(people) <= FEW else \
                self.run("citations_of_people", people=people)
            found += [c for c in rows if c["fact"] in wanted]
        if rest:
            found += self._each("citations_of_judgement", rest) if len(rest) <= FEW else \
                self.run("citations_of_judgements", ids=rest)
            seen = {c["fact"] for c in found}
            others = [f for f in rest if f not in seen and not f.startswith("judgement:")]
            if others:
                found += self.run("citations", facts=others)
        self._keep_cites(found)

    def _keep_cites(self, found: list[dict[str, Any]]) -> None:
        for c in sorted(found, key=lambda c: (c["source_id"], c["locator"] or "", c["spans"] or "", c["as_of"] or "")):
            self._cites[c["fact"]].append(c)  # in one order whichever query found them

    def prefetch_judgements(self, authority_ids: list[str]) -> None:
        """These authorities' judgements with their citations and sources (an answer that shows authorities'
        ratings reads them this way): for a few, one or two queries per authority anchored on its primary
        key; for many, one query each for the judgements and their citations."""
        ids = list(dict.fromkeys(authority_ids))
        self.load_judgements(ids)
        if len(ids) > FEW:
            self.prefetch_citations([j["id"] for a in ids for j in self._judgements[a]])
        else:
            for a in ids:
                want = {j["id"] for j in self._judgements[a] if j["id"] not in self._cites}
                if want:
                    for f in want:
                        self._cites[f] = []
                    self._keep_cites([c for c in self._run("citations_of_authority_judgements", {"id": a})
                                      if c["fact"] in want])
        self.sources(sorted({s for a in ids for j in self._judgements[a] for s in j.get("source_ids") or []}))

    def _each(self, name: str, ids: list[str]) -> list[dict[str, Any]]:
        """One anchored query per id (the engine plans `UNWIND $ids ... MATCH` over relationships as a scan)."""
        return [row for i in ids for row in self._run(name, {"id": i})]

    def disputes(self, fact_id: str, kept: dict[str, Any], holder: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Field -> what other sources say, where a citation states a value that differs from the kept one.

        Dates differ only when they cannot mean the same day ("2018-11" vs "2018-12", not "2018" vs "2018-11").
        """
        import json

        out: dict[str, list[dict[str, Any]]] = {}
        if fact_id not in self._cites:
            self.prefetch_citations([fact_id], {fact_id: holder} if holder else None)
        for c in self._cites[fact_id]:
            says = json.loads(c["says"]) if c.get("says") else {}
            for key, value in says.items():
                if key not in kept or value in (None, ""):
                    continue
                have = kept[key]
                if key in DATE_KEYS:
                    if have and not PartialDate.parse(have).overlaps(PartialDate.parse(value)):
                        out.setdefault(key, []).append({"value": str(value), "source": c["source_id"]})
                elif have is not None and str(value) != str(have):
                    out.setdefault(key, []).append({"value": str(value), "source": c["source_id"]})
        return out


def holders_of(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Fact id -> person id for tenure rows: where their citations are found by key."""
    return {r["id"]: r["person_id"] for r in rows if r.get("id") and r.get("person_id")}


def check_role(role: str) -> str | None:
    """None means any role; otherwise a role of the vocabulary, read leniently ("dcs", "director")."""
    from queries.labels import parse_role

    if role is None:
        return None
    return parse_role(role)


def span_of(row: dict[str, Any]) -> Span:
    return _span(row.get("start"), row.get("end"), bool(row.get("end_inferred")), tuple(row.get("as_of") or ()),
                 row.get("not_before"))


@lru_cache(maxsize=1 << 16)
def _span(start: str | None, end: str | None, end_inferred: bool, as_of: tuple[str, ...],
          not_before: str | None) -> Span:
    """Spans repeat across rows and calls (whole-graph views ask for each many times); Span is immutable."""
    return Span(parse_optional(start), parse_optional(end), end_inferred,
                tuple(sorted(PartialDate.parse(a) for a in as_of)), parse_optional(not_before))


def judgement_of(row: dict[str, Any]) -> Judgement:
    return Judgement(id=row["id"], cites=[], type=row.get("type") or "other", overall=row.get("overall"),
                     inspection_start=parse_optional(row.get("inspection_start")),
                     inspection_end=parse_optional(row.get("inspection_end")),
                     published=parse_optional(row.get("published")),
                     in_force_until=parse_optional(row.get("in_force_until")))


DATE_KEYS = ("start", "end", "inspection_start", "inspection_end", "published")
SUB_KEYS = ("help_and_protection", "children_in_care", "care_leavers", "leadership", "adoption")


def brief_source(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s["id"], "url": s.get("url"), "title": s.get("title"), "publisher": s.get("publisher"),
            "published": s.get("published")}


def judgement_json(reader: Reader, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "type": row.get("type"), "title": row.get("title") or None, "overall": row.get("overall"),
            "inspection_start": row.get("inspection_start"), "inspection_end": row.get("inspection_end"),
            "published": row.get("published"), "in_force_until": row.get("in_force_until"),
            "subjudgements": {k: row[k] for k in SUB_KEYS if row.get(k)},
            "origin": row.get("origin"),
            "disputed": reader.disputes(row["id"], {k: row.get(k) for k in ("overall", *DATE_KEYS[2:])}),
            "sources": [brief_source(s) for s in reader.sources(row.get("source_ids") or [])]}


def date_kinds(row: dict[str, Any]) -> dict[str, Any]:
    """What each end of a tenure is: stated by a source, inferred (and from what), last seen, or unknown.

    start_kind: stated | bounded (not before another holder's or post's evidence) | first_seen | unknown
    end_kind:   stated | inferred (the next holder's, or the person's next post's, first evidence)
                | last_seen | open
    The texts say it in words, e.g. "by 2023-01-27, when the next holder was first seen".
    """
    as_of = sorted(row.get("as_of") or [], key=lambda d: PartialDate.parse(d).sort_key())
    start, end, nb = row.get("start"), row.get("end"), row.get("not_before")
    if start:
        sk, st = "stated", str(start)
    elif nb:
        sk = "bounded"
        st = f"after {nb}, {row.get('start_note') or 'when an earlier holder was last seen'}"
        if as_of:
            st += f" (first seen {as_of[0]})"
    elif as_of:
        sk, st = "first_seen", f"not stated, first seen {as_of[0]}"
    else:
        sk, st = "unknown", "not stated"
    if end and row.get("end_inferred"):
        ek, et = "inferred", f"by {end}, {row.get('end_note') or 'when the next holder was first seen'}"
    elif end:
        ek, et = "stated", str(end)
    elif as_of:
        ek, et = "last_seen", f"not stated, last seen {as_of[-1]}"
    else:
        ek, et = "open", "not stated"
    when = (st if sk in ("stated", "bounded") else f"start {st}") + " .. " + (
        et if ek in ("stated", "inferred") else f"end {et}")
    return {"start_kind": sk, "end_kind": ek, "start_text": st, "end_text": et, "when": when}


def tenure_json(reader: Reader, row: dict[str, Any], certainty: str | None = None) -> dict[str, Any]:
    out = {"id": row.get("id"), "person": row["person"], "role": row["role"], "title": row.get("title"),
           "authority": row.get("authority"), "start": row.get("start"), "end": row.get("end"),
           "end_inferred": bool(row.get("end_inferred")), **date_kinds(row),
           "interim": bool(row.get("interim")),
           "as_of": list(row.get("as_of") or []), "origin": row.get("origin")}
    out["disputed"] = reader.disputes(row["id"], {"start": row.get("start"), "end": row.get("end")},
                                      row.get("person_id")) if row.get("id") else {}
    if out["disputed"]:  # the disagreement shown in place: "2017-04-24 (one source: 2017-07)"
        from queries.output import dissent

        for key in ("start", "end"):
            if out["disputed"].get(key):
                text = out[f"{key}_text"]
                out[f"{key}_text"] = dissent(text, out["disputed"][key])
                out["when"] = out["when"].replace(text, out[f"{key}_text"], 1)
    if certainty is not None:
        out["certainty"] = certainty
    out["sources"] = [brief_source(s) for s in reader.sources(row.get("source_ids") or [])]
    return out
