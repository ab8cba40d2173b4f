"""docs/notebook.md runs: its python blocks, in order, in one namespace, from the repository's root.

(nbconvert would add jupyter, a kernel and a subprocess per run for the same check; a
missing block or a renamed function fails here just the same.)"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_notebook_walkthrough_runs(monkeypatch):
    blocks = BLOCK.findall((ROOT / "docs" / "notebook.md").read_text("utf-8"))
    assert len(blocks) >= 6
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": "__notebook__"}
    for i, code in enumerate(blocks):
        try:
            exec(compile(code, f"docs/notebook.md[block {i}]", "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 - name the block that broke
            pytest.fail(f"docs/notebook.md block {i} failed: {type(exc).__name__}: {exc}\n{code}")
    assert os.getcwd() == str(ROOT)
