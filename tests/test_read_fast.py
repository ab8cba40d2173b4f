"""The fast readers give what the general ones give: the crawler's digests, and fold_text.

``read_article`` reads a digest exactly as the crawler writes it by one match
(``jekyll.read_crawler_post``) and everything else by the general path. Each test
reads the same input with the fast path and with it turned off (and, for the corpus,
also with every other shortcut of ``test_article_equivalence`` off) and compares the
whole Article: text, every character's source offsets, tags, metadata, warnings.
Small posts of our own always run; the corpus test reads every file of
``../shared/corpus/finews`` and ``variants`` (skipped when it is absent).

``fold_text`` replaces each distinct foldable character with ``str.replace``; the
reference here is the per-match substitution it replaced.
"""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from checks import check_offsets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_article_equivalence import general_paths, outcome

from entitylink.knowledge import normalize
from entitylink.knowledge.normalize import fold_text
from entitylink.read import article as article_module
from entitylink.read import jekyll
from entitylink.read.article import read_article

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAME = "2021-12-08-202112082206672930.md"
DIGEST = (
    '---\nlayout: post\ntitle: "离岸人民币兑美元升至2018年以来最高水平"\ndate: 2021-12-08 10:46:18\n'
    "categories: emnews\ntags: 东财滚动新闻\n---\n\n离岸人民币兑美元升至6.3512，为2018年以来最高水平。\n\n"
    "<http://finance.eastmoney.com/news/11060,202112082206672930.html>\n\n"
    "[返回东财滚动新闻](../emnews/)\n[返回首页](../)\n"
)


@contextmanager
def fast_path_off():
    """read_article without the digest fast path (every other shortcut still on)."""
    with mock.patch.object(jekyll, "read_crawler_post", lambda source: None):
        yield


def assert_same(data, **kwargs) -> None:
    fast = outcome(data, **kwargs)
    with fast_path_off():
        general = outcome(data, **kwargs)
    assert fast == general
    with general_paths(), fast_path_off():
        assert outcome(data, **kwargs) == fast


def _variants(post: str) -> list[str]:
    """A post and the variants of it the crawler might write, or a hand might."""
    tail = post.index("\n\n<http")
    return [
        post,
        post.replace("date: 2021-12-08 10:46:18\n", "date: 2021-12-08 10:46:18 +0800\n"),
        post.replace("date: 2021-12-08 10:46:18\n", "date: 2021-12-08 24:00:00\n"),
        post.replace("date: 2021-12-08 10:46:18\n", "date: 2021-02-29 10:46:18\n"),
        post.replace("date: 2021-12-08 10:46:18\n", "date: 2021-12-08T10:46:18+08:00\n"),
        post.replace('title: "', "title: '").replace('平"\n', "平'\n"),
        post.replace('title: "离', 'title: "\\u79bb\\"'),
        post.replace("tags: 东财滚动新闻", "tags: [a, 'b c']"),
        post.replace("tags: 东财滚动新闻", "tags: >"),
        post.replace("categories: emnews", "categories: "),
        post.replace("<http://finance.eastmoney.com/news/11060,202112082206672930.html>", "<>"),
        post.replace("<http://finance.eastmoney.com/news/11060,", "<http://财经.com/news/11060,"),
        post.replace("[返回东财滚动新闻](../emnews/)\n[返回首页](../)\n", ""),
        post.replace("[返回首页](../)\n", "[返回首页](../)"),
        post.replace("[返回首页](../)\n", "[返回](../)\n"),
        post[:tail] + "\n第二段。\n\n" + post[tail:],
        post[:tail] + "  " + post[tail:],
        post[:tail] + "\u3000" + post[tail:],
        post.replace("\n\n离岸", "\n\n> 离岸"),
        post.replace("\n\n离岸", "\n\n[离岸"),
        post.replace("\n\n离岸", "\n\n 离岸"),
        post.replace("\n\n离岸", "\n\n<p>离岸").replace("水平。\n", "水平。</p>\n"),
        post.replace("\n\n离岸", "\n\n离\ud800岸"),
        post.replace("\n\n离岸", "\n离岸"),
        post.replace("---\n\n离岸", "---\n离岸"),
        post.replace("\n", "\r\n"),
        "\ufeff" + post,
        "\n" + post,
        post + "\n",
        post + "x",
    ]


