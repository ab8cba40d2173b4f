"""htmltext: the text rules, the offset map and tolerance of malformed markup."""

from __future__ import annotations

import pytest
from checks import check_offsets

from entitylink.read.html import OffsetMap, html_to_text, join_results, plain_to_text


def test_paragraphs_entities_and_indents():
    src = "<div><p>　　白酒&emsp;板块&gt;&gt;反弹</p><p>x &amp; y</p></div>"
    r = html_to_text(src)
    assert r.text == "白酒\u2003板块>>反弹\nx & y"
    check_offsets(src, r)


def test_entity_maps_to_whole_entity():
    src = "<p>A&gt;B</p>"
    r = html_to_text(src)
    assert r.text == "A>B"
    assert r.offsets.span_to_source(1, 2) == (4, 8)
    assert r.offsets.span_to_source(0, 3) == (3, 9)
    assert not r.offsets.is_verbatim(1)


def test_unknown_entity_kept_literally():
    assert html_to_text("<p>a &unknownentity; b</p>").text == "a &unknownentity; b"


def test_whitespace_collapses_and_paragraphs_strip():
    src = "<p>  a \n\t b  </p>\n\n<p>　</p><br><br><p>\u2003c\u3000d\u3000</p>"
    r = html_to_text(src)
    assert r.text == "a b\nc\u3000d"
    check_offsets(src, r)


def test_table_cells_are_tab_separated():
    r = html_to_text("<table><tr><th>代码</th><th>简称</th></tr><tr><td>000651</td><td>格力</td></tr></table>")
    assert r.text == "代码\t简称\n000651\t格力"


def test_boilerplate_is_dropped(fixtures_dir):
    src = (fixtures_dir / "articles" / "boilerplate.html").read_text(encoding="utf-8")
    r = html_to_text(src)
    assert r.text == "正文第一段。\n代码\t简称\n000651\t格力电器"
    assert r.title == "测试页"
    check_offsets(src, r)
    assert all(e.start <= e.end <= len(r.text) for e in r.elements)


def test_boilerplate_paragraph_drop_keeps_element_offsets():
    src = "<p>在东方财富看资讯行情，选东方财富证券一站式开户交易&gt;&gt;</p><p>买入<b>茅台</b></p>"
    r = html_to_text(src)
    assert r.text == "买入茅台"
    b = next(e for e in r.elements if e.tag == "b")
    assert r.text[b.start : b.end] == "茅台"


def test_malformed_markup(fixtures_dir):
    src = (fixtures_dir / "articles" / "malformed.html").read_text(encoding="utf-8")
    r = html_to_text(src)
    assert r.text == '①贵州茅台：提价落地\n白酒\u2003板块>>反弹"明显"&unknownentity;'
    span = next(e for e in r.elements if e.attrs.get("id") == "stock_1.600519")
    anchor = next(e for e in r.elements if e.tag == "a")
    assert anchor.attrs["href"] == "http://quote.eastmoney.com/unify/r/1.600519"
    assert r.text[span.start : span.end] == "贵州茅台"
    broken = [e for e in r.elements if e.tag == "p"][1]
    assert broken.attrs["pingfang"] == "" and broken.attrs["style"].startswith("color:#333")
    check_offsets(src, r)


def test_backslash_escaped_document(fixtures_dir):
    src = (fixtures_dir / "articles" / "mobile.sql-escaped.txt").read_text(encoding="utf-8")
    r = html_to_text(src)
    assert r.text == "据悉，腾讯控股发布季报。"
    span = next(e for e in r.elements if e.tag == "span")
    assert span.attrs["id"] == "stock_007005"
    check_offsets(src, r)


def test_attributes_lowercased_and_entity_decoded():
    r = html_to_text('<SPAN ID="x" Style="a:&quot;b&quot;" data-x=\'1\' flag>t</SPAN>')
    assert r.elements[0].tag == "span"
    assert r.elements[0].attrs == {"id": "x", "style": 'a:"b"', "data-x": "1", "flag": ""}


@pytest.mark.parametrize(
    "src, text",
    [
        ("<p>a<!-- never closed <p>b", "a"),
        ("<p>a<script>var x = '<p>' ", "a"),
        ("<p>a<style>p{}", "a"),
        ("a < b and 3<4", "a < b and 3<4"),
        ("a < b and c<d", "a < b and c"),  # <d starts a tag, as in browsers
        ("<p>a</p ><p>b</ p>c", "a\nbc"),
        ("x<![CDATA[y<z]]>w", "xy<zw"),
        ("<!DOCTYPE html><?xml x?>t", "t"),
        ("<p>a</div></span></b>b", "ab"),
        ("<p>a<br/>b<br>c</br>d", "a\nb\nc\nd"),
        ("<a href=\"x>y\">q</a>", "q"),
        ("<p>unclosed <a href=\"x", "unclosed"),
        ("", ""),
    ],
)
def test_tolerates(src, text):
    r = html_to_text(src)
    assert r.text == text
    check_offsets(src, r) if src else None


def test_region_offsets_point_into_whole_source():
    src = "HEADER\n<p>光明<b>乳业</b></p>\nFOOTER"
    start = src.index("<p>")
    r = html_to_text(src, start, src.index("\nFOOTER"))
    assert r.text == "光明乳业"
    assert r.offsets.to_source(0) == start + 3
    check_offsets(src, r)


def test_plain_text_paragraphs():
    src = "  光明   乳业 \n\n\u3000\u3000涨停\r\n"
    r = plain_to_text(src)
    assert r.text == "光明 乳业\n涨停"
    check_offsets(src, r)


def test_join_results_and_concat_map():
    src = "ab\ncd"
    r = join_results([plain_to_text(src, 0, 2), plain_to_text(src, 3)])
    assert r.text == "ab\ncd"
    assert [r.offsets.to_source(i) for i in range(5)] == [0, 1, 3, 3, 4]
    assert join_results([]).text == ""


def test_offset_map_is_run_length():
    src = "<p>" + "长文本" * 1000 + "</p>"
    r = html_to_text(src)
    assert len(r.offsets.segments()) == 1
    with pytest.raises(IndexError):
        r.offsets.to_source(len(r.text))
    assert OffsetMap.empty().span_to_source(0, 0) == (0, 0)


def test_hostile_inputs_complete():
    for src in (
        "<" * 200_000,
        "<span>" * 50_000 + "深" + "</span>" * 50_000,
        "<span>" * 50_000 + "深" + "</div>" * 50_000,
        "<p>x<!--" + "y" * 100_000,
        "<a" * 100_000,
        '<a href="' * 50_000,
        "&amp" * 50_000,
    ):
        r = html_to_text(src)
        assert len(r.offsets) == len(r.text)


def test_docstring_examples_run():
    import doctest

    import entitylink.read.article
    import entitylink.read.decode
    import entitylink.read.html
    import entitylink.read.eastmoney

    for module in (entitylink.read.decode, entitylink.read.html, entitylink.read.eastmoney, entitylink.read.article):
        failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert failed == 0, module.__name__
