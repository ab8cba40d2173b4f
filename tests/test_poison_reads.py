"""Poison inputs on the read side never stop a run: each becomes that input's failed-input
record (or reads right), and the inputs around it are linked."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from entitylink.cli import main
from entitylink.errors import ArticleFormatError
from entitylink.read import InputFailure, read_paths
from entitylink.read.article import article_from_record

GOOD = '{"id": "ok", "text": "贵州茅台大涨"}\n'
DEEP = "[" * 100000
DEEP_RECORD = '{"id": "deep", "text": ' + DEEP + "}\n"


def _annotate(tmp_path: Path, *argv: str, stdin: bytes | None = None, monkeypatch=None):
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(["annotate", "--quiet", *argv, "-o", str(out), "--errors", str(errors)])
    records = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    failures = [json.loads(ln) for ln in errors.read_text(encoding="utf-8").splitlines()]
    return code, records, failures


# -- JSON nested too deeply: RecursionError in the main process ---------------------------


def test_deep_json_file_is_a_failed_input_and_the_run_goes_on(tmp_path: Path) -> None:
    good, deep = tmp_path / "a.jsonl", tmp_path / "b.json"
    good.write_text(GOOD, encoding="utf-8")
    deep.write_text(DEEP, encoding="utf-8")
    after = tmp_path / "c.jsonl"
    after.write_text(GOOD, encoding="utf-8")
    code, records, failures = _annotate(tmp_path, str(good), str(deep), str(after))
    assert code == 1
    assert [r["path"] for r in records] == [str(good), str(after)]
    assert [(f["path"], f["reason"]) for f in failures] == [(str(deep), "JSON nested too deeply")]


def test_deep_record_inside_a_json_list(tmp_path: Path) -> None:
    deep = tmp_path / "b.json"
    deep.write_text("[" + GOOD.strip() + "," + DEEP_RECORD.strip() + "]", encoding="utf-8")
    items = list(read_paths(str(deep)))
    assert isinstance(items[-1], InputFailure) and items[-1].reason == "JSON nested too deeply"


def test_deep_first_line_on_stdin_is_that_record_failure(tmp_path: Path, monkeypatch) -> None:
    code, records, failures = _annotate(tmp_path, "-", stdin=(DEEP_RECORD + GOOD).encode(), monkeypatch=monkeypatch)
    assert code == 1
    assert [r["article_id"] for r in records] == ["ok"]
    assert [(f["line"], f["error"], f["reason"]) for f in failures] == [
        (1, "ArticleFormatError", "JSON nested too deeply")]


def test_deep_record_in_a_dump_with_workers(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(GOOD + DEEP_RECORD + GOOD, encoding="utf-8")
    code, records, failures = _annotate(tmp_path, str(dump), "--workers", "2")
    assert code == 1 and len(records) == 2
    assert [(f["line"], f["reason"]) for f in failures] == [(2, "JSON nested too deeply")]


def test_article_from_record_too_deep() -> None:
    with pytest.raises(ArticleFormatError, match=r"^d\.jsonl:3: JSON nested too deeply$"):
        article_from_record(DEEP_RECORD, "d.jsonl", 3)
