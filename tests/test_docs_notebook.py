"""docs/notebook.md runs: its python blocks, in order, from the repository's root — as a notebook
in a Jupyter kernel (nbclient, the engine of ``jupyter nbconvert --execute``), and in one plain
namespace (fast, and it names the block that broke)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _notebook(markdown: str):
    """The walkthrough as a notebook: each python block a code cell, the prose between them
    markdown cells."""
    import nbformat

    cells, at = [], 0
    for m in BLOCK.finditer(markdown):
        prose = markdown[at:m.start()].strip()
        if prose:
            cells.append(nbformat.v4.new_markdown_cell(prose))
        cells.append(nbformat.v4.new_code_cell(m.group(1).rstrip("\n")))
        at = m.end()
    return nbformat.v4.new_notebook(cells=cells)


def test_notebook_walkthrough_executes_in_a_kernel(tmp_path):
    pytest.importorskip("nbclient", reason="the notebook check needs nbclient and ipykernel ([dev] extra)")
    pytest.importorskip("ipykernel", reason="the notebook check needs nbclient and ipykernel ([dev] extra)")
    import nbformat
    from nbclient import NotebookClient

    nb = _notebook((ROOT / "docs" / "notebook.md").read_text("utf-8"))
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) >= 6 and all(c.execution_count for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    # the last cells show a DataFrame or a highlighted Document, as a notebook renders them
    assert any("text/html" in o.get("data", {}) for c in code for o in c.outputs)
    nbformat.write(nb, str(tmp_path / "notebook.ipynb"))


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
