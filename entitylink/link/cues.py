"""Cue words: what the text around a name says it is (a stock, a board, a theme, a market).

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``): each cue is a
small named predicate over the folded text and a span, with its word list beside it; it
imports nothing of the package. The resolver (``resolve.py``), the vetoes (``vetoes.py``)
and propagation (``propagate.py``) call them; the case table ``tests/cases/linking.json`` exercises them.

    >>> listing_cue("腾讯控股港股涨3%", 0, 4)
    'HK'
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Container
from functools import lru_cache

import regex

# Words that make a company name a security mention (price moves, filings, trading).
STOCK_CUES = regex.compile(
    r"股份|股价|股票|个股|该股|龙头股|概念股|股王|涨停|跌停|涨超|跌超|涨逾|跌逾|大涨|大跌|收涨|收跌|"
    r"高开|低开|拉升|跳水|异动|公告|披露|股东|董事|市值|上市|退市|停牌|复牌|评级|目标价|增持|减持|"
    r"买入|卖出|持股|控股|财报|年报|季报|营收|净利|业绩|回购|分红|定增|募资|港股|美股|A股|H股|"
    r"涨\d|跌\d|升\d|挫\d|涨幅|跌幅|成交额|主力|收购"
)
# Cue words that name the stock after them (港股腾讯, 龙头茅台, “股王”茅台).
_CUES_BEFORE = regex.compile(r"港股|美股|A股|H股|个股|该股|龙头|股王|概念股")
# Words that make the name before them a company, but the name after them part
# of one (美的集团旗下库卡: 库卡 is not the listed company, 美的集团 is).
_OWNER_CUES = regex.compile(r"旗下|子公司|关联公司|关联企业|控股子公司")
BOARD_CUES = regex.compile(r"板块|概念(?!股)|题材")
BOARD_NEEDS = ("板块", "概念", "题材")  # every match holds one (a pre-check by str.find)
_STOCK_LIST_END = regex.compile(r"\p{Han}{0,4}?(?:股票|个股|股(?!东|份))")
THEME_CUES = regex.compile(r"概念股?|板块|题材|产业链")
THEME_NEEDS = ("概念", "板块", "题材", "产业链")  # every match holds one
INDEX_CUES = regex.compile(r"指数|指|涨|跌|报\d|点|收|开|盘")
# Listing cues: the words that point to one market's listing of a company, by family. Each
# family is general over the market: its name, its exchanges (short and full names), its
# indexes, its currency, its sessions and flows, the way a listing there is said. Whole
# words only: 恒生 alone is also 恒生电子 (an A share), 在港 also 在港口, 标普 also the
# rating agency. An exchange named alone is a venue or a source for any company
# (药明康德在港交所公告, 向港交所提交上市申请, 保荐人为中信证券): only its listing phrase counts
# (港交所上市), except the US exchanges, whose names in Chinese news mean the US listing. A
# plan to list (赴港上市) is no cue: the company is not listed there yet, and the planner is
# often another company than the name beside it (百度旗下昆仑芯计划赴港上市).
LISTING_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "HK": {
        "market": ("港股", "H股", "港股通"),
        "index": ("恒指", "恒生指数", "恒生科技", "恒生中国", "国企指数"),
        "currency": ("港元", "港币", "HK$"),
        "flow": ("南下资金", "南向资金"),
        "listing": ("在港上市", "香港上市", "港股上市", "港交所上市", "联交所上市"),
    },
    "US": {
        "market": ("美股", "中概股", "中概"),
        "exchange": ("纳斯达克", "纽交所", "纽约证券交易所", "NASDAQ", "NYSE"),
        "index": ("纳指", "道指", "道琼斯", "标普500"),
        "security": ("ADR", "ADS", "美国存托股", "美国存托凭证"),
        "currency": ("美元",),
        "session": ("盘前", "盘后"),
        "listing": ("美国上市", "在美上市"),
    },
    "A": {
        "market": ("A股", "沪市", "深市", "两市", "沪深"),
        "exchange": ("北交所", "北京证券交易所"),  # its stocks' own market, not only a venue
        "index": ("沪指", "上证指数", "深成指", "深证成指"),
        "board": ("创业板", "科创板"),
        "flow": ("北上资金", "北向资金"),
    },
}


def _cue_pattern(families: dict[str, tuple[str, ...]]) -> regex.Pattern:
    words = sorted({w for ws in families.values() for w in ws}, key=lambda w: (-len(w), w))
    return regex.compile("|".join(regex.escape(w) for w in words))


_HK_CUES = _cue_pattern(LISTING_CUES["HK"])
_US_CUES = _cue_pattern(LISTING_CUES["US"])
_A_CUES = _cue_pattern(LISTING_CUES["A"])
_LISTING_PATTERNS = (("HK", _HK_CUES), ("US", _US_CUES), ("A", _A_CUES))  # in the order they are asked
LISTINGS = tuple(label for label, _ in _LISTING_PATTERNS)


# Market words: they describe trading in a market, never a company (A股交投清淡, 两市成交额).
# A dictionary name equal to one (交投: 交投生态's stripped status name) is the word.
MARKET_WORDS = frozenset(
    "交投 成交 成交量 成交额 两市 沪深 沪深两市 大盘 盘面 盘中 市场 行情 量能 个股 板块 指数 权重 题材 热点 "
    "资金 主力 北向 南向 外资 游资 早盘 午盘 尾盘 开盘 收盘".split())


def is_market_word(name: str) -> bool:
    """Whether a name is a market word describing trading, not a company.

    >>> is_market_word("交投"), is_market_word("交投生态")
    (True, False)
    """
    return name in MARKET_WORDS


_CLAUSE_CHARS = "。；;！!？?\n"
_SUBCLAUSE_CHARS = "，," + _CLAUSE_CHARS
_STOP_PATTERNS = {chars: regex.compile("[" + regex.escape(chars) + "]") for chars in (_CLAUSE_CHARS, _SUBCLAUSE_CHARS)}


@lru_cache(maxsize=8)
def _stops(text: str, chars: str) -> array:
    """Offsets of ``chars`` in ``text``, sorted: computed once per text (memoised;
    the function is pure, so the cache holds no state of its own). An array of machine
    integers: a long article has hundreds of thousands of clauses."""
    return array("q", (m.start() for m in _STOP_PATTERNS[chars].finditer(text)))


def _bounds(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    stops = _stops(text, chars)
    i = bisect.bisect_left(stops, start)
    lo = stops[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(stops, end)
    hi = stops[j] if j < len(stops) else len(text)
    return lo, hi


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``[start, end)``: from the last clause end before it to the next.

    >>> clause_bounds("甲。乙丙；丁", 2, 3)
    (2, 4)
    """
    return _bounds(text, start, end, _CLAUSE_CHARS)


