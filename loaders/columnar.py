"""Columnar reading of JSONL fact files: Arrow with an explicit schema, checks column by column.

The bulk path of `tenure build` (graph/bulk.py). A file is read here only when
every line is a clean tenure or judgement: any rule the row loader
(`loaders.curated.read_jsonl_file`) would report, and anything this reader
cannot see (a duplicate key, a key with a null value where the row loader
objects to the key itself, a line holding two objects), makes `read_columnar`
return None, and the caller reads that file with the row loader, which reports
each problem with file and line. So this module never has to word a message: it
only has to be sure a file is clean. Vocabularies come from data/vocabulary.yaml,
so new inspection types or ratings need no change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import Person, inspection_types, ratings, roles, single_holder, slug, subjudgements
from loaders.curated import DATE_FIELDS, JUDGEMENT_KEYS, MAX_TEXT, TENURE_KEYS
from loaders.register import NameError_, Register

MIN_DAY, MAX_DAY = "0001-01-01", "9999-12-31"
_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


class NotClean(Exception):
    """The file needs the row loader (a problem to report, or something only it can see)."""


def _schema() -> Any:
    import pyarrow as pa

    s = pa.string()
    says = pa.struct([(k, s) for k in sorted(DATE_FIELDS)] + [("overall", s)])
    cite = pa.struct([("source", s), ("at", pa.list_(pa.list_(pa.int64()))), ("says", says), ("as_of", s),
                      ("title", s), ("note", s)])
    fields = [("kind", s), ("id", s), ("person", s), ("aliases", pa.list_(s)), ("role", s), ("title", s),
              ("authority", s), ("start", s), ("end", s), ("interim", pa.bool_()), ("note", s), ("type", s),
              ("inspection_start", s), ("inspection_end", s), ("published", s), ("overall", s),
              ("inspectors", pa.list_(s)), ("cites", pa.list_(cite))]
    fields += [(k, s) for k in subjudgements() if k not in dict(fields)]
    return pa.schema(fields)


@dataclass
class Columns:
    """Clean facts of one file, one Arrow table per kind, with derived ids and keys; `line` is 1-based."""

    tenures: Any
    judgements: Any
    parse_s: float = 0.0  # reading the file and Arrow's JSON parsing; the rest of the time is checks


def _check(ok: Any) -> None:
    """`ok` is a boolean array/scalar that must be all true (nulls count as false)."""
    import pyarrow.compute as pc

    if ok is None:
        return
    if pc.all(ok, skip_nulls=False, min_count=0).as_py() is not True:  # false or null somewhere
        raise NotClean


def _any(arr: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.any(arr, skip_nulls=True, min_count=0).as_py())


def _strip(col: Any) -> Any:
    """str.strip() of each value (Arrow for ASCII, Python for the rest, which is rare)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(col) == 0:
        return col
    if not _odd_space and not _any(pc.invert(pc.string_is_ascii(col))):
        return pc.ascii_trim_whitespace(col)
    return pa.array([None if v is None else v.strip() for v in col.to_pylist()], pa.string())


def _array(col: Any) -> Any:
    return col.combine_chunks() if hasattr(col, "combine_chunks") else col


def _encode(col: Any) -> tuple[Any, Any]:
    """(the distinct values, each row's index into them or null): checks and transforms run once per value.

    Fact columns repeat a few values (roles, authorities, months, sources): every value of the column is in
    the dictionary and nothing else is, so a check that holds on it holds on the column."""
    import pyarrow.compute as pc

    global _last
    if _last is not None and _last[0] is col:  # text() hands a clean column on unchanged: slugs, ids reuse it
        return _last[1], _last[2]
    enc = pc.dictionary_encode(_array(col))
    _last = (col, enc.dictionary, enc.indices)
    return enc.dictionary, enc.indices


_last: tuple[Any, Any, Any] | None = None


def _expand(values: Any, original: Any, dictionary: Any, indices: Any) -> Any:
    """Per-value results back to rows; the original column itself when nothing changed."""
    import pyarrow.compute as pc

    return original if values.equals(dictionary) else pc.take(values, indices)


