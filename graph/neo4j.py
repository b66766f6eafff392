"""Neo4j: push with the official driver, a Cypher script for cypher-shell, read-only queries.

The same statements serve `push` (batched `UNWIND $rows AS row MERGE ...` in
managed write transactions, after uniqueness constraints) and `export --format
cypher` (the same statements with the rows written as escaped literals), and
they are written in Cypher that LadybugDB also runs, which is how they are
tested here without a Neo4j server. Passwords come from NEO4J_PASSWORD (or a
prompt) and never appear in output, logs or exceptions.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from graph.schema import NODES, RELS, Rows

BATCH = 1000
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_REL_KEYS = {"CITES": ("fact", "spans")}


def ident(name: str) -> str:
    """A label, relationship type or property name, whitelisted by pattern (they cannot be parameters)."""
    if not _IDENT.match(name):
        raise ValueError(f"refusing identifier {name!r}: labels and property names must match {_IDENT.pattern}")
    return f"`{name}`"


def constraints() -> list[str]:
    return [f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{ident(label)}) REQUIRE n.id IS UNIQUE"
            for label in NODES]


def node_statement(label: str) -> str:
    sets = ", ".join(f"n.{ident(p)} = row.{ident(p)}" for p in NODES[label] if p != "id")
    return f"UNWIND $rows AS row MERGE (n:{ident(label)} {{id: row.id}})" + (f" SET {sets}" if sets else "")


def rel_statement(rel: str, a: str, b: str) -> str:
    props = RELS[rel][1]
    keys = _REL_KEYS.get(rel, ("id",) if "id" in props else ())
    key = ", ".join(f"{ident(k)}: row.{ident(k)}" for k in keys)
    sets = ", ".join(f"r.{ident(p)} = row.{ident(p)}" for p in props if p not in keys)
    return (f"UNWIND $rows AS row MATCH (a:{ident(a)} {{id: row.src}}), (b:{ident(b)} {{id: row.dst}}) "
            f"MERGE (a)-[r:{ident(rel)}{' {' + key + '}' if key else ''}]->(b)" + (f" SET {sets}" if sets else ""))


@dataclass
class Batch:
    statement: str
    rows: list[dict[str, Any]]
    what: str


def batches(rows: Rows, size: int = BATCH) -> Iterator[Batch]:
    """Every write, in order: nodes first, then relationships."""
    for label in NODES:
        items: Sequence[dict[str, Any]] = rows.nodes.get(label) or []
        for i in range(0, len(items), size):
            yield Batch(node_statement(label), [{k: r.get(k) for k in NODES[label]} for r in items[i:i + size]], label)
    for (rel, a, b), items in rows.rels.items():
        props = RELS[rel][1]
        for i in range(0, len(items), size):
            chunk = [{"src": r["_from"], "dst": r["_to"], **{k: r.get(k) for k in props}} for r in items[i:i + size]]
            yield Batch(rel_statement(rel, a, b), chunk, f"{rel} {a}->{b}")


# -- literal Cypher (export) -------------------------------------------------------


def literal(value: Any) -> str:
    """A Cypher literal; strings escaped so that quotes, backslashes and control characters survive."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{ident(k)}: {literal(v)}" for k, v in value.items()) + "}"
    out = []
    for ch in str(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")  # controls and invisible marks (RTL) made visible; emoji stay UTF-8
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_script(rows: Rows, size: int = 200) -> Iterator[str]:
    """A script for `cypher-shell -f`: constraints, then the push statements with literal rows."""
    yield "// tenure export: load into an empty Neo4j 5 database with  cypher-shell -f this-file.cypher\n"
    for stmt in constraints():
        yield stmt + ";\n"
    for b in batches(rows, size):
        yield b.statement.replace("UNWIND $rows AS row", f"UNWIND {literal(b.rows)} AS row", 1) + ";\n"


# -- driver --------------------------------------------------------------------------


_URI = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:(?P<userinfo>[^@/?#]*)@)?(?P<host>[^/?#]*)(?P<rest>.*)$",
                  re.S)


def split_uri(uri: str) -> tuple[str, str | None, str | None]:
    """(the URI without user:password, user, password); never raises, whatever the text."""
    m = _URI.match(uri or "")
    if not m:
        return ("<not a URI>", None, None)
    user = password = None
    if m.group("userinfo") is not None:
        user, _, pw = m.group("userinfo").partition(":")
        password = pw or None
    from urllib.parse import unquote

    return (f"{m.group('scheme')}://{m.group('host')}{m.group('rest')}",
            unquote(user) if user else None, unquote(password) if password else None)


def safe_uri(uri: str) -> str:
    """The URI with any user:password removed (and no query or fragment), for messages."""
    clean = split_uri(uri)[0]
    return re.split(r"[?#]", clean, maxsplit=1)[0]


class Neo4jError(RuntimeError):
    """A failure talking to Neo4j; the message never holds a password."""


def credentials(prompt: Callable[[str], str] | None = None, uri: str = "") -> tuple[str, str]:
    """User and password: from the URI when it carries them, else NEO4J_USER / NEO4J_PASSWORD (or a prompt)."""
    _, uri_user, uri_password = split_uri(uri)
    user = uri_user or os.environ.get("NEO4J_USER") or "neo4j"
    password = uri_password or os.environ.get("NEO4J_PASSWORD")
    if password is None:
        if prompt is None:
            raise Neo4jError("set NEO4J_PASSWORD (and NEO4J_USER) to connect to Neo4j")
        password = prompt("Neo4j password")
    if password:
        _USED.add(password)
    return user, password


_USED: set[str] = set()  # every password this process has handled, scrubbed from every message


def _scrub(text: str, secrets: Iterable[str]) -> str:
    for s in sorted({*secrets, *_USED}, key=len, reverse=True):
        if s:
            text = text.replace(s, "***")
    return text


def secrets(uri: str) -> list[str]:
    """Everything that must never be printed: the env password and any password in the URI."""
    m = _URI.match(uri or "")
    raw = (m.group("userinfo") or "").partition(":")[2] if m else ""
    _, _, in_uri = split_uri(uri)
    return [s for s in (os.environ.get("NEO4J_PASSWORD"), in_uri, raw) if s]


def check_uri(uri: str) -> str:
    """The URI the driver gets: no user:password in it, a known scheme, a port that exists."""
    clean = split_uri(uri)[0]
    m = _URI.match(clean)
    if not m or m.group("scheme").lower() not in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
        raise Neo4jError(f"--neo4j takes a bolt:// or neo4j:// URI, not {safe_uri(uri)!r}")
    host = m.group("host")
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else None
    if port is not None and (not port.isdigit() or not 0 < int(port) < 65536):
        raise Neo4jError(f"the port in {safe_uri(uri)!r} must be a number from 1 to 65535")
    return clean


def connect(uri: str, prompt: Callable[[str], str] | None = None) -> Any:
    import neo4j

    clean = check_uri(uri)  # scrubbed before the driver sees it: no password can reach its errors or logs
    user, password = credentials(prompt, uri)
    try:
        driver = neo4j.GraphDatabase.driver(clean, auth=(user, password))
        driver.verify_connectivity()
        return driver
    except Exception as exc:  # noqa: BLE001 - re-raised with the secret removed
        raise Neo4jError(f"cannot connect to {safe_uri(uri)}: "
                         f"{_scrub(str(exc), [password, *secrets(uri)]).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def push(rows: Rows, session: Any, wipe: bool = False, progress: Callable[[str, int], None] | None = None,
         size: int = BATCH) -> dict[str, Any]:
    """Write everything through `session.execute_write` (retried by the driver); idempotent."""
    for stmt in constraints():
        session.run(stmt)
    if wipe:
        session.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    written: dict[str, int] = {}
    for b in batches(rows, size):
        session.execute_write(lambda tx, b=b: tx.run(b.statement, rows=b.rows).consume())
        written[b.what] = written.get(b.what, 0) + len(b.rows)
        if progress:
            progress(b.what, len(b.rows))
    return {"written": written, "total": sum(written.values())}


def push_to(uri: str, rows: Rows, database: str | None = None, wipe: bool = False,
            progress: Callable[[str, int], None] | None = None, prompt: Callable[[str], str] | None = None) -> dict[str, Any]:
    password = os.environ.get("NEO4J_PASSWORD", "")
    driver = connect(uri, prompt)
    try:
        with driver.session(database=database) as session:
            result = push(rows, session, wipe, progress)
            counts = session.run("MATCH (n) RETURN count(n) AS nodes").single()
            result["nodes_in_database"] = counts["nodes"] if counts else None
        result["uri"] = safe_uri(uri)
        return result
    except Neo4jError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Neo4jError(f"push to {safe_uri(uri)} failed: {_scrub(str(exc), [password, *secrets(uri)])}") from None
    finally:
        driver.close()


def read_query(uri: str, query: str, params: dict[str, Any], database: str | None = None,
               timeout_s: float | None = 30.0) -> tuple[list[str], list[list[Any]]]:
    """A query in a READ transaction (routed to readers), so that writes fail in the server."""
    import neo4j

    password = os.environ.get("NEO4J_PASSWORD", "")
    driver = connect(uri)
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
                result = tx.run(query, params)
                keys = list(result.keys())
                return keys, [[_plain(v) for v in rec.values()] for rec in result]

            tx_fn = neo4j.unit_of_work(timeout=timeout_s)(work) if timeout_s else work
            return session.execute_read(tx_fn)
    except Exception as exc:  # noqa: BLE001
        raise Neo4jError(f"query on {safe_uri(uri)} failed: {_scrub(str(exc), [password, *secrets(uri)])}") from None
    finally:
        driver.close()


def _plain(value: Any) -> Any:
    if hasattr(value, "items") and hasattr(value, "element_id"):
        return dict(value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def json_export(rows: Rows) -> dict[str, Any]:
    return {"nodes": {label: list(items) for label, items in rows.nodes.items()},
            "relationships": [{"type": rel, "from_label": a, "to_label": b, "from": r["_from"], "to": r["_to"],
                               "properties": {k: v for k, v in r.items() if not k.startswith("_")}}
                              for (rel, a, b), items in rows.rels.items() for r in items]}


def graphml_export(rows: Rows, path: Any) -> None:
    """GraphML for Gephi and yEd: lists joined with '; ', nulls left out."""
    import networkx as nx

    from graph.build import to_networkx

    g = to_networkx(rows)
    flat = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        flat.add_node(n, **_flat(data))
    for a, b, k, data in g.edges(keys=True, data=True):
        flat.add_edge(a, b, key=k, **_flat(data))
    nx.write_graphml(flat, path)


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        if v is None:
            continue
        out[k] = "; ".join(map(str, v)) if isinstance(v, list) else (json.dumps(v) if isinstance(v, dict) else v)
    return out
