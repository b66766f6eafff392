"""The embedded Cypher store: a LadybugDB database on disk, built atomically.

Layout of a store directory:
    <store>/current -> gen-<hash>-<time>/   (a symlink, swapped with one rename)
    <store>/gen-*/graph.lbdb, meta.json      (one complete build each; copy/ holds
                                             the Parquet files only while it is built)
    <store>/.lock                            (held while a build runs)
    <store>/.tenure-store                    (the marker: this folder is tenure's own)
A build writes a new generation beside the old one and swaps the symlink only
when the new one is complete, so a killed build leaves the last store intact and
readers always see a whole store. Reads open the database read-only, so writes
fail in the engine, not in a regex.

A store folder is tenure's own: a build refuses a folder that is not empty and
has no marker (an older tenure's store, holding nothing but its own layout, is
adopted), and it only ever deletes generations it made, matched by name: the
leftovers of killed builds (`*.partial`) at the next build, and complete
generations older than the previous one. The generation `current` points at,
and the one before it, are never deleted.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from graph.schema import NODES, RELS, Rows, Table

DB_FILE = "graph.lbdb"
META_FILE = "meta.json"
KEEP_GENERATIONS = 2
LOCK_WAIT_S = 600.0
MARKER = ".tenure-store"
_GEN = re.compile(r"^gen-[0-9a-f]{12}-\d+$")
_PARTIAL = re.compile(r"^gen-[0-9a-f]{12}-\d+\.partial$")
_OWN_FILES = {DB_FILE, META_FILE, "copy", DB_FILE + ".wal", DB_FILE + ".shadow", DB_FILE + ".tmp"}


class StoreError(RuntimeError):
    """A store that is missing, locked or broken, with what to do about it."""


def _ddl() -> list[str]:
    out = []
    for label, props in NODES.items():
        cols = ", ".join(f"`{k}` {t}" for k, t in props.items())
        out.append(f"CREATE NODE TABLE {label}({cols}, PRIMARY KEY(id))")
    for rel, (pairs, props) in RELS.items():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
        cols = "".join(f", `{k}` {t}" for k, t in props.items())
        out.append(f"CREATE REL TABLE {rel}({ends}{cols})")
    for label, (key_label, rel, _) in KEY_SOURCES.items():
        out.append(f"CREATE NODE TABLE {key_label}(key STRING, PRIMARY KEY(key))")
        out.append(f"CREATE REL TABLE {rel}(FROM {key_label} TO {label})")
    return out


def _arrow_table(columns: dict[str, str], table: Table, ends: bool = False) -> Any:
    """A table's rows as an Arrow table with the store's column types."""
    import pyarrow as pa

    types = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
             "STRING[]": pa.list_(pa.string())}
    values = table.columns()
    data: dict[str, Any] = {}
    fields = []
    if ends:
        data["from"], data["to"] = values.pop("_from"), values.pop("_to")
        fields += [pa.field("from", pa.string()), pa.field("to", pa.string())]
    for name, typ in columns.items():
        data[name] = values.pop(name)
        fields.append(pa.field(name, types[typ]))
    return pa.table(data, schema=pa.schema(fields))


def write_database(db_path: Path, rows: Any, consume: bool = False) -> dict[str, float]:
    """Create a LadybugDB database at db_path and bulk-load it: one COPY per table from a Parquet file.

    `rows` is either `Rows` (the row loader's tuples) or `graph.bulk.ArrowTables`
    (the columnar path's Arrow tables). Every table is first written as Parquet
    beside the database (with `consume`, its rows are dropped as soon as they are
    written), then the engine copies from the files. So the Python rows and the
    engine's build buffers are never in memory together: at 10^6 edges the peak
    went from 3.5 GB to about 1.9 GB (bench/README.md). Key tables for the lenient
    name lookups are derived here (see `key_tables`). Returns seconds per phase
    (arrow, parquet, copy).
    Files are written in row groups of ROW_GROUP rows, which the engine copies in
    parallel (one row group per thread; a single row group is copied by one thread),
    and the database is closed and reopened before each relationship COPY, which
    hands the buffer pool's pages of the tables already copied back to the system
    (at 10^6 edges: COPY 36 s -> 22 s and the engine's peak 1.40 -> 1.36 GB with both,
    1.40 -> 1.23 GB with the reopen alone; bench/README.md).
    (Tried and dropped: COPY from in-memory Arrow tables, the previous way; COPY in
    chunks, which doubled the time and, after chunked node COPYs, failed in
    LadybugDB 0.22 with "Unable to find primary key value"; a smaller buffer pool,
    which the engine needs for COPY.)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    work = db_path.parent / "copy"
    if _UNSAFE_PATH.search(str(work)):  # the path is spliced into COPY ... FROM '...'
        work = Path(tempfile.mkdtemp(prefix="tenure-copy-"))
    work.mkdir(exist_ok=True)
    copies: list[tuple[str, bool]] = []  # (statement, copies a relationship)
    phases = {"arrow": 0.0, "parquet": 0.0, "copy": 0.0}
    arrow_in = isinstance(rows, Rows) is False

    def write(name: str, table: Any) -> None:
        t0 = time.perf_counter()
        pq.write_table(table, work / f"{name}.parquet", compression="none", row_group_size=ROW_GROUP)
        phases["parquet"] += time.perf_counter() - t0

    def arrow(columns: dict[str, str], table: Any, ends: bool = False) -> Any:
        t0 = time.perf_counter()
        out = table if arrow_in else _arrow_table(columns, table, ends)
        phases["arrow"] += time.perf_counter() - t0
        return out

    try:
        for label, columns in NODES.items():
            table = rows.nodes.get(label)
            if table is not None and len(table):
                at = arrow(columns, table)
                write(label, at)
                copies.append((f"COPY {label} FROM '{work / label}.parquet'", False))
                if label in KEY_SOURCES:
                    for key_label, rel, key_table, rel_table in key_tables(label, at):
                        write(key_label, key_table)
                        write(rel, rel_table)
                        copies.append((f"COPY {key_label} FROM '{work / key_label}.parquet'", False))
                        copies.append((f"COPY {rel} FROM '{work / rel}.parquet'", True))
                del at
                if consume:
                    rows.nodes[label] = None if arrow_in else Table(table.names)
            del table
        for i, ((rel, a, b), table) in enumerate(list(rows.rels.items())):
            if table is not None and len(table):
                name = f"{rel}-{i}"
                write(name, arrow(RELS[rel][1], table, ends=True))
                copies.append((f"COPY {rel} FROM '{work / name}.parquet' (from='{a}', to='{b}')", True))
                if consume:
                    rows.rels[(rel, a, b)] = None if arrow_in else Table(table.names)
            del table
        pa.default_memory_pool().release_unused()  # hand Arrow's freed buffers back before the engine starts
        t0 = time.perf_counter()
        _copy_files(db_path, copies)
        phases["copy"] = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {k: round(v, 3) for k, v in phases.items()}


# Key tables: LadybugDB indexes primary keys only, so a lookup by a name key (or an alias key)
# is a scan unless the key is itself a primary key. Each key node points at the nodes it names.
KEY_SOURCES = {"Person": ("PersonKey", "PERSON_KEY", ("name_key", "alias_keys")),
               "Authority": ("AuthorityKey", "AUTHORITY_KEY", ("name_keys",))}


def key_tables(label: str, table: Any) -> list[tuple[str, str, Any, Any]]:
    """(key label, rel type, key node table, rel table) for a Person or Authority Arrow table."""
    import pyarrow as pa
    import pyarrow.compute as pc

    key_label, rel, cols = KEY_SOURCES[label]
    ids, keys = [], []
    for col in cols:
        values = table[col].combine_chunks()
        if pa.types.is_list(values.type):
            ids.append(pc.take(table["id"].combine_chunks(), pc.list_parent_indices(values)))
            keys.append(values.flatten())
        else:
            ids.append(table["id"].combine_chunks())
            keys.append(values)
    pairs = pa.table({"from": pa.concat_arrays(keys).cast(pa.string()), "to": pa.concat_arrays(ids)})
    pairs = pairs.filter(pc.is_valid(pairs["from"])).group_by(["from", "to"]).aggregate([])
    key_nodes = pa.table({"key": pc.unique(pairs["from"].combine_chunks())})
    return [(key_label, rel, key_nodes, pairs.select(["from", "to"]))]


_UNSAFE_PATH = re.compile(r"['\\\n\r]")


ROW_GROUP = 16_384


def _copy_files(db_path: Path, copies: list[tuple[str, bool]]) -> None:
    """Run the DDL and the COPY statements; nodes in one session, each relationship COPY in its own."""
    import ladybug

    def session() -> tuple[Any, Any]:
        db = ladybug.Database(str(db_path))
        return db, ladybug.Connection(db)

    db, conn = session()
    try:
        for stmt in _ddl():
            conn.execute(stmt)
        for stmt, rel in copies:
            if rel:  # start each relationship COPY with an empty buffer pool
                conn.close()
                db.close()
                db, conn = session()
            conn.execute(stmt)
    finally:
        conn.close()
        db.close()


@dataclass
class Store:
    """A store directory; see the module docstring for its layout."""

    path: Path

    @property
    def current(self) -> Path | None:
        link = self.path / "current"
        if not link.exists():
            return None
        return link.resolve()

    def meta(self) -> dict[str, Any] | None:
        cur = self.current
        if cur is None or not (cur / META_FILE).exists():
            return None
        return json.loads((cur / META_FILE).read_text(encoding="utf-8"))

    def intact(self) -> bool:
        """The current generation is as its build left it (size and time of the database file)."""
        cur, meta = self.current, self.meta()
        if cur is None or meta is None or not (cur / DB_FILE).is_file():
            return False
        if any(p.name not in (DB_FILE, META_FILE) for p in cur.iterdir()):
            return False  # a write-ahead log or anything else left behind: not what the build wrote
        st = (cur / DB_FILE).stat()
        return meta.get("db_bytes", st.st_size) == st.st_size and meta.get("db_mtime_ns", st.st_mtime_ns) == st.st_mtime_ns

    def claim(self, create: bool = True) -> None:
        """Make sure the folder is ours before a build writes to it (see the module docstring).

        With `create=False` only check, so that a build that fails validation leaves no trace."""
        p = self.path
        if p.exists() and not p.is_dir():
            raise StoreError(f"--db {p} is a file, not a store folder; pass a new or empty folder")
        if (p / MARKER).is_file():
            return
        if p.is_dir():
            entries = list(p.iterdir())
            if entries and not all(_legacy_entry(e) for e in entries):
                raise StoreError(f"--db {p} is a folder that is not empty and is not a tenure store (it has no "
                                 f"{MARKER} marker); pass a new or empty folder. Nothing was changed")
        if not create:
            return
        if not p.is_dir():
            p.mkdir(parents=True, exist_ok=True)  # two first builds at once both get here
        (p / MARKER).write_text("This folder is a tenure store: `tenure build` may replace anything in it.\n",
                                encoding="utf-8")

    @contextlib.contextmanager
    def lock(self, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
        """Hold the build lock; a second build waits, then says who holds it."""
        self.claim()
        lock_path = self.path / ".lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_s
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        holder = lock_path.read_text(encoding="utf-8").strip() or "another process"
                        raise StoreError(f"{self.path} is being built by {holder}; try again later") from None
                    time.sleep(0.1)
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}".encode())
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)

    def publish(self, rows: Any, meta: dict[str, Any], consume: bool = False) -> Path:
        """Write a new generation and swap it in; the caller holds the lock."""
        self._remove_partials()
        previous = self.current
        gen = self.path / f"gen-{meta['hash'][:12]}-{time.time_ns()}"
        tmp = gen.with_name(gen.name + ".partial")
        tmp.mkdir(parents=True)
        try:
            meta.setdefault("phases", {}).update(write_database(tmp / DB_FILE, rows, consume))
            st = (tmp / DB_FILE).stat()
            meta = {**meta, "db_bytes": st.st_size, "db_mtime_ns": st.st_mtime_ns}
            (tmp / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
            _fsync_dir(tmp)
            tmp.rename(gen)
            link_tmp = self.path / f".current-{os.getpid()}"
            with contextlib.suppress(FileNotFoundError):
                link_tmp.unlink()
            link_tmp.symlink_to(gen.name)
            os.replace(link_tmp, self.path / "current")
            _fsync_dir(self.path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._prune(keep={gen, *([previous] if previous else [])})
        return gen

    def _remove_partials(self) -> None:
        """Generations a killed build left half-written (the caller holds the lock, so none is being written)."""
        for p in self.path.iterdir():
            if _PARTIAL.match(p.name) and p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            elif p.name.startswith(".current-") and p.is_symlink():
                p.unlink(missing_ok=True)

    def _prune(self, keep: set[Path]) -> None:
        """Complete generations other than the new one and the previous one; only names we give."""
        keep = {k.resolve() for k in keep}
        current = self.current
        if current is not None:
            keep.add(current)
        gens = sorted((p for p in self.path.iterdir() if _GEN.match(p.name) and p.is_dir() and not p.is_symlink()
                       and p.resolve() not in keep), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in gens[max(0, KEEP_GENERATIONS - len(keep)):]:
            shutil.rmtree(old, ignore_errors=True)

    def connect(self) -> tuple[Any, Any]:
        """Open the current generation read-only: (database, connection)."""
        import ladybug

        cur = self.current
        if cur is None or not (cur / DB_FILE).exists():
            raise StoreError(f"no store at {self.path}: run `tenure build` first")
        db = ladybug.Database(str(cur / DB_FILE), read_only=True)
        return db, ladybug.Connection(db)


def _legacy_entry(entry: Path) -> bool:
    """An entry of the layout an older tenure wrote before the marker existed."""
    name = entry.name
    if name == ".lock":
        return entry.is_file() and not entry.is_symlink()
    if name == "current" or name.startswith(".current-"):
        return entry.is_symlink() and bool(_GEN.match(os.readlink(entry)))
    if _GEN.match(name) or _PARTIAL.match(name):
        return entry.is_dir() and not entry.is_symlink() and all(c.name in _OWN_FILES for c in entry.iterdir())
    return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run_query(conn: Any, cypher: str, params: dict[str, Any] | None = None,
              timeout_s: float | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run one statement with parameters; returns (column names, rows)."""
    if timeout_s:
        conn.set_query_timeout(int(timeout_s * 1000))
    result = conn.execute(cypher, params or {})
    if isinstance(result, list):
        result = result[-1]
    columns = result.get_column_names()
    out = []
    while result.has_next():
        out.append(result.get_next())
    return columns, out
