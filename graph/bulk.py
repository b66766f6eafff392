"""The columnar bulk build: fact files -> the store's tables as Arrow, without a Python object per fact.

`tenure build` takes this path when the data has JSONL fact files and no
articles. YAML files (and any JSONL file the columnar reader refuses, see
loaders/columnar.py) go through the row loader as before; their facts join the
columnar ones as Arrow tables in load order, and the rules that look across
facts (duplicate ids, inferred ends and starts in single-holder posts, two
certain holders of one post, judgements in force, spans inside their sources)
run column-wise on the union; graph.careers.bound_by_moves runs on Tenure
objects made for just the people with posts at two or more authorities. Any
problem at all returns None: the caller then runs the row loader, which reports
every problem with file and line, exactly as before. So does anything the row
loader does that this path does not reproduce: generated sources
(sources-*.jsonl), a fact file's own `sources:`, seats, searches, official
facts (merge_official), two entries of one stint (merge_same_tenures), a
columnar fact citing one place twice (merge_same_citations), and a sighting
outside its stated dates (check_sightings). The tables are those
`graph.schema.rows()` makes (tests/test_bulk.py compares every table row by
row, and checks each fallback).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.dates import PartialDate
from graph.model import KnowledgeBase, Person, single_holder
from graph.schema import NODES, RELS, SUB_AREAS

MIN_DAY, MAX_DAY = "0001-01-01", "9999-12-31"
_ORDER = 1 << 32  # fact order = file rank * _ORDER + position in the file: the row loader's list order


@dataclass
class ArrowTables:
    """Every store table as an Arrow table: nodes by label, relationships by (type, from, to) with from/to first."""

    nodes: dict[str, Any]
    rels: dict[tuple[str, str, str], Any]
    phases: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {label: t.num_rows for label, t in self.nodes.items()}
        for (rel, _, _), t in self.rels.items():
            out[rel] = out.get(rel, 0) + t.num_rows
        return out


class _Timer:
    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(self.phases.get(name, 0.0) + now - self.t, 3)
        self.t = now


def load_tables(data_dir: Path, sources_dir: Path | None = None) -> ArrowTables | None:
    """The store's tables for the facts under data_dir, or None when the row loader must report problems."""
    import pyarrow as pa

    from loaders.columnar import read_columnar
    from loaders.curated import (
        _display, _Reader, merge_same_citations, read_fact_file, read_file_sources, read_jsonl_file, read_sources,
    )
    from loaders.register import load_register
    from loaders.yamlsrc import Problem

    if any(data_dir.glob("sources-*.jsonl")):
        return None  # generated sources (Ofsted's reports): the row loader reads them and the facts citing them
    timer = _Timer()
    from graph.model import DATA_DIR, ORIGIN_CURATED

    register = load_register(data_dir if (data_dir / "authorities.csv").exists() else DATA_DIR)
    kb = KnowledgeBase(authorities=dict(register.authorities))
    problems: list[Problem] = []
    if (data_dir / "sources.yaml").exists():
        from loaders.curated import add_sources
        from loaders.yamlfast import read_plain_list

        plain = read_plain_list(data_dir / "sources.yaml")  # None: not the plain shape, load_yaml reads it
        if plain is not None:
            add_sources(_display(data_dir / "sources.yaml"), plain, kb, problems)
        else:
            read_sources(data_dir / "sources.yaml", kb, problems)
    reader = _Reader(register, kb, problems)
    yamls = sorted((data_dir / "facts").glob("*.yaml")) + sorted((data_dir / "facts").glob("*.yml"))
    jsonls = sorted((data_dir / "facts").glob("*.jsonl"))
    rank = {_display(p): i for i, p in enumerate(yamls + jsonls)}
    n_sources = len(kb.sources)
    parsed = [read_file_sources(path, kb, problems) for path in yamls]
    if len(kb.sources) != n_sources:
        return None  # a fact file's own `sources:` section
    for path, pair in zip(yamls, parsed):
        read_fact_file(path, reader, kb, pair)
    timer.lap("parse")
    columns: list[tuple[int, Any]] = []
    source_ids = set(kb.sources)
    for i, path in enumerate(jsonls, len(yamls)):
        cols = read_columnar(path, register, source_ids)
        if cols is None:
            read_jsonl_file(path, reader, kb)  # parse and checks of the row loader: counted as parse
            timer.lap("parse")
        else:
            columns.append((i, cols))
            timer.lap("validate")  # Arrow's JSON parse is moved to parse below
            timer.phases["validate"] = round(timer.phases["validate"] - cols.parse_s, 3)
            timer.phases["parse"] = round(timer.phases.get("parse", 0.0) + cols.parse_s, 3)
    if problems or kb.seats or kb.searches or any(f.origin != ORIGIN_CURATED for f in kb.facts()):
        return None  # seats, searches and official facts (merge_official) are the row loader's alone
    merge_same_citations(kb)  # one fact at a time, so exact here; columnar facts fall back instead (below)
    tenures = _concat([_kb_tenures(kb, rank)] + [_ordered(c.tenures, r) for r, c in columns if c.tenures is not None])
    judgements = _concat([_kb_judgements(kb, rank)]
                         + [_ordered(c.judgements, r) for r, c in columns if c.judgements is not None])
    del columns
    tenures = _with_codes(tenures)
    if not _unique_ids(tenures, judgements, kb) or _same_citations(tenures) or _same_citations(judgements) \
            or _same_tenures(tenures) or _bad_sightings(tenures):
        return None
    tenures = _infer_bounds(tenures)
    tenures = _moves(tenures, kb)
    tenures = _spans(tenures)
    if _single_holder_clash(tenures):
        return None
    judgements = _in_force(judgements)
    if sources_dir is not None and not _spans_inside(kb, sources_dir, tenures, judgements):
        return None
    timer.lap("validate")
    nodes, rels = _tables(kb, tenures, judgements)
    timer.lap("rows")
    del tenures, judgements
    from graph.schema import rows

    small = rows(KnowledgeBase(sources=kb.sources, relations=kb.relations))
    from graph.embedded import _arrow_table

    nodes["Source"] = _arrow_table(NODES["Source"], small.nodes["Source"])
    nodes["Authority"] = _authorities(register)
    for key, table in small.rels.items():
        if len(table):
            t = _arrow_table(RELS[key[0]][1], table, ends=True)
            rels[key] = pa.concat_tables([rels[key], t]) if key in rels else t
    timer.lap("arrow")
    return ArrowTables(nodes, rels, timer.phases)


def _authorities(register: Any) -> Any:
    """The Authority table; name keys read back from the register's index (the same keys, not computed twice)."""
    import pyarrow as pa

    keys: dict[str, list[str]] = {a: [] for a in register.authorities}
    for key, ids in register._index.items():
        for i in ids:
            keys[i].append(key)
    auths = list(register.authorities.values())
    s = pa.string()
    data = {"id": [a.id for a in auths], "name": [a.name for a in auths], "kind": [a.kind for a in auths],
            "region": [a.region for a in auths], "dfe_code": [a.dfe_code for a in auths],
            "aliases": [list(a.aliases) for a in auths], "valid_from": [a.valid_from for a in auths],
            "valid_to": [a.valid_to for a in auths], "name_keys": [sorted(keys[a.id]) for a in auths]}
    return pa.table(data, schema=pa.schema([(k, pa.list_(s) if k in ("aliases", "name_keys") else s) for k in data]))


# -- facts as Arrow, in load order ----------------------------------------------------------------------


def _ordered(table: Any, file_rank: int) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    order = pc.add(pc.cast(table["line"], pa.int64()), file_rank * _ORDER)
    return table.append_column("order", order).append_column("origin", pa.nulls(table.num_rows, pa.string())) \
        .append_column("confidence", pa.nulls(table.num_rows, pa.float64()))


def _concat(tables: list[Any]) -> Any:
    import pyarrow as pa

    tables = [t for t in tables if t is not None and t.num_rows]
    if not tables:
        return None
    names = tables[0].column_names
    return pa.concat_tables([t.select(names) for t in tables], promote_options="permissive").combine_chunks()


_CODED = ("person_id", "post_id", "authority_id")


def _with_codes(t: Any) -> Any:
    """Integer codes of the person, post and authority ids, made once: the rules group rows by them."""
    import pyarrow.compute as pc

    if t is None:
        return t
    for name in _CODED:
        t = t.append_column(name + "#", pc.dictionary_encode(_col(t, name)).indices)
    return t


def _codes(t: Any, name: str) -> Any:
    """The codes of one id column as int64 numpy (equal ids, equal codes; nothing else is promised)."""
    import pyarrow.compute as pc

    col = t[name + "#"] if name + "#" in t.column_names else pc.dictionary_encode(_col(t, name)).indices
    return col.to_numpy().astype("int64")


def _col(t: Any, name: str) -> Any:
    """One column as a single Arrow array (list and struct kernels want arrays, not chunked ones)."""
    c = t[name]
    if hasattr(c, "num_chunks") and c.num_chunks == 1:
        return c.chunk(0)  # combine_chunks would copy even a single chunk
    return c.combine_chunks() if hasattr(c, "combine_chunks") else c


def _d(d: PartialDate | None) -> tuple[str | None, str | None, str | None, str | None]:
    if d is None:
        return None, None, None, None
    return str(d), d.first().isoformat(), d.last().isoformat(), d.precision.value


def _cite_rows(cites: list[Any]) -> list[dict[str, Any]]:
    import json

    return [{"source_id": c.source_id, "char_start": c.spans[0][0] if c.spans else None,
             "char_end": c.spans[0][1] if c.spans else None,
             "spans": "[" + ", ".join(f"[{a}, {b}]" for a, b in c.spans) + "]",
             "says": json.dumps(c.says) if c.says else None, "as_of": str(c.as_of) if c.as_of else None,
             "as_of_first": c.as_of.first().isoformat() if c.as_of else None,
             "as_of_last": c.as_of.last().isoformat() if c.as_of else None, "note": c.note,
             "max_end": max((b for _, b in c.spans), default=-1), "locator": c.locator} for c in cites]


def _orders(facts: list[Any], rank: dict[str, int]) -> list[int]:
    return [rank.get(f.file, 0) * _ORDER + i for i, f in enumerate(facts)]


