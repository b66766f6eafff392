"""Load, validate and build: the one path from facts on disk to stores.

A build is skipped when the content hash of its inputs (data files, article
files, schema) has not changed; `--force` rebuilds anyway.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.model import DATA_DIR, ROOT, KnowledgeBase

if TYPE_CHECKING:  # the YAML reader loads only when facts are read, not for every read command
    from loaders.yamlsrc import Problem

SCHEMA_VERSION = "3"  # 3: key tables for name lookups


def default_db() -> Path:
    return Path(os.environ.get("TENURE_DB") or ROOT / ".tenure" / "store")


def default_sources() -> Path | None:
    """Where archived source texts live: $TENURE_SOURCES, or ../shared beside the checkout."""
    env = os.environ.get("TENURE_SOURCES")
    if env:
        return Path(env)
    guess = ROOT.parent / "shared"
    return guess if guess.is_dir() else None


def _inputs(data_dir: Path, article_dirs: list[Path]) -> list[Path]:
    files = [data_dir / "sources.yaml", data_dir / "authorities.csv", data_dir / "aliases.yaml",
             DATA_DIR / "vocabulary.yaml", *sorted(data_dir.glob("sources-*.jsonl"))]
    files += sorted((data_dir / "facts").glob("*.y*ml")) + sorted((data_dir / "facts").glob("*.jsonl"))
    return [f for f in files if f.exists()]


def schema_digest() -> str:
    """Changes whenever the stored layout or its derivation rules change."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for module in ("schema.py", "model.py", "dates.py", "careers.py"):
        h.update((ROOT / "graph" / module).read_bytes())
    return h.hexdigest()


def content_hash(data_dir: Path, article_dirs: list[Path]) -> str:
    h = hashlib.sha256(schema_digest().encode())
    for f in _inputs(data_dir, article_dirs):
        h.update(str(f.name).encode() + b"\0" + f.read_bytes() + b"\0")
    if article_dirs:
        # the reader's own list of files, so both agree on which count; read no further than the reader does
        from loaders.articles.reading import MAX_ARTICLE_BYTES, input_files

        for path, label in input_files(article_dirs):
            try:
                with open(path, "rb") as fh:
                    h.update(label.encode() + b"\0" + fh.read(MAX_ARTICLE_BYTES + 1) + b"\0")
            except OSError as exc:
                h.update(f"{label}\0unreadable {exc.errno}\0".encode())
    if article_dirs:  # what is extracted depends on the extractor's code (rules, lexicon, dates, linking)
        for code in sorted((ROOT / "loaders").rglob("*.py")):
            h.update(code.read_bytes())
    return h.hexdigest()


@dataclass
class BuildReport:
    db: Path
    hash: str
    skipped: bool
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    article_problems: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: parse, validate, rows, arrow, parquet, copy

    def as_json(self) -> dict[str, Any]:
        return {"db": str(self.db), "hash": self.hash, "skipped": self.skipped, "counts": self.counts,
                "seconds": round(self.seconds, 3), "problems": [str(p) for p in self.problems],
                "article_problems": self.article_problems}


def load_all(data_dir: Path = DATA_DIR, article_dirs: list[Path] | None = None,
             sources_dir: Path | None = None) -> tuple[KnowledgeBase, list[Problem], list[str]]:
    """Curated facts, plus extracted ones when article folders are given."""
    from loaders.curated import load_curated

    from loaders.register import read_register

    register, reg_problems = read_register(data_dir if (data_dir / "authorities.csv").exists() else DATA_DIR)
    kb, problems = load_curated(data_dir, sources_dir, register)
    problems[:0] = reg_problems
    article_notes: list[str] = []
    if article_dirs:
        from loaders.articles import merge_articles

        try:
            article_notes = merge_articles(kb, article_dirs, problems, register)
        except Exception:  # noqa: BLE001 - one unreadable article must not cost the others, nor go unnamed
            good, article_notes = _isolate_bad_articles(article_dirs)
            kb, problems = load_curated(data_dir, sources_dir, register)  # the failed merge may have left half its work
            problems[:0] = reg_problems
            article_notes += merge_articles(kb, good, problems, register)
    return kb, problems, article_notes


