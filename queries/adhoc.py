"""Ad-hoc read-only Cypher, on the embedded store or on Neo4j.

Read-only three times over: the text must pass an allow-list of reading
clauses and functions (queries/guard.py); the embedded database is opened
with `read_only=True` in a child process with time and memory limits
(queries/sandbox.py); Neo4j runs the query in a READ transaction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


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


def run_read_only(query: str, params: dict[str, Any], db: Path | None = None, neo4j_uri: str | None = None,
                  database: str | None = None, timeout_s: float = 30.0, max_memory: int | str = "2G",
                  limit: int = 1000) -> dict[str, Any]:
    """One reading query (allow-listed, see queries/guard.py); on the embedded store in a limited child process."""
    from queries.sandbox import check_limit, check_timeout, jsonable, parse_memory, run_query_sandboxed

    timeout_s = check_timeout(timeout_s)
    limit = check_limit(limit)
    memory = max_memory if isinstance(max_memory, int) else parse_memory(max_memory)
    if neo4j_uri:
        from graph.neo4j import read_query
        from queries.guard import check_query

        check_query(query)  # the same allow-list; the server also runs it in a READ transaction
        columns, rows = read_query(neo4j_uri, query, params, database=database, timeout_s=timeout_s)
        out = [dict(zip(columns, jsonable(list(r)))) for r in rows[:limit]]
        return {"columns": columns, "rows": out, "more_rows": max(0, len(rows) - limit)}
    from graph.embedded import DB_FILE, Store, StoreError
    from graph.pipeline import ensure_built

    store = Store(ensure_built(db))
    current = store.current
    if current is None or not (current / DB_FILE).is_file():
        raise StoreError(f"no store at {store.path}: run `tenure build` first")
    return run_query_sandboxed(current / DB_FILE, query, params, timeout_s, memory, limit)