def _kb_tenures(kb: KnowledgeBase, rank: dict[str, int]) -> Any:
    """The row loader's tenures (YAML files, refused JSONL files) as the columnar reader's table."""
    import pyarrow as pa

    if not kb.tenures:
        return None
    cols: dict[str, list[Any]] = {k: [] for k in (
        "line", "id", "person_id", "person", "aliases", "post_id", "role", "title", "authority_id", "single",
        "start", "start_first", "start_last", "start_precision", "end", "end_first", "end_last", "end_precision",
        "interim", "source_ids", "cites", "order", "origin", "confidence")}
    for t, order in zip(kb.tenures, _orders(kb.tenures, rank)):
        p = kb.people[t.person_id]
        values: tuple[Any, ...] = (t.line, t.id, t.person_id, p.name, [], t.post_id, t.role, t.title, t.authority_id,
                  single_holder(t.role), *_d(t.start), *_d(t.end), t.interim, t.source_ids, _cite_rows(t.cites),
                  order, t.origin, t.confidence)
        for k, v in zip(cols, values):
            cols[k].append(v)
    return pa.table(cols, schema=_schema_like("tenures", cols))


def _kb_judgements(kb: KnowledgeBase, rank: dict[str, int]) -> Any:
    import pyarrow as pa

    if not kb.judgements:
        return None
    cols: dict[str, list[Any]] = {k: [] for k in (
        "line", "id", "authority_id", "type", "title", "overall", "inspection_start", "inspection_start_first",
        "inspection_start_last", "inspection_end", "inspection_end_first", "inspection_end_last", "published",
        "published_first", "published_last", *SUB_AREAS, "inspectors", "source_ids", "cites", "order", "origin",
        "confidence")}
    for j, order in zip(kb.judgements, _orders(kb.judgements, rank)):
        values: list[Any] = [j.line, j.id, j.authority_id, j.type, j.title, j.overall]
        for d in (j.inspection_start, j.inspection_end, j.published):
            values += _d(d)[:3]
        values += [j.sub.get(k) for k in SUB_AREAS]
        values += [[kb.people[pid].name for pid in j.inspectors], j.source_ids, _cite_rows(j.cites), order,
                   j.origin, j.confidence]
        for k, v in zip(cols, values):
            cols[k].append(v)
    return pa.table(cols, schema=_schema_like("judgements", cols))


def _schema_like(kind: str, cols: dict[str, list[Any]]) -> Any:
    import pyarrow as pa

    from loaders.columnar import CITE_FIELDS

    s = pa.string()
    cite = pa.struct([(f, pa.int64() if f in ("char_start", "char_end", "max_end") else s) for f in CITE_FIELDS])
    types = {"line": pa.int64(), "order": pa.int64(), "aliases": pa.list_(s), "inspectors": pa.list_(s),
             "source_ids": pa.list_(s), "cites": pa.list_(cite), "single": pa.bool_(), "interim": pa.bool_(),
             "confidence": pa.float64()}
    return pa.schema([(k, types.get(k, s)) for k in cols])


# -- rules across facts ---------------------------------------------------------------------------------


def _unique_ids(tenures: Any, judgements: Any, kb: KnowledgeBase) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = [t["id"] for t in (tenures, judgements) if t is not None] + [pa.array([r.id for r in kb.relations],
                                                                                pa.string())]
    all_ids = pa.chunked_array(ids, pa.string())  # hashed chunk by chunk: no copy of a million ids
    return len(pc.unique(all_ids)) == len(all_ids)


def _days(col: Any) -> Any:
    """ISO day strings -> int days (numpy), nulls as -1."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.fill_null(pc.cast(pc.cast(col, pa.date32()), pa.int32()), -10**6).to_numpy(zero_copy_only=False)


def _as_of(tenures: Any) -> tuple[list[Any], list[int]]:
    """Each tenure's sighting dates (sorted PartialDates), for the rare tenures whose citations carry `as_of`."""
    import pyarrow.compute as pc

    flat = _col(tenures, "cites").flatten()
    parents = pc.list_parent_indices(_col(tenures, "cites"))
    has = pc.is_valid(flat.field("as_of"))
    rows: list[Any] = [()] * tenures.num_rows
    if not pc.any(has, min_count=0).as_py():
        return rows, []
    acc: dict[int, set[PartialDate]] = {}
    for p, v in zip(parents.filter(has).to_pylist(), flat.field("as_of").filter(has).to_pylist()):
        acc.setdefault(p, set()).add(PartialDate.parse(v))
    for p, dates in acc.items():
        rows[p] = tuple(sorted(dates))
    return rows, sorted(acc)


