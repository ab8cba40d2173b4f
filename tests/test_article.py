"""article: Jekyll posts (three crawler formats), HTML, text and JSONL records."""

from __future__ import annotations

import datetime as dt

import pytest
import regex

from entitylink.read import InputFailure, read_article, read_file
from entitylink.errors import ArticleFormatError, DecodeError, InputError, UsageError

BEIJING = dt.timezone(dt.timedelta(hours=8))
_TAG = regex.compile(r"<[A-Za-z/!]")


def one(path):
    (article,) = read_file(path)
    return article


def test_jekyll_format_1_no_zone_two_line_footer(fixtures_dir):
    a = one(fixtures_dir / "articles" / "post_v1.md")
    assert a.title == "某公司发布“新品”！"
    assert a.date == dt.datetime(2021, 12, 8, 9, 30, tzinfo=BEIJING)
    assert any("no time zone" in w for w in a.warnings)
    assert a.text == "某公司(01797.HK)今日发布新品。"
    assert a.url == "http://finance.eastmoney.com/news/1354,202112080000000001.html"
    assert a.article_id == "202112080000000001"
    assert (a.categories, a.labels) == (("emnews",), ("东财滚动新闻",))


def test_jekyll_format_2_one_line_footer(fixtures_dir):
    a = one(fixtures_dir / "articles" / "post_v2.md")
    assert a.date == dt.datetime(2021, 12, 8, 16, 0, tzinfo=BEIJING)
    assert a.text == "央行表示，将保持流动性合理充裕。"
    assert a.warnings == ()


def test_jekyll_format_3_summary_and_html_body(fixtures_dir):
    path = fixtures_dir / "articles" / "post_v3.md"
    source = path.read_text(encoding="utf-8")
    a = one(path)
    assert a.title == '家电板块走强 "格力电器"领涨'
    assert a.text == (
        "家电板块今日走强，格力电器领涨。（测试社）\n家电板块今日走强，格力电器领涨。\n零售商业百货跟涨。"
    )
    assert [(t.surface, t.secid) for t in a.tagged] == [("格力电器", "0.000651"), ("商业百货", "90.BK0482")]
    for t in a.tagged:
        assert source[t.source_start : t.source_end] == t.surface
    # offsets point into the .md file: the summary starts after "> "
    assert a.offsets.to_source(0) == source.index("> 家电") + 2


def test_post_with_empty_title_and_date_and_dash_name(fixtures_dir):
    a = one(fixtures_dir / "articles" / "-202201010000000004.md")
    assert a.title is None and a.date is None
    assert a.article_id == "202201010000000004"
    assert a.text == "无日期的快讯。\n无日期的快讯。"


def test_yaml_double_quoted_title_escapes():
    a = read_article('---\ntitle: "a\\"b\\u4e2d\\\\c"\n---\nx', article_id="t")
    assert a.title == 'a"b中\\c'


def test_front_matter_without_closing_line_is_kept_with_warning():
    a = read_article("---\ntitle: 标题\ndate: 2022-01-01 10:00:00 +0800\n正文一行。\n", name="p.md")
    assert a.title == "标题" and a.text == "正文一行。"
    assert any("no closing ---" in w for w in a.warnings)


def test_front_matter_only_dashes_is_an_error():
    with pytest.raises(ArticleFormatError, match="neither front matter nor text"):
        read_article("---\n\n", name="bad.md")


def test_empty_source_url_line():
    a = read_article("---\ntitle: t\n---\n\n正文。\n\n<>\n", name="x.md")
    assert a.url is None and a.text == "正文。"


def test_html_page(fixtures_dir):
    a = one(fixtures_dir / "articles" / "boilerplate.html")
    assert a.title == "测试页"
    assert a.article_id == "boilerplate"
    assert "文章来源" not in a.text and "开户" not in a.text and "妙想" not in a.text


def test_escaped_txt_is_read_as_html(fixtures_dir):
    a = one(fixtures_dir / "articles" / "mobile.sql-escaped.txt")
    assert a.text == "据悉，腾讯控股发布季报。"
    assert [t.secid for t in a.tagged] == ["116.00700"]


def test_plain_text_and_bytes():
    a = read_article("光明乳业涨停。\n\n下一段。".encode("gb18030"), name="n.txt")
    assert a.text == "光明乳业涨停。\n下一段。" and a.tagged == ()


def test_errors_name_the_input(tmp_path):
    with pytest.raises(InputError, match="empty input"):
        read_article("  \n", name="e.md")
    with pytest.raises(DecodeError, match="bin.md"):
        read_article(b"\x00\x01", name="bin.md")
    with pytest.raises(UsageError):
        read_article("x", format="pdf")
    with pytest.raises(InputError, match="cannot read"):
        read_file(tmp_path / "missing.md")


def test_jsonl_stream_reports_bad_records(fixtures_dir):
    path = fixtures_dir / "articles" / "dump.jsonl"
    items = list(read_file(path))
    good = [x for x in items if not isinstance(x, InputFailure)]
    bad = [x for x in items if isinstance(x, InputFailure) and x.error == "ArticleFormatError"]
    assert [a.article_id for a in good] == ["r1", "r2", "6"]
    assert [(e.line, e.reason.split(":")[0]) for e in bad] == [
        (3, "record has no id"),
        (4, "not JSON"),
        (5, "record r5 has no html, content or text"),
    ]
    assert all(str(e).startswith(f"{path}:") for e in bad)
    r1 = good[0]
    assert r1.title == "一" and r1.url.endswith("1.html") and r1.date.utcoffset() == dt.timedelta(hours=8)
    assert [(t.surface, t.secid) for t in r1.tagged] == [("贵州茅台", "1.600519")]


def test_single_jsonl_record_via_read_article():
    a = read_article('{"id": "a", "text": "文本"}')
    assert (a.article_id, a.text) == ("a", "文本")
    with pytest.raises(ArticleFormatError, match="no id"):
        read_article('{"text": "文本"}', name="d.jsonl")


def test_every_corpus_file(corpus_dir):
    files = sorted((corpus_dir / "finews").glob("*.md")) + sorted((corpus_dir / "variants").iterdir())
    assert len(files) == 113
    for path in files:
        a = one(path)
        assert a.text and not _TAG.search(a.text), path.name
        assert "返回" not in a.text and "http" not in a.text and "文章来源" not in a.text, path.name
        if path.suffix == ".md":
            assert a.article_id in path.name and a.title and a.date is not None
            assert a.date.utcoffset() == dt.timedelta(hours=8)
            if a.url:
                assert a.url.endswith(f",{a.article_id}.html")
            else:
                assert "the source URL line is empty (<>)" in a.warnings


def test_review_findings_on_records_and_front_matter(tmp_path):
    """A blank html field falls through to content; JSON lines split at \\n only; an
    impossible zone offset is a warning, not a crash; YAML lists and comments stay
    in the front matter."""
    import json

    from entitylink.read import read_article, read_file

    assert read_article('{"id":"a","html":"","content":"光明乳业"}').text == "光明乳业"
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "a", "content": "光明乳业\u2028公告"}, ensure_ascii=False) + "\n"
                    + '{"id":"b","content":"x","date":"2021-12-08 10:00 +2400"}\n', encoding="utf-8")
    items = list(read_file(dump))
    assert [i.article_id for i in items] == ["a", "b"]
    assert items[1].date is None and items[1].warnings
    post = read_article("---\n# note\ntitle: x\ncategories:\n  - emnews\n  - 财经\n---\n光明乳业涨停", name="p.md")
    assert (post.title, post.categories, post.text, post.warnings) == ("x", ("emnews", "财经"), "光明乳业涨停", ())
