"""The linking rules, each a small named function over plain data.

The linker (``linker.py``) calls these in order; each one is tested on its own
in ``tests/test_rules.py`` and through the case table ``tests/cases/linking.json``.

    >>> listing_cue("腾讯控股港股涨3%", 0, 4)
    'HK'
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Iterable, Sequence
from functools import lru_cache

import regex

from entitylink.knowledge.dictionary import Alias

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
_STOCK_LIST_END = regex.compile(r"\p{Han}{0,4}?(?:股票|个股|股(?!东|份))")
THEME_CUES = regex.compile(r"概念股?|板块|题材|产业链")
INDEX_CUES = regex.compile(r"指数|指|涨|跌|报\d|点|收|开|盘")
# Whole market words only: 恒生 alone is also 恒生电子 (an A share), 在港 also 在港口.
_HK_CUES = regex.compile(r"港股|H股|港元|港币|HK\$|港交所上市|恒指|恒生指数|恒生科技|恒生中国|南下资金|港股通|在港上市|香港上市")
_US_CUES = regex.compile(r"美股|美元|纳斯达克|纽交所|NASDAQ|NYSE|中概股|ADR|盘前|盘后|美国上市")
_A_CUES = regex.compile(r"A股|沪市|深市|沪指|深成指|创业板|科创板|北交所|两市|北上资金")
# Separators inside an enumeration of names (光伏、储能及氢能源等板块).
_ENUM_GAP = regex.compile(r"[、,，/和及与或以及\s]*(?:等)?[、,，/和及与或以及\s]*")

# Suffixes after which the head of a name is a safe short form within one
# article (光明乳业 -> 光明, 长城汽车 -> 长城 once 长城汽车 was named).
_INDUSTRY_SUFFIXES = (
    "乳业", "股份", "科技", "集团", "控股", "汽车", "电子", "医药", "药业", "生物", "能源",
    "电气", "电器", "环境", "材料", "新材", "信息", "网络", "传媒", "文化", "智能", "光电",
    "实业", "发展", "国际", "制药", "食品", "酒业", "矿业", "重工", "机械", "建设", "地产",
)
# Place names: a name's head that is a place is never a short form (苏州银行 -/-> 苏州).
PLACES = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 "
    "海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙 广西 西藏 宁夏 新疆 香港 澳门 深圳 广州 杭州 南京 "
    "苏州 无锡 宁波 厦门 青岛 大连 沈阳 长春 哈尔 济南 郑州 武汉 长沙 成都 西安 合肥 福州 南昌 昆明 "
    "贵阳 南宁 兰州 太原 石家 呼和 乌鲁 拉萨 银川 西宁 海口 三亚 珠海 佛山 东莞 中山 惠州 温州 绍兴 "
    "嘉兴 湖州 金华 台州 常州 南通 扬州 徐州 烟台 潍坊 淄博 唐山 保定 洛阳 芜湖 中国 全国 国际".split()
)


_CLAUSE_CHARS = "。；;！!？?\n"
_SUBCLAUSE_CHARS = "，," + _CLAUSE_CHARS
_STOP_PATTERNS = {chars: regex.compile("[" + regex.escape(chars) + "]") for chars in (_CLAUSE_CHARS, _SUBCLAUSE_CHARS)}


@lru_cache(maxsize=8)
def _stops(text: str, chars: str) -> list[int]:
    """Offsets of ``chars`` in ``text``, sorted: computed once per text (memoised;
    the function is pure, so the cache holds no state of its own)."""
    return [m.start() for m in _STOP_PATTERNS[chars].finditer(text)]


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


def near(text: str, start: int, end: int, width: int = 8) -> str:
    """The text just around a span (same sub-clause only), the span itself blanked out."""
    lo, hi = subclause_bounds(text, start, end)
    return text[max(lo, start - width) : start] + "\x00" + text[end : min(hi, end + width)]


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


def _list_closing(text: str, end: int, rx: regex.Pattern, limit: int = 80) -> str | None:
    """The word matched by ``rx`` that closes the enumeration starting right after ``end``.

    Items are separated by 、/和/及/与 and at most 8 characters long; the
    closing word may follow the name or any item directly, after an optional 等.
    Linear: each position of the window is looked at a bounded number of times.
    """
    stop = min(len(text), end + limit)
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


def _is_punct(ch: str) -> bool:
    return ch in "，,。；;！!？?：:“”\"（）()《》【】\n\t "


def board_cue(text: str, start: int, end: int) -> str | None:
    """A board word that names the span as a sector: directly after it (煤炭板块,
    锂矿概念) or closing an enumeration it belongs to (煤炭、储能等板块).

    >>> board_cue("白酒、储能等板块涨幅居前", 0, 2), board_cue("白酒消费，煤炭板块", 0, 2)
    ('板块', None)
    """
    return _list_closing(text, end, BOARD_CUES)


def theme_cue(text: str, start: int, end: int) -> str | None:
    """A theme word after a company name or its enumeration (苹果概念股, 特斯拉、光伏等概念股).

    >>> theme_cue("稀土、特斯拉、光伏等概念股", 3, 6), theme_cue("特斯拉股价", 0, 3)
    ('概念股', None)
    """
    return _list_closing(text, end, THEME_CUES)


def list_stock_cue(text: str, start: int, end: int) -> str | None:
    """A stock word closing the enumeration a name is in (阿里、拼多多等互联网股票).

    >>> list_stock_cue("阿里、拼多多等互联网股票", 0, 2)
    '互联网股票'
    """
    return _list_closing(text, end, _STOCK_LIST_END, limit=60) if text[end:end + 1] in _LIST_SEPARATORS else None


def listed_with_names(text: str, start: int, end: int, item_starts: set[int], item_ends: set[int]) -> bool:
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


_VENUE_BEFORE = regex.compile(r"(?:在|于|登陆|赴|到)$")
_VENUE_AFTER = regex.compile(r"(?:上市|挂牌|公告|递表|发布公告|提交|披露)")
_FOREIGN_MARKET = regex.compile(r"(?:港股|美股|H股|中概股?)$")


def venue_use(text: str, start: int, end: int) -> bool:
    """An exchange's name used as the place of a filing or listing (在港交所公告).

    >>> venue_use("公司在港交所公告称", 3, 6), venue_use("港交所股价上涨", 0, 3)
    (True, False)
    """
    return bool(_VENUE_BEFORE.search(text, max(0, start - 2), start)) and bool(_VENUE_AFTER.match(text, end))


def foreign_market_before(text: str, start: int) -> bool:
    """A market word right before a sector name (港股半导体): another market's sector."""
    return bool(_FOREIGN_MARKET.search(text, max(0, start - 3), start))