def test_the_fast_path_reads_the_crawlers_digest():
    assert jekyll.read_crawler_post(DIGEST) is not None
    a = read_article(DIGEST, name=NAME)
    assert a.text == "离岸人民币兑美元升至6.3512，为2018年以来最高水平。"
    assert a.offsets.span_to_source(0, len(a.text)) == (DIGEST.index("离岸人民币兑美元升至6"), DIGEST.index("。\n\n<") + 1)
    assert a.url == "http://finance.eastmoney.com/news/11060,202112082206672930.html"
    assert a.article_id == "202112082206672930"
    assert a.date is not None and a.date.isoformat() == "2021-12-08T10:46:18+08:00"
    assert a.warnings == ("date '2021-12-08 10:46:18' has no time zone; read as Beijing time (+08:00)",)
    assert_same(DIGEST, name=NAME)


@pytest.mark.parametrize("index", range(len(_variants(DIGEST))))
def test_variants_read_the_same_both_ways(index):
    post = _variants(DIGEST)[index]
    for kwargs in ({"name": NAME}, {"name": "x.md"}, {"name": "d.jsonl"}, {"name": "p.md", "format": "jekyll"},
                   {"name": NAME, "article_id": "a"}):
        assert_same(post, **kwargs)
        if "\ud800" not in post:
            assert_same(post.encode("utf-8"), **kwargs)


def test_the_fast_path_declines_what_it_does_not_read():
    declined = [v for v in _variants(DIGEST) if jekyll.read_crawler_post(v) is None]
    # a summary line, two paragraphs, markup, a footer-like or indented line, a run of
    # spaces, a non-ASCII URL, other front matter, CRLF, a BOM...: the general path reads them
    assert len(declined) >= 15


# -- the corpus -----------------------------------------------------------------

def test_every_corpus_file(corpus_dir):
    files = sorted((corpus_dir / "finews").iterdir()) + sorted((corpus_dir / "variants").iterdir())
    files = [p for p in files if p.is_file()]
    assert files
    taken = 0
    for path in files:
        data = path.read_bytes()
        assert_same(data, name=path.name)
        text = data.decode("utf-8")
        taken += jekyll.read_crawler_post(text) is not None
        check_offsets(text, read_article(data, name=path.name))
    assert taken >= 90  # the fast path reads most digests (100 of the 107 when written)


# -- generated input --------------------------------------------------------------

_LINE = st.lists(
    st.sampled_from(["离岸人民币", "6.3512", "，", " ", "  ", "<", ">", "[", "]", "a", "\t", "\u3000", "\xa0", "\u200b",
                     "\ud800", "\x1c", "&amp;", "<p>", "</p>", "http://x", "(", ")", "｜", "-", "\\", '"', "'"]),
    max_size=8,
).map("".join)
_URL = st.sampled_from(["http://finance.eastmoney.com/news/11060,202112082206672930.html", "", "//x.y/z",
                        "https://a.b/c?d=e&f=g;h", "ftp://x", "http://a b", "http://财经/1", "http://a>b", "x"])
_FOOTER = st.sampled_from(["", "", "[返回东财滚动新闻](../emnews/)", "[返回首页](../)", " [返回首页](../)",
                           "[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)",
                           "x", "<//a.b/c>", "[返回](../)"])
_VALUE = st.sampled_from(['"标题"', "标题", '"a\\"b"', "'x'", "", " ", ">", "|-", "2021-12-08 10:46:18",
                          "2021-12-08 10:46:18 +0800", "2021-12-08 24:00:00", "2021-13-01 00:00:00", "emnews",
                          "[a, b]", "a b"])


