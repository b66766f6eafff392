"""The library packages type-check (mypy), and lint finds no unused names or syntax errors (ruff)."""

import shutil
import subprocess
import sys

import pytest

from graph.model import ROOT


def test_mypy_on_library_packages():
    pytest.importorskip("mypy", reason="mypy is in the dev extra; install with pip install -e '.[dev]'")
    res = subprocess.run([sys.executable, "-m", "mypy", "graph", "loaders", "queries", "--ignore-missing-imports"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:]


def test_ruff_errors():
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    if not shutil.which(ruff):
        pytest.skip("ruff is in the dev extra; install with pip install -e '.[dev]'")
    res = subprocess.run([ruff, "check", ".", "--select", "F,E9", "--exclude", ".venv"], cwd=ROOT, capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stdout[-3000:]
