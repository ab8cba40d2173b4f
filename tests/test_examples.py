"""Every script in examples/ runs (in a subprocess, in a temporary directory) and says something sensible."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPO = EXAMPLES.parent


def _run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "ENTITYLINK_EXAMPLE_OUT": str(cwd / "out"), "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, f"{script} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_quickstart(tmp_path: Path) -> None:
    out = _run("quickstart.py", cwd=tmp_path).stdout
    assert out.startswith("baijiu-rally: 白酒股午后走强")
    assert "1.600519" in out and "0.000858" in out and "tag" in out
    assert "1.600519     贵州茅台     x3" in out  # the tagged security, also named in the title


def test_quickstart_on_another_article(tmp_path: Path) -> None:
    out = _run("quickstart.py", str(EXAMPLES / "data" / "2022-06-14-202206142412147264.md"), cwd=tmp_path).stdout
    assert "光明乳业" in out and "90.BK0922" in out


def test_custom_dictionary(tmp_path: Path) -> None:
    lines = _run("custom_dictionary.py", cwd=tmp_path).stdout.splitlines()
    default = next(ln for ln in lines if ln.strip().startswith("default:"))
    custom = next(ln for ln in lines if ln.strip().startswith("custom:"))
    for added in ("寒王->1.688256", "东财->0.300059", "沪深300ETF->1.510300"):
        assert added in custom and added not in default


def test_batch_annotate(tmp_path: Path) -> None:
    proc = _run("batch_annotate.py", cwd=tmp_path)
    assert "$ entitylink annotate" in proc.stdout
    out = tmp_path / "example_output"
    records = [json.loads(ln) for ln in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 20
    assert {"brief-1", "baijiu-rally", "202206142412147264"} <= {r["article_id"] for r in records}
    with open(out / "entities.csv", encoding="utf-8", newline="") as f:
        entities = list(csv.DictReader(f))
    assert {"secid", "name", "mention_count", "salience"} <= set(entities[0])
    assert "1.600597" in {e["secid"] for e in entities}


def test_notebook(tmp_path: Path) -> None:
    out = _run("notebook.py", cwd=tmp_path).stdout
    assert "7 articles:" in out and "0 errors" in out
    page = (tmp_path / "out" / "baijiu-rally.marked.html").read_text(encoding="utf-8")
    shown = int(out.split(" mentions -> ")[0].split()[-1])
    assert page.startswith("<!DOCTYPE html>") and page.count("<mark ") == shown >= 5
    with open(tmp_path / "out" / "top_securities.csv", encoding="utf-8", newline="") as f:
        top = list(csv.DictReader(f))
    assert 1 <= len(top) <= 8 and top[0]["secid"] and int(top[0]["articles"]) >= 2
    if importlib.util.find_spec("matplotlib"):
        assert (tmp_path / "out" / "top_securities.png").stat().st_size > 0
    else:
        assert "skipping the plot" in out


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_every_example_has_a_test(script: str) -> None:
    assert f'"{script}"' in Path(__file__).read_text(encoding="utf-8")
