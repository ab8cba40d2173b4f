"""retag: Eastmoney-style spans around untagged mentions, checked by reading the output again."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import pytest

from entitylink.cli.retag import retag_command
from entitylink.link.linker import Linker
from entitylink.models import Document, Mention
from entitylink.read.article import read_article
from entitylink.read.eastmoney import span_markup
from entitylink.tools.retag import retag, retag_html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"
ARTICLE = EXAMPLES / "2022-06-14-202206142412147264.md"
# A publisher tag: the span with its inner anchor, and the empty quote span after it.
_TAG = re.compile(r'<span id="(?:stock|bk)_[^"]+"><a [^>]*>([^<]*)</a></span>(?:<span id="(?:bk)?quote_[^"]+"></span>)?')


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


def _untagged(m: Mention) -> bool:
    return m.method != "tag" and m.secid is not None


def _assert_round_trip(html: str, doc: Document, added, format: str = "auto", name: str = "x") -> None:
    again = read_article(html, name=name, format=format)
    assert again.text == doc.text
    tags = {(t.start, t.end): t.secid for t in again.tagged}
    for m in added:
        assert tags[(m.start, m.end)] == m.secid


def test_markup_for_stocks_indexes_and_boards() -> None:
    assert span_markup("1.600519", "stock") == (
        '<span id="stock_1.600519"><a href="http://quote.eastmoney.com/unify/r/1.600519" '
        'class="keytip" data-code="1,600519">',
        "</a></span>",
    )
    assert span_markup("1.000001", "index")[0].startswith('<span id="stock_1.000001">')
    assert span_markup("90.BK0477", "board")[0].startswith('<span id="bk_90.BK0477">')
    assert 'data-code="116,00700"' in span_markup("116.00700", "stock")[0]
    with pytest.raises(ValueError):
        span_markup('1.600519"><script>', "stock")


def test_example_article_untagged_then_retagged_gets_the_publisher_tags_back(linker: Linker) -> None:
    source = ARTICLE.read_text(encoding="utf-8")
    original = read_article(source, name=ARTICLE.name)
    stripped = _TAG.sub(r"\1", source)
    doc = linker.link(read_article(stripped, name=ARTICLE.name))
    assert doc.text == original.text and not any(m.method == "tag" for m in doc.mentions)

    result = retag(stripped, doc, name=ARTICLE.name)
    assert len(result.added) == sum(_untagged(m) for m in doc.mentions) - sum(result.skipped.values())
    _assert_round_trip(result.html, doc, result.added, name=ARTICLE.name)
    # Where the dictionary found a security the publisher had tagged, the new tag is the publisher's.
    added = {(m.start, m.end): m.secid for m in result.added}
    found_again = [t for t in original.tagged if (t.start, t.end) in added]
    assert any(t.surface == "光明乳业" for t in found_again)
    assert all(added[(t.start, t.end)] == t.secid for t in found_again)


def test_example_article_as_published_keeps_its_tags_and_is_not_double_tagged(linker: Linker) -> None:
    source = ARTICLE.read_text(encoding="utf-8")
    doc = linker.link(read_article(source, name=ARTICLE.name), ignore_tags=True)
    result = retag(source, doc, name=ARTICLE.name)
    # 光明乳业 was found by the dictionary but sits inside the publisher's tag.
    assert result.skipped["inside_tag"] >= 1
    assert "<span id=\"stock_1.600597\"><a" in result.html
    assert result.html.count('id="stock_1.600597"') == 1
    _assert_round_trip(result.html, doc, result.added, name=ARTICLE.name)


FRAGMENT = (
    "<p>买入<b>贵州</b>茅台与五粮液，<a href=\"/x\">泸州老窖</a>跌。</p>"
    "<!-- 山西汾酒 --><p>沪指&amp;深证成指</p>"
)


def test_hand_made_fragment_only_plain_runs_are_tagged(linker: Linker) -> None:
    doc = linker.link(read_article(FRAGMENT, format="html", article_id="frag"))
    by_surface = {m.surface: m for m in doc.mentions}
    assert {"贵州茅台", "五粮液", "泸州老窖", "沪指", "深证成指"} <= set(by_surface)
    assert "山西汾酒" not in doc.text  # a comment is not text

    result = retag(FRAGMENT, doc, format="html")
    assert {m.surface for m in result.added} == {"五粮液", "沪指", "深证成指"}
    assert result.skipped["not_verbatim"] == 1  # 贵州茅台 spans </b><b>... markup
    assert result.skipped["inside_tag"] == 1  # 泸州老窖 is already a link
    _assert_round_trip(result.html, doc, result.added, format="html")
    assert "&amp;" in result.html  # the entity between two new tags is kept
    assert retag_html(FRAGMENT, doc, format="html") == result.html


def test_plain_text_parts_are_left_alone(linker: Linker) -> None:
    # The summary line of a Jekyll post is plain text: markup there would be read as text.
    path = EXAMPLES / "new-energy-weekly.md"
    source = path.read_text(encoding="utf-8")
    doc = linker.link(read_article(source, name=path.name))
    result = retag(source, doc, name=path.name)
    summary_end = doc.text.index("\n")
    assert result.skipped["changes_text"] == sum(_untagged(m) for m in doc.mentions if m.end <= summary_end)
    assert all(m.start > summary_end for m in result.added) and result.added
    _assert_round_trip(result.html, doc, result.added, name=path.name)


def test_nothing_to_add_returns_the_source_unchanged() -> None:
    doc = Document(article_id="x", text="今日无事")
    assert retag_html("<p>今日无事</p>", doc) == "<p>今日无事</p>"


def test_mismatched_offsets_and_low_confidence_are_skipped() -> None:
    text = "买入贵州茅台"
    m = Mention(start=2, end=6, surface="贵州茅台", secid="1.600519", kind="stock", method="alias",
                confidence=0.6, source_start=0, source_end=4)
    doc = Document(article_id="x", text=text, mentions=(m,))
    assert retag("<p>买入贵州茅台</p>", doc).skipped["not_verbatim"] == 1
    assert retag("<p>买入贵州茅台</p>", doc, min_confidence=0.9).skipped["low_confidence"] == 1


def _args(paths, out, **kw) -> argparse.Namespace:
    return argparse.Namespace(paths=[str(p) for p in paths], output=str(out), ignore_tags=False,
                              unlinked=False, **kw)


def test_command_writes_each_input_and_accounts(linker: Linker, tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    shutil.copytree(EXAMPLES, src)
    dump = src / "briefs.jsonl"
    dump.write_text(dump.read_text(encoding="utf-8") + "{not json}\n", encoding="utf-8")
    out = tmp_path / "out"

    code = retag_command(_args([src], out), linker)
    err = capsys.readouterr().err
    assert code == 1  # the bad record
    assert f"{dump}:5: not JSON" in err
    counts = re.search(r"(\d+) read, (\d+) ok, (\d+) failed, (\d+) spans added", err)
    assert counts and counts.group(1, 2, 3) == ("8", "7", "1") and int(counts.group(4)) > 0
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in src.iterdir())

    lines = (out / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and lines[4] == "{not json}"
    for line, before in zip(lines[:4], dump.read_text(encoding="utf-8").splitlines()):
        rec, old = json.loads(line), json.loads(before)
        assert {k: v for k, v in rec.items() if k != "html"} == {k: v for k, v in old.items() if k != "html"}
        doc = linker.link(read_article(before, format="jsonl"))
        again = read_article(line, format="jsonl")
        assert again.text == doc.text
        tags = {(t.start, t.end): t.secid for t in again.tagged}
        if "html" in old:
            assert all(tags.get((m.start, m.end)) == m.secid for m in doc.mentions if m.secid)

    html = (out / "baijiu-rally.html").read_text(encoding="utf-8")
    assert html.count('id="stock_0.000858"') == 1 and html.count('id="stock_1.600519"') == 3


def test_command_refuses_to_overwrite_its_input(linker: Linker, tmp_path: Path, capsys) -> None:
    src = tmp_path / "a.html"
    src.write_text("<p>五粮液大涨</p>", encoding="utf-8")
    assert retag_command(_args([src], tmp_path), linker) == 1
    assert "overwrite the input" in capsys.readouterr().err
    assert src.read_text(encoding="utf-8") == "<p>五粮液大涨</p>"


def test_cli_entry_point(tmp_path: Path, capsys) -> None:
    from entitylink.cli import main

    src = tmp_path / "a.html"
    src.write_text("<p>五粮液大涨</p>", encoding="utf-8")
    assert main(["retag", str(src), "-o", str(tmp_path / "out")]) == 0
    assert "1 read, 1 ok, 0 failed, 1 spans added" in capsys.readouterr().err
    assert 'id="stock_0.000858"' in (tmp_path / "out" / "a.html").read_text(encoding="utf-8")


def test_docstring_examples() -> None:
    import doctest

    import entitylink.tools.retag as module

    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted and not failed


def test_command_fails_a_named_json_file_instead_of_corrupting_it(linker: Linker, tmp_path: Path, capsys) -> None:
    src = tmp_path / "arr.json"
    src.write_text(json.dumps([{"id": "a", "html": "<p>五粮液大涨</p>"}], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert retag_command(_args([src], out), linker) == 1
    err = capsys.readouterr().err
    assert "retag writes back only" in err and "1 read, 0 ok, 1 failed" in err
    assert not (out / "arr.json").exists()


def test_command_refuses_to_overwrite_another_named_input(linker: Linker, tmp_path: Path, capsys) -> None:
    a = tmp_path / "a.html"
    a.write_text("<p>五粮液大涨</p>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    b = tmp_path / "sub" / "a.html"
    b.write_text("<p>贵州茅台</p>", encoding="utf-8")
    assert retag_command(_args([a, b], tmp_path / "sub"), linker) == 1
    assert "overwrite the input" in capsys.readouterr().err
    assert b.read_text(encoding="utf-8") == "<p>贵州茅台</p>"


def test_dump_records_split_at_newline_only(linker: Linker, tmp_path: Path, capsys) -> None:
    recs = [{"id": "a", "html": "<p>五粮液\u2028大涨\u2029</p>"}, {"id": "b", "html": "<p>五粮液\u0085大涨</p>"}]
    dump = tmp_path / "d.jsonl"
    dump.write_text("\r\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\r\n", encoding="utf-8")
    out = tmp_path / "out"
    assert retag_command(_args([dump], out), linker) == 0
    assert "2 read, 2 ok, 0 failed" in capsys.readouterr().err
    text = (out / "d.jsonl").read_bytes().decode("utf-8")
    lines = text.split("\n")
    assert len(lines) == 3 and lines[2] == "" and all(ln.endswith("\r") for ln in lines[:2])
    for line, rec in zip(lines, recs):
        got = json.loads(line)
        assert got["id"] == rec["id"] and 'id="stock_0.000858"' in got["html"]
