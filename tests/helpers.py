"""Small hand-built data folders, for tests that need a graph of their own."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from graph.model import DATA_DIR

SOURCES = """\
- id: s1
  file: s1.txt
  title: A test source
  publisher: Test Gazette
  published: "2020-01-01"
"""


def make_data(root: Path, facts: str) -> Path:
    """A data folder with the real register, one source `s1` and the given facts YAML."""
    data = root / "data"
    (data / "facts").mkdir(parents=True)
    for name in ("authorities.csv", "aliases.yaml"):
        shutil.copy(DATA_DIR / name, data / name)
    (data / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "facts" / "test.yaml").write_text(textwrap.dedent(facts), encoding="utf-8")
    return data


def build_store(root: Path, facts: str) -> Path:
    from graph.pipeline import build

    data = make_data(root, facts)
    report = build(data, root / "db")
    assert not report.problems, [str(p) for p in report.problems]
    return root / "db"