def _infer_bounds(t: Any) -> Any:
    """loaders.curated.infer_bounds, column-wise: open ends closed at the next holder's first evidence."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if t is None:
        return t
    n = t.num_rows
    as_of, with_as_of = _as_of(t)
    single = t["single"].to_numpy(zero_copy_only=False)
    post, person = _codes(t, "post_id"), _codes(t, "person_id")
    order = t["order"].to_numpy()
    start = t["start"].to_pylist() if with_as_of else None
    start_first = _days(t["start_first"])
    # marks: each single-holder tenure's start, else its first sighting
    mark_day = start_first.copy()
    mark_text = _col(t, "start")
    seen_first = np.zeros(n, bool)
    for i in with_as_of:
        if start is not None and start[i] is None and as_of[i]:
            mark_day[i] = as_of[i][0].first().toordinal() - 719163
            seen_first[i] = True
    if seen_first.any():
        mark_text = pc.replace_with_mask(mark_text, pa.array(seen_first), pa.array(
            [str(as_of[i][0]) for i in np.flatnonzero(seen_first).tolist()], pa.string()))
    has_mark = single & (mark_day > -10**6)
    m_idx = np.nonzero(has_mark)[0]
    m_idx = m_idx[np.lexsort((order[m_idx], mark_day[m_idx], post[m_idx]))]
    shift = 1 << 23
    m_key = post[m_idx] * shift + (mark_day[m_idx] + 800_000)
    # open tenures in single-holder posts with something to begin from
    end_null = pc.is_null(t["end"]).to_numpy(zero_copy_only=False)
    begin = start_first.copy()
    last_seen = begin.copy()
    for i in with_as_of:
        if as_of[i]:
            if begin[i] <= -10**6:
                begin[i] = as_of[i][-1].first().toordinal() - 719163
            last_seen[i] = max(a.last().toordinal() - 719163 for a in as_of[i])
        if begin[i] > -10**6 and not as_of[i]:
            last_seen[i] = begin[i]
    threshold = np.maximum(begin, last_seen)
    q_idx = np.nonzero(single & end_null & (begin > -10**6))[0]
    pos = np.searchsorted(m_key, post[q_idx] * shift + (threshold[q_idx] + 800_000), side="right")
    new_end = np.full(n, -1, dtype="int64")
    for k in range(len(q_idx)):
        i, p = q_idx[k], pos[k]
        while p < len(m_idx) and post[m_idx[p]] == post[i] and person[m_idx[p]] == person[i]:
            p += 1
        if p < len(m_idx) and post[m_idx[p]] == post[i]:
            new_end[i] = m_idx[p]
    # not_before: a tenure known only by sightings cannot have begun before an earlier holder's last mark
    not_before: list[str | None] = [None] * n
    for i in with_as_of:
        if start is not None and start[i] is None and as_of[i] and single[i]:
            first_seen = as_of[i][0].first()
            same = np.nonzero((post == post[i]) & (person != person[i]))[0]
            earlier = []
            for o in sorted(same, key=lambda o: order[o]):
                marks = ([PartialDate.parse(start[o])] if start[o] else []) + list(as_of[o])
                earlier += [m for m in marks if m.last() < first_seen]
            if earlier:
                not_before[i] = str(max(earlier, key=lambda d: d.first()))
    inferred = new_end >= 0
    none = pa.nulls(n, pa.string())
    if not inferred.any() and not any(not_before):
        return _with(t, as_of=as_of, end_inferred=np.zeros(n, bool), not_before=not_before, end_note=none)
    started = pc.is_valid(t["start"]).to_numpy(zero_copy_only=False)
    src = np.where(inferred, new_end, 0)
    mask = pa.array(inferred)
    end_note = pc.if_else(mask, pc.if_else(pa.array(started[src]), "when the next holder started",
                                           "when the next holder was first seen"), none)
    end_text = pc.if_else(mask, pc.take(mark_text, pa.array(src)), _col(t, "end"))
    from loaders.columnar import date_parts

    parts = date_parts(end_text)
    t = t.set_column(t.schema.get_field_index("end"), "end", parts["value"])
    for part in ("first", "last", "precision"):
        t = t.set_column(t.schema.get_field_index("end_" + part), "end_" + part, parts[part])
    return _with(t, as_of=as_of, end_inferred=inferred, not_before=not_before, end_note=end_note)


def _with(t: Any, as_of: list[Any], end_inferred: Any, not_before: list[str | None], end_note: Any) -> Any:
    import pyarrow as pa

    from loaders.columnar import _empty_lists_for_null

    n = t.num_rows
    t = t.append_column("as_of", pa.array([[str(a) for a in x] for x in as_of], pa.list_(pa.string())) if any(as_of)
                        else _empty_lists_for_null(pa.nulls(n, pa.list_(pa.string()))))
    t = t.append_column("end_inferred", pa.array(end_inferred, pa.bool_()))
    if any(not_before):
        t = t.append_column("not_before", pa.array(not_before, pa.string()))
        t = t.append_column("start_note", pa.array(["when an earlier holder was last seen" if nb else None
                                                    for nb in not_before], pa.string()))
    else:
        t = t.append_column("not_before", pa.nulls(n, pa.string())).append_column("start_note", pa.nulls(n, pa.string()))
    return t.append_column("end_note", end_note)


def _spans(t: Any) -> Any:
    """graph.dates.Span.possible() and .certain() as ISO day columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if t is None:
        return t
    from loaders.columnar import date_parts

    nb = date_parts(t["not_before"])
    lo = pc.coalesce(t["start_first"], nb["first"], pa.scalar(MIN_DAY))
    hi = pc.coalesce(t["end_last"], pa.scalar(MAX_DAY))
    c_from = t["start_last"]
    c_until = pc.if_else(t["end_inferred"], pa.scalar(None, pa.string()), t["end_first"])
    n_as_of = pc.list_value_length(_col(t, "as_of"))
    if pc.any(pc.greater(n_as_of, 0), min_count=0).as_py():
        lo, hi, c_from, c_until = (x.to_pylist() for x in (lo, hi, c_from, c_until))
        end_null = pc.is_null(t["end"]).to_pylist()
        for i, dates in enumerate(_col(t, "as_of").to_pylist()):
            if not dates:
                continue
            ds = [PartialDate.parse(d) for d in dates]
            firsts = [d.first().isoformat() for d in ds]
            lasts = [d.last().isoformat() for d in ds]
            lo[i] = min(lo[i], min(firsts))
            if end_null[i]:  # Span.possible: sightings extend only an open end (an inferred end is an end)
                hi[i] = max(hi[i], max(lasts))
            c_from[i] = min([x for x in (c_from[i], min(lasts)) if x is not None])
            c_until[i] = max([x for x in (c_until[i], max(firsts)) if x is not None])
        lo, hi, c_from, c_until = (pa.array(x, pa.string()) for x in (lo, hi, c_from, c_until))
    empty = pc.or_kleene(pc.or_kleene(pc.is_null(c_from), pc.is_null(c_until)),
                         pc.greater(pc.fill_null(c_from, MAX_DAY), pc.fill_null(c_until, MIN_DAY)))
    none = pa.scalar(None, pa.string())
    t = t.append_column("possible_from", lo).append_column("possible_until", hi)
    t = t.append_column("certain_from", pc.if_else(empty, none, c_from))
    return t.append_column("certain_until", pc.if_else(empty, none, c_until))