def _clean(d: Any, required: bool) -> Any:
    """The row loader's `text()` over distinct non-null values: stripped, at most MAX_TEXT, "" is missing."""
    import pyarrow.compute as pc

    present = pc.not_equal(d, "")
    if required:
        _check(present)
    _check(pc.or_kleene(pc.invert(present), pc.less_equal(pc.utf8_length(d), MAX_TEXT)))
    out = _strip(d)
    # an all-space value would become "" (not missing): leave such oddities to the row loader
    _check(pc.or_kleene(pc.invert(present), pc.not_equal(out, "")))
    return pc.if_else(present, out, None)


def text(col: Any, required: bool = False, allowed: Any = None) -> Any:
    """The row loader's `text()`: stripped, at most MAX_TEXT characters; missing only where allowed; one of
    `allowed` (an Arrow array) when given."""
    import pyarrow.compute as pc

    col = _array(col)
    if required and col.null_count:
        raise NotClean
    if col.null_count == len(col):
        return col
    d, idx = _encode(col)
    out = _clean(d, required)
    if allowed is not None:
        _check(pc.or_kleene(pc.is_null(out), pc.is_in(out, value_set=allowed)))
    return _expand(out, col, d, idx)


def date_parts(col: Any) -> dict[str, Any]:
    """A column of partial dates (already stripped, may be null) -> precision, first and last day, checked."""
    col = _array(col)
    if col.null_count == len(col):
        return {"value": col, "first": col, "last": col, "precision": col}
    d, idx = _encode(col)
    return _expand_parts(_date_values(d), col, d, idx)


def _expand_parts(parts: dict[str, Any], col: Any, d: Any, idx: Any) -> dict[str, Any]:
    import pyarrow.compute as pc

    return {"value": _expand(parts["value"], col, d, idx),
            **{k: pc.take(parts[k], idx) for k in ("first", "last", "precision")}}


def _date_values(col: Any) -> dict[str, Any]:
    """date_parts over an array of distinct values (checks and derivations; nulls stay null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    present = pc.is_valid(col)
    s = pc.fill_null(col, "2000")
    _check(pc.match_substring_regex(s, _DATE))
    n = pc.utf8_length(s)
    year = pc.cast(pc.utf8_slice_codeunits(s, 0, 4), pa.int64())
    month = pc.cast(pc.if_else(pc.greater_equal(n, 7), pc.utf8_slice_codeunits(s, 5, 7), "01"), pa.int64())
    day = pc.cast(pc.if_else(pc.equal(n, 10), pc.utf8_slice_codeunits(s, 8, 10), "01"), pa.int64())
    leap = pc.and_kleene(pc.equal(pc.bit_wise_and(year, 3), 0),
                   pc.or_kleene(pc.not_equal(pc.subtract(year, pc.multiply(pc.divide(year, 100), 100)), 0),
                          pc.equal(pc.subtract(year, pc.multiply(pc.divide(year, 400), 400)), 0)))
    lengths = pa.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int64())
    _check(pc.and_kleene(pc.greater_equal(year, 1), pc.and_kleene(pc.greater_equal(month, 1), pc.less_equal(month, 12))))
    month_len = pc.add(pc.take(lengths, month), pc.cast(pc.and_kleene(leap, pc.equal(month, 2)), pa.int64()))
    _check(pc.and_kleene(pc.greater_equal(day, 1), pc.less_equal(day, month_len)))
    mm = pc.utf8_lpad(pc.cast(month_len, pa.string()), 2, "0")
    first = pc.case_when(pc.make_struct(pc.equal(n, 4), pc.equal(n, 7)),
                         pc.binary_join_element_wise(s, "-01-01", ""), pc.binary_join_element_wise(s, "-01", ""), s)
    last = pc.case_when(pc.make_struct(pc.equal(n, 4), pc.equal(n, 7)),
                        pc.binary_join_element_wise(s, "-12-31", ""), pc.binary_join_element_wise(s, mm, "-"), s)
    precision = pc.case_when(pc.make_struct(pc.equal(n, 4), pc.equal(n, 7)), "year", "month", "day")
    return {"value": col, "first": pc.if_else(present, first, None), "last": pc.if_else(present, last, None),
            "precision": pc.if_else(present, precision, None)}


def _date(col: Any) -> dict[str, Any]:
    """A date field as the row loader reads it: stripped, "" missing, then date_parts."""
    import pyarrow.compute as pc

    col = _array(col)
    if col.null_count == len(col):
        return date_parts(col)
    d, idx = _encode(col)
    values = pc.if_else(pc.not_equal(d, ""), _strip(d), None)
    return _expand_parts(_date_values(values), col, d, idx)


def _choice(col: Any, allowed: tuple[str, ...] | dict, required: bool = True) -> Any:
    import pyarrow as pa

    return text(col, required, pa.array(list(allowed), pa.string()))


def _sub(col: Any) -> Any:
    """A sub-judgement: absent, or a known rating (the row loader requires a value once the key is there)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    col = _array(col)
    if col.null_count == len(col):
        return col
    d, idx = _encode(col)
    out = _clean(d, required=True)
    _check(pc.is_in(out, value_set=pa.array(list(ratings()), pa.string())))
    return _expand(out, col, d, idx)


