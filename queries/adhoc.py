"""Ad-hoc read-only Cypher, on the embedded store or on Neo4j.

Read-only by construction: the embedded database is opened with
`read_only=True`, and Neo4j runs the query in a READ transaction, so a write
fails in the engine itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

WRITE_REFUSED = "this query writes to the graph; `tenure cypher` is read-only (use `tenure build` to change data)"


def parse_params(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise ValueError(f"--param takes k=v with k a plain name, not {pair!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def run_read_only(query: str, params: dict[str, Any], db: Path | None = None, neo4j_uri: str | None = None,
                  database: str | None = None, timeout_s: float | None = 30.0) -> dict[str, Any]:
    if neo4j_uri:
        from graph.neo4j import read_query

        columns, rows = read_query(neo4j_uri, query, params, database=database, timeout_s=timeout_s)
    else:
        from graph.pipeline import ensure_built
        from queries import Reader

        with Reader(ensure_built(db), timeout_s=timeout_s) as reader:
            try:
                columns, rows = reader.raw(query, params)
            except RuntimeError as exc:
                text = str(exc)
                if "read-only" in text or "read only" in text:
                    raise ValueError(WRITE_REFUSED) from None
                if "interrupted" in text.lower() or "timeout" in text.lower():
                    raise ValueError(f"the query ran longer than {timeout_s} s and was stopped (--timeout)") from None
                raise ValueError(f"Cypher error: {text}") from None
    return {"columns": columns, "rows": [dict(zip(columns, _jsonable(list(r)))) for r in rows]}
