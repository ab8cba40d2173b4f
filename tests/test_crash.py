"""A run killed at a random moment (SIGKILL, as docker, Kubernetes and the OOM killer do) and
resumed writes what one uninterrupted run writes, in every output format and with 1 or 2
workers; no worker outlives the killed run (tests/test_workers.py checks that part alone)."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORMATS = ["jsonl", "csv", "parquet", "conll", "labelstudio"]


def _output(path: Path, fmt: str):
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    return path.read_bytes()


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("fmt", FORMATS)
def test_random_sigkill_then_resume_equals_one_run(fmt: str, workers: int, corpus_dir: Path, tmp_path: Path) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    many = tmp_path / "many"
    for i in range(12):
        shutil.copytree(corpus_dir / "finews", many / f"c{i:02d}")
    (many / "c00" / "broken.html").write_bytes(b"\x00binary")
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def cmd(out: Path, *extra: str) -> list[str]:
        return [sys.executable, "-m", "entitylink", "annotate", "--quiet", str(many), "-o", str(out),
                "--format", fmt, "--errors", str(out) + ".err", "--workers", str(workers), "--chunk-size", "64", *extra]

    full = tmp_path / f"full.{fmt}"
    r = subprocess.run(cmd(full), capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1, r.stderr  # the broken file
    part = tmp_path / f"part.{fmt}"
    journal = Path(str(part) + ".entitylink-progress")
    rnd = random.Random(f"{fmt}-{workers}")
    for attempt in range(5):  # kill somewhere after the first committed chunk, at a random moment
        proc = subprocess.Popen(cmd(part), stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if journal.exists() and journal.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.005)
        time.sleep(rnd.uniform(0, 0.2))
        with contextlib.suppress(ProcessLookupError):  # the run may have ended (and its group with it)
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if proc.returncode == -signal.SIGKILL and journal.exists():
            break
    else:
        pytest.skip("the run always finished before it could be killed on this machine")
    r = subprocess.run(cmd(part, "--resume"), capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1, r.stderr
    assert _output(part, fmt) == _output(full, fmt)
    assert Path(str(part) + ".err").read_bytes() == Path(str(full) + ".err").read_bytes()
    assert not journal.exists()