def _single_holder_clash(t: Any) -> bool:
    """Whether two people certainly hold one single-holder post at once (the row loader words the problem)."""
    import numpy as np
    import pyarrow.compute as pc

    if t is None:
        return False
    keep = pc.and_kleene(pc.and_kleene(t["single"], pc.invert(t["interim"])), pc.is_valid(t["certain_from"]))
    s = t.filter(keep)
    if s.num_rows < 2:
        return False
    post = _codes(s, "post_id")
    lo, hi = _days(s["certain_from"]), _days(s["certain_until"])
    idx = np.lexsort((lo, post))
    post, lo, hi = post[idx], lo[idx], hi[idx]
    shift = 1 << 23
    running = np.maximum.accumulate(post * shift + hi + 800_000)
    prev = np.concatenate([[-1], running[:-1]])
    suspect = (prev // shift == post) & (prev % shift - 800_000 >= lo)
    if not suspect.any():
        return False
    people = _codes(s, "person_id")[idx]
    for p in set(post[suspect].tolist()):
        members = np.nonzero(post == p)[0]
        for a in members:
            for b in members:
                if a < b and people[a] != people[b] and lo[b] <= hi[a] and lo[a] <= hi[b]:
                    return True
    return False


def _in_force(j: Any) -> Any:
    """loaders.curated.set_in_force: a graded judgement is in force until the next graded one is published."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if j is None:
        return j
    begin = pc.coalesce(j["published"], j["inspection_end"], j["inspection_start"])
    begin_first = pc.coalesce(j["published_first"], j["inspection_end_first"], j["inspection_start_first"])
    graded = pc.and_kleene(pc.is_valid(j["overall"]), pc.is_valid(begin)).to_numpy(zero_copy_only=False)
    auth = pc.dictionary_encode(_col(j, "authority_id")).indices.to_numpy(zero_copy_only=False)
    day = _days(begin_first)
    order = j["order"].to_numpy()
    idx = np.nonzero(graded)[0]
    idx = idx[np.lexsort((order[idx], day[idx], auth[idx]))]
    following = np.full(j.num_rows, -1, dtype="int64")
    same = auth[idx[:-1]] == auth[idx[1:]]
    following[idx[:-1][same]] = idx[1:][same]
    from loaders.columnar import date_parts

    force_until = date_parts(pc.take(begin, pa.array(np.maximum(following, 0), mask=following < 0)))
    j = j.append_column("in_force_until", force_until["value"])
    j = j.append_column("force_from", begin_first)
    return j.append_column("force_until", pc.if_else(pc.is_null(begin_first), pa.scalar(None, pa.string()),
                                                     pc.coalesce(force_until["first"], pa.scalar(MAX_DAY))))


def _spans_inside(kb: KnowledgeBase, sources_dir: Path, *tables: Any) -> bool:
    """loaders.curated.check_spans: with the texts at hand, no span may end past its source's end."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths: dict[str, int] = {}
    for sid, src in kb.sources.items():
        path = sources_dir / src.file if src.file else None
        if path and path.is_file():
            lengths[sid] = len(path.read_text(encoding="utf-8"))
    if not lengths:
        return True
    keys = pa.array(list(lengths), pa.string())
    values = pa.array(list(lengths.values()), pa.int64())
    for t in tables:
        if t is None:
            continue
        flat = _col(t, "cites").flatten()
        n = pc.take(values, pc.index_in(flat.field("source_id"), value_set=keys))
        if pc.any(pc.greater(flat.field("max_end"), n), min_count=0).as_py():
            return False
    for r in kb.relations:
        for c in r.cites:
            n = lengths.get(c.source_id)
            if n is not None and any(e > n for _, e in c.spans):
                return False
    return True


def _same_citations(t: Any) -> bool:
    """Whether a fact cites one source at the same spans twice (merge_same_citations would fold them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if t is None or (pc.max(pc.list_value_length(_col(t, "cites"))).as_py() or 0) < 2:
        return False  # one citation per fact: nothing to fold
    flat = _col(t, "cites").flatten()
    parents = pc.cast(pc.list_parent_indices(_col(t, "cites")), pa.string())
    keys = pc.binary_join_element_wise(parents, flat.field("source_id"), flat.field("spans"), "\x00")
    return len(pc.unique(keys)) != len(keys)


def _same_tenures(t: Any) -> bool:
    """Whether merge_same_tenures would fold two entries (same person, post and interim, dates that agree)."""

    from loaders.curated import _compatible

    if t is None:
        return False
    import numpy as np
    import pyarrow as pa

    post = _codes(t, "post_id")
    keys = _codes(t, "person_id") * (int(post.max()) + 1 if len(post) else 1) + post
    ordered = np.sort(keys)
    twice = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if len(twice) == 0:
        return False
    rows = t.filter(pa.array(np.isin(keys, twice))).select(["person_id", "post_id", "interim", "start", "end"])
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows.to_pylist():
        groups.setdefault((r["person_id"], r["post_id"]), []).append(r)

    def date(v: str | None) -> PartialDate | None:
        return PartialDate.parse(v) if v else None

    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a["interim"] == b["interim"] and _compatible(date(a["start"]), date(b["start"])) \
                        and _compatible(date(a["end"]), date(b["end"])):
                    return True
    return False


def _bad_sightings(t: Any) -> bool:
    """loaders.curated.check_sightings: an `as_of` before a stated start or after a stated end (a problem)."""
    import json

    import pyarrow.compute as pc

    if t is None:
        return False
    flat = _col(t, "cites").flatten()
    has = pc.is_valid(flat.field("as_of"))
    if not pc.any(has, min_count=0).as_py():
        return False
    rows = sorted(set(pc.list_parent_indices(_col(t, "cites")).filter(has).to_pylist()))
    sub = t.take(rows).select(["start", "end", "cites"]).to_pylist()
    for r in sub:
        start, end = (PartialDate.parse(r[k]) if r[k] else None for k in ("start", "end"))
        for c in r["cites"]:
            if c["as_of"] is None:
                continue
            as_of, says = PartialDate.parse(c["as_of"]), json.loads(c["says"]) if c["says"] else {}
            if start and "start" not in says and as_of.last() < start.first():
                return True
            if end and "end" not in says and as_of.first() > end.last():
                return True
    return False


def _moves(t: Any, kb: KnowledgeBase) -> Any:
    """graph.careers.bound_by_moves on the tenures of people with posts at two or more authorities.

    The rule itself runs on Tenure objects made for just those rows (in load order, so its
    in-place updates happen in the row loader's order); the changed bounds are written back.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from graph.careers import NOT_A_JOB, bound_by_moves
    from graph.model import Citation, Tenure

    if t is None:
        return t
    import numpy as np

    eligible = pc.and_kleene(pc.invert(pc.is_in(t["role"], value_set=pa.array(NOT_A_JOB, pa.string()))),
                             pc.invert(pc.starts_with(t["authority_id"], "org:")))
    elig = pc.fill_null(eligible, False).to_numpy(zero_copy_only=False)
    person, auth = _codes(t, "person_id"), _codes(t, "authority_id")
    n_people = int(person.max()) + 1 if len(person) else 0
    # people with eligible posts at two or more authorities
    pairs = np.sort(person[elig] * (int(auth.max()) + 1 if len(auth) else 1) + auth[elig])
    pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs  # np.unique hashes: slower
    mover = np.bincount(pairs // (int(auth.max()) + 1 if len(auth) else 1), minlength=n_people) >= 2
    # the rule changes only an open (or inferred) end and an unknown start: people with neither keep everything,
    # so only the others' tenures are made into objects (all of them, since every one's dates are marks)
    open_end = pc.fill_null(pc.or_kleene(pc.is_null(t["end"]), t["end_inferred"]), False).to_numpy(zero_copy_only=False)
    no_start = pc.is_null(t["start"]).to_numpy(zero_copy_only=False)
    changeable = elig & (open_end | no_start) & mover[person] & _may_move(t, elig, person, n_people, open_end, no_start)
    chosen = np.zeros(n_people, bool)
    chosen[person[changeable]] = True
    pick = elig & chosen[person]
    if not pick.any():
        return t
    idx = np.nonzero(pick)[0]
    idx = idx[np.argsort(t["order"].to_numpy()[idx], kind="stable")]
    cols = t.select(["id", "person_id", "authority_id", "role", "start", "end", "end_inferred", "as_of",
                     "not_before", "start_note", "end_note"]).take(idx).to_pylist()

    def date(v: str | None) -> PartialDate | None:
        return PartialDate.parse(v) if v else None

    made = [Tenure(id=r["id"], cites=[Citation("", as_of=PartialDate.parse(a)) for a in r["as_of"]],
                   person_id=r["person_id"], authority_id=r["authority_id"], role=r["role"], start=date(r["start"]),
                   end=date(r["end"]), end_inferred=r["end_inferred"], not_before=date(r["not_before"]),
                   start_note=r["start_note"], end_note=r["end_note"]) for r in cols]
    def bounds(m: Tenure) -> tuple[Any, ...]:
        return m.end, m.end_inferred, m.not_before, m.start_note, m.end_note

    before = [bounds(m) for m in made]
    bound_by_moves(KnowledgeBase(authorities=kb.authorities, tenures=made))
    if all(bounds(m) == b for m, b in zip(made, before)):
        return t
    # written back into the picked rows only (in row order, as replace_with_mask wants them)
    by_row = np.argsort(idx, kind="stable")
    made = [made[k] for k in by_row.tolist()]
    mask = pa.array(pick)
    from loaders.columnar import date_parts

    parts = date_parts(pa.array([str(m.end) if m.end else None for m in made], pa.string()))
    new = {"end": parts["value"], "end_first": parts["first"], "end_last": parts["last"],
           "end_precision": parts["precision"], "end_inferred": pa.array([m.end_inferred for m in made], pa.bool_()),
           "not_before": pa.array([str(m.not_before) if m.not_before else None for m in made], pa.string()),
           "start_note": pa.array([m.start_note for m in made], pa.string()),
           "end_note": pa.array([m.end_note for m in made], pa.string())}
    for k, v in new.items():
        col = _col(t, k)
        t = t.set_column(t.schema.get_field_index(k), k, pc.replace_with_mask(col, mask, v.cast(col.type)))
    return t


def _may_move(t: Any, elig: Any, code: Any, n: int, open_end: Any, no_start: Any) -> Any:
    """Rows bound_by_moves might change, by a necessary condition on the person's marks (their first days):
    an open end needs a later-starting post of the same person, an unknown start an earlier-starting one.
    People with sightings (`as_of`) are always kept; the rule itself decides for everyone kept."""
    import numpy as np
    import pyarrow.compute as pc

    none, big = -10**6, 10**7
    start, end = _days(t["start_first"]), _days(t["end_first"])
    inferred = pc.fill_null(t["end_inferred"], False).to_numpy(zero_copy_only=False)
    s_mark, e_mark = start > none, (end > none) & ~inferred
    lo = np.where(e_mark, np.minimum(np.where(s_mark, start, big), end), np.where(s_mark, start, big))
    hi = np.where(e_mark, np.maximum(np.where(s_mark, start, -big), end), np.where(s_mark, start, -big))
    marked = elig & (s_mark | e_mark)
    latest, earliest = np.full(n, -big), np.full(n, big)
    np.maximum.at(latest, code[marked], lo[marked])
    np.minimum.at(earliest, code[marked], lo[marked])
    seen = elig & (pc.list_value_length(_col(t, "as_of")).to_numpy(zero_copy_only=False) > 0)
    sighted = np.zeros(n, bool)
    sighted[code[seen]] = True
    return sighted[code] | (marked & open_end & (latest[code] >= hi) & (latest[code] > lo)) | (
        marked & no_start & (earliest[code] < lo))


# -- the store's tables ---------------------------------------------------------------------------------


def _first_by(t: Any, key: str, order: str = "order") -> Any:
    """One row per distinct `key`: the first in load order."""
    import numpy as np

    codes = _codes(t, key)
    idx = np.lexsort((t[order].to_numpy(), codes))
    first = np.concatenate([[True], codes[idx][1:] != codes[idx][:-1]]) if len(idx) else np.zeros(0, bool)
    return t.take(np.sort(idx[first]))


def _tables(kb: KnowledgeBase, tenures: Any, judgements: Any) -> tuple[dict[str, Any], dict[Any, Any]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    from loaders.columnar import _slug_col

    s = pa.string()
    nodes: dict[str, Any] = {}
    rels: dict[tuple[str, str, str], Any] = {}

    def table(columns: dict[str, str], data: dict[str, Any], ends: tuple[Any, Any] | None = None) -> Any:
        types = {"STRING": s, "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
                 "STRING[]": pa.list_(s)}
        names, arrays, fields = [], [], []
        if ends is not None:
            names, arrays = ["from", "to"], list(ends)
            fields = [pa.field("from", s), pa.field("to", s)]
        for name, typ in columns.items():
            names.append(name)
            arrays.append(data[name])
            fields.append(pa.field(name, types[typ]))
        return pa.Table.from_arrays([pc.cast(a, f.type) if a.type != f.type else a for a, f in zip(arrays, fields)],
                                    schema=pa.schema(fields))

    # people: the first spelling of each person id in load order; aliases in the order they were met
    mentions = []
    if tenures is not None:
        mentions.append(tenures.select(["order", "person_id", "person", "aliases"]))
    if judgements is not None and pc.any(pc.greater(pc.list_value_length(_col(judgements, "inspectors")), 0),
                                         min_count=0).as_py():
        names = _col(judgements, "inspectors").flatten()
        parents = pc.list_parent_indices(_col(judgements, "inspectors"))
        mentions.append(pa.table({"order": pc.take(judgements["order"], parents),
                                  "person_id": pc.binary_join_element_wise("person", _slug_col(names), ":"),
                                  "person": names,
                                  "aliases": pa.array([[]] * len(names), pa.list_(s))}))
    people = pa.concat_tables(mentions) if mentions else None
    kb_alias = {p.id: p.aliases for p in kb.people.values() if p.aliases}
    if people is not None:
        first = _first_by(people, "person_id")
        aliases = _col(first, "aliases")
        if kb_alias or pc.any(pc.greater(pc.list_value_length(_col(people, "aliases")), 0), min_count=0).as_py():
            merged: dict[str, list[str]] = {}
            withal = people.filter(pc.greater(pc.list_value_length(_col(people, "aliases")), 0))
            met = sorted(zip(withal["order"].to_pylist(), withal["person_id"].to_pylist(),
                             _col(withal, "aliases").to_pylist()))
            # the row loader's aliases first: YAML files are read before any JSONL file (a person whose aliases
            # come both from a refused JSONL file and from a columnar one may list them in another order)
            for pid, al in [*kb_alias.items(), *((p, a) for _, p, a in met)]:
                have = merged.setdefault(pid, [])
                have += [a for a in al if a not in have]
            aliases = pa.array([merged.get(p, []) for p in first["person_id"].to_pylist()], pa.list_(s))
        from graph.names import person_key

        keys = person_keys(_col(first, "person"))
        alias_keys = pa.array([[person_key(a) for a in al] for al in aliases.to_pylist()], pa.list_(s)) \
            if pc.any(pc.greater(pc.list_value_length(aliases), 0), min_count=0).as_py() \
            else pa.array([[]] * first.num_rows, pa.list_(s))
        nodes["Person"] = table(NODES["Person"], {"id": first["person_id"], "name": first["person"],
                                                  "aliases": aliases, "name_key": keys, "alias_keys": alias_keys})
    if tenures is not None:
        posts = _first_by(tenures, "post_id")
        nodes["Post"] = table(NODES["Post"], {"id": posts["post_id"], "role": posts["role"], "title": posts["title"],
                                              "authority_id": posts["authority_id"], "single_holder": posts["single"]})
        rels[("AT", "Post", "Authority")] = table({}, {}, (posts["post_id"], posts["authority_id"]))
        origin = pc.fill_null(tenures["origin"], "curated")
        confidence = pc.fill_null(tenures["confidence"], 1.0)
        held = {"id": tenures["id"], "start": tenures["start"], "end": tenures["end"], "origin": origin,
                "confidence": confidence, "source_ids": tenures["source_ids"], "role": tenures["role"],
                "title": tenures["title"], "start_precision": tenures["start_precision"],
                "end_precision": tenures["end_precision"], "end_inferred": tenures["end_inferred"],
                "not_before": tenures["not_before"], "interim": tenures["interim"], "as_of": _col(tenures, "as_of"),
                "possible_from": tenures["possible_from"], "possible_until": tenures["possible_until"],
                "certain_from": tenures["certain_from"], "certain_until": tenures["certain_until"],
                "start_note": tenures["start_note"], "end_note": tenures["end_note"]}
        rels[("HELD", "Person", "Post")] = table(RELS["HELD"][1], held, (tenures["person_id"], tenures["post_id"]))
        com = pc.equal(tenures["role"], "commissioner")
        if pc.any(com, min_count=0).as_py():
            c = tenures.filter(com)
            rels[("COMMISSIONER_FOR", "Person", "Authority")] = table(RELS["COMMISSIONER_FOR"][1], {
                "id": c["id"], "start": c["start"], "end": c["end"], "origin": pc.fill_null(c["origin"], "curated"),
                "confidence": pc.fill_null(c["confidence"], 1.0), "source_ids": c["source_ids"]},
                (c["person_id"], c["authority_id"]))
        rels[("CITES", "Person", "Source")] = _cites(table, tenures, tenures["person_id"])
    if judgements is not None:
        j = judgements
        ins_from = pc.coalesce(j["inspection_start_first"], j["inspection_end_first"])
        ins_until = pc.if_else(pc.is_null(ins_from), pa.scalar(None, s),
                               pc.coalesce(j["inspection_end_last"], j["inspection_start_last"]))
        data = {"id": j["id"], "authority_id": j["authority_id"], "type": j["type"], "title": j["title"],
                "inspection_start": j["inspection_start"], "inspection_end": j["inspection_end"],
                "published": j["published"], "overall": j["overall"], **{k: j[k] for k in SUB_AREAS},
                "in_force_until": j["in_force_until"], "insp_from": ins_from, "insp_until": ins_until,
                "pub_from": j["published_first"], "pub_until": j["published_last"], "force_from": j["force_from"],
                "force_until": j["force_until"], "origin": pc.fill_null(j["origin"], "curated"),
                "confidence": pc.fill_null(j["confidence"], 1.0), "source_ids": j["source_ids"]}
        nodes["Judgement"] = table(NODES["Judgement"], data)
        rels[("OF", "Judgement", "Authority")] = table({}, {}, (j["id"], j["authority_id"]))
        if pc.any(pc.greater(pc.list_value_length(_col(j, "inspectors")), 0), min_count=0).as_py():
            names = _col(j, "inspectors").flatten()
            parents = pc.list_parent_indices(_col(j, "inspectors"))
            rels[("INSPECTED", "Person", "Judgement")] = table(
                {}, {}, (pc.binary_join_element_wise("person", _slug_col(names), ":"), pc.take(j["id"], parents)))
        rels[("CITES", "Judgement", "Source")] = _cites(table, j, j["id"])
    nodes["Search"] = table(NODES["Search"], {k: pa.nulls(0, pa.list_(s) if v == "STRING[]" else s)
                                              for k, v in NODES["Search"].items()})  # searches fall back
    return nodes, rels


def person_keys(names: Any) -> Any:
    """queries.person_key column-wise: the same steps with RE2 for ASCII names, Python for the rest."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from graph.names import _HONORIFICS, person_key

    if len(names) == 0:
        return pa.array([], pa.string())
    if pc.any(pc.invert(pc.string_is_ascii(names)), min_count=0).as_py() or \
            pc.any(pc.match_substring_regex(names, "[\x0b\x1c-\x1f]"), min_count=0).as_py():
        return pa.array([person_key(n) for n in names.to_pylist()], pa.string())
    s = pc.ascii_trim_whitespace(names)
    honorific = "(?i)" + _HONORIFICS.pattern
    while pc.any(pc.match_substring_regex(s, honorific), min_count=0).as_py():
        s = pc.replace_substring_regex(s, honorific, "", max_replacements=1)
    s = pc.replace_substring_regex(pc.ascii_lower(s), "[^a-z0-9 ]+", "")
    return pc.utf8_trim(s, " ")


def _cites(table: Any, facts: Any, node_ids: Any) -> Any:
    import pyarrow.compute as pc

    flat = _col(facts, "cites").flatten()
    parents = pc.list_parent_indices(_col(facts, "cites"))
    data = {k: flat.field(k) for k in ("char_start", "char_end", "spans", "says", "as_of", "note", "locator")}
    data["fact"] = pc.take(facts["id"], parents)
    return table(RELS["CITES"][1], data, (pc.take(node_ids, parents), flat.field("source_id")))


__all__ = ["ArrowTables", "load_tables", "Person"]
