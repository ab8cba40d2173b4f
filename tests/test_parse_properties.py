"""Property tests: arbitrary text and HTML-ish input never breaks the parser's promises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from checks import check_offsets
from hypothesis import strategies as st

from entitylink.read.article import read_article
from entitylink.errors import EntityLinkError
from entitylink.read.html import html_to_text, plain_to_text
from entitylink.read.eastmoney import find_tags

FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "</p >", "<div>", "</div>", "<br/>", "<td>", "<tr>", "<table>", "<b>", "</b>",
        '<span id="stock_1.600597">', '<span id="bk_90.BK0922">', '<span id="stock_3001042">',
        '<span id=\\"stock_013855\\">', "</span>", '<span id="quote_1.600597"></span>',
        '<a class="keytip" data-code="1,600597">', '<a href= "http://quote.eastmoney.com/r/0.002353">',
        '<span class="em_stock_key_common" data-code="002353">', "</a>", "</a >",
        '<span class="em_stock_key_common" href="http://baike.eastmoney.com/item/x">',
        "<!--", "-->", "<script>", "</script>", "<style>", "<![CDATA[", "]]>", "<!DOCTYPE html>",
        '<p style="display:none">', '<p class="em_media">', '" pingfang="" sc",=""', "\\n", "\\t",
        "&gt;", "&emsp;", "&nbsp;", "&quot;", "&#20013;", "&#x4e2d;", "&bogus;", "&", "<", ">", '"', "'",
        "=", "/", " ", "\n", "\t", "\u3000", "\u2003", "光明乳业", "数据中心", "上海复旦", "abc",
        "在东方财富看资讯行情，选东方财富证券一站式开户交易&gt;&gt;",
    ]
)
HTMLISH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join)
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_result(source: str, r) -> None:
    check_offsets(source, r)
    m = r.offsets
    for i in range(len(r.text)):
        s, e = m.span_to_source(i, i + 1)
        assert 0 <= s < e <= len(source) or (s == e and not m.is_verbatim(i))
    assert "" not in r.text.split("\n") or r.text == ""
    for para in r.text.split("\n"):
        assert para == para.strip(" \t\n\r\f\u3000\u2003\xa0")
    for e in r.elements:
        assert 0 <= e.start <= e.end <= len(r.text)
        assert 0 <= e.source_start <= e.source_end <= len(source)


@PROPS
@given(HTMLISH)
def test_html_to_text_keeps_its_promises(source):
    r = html_to_text(source)
    check_result(source, r)
    tags, _ = find_tags(r)
    for t in tags:
        assert t.surface and r.text[t.start : t.end] == t.surface
        assert 0 <= t.source_start < t.source_end <= len(source)


@PROPS
@given(HTMLISH, st.data())
def test_html_to_text_of_a_region_reads_nothing_outside_it(source, data):
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    r = html_to_text(source, start, end)
    check_result(source, r)
    for i in range(len(r.text)):
        s, e = r.offsets.span_to_source(i, i + 1)
        assert start <= s <= e <= end
    # what lies past the region does not change its text
    assert html_to_text(source[:end] + "<p>" + source[end:], start, end).text == r.text


@PROPS
@given(st.text(max_size=200))
def test_plain_text_keeps_its_promises(source):
    check_result(source, plain_to_text(source))


@PROPS
@given(st.one_of(HTMLISH, st.text(max_size=200), HTMLISH.map(lambda s: "---\ntitle: x\n---\n> " + s)))
def test_read_article_raises_only_our_errors(source):
    try:
        a = read_article(source)
    except EntityLinkError:
        return
    for t in a.tagged:
        assert a.text[t.start : t.end] == t.surface
    for i in range(len(a.text)):
        assert 0 <= a.offsets.to_source(i) < len(source)


@PROPS
@given(st.binary(max_size=200))
def test_read_article_bytes_raise_only_our_errors(data):
    try:
        read_article(data)
    except EntityLinkError:
        pass


def test_hostile_generated_input_completes():
    for source in (
        "<" * 200_000,
        "<span>" * 50_000 + "光明乳业" + "</span>" * 50_000,
        '<span id="stock_1.600597">' * 50_000 + "光明乳业",
        "<p>正文<!--" + "注释" * 100_000,
        "<script>" + "<p>" * 50_000,
    ):
        try:
            a = read_article(source)
        except EntityLinkError:
            continue
        assert len(a.offsets) == len(a.text)
