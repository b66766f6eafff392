"""Named queries: Cypher files run on a store, plus the Python that post-processes them.

`Reader` opens a store read-only and runs `queries/<name>.cypher` with
parameters (never with string-formatted values).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.dates import parse_optional
from graph.dates import span_of_row as span_of  # noqa: F401  (re-exported for the queries)
from graph.model import Authority, Judgement, roles
from graph.names import person_key
from loaders.register import NameError_, Register, index_authorities

QUERY_DIR = Path(__file__).resolve().parent


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
        self.timeout_s = timeout_s
        self._register: Register | None = None
        self._people: list[dict[str, Any]] | None = None
        self._sources: dict[str, dict[str, Any]] = {}
        self._authorities: dict[str, Authority] = {}

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
        cols, rows = self.raw(cypher(name), params)
        return [dict(zip(cols, r)) for r in rows]

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
            rows = self.run("authority_by_key", key=key, raw=name)
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

    # -- sources -------------------------------------------------------------

    def sources(self, ids: list[str]) -> list[dict[str, Any]]:
        """Source metadata for ids, in the order given."""
        missing = [i for i in dict.fromkeys(ids) if i not in self._sources]
        if missing:
            for row in self.run("sources_by_id", ids=missing):
                self._sources[row["id"]] = row
        return [self._sources[i] for i in dict.fromkeys(ids) if i in self._sources]


def check_role(role: str) -> str | None:
    """None means any role; otherwise the role must be in the vocabulary."""
    if role in ("any", "", None):
        return None
    if role not in roles():
        raise ValueError(f"unknown role {role!r}; expected 'any' or one of: {', '.join(roles())}")
    return role


def judgement_of(row: dict[str, Any]) -> Judgement:
    return Judgement(id=row["id"], cites=[], type=row.get("type") or "other", overall=row.get("overall"),
                     inspection_start=parse_optional(row.get("inspection_start")),
                     inspection_end=parse_optional(row.get("inspection_end")),
                     published=parse_optional(row.get("published")),
                     in_force_until=parse_optional(row.get("in_force_until")))


SUB_KEYS = ("help_and_protection", "children_in_care", "care_leavers", "leadership", "adoption")


def brief_source(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s["id"], "url": s.get("url"), "title": s.get("title"), "publisher": s.get("publisher"),
            "published": s.get("published")}


def judgement_json(reader: Reader, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "type": row.get("type"), "overall": row.get("overall"),
            "inspection_start": row.get("inspection_start"), "inspection_end": row.get("inspection_end"),
            "published": row.get("published"), "in_force_until": row.get("in_force_until"),
            "subjudgements": {k: row[k] for k in SUB_KEYS if row.get(k)},
            "origin": row.get("origin"),
            "sources": [brief_source(s) for s in reader.sources(row.get("source_ids") or [])]}


def tenure_json(reader: Reader, row: dict[str, Any], certainty: str | None = None) -> dict[str, Any]:
    out = {"person": row["person"], "role": row["role"], "title": row.get("title"),
           "authority": row.get("authority"), "start": row.get("start"), "end": row.get("end"),
           "end_inferred": bool(row.get("end_inferred")), "interim": bool(row.get("interim")),
           "as_of": list(row.get("as_of") or []), "origin": row.get("origin")}
    if certainty is not None:
        out["certainty"] = certainty
    out["sources"] = [brief_source(s) for s in reader.sources(row.get("source_ids") or [])]
    return out