def subclause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Like ``clause_bounds``, but commas end it too."""
    return _bounds(text, start, end, _SUBCLAUSE_CHARS)


def stock_cue(text: str, start: int, end: int) -> str | None:
    """A stock-context word that speaks for the name: after it in its sub-clause
    (股价, 涨停, 公告, 涨3%...), or one of the few that name a stock before it
    (港股, 个股, 龙头...); other cue words before a name belong to something else
    (祝愿全体股东平安健康).

    >>> stock_cue("美的集团股价大涨", 0, 2), stock_cue("美的是一种生活态度", 0, 2)
    ('股价', None)
    >>> stock_cue("祝愿全体股东平安健康", 6, 8), stock_cue("“股王”茅台重回2000元", 4, 6)
    (None, '股王')
    """
    lo, hi = subclause_bounds(text, start, end)
    m = STOCK_CUES.search(text, end, min(hi, end + 8))
    if m:
        return m.group(0)
    m = _CUES_BEFORE.search(text, max(lo, start - 6), start)
    if m:
        return m.group(0)
    m = _OWNER_CUES.match(text, end)
    return m.group(0) if m else None


_LIST_SEPARATORS = "、/和及与"


def _list_closing(text: str, end: int, rx: regex.Pattern, limit: int = 80,
                  needs: tuple[str, ...] = ()) -> str | None:
    """The word matched by ``rx`` that closes the enumeration starting right after ``end``.

    Items are separated by 、/和/及/与 and at most 8 characters long; the
    closing word may follow the name or any item directly, after an optional 等.
    Linear: each position of the window is looked at a bounded number of times.
    ``needs``: words one of which every match of ``rx`` holds (a cheap pre-check by
    ``str.find``); empty, the regex alone decides.
    """
    stop = min(len(text), end + limit)
    if needs:
        for word in needs:
            if text.find(word, end, stop) >= 0:
                break
        else:
            return None  # none of the words any closing word holds is in reach
    if not rx.search(text, end, stop):
        return None  # no closing word in reach: the usual case, decided in one scan

    def closes(k: int) -> str | None:
        if text.startswith("等", k):
            k += 1
        m = rx.match(text, k, stop)
        return m.group(0) if m else None

    found = closes(end)
    pos = end
    while found is None and pos < stop and text[pos] in _LIST_SEPARATORS:
        j = pos + 1
        while j < stop and j - pos <= 9 and text[j] not in _LIST_SEPARATORS and not _is_punct(text[j]):
            found = closes(j + 1) if j > pos else None
            if found:
                break
            j += 1
        pos = j
    return found


def list_closing(text: str, end: int, rx: regex.Pattern, limit: int = 80,
                 needs: tuple[str, ...] = ()) -> str | None:
    """The word matched by ``rx`` that closes the enumeration starting right after ``end``
    (public for the family modules: 储能、锂电池方向 closed by 方向).

    >>> list_closing("储能、锂电池方向领涨", 2, regex.compile("方向"))
    '方向'
    """
    return _list_closing(text, end, rx, limit, needs)


def _is_punct(ch: str) -> bool:
    return ch in "，,。；;！!？?：:“”\"（）()《》【】\n\t "


def board_cue(text: str, start: int, end: int) -> str | None:
    """A board word that names the span as a sector: directly after it (煤炭板块,
    锂矿概念) or closing an enumeration it belongs to (煤炭、储能等板块).

    >>> board_cue("白酒、储能等板块涨幅居前", 0, 2), board_cue("白酒消费，煤炭板块", 0, 2)
    ('板块', None)
    """
    return _list_closing(text, end, BOARD_CUES, needs=BOARD_NEEDS)


def theme_cue(text: str, start: int, end: int) -> str | None:
    """A theme word after a company name or its enumeration (苹果概念股, 特斯拉、光伏等概念股).

    >>> theme_cue("稀土、特斯拉、光伏等概念股", 3, 6), theme_cue("特斯拉股价", 0, 3)
    ('概念股', None)
    """
    return _list_closing(text, end, THEME_CUES, needs=THEME_NEEDS)


def list_stock_cue(text: str, start: int, end: int) -> str | None:
    """A stock word closing the enumeration a name is in (阿里、拼多多等互联网股票).

    >>> list_stock_cue("阿里、拼多多等互联网股票", 0, 2)
    '互联网股票'
    """
    if text[end:end + 1] not in _LIST_SEPARATORS:
        return None
    return _list_closing(text, end, _STOCK_LIST_END, limit=60, needs=("股",))


def listed_with_names(text: str, start: int, end: int, item_starts: Container[int],
                      item_ends: Container[int]) -> bool:
    """Whether the name is an item of an enumeration whose neighbouring item is
    also a dictionary name (储能、信创、机器人、消费电子: the list names securities).

    >>> listed_with_names("信创、机器人、消费电子", 3, 6, {0, 7}, {2, 11})
    True
    """
    whole_item = (start == 0 or text[start - 1] in _LIST_SEPARATORS or _is_punct(text[start - 1])) and (
        end == len(text) or text[end] in _LIST_SEPARATORS or _is_punct(text[end]) or text.startswith("等", end)
    )
    before = start > 0 and text[start - 1] in _LIST_SEPARATORS and (start - 1) in item_ends
    after = end < len(text) and text[end] in _LIST_SEPARATORS and (end + 1) in item_starts
    return whole_item and (before or after)


_FOREIGN_MARKET = regex.compile(r"(?:港股|美股|H股|中概股?)$")


def foreign_market_before(text: str, start: int) -> bool:
    """A market word right before a sector name (港股半导体): another market's sector."""
    if text[start - 1:start] not in ("股", "概", "\n"):
        return False  # every match ends in 股 or 概 (``$`` also before a final newline)
    return bool(_FOREIGN_MARKET.search(text, max(0, start - 3), start))


