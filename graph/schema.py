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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

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
    "Search": {"id": STRING, "authority_id": STRING, "role": STRING, "published": STRING, "queries": STRINGS,
               "note": STRING},
}

_DATED = {"id": STRING, "start": STRING, "end": STRING, "origin": STRING, "confidence": FLOAT,
          "source_ids": STRINGS}
RELS: dict[str, tuple[list[tuple[str, str]], dict[str, str]]] = {
    "HELD": ([("Person", "Post")], {
        **_DATED, "role": STRING, "title": STRING, "start_precision": STRING, "end_precision": STRING,
        "end_inferred": BOOL, "not_before": STRING, "interim": BOOL, "as_of": STRINGS, "possible_from": STRING,
        "possible_until": STRING, "certain_from": STRING, "certain_until": STRING, "start_note": STRING,
        "end_note": STRING}),
    "AT": ([("Post", "Authority")], {}),
    "OF": ([("Judgement", "Authority")], {}),
    "INSPECTED": ([("Person", "Judgement")], {}),
    "COMMISSIONER_FOR": ([("Person", "Authority")], dict(_DATED)),
    "IMPROVEMENT_PARTNER_OF": ([("Authority", "Authority")], {**_DATED, "kind": STRING, "title": STRING}),
    "INTERVENED_IN": ([("Authority", "Authority")], {**_DATED, "kind": STRING}),
    "SUCCEEDED_BY": ([("Authority", "Authority")], {**_DATED, "kind": STRING}),
    "CITES": ([("Judgement", "Source"), ("Person", "Source"), ("Authority", "Source")], {
        "fact": STRING, "char_start": INT, "char_end": INT, "spans": STRING, "says": STRING,
        "as_of": STRING, "note": STRING, "locator": STRING}),
}


class Table(Sequence[dict[str, Any]]):
    """One table's rows, kept as tuples in column order.

    A dict per row costs about a kilobyte; at a million edges that alone was gigabytes.
    Readers still see dicts (made on the fly); the bulk loader takes `columns()`.
    """

    __slots__ = ("names", "data")

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        self.data: list[tuple[Any, ...]] = []

    def __len__(self) -> int:
        return len(self.data)

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [dict(zip(self.names, r)) for r in self.data[i]]
        return dict(zip(self.names, self.data[i]))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        names = self.names
        return (dict(zip(names, r)) for r in self.data)

    def columns(self) -> dict[str, list[Any]]:
        """Column name -> values, for Arrow."""
        if not self.data:
            return {n: [] for n in self.names}
        return {n: list(col) for n, col in zip(self.names, zip(*self.data))}


@dataclass
class Rows:
    nodes: dict[str, Table]
    rels: dict[tuple[str, str, str], Table]  # (type, from label, to label) -> rows with _from/_to first

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


SUB_AREAS = ("help_and_protection", "children_in_care", "care_leavers", "leadership", "adoption")


def _drain(items: list[Any], consume: bool) -> Iterator[Any]:
    """Each item in turn; with `consume`, the list lets go of it once it is taken (memory)."""
    for i in range(len(items)):
        item = items[i]
        if consume:
            items[i] = None
        yield item
    if consume:
        items.clear()


