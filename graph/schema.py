"""One schema for every store: node and relationship tables, and the rows that fill them.

The embedded store, the Neo4j push, the Cypher/GraphML/JSON exports and the
networkx graph are all fed from `rows(kb)`, so they cannot drift apart.
Relationship properties `start`/`end` keep the source's precision as text
(`2017`, `2017-04`, `2017-04-24`); the `*_from`/`*_until` ISO day bounds beside
them make range filters possible in plain Cypher. (`end` is a reserved word in
LadybugDB: write it as h.`end`.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.dates import MAX_DAY, MIN_DAY, PartialDate, Window
from graph.model import KnowledgeBase, single_holder

STRING, INT, FLOAT, BOOL, STRINGS = "STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"

NODES: dict[str, dict[str, str]] = {
    "Person": {"id": STRING, "name": STRING, "aliases": STRINGS, "name_key": STRING, "alias_keys": STRINGS},
    "Authority": {"id": STRING, "name": STRING, "kind": STRING, "region": STRING, "dfe_code": STRING,
                  "aliases": STRINGS, "valid_from": STRING, "valid_to": STRING, "name_keys": STRINGS},
    "Post": {"id": STRING, "role": STRING, "title": STRING, "authority_id": STRING, "single_holder": BOOL},
    "Judgement": {"id": STRING, "authority_id": STRING, "type": STRING, "title": STRING,
                  "inspection_start": STRING, "inspection_end": STRING, "published": STRING,
                  "overall": STRING, "help_and_protection": STRING, "children_in_care": STRING,
                  "care_leavers": STRING, "leadership": STRING, "adoption": STRING,
                  "in_force_until": STRING, "insp_from": STRING, "insp_until": STRING,
                  "pub_from": STRING, "pub_until": STRING, "force_from": STRING, "force_until": STRING,
                  "origin": STRING, "confidence": FLOAT, "source_ids": STRINGS},
    "Source": {"id": STRING, "url": STRING, "title": STRING, "publisher": STRING, "published": STRING,
               "file": STRING},
}

_DATED = {"id": STRING, "start": STRING, "end": STRING, "origin": STRING, "confidence": FLOAT,
          "source_ids": STRINGS}
RELS: dict[str, tuple[list[tuple[str, str]], dict[str, str]]] = {
    "HELD": ([("Person", "Post")], {
        **_DATED, "role": STRING, "title": STRING, "start_precision": STRING, "end_precision": STRING,
        "end_inferred": BOOL, "not_before": STRING, "interim": BOOL, "as_of": STRINGS, "possible_from": STRING,
        "possible_until": STRING, "certain_from": STRING, "certain_until": STRING}),
    "AT": ([("Post", "Authority")], {}),
    "OF": ([("Judgement", "Authority")], {}),
    "INSPECTED": ([("Person", "Judgement")], {}),
    "COMMISSIONER_FOR": ([("Person", "Authority")], dict(_DATED)),
    "IMPROVEMENT_PARTNER_OF": ([("Authority", "Authority")], {**_DATED, "kind": STRING, "title": STRING}),
    "INTERVENED_IN": ([("Authority", "Authority")], {**_DATED, "kind": STRING}),
    "CITES": ([("Judgement", "Source"), ("Person", "Source"), ("Authority", "Source")], {
        "fact": STRING, "char_start": INT, "char_end": INT, "spans": STRING, "says": STRING,
        "as_of": STRING, "note": STRING}),
}


@dataclass
class Rows:
    nodes: dict[str, list[dict[str, Any]]]
    rels: dict[tuple[str, str, str], list[dict[str, Any]]]  # (type, from label, to label) -> rows with _from/_to

    def counts(self) -> dict[str, int]:
        out = {label: len(rows) for label, rows in self.nodes.items()}
        for (rel, _, _), rows in self.rels.items():
            out[rel] = out.get(rel, 0) + len(rows)
        return out


def _s(d: PartialDate | None) -> str | None:
    return str(d) if d else None


def _iso(day: Any) -> str:
    return day.isoformat()


def _bounds(w: Window | None) -> tuple[str | None, str | None]:
    if w is None:
        return None, None
    return _iso(w.lo), _iso(w.hi)


def rows(kb: KnowledgeBase) -> Rows:
    """Every node and relationship as plain dicts, ready for COPY, UNWIND or networkx."""
    nodes: dict[str, list[dict[str, Any]]] = {k: [] for k in NODES}
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def rel(rel_type: str, a: str, b: str, src: str, dst: str, **props: Any) -> None:
        rels.setdefault((rel_type, a, b), []).append({"_from": src, "_to": dst, **props})

    from queries import person_key

    for p in kb.people.values():
        nodes["Person"].append({"id": p.id, "name": p.name, "aliases": list(p.aliases), "name_key": person_key(p.name),
                                "alias_keys": [person_key(a) for a in p.aliases]})
    from loaders.register import name_keys

    for a in kb.authorities.values():
        nodes["Authority"].append({"id": a.id, "name": a.name, "kind": a.kind, "region": a.region,
                                   "dfe_code": a.dfe_code, "aliases": list(a.aliases),
                                   "valid_from": a.valid_from, "valid_to": a.valid_to,
                                   "name_keys": name_keys(a)})
    for post in kb.posts.values():
        nodes["Post"].append({"id": post.id, "role": post.role, "title": post.title,
                              "authority_id": post.authority_id, "single_holder": single_holder(post.role)})
        rel("AT", "Post", "Authority", post.id, post.authority_id)
    for s in kb.sources.values():
        nodes["Source"].append({"id": s.id, "url": s.url, "title": s.title, "publisher": s.publisher,
                                "published": _s(s.published), "file": s.file})

    def cites(fact_id: str, label: str, node_id: str, cites_list: list) -> None:
        for c in cites_list:
            rel("CITES", label, "Source", node_id, c.source_id, fact=fact_id, char_start=c.char_start,
                char_end=c.char_end, spans="[" + ", ".join(f"[{a}, {b}]" for a, b in c.spans) + "]",
                says=json.dumps(c.says) if c.says else None,
                as_of=_s(c.as_of), note=c.note)

    for t in kb.tenures:
        span = t.span
        possible, certain = span.possible(), span.certain()
        rel("HELD", "Person", "Post", t.person_id, t.post_id, id=t.id, role=t.role, title=t.title,
            start=_s(t.start), end=_s(t.end), start_precision=t.start.precision.value if t.start else None,
            end_precision=t.end.precision.value if t.end else None, end_inferred=t.end_inferred,
            not_before=_s(t.not_before),
            interim=t.interim, as_of=[str(a) for a in t.as_of], possible_from=_iso(possible.lo),
            possible_until=_iso(possible.hi), certain_from=None if certain.empty else _iso(certain.lo),
            certain_until=None if certain.empty else _iso(certain.hi), origin=t.origin,
            confidence=t.confidence, source_ids=t.source_ids)
        if t.role == "commissioner":
            rel("COMMISSIONER_FOR", "Person", "Authority", t.person_id, t.authority_id, id=t.id,
                start=_s(t.start), end=_s(t.end), origin=t.origin, confidence=t.confidence,
                source_ids=t.source_ids)
        cites(t.id, "Person", t.person_id, t.cites)
    for j in kb.judgements:
        insp = _bounds(j.window("inspection"))
        pub = _bounds(j.window("published"))
        force = _bounds(j.window("in-force"))
        nodes["Judgement"].append({
            "id": j.id, "authority_id": j.authority_id, "type": j.type, "title": j.title,
            "inspection_start": _s(j.inspection_start), "inspection_end": _s(j.inspection_end),
            "published": _s(j.published), "overall": j.overall,
            **{k: j.sub.get(k) for k in ("help_and_protection", "children_in_care", "care_leavers",
                                         "leadership", "adoption")},
            "in_force_until": _s(j.in_force_until), "insp_from": insp[0], "insp_until": insp[1],
            "pub_from": pub[0], "pub_until": pub[1], "force_from": force[0], "force_until": force[1],
            "origin": j.origin, "confidence": j.confidence, "source_ids": j.source_ids})
        rel("OF", "Judgement", "Authority", j.id, j.authority_id)
        for pid in j.inspectors:
            rel("INSPECTED", "Person", "Judgement", pid, j.id)
        cites(j.id, "Judgement", j.id, j.cites)
    for r in kb.relations:
        common = dict(id=r.id, start=_s(r.start), end=_s(r.end), origin=r.origin, confidence=r.confidence,
                      source_ids=r.source_ids)
        if r.kind == "improvement_partner_of":
            rel("IMPROVEMENT_PARTNER_OF", "Authority", "Authority", r.subject_id, r.object_id, kind=r.kind,
                title=r.title, **common)
        else:
            rel("INTERVENED_IN", "Authority", "Authority", r.subject_id, r.object_id, kind=r.kind, **common)
        cites(r.id, "Authority", r.subject_id, r.cites)
    return Rows(nodes, rels)


__all__ = ["NODES", "RELS", "Rows", "rows", "MIN_DAY", "MAX_DAY"]
