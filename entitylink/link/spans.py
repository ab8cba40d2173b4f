"""The overlap policy: which of several mentions that cover the same characters is kept.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
only ``models`` and other ``link/`` modules. The policy, in the manner of spaCy's span
filters, one named function per rule, applied in this order:

1. ``prefer_tags``: the publisher's tags are kept as published; a code written in the
   text is kept where it overlaps no tag;
2. ``choose_names``: names longest first, one length at a time, each only where nothing
   kept overlaps it (a name inside an accepted longer one, 比亚迪 in 比亚迪电子, is never
   even resolved); among names of one length ``longest_first`` chooses;
3. abbreviations and propagated short forms (``propagate.py``) fill only free spans.

``Occupied`` records the spans kept so far.

    >>> occ = Occupied([(0, 4)]); occ.overlaps(3, 5), occ.overlaps(4, 6)
    (True, False)
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from entitylink.link.candidates import Candidate
from entitylink.link.codes import CodeHit
from entitylink.link.hit_table import CandidateTable
from entitylink.models import Mention, mention_row, mention_table

_START = operator.attrgetter("start")


class Occupied:
    """Half-open spans taken so far: one byte per character, so adding a span and asking
    whether one overlaps cost O(its length) in C, whatever the number of spans added
    (sorted lists cost O(n) per insertion in the middle: O(n^2) for an article's names).

    ``base`` is the smallest offset that will be added or asked about (the bytes start there).
    """

    __slots__ = ("_base", "_taken")

    def __init__(self, spans: Iterable[tuple[int, int]] = (), *, base: int = 0) -> None:
        self._base = base
        self._taken = bytearray()
        for a, b in spans:
            self.add(a, b)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a span already added."""
        base = self._base
        s, e = start - base, end - base
        return self._taken.find(1, s if s > 0 else 0, e if e > 0 else 0) != -1

    def add(self, start: int, end: int) -> None:
        """Record ``[start, end)`` as taken."""
        s, e = start - self._base, end - self._base
        if s < 0:  # before the base: move it (never happens for the callers here)
            self._taken[0:0] = bytes(-s)
            self._base, s, e = start, 0, e - s
        if e <= s:
            return
        taken = self._taken
        if e > len(taken):
            taken.extend(bytes(max(e - len(taken), len(taken) // 2)))
        taken[s:e] = b"\x01" * (e - s)


def prefer_tags(tags: Sequence[Mention], codes: Sequence[CodeHit]) -> tuple[Occupied, list[CodeHit]]:
    """Tags win: every tag is kept (even one overlapping another tag), and a code only where
    it overlaps no tag. Returns the spans taken by both and the codes kept.

    >>> tag = Mention(start=0, end=4, surface="光明乳业", secid="1.600597", kind="stock", method="tag",
    ...               confidence=1.0)
    >>> occupied, kept = prefer_tags([tag], [CodeHit(2, 8, "600597", "1.600597", True, False)])
    >>> kept, occupied.overlaps(4, 5)
    ([], False)
    """
    occupied = Occupied((m.start, m.end) for m in tags)
    kept = [h for h in codes if not occupied.overlaps(h.start, h.end)]
    for h in kept:
        occupied.add(h.start, h.end)
    return occupied, kept


def by_length(candidates: Iterable[Candidate]) -> list[list[Candidate]]:
    """The candidates in groups of one length, longest first, each group left to right (in the
    order given where two start together).

    >>> [[c.name for c in g] for g in by_length([Candidate(0, 2, "光明", (), ()), Candidate(0, 4, "光明乳业", (), ())])]
    [['光明乳业'], ['光明']]
    """
    # lists of the candidates themselves, no key per candidate (a long article has millions)
    groups: dict[int, list[Candidate]] = {}
    for c in candidates:
        group = groups.get(c.end - c.start)
        if group is None:
            groups[c.end - c.start] = [c]
        else:
            group.append(c)
    out = [groups[length] for length in sorted(groups, reverse=True)]
    for group in out:
        if any(group[i].start > group[i + 1].start for i in range(len(group) - 1)):
            group.sort(key=_START)  # stable: candidates of one start keep their order
    return out


def longest_first(mentions: Iterable) -> list:
    """Non-overlapping choice: longer spans first, then higher confidence, then leftmost.

    The items need ``start``, ``end`` and ``confidence``; the choice comes back in text order.
    """
    if not isinstance(mentions, list):
        mentions = list(mentions)
    if len(mentions) < 2:
        return mentions[:]  # nothing to choose between
    occ = Occupied(base=min(m.start for m in mentions))
    chosen = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), -m.confidence, m.start)):
        if not occ.overlaps(m.start, m.end):
            occ.add(m.start, m.end)
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def choose_names(candidates: Iterable[Candidate], occupied: Occupied,
                 resolve: Callable[[Candidate], Mention | None], into: Any = None) -> list[Mention]:
    """The names linked where nothing kept overlaps them, longest first (``by_length``), and
    among those of one length by ``longest_first``; each one kept is added to ``occupied``
    and appended to ``into`` (a new list by default), which is returned.

    ``resolve`` decides one candidate (``resolve.py``); it runs only for free spans, so a
    name inside a longer accepted one costs nothing. A group's names are held as a
    ``MentionTable`` until chosen (a long article's group holds a million); when none of them
    overlaps another, all are kept in text order, what ``longest_first`` would choose.
    """
    linked: Any = [] if into is None else into
    groups = candidates.by_length() if isinstance(candidates, CandidateTable) else by_length(candidates)
    overlaps = occupied.overlaps
    for group in groups:
        found = mention_table()
        crossed, last_end = False, -1
        for c in group:
            if not overlaps(c.start, c.end):
                m = resolve(c)
                if m is not None:
                    crossed = crossed or m.start < last_end
                    if m.end > last_end:
                        last_end = m.end
                    found.append(mention_row(m))
        for m in (longest_first(list(found)) if crossed else found):
            occupied.add(m.start, m.end)
            linked.append(m)
    return linked