def _map_unique(col: Any, fn: Any) -> Any:
    """fn over the distinct values of a string column (names repeat: authorities, titles)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    d, idx = _encode(col)
    values = [fn(v) for v in d.to_pylist()]
    return pc.take(pa.array(values, pa.string()), idx)


def _slug_col(col: Any) -> Any:
    """graph.model.slug, once per distinct value: the same regex in Arrow for ASCII text, Python otherwise."""
    import pyarrow.compute as pc

    col = _array(col)
    d, idx = _encode(col)
    if _any(pc.invert(pc.string_is_ascii(d))):
        return pc.take(_map_unique(d, slug), idx)
    low = pc.ascii_lower(d)
    if pc.all(pc.ascii_is_alnum(pc.replace_substring(low, " ", "")), min_count=0).as_py() and not (
            _any(pc.match_substring(low, "  ")) or _any(pc.starts_with(low, " ")) or _any(pc.ends_with(low, " "))):
        return pc.take(pc.replace_substring(low, " ", "-"), idx)  # words parted by single spaces: no regex needed
    s = pc.utf8_trim(pc.replace_substring_regex(low, "[^a-z0-9]+", "-"), "-")
    return pc.take(pc.if_else(pc.equal(s, ""), "x", s), idx)


def _line_index(raw: bytes) -> tuple[Any, Any]:
    """(offsets of every newline, 0-based indices of the non-blank lines): rows of the JSON reader are the
    non-blank lines, in order, when each holds one object (checked by the caller). Blank is what
    bytes.strip() empties: ASCII space, tab, CR, LF, VT and FF only."""
    import numpy as np

    b = np.frombuffer(raw, dtype=np.uint8)
    newlines = np.flatnonzero(b == 10)
    starts = np.concatenate([[0], newlines + 1])
    ends = np.concatenate([newlines, [len(raw)]])
    empty = ends == starts
    first = b[np.minimum(starts, max(len(raw) - 1, 0))] if len(raw) else np.zeros(len(starts), np.uint8)
    # a line that starts with a space may be all space: those few are looked at one by one
    maybe = np.flatnonzero(~empty & ((first == 32) | ((first >= 9) & (first <= 13))))
    blank = empty
    for i in maybe.tolist():
        blank[i] = not raw[starts[i]:ends[i]].strip()
    return newlines, np.flatnonzero(~blank)


def _rows_of(newlines: Any, nonblank: Any, offsets: list[int]) -> Any:
    """Row numbers (0-based) of byte offsets."""
    import numpy as np

    lines = np.searchsorted(newlines, np.array(offsets, dtype=np.int64), side="left")
    return np.searchsorted(nonblank, lines)


def read_columnar(path: Path, register: Register, source_ids: set[str]) -> Columns | None:
    """The file's facts as Arrow columns, or None when the row loader must read it."""
    global _last
    try:
        return _read(path, register, source_ids)
    except NotClean:
        return None
    except Exception:  # noqa: BLE001 - anything Arrow refuses (types, UTF-8, JSON) is the row loader's to report
        return None
    finally:
        _last = None


