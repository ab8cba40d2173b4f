"""tags: every publisher tag shape, and every tag of the real corpus."""

from __future__ import annotations

from collections import Counter

import pytest
import regex

from entitylink.read import read_file
from entitylink.read.html import html_to_text
from entitylink.markets import secid_from_old_id
from entitylink.read.eastmoney import find_tags


def tags_of(src: str):
    tags, warnings = find_tags(html_to_text(src))
    return tags, warnings


def summary(tags):
    return [(t.surface, t.secid, t.kind) for t in tags]


def test_new_keytip_spans_and_repeat_mentions(fixtures_dir):
    src = (fixtures_dir / "articles" / "keytip_new.html").read_text(encoding="utf-8")
    r = html_to_text(src)
    tags, warnings = find_tags(r)
    assert summary(tags) == [
        ("格力电器", "0.000651", "stock"),
        ("家电行业", "90.BK0456", "board"),
        ("格力电器", "0.000651", "stock"),
    ]
    assert warnings == ()
    assert [t.raw for t in tags] == ["stock_0.000651", "bk_90.BK0456", "0,000651"]
    for t in tags:
        assert r.text[t.start : t.end] == t.surface
        assert src[t.source_start : t.source_end] == t.surface
    assert tags[1].exchange == "EM" and tags[1].market == 90 and tags[1].code == "BK0456"


def test_old_r_href_bare_data_code_and_glossary(fixtures_dir):
    src = (fixtures_dir / "articles" / "keytip_old_r.html").read_text(encoding="utf-8")
    tags, _ = tags_of(src)
    assert summary(tags) == [("美的集团", "0.000333", "stock"), ("美的集团", "0.000333", "stock")]
    assert all(t.flags == () for t in tags)  # the /r/ href confirms the bare data-code's market


def test_old_markup_id_with_market_digit(fixtures_dir):
    src = (fixtures_dir / "articles" / "old_markup.html").read_text(encoding="utf-8")
    (tag,), _ = tags_of(src)
    assert (tag.surface, tag.secid, tag.raw) == ("浦发银行", "1.600000", "stock_6000001")
    assert "old_markup" in tag.flags and not any(f.startswith("conflict") for f in tag.flags)


def test_mobile_copy_without_data_code(fixtures_dir):
    src = (fixtures_dir / "articles" / "mobile.sql-escaped.txt").read_text(encoding="utf-8")
    (tag,), _ = tags_of(src)
    assert (tag.surface, tag.secid, tag.exchange) == ("腾讯控股", "116.00700", "HK")


def test_malformed_keytip(fixtures_dir):
    src = (fixtures_dir / "articles" / "malformed.html").read_text(encoding="utf-8")
    (tag,), _ = tags_of(src)
    assert (tag.surface, tag.secid) == ("贵州茅台", "1.600519")


@pytest.mark.parametrize(
    "src, expected",
    [
        ('<a class="keytip" data-code="002353">杰瑞股份</a>', ("杰瑞股份", "0.002353", ("market_inferred",))),
        ('<a href="http://quote.eastmoney.com/SZ300104.html">乐视网</a>', ("乐视网", "0.300104", ())),
        ('<a href="https://wap.eastmoney.com/quota/stock/index/300104">乐视网</a>',
         ("乐视网", "0.300104", ("market_inferred",))),
        ('<a href="http://quote.eastmoney.com/unify/r/1.000001">上证指数</a>', ("上证指数", "1.000001", ())),
        ('<span id="stock_1.600597" data-code="0,000001"> 光明 </span>', ("光明", "1.600597", ("conflict:0.000001",))),
    ],
)
def test_single_shapes(src, expected):
    (tag,), _ = tags_of(src)
    assert (tag.surface, tag.secid, tag.flags) == expected


def test_index_kind():
    (tag,), _ = tags_of('<a href="http://quote.eastmoney.com/unify/r/1.000001">上证指数</a>')
    assert tag.kind == "index"


def test_unresolved_tag_is_kept_with_reason():
    (tag,), _ = tags_of('<a class="keytip" href="http://quote.eastmoney.com/unify/r/999.XYZ">某证券</a>')
    assert tag.secid is None and tag.surface == "某证券"
    assert any(f.startswith("no_secid") for f in tag.flags)
    (tag,), _ = tags_of('<span id="stock_abc"><a class="keytip">某公司</a></span>')
    assert tag.secid is None and tag.flags == ("no_secid:the tag names no code",)


def test_not_tags():
    src = (
        '<a href="http://data.eastmoney.com/x.html">数据</a><a href="http://finance.eastmoney.com/a/1.html">新闻</a>'
        '<span href="http://baike.eastmoney.com/item/文化" class="em_stock_key_common">文化</span>'
        '<span id="quote_1.600597"></span><span id="bkquote_90.BK0922"></span>'
    )
    assert tags_of(src) == ((), ())


def test_empty_tag_is_reported():
    tags, warnings = tags_of('<span id="stock_1.600597"><a class="keytip"></a></span>')
    assert tags == () and warnings == ("empty tag stock_1.600597 at source offset 0",)


