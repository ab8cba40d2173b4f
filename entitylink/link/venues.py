"""Family: an exchange or an index named as a place, a source or an operator is not a security.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
nothing of the package. Principle: a listed exchange (港交所, HKEX) or an index (纳斯达克,
恒生) is the security only when the text speaks of it as one (its price, its results, its
level). It is not when the text names it

- as the place where others list, file or trade: a place word before it (在, 于, 赴, 向,
  登陆, 转至 …) or a listing word after it (上市, 挂牌, 主板, 递表, 聆讯 …);
- as a source: 据港交所…, 港交所数据显示, 港交所披露易, 港交所文件;
- as a market operator among its peers (港交所与上交所、深交所…) or by one of its organs
  (上市委员会, 上市科);
- inside the name of the company that compiles an index (恒生指数公司, 道琼斯指数公司).

Only the characters right around the name are looked at.

    >>> venue_use("公司赴纳斯达克上市", 3, 7), venue_use("港交所股价涨2%", 0, 3), venue_use("据上交所公告", 1, 4)
    ('place', None, 'source')
"""

from __future__ import annotations

import regex

# A word right before the name that makes it a place or a source.
_PLACE_BEFORE = regex.compile(r"(?:在|于|赴|向|到|从|至|登陆|登录|转至|转往|转板|回归|落户)$")
_SOURCE_BEFORE = regex.compile(r"(?:据|根据|援引|来自|经|通过|获)$")
# A word right after the name that makes it the place of a listing, filing or trading.
_PLACE_AFTER = regex.compile(
    r"(?:主板|创业板|科创板|GEM|上市|挂牌|IPO|递表|递交|提交|聆讯|审核|批准|核准|受理|交易时段|交易系统|"
    r"上市委员会|上市委|上市科|上市规则|规则|互联互通)")
# A word right after the name that makes it a source of data or filings.
_SOURCE_AFTER = regex.compile(r"(?:数据|资料|统计|披露易|文件|网站|官网|公告显示|信息显示|显示|发布的)")
# Peers a market operator is named with (港交所与上交所、深交所).
_PEERS = regex.compile(
    r"(?:[与和及、]|以及)(?:上交所|深交所|北交所|纽交所|伦交所|港交所|新交所|东交所|上海证券交易所|深圳证券交易所)"
)
_PEERS_BEFORE = regex.compile(r"(?:上交所|深交所|北交所|纽交所|伦交所|新交所|东交所|证券交易所)(?:[与和及、]|以及)$")
# The compiler of an index, named with the index.
_COMPILER = regex.compile(r"(?:指数)?(?:有限)?公司")
# A cue that the text speaks of the security itself (its price, its results).
_OWN = regex.compile(r"(?:股价|股份|收涨|收跌|涨|跌|市值|业绩|净利|营收|股东|\()")


def venue_use(text: str, start: int, end: int, index: bool = False) -> str | None:
    """How an exchange or index name at ``[start, end)`` is used when not as a security:
    ``place``, ``source``, ``operator`` or ``compiler``; None when it is the security.
    An index (``index``) is a place only before a listing word (赴纳斯达克上市: 在沪深300中
    is still the index) and otherwise only its compiler's name."""
    if _OWN.match(text, end):
        return None
    if index:
        if _PLACE_AFTER.match(text, end):
            return "place"
        return "compiler" if _COMPILER.match(text, end) else None
    before = text[max(0, start - 4):start]
    if _SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(text, end):
        return "source"
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text, end):
        return "place"
    if _PEERS.match(text, end) or _PEERS_BEFORE.search(text[max(0, start - 8):start]):
        return "operator"
    if _COMPILER.match(text, end):
        return "compiler"
    return None


def is_exchange(name: str, security_name: str, kind: str) -> bool:
    """Whether the name is an exchange's or an index's (the only ones with venue uses).

    >>> is_exchange("港交所", "香港交易所", "stock"), is_exchange("腾讯", "腾讯控股", "stock")
    (True, False)
    """
    return kind == "index" or "交易所" in security_name or name.endswith(("交所", "交易所", "HKEX", "Exchange"))