def _isolate_bad_articles(inputs: list[Path]) -> tuple[list[Path], list[str]]:
    """The article files that extract on their own, and a note naming each one that does not."""
    from loaders.articles import article_paths, extract_files

    good: list[Path] = []
    notes: list[str] = []
    for path in article_paths(inputs):
        try:
            extract_files([path])
        except Exception as exc:  # noqa: BLE001
            first = (str(exc).splitlines() or [""])[0][:200]
            notes.append(f"skipped {path}: cannot be read ({type(exc).__name__}: {first})")
        else:
            good.append(path)
    return good, notes


def build(data_dir: Path = DATA_DIR, db: Path | None = None, article_dirs: list[Path] | None = None,
          force: bool = False, sources_dir: Path | None = None) -> BuildReport:
    """Validate and (re)build the embedded store; nothing is written when validation fails."""
    from graph.embedded import Store
    from graph.schema import rows

    t0 = time.perf_counter()
    db = db or default_db()
    article_dirs = article_dirs or []
    store = Store(db)
    store.claim(create=False)  # a file, or a folder of the user's, is refused before anything is read or written
    digest = content_hash(data_dir, article_dirs)
    meta = store.meta()
    if meta and meta.get("hash") == digest and not force and store.intact():
        return BuildReport(db, digest, True, meta.get("counts", {}), seconds=time.perf_counter() - t0)
    table_rows: Any = None
    phases: dict[str, float] = {}
    notes: list[str] = []
    if not article_dirs and any((data_dir / "facts").glob("*.jsonl")):
        from graph.bulk import load_tables

        table_rows = load_tables(data_dir, sources_dir)  # None: a problem, which the row loader words below
        if table_rows is not None:
            phases = dict(table_rows.phases)
    if table_rows is None:
        t1 = time.perf_counter()
        kb, problems, notes = load_all(data_dir, article_dirs, sources_dir)
        phases = {"parse_and_validate": round(time.perf_counter() - t1, 3)}
        if problems:
            return BuildReport(db, digest, False, problems=problems, seconds=time.perf_counter() - t0,
                               article_problems=notes)
        t1 = time.perf_counter()
        table_rows = rows(kb, consume=True)  # the rows are all the store needs: facts are freed as rows are made
        phases["rows"] = round(time.perf_counter() - t1, 3)
        del kb
    counts = table_rows.counts()
    with store.lock():
        meta = store.meta()
        if meta and meta.get("hash") == digest and not force and store.intact():
            return BuildReport(db, digest, True, meta.get("counts", {}), seconds=time.perf_counter() - t0)
        meta = {"hash": digest, "schema": schema_digest(), "counts": counts, "data": str(Path(data_dir).resolve()),
                "articles": [str(Path(a).resolve()) for a in article_dirs], "built_at": time.time(), "phases": phases}
        store.publish(table_rows, meta, consume=True)
    return BuildReport(db, digest, False, counts, seconds=time.perf_counter() - t0, article_problems=notes,
                       phases=meta["phases"])


def ensure_built(db: Path | None = None) -> Path:
    """The store a read command should use: the default one is built on first use."""
    from graph.embedded import Store, StoreError

    db = db or default_db()
    store = Store(db)
    if db != default_db():
        if store.current is None:
            raise StoreError(f"no store at {db}: run `tenure build --db {db}` first")
        meta = store.meta() or {}
        if meta.get("schema") != schema_digest():
            raise StoreError(f"the store at {db} was built by another version of tenure; "
                             f"rebuild it with `tenure build --db {db} ...`")
        return db
    # The default store follows the inputs of the last `tenure build` without --db (the bundled data unless
    # --data/--articles were given): rebuilt from those when they change, skipped when nothing changed.
    meta = store.meta() or {}
    data_dir, articles = DATA_DIR, []
    if meta.get("data") and Path(meta["data"]) != DATA_DIR.resolve() or meta.get("articles"):
        data_dir, articles = Path(meta["data"]), [Path(a) for a in meta.get("articles") or []]
        gone = [str(p) for p in [data_dir, *articles] if not p.exists()]
        if gone:
            raise StoreError(f"the default store was built from {', '.join(gone)}, which is gone; run `tenure build` "
                             "(bundled data) or `tenure build --data/--articles ...` again")
    report = build(data_dir, db=db, article_dirs=articles)
    if report.problems:
        raise StoreError("the bundled data does not validate:\n" + "\n".join(str(p) for p in report.problems))
    return db
