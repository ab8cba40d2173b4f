"""Vetoes: uses of a listed company's name that are not its stock.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``link/cues.py``, ``link/candidates.py`` and the family modules (``inside_names.py``,
``products.py``, ``venues.py``) only. Each veto is a predicate over the folded
text and a candidate name; ``resolve.py`` asks ``not_the_security``: the shape of the
text around the name (a market word, a longer proper noun, a product, a venue) decides
always, a theme or commodity word only for a stock the article does not otherwise support
(no tag, code or unambiguous name of it).

    >>> vetoed("苹果概念股", Candidate(0, 2, "苹果", (), ())), vetoed("苹果股价", Candidate(0, 2, "苹果", (), ()))
    ('theme', None)
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import regex

from entitylink.knowledge.dictionary import Dictionary
from entitylink.link import cues
from entitylink.link.candidates import Candidate
from entitylink.link.inside_names import OwnNames, inside_name
from entitylink.link.products import Cuts, is_product
from entitylink.link.venues import is_exchange, venue_use

# A name followed by these is a commodity or a product market, not the stock (苹果期货).
_COMMODITY_AFTER = regex.compile(r"期货|期权|主力合约|现货|价格|产量|产区|种植|批发")
_COMMODITY_FIRST = frozenset("期主现价产种批")  # the first characters of its words
_EMPTY: tuple[str, ...] = ()


def _no_names() -> Collection[str]:
    return _EMPTY


def theme(text: str, c: Candidate) -> bool:
    """A theme word after the name or its enumeration (苹果概念股, 特斯拉、光伏等概念股)."""
    return bool(cues.theme_cue(text, c.start, c.end))


def inside_organisation(text: str, c: Candidate, own: OwnNames = _no_names, a_share: bool = True) -> bool:
    """The name is part of a longer proper noun that names another entity
    (``inside_names.py``): 杭州阿里创业投资有限公司, 五粮液集团, 招商银行信用卡中心, 何小鹏.

    >>> inside_organisation("杭州阿里创业投资有限公司", Candidate(2, 4, "阿里", (), ()))
    True
    >>> inside_organisation("知乎关联公司智者四海技术有限公司", Candidate(0, 2, "知乎", (), ()))
    False
    """
    if c.end - c.start < 2:
        return False
    return inside_name(text, c.start, c.end, c.name, own, a_share) is not None


def product(text: str, c: Candidate, cuts: Cuts = ()) -> bool:
    """A Chinese name heading a product, model, platform or app (``products.py``): 小鹏P5,
    比亚迪唐 (a one-character series: only with the text's word boundaries ``cuts``), 茅台1935,
    美团外卖; not a share class (长城汽车H股) or a date (光明乳业2023年).

    >>> product("小鹏P5上市", Candidate(0, 2, "小鹏", (), ()))
    True
    >>> product("长城汽车H股涨", Candidate(0, 4, "长城汽车", (), ()))
    False
    """
    return is_product(text, c.end, c.name, cuts)


def commodity(text: str, c: Candidate) -> bool:
    """A commodity or price word after the name (苹果期货主力合约, 苹果价格): the commodity.

    >>> commodity("苹果期货主力合约涨停", Candidate(0, 2, "苹果", (), ()))
    True
    """
    return text[c.end:c.end + 1] in _COMMODITY_FIRST and bool(_COMMODITY_AFTER.match(text, c.end))


def venue(text: str, c: Candidate) -> bool:
    """An exchange's name used as a place, a source or an operator (``venues.py``): 在港交所公告,
    据上交所…, 港交所数据显示, 赴纳斯达克上市; not its stock (港交所股价).

    >>> venue("公司在港交所公告称", Candidate(3, 6, "港交所", (), ()))
    True
    >>> venue("港交所股价上涨", Candidate(0, 3, "港交所", (), ()))
    False
    """
    return venue_use(text, c.start, c.end) is not None


def market_word(text: str, c: Candidate) -> bool:
    """A name that is itself a market word describing trading (交投, 成交, 两市, 大盘: a
    stripped status name or an old name that collides with one), ``cues.is_market_word``.

    >>> market_word("A股交投清淡", Candidate(2, 4, "交投", (), ()))
    True
    """
    return cues.is_market_word(c.name)


VETOES: tuple[Callable[[str, Candidate], bool], ...] = (theme, inside_organisation, product, commodity, venue)
"""The uses of a stock's name that are not the stock, asked in this order."""


def not_the_security(text: str, c: Candidate, kind: str, security_name: str, own: OwnNames,
                     supported: bool, a_share: bool = True, cuts: Cuts = ()) -> str | None:
    """Why the name at ``c`` is not the security here, or None.

    The shape of the text right around the name decides whatever else the article says
    (a product, a longer proper noun, a venue, a market word: 茅台1935 in an article about
    贵州茅台's stock is still the liquor); a theme or a commodity word only speaks when
    nothing else in the article names the stock (``supported``). ``cuts`` holds the text's
    word boundaries, asked only where a one-character product series may follow.
    """
    if kind == "index":
        return "venue" if venue_use(text, c.start, c.end, index=True) else None
    if kind != "stock":
        return None
    if market_word(text, c):
        return "market_word"
    if inside_organisation(text, c, own, a_share):
        return "inside_organisation"
    if product(text, c, cuts):  # its pre-check is ``product_after``'s own
        return "product"
    if is_exchange(c.name, security_name, kind) and venue(text, c):
        return "venue"
    if not supported:
        if theme(text, c):
            return "theme"
        if commodity(text, c):
            return "commodity"
    return None


def vetoed(text: str, c: Candidate) -> str | None:
    """The name of the first veto that applies to the name at ``c``, or None."""
    for veto in VETOES:
        if veto(text, c):
            return veto.__name__
    return None


def own_names(dictionary: Dictionary, secid: str) -> tuple[str, ...]:
    """The security's own names (every alias, English ones too): what an inside-name check
    compares a head with (伊利集团 is 伊利's own: 内蒙古伊利实业集团)."""
    sec = dictionary.security(secid)
    return ((sec.name,) if sec else ()) + tuple(a.text for a in dictionary.aliases_of(secid))
