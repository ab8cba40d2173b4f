"""Worker processes: they die with their parent, and a unit that kills one is a failed input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from entitylink.batch import run as batch
from entitylink.link.linker import Linker

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_when_the_parent_is_killed(tmp_path: Path) -> None:
    """SIGKILL to `annotate --workers 2` leaves no worker behind (they would hold stdout open)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "entitylink", "annotate", "--workers", "2", "--quiet", "-", "-o", str(tmp_path / "o.jsonl")],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        assert proc.stdin is not None
        records = "".join(json.dumps({"id": str(i), "text": "贵州茅台股价大涨"}) + "\n" for i in range(3000))
        proc.stdin.write(records.encode())  # pieces go out to the workers; stdin stays open
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = [c for c in _children(proc.pid) if _alive(c)]
        assert len(workers) >= 2, "the workers did not start"
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        survivors = [w for w in workers if _alive(w)]
        for w in survivors:  # do not leave them to the next test either
            os.kill(w, signal.SIGKILL)
        assert not survivors, f"workers outlived their parent: {survivors}"
    finally:
        if proc.poll() is None:
            proc.kill()


class _KillerLinker(Linker):
    """Ends its process (as an out-of-memory kill would) on an article that says KILLME."""

    def link(self, article, *args, **kwargs):
        if "KILLME" in article.text:
            os._exit(9)
        return super().link(article, *args, **kwargs)


def test_a_unit_that_kills_its_worker_is_a_failed_input(tmp_path: Path) -> None:
    lines = [f"第{i}条：贵州茅台股价大涨" for i in range(40)]
    lines[17] = "KILLME 光明乳业"
    (tmp_path / "in").mkdir()
    for i, line in enumerate(lines):
        (tmp_path / "in" / f"{i:03d}.txt").write_text(line, encoding="utf-8")
    killer = _KillerLinker(Linker.default().dictionary)
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    summary = batch.annotate([str(tmp_path / "in")], linker=killer, output=str(out), errors=str(errors),
                             workers=2, chunk_size=8, quiet=True, stderr=open(os.devnull, "w"))
    assert (summary.read, summary.ok, summary.failed) == (40, 39, 1)
    (failure,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert failure["path"].endswith("017.txt") and "worker process died" in failure["reason"]
    # everything else is what one process writes
    ref = tmp_path / "ref.jsonl"
    (tmp_path / "in" / "017.txt").unlink()
    batch.annotate([str(tmp_path / "in")], linker=Linker.default(), output=str(ref), quiet=True)
    assert out.read_bytes() == ref.read_bytes()
