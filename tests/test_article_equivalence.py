"""read_article's fast paths give what its general paths give.

Reading an article takes shortcuts for what the crawler and Eastmoney write
most: the crawler's five front matter lines and its URL/footer tail, plain
lines of text, dates without a zone or with +0800, the usual tags and
attributes, ASCII URLs. ``general_paths()`` turns every one of them off, so
each test reads the same input both ways and compares the whole Article: text,
the source offset of every character, tags, metadata and warnings. Generated
posts, pages and text run without the corpus; the last test reads every file of
``../shared/corpus`` (and CRLF and BOM copies of the posts).
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from unittest import mock

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parse_properties import FRAGMENTS

from entitylink.errors import EntityLinkError
from entitylink.read import article as article_module
from entitylink.read import dates as dates_module
from entitylink.read import html as htmltext
from entitylink.read import jekyll as jekyll_module
from entitylink.read import plain as plain_module
from entitylink.read.article import read_article

_NEVER = regex.compile(r"(?!)")  # a pattern that matches nothing: the shortcut is not taken

# (module, name, stand-in): each stand-in sends the input down the general path.
_SHORTCUTS = (
    (jekyll_module, "_CRAWLER_FRONT_MATTER", _NEVER),
    (jekyll_module, "_CRAWLER_TAIL", _NEVER),
    (dates_module, "CRAWLER_DATE", _NEVER),
    (dates_module, "_ISO_DATE", _NEVER),
    (jekyll_module, "_KNOWN_FOOTERS", frozenset()),
    (article_module, "_ID_FROM_ASCII_URL", article_module._ID_FROM_URL),
    (jekyll_module, "read_crawler_post", lambda source: None),
    (plain_module, "_plain_lines", lambda source, start, end: None),
    (htmltext, "_SIMPLE_START_TAG", _NEVER),
    (htmltext, "_SIMPLE_END_TAG", _NEVER),
)

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def general_paths():
    """read_article with every shortcut above turned off."""
    with ExitStack() as stack:
        for module, name, stand_in in _SHORTCUTS:
            stack.enter_context(mock.patch.object(module, name, stand_in))
        yield


def outcome(data, **kwargs):
    """Everything read_article says about ``data``: each field, every character's source
    offsets, or the error it raises."""
    try:
        a = read_article(data, **kwargs)
    except EntityLinkError as exc:
        return ("error", type(exc).__name__, str(exc))
    m = a.offsets
    n = len(a.text)
    return (
        a.article_id, a.path, a.title, repr(a.date), a.date and a.date.utcoffset(), a.url,
        a.categories, a.labels, a.text, a.tagged, a.warnings, m.length, m.segments(),
        [(m.to_source(i), m.span_to_source(i, i + 1), m.is_verbatim(i)) for i in range(n)],
        m.span_to_source(n, n) if n else None,
    )


def assert_same(data, **kwargs) -> None:
    fast = outcome(data, **kwargs)
    with general_paths():
        general = outcome(data, **kwargs)
    assert fast == general


def converted(source: str):
    """Everything html_to_text says about ``source``, the elements' attributes included
    (an Article shows them only through its tags)."""
    r = htmltext.html_to_text(source)
    elements = [(e.tag, list(e.attrs.items()), e.start, e.end, e.source_start, e.source_end, e.parent)
                for e in r.elements]
    return r.text, r.offsets.length, r.offsets.segments(), elements, r.title, r.warnings


def assert_same_conversion(source: str) -> None:
    fast = converted(source)
    with general_paths():
        general = converted(source)
    assert fast == general


def test_the_shortcuts_apply_to_what_the_crawler_writes():
    post = (
        '---\nlayout: post\ntitle: "t"\ndate: 2021-12-08 10:46:18\ncategories: emnews\ntags: x\n---\n\n'
        '正文 一行。\n\n<p>光明<span id="stock_1.600597">乳业</span></p >\n\n'
        "<http://finance.eastmoney.com/news/1,202112080000000001.html>\n\n[返回首页](../)"
    )
    assert jekyll_module._CRAWLER_FRONT_MATTER.match(post, 4)
    assert jekyll_module._CRAWLER_TAIL.fullmatch(post, post.rindex("\n<") + 1)
    assert dates_module.CRAWLER_DATE.fullmatch("2021-12-08 10:46:18")
    assert htmltext._SIMPLE_START_TAG.match('<span id="stock_1.600597">')
    assert htmltext._SIMPLE_END_TAG.match("</p >")
    assert plain_module._plain_lines("正文 一行。\n", 0, 7) is not None
    assert_same(post, name="p.md")


def test_known_footers_are_footer_lines():
    for line in jekyll_module._KNOWN_FOOTERS:
        assert jekyll_module._FOOTER_LINE.fullmatch(line)


# -- generated input ----------------------------------------------------------

_WS = st.sampled_from(["", "", " ", "  ", "\t", "\r", "\u3000", "\x1c", "\x85", "\xa0"])
_VALUES = st.sampled_from([
    '"离岸人民币兑美元升至2018年以来最高水平"', '"a\\"b\\u4e2d\\x41\\n"', '"\\ud800x"', "'it''s'", '""', "plain",
    "2021-12-08 10:46:18", "2021-12-08 10:46:18 +0800", " +0800", "2021-12-08T10:46:18+08:00", "2021-13-08 10:46:18",
    "2021-12-08 24:00:00", "2021-02-29 10:00:00 +0800", "２０２１-12-08 10:46:18", "2021-12-08 10:46:18Z", "x",
    "emnews", "东财滚动新闻", "[a, 'b c', \"d\"]", "a b", ">", "|-", "", " ",
    "http://x.eastmoney.com/a,202112080000000001.html",
])
_CRAWLER_FRONT = st.builds(
    "layout: post\ntitle: {}{}\ndate: {}{}\ncategories: {}{}\ntags: {}{}\n".format,
    _VALUES, _WS, _VALUES, _WS, _VALUES, _WS, _VALUES, _WS,
)
_OTHER_FRONT = st.lists(
    st.one_of(
        st.builds("{}: {}{}".format, st.sampled_from(["title", "date", "tags", "category", "url", "x-y", "Title"]),
                  _VALUES, _WS),
        st.sampled_from(["  - item", "# note", "", "summary: >", "  folded", "no colon"]),
    ),
    max_size=6,
).map(lambda lines: "".join(line + "\n" for line in lines))
_BODY_LINES = st.lists(
    st.one_of(
        st.sampled_from([
            "> 摘要：光明乳业涨停。", ">摘要", "离岸人民币兑美元升至6.3512。", "新东方在线(01797.HK) 日内跌幅达5%。", "a  b", "　　缩进",
            '<p>买入<span id="stock_1.600597"><a class="keytip" data-code="1,600597" '
            'href="http://quote.eastmoney.com/unify/r/1.600597">光明乳业</a></span></p>',
            '<p class="em_media">（文章来源：澎湃新闻）</p>', "<p>x &amp; y</p >", "", " ", "\t", "\ud800",
        ]),
        st.lists(FRAGMENTS, max_size=6).map("".join),
        st.text(max_size=8),
    ),
    max_size=6,
)
_TAIL = st.lists(
    st.sampled_from([
        "<http://finance.eastmoney.com/news/11060,202112082206672930.html>", "<>", "<//x.y/z>", "<ftp://x>",
        "", "", "[返回东财滚动新闻](../emnews/)", "[返回首页](../)", " [返回首页](../)",
        "[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)",
        "x", "正文。", "[返回](../)",
    ]),
    max_size=6,
)


@st.composite
def posts(draw):
    front = draw(st.one_of(_CRAWLER_FRONT, _CRAWLER_FRONT, _OTHER_FRONT))
    closing = draw(st.sampled_from(["---\n", "---\n", "--- \n", "...\n", ""]))
    lines = draw(_BODY_LINES) + draw(_TAIL)
    text = draw(st.sampled_from(["", "\n", " \n"])) + "---\n" + front + closing
    text += "\n".join(lines) + draw(st.sampled_from(["", "\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    return draw(st.sampled_from(["", "", "\n", "\ufeff"])) + text


_TAG_ATTRS = st.lists(
    st.tuples(
        st.sampled_from([" ", "  ", "\n", "\t", "\x0b", ""]),
        st.sampled_from(["class", "id", "href", "data-code", "Class", "x_y", "a:b", "1a"]),
        st.sampled_from(["=", " = ", "="]),
        st.sampled_from(['"keytip"', '"stock_1.600597"', '""', '"a&amp;b"', "'x'", "x", '"<>"', '"']),
    ),
    max_size=4,
).map(lambda attrs: "".join(w + n + e + v for w, n, e, v in attrs))
_TAGS = st.builds(
    "<{}{}{}".format,
    st.sampled_from(["a", "span", "p", "P", "div", "h2", "img", "br", "td", "title", "a-b"]),
    _TAG_ATTRS,
    st.sampled_from([">", " >", "/>", " />", "", "\n>"]),
)
_END_TAGS = st.builds("</{}{}".format, st.sampled_from(["a", "span", "p", "h2", "br", "1"]),
                      st.sampled_from([">", " >", "\n>", " x>", ""]))
_HTML = st.lists(st.one_of(FRAGMENTS, _TAGS, _END_TAGS, st.text(max_size=5)), max_size=40).map("".join)
_PLAIN = st.lists(
    st.sampled_from(list("ab光 \n") + ["  ", "\n\n", "\r", "\t", "\u3000", "\xa0", "\x1c", "\u2028", "\u200b"]),
    max_size=40
).map("".join)


@PROPS
@given(posts(), st.sampled_from(["2021-12-08-202112082206672930.md", "x.md", "-202112080000000001.md"]))
def test_generated_posts(post, name):
    assert_same(post, name=name)
    assert_same(post, name=name, format="jekyll")


@PROPS
@given(_HTML)
def test_generated_pages(page):
    assert_same_conversion(page)
    assert_same(page, name="page.html", format="html")


@PROPS
@given(_PLAIN)
def test_generated_text(text):
    assert_same(text, name="t.txt", format="text")
    assert_same("---\ntitle: t\n---\n" + text, name="t.md")


# -- the corpus ---------------------------------------------------------------

def test_every_corpus_file(corpus_dir):
    files = sorted((corpus_dir / "finews").glob("*.md"))
    files += sorted(p for p in (corpus_dir / "variants").iterdir() if p.is_file())
    assert files
    for path in files:
        data = path.read_bytes()
        assert_same(data, name=path.name)
        assert_same_conversion(data.decode("utf-8"))
        if path.suffix == ".md":
            text = data.decode("utf-8")
            for variant in (text.replace("\n", "\r\n"), "\ufeff" + text, text + "\n"):
                assert_same(variant, name=path.name)