# What a company does right after its short name (光明表示, 联想发布): a short form
# that is also an ordinary word (光明的, 联想到) links only before one of these.
_COMPANY_ACT = regex.compile(
    r"表示|称|宣布|发布|公告|披露|回应|透露|指出|认为|方面|董事|股东|公司|集团|旗下|业绩|营收|净利|"
    r"股价|股份|股票|市值|涨|跌|董事长|总裁|CEO|高管|管理层|计划|拟|已|将")


def company_act_after(text: str, end: int) -> str | None:
    """A company's act right after a short form (光明表示), or None (光明的前途).

    >>> company_act_after("光明表示将扩产", 2), company_act_after("前途是光明的", 5)
    ('表示', None)
    """
    m = _COMPANY_ACT.match(text, end)
    return m.group(0) if m else None


def index_cue(text: str, start: int, end: int) -> str | None:
    """A market-move word right after an index name (涨, 跌, 报3600点...)."""
    m = INDEX_CUES.search(text[end : end + 4])
    return m.group(0) if m else None


def listing_cue(text: str, start: int, end: int, labels: Container[str] = LISTINGS) -> str | None:
    """Which listing the text around a name points to: ``HK``, ``US``, ``A`` or None.
    ``labels``: the listings to look for (``listings_named``: those the whole text has cues of;
    no other can be near the name)."""
    lo, hi = subclause_bounds(text, start, end)
    ctx = text[max(lo, start - 20) : min(hi, end + 20)]
    for label, rx in _LISTING_PATTERNS:
        if label in labels and rx.search(ctx):
            return label
    return None


