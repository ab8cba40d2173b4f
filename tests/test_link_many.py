"""Many articles scanned at once (``NameMatcher.find_many``, ``Linker.scan_many``,
``Linker.link_many``) find and link exactly what one article at a time does."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entitylink.errors import UsageError
from entitylink.link import matcher, scanned
from entitylink.link.linker import Linker
from entitylink.link.matcher import NameMatcher
from entitylink.read.article import read_article
from entitylink.read.offsets import OffsetMap
from entitylink.write.records import render

LINKER = Linker.default()


def _with_automaton(m: NameMatcher) -> NameMatcher:
    """``m`` with its automaton built (a text longer than the scan's budget builds it)."""
    m.find("。" * (matcher.SCAN_BUDGET + 1))
    assert m._automaton is not None or not len(m)
    return m


def _key(doc) -> list[bytes]:
    return [render(doc, "jsonl", level)[0] for level in ("mention", "entity", "article")]


def _article(text: str, title: str | None):
    """Plain text as it is (``Linker.link_text``'s article), with a title."""
    return replace(read_article("x", article_id="t"), text=text, title=title, offsets=OffsetMap.identity(len(text)))


def _same_as_one_by_one(articles, linker: Linker = LINKER) -> None:
    one_by_one = [_key(linker.link(a)) for a in articles]
    assert [_key(d) for d in linker.link_many(articles)] == one_by_one


# -- the matcher ------------------------------------------------------------------------

NAME_CHARS = st.sampled_from(list("中国平安银行光明乳业AaFf05 -"))
TEXT_CHARS = st.one_of(NAME_CHARS, st.sampled_from([matcher.SEPARATOR, "\n", "İ"]), st.characters())


def _clean(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates (folded text has none)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text(NAME_CHARS, min_size=1, max_size=6), max_size=12),
       texts=st.lists(st.text(TEXT_CHARS, max_size=40), max_size=8))
def test_find_many_is_find_of_each_text(names: list[str], texts: list[str]) -> None:
    """Texts holding the separator too: no name holds it, so no hit crosses one."""
    texts = [_clean(t) for t in texts]
    folds = {n.lower(): n for n in names if n.isascii() and n.strip()}  # Latin names in any case
    m = _with_automaton(NameMatcher(names, folds))
    assert m.find_many(texts) == [m.find(t) for t in texts]


def test_find_many_joins_texts_without_crossing_them() -> None:
    m = _with_automaton(NameMatcher(["光明乳业", "乳业", "FF", "AB"]))
    texts = ["买光明", "乳业", "FF", "", "xFF", "AB\x00光明乳业", "OFF"]
    assert m.find_many(texts) == [[], [(0, 2, "乳业")], [(0, 2, "FF")], [], [], [(0, 2, "AB"), (3, 7, "光明乳业"),
                                                                            (5, 7, "乳业")], []]
    assert m.find_many(texts) == [m.find(t) for t in texts]


def test_a_name_holding_the_separator_is_searched_text_by_text() -> None:
    m = _with_automaton(NameMatcher(["光明\x00乳业", "光明"]))
    texts = ["光明", "乳业", "光明\x00乳业"]
    assert m.find_many(texts) == [m.find(t) for t in texts] == [[(0, 2, "光明")], [], [(0, 2, "光明"), (0, 5, "光明\x00乳业")]]


def test_find_many_before_the_automaton_is_built(monkeypatch) -> None:
    monkeypatch.setattr(matcher, "SCAN_BUDGET", 10**12)
    m = NameMatcher(["光明乳业", "FF"])
    assert m.find_many(["光明乳业FF", "OFF", "FF"]) == [[(0, 4, "光明乳业"), (4, 6, "FF")], [], [(0, 2, "FF")]]
    assert m._automaton is None


# -- the linker -------------------------------------------------------------------------

PIECES = st.one_of(
    st.sampled_from(["光明乳业", "贵州茅台", "中国平安", "平安银行", "NVIDIA", "nvidia", "XD中信证", "(600519)",
                     "600597.SH", "、", "，", "\n", matcher.SEPARATOR, "<p>", "</p>"]),
    st.text(max_size=4),
)
SOURCE = st.lists(PIECES, max_size=20).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources=st.lists(st.tuples(SOURCE, st.one_of(st.none(), SOURCE)), min_size=1, max_size=6))
def test_link_many_is_link_of_each_generated_article(sources) -> None:
    _with_automaton(LINKER._matcher)
    articles = []
    for text, title in sources:
        try:
            article = read_article(text, name="gen.html")
        except Exception:  # noqa: BLE001 - what does not read is not linked either way
            continue
        articles.append(article if title is None else replace(article, title=title))
    _same_as_one_by_one(articles)


def test_link_many_on_small_articles_and_a_text_longer_than_a_scan(monkeypatch) -> None:
    """A text or title longer than ``SCAN_CHARS`` is found when linked, as before."""
    _with_automaton(LINKER._matcher)
    monkeypatch.setattr(scanned, "SCAN_CHARS", 40)
    articles = [
        _article("贵州茅台股价大涨，光明乳业(600597)跟涨", "茅台大涨"),
        _article("中国平安银行" * 20, "平安"),  # longer than a scan
        _article("无", "贵州茅台" * 20),  # its title longer than a scan
        _article("", None),
        _article("NVIDIA与nvidia\x00光明乳业", "Nvidia"),
    ]
    groups = list(scanned.scan_groups(articles, scanned.article_chars))
    assert [len(g) for g in groups] == [1, 1, 1, 2]
    assert [s.hits is None for s in LINKER.scan_many(articles)] == [False, True, False, False, False]
    _same_as_one_by_one(articles)


def test_a_scan_goes_with_its_own_article() -> None:
    a, b = read_article("贵州茅台大涨"), read_article("光明乳业大涨")
    scan_a, _ = LINKER.scan_many([a, b])
    assert LINKER.link(a, scanned=scan_a).mentions[0].name == "贵州茅台"
    with pytest.raises(UsageError, match="another article"):
        LINKER.link(b, scanned=scan_a)


def test_link_many_is_link_of_each_corpus_article(corpus_dir) -> None:
    """finews, the variants and a flash day, with the shipped dictionary."""
    from entitylink.read import Article, read_file

    _with_automaton(LINKER._matcher)
    files = sorted((corpus_dir / "finews").glob("*.md")) + sorted(p for p in (corpus_dir / "variants").iterdir()
                                                                 if p.is_file())
    articles = [a for p in files for a in read_file(p) if isinstance(a, Article)]
    day = sorted((corpus_dir / "flash").glob("*.jsonl.gz"))[0]
    flash = [a for a in read_file(day) if isinstance(a, Article)]
    assert len(articles) > 100 and len(flash) > 500
    _same_as_one_by_one(articles)
    _same_as_one_by_one(flash)
    with gzip.open(day, "rt", encoding="utf-8") as f:  # the items as text, each with its title
        items = [json.loads(line) for line in f][:300]
    _same_as_one_by_one([_article(r.get("content") or "", r.get("title")) for r in items])
