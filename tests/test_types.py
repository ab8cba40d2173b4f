"""The linking core type-checks (mypy), so its Optional and Literal fields are used as declared."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = ["link/linker", "link/options", "link/candidates", "link/anchors", "link/context", "link/resolve", "link/vetoes",
        "link/cues", "link/spans", "link/propagate", "link/entities", "link/segment", "link/codes",
        "link/matcher", "link/organizations", "knowledge/aliases", "knowledge/cache", "knowledge/normalize",
        "markets", "models", "write/frames", "write/text"]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is in the [dev] extra")
def test_linking_core_type_checks(tmp_path: Path) -> None:
    files = [str(REPO / "entitylink" / f"{name}.py") for name in CORE]
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent",
         "--cache-dir", str(tmp_path / "mypy-cache"), *files],
        capture_output=True, text=True, cwd=REPO,
    )
    assert run.returncode == 0, run.stdout[-4000:]