def _read(path: Path, register: Register, source_ids: set[str]) -> Columns:
    import io

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    global _odd_space
    import time

    t0 = time.perf_counter()
    raw = path.read_bytes()
    raw.decode("utf-8")  # the row loader reports bad UTF-8 with its line
    if b"\r" in raw and re.search(rb"\r(?!\n)", raw):  # a lone CR ends a line for the row loader, not for Arrow
        raise NotClean
    # str.strip() strips these, Arrow does not
    _odd_space = b"\\u001" in raw and re.search(rb"\\u001[cdefCDEF]", raw) is not None
    table = pj.read_json(io.BytesIO(raw), read_options=pj.ReadOptions(block_size=1 << 24),
                         parse_options=pj.ParseOptions(explicit_schema=_schema(), unexpected_field_behavior="error"))
    parse_s = time.perf_counter() - t0
    newlines, nonblank = _line_index(raw)
    if len(nonblank) != table.num_rows:  # two objects on a line, or a line the reader skipped
        raise NotClean
    if table.num_rows == 0:
        return Columns(None, None)
    numbers = pa.array(nonblank + 1, pa.int64())
    table = pa.RecordBatch.from_arrays([c.combine_chunks() for c in table.columns] + [numbers],
                                       names=[*table.column_names, "line"])
    kind = table["kind"]
    _check(pc.is_in(kind, value_set=pa.array(["tenure", "judgement"])))
    is_tenure = pc.equal(kind, "tenure").to_numpy(zero_copy_only=False)
    # a key of the other kind is a problem for the row loader, whatever its value
    tenure_only = sorted(TENURE_KEYS - JUDGEMENT_KEYS)
    judgement_only = sorted((JUDGEMENT_KEYS | set(subjudgements())) - TENURE_KEYS)
    for keys, wrong in ((judgement_only, is_tenure), (tenure_only, ~is_tenure)):
        for k in keys:
            col = table[k]
            if col.null_count < len(col) and _any(pc.and_kleene(pa.array(wrong), pc.is_valid(col))):
                raise NotClean
    # ... and so is a null where Arrow cannot tell it from an absent key; the key of each null is read
    # backwards from it (a search for the literal "llun" in the reversed text)
    rev = raw[::-1]
    nulls = [(len(raw) - m.end(), m.group(1)[::-1].decode()) for m in _NULL_KEY.finditer(rev)]
    if len(_NULL.findall(rev)) != len(nulls):
        raise NotClean  # a null value whose key cannot be read just before it: let the row loader judge it
    del rev
    null_keys = {k for _, k in nulls}
    if "interim" in null_keys:
        raise NotClean
    foreign = null_keys & (set(judgement_only) | set(tenure_only))
    if foreign:
        picked = [(o, k) for o, k in nulls if k in foreign]
        rows = _rows_of(newlines, nonblank, [o for o, _ in picked])
        for row, (_, key) in zip(rows.tolist(), picked):
            if (key in judgement_only and is_tenure[row]) or (key in tenure_only and not is_tenure[row]):
                raise NotClean
    says = b'"says"' in raw
    if says and re.search(rb'"says"\s*:\s*\{[^}]*null', raw):
        raise NotClean
    says_order = _says_order(raw, newlines, nonblank) if says else {}
    del raw
    tenures = _tenures(table.filter(pa.array(is_tenure)), register, source_ids, says_order)
    judgements = _judgements(table.filter(pa.array(~is_tenure)), register, source_ids, says_order)
    return Columns(tenures, judgements, parse_s)


_odd_space = False
_NULL_KEY = re.compile(rb'llun\s*:\s*"([A-Za-z0-9_]+)"')  # `"key": null`, reversed
_NULL = re.compile(rb"llun\s*:")