# What a company does right after its short name (光明表示, 联想发布): a short form
# that is also an ordinary word (光明的, 联想到) links only before one of these.
_COMPANY_ACT = regex.compile(
    r"表示|称|宣布|发布|公告|披露|回应|透露|指出|认为|方面|董事|股东|公司|集团|旗下|业绩|营收|净利|"
    r"股价|股份|股票|市值|涨|跌|董事长|总裁|CEO|高管|管理层|计划|拟|已|将")
# A name followed by these is a commodity or a product market, not the stock (苹果期货).
_COMMODITY_AFTER = regex.compile(r"期货|期权|主力合约|现货|价格|产量|产区|种植|批发")


def company_act_after(text: str, end: int) -> str | None:
    """A company's act right after a short form (光明表示), or None (光明的前途).

    >>> company_act_after("光明表示将扩产", 2), company_act_after("前途是光明的", 5)
    ('表示', None)
    """
    m = _COMPANY_ACT.match(text, end)
    return m.group(0) if m else None


def commodity_after(text: str, end: int) -> bool:
    """Whether a commodity or price word follows the name (苹果期货, 苹果价格).

    >>> commodity_after("苹果期货主力合约涨停", 2), commodity_after("苹果股价大涨", 2)
    (True, False)
    """
    return bool(_COMMODITY_AFTER.match(text, end))


def index_cue(text: str, start: int, end: int) -> str | None:
    """A market-move word right after an index name (涨, 跌, 报3600点...)."""
    m = INDEX_CUES.search(text[end : end + 4])
    return m.group(0) if m else None


def listing_cue(text: str, start: int, end: int) -> str | None:
    """Which listing the text around a name points to: ``HK``, ``US``, ``A`` or None."""
    lo, hi = subclause_bounds(text, start, end)
    ctx = text[max(lo, start - 20) : min(hi, end + 20)]
    for label, rx in (("HK", _HK_CUES), ("US", _US_CUES), ("A", _A_CUES)):
        if rx.search(ctx):
            return label
    return None


def article_listing(text: str) -> str | None:
    """The market an article is about, when its cue words say so clearly.

    >>> article_listing("港股收盘，恒指跌1%，腾讯涨2%，港元走弱")
    'HK'
    """
    counts = {label: len(rx.findall(text)) for label, rx in (("HK", _HK_CUES), ("US", _US_CUES), ("A", _A_CUES))}
    best = max(counts, key=lambda label: counts[label])
    ordered = sorted(counts.values(), reverse=True)
    if (ordered[0] >= 1 and ordered[1] == 0) or (ordered[0] >= 2 and ordered[0] >= 2 * ordered[1]):
        return best
    return None


def alias_in_force(alias: Alias, date: _dt.date | None) -> bool:
    """A dated name is in force when the article falls inside its validity.

    An undated article accepts every name; a former name is in force until
    the rename (``valid_to``), exclusive.
    """
    if date is None:
        return True
    if alias.valid_from and date < alias.valid_from:
        return False
    if alias.valid_to and date >= alias.valid_to:
        return False
    return True


ALIAS_PRIORITY = {
    "name": 0, "full_name": 1, "extended_name": 1, "raw_name": 1, "status_stripped": 2,
    "full_name_short": 3, "hk_base": 3, "english": 4, "ticker": 4, "short_form": 5,
    "board_base": 5, "former": 6, "old_code": 7,
}
KIND_PRIORITY = {"stock": 0, "index": 1, "fund": 2, "board": 3, "bond": 4, "future": 5}


def rank_alias(alias: Alias, kind: str, listing: str | None, exchange: str) -> tuple:
    """Sort key among the securities one name may mean; smaller is better.

    Stocks before boards; a name still in use before one with an end date
    (a Beijing stock's old code line); the market the text points to (港股 ->
    HK), else A shares before Hong Kong before US; then a current name before
    other kinds of alias.
    """
    market_rank = {"SH": 1, "SZ": 1, "BJ": 1, "HK": 2, "US": 3}.get(exchange, 4)
    if listing == exchange or (listing == "A" and market_rank == 1):
        market_rank = 0
    ended = alias.valid_to is not None  # a name that has an end date loses to one still in use
    return (KIND_PRIORITY.get(kind, 9), ended, market_rank, ALIAS_PRIORITY.get(alias.alias_type, 9), alias.secid)


def short_forms(name: str) -> list[str]:
    """Short forms of a name that later mentions in the same article may use.

    >>> short_forms("光明乳业"), short_forms("苏州银行")
    (['光明'], [])
    """
    if not name.endswith(_INDUSTRY_SUFFIXES):
        return []
    forms = []
    for suffix in _INDUSTRY_SUFFIXES:
        if name.endswith(suffix):
            head = name[: -len(suffix)]
            if len(head) >= 2 and head not in PLACES and not head.isascii():
                forms.append(head)
            break
    return forms


def salience(count: int, first_start: int, text_len: int, in_title: bool, tagged: bool) -> float:
    """Salience in [0, 1]: mentions (saturating at 4), earliness, title, publisher tag.

    >>> salience(1, 0, 100, True, True) > salience(1, 90, 100, False, False)
    True
    """
    early = 1.0 - (first_start / text_len if text_len else 0.0)
    score = 0.35 * min(count, 4) / 4 + 0.25 * early + 0.25 * in_title + 0.15 * tagged
    return round(min(1.0, max(0.0, score)), 4)


# -- the shape of a name in its text -------------------------------------------

