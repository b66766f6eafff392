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
from typing import Any

from graph.model import DATA_DIR, ROOT, KnowledgeBase
from loaders.yamlsrc import Problem

SCHEMA_VERSION = "2"


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
             DATA_DIR / "vocabulary.yaml"]
    files += sorted((data_dir / "facts").glob("*.y*ml")) + sorted((data_dir / "facts").glob("*.jsonl"))
    return [f for f in files if f.exists()]


def schema_digest() -> str:
    """Changes whenever the stored layout or its derivation rules change."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for module in ("schema.py", "model.py", "dates.py"):
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

    def as_json(self) -> dict[str, Any]:
        return {"db": str(self.db), "hash": self.hash, "skipped": self.skipped, "counts": self.counts,
                "seconds": round(self.seconds, 3), "problems": [str(p) for p in self.problems],
                "article_problems": self.article_problems}


def load_all(data_dir: Path = DATA_DIR, article_dirs: list[Path] | None = None,
             sources_dir: Path | None = None) -> tuple[KnowledgeBase, list[Problem], list[str]]:
    """Curated facts, plus extracted ones when article folders are given."""
    from loaders.curated import load_curated

    from loaders.register import load_register

    register = load_register(data_dir if (data_dir / "authorities.csv").exists() else DATA_DIR)
    kb, problems = load_curated(data_dir, sources_dir, register)
    article_notes: list[str] = []
    if article_dirs:
        from loaders.articles import merge_articles

        article_notes = merge_articles(kb, article_dirs, problems, register)
    return kb, problems, article_notes


def build(data_dir: Path = DATA_DIR, db: Path | None = None, article_dirs: list[Path] | None = None,
          force: bool = False, sources_dir: Path | None = None) -> BuildReport:
    """Validate and (re)build the embedded store; nothing is written when validation fails."""
    from graph.embedded import Store
    from graph.schema import rows

    t0 = time.perf_counter()
    db = db or default_db()
    article_dirs = article_dirs or []
    digest = content_hash(data_dir, article_dirs)
    store = Store(db)
    meta = store.meta()
    if meta and meta.get("hash") == digest and not force:
        return BuildReport(db, digest, True, meta.get("counts", {}), seconds=time.perf_counter() - t0)
    kb, problems, notes = load_all(data_dir, article_dirs, sources_dir)
    if problems:
        return BuildReport(db, digest, False, problems=problems, seconds=time.perf_counter() - t0,
                           article_problems=notes)
    table_rows = rows(kb, consume=True)  # the rows are all the store needs: facts are freed as rows are made
    counts = table_rows.counts()
    del kb
    with store.lock():
        meta = store.meta()
        if meta and meta.get("hash") == digest and not force:
            return BuildReport(db, digest, True, meta.get("counts", {}), seconds=time.perf_counter() - t0)
        store.publish(table_rows, {"hash": digest, "schema": schema_digest(), "counts": counts, "data": str(data_dir),
                                   "articles": [str(a) for a in article_dirs], "built_at": time.time()},
                      consume=True)
    return BuildReport(db, digest, False, counts, seconds=time.perf_counter() - t0, article_problems=notes)


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
    report = build(db=db)  # the default store follows the bundled data: skipped when nothing changed
    if report.problems:
        raise StoreError("the bundled data does not validate:\n" + "\n".join(str(p) for p in report.problems))
    return db
