"""One bad input never stops a run: each is a failed input, and every writer escapes what it
cannot encode instead of ending the run in a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from entitylink.cli import main

# What crawlers write when they cut an emoji in half: a lone surrogate escape.
POISON_ID = '{"id": "a\\ud800b", "text": 5}\n'
GOOD = '{"id": "ok", "text": "光明乳业发布公告"}\n'


def _run(*argv: str) -> int:
    return main(["annotate", "--quiet", *argv])


def test_poison_id_in_the_errors_file(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(POISON_ID + GOOD, encoding="utf-8")
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    assert _run(str(dump), "-o", str(out), "--errors", str(errors)) == 1
    (failure,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert failure["article_id"] == "a\ud800b" and failure["line"] == 1  # escaped, and read back as it was
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["article_id"] == "ok"
    assert _run(str(dump), "--errors", str(errors)) == 1  # to stdout: the same escapes


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes")
def test_file_name_that_is_not_utf8_with_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/\xff\xfe.jsonl"
    with open(name, "wb") as f:
        f.write((POISON_ID + GOOD).encode())
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    assert _run(str(folder), "-o", str(out), "--errors", str(errors)) == 1
    assert "\\xff\\xfe.jsonl" in json.loads(errors.read_text(encoding="utf-8"))["path"]
    assert _run(str(folder), "-o", str(out)) == 1  # the failure as a stderr line


def test_devices_as_output_and_errors_file(tmp_path: Path, capsys) -> None:
    """-o /dev/null is written as a stream (no journal beside it); a full disk for the
    errors file names the errors file, not OUT."""
    dump = tmp_path / "d.jsonl"
    dump.write_text(POISON_ID + GOOD, encoding="utf-8")
    assert _run(str(dump), "-o", os.devnull) == 1  # one input failed; the output was written
    assert not Path(os.devnull + ".entitylink-progress").exists()
    assert _run(str(dump), "-o", os.devnull, "--resume") == 2
    capsys.readouterr()
    code = _run(str(dump), "-o", str(tmp_path / "o.jsonl"), "--errors", "/dev/full")
    err = capsys.readouterr().err
    assert code != 0 and "/dev/full: cannot write" in err and "o.jsonl" not in err


def test_resume_after_a_finished_run_refuses(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert _run(str(dump), "-o", str(out)) == 0
    done = out.read_bytes()
    assert _run(str(dump), "-o", str(out), "--resume") == 2  # it would silently start over
    assert out.read_bytes() == done
