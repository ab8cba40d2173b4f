"""Vetoes: uses of a listed company's name that are not its stock.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``link/cues.py`` and ``link/candidates.py`` only. Each veto is a predicate over the folded
text and a candidate name; ``resolve.py`` asks them, in the order of ``VETOES``, for a
stock the article does not otherwise support (no tag, code or unambiguous name of it).

    >>> vetoed("苹果概念股", Candidate(0, 2, "苹果", (), ())), vetoed("苹果股价", Candidate(0, 2, "苹果", (), ()))
    ('theme', None)
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from entitylink.link import cues
from entitylink.link.candidates import Candidate

_ORG_TAIL = ("股份有限公司", "有限责任公司", "有限公司")
_SHARE_CLASS = regex.compile(r"[A-Za-z]{1,2}股")
_LATIN_RUN = regex.compile(r"[A-Za-z][A-Za-z0-9+]*")
# A name followed by these is a commodity or a product market, not the stock (苹果期货).
_COMMODITY_AFTER = regex.compile(r"期货|期权|主力合约|现货|价格|产量|产区|种植|批发")
_VENUE_BEFORE = regex.compile(r"(?:在|于|登陆|赴|到)$")
_VENUE_AFTER = regex.compile(r"(?:上市|挂牌|公告|递表|发布公告|提交|披露)")


def theme(text: str, c: Candidate) -> bool:
    """A theme word after the name or its enumeration (苹果概念股, 特斯拉、光伏等概念股)."""
    return bool(cues.theme_cue(text, c.start, c.end))


def inside_organisation(text: str, c: Candidate) -> bool:
    """The text after the name runs on, without punctuation and without another 公司,
    into 有限公司 (杭州阿里创业投资有限公司: a longer organisation's name).

    >>> inside_organisation("杭州阿里创业投资有限公司", Candidate(2, 4, "阿里", (), ()))
    True
    >>> inside_organisation("知乎关联公司智者四海技术有限公司", Candidate(0, 2, "知乎", (), ()))
    False
    """
    tail = text[c.end : c.end + 20]
    if "有限" not in tail:  # in every suffix of _ORG_TAIL
        return False
    i = min((k for k in (tail.find(s) for s in _ORG_TAIL) if k != -1), default=-1)
    if i == -1:
        return False
    between = tail[:i]
    return "公司" not in between and all(ch.isalnum() or ch in "()（）" for ch in between)


def product(text: str, c: Candidate) -> bool:
    """Latin letters glued to the end of a Chinese name name a product (小鹏P5, 东方财富Choice),
    not a share class (长城汽车H股) or a market (比亚迪ADR is rare enough to lose).

    >>> product("小鹏P5上市", Candidate(0, 2, "小鹏", (), ())), product("长城汽车H股涨", Candidate(0, 4, "长城汽车", (), ()))
    (True, False)
    """
    return bool(_LATIN_RUN.match(text, c.end)) and not _SHARE_CLASS.match(text, c.end) and not c.name.isascii()


def commodity(text: str, c: Candidate) -> bool:
    """A commodity or price word after the name (苹果期货主力合约, 苹果价格): the commodity.

    >>> commodity("苹果期货主力合约涨停", Candidate(0, 2, "苹果", (), ()))
    True
    """
    return bool(_COMMODITY_AFTER.match(text, c.end))


def venue(text: str, c: Candidate) -> bool:
    """An exchange's name used as the place of a filing or listing (在港交所公告), not its stock.

    >>> venue("公司在港交所公告称", Candidate(3, 6, "港交所", (), ())), venue("港交所股价上涨", Candidate(0, 3, "港交所", (), ()))
    (True, False)
    """
    return bool(_VENUE_BEFORE.search(text, max(0, c.start - 2), c.start)) and bool(_VENUE_AFTER.match(text, c.end))


VETOES: tuple[Callable[[str, Candidate], bool], ...] = (theme, inside_organisation, product, commodity, venue)
"""The uses of a stock's name that are not the stock, asked in this order."""


def vetoed(text: str, c: Candidate) -> str | None:
    """The name of the first veto that applies to the name at ``c``, or None."""
    for veto in VETOES:
        if veto(text, c):
            return veto.__name__
    return None
