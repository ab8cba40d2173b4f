"""Market cues as families (``link/cues.py`` ``LISTING_CUES``): each market's name, exchanges,
indexes, currency, sessions, flows and listing phrases point to its listing; whole words only."""

from __future__ import annotations

import pytest

from entitylink.link import cues


@pytest.mark.parametrize(("text", "label"), [
    ("在纽约证券交易所上市的某某股价涨2%", "US"), ("某某美国存托股收涨", "US"), ("中概某某涨3%", "US"),
    ("某某纳指成分股", "US"), ("某某将于联交所上市", "HK"), ("南向资金买入某某", "HK"), ("恒生指数成分股某某", "HK"),
    ("北交所某某涨停", "A"), ("据港交所披露某某", None), ("上交所向某某发出问询函", None), ("北向资金增持某某", "A"), ("某某沪深300成分股", "A"),
    ("恒生电子发布公告某某", None), ("标普上调某某评级", None),
])  # fmt: skip
def test_listing_cue_families(text: str, label: str | None) -> None:
    start = text.index("某某")
    assert cues.listing_cue(text, start, start + 2) == label


def test_every_listing_cue_word_is_whole_and_unique() -> None:
    seen: dict[str, str] = {}
    for market, families in cues.LISTING_CUES.items():
        for words in families.values():
            for w in words:
                assert w not in seen, f"{w} in {seen.get(w)} and {market}"
                seen[w] = market
