"""The whole package is clean under ruff and mypy with the configuration in pyproject.toml
(``[tool.ruff]``, ``[tool.mypy]``): what CI runs through this test."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _ruff() -> list[str] | None:
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    found = shutil.which("ruff")
    return [found] if found else None


@pytest.mark.skipif(_ruff() is None, reason="ruff is in the [dev] extra")
def test_ruff_is_clean() -> None:
    run = subprocess.run([*(_ruff() or []), "check", "--no-cache", "entitylink"], capture_output=True, text=True,
                         cwd=REPO)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is in the [dev] extra")
def test_mypy_is_clean(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout[-4000:]
