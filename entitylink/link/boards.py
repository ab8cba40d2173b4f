"""Family: where the text names a sector as a market board, and where it does not.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``link/cues.py`` only. Principle: a sector word is an Eastmoney board when the text speaks of
the market's sectors, wherever the board word stands:

- after the name or its list (煤炭板块, 白酒、储能等板块, 锂矿概念): ``cues.board_cue``;
- before the list, as its opener (板块方面，半导体、CPO…领涨; 行业板块中，酿酒行业涨2%);
- as the industry board's own name with 行业 and a move (酿酒行业涨2.3%);
- as the directions a board move names (新能源板块拉升，储能、锂电池方向领涨);
- in the board's own name when that name says it is a board (北京板块, 黄金概念, 字节概念股):
  the board word is part of the name, so it needs none after it.

It is not a board when a company owns it: 公司新能源板块营收, 集团的保险板块 are business
segments. Each check looks at the name's edges or, for an opener, back to the start of the
name's clause (at most ``_OPENER_REACH`` characters).

    >>> board_evidence("板块方面，半导体、CPO等方向领涨", 5, 8), board_evidence("公司新能源板块营收增长", 2, 5)
    ('opener:板块方面', None)
"""

from __future__ import annotations

import regex

from entitylink.link import cues

_OPENER_REACH = 60
# Openers of a list of sectors in a market wrap (板块方面，… / 行业板块中，… / 盘面上，…).
_OPENER = regex.compile(r"(?:行业板块|概念板块|板块)(?:方面|中|上)|盘面上|行业方面|概念方面|题材方面")
# Every opener holds one of these words.
_OPENER_WORDS = ("板块", "方面", "盘面上")
# Every word a direction list may close with (``_DIRECTION``).
_DIRECTION_WORDS = ("方向", "赛道", "分支")
# What ends the items after an opener: a clause of prose, not a list of sectors.
_PROSE = regex.compile(r"[。；;！!？?\n]")
# An industry board named with 行业 and a move (酿酒行业涨2.3%, 煤炭行业走强).
_INDUSTRY_MOVE = regex.compile(
    r"行业(?:板块)?(?:涨|跌|走强|走弱|领涨|领跌|收涨|收跌|拉升|走高|走低|大涨|大跌|飘红|翻红|活跃)"
)
# Directions that a board move names (储能、锂电池方向领涨).
_DIRECTION = regex.compile(r"方向|赛道|分支")
# Board words a board's own name may end in (北京板块, 黄金概念); not 行业: 钢铁行业 is also the
# steel industry of running prose.
_OWN_BOARD_WORDS = ("板块", "概念")
# An owner right before a segment (公司新能源板块, 集团的保险板块, 其…).
_OWNER_BEFORE = regex.compile(r"(?:公司|集团|企业|其|旗下|本行|该行)(?:的|旗下)?$")


def board_evidence(text: str, start: int, end: int) -> str | None:
    """What names the span ``[start, end)`` as a market board, or None (a business segment
    never is one)."""
    if business_segment(text, start, end):
        return None
    return market_board_words(text, start, end)


def market_board_words(text: str, start: int, end: int) -> str | None:
    """``board_evidence`` for a span already known to be no business segment: the words
    around it that speak of the market's sectors, or None."""
    cue = cues.board_cue(text, start, end)
    if cue:
        return cue
    if text.startswith("行业", end) and _INDUSTRY_MOVE.match(text, end):
        return "行业"
    opener = opener_before(text, start)
    if opener and _is_item(text, start, end):
        return "opener:" + opener
    if _list_item_of_direction(text, start, end):
        return "direction"
    word = own_board_word(text, start, end)
    return "name:" + word if word else None


# Every cue ``market_board_words`` reads in the text around a name holds one of these words
# (``cues.BOARD_NEEDS``, 行业 of an industry move, the openers', the directions'), apart from a
# board word ending the name itself (``_OWN_BOARD_WORDS``).
CUE_WORDS = tuple(dict.fromkeys((*cues.BOARD_NEEDS, "行业", *_OPENER_WORDS, *_DIRECTION_WORDS)))


def speaks_of_boards(text: str) -> bool:
    """Whether the text holds any word a board cue needs (``CUE_WORDS``): in a text without
    one, only a name that ends in its own board word (北京板块, 黄金概念) can have
    ``market_board_words``, so a bare sector word there links only with support. Asked once per
    article (``ArticleContext.speaks_of_boards``).

    >>> speaks_of_boards("煤炭价格上涨"), speaks_of_boards("储能、锂电池方向领涨")
    (False, True)
    """
    return any(w in text for w in CUE_WORDS)


def own_board_word(text: str, start: int, end: int) -> str | None:
    """The board word that ends the span's own name (北京板块, 黄金概念), or None."""
    for word in _OWN_BOARD_WORDS:
        if end - start > len(word) and text.endswith(word, start, end):
            return word
    return None


def business_segment(text: str, start: int, end: int) -> bool:
    """A sector owned by a company right before it and followed by 板块/业务 (or a name that
    ends in 板块 itself): its business segment (公司新能源板块营收, 该集团湖北板块营收), not the
    market board.

    >>> business_segment("该集团的保险板块贡献六成利润", 4, 6), business_segment("保险板块走强", 0, 2)
    (True, False)
    >>> business_segment("该集团湖北板块营收增长", 3, 7)
    True
    """
    if not (text.startswith(("板块", "业务"), end) or text.endswith("板块", start, end)):
        return False  # a segment: 板块 or 业务 right after the name, or ending it
    return bool(_OWNER_BEFORE.search(text, max(0, start - 4), start))


def opener_before(text: str, start: int) -> str | None:
    """The list opener (板块方面, 行业板块中 …) earlier in the name's clause, or None.

    >>> opener_before("行业板块中，酿酒行业涨2.3%", 6), opener_before("公司表示，酿酒", 5)
    ('行业板块中', None)
    """
    reach = max(0, start - _OPENER_REACH)
    for word in _OPENER_WORDS:
        if text.find(word, reach, start) >= 0:
            break
    else:
        return None  # no opener in reach: the usual case, without the clause's bounds
    lo = max(cues.clause_bounds(text, start, start)[0], start - _OPENER_REACH)
    found = None
    for m in _OPENER.finditer(text, lo, start):
        found = m
    if found is None or _PROSE.search(text, found.end(), start):
        return None
    return found.group(0)


def _is_item(text: str, start: int, end: int) -> bool:
    """The span is a whole item of a list: a separator or the opener's punctuation before it,
    a separator, 等, 行业, a direction word or a move after it."""
    before = text[start - 1:start] if start else ""
    after = text[end:end + 2]
    return (before in ("、", "，", ",", "：", ":", "和", "及", "与")) and (
        after[:1] in ("、", "，", ",", "和", "及", "与", "等") or after.startswith(("行业", "方向", "板块", "概念"))
        or bool(regex.match(r"涨|跌|走强|走弱|领涨|领跌|活跃|拉升|走高", after)))


def _list_item_of_direction(text: str, start: int, end: int) -> bool:
    """An item of a list closed by 方向/赛道 in a clause that names a board (新能源板块拉升，
    储能、锂电池方向领涨)."""
    if not cues.list_closing(text, end, _DIRECTION, limit=40, needs=_DIRECTION_WORDS):
        return False
    lo = max(cues.clause_bounds(text, start, start)[0], start - _OPENER_REACH)
    return "板块" in text[lo:start] or "概念" in text[lo:start]
