"""Property tests across the whole pipeline (read_article + Linker.link).

The parser alone is covered by test_parse_properties.py; here generated
articles mixing security names, codes, publisher tags, punctuation and random
unicode go through linking, and the Document must keep its promises.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entitylink.read.article import read_article
from entitylink.errors import EntityLinkError
from entitylink.link.linker import Linker

from checks import check_document

NAMES = ["光明乳业", "贵州茅台", "长城汽车", "美的", "美的集团", "中国平安", "平安银行", "中国平安银行", "腾讯控股", "上证指数"]
CODES = ["600597.SH", "(00700.HK)", "(600519)", "000001.SZ", "(600597)"]
TAGS = ['<span id="stock_1.600597"><a data-code="1,600597">光明乳业</a></span>',
        '<span id="stock_1.600519">贵州茅台</span>', '<a class="keytip" data-code="0,000001">平安银行</a>',
        '<span id="stock_116.00700">腾讯</span>']
PUNCT = ["、", "，", "。", "（", "）", " ", "\n", "\u3000", "<p>", "</p>", "&nbsp;"]
# Any character, lone surrogates included (they become U+FFFD in the article text).
UNICODE = st.text(max_size=6)
PIECES = st.one_of(st.sampled_from(NAMES), st.sampled_from(CODES), st.sampled_from(TAGS),
                   st.sampled_from(PUNCT), UNICODE)
ARTICLE = st.lists(PIECES, max_size=30).map("".join)
PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINKER = Linker.default()


def link(source: str):
    try:
        article = read_article(source, name="gen.html")
    except EntityLinkError:
        return None, None
    return article, LINKER.link(article)


def key(doc) -> list:
    return [m.model_dump_json() for m in doc.mentions] + [e.model_dump_json() for e in doc.entities]


@PROPS
@given(ARTICLE)
def test_offsets_valid_sorted_and_disjoint(source):
    article, doc = link(source)
    if doc is None:
        return
    assert doc.text == article.text
    check_document(doc)


@PROPS
@given(ARTICLE)
def test_every_publisher_tag_comes_back_as_a_tag_mention(source):
    article, doc = link(source)
    if doc is None:
        return
    tagged = [(t.start, t.end, t.secid) for t in article.tagged]
    got = [(m.start, m.end, m.secid) for m in doc.mentions if m.method == "tag"]
    assert got == tagged


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARTICLE, min_size=2, max_size=8), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_what_was_linked_before(sources, rnd: random.Random):
    articles = []
    for s in sources:
        try:
            articles.append(read_article(s, name="gen.html"))
        except EntityLinkError:
            pass
    forward = {i: key(LINKER.link(a)) for i, a in enumerate(articles)}
    order = list(range(len(articles)))
    rnd.shuffle(order)
    shuffled = {i: key(LINKER.link(articles[i])) for i in order}
    assert forward == shuffled


def test_shared_linker_equals_a_fresh_linker():
    rnd = random.Random(7)
    pieces = NAMES + CODES + TAGS + PUNCT + ["abc", "的", "股份", "集团", "涨停"]
    sources = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40))) for _ in range(60)]
    used = [key(LINKER.link(read_article(s, name="g.html"))) for s in sources]
    fresh = Linker()
    assert [key(fresh.link(read_article(s, name="g.html"))) for s in reversed(sources)] == used[::-1]