def rows(kb: KnowledgeBase, consume: bool = False) -> Rows:
    """Every node and relationship, ready for COPY, UNWIND or networkx.

    Values are added positionally in the column order of NODES / RELS (hot loops:
    a keyword dict per row would be built only to be taken apart again). With
    `consume`, the facts are dropped from `kb` as their rows are made, so a large
    build holds the facts or the rows, not both.
    """
    nodes = {label: Table(cols) for label, cols in NODES.items()}
    rels: dict[tuple[str, str, str], Table] = {}

    def table(rel_type: str, a: str, b: str) -> Table:
        t = rels.get((rel_type, a, b))
        if t is None:
            t = rels[(rel_type, a, b)] = Table(("_from", "_to", *RELS[rel_type][1]))
        return t

    from graph.names import person_key

    add = nodes["Person"].data.append
    for p in kb.people.values():
        add((p.id, p.name, list(p.aliases), person_key(p.name), [person_key(a) for a in p.aliases]))
    from loaders.register import name_keys

    add = nodes["Authority"].data.append
    for a in kb.authorities.values():
        add((a.id, a.name, a.kind, a.region, a.dfe_code, list(a.aliases), a.valid_from, a.valid_to, name_keys(a)))
    add, at = nodes["Post"].data.append, table("AT", "Post", "Authority").data.append
    for post in kb.posts.values():
        add((post.id, post.role, post.title, post.authority_id, single_holder(post.role)))
        at((post.id, post.authority_id))
    add = nodes["Source"].data.append
    for s in kb.sources.values():
        add((s.id, s.url, s.title, s.publisher, _s(s.published), s.file))

    def cites(fact_id: str, label: str, node_id: str, cites_list: list) -> None:
        add = table("CITES", label, "Source").data.append
        for c in cites_list:
            spans = c.spans
            add((node_id, c.source_id, fact_id, spans[0][0] if spans else None, spans[0][1] if spans else None,
                 "[" + ", ".join(f"[{a}, {b}]" for a, b in spans) + "]", json.dumps(c.says) if c.says else None,
                 _s(c.as_of), c.note, c.locator))

    add = nodes["Search"].data.append
    for q in kb.searches:
        add((q.id, q.authority_id, q.role, _s(q.published), list(q.queries), q.note))

    held = table("HELD", "Person", "Post").data.append
    for t in _drain(kb.tenures, consume):
        span = t.span
        possible, certain = span.possible(), span.certain()
        source_ids = t.source_ids
        start, end = t.start, t.end
        held((t.person_id, t.post_id, t.id, _s(start), _s(end), t.origin, t.confidence, source_ids,
              t.role, t.title, start.precision.value if start else None, end.precision.value if end else None,
              t.end_inferred, _s(t.not_before), t.interim, [str(a) for a in t.as_of], _iso(possible.lo),
              _iso(possible.hi), None if certain.empty else _iso(certain.lo),
              None if certain.empty else _iso(certain.hi), t.start_note, t.end_note))
        if t.role == "commissioner":
            table("COMMISSIONER_FOR", "Person", "Authority").data.append(
                (t.person_id, t.authority_id, t.id, _s(start), _s(end), t.origin, t.confidence, source_ids))
        cites(t.id, "Person", t.person_id, t.cites)
    add = nodes["Judgement"].data.append
    for j in _drain(kb.judgements, consume):
        insp = _bounds(j.window("inspection"))
        pub = _bounds(j.window("published"))
        force = _bounds(j.window("in-force"))
        add((j.id, j.authority_id, j.type, j.title, _s(j.inspection_start), _s(j.inspection_end), _s(j.published),
             j.overall, *(j.sub.get(k) for k in SUB_AREAS), _s(j.in_force_until), insp[0], insp[1], pub[0],
             pub[1], force[0], force[1], j.origin, j.confidence, j.source_ids))
        table("OF", "Judgement", "Authority").data.append((j.id, j.authority_id))
        for pid in j.inspectors:
            table("INSPECTED", "Person", "Judgement").data.append((pid, j.id))
        cites(j.id, "Judgement", j.id, j.cites)
    for r in _drain(kb.relations, consume):
        dated = (r.id, _s(r.start), _s(r.end), r.origin, r.confidence, r.source_ids)
        if r.kind == "improvement_partner_of":
            table("IMPROVEMENT_PARTNER_OF", "Authority", "Authority").data.append(
                (r.subject_id, r.object_id, *dated, r.kind, r.title))
        elif r.kind == "succeeded_by":
            table("SUCCEEDED_BY", "Authority", "Authority").data.append((r.subject_id, r.object_id, *dated, r.kind))
        else:
            table("INTERVENED_IN", "Authority", "Authority").data.append((r.subject_id, r.object_id, *dated, r.kind))
        cites(r.id, "Authority", r.subject_id, r.cites)
    _check_widths(nodes, rels)
    return Rows(nodes, rels)


def _check_widths(nodes: dict[str, Table], rels: dict[tuple[str, str, str], Table]) -> None:
    """A row with the wrong number of values is a bug here, not bad data: fail loudly."""
    for t in [*nodes.values(), *rels.values()]:
        if t.data and len(t.data[0]) != len(t.names):
            raise AssertionError(f"row width {len(t.data[0])} != columns {t.names}")


__all__ = ["NODES", "RELS", "Rows", "Table", "rows", "MIN_DAY", "MAX_DAY"]