_GOOD_LINE = st.lists(st.sampled_from(["离岸人民币", "6.3512", "，", " ", "a", "(", ")", "｜", "-", "[", "]", "&amp;"]),
                      min_size=1, max_size=8).map("".join)


@st.composite
def digests(draw):
    """Posts shaped like the crawler's digests: mostly as it writes them, often not quite."""
    def value(usual):
        return draw(st.one_of(st.just(usual), st.just(usual), _VALUE))

    date = value(draw(st.sampled_from(["2021-12-08 10:46:18", "2022-04-21 18:31:09 +0800"])))
    head = (f"---\nlayout: post\ntitle: {value(chr(34) + '标题' + chr(34))}\ndate: {date}\n"
            f"categories: {value('emnews')}\ntags: {value('东财滚动新闻')}\n---\n")
    blank = st.sampled_from(["\n", "\n", "", "\n\n", " \n"])
    lines = draw(st.lists(st.one_of(_GOOD_LINE, _GOOD_LINE, _LINE), min_size=1, max_size=draw(st.sampled_from([1, 1, 3]))))
    body = draw(blank) + "\n".join(lines) + "\n" + draw(blank)
    url = draw(st.one_of(st.just("http://finance.eastmoney.com/news/11060,202112082206672930.html"), _URL))
    tail = f"<{url}>" + "".join("\n" + draw(_FOOTER) for _ in range(draw(st.integers(0, 3))))
    return head + body + tail + draw(st.sampled_from(["", "\n", "\n", "x"]))


@PROPS
@given(digests())
def test_generated_digests(post):
    fast = jekyll.read_crawler_post(post)
    assert_same(post, name=NAME)
    if fast is not None:
        a = read_article(post, name=NAME)
        check_offsets(post, a)
        assert a.text == fast[0].text


@PROPS
@given(st.text(max_size=60))
def test_any_text_after_the_crawlers_head(text):
    post = DIGEST[: DIGEST.index("\n\n离岸") + 2] + text
    assert jekyll.read_crawler_post(post) is None or outcome(post, name=NAME)[0] != "error"
    assert_same(post, name=NAME)


# -- fold_text -----------------------------------------------------------------------

def _fold_by_substitution(text: str) -> str:
    """fold_text as it was: one substitution per foldable character."""
    if text.isascii():
        return text
    pattern, table = normalize._folder()
    return pattern.sub(lambda m: table[m.group()], text)


_FOLDABLE = st.sampled_from(["，", "（", "）", "：", "Ａ", "１", "％", "\u3000", "㈱", "ﬁ", "\ud800", "\udfff", "\ufffd",
                             "光明", "a", " ", "\n", "²", "①", "Ⅻ", "\U0001d400", "ｶ", "ﾞ"])


@PROPS
@given(st.one_of(st.text(max_size=40), st.lists(_FOLDABLE, max_size=30).map("".join)))
def test_fold_text_is_the_substitution(text):
    folded = fold_text(text)
    assert folded == _fold_by_substitution(text)
    assert len(folded) == len(text)


def test_fold_text_of_the_corpus(corpus_dir):
    for path in sorted((corpus_dir / "finews").iterdir()):
        text = read_article(path.read_bytes(), name=path.name).text
        assert fold_text(text) == _fold_by_substitution(text)


# -- article ids -------------------------------------------------------------------

def _id_by_path(name: str) -> str:
    """article_id_from without a URL as it was: by Path for every name."""
    from pathlib import Path

    base = Path(name).name if name and not name.startswith("<") else ""
    m = article_module._ID_FROM_NAME.search(base)
    if m:
        return m.group(1)
    return Path(base).stem if base else name


@PROPS
@given(st.one_of(st.text(max_size=12), st.text(alphabet="0123456789", max_size=12),
                 st.lists(st.sampled_from(["a", "1", "/", ".", "..", "-", "md", "\\", ":", "<", " ", "~"]),
                          max_size=8).map("".join)))
def test_article_ids_of_names(name):
    assert article_module.article_id_from(name, None) == _id_by_path(name)
