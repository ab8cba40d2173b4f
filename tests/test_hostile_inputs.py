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


def test_poison_id_in_the_errors_file_and_on_resume(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(POISON_ID + GOOD, encoding="utf-8")
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    assert _run(str(dump), "-o", str(out), "--errors", str(errors)) == 1
    (failure,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert failure["article_id"] == "a\ud800b" and failure["line"] == 1  # escaped, and read back as it was
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["article_id"] == "ok"
    first = out.read_bytes()
    assert _run(str(dump), "-o", str(out), "--errors", str(errors), "--resume") == 1
    assert out.read_bytes() == first


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
    assert _run(str(folder), "-o", str(out), "--errors", str(errors), "--resume") == 1
