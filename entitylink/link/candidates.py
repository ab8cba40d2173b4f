"""Candidates: every dictionary name and every code the text holds, before any decision.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it may import
the top-level shared modules, ``read/`` and ``knowledge/``, and other ``link/`` modules.

One Aho-Corasick pass finds the names (``matcher.py``), one regex pass the codes
(``codes.py``); a bracketed code takes the secid of the name before it when their codes
agree; a name written with the word 板块 is the name, 板块 its cue. Whether a name is a
whole word is asked later and only when needed (``suffixed_name`` helps answer it).

    >>> text = "长城汽车(代码:601633)"
    >>> bracket_start(text, CodeHit(8, 14, "601633", "1.601633", True, True))
    4
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from entitylink.knowledge.dictionary import Alias, Dictionary
from entitylink.link.codes import CodeHit
from entitylink.link.matcher import NameMatcher

# A name glued to one of these is the name (酿酒板块 is 酿酒): the word is its cue.
BOARD_WORDS = ("板块",)
# Words that may follow a name inside a longer name of the same thing
# (中国银河证券 is 中国银河, 酿酒板块 is 酿酒).
NAME_SUFFIXES = ("证券", "银行", "保险", "集团", "股份", "控股", "公司", "板块", "概念")

# A budget of N mentions lets an article hold up to this many times N name hits.
CANDIDATES_PER_MENTION = 4

Hit = tuple[int, int, str]  # (start, end, name) of one name found in the text


class Boundaries(Protocol):
    """Word boundaries of a text, asked one offset at a time (``segment.WordBoundaries``, or a set)."""

    def __contains__(self, pos: int, /) -> bool: ...


@dataclass(slots=True)
class Candidate:
    """One dictionary name at one place, with every alias that name has."""

    start: int
    end: int
    name: str
    aliases: tuple[Alias, ...]  # every alias the name has
    current: Sequence[Alias]  # those in force at the article's date (``aliases_in_force``)


def aliases_in_force(aliases: tuple[Alias, ...], date: _dt.date | None) -> Sequence[Alias]:
    """The aliases in force at ``date``: those whose validity the date falls inside.

    An undated article accepts every name; a former name is in force until
    the rename (``valid_to``), exclusive.

    >>> old = Alias("慧球科技", "1.600556", "former", False, None, _dt.date(2019, 1, 1), "x")
    >>> len(aliases_in_force((old,), _dt.date(2018, 12, 31))), len(aliases_in_force((old,), _dt.date(2019, 1, 1)))
    (1, 0)
    """
    if date is None:
        return aliases
    return [a for a in aliases
            if not (a.valid_from and date < a.valid_from) and not (a.valid_to and date >= a.valid_to)]


def board_words_kept(hits: Iterable[Hit], names: Iterable[str]) -> array | None:
    """The positions of the ``hits`` kept (None: all of them): less those that are another hit at
    the same place plus 板块 (酿酒板块 is 酿酒 named as a board). ``names``: the hits' distinct
    names, for the cheap first check; the hits are read twice and never held as a set.

    >>> board_words_kept([(0, 2, "酿酒"), (0, 4, "酿酒板块")], ["酿酒", "酿酒板块"]).tolist()
    [0]
    >>> board_words_kept([(0, 4, "酿酒板块")], ["酿酒板块"]) is None
    True
    """
    if not any(n.endswith(BOARD_WORDS) for n in names):
        return None
    board = {(s, n[:-2]) for s, _, n in hits if n.endswith(BOARD_WORDS)}
    present = {(s, n) for s, _, n in hits if (s, n) in board}
    if not present:
        return None
    return array("q", (k for k, (s, _, n) in enumerate(hits)
                       if not (n.endswith(BOARD_WORDS) and (s, n[:-2]) in present)))


def codes_named_before(matcher: NameMatcher, dictionary: Dictionary, text: str,
                       hits: list[CodeHit]) -> list[CodeHit]:
    """A bracketed code means what the name before it means when their codes agree:
    上证指数(000001) is the index 1.000001, not the Shenzhen stock 0.000001."""
    out = []
    for h in hits:
        end = bracket_start(text, h)
        code = h.secid.split(".", 1)[1]
        if end > 0 and not h.explicit:
            for s, _, name in matcher.find(text[max(0, end - 16):end]):
                if s + len(name) != min(end, 16):
                    continue
                same = [a.secid for a in dictionary.lookup(name) if a.secid.split(".", 1)[1] == code]
                if same and h.secid not in same:
                    h = dataclasses.replace(h, secid=same[0])
        out.append(h)
    return out


def bracket_start(text: str, hit: CodeHit) -> int:
    """Where the name before a bracketed code ends: the opening bracket's offset,
    also past a label (长城汽车（代码：601633）, 苹果(NASDAQ:AAPL)), or -1."""
    i = hit.start - 1
    while i >= max(0, hit.start - 14):
        ch = text[i]
        if ch in "([【":
            return i
        if ch in ")]】，,。；;!?！？\n":
            return -1
        i -= 1
    return -1


def suffixed_name(text: str, start: int, end: int, cuts: Boundaries, hits: Sequence[Hit]) -> bool:
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