_SHARE_CLASS = regex.compile(r"[A-Za-z]{1,2}股")
_LATIN_RUN = regex.compile(r"[A-Za-z][A-Za-z0-9+]*")
_ORG_TAIL = ("股份有限公司", "有限责任公司", "有限公司")
# Words that may follow a name inside a longer name of the same thing
# (中国银河证券 is 中国银河, 酿酒板块 is 酿酒).
NAME_SUFFIXES = ("证券", "银行", "保险", "集团", "股份", "控股", "公司", "板块", "概念")


def abbreviates(piece: str, name: str) -> bool:
    """``piece`` shortens ``name``: same first character, its characters in order.

    >>> abbreviates("银娱", "银河娱乐"), abbreviates("港交所", "香港交易所")
    (True, False)
    """
    if len(piece) < 2 or len(piece) >= len(name) or piece[0] != name[0]:
        return False
    it = iter(name)
    return all(ch in it for ch in piece)


def product_after(text: str, end: int) -> bool:
    """Latin letters glued to the end of a Chinese name name a product (小鹏P5), not
    a share class (长城汽车H股) or a market (比亚迪ADR is rare enough to lose).

    >>> product_after("小鹏P5上市", 2), product_after("长城汽车H股涨", 4)
    (True, False)
    """
    m = _LATIN_RUN.match(text, end)
    return bool(m) and not _SHARE_CLASS.match(text, end)


def inside_org_name(text: str, end: int) -> bool:
    """Whether the text after ``end`` runs on, without punctuation and without
    another 公司, into 有限公司 (杭州阿里创业投资有限公司: a longer organisation name).

    >>> inside_org_name("杭州阿里创业投资有限公司", 4), inside_org_name("知乎关联公司智者四海技术有限公司", 2)
    (True, False)
    """
    tail = text[end : end + 20]
    if "有限" not in tail:  # in every suffix of _ORG_TAIL
        return False
    i = min((k for k in (tail.find(s) for s in _ORG_TAIL) if k != -1), default=-1)
    if i == -1:
        return False
    between = tail[:i]
    return "公司" not in between and all(ch.isalnum() or ch in "()（）" for ch in between)


def suffixed_name(text: str, start: int, end: int, cuts, hits: Sequence[tuple[int, int, str]]) -> bool:
    """A name whose end is not a word boundary only because a generic suffix
    follows it (中国银河|证券 read as 中国 / 银河证券), when no other dictionary name
    crosses its end (中国平安银行: 平安银行 does, so 中国平安 is not accepted).

    ``cuts`` holds the text's word boundaries; ``hits`` are all name hits, sorted.

    >>> suffixed_name("中国银河证券", 0, 4, {0, 2, 6}, [(0, 4, "中国银河")])
    True
    """
    for suffix in NAME_SUFFIXES:
        if text.startswith(suffix, end) and end + len(suffix) in cuts:
            # hits are sorted by start: only those starting inside the name can cross its end
            i = bisect.bisect_right(hits, (start, len(text) + 1, ""))
            while i < len(hits) and hits[i][0] < end:
                if hits[i][1] > end:
                    return False
                i += 1
            return True
    return False


class Occupied:
    """Disjoint half-open spans, with an O(log n) overlap test.

    >>> occ = Occupied([(0, 4)]); occ.overlaps(3, 5), occ.overlaps(4, 6)
    (True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for a, b in spans:
            self.add(a, b)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        j = i + 1
        return j < len(self._starts) and self._starts[j] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def drop_overlapping(kept: Iterable[tuple[int, int]], spans: Iterable) -> list:
    """The items of ``spans`` (having ``start``/``end``) that overlap none of ``kept``."""
    occ = Occupied(kept)
    return [s for s in spans if not occ.overlaps(s.start, s.end)]


def longest_first(mentions: Iterable) -> list:
    """Non-overlapping choice: longer spans first, then higher confidence, then leftmost."""
    if not isinstance(mentions, list):
        mentions = list(mentions)
    if len(mentions) < 2:
        return mentions[:]  # nothing to choose between
    occ = Occupied()
    chosen = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), -m.confidence, m.start)):
        if not occ.overlaps(m.start, m.end):
            occ.add(m.start, m.end)
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)