def test_adjacent_tags_stay_separate():
    src = (
        '<span id="stock_1.601881"><a class="keytip" data-code="1,601881">中国银河</a ></span>'
        '<span id="quote_1.601881"></span>'
        '<span id="bk_90.BK0473"><a class="keytip" data-code="90,BK0473">证券</a ></span>'
    )
    tags, _ = tags_of(src)
    assert [(t.surface, t.start, t.end, t.secid) for t in tags] == [
        ("中国银河", 0, 4, "1.601881"),
        ("证券", 4, 6, "90.BK0473"),
    ]


# --- the real corpus: every tag, checked against an independent count of the raw files ---

_Q = r'\\?"'
_SPAN_TAG = regex.compile(
    rf"<span[^>]*?\bid={_Q}(?:stock|bk)_([^\"\\]+){_Q}[^>]*>\s*(?:<a\b[^>]*>)?([^<]*)</"
)
_COMMON = regex.compile(rf"<(?:span|a)\b[^>]*\bclass={_Q}em_stock_key_common{_Q}[^>]*>([^<]*)</")
_DATA_CODE = regex.compile(rf"data-code={_Q}(\d+),(\w+){_Q}")
_HREF_R = regex.compile(r"/r/(\d+\.\w+)")


def expected_tags(raw: str) -> Counter:
    out: Counter = Counter()
    for m in _SPAN_TAG.finditer(raw):
        ident = m.group(1)
        out[(ident if "." in ident else secid_from_old_id(ident), m.group(2))] += 1
    for m in _COMMON.finditer(raw):
        tag = m.group(0)
        if "baike.eastmoney.com" in tag:
            continue
        dc, href = _DATA_CODE.search(tag), _HREF_R.search(tag)
        if dc or href:
            out[(f"{dc.group(1)}.{dc.group(2)}" if dc else href.group(1), m.group(1))] += 1
    return out


def corpus_files(corpus_dir):
    return sorted((corpus_dir / "finews").glob("*.md")) + sorted((corpus_dir / "variants").iterdir())


def test_every_corpus_tag_comes_back(corpus_dir):
    total = 0
    for path in corpus_files(corpus_dir):
        raw = path.read_text(encoding="utf-8")
        (article,) = read_file(path)
        got = Counter((t.secid, t.surface) for t in article.tagged)
        assert got == expected_tags(raw), path.name
        total += sum(got.values())
        for t in article.tagged:
            assert article.text[t.start : t.end] == t.surface
            assert raw[t.source_start : t.source_end] == t.surface
    assert total == 3 + 1 + 3 + 1 + 1 + 1 + 29


def test_finews_tagged_post(corpus_dir):
    path = corpus_dir / "finews" / "2022-06-14-202206142412147264.md"
    (a,) = read_file(path)
    assert [(t.surface, t.secid, t.kind) for t in a.tagged] == [
        ("数据中心", "90.BK0922", "board"),
        ("光明乳业", "1.600597", "stock"),
        ("新材料", "90.BK0523", "board"),
    ]
    assert a.text[a.tagged[0].start - 2 : a.tagged[0].end] == "零碳数据中心"
    assert a.text[a.tagged[2].start - 2 : a.tagged[2].end] == "华谊新材料"


def test_variant_special_cases(corpus_dir):
    variants = corpus_dir / "variants"
    for name in (
        "unidentified-sql-repo__ms_news.sql__row22_paragraph.html",
        "unidentified-sql-repo__ms_news.sql__row22_paragraph.sql-escaped.txt",
    ):
        (a,) = read_file(variants / name)
        assert [(t.surface, t.secid) for t in a.tagged] == [("上海复旦", "116.01385")]
        t = a.tagged[0]
        assert a.text[t.start : t.end + 2] == "上海复旦大学"
    (a,) = read_file(variants / "unidentified-py2-repo__HtmlUtil__content-2016.html")
    assert [(t.surface, t.secid) for t in a.tagged] == [("乐视网", "0.300104")]
    (a,) = read_file(variants / "unidentified-swift-repo__HomeViewController.swift__getNewsContent.html")
    kinds = Counter(t.kind for t in a.tagged)
    assert kinds == {"stock": 12, "board": 17}
    assert ("机器人", "0.300024") in [(t.surface, t.secid) for t in a.tagged]


def test_review_findings_quote_pages_and_unclosed_anchors():
    """Quote pages under a market folder keep their market; an <a> closes an unclosed <a>."""
    from entitylink.read.article import read_article

    def tags(html):
        return [(t.surface, t.secid) for t in read_article(html, article_id="x").tagged]

    assert tags('<p>买<a class="keytip" href="http://quote.eastmoney.com/hk/00700.html">腾讯控股</a></p>') == [
        ("腾讯控股", "116.00700")]
    assert tags('<p><a class="keytip" href="http://quote.eastmoney.com/bk/90.BK0818.html">锂矿</a></p>') == [
        ("锂矿", "90.BK0818")]
    assert tags('<p><a class="keytip" href="http://quote.eastmoney.com/shanghai.html">上海</a></p>') == [
        ("上海", None)]
    two = tags('<p><a class="keytip" data-code="0,000001">平安银行和<a class="keytip" data-code="1,600597">光明乳业</a></p>')
    assert [secid for _, secid in two] == ["0.000001", "1.600597"]
