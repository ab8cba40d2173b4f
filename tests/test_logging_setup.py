"""Only ``cli/`` sets up logging, quiets jieba or writes to the process's stderr; the
library takes what the application wants done in its worker processes as a callable."""

from __future__ import annotations

import argparse
import ast
import functools
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from entitylink.batch import run as batch
from entitylink.batch.pool import Processor, pool_results
from entitylink.cli.annotate import batch_options
from entitylink.cli.logs import quiet_worker
from entitylink.link.linker import Linker

PACKAGE = Path(__file__).resolve().parents[1] / "entitylink"
# What configures logging or writes to the process's stderr (NullHandler on our own logger aside).
_FORBIDDEN = {"setLevel", "basicConfig", "default_logger", "setLogLevel"}


def test_only_cli_knows_logging_setup_and_stderr() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (node.attr in _FORBIDDEN or (
                    node.attr == "stderr" and isinstance(node.value, ast.Name) and node.value.id == "sys")):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: .{node.attr}")
    assert not found, "\n".join(found)


def _mark(path: str) -> None:
    Path(path, str(os.getpid())).touch()


def _pid(unit, linker):
    return os.getpid()


def test_the_worker_setup_runs_in_every_worker(tmp_path: Path) -> None:
    processor = Processor(None, {}, _pid, setup=functools.partial(_mark, str(tmp_path)))
    pieces = iter([[i] for i in range(8)])
    pids = {pid for _, outcomes in pool_results(pieces, processor, 2, print, lambda u, e: None) for pid in outcomes}
    assert pids and {int(p.name) for p in tmp_path.iterdir()} >= pids and os.getpid() not in pids


def test_the_cli_passes_its_worker_setup() -> None:
    args = argparse.Namespace(output=None, format=None, level="mention", glob=None, encoding=None,
                              ignore_tags=False, unlinked=False, workers=2, errors=None, resume=False, quiet=True)
    assert batch_options(args).worker_setup is quiet_worker
    assert "worker_setup" not in batch_options(args).unit_options()  # not part of a resumed run's fingerprint


def test_a_library_run_logs_instead_of_writing_to_stderr(tmp_path: Path, capfd, caplog) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="entitylink.batch.run"):
        summary = batch.annotate([str(tmp_path / "bad.txt")], linker=Linker.default(), stdout=io.BytesIO())
    assert summary.failed == 1
    assert capfd.readouterr().err == ""
    assert any("bad.txt" in r.getMessage() for r in caplog.records)



_JIEBA_LOGS = """
import sys
from entitylink.cli.logs import {setup}
{setup}({arg})
assert "jieba" not in sys.modules, "jieba imported to quiet it"
import jieba
jieba.default_logger.debug("DEBUG-LINE")
jieba.default_logger.warning("WARNING-LINE")
"""


@pytest.mark.parametrize(("setup", "arg", "shown"), [
    ("setup_logging", "0", ["WARNING-LINE"]),
    ("setup_logging", "2", ["DEBUG-LINE", "WARNING-LINE"]),
    ("quiet_worker", "", ["WARNING-LINE"]),
])
def test_jieba_is_quieted_without_importing_it(setup: str, arg: str, shown: list[str]) -> None:
    """jieba's import sets its logger to DEBUG with a handler of its own; the filter set before
    the import still holds after it, at the level asked (-vv lets its debug lines through)."""
    r = subprocess.run([sys.executable, "-c", _JIEBA_LOGS.format(setup=setup, arg=arg)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert [w for w in ("DEBUG-LINE", "WARNING-LINE") if w in r.stderr] == shown