def _says_order(raw: bytes, newlines: Any, nonblank: Any) -> dict[int, list[list[str]]]:
    """line -> key order of each citation's `says` (a JSON object keeps its order; an Arrow struct does not)."""
    import json

    import numpy as np

    out: dict[int, list[list[str]]] = {}
    for m in re.finditer(rb'"says"\s*:\s*\{[^}]*,', raw):
        line = int(np.searchsorted(newlines, m.start(), side="left"))
        if line + 1 in out:
            continue
        start = int(newlines[line - 1]) + 1 if line else 0
        end = int(newlines[line]) if line < len(newlines) else len(raw)
        obj = json.loads(raw[start:end])
        out[line + 1] = [list((c.get("says") or {}).keys()) for c in obj.get("cites") or []]
    return out


_ids_cache: tuple[frozenset[str], Any] = (frozenset(), None)


def _id_array(ids: set[str]) -> Any:
    """The source ids as an Arrow array, made once for every file that checks against the same ids."""
    import pyarrow as pa

    global _ids_cache
    if _ids_cache[1] is None or _ids_cache[0] != ids:
        _ids_cache = (frozenset(ids), pa.array(sorted(ids), pa.string()))
    return _ids_cache[1]


def _authority_ids(col: Any, register: Register) -> Any:
    import pyarrow.compute as pc

    def resolve(name: str | None) -> str | None:
        try:
            return register.resolve(name).id if name is not None else None
        except NameError_:
            return None

    ids = _map_unique(col, resolve)
    _check(pc.is_valid(ids))
    return ids


def _cites(t: Any, source_ids: set[str], says_order: dict[int, list[list[str]]]) -> dict[str, Any]:
    """Check the citations of each fact; their rows for CITES (one per citation) and each fact's source ids."""
    import json

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    cites = t["cites"]
    _check(pc.is_valid(cites))
    _check(pc.greater(pc.list_value_length(cites), 0))
    flat = cites.flatten()
    _check(pc.is_valid(flat))
    parent = pc.list_parent_indices(cites)
    field = dict(zip([f.name for f in flat.type], flat.flatten()))
    source = text(field["source"], required=True, allowed=_id_array(source_ids))
    at = field["at"]
    _check(pc.is_valid(at))
    pairs = at.flatten()
    _check(pc.is_valid(pairs))
    _check(pc.equal(pc.list_value_length(pairs), 2))
    _check(pc.is_valid(pairs.flatten()))
    lo = pc.list_element(pairs, 0)
    hi = pc.list_element(pairs, 1)
    _check(pc.and_kleene(pc.greater_equal(lo, 0), pc.less(lo, hi)))
    n = pc.list_value_length(at)
    single = len(hi) == len(at) and pc.all(pc.equal(n, 1), min_count=0).as_py() and \
        (pc.max(hi).as_py() or 0) < 1 << 31
    if single:  # one span per citation (the usual case): its text made once per distinct span
        keys, idx = _encode(pc.add(pc.multiply(lo, 1 << 31), hi))
        k = keys.to_numpy()
        span_text = pa.array([f"[[{a}, {b}]]" for a, b in zip((k >> 31).tolist(), (k & ((1 << 31) - 1)).tolist())],
                             pa.string())
        spans = pc.take(span_text, idx)
    else:
        pair_text = pc.binary_join_element_wise("[", pc.cast(lo, pa.string()), ", ", pc.cast(hi, pa.string()), "]",
                                                "")
        spans_list = pa.ListArray.from_arrays(_offsets(at), pair_text)
        spans = pc.binary_join_element_wise("[", pc.binary_join(spans_list, ", "), "]", "")
    if _any(pc.equal(n, 0)):
        firsts = [v[0] if v else [None, None] for v in at.to_pylist()]
        char_start = pa.array([f[0] for f in firsts], pa.int64())
        char_end = pa.array([f[1] for f in firsts], pa.int64())
    else:
        first = pc.list_element(at, 0)
        char_start, char_end = pc.list_element(first, 0), pc.list_element(first, 1)
    text(field["title"])
    note = text(field["note"])
    as_of = _date(field["as_of"])
    says = field["says"]
    says_json: list[str | None] | None = None
    if says.null_count < len(says) and _any(pc.is_valid(says)):
        says_cols = {}
        says_fields = dict(zip([f.name for f in says.type], says.flatten()))
        for k in [*sorted(DATE_FIELDS), "overall"]:
            col = says_fields[k]
            if k == "overall":
                _check(pc.or_kleene(pc.is_null(col), pc.is_in(col, value_set=pa.array(list(ratings())))))
                says_cols[k] = col
            else:
                _check(pc.or_kleene(pc.is_null(col), pc.is_valid(_date(col)["first"])))
                says_cols[k] = _strip(col)
        lines = pc.take(t["line"], parent).to_pylist()
        cols = {k: v.to_pylist() for k, v in says_cols.items()}
        seen: dict[int, int] = {}
        says_json = []
        for i, line in enumerate(lines):
            pos = seen.get(line, 0)
            seen[line] = pos + 1
            present = {k: cols[k][i] for k in cols if cols[k][i] is not None}
            order = says_order.get(line)
            keys = order[pos] if order else list(present)
            says_json.append(json.dumps({k: present[k] for k in keys}) if present else None)
    fact_source_ids = _unique_lists(pa.ListArray.from_arrays(_offsets(cites), source))
    if single:
        max_end = hi.to_numpy(zero_copy_only=False)
    else:
        max_end = np.full(len(source), -1, dtype="int64")
        if len(hi):
            np.maximum.at(max_end, pc.list_parent_indices(at).to_numpy(), hi.to_numpy())
    return {"parent": parent, "source": source, "char_start": char_start, "char_end": char_end, "spans": spans,
            "says": pa.array(says_json, pa.string()) if says_json is not None else pa.nulls(len(flat), pa.string()),
            "as_of": as_of["value"], "as_of_first": as_of["first"], "as_of_last": as_of["last"], "note": note,
            "source_ids": fact_source_ids, "max_end": pa.array(max_end), "offsets": _offsets(cites)}


