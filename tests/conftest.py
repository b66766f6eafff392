"""Shared fixtures: the bundled data, a store built once per session, the shared texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.model import DATA_DIR, ROOT

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared is missing at {SHARED}: the tests read the seeds and corpus from it")
    return SHARED


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the bundled data, shared by read-only tests."""
    from graph.pipeline import build

    db = tmp_path_factory.mktemp("store") / "db"
    report = build(DATA_DIR, db)
    assert not report.problems, report.problems
    return db


@pytest.fixture()
def reader(store: Path):
    from queries import Reader

    r = Reader(store)
    yield r
    r.close()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/, for tests that break it."""
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst
