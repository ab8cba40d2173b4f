"""Poison inputs on the read side never stop a run: each becomes that input's failed-input
record (or reads right), and the inputs around it are linked."""

from __future__ import annotations

import gzip
import io
import json
import time
from pathlib import Path

import pytest

import entitylink as el
from entitylink.cli import main
from entitylink.errors import ArticleFormatError
from entitylink.read import InputFailure, read_paths
from entitylink.read.article import article_from_record, read_article
from entitylink.read.files import MAX_BYTES, decompressed_limit, stdin_tasks
from entitylink.read.sources import iter_tasks

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


# -- gzip of blank lines, gzip bombs: a decompressed budget per input -------------------


def _gz(path: Path, data: bytes) -> Path:
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(data)
    return path


def test_gz_over_the_decompressed_budget_fails_after_its_records(tmp_path: Path) -> None:
    bomb = _gz(tmp_path / "bomb.jsonl.gz", GOOD.encode() + b"\n" * 3_000_000 + GOOD.encode())
    after = tmp_path / "z.jsonl"
    after.write_text(GOOD, encoding="utf-8")
    code, records, failures = _annotate(tmp_path, str(bomb), str(after), "--max-decompressed-bytes", "1000000")
    assert code == 1
    assert [r["path"] for r in records] == [str(bomb), str(after)]  # the record before the overrun is linked
    (failure,) = failures
    assert failure["path"] == str(bomb) and failure["error"] == "InputError"
    assert failure["reason"] == ("too large: more than 1000000 bytes decompressed (limit --max-decompressed-bytes)")


def test_gzipped_stdin_over_the_budget(tmp_path: Path, monkeypatch) -> None:
    data = gzip.compress(b"\n" * 2_000_000 + GOOD.encode())
    code, records, failures = _annotate(tmp_path, "-", "--max-decompressed-bytes", "100000", stdin=data,
                                        monkeypatch=monkeypatch)
    assert code == 1 and records == []
    assert "bytes decompressed" in failures[0]["reason"]


def test_default_budget_is_20_times_max_bytes() -> None:
    assert decompressed_limit(MAX_BYTES) == 20 * MAX_BYTES
    assert decompressed_limit(10, 0) == 0  # no limit


def test_blank_lines_are_skipped_fast_and_numbered(tmp_path: Path) -> None:
    blank = b"\n" * 20_000_000 + b" \r\n\t\n"
    dump = _gz(tmp_path / "b.jsonl.gz", GOOD.encode() + blank + GOOD.encode() + blank)
    t = time.perf_counter()
    items = list(read_paths(str(dump)))
    took = time.perf_counter() - t
    assert [type(x).__name__ for x in items] == ["Article", "Article"]
    tasks = list(iter_tasks([str(dump)]))
    assert [t.line for t in tasks] == [1, 20_000_000 + 3 + 1]
    assert took < 10  # line by line: about a minute


def test_blank_lines_on_stdin_keep_the_article_bytes() -> None:
    data = b"\n" * 100_000 + "贵州茅台大涨\n".encode() + b"\n" * 5
    (task,) = stdin_tasks(io.BytesIO(data), None, MAX_BYTES)
    assert task.kind == "bytes" and task.data == data  # offsets into the source stay right
    dump = b"\n" * 100_000 + GOOD.encode() + b"\n" * 100_000 + GOOD.encode()
    assert [t.line for t in stdin_tasks(io.BytesIO(dump), None, MAX_BYTES)] == [100_001, 200_002]


def test_negative_budget_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["annotate", "--quiet", "--max-decompressed-bytes", "-1", str(tmp_path)]) == 2


# -- a publisher tag inside Eastmoney's boilerplate (the 文章来源 line) --------------------

SOURCE_LINE_TAG = ('<p>正文</p><p class="em_media">（文章来源：<span id="stock_1.600519">'
                   '<a class="keytip">贵州茅台</a></span>）</p><p>后文</p>')