def listing_counts(text: str) -> dict[str, int]:
    """How many cue words of each listing the text holds (``article_listing`` weighs them).

    >>> listing_counts("港股收盘，恒指跌1%，腾讯涨2%")
    {'HK': 2, 'US': 0, 'A': 0}
    """
    return {label: len(rx.findall(text)) for label, rx in _LISTING_PATTERNS}


def listings_named(counts: dict[str, int]) -> tuple[str, ...]:
    """The listings the text has any cue word of: a search of the whole text that finds none
    of a listing's words finds none in any part of it either.

    >>> listings_named(listing_counts("港股收盘，恒指跌1%"))
    ('HK',)
    """
    return tuple(label for label, n in counts.items() if n)


def article_listing(text: str, counts: dict[str, int] | None = None) -> str | None:
    """The market an article is about, when its cue words say so clearly (``counts``: its
    ``listing_counts``, when known).

    >>> article_listing("港股收盘，恒指跌1%，腾讯涨2%，港元走弱")
    'HK'
    """
    counts = listing_counts(text) if counts is None else counts
    best = max(counts, key=lambda label: counts[label])
    ordered = sorted(counts.values(), reverse=True)
    if (ordered[0] >= 1 and ordered[1] == 0) or (ordered[0] >= 2 and ordered[0] >= 2 * ordered[1]):
        return best
    return None
