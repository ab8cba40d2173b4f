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
from entitylink.batch.frames import annotate_frame
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


def _kill_parent_and_look_for_survivors(proc: subprocess.Popen) -> None:
    """Wait for two workers of ``proc``, SIGKILL it, and fail if a worker outlives it."""
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
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


def test_workers_die_when_the_parent_is_killed(tmp_path: Path) -> None:
    """SIGKILL to `annotate --workers 2` leaves no worker behind (they would hold stdout open)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "entitylink", "annotate", "--workers", "2", "--quiet", "-", "-o", str(tmp_path / "o.jsonl")],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    assert proc.stdin is not None
    records = "".join(json.dumps({"id": str(i), "text": "贵州茅台股价大涨"}) + "\n" for i in range(3000))
    proc.stdin.write(records.encode())  # pieces go out to the workers; stdin stays open
    proc.stdin.flush()
    _kill_parent_and_look_for_survivors(proc)


# A notebook's kernel linking a frame in two workers, slowly enough to be killed midway.
_FRAME_SCRIPT = """
import time
import pandas as pd
from entitylink.batch.frames import annotate_frame
from entitylink.link.linker import Linker

class SlowLinker(Linker):
    def link(self, *args, **kwargs):
        time.sleep(0.05)
        return super().link(*args, **kwargs)

df = pd.DataFrame({"html": ["贵州茅台股价大涨"] * 4000})
annotate_frame(df, linker=SlowLinker(Linker.default().dictionary), workers=2, progress=False)
"""


def test_annotate_frame_workers_die_when_the_parent_is_killed() -> None:
    """SIGKILL to a process in ``annotate_frame(..., workers=2)`` (a notebook's kernel) leaves no worker."""
    proc = subprocess.Popen([sys.executable, "-c", _FRAME_SCRIPT], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    _kill_parent_and_look_for_survivors(proc)


class _KillerLinker(Linker):
    """Ends its process (as an out-of-memory kill would) on an article that says KILLME;
    in the test's own process it refuses to link one instead (a unit retried here)."""

    def link(self, article, *args, **kwargs):
        if "KILLME" in article.text:
            if os.getpid() == _TEST_PROCESS:
                raise AssertionError("the unit that killed a worker was linked again in the main process")
            os._exit(9)
        return super().link(article, *args, **kwargs)


_TEST_PROCESS = os.getpid()


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


def test_a_row_that_kills_its_worker_is_an_error_row() -> None:
    """annotate_frame's workers: the row that kills one is an ``errors`` row, the worker replaced."""
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"html": [f"第{i}条：贵州茅台股价大涨" for i in range(40)]}, index=[f"r{i}" for i in range(40)])
    df.loc["r17", "html"] = "KILLME 光明乳业"
    killer = _KillerLinker(Linker.default().dictionary)
    result = annotate_frame(df, linker=killer, workers=2, progress=False)
    assert result.errors["row"].tolist() == ["r17"]
    assert result.errors["error"].tolist() == ["RuntimeError"]
    assert "worker process died" in result.errors["reason"].iloc[0]
    # every other row is what one process gives
    ref = annotate_frame(df.drop(index="r17"), linker=Linker.default(), progress=False)
    pd.testing.assert_frame_equal(result.mentions, ref.mentions)
    pd.testing.assert_frame_equal(result.entities, ref.entities)


def test_a_row_that_cannot_be_sent_to_a_worker_is_an_error_row() -> None:
    """A cell that does not pickle (a lock in an object column) is that row's ``errors`` row with
    ``workers=2`` as with one process, never an exception out of annotate_frame."""
    pd = pytest.importorskip("pandas")
    import threading

    df = pd.DataFrame({"html": ["<p>贵州茅台涨停</p>", threading.Lock(), "<p>光明乳业</p>"]})
    result = annotate_frame(df, workers=2, progress=False)
    assert result.errors["row"].tolist() == [1]
    assert "could not be sent to a worker" in result.errors["reason"].iloc[0]
    ref = annotate_frame(df.drop(index=1), progress=False)
    pd.testing.assert_frame_equal(result.mentions, ref.mentions)
