"""What the Linker remembers per name and security across articles changes no decision."""

from __future__ import annotations

from entitylink.knowledge.dictionary import Dictionary
from entitylink.link.context import ArticleContext, NameMemo, collect_evidence, evidence_secid
from entitylink.link.linker import Linker

TEXTS = [
    "光明乳业股价大涨，光明乳业表示将扩产。",
    "美的集团发布公告，美的表示业绩增长。",
    "比亚迪(01211.HK)与比亚迪股份港股涨超3%。",
    "港股收盘，腾讯控股涨2%，腾讯表示将回购。",
    "煤炭板块走强，煤炭价格上涨。",
    "京东集团发布财报，网易股价上涨。",  # lines with a Hong Kong secondary listing
    "知乎发布财报，月活用户增长。",  # listed in Hong Kong in 2022: the date decides
]


def test_a_warm_memo_links_like_a_cold_one() -> None:
    warm = Linker.default()
    for text in TEXTS * 2:
        warm.link_text(text)  # fills the memo with every name of the texts
    assert warm.__dict__["_names"].evidence
    for text in TEXTS:
        fresh = Linker(warm.dictionary)
        assert fresh.link_text(text).mentions == warm.link_text(text).mentions


def test_a_lines_listing_facts_are_remembered_for_any_date() -> None:
    import datetime as dt

    warm = Linker.default()
    dates = [dt.datetime(2025, 6, 1), dt.datetime(2021, 6, 1), None]
    for text in TEXTS[-2:]:
        for date in dates:
            warm.link_text(text, date=date)
    assert warm.__dict__["_names"].listings  # the Hong Kong lines' facts
    for text in TEXTS[-2:]:
        for date in reversed(dates):
            fresh = Linker(warm.dictionary)
            assert fresh.link_text(text, date=date).mentions == warm.link_text(text, date=date).mentions


def test_evidence_secid_is_the_rule_of_collect_evidence() -> None:
    d = Dictionary.default()
    for name in ("光明乳业", "美的", "腾讯控股", "腾讯", "比亚迪", "煤炭", "平安"):
        aliases = d.lookup(name)
        ctx = ArticleContext(name, name, None, names=NameMemo())
        candidate = type("C", (), {"start": 0, "end": len(name), "name": name, "aliases": aliases,
                                   "current": aliases})()
        ctx.cuts = {0, len(name)}
        collect_evidence(ctx, (), (), [candidate])
        expected = evidence_secid(aliases) if len({a.secid for a in aliases}) == 1 else ""
        assert list(ctx.evidence) == ([expected] if expected else [])