def test_tag_in_the_source_line_comes_back_flagged() -> None:
    a = read_article(SOURCE_LINE_TAG, article_id="x")
    (tag,) = a.tagged
    assert (tag.surface, tag.secid, tag.flags) == ("贵州茅台", "1.600519", ("in_boilerplate",))
    assert a.text[tag.start:tag.end] == "贵州茅台"
    assert SOURCE_LINE_TAG[tag.source_start:tag.source_end] == "贵州茅台"
    assert a.text == "正文\n（文章来源：贵州茅台）\n后文"  # the line is kept for its tag
    doc = el.extract(SOURCE_LINE_TAG)
    assert [(m.secid, m.method, m.flags) for m in doc.mentions] == [("1.600519", "tag", ("in_boilerplate",))]


def test_source_line_without_a_tag_is_still_dropped() -> None:
    assert read_article('<p>正文</p><p class="em_media">（文章来源：财联社）</p>', article_id="x").text == "正文"
    kaihu = "<p>正文</p><p>　　在东方财富看资讯行情，选东方财富证券一站式开户交易&gt;&gt;</p>"
    assert read_article(kaihu, article_id="x").text == "正文"


def test_tag_in_the_kaihu_paragraph_comes_back() -> None:
    page = ('<p>正文</p><p>　　在东方财富看资讯行情，选<span id="stock_0.300059">东方财富</span>'
            '证券一站式开户交易&gt;&gt;</p>')
    (tag,) = read_article(page, article_id="x").tagged
    assert (tag.surface, tag.secid, tag.flags) == ("东方财富", "0.300059", ("in_boilerplate",))


def test_every_tag_of_a_page_comes_back() -> None:
    """Every element of the source that is a publisher tag is in ``tagged`` (a hidden one aside)."""
    from entitylink.read.eastmoney import is_tag_element
    from entitylink.read.html import html_to_text

    for page in (SOURCE_LINE_TAG, SOURCE_LINE_TAG.replace("<p>后文</p>", "<p>又见<span id=\"bk_90.BK0922\">板块</span></p>")):
        markup = [e for e in html_to_text(page).elements if is_tag_element(e) and e.tag == "span"]
        assert len(read_article(page, article_id="x").tagged) == len(markup)


# -- invisible characters inside a name: dropped from the text, skipped by the map -------------


@pytest.mark.parametrize("ch", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "&#8203;", "&zwj;"])
@pytest.mark.parametrize("wrap", ["<p>{}</p>", "{}", '{{"id": "r", "text": "{}"}}'])
def test_invisible_char_inside_a_name_links_with_source_offsets(ch: str, wrap: str) -> None:
    if "&" in ch and "<p>" not in wrap:
        pytest.skip("entities are markup")
    source = wrap.format(f"贵州{ch}茅台股价大涨")
    doc = el.extract(source)
    (m,) = [m for m in doc.mentions if m.secid == "1.600519"]
    assert m.surface == doc.text[m.start:m.end] == "贵州茅台"
    body = json.loads(source)["text"] if source.startswith("{") else source  # a record's offsets: its body
    assert body[m.source_start:m.source_end] == f"贵州{ch}茅台"


def test_the_issue_example() -> None:
    doc = el.extract("<p>贵州\u200b茅台股价大涨</p>")
    (m,) = doc.mentions
    assert (m.secid, m.source_start, m.source_end) == ("1.600519", 3, 8)
    assert "\u200b" not in doc.text


def test_offsets_stay_exact_around_invisible_chars() -> None:
    source = "<p>\u200b 光明\u200d乳业 \u2060</p><p>\ufeff涨停\u200b</p>"
    a = read_article(source, article_id="x")
    assert a.text == "光明乳业\n涨停"
    for i, ch in enumerate(a.text):
        if a.offsets.is_verbatim(i):
            assert source[a.offsets.to_source(i)] == ch