def _offsets(lists: Any) -> Any:
    """Offsets of a list array starting at 0 (a filtered array's own offsets need not)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False)
    return pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype("int32"))


def _unique_lists(lists: Any) -> Any:
    """Each list without repeats, first occurrence kept (Fact.source_ids)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths = pc.list_value_length(lists)
    if not _any(pc.greater(lengths, 1)):
        return lists
    return pa.array([list(dict.fromkeys(v)) for v in lists.to_pylist()], pa.list_(pa.string()))


def _empty_lists_for_null(col: Any) -> Any:
    """A list-of-text column with [] for null (fill_null with a list is slow; absent lists are the rule)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    col = _array(col)
    if col.null_count == len(col):
        return pa.ListArray.from_arrays(pa.array(np.zeros(len(col) + 1, np.int32)), pa.array([], pa.string()))
    return pc.fill_null(col, pa.scalar([], pa.list_(pa.string()))) if col.null_count else col


def _list_of_text(col: Any) -> None:
    import pyarrow.compute as pc

    _check(pc.is_valid(col.flatten()))


def _tenures(t: Any, register: Register, source_ids: set[str], says_order: dict[int, list[list[str]]]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if t.num_rows == 0:
        return None
    name = text(t["person"], required=True)
    role = _choice(t["role"], roles())
    auth = _authority_ids(text(t["authority"], required=True), register)
    start, end = _date(t["start"]), _date(t["end"])
    cites = _cites(t, source_ids, says_order)
    _list_of_text(t["aliases"])
    _check(pc.or_kleene(pc.is_null(start["first"]), pc.or_kleene(pc.is_null(end["last"]),
                                                      pc.greater_equal(end["last"], start["first"]))))
    title = text(t["title"])
    if title.null_count:
        title = pc.if_else(pc.is_valid(title), title, pc.replace_substring(role, "_", " "))
    person_slug = _slug_col(name)
    single = _map_unique(role, lambda r: "1" if single_holder(r) else "")
    post_base = pc.binary_join_element_wise(auth, role, ":")
    post_rest = pc.if_else(pc.equal(single, "1"), post_base,
                           pc.binary_join_element_wise(post_base, _slug_col(title), ":"))
    post_id = pc.binary_join_element_wise("post", post_rest, ":")
    fid = text(t["id"])
    made = pc.binary_join_element_wise("tenure", person_slug, post_rest, pc.fill_null(start["value"], "start-unknown"),
                                       ":")
    interim = pc.fill_null(t["interim"], False) if t["interim"].null_count else t["interim"]
    aliases = _empty_lists_for_null(t["aliases"])
    return pa.table({
        "line": t["line"], "id": pc.if_else(pc.is_valid(fid), fid, made),
        "person_id": pc.binary_join_element_wise("person", person_slug, ":"), "person": name, "aliases": aliases,
        "post_id": post_id, "role": role, "title": title, "authority_id": auth, "single": pc.equal(single, "1"),
        "start": start["value"], "start_first": start["first"], "start_last": start["last"],
        "start_precision": start["precision"], "end": end["value"], "end_first": end["first"], "end_last": end["last"],
        "end_precision": end["precision"], "interim": interim, "source_ids": cites["source_ids"],
        "cites": _cite_struct(cites, t.num_rows)})


def _cite_struct(c: dict[str, Any], n_facts: int) -> Any:
    """Per fact, its citations as a list of structs (for CITES rows, as_of and span checks)."""
    import pyarrow as pa

    values = pa.StructArray.from_arrays(
        [c["source"], c["char_start"], c["char_end"], c["spans"], c["says"], c["as_of"], c["as_of_first"],
         c["as_of_last"], c["note"], c["max_end"], pa.nulls(len(c["source"]), pa.string())], CITE_FIELDS)
    return pa.ListArray.from_arrays(c["offsets"], values)


CITE_FIELDS = ["source_id", "char_start", "char_end", "spans", "says", "as_of", "as_of_first", "as_of_last", "note",
               "max_end", "locator"]  # no JSONL citation has a locator (the reader refuses the key): null


def _judgements(t: Any, register: Register, source_ids: set[str], says_order: dict[int, list[list[str]]]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if t.num_rows == 0:
        return None
    auth = _authority_ids(text(t["authority"], required=True), register)
    type_ = _choice(t["type"], inspection_types())
    overall = _choice(t["overall"], ratings(), required=False)
    subs = {}
    for k in subjudgements():
        subs[k] = _sub(t[k])
    i_start, i_end, published = _date(t["inspection_start"]), _date(t["inspection_end"]), _date(t["published"])
    cites = _cites(t, source_ids, says_order)
    _list_of_text(t["inspectors"])
    _check(pc.or_kleene(pc.is_null(i_start["first"]), pc.or_kleene(pc.is_null(i_end["last"]),
                                                        pc.greater_equal(i_end["last"], i_start["first"]))))
    ins = pc.coalesce(i_start["first"], i_end["first"])
    _check(pc.or_kleene(pc.is_null(published["last"]), pc.or_kleene(pc.is_null(ins), pc.greater_equal(published["last"], ins))))
    fid = text(t["id"])
    made = pc.binary_join_element_wise("judgement", auth, type_,
                                       pc.coalesce(i_start["value"], published["value"], pa.scalar("undated")), ":")
    title = text(t["title"])
    inspectors = _empty_lists_for_null(t["inspectors"])
    out = {"line": t["line"], "id": pc.if_else(pc.is_valid(fid), fid, made), "authority_id": auth, "type": type_,
           "title": pc.fill_null(title, ""), "overall": overall}
    for name, d in (("inspection_start", i_start), ("inspection_end", i_end), ("published", published)):
        out[name], out[name + "_first"], out[name + "_last"] = d["value"], d["first"], d["last"]
    out.update(subs)
    out["inspectors"] = inspectors
    out["source_ids"] = cites["source_ids"]
    out["cites"] = _cite_struct(cites, t.num_rows)
    return pa.table(out)


def person_ids(names: list[str]) -> list[str]:
    return [Person.make_id(n) for n in names]


__all__ = ["Columns", "read_columnar", "date_parts", "MIN_DAY", "MAX_DAY", "person_ids", "re"]
