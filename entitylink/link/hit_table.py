"""Name hits and candidates held as columns: a long article has millions of them.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``knowledge/`` (aliases) and ``candidates.py``. A hit as a tuple with its two int objects
takes some 140 bytes, a ``Candidate`` some 100 more; here a hit is two machine integers and
an index into the article's distinct names (20 bytes), and the candidates are made one at a
time as they are read (``CandidateTable``), each with the aliases of its name looked up once
per article.

    >>> hits = HitTable(); hits.extend([(0, 2, "光明"), (0, 4, "光明乳业")])
    >>> list(hits), hits[1], len(hits)
    ([(0, 2, '光明'), (0, 4, '光明乳业')], (0, 4, '光明乳业'), 2)
"""

from __future__ import annotations

import datetime as _dt
import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from entitylink.errors import BudgetExceeded
from entitylink.knowledge.dictionary import Alias, Dictionary
from entitylink.link.candidates import (
    BOARD_WORDS,
    CANDIDATES_PER_MENTION,
    Candidate,
    Hit,
    aliases_in_force,
    board_words_kept,
    codes_named_before,
)
from entitylink.link.codes import CodeHit, find_codes
from entitylink.link.matcher import NameMatcher


class HitTable(Sequence):
    """Hits ``(start, end, name)`` as columns, in the order added (sorted, as the matcher finds them)."""

    __slots__ = ("starts", "ends", "which", "names", "_index")

    def __init__(self, typecode: str = "q") -> None:
        # typecode "i" (4 bytes) for the offsets of a text shorter than 2**31 characters
        self.starts, self.ends, self.which = array(typecode), array(typecode), array("I")
        self.names: list[str] = []  # the distinct names, in order of first hit
        self._index: dict[str, int] = {}

    def extend(self, hits: Iterable[Hit]) -> None:
        # the columns in one go each (array.extend of a tuple runs in C); a new name gets the
        # next index in the order of first hit
        columns = tuple(zip(*hits))
        if not columns:
            return
        starts, ends, found = columns
        index, names = self._index, self.names
        for name in found:
            if name not in index:
                index[name] = len(names)
                names.append(name)
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.which.extend(map(index.__getitem__, found))

    def __len__(self) -> int:
        return len(self.which)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return (self.starts[i], self.ends[i], self.names[self.which[i]])

    def __iter__(self) -> Iterator[Hit]:
        names = self.names
        for s, e, w in zip(self.starts, self.ends, self.which):
            yield (s, e, names[w])


class CandidateTable(Sequence):
    """The candidates made of some of ``hits`` (``keep``: their positions, all by default), each
    with every alias its name has (``lookup``) and those in force at ``date``; made on access."""

    __slots__ = ("_hits", "_keep", "_lookup", "_date", "_aliases")

    def __init__(self, hits: HitTable, lookup: Callable[[str], tuple[Alias, ...]], date: _dt.date | None,
                 keep: array | None = None) -> None:
        self._hits, self._keep, self._lookup, self._date = hits, keep, lookup, date
        self._aliases: list[tuple[tuple[Alias, ...], Sequence[Alias]] | None] = [None] * len(hits.names)

    def _make(self, k: int) -> Candidate:
        hits = self._hits
        w = hits.which[k]
        pair = self._aliases[w]
        if pair is None:
            pair = self.aliases_of(w)
        return Candidate(hits.starts[k], hits.ends[k], hits.names[w], *pair)

    def aliases_of(self, w: int) -> tuple[tuple[Alias, ...], Sequence[Alias]]:
        """Every alias of the name of index ``w`` (in ``names``) and those in force, looked up once."""
        pair = self._aliases[w]
        if pair is None:
            aliases = self._lookup(self._hits.names[w])
            current = aliases if self._date is None else aliases_in_force(aliases, self._date)
            pair = self._aliases[w] = (aliases, current)
        return pair

    @property
    def names(self) -> list[str]:
        """The distinct names of the hits (the index ``w`` of ``rows`` and ``aliases_of``)."""
        return self._hits.names

    def rows(self) -> Iterator[tuple[int, int, int]]:
        """``(start, end, w)`` of each candidate in order, ``w`` the index of its name in ``names``:
        the candidates read without making them."""
        hits = self._hits
        if self._keep is None:
            return zip(hits.starts, hits.ends, hits.which)
        keep = self._keep
        return zip(map(hits.starts.__getitem__, keep), map(hits.ends.__getitem__, keep),
                   map(hits.which.__getitem__, keep))

    def positions(self) -> Iterable[int]:
        """The hits' positions of the candidates, in order."""
        return range(len(self._hits)) if self._keep is None else self._keep

    def __len__(self) -> int:
        return len(self._hits) if self._keep is None else len(self._keep)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self._make(i if self._keep is None else self._keep[i])

    def __iter__(self) -> Iterator[Candidate]:
        return map(self._make, self.positions())

    def starts(self) -> Iterator[int]:
        starts = self._hits.starts
        return map(starts.__getitem__, self.positions())

    def ends(self) -> Iterator[int]:
        ends = self._hits.ends
        return map(ends.__getitem__, self.positions())

    def by_length(self) -> list[Iterable[Candidate]]:
        """``spans.by_length``: groups of one length, longest first, each left to right (the hits
        are sorted), each made as it is read."""
        starts, ends = self._hits.starts, self._hits.ends
        groups: dict[int, array] = {}
        for k in self.positions():
            length = ends[k] - starts[k]
            group = groups.get(length)
            if group is None:
                group = groups[length] = array("q")
            group.append(k)
        return [_Group(self._make, groups[length]) for length in sorted(groups, reverse=True)]


class _Group:
    """Candidates made from hit positions as they are read."""

    __slots__ = ("_make", "_positions")

    def __init__(self, make: Callable[[int], Candidate], positions: array) -> None:
        self._make, self._positions = make, positions

    def __iter__(self) -> Iterator[Candidate]:
        return map(self._make, self._positions)

    def __len__(self) -> int:
        return len(self._positions)


@dataclass(slots=True)
class Found:
    """What ``find_found`` finds, as columns: every name hit (sorted), the candidates made
    of them (board words trimmed) and the codes written in the text."""

    hits: HitTable
    names: CandidateTable
    codes: list[CodeHit]


# The names of a long text are found a slice of this many characters at a time: the automaton
# returns every hit of its text at once, as Python tuples (some 170 bytes a hit).
FIND_SLICE = 1 << 18


def find_found(matcher: NameMatcher, dictionary: Dictionary, folded: str, date: _dt.date | None,
               max_mentions: int | None = None, size: int = FIND_SLICE, names: list[Hit] | None = None) -> Found:
    """The names and codes of ``folded`` (the article's text after ``fold_text``), as columns: every
    name hit (the quote board's one-day-mark forms too), the candidates made of them (board words
    trimmed) with the aliases in force at ``date``, the codes written in the text; and
    ``BudgetExceeded`` once more than ``CANDIDATES_PER_MENTION`` times ``max_mentions``
    name hits are found (checked after each slice). ``names``: ``matcher.find(folded)`` when
    found already (``scanned.scan_articles``), for a text of at most ``size`` characters."""
    hits = HitTable("i" if len(folded) < 2**31 - 1 else "q")
    limit = None if max_mentions is None else CANDIDATES_PER_MENTION * max_mentions
    n = len(folded)
    if n <= size:
        hits.extend(matcher.find(folded) if names is None else names)
    a = 0 if n > size else n
    while a < n:
        # a slice [a, b) is searched with one character before it and max_len after it (the
        # Latin/digit edge checks see the same neighbours) and keeps the hits starting inside it
        b = min(n, a + size)
        lo, hi = max(0, a - 1), min(n, b + matcher.max_len + 1)
        hits.extend((s + lo, e + lo, name) for s, e, name in matcher.find(folded[lo:hi]) if a <= s + lo < b)
        a = b
        if limit is not None and len(hits) > limit:
            break
    marked = dictionary.day_marks().find(folded)
    if marked:  # the quote board's XD中信证, N宁德: not in the automaton (knowledge/derived.py)
        merged = HitTable(hits.starts.typecode)
        merged.extend(heapq.merge(hits, marked))
        hits = merged
    if limit is not None and len(hits) > limit:
        raise BudgetExceeded(f"more than {max_mentions:,} mentions (raise --max-mentions): "
                             f"more than {limit:,} names found ({CANDIDATES_PER_MENTION} per mention allowed)")
    codes = find_codes(folded, dictionary.__contains__)
    if codes:
        codes = codes_named_before(matcher, dictionary, folded, codes)
    # a name glued to a board word holds the word: a text without one needs no look at the names
    kept = board_words_kept(hits, hits.names) if any(map(folded.__contains__, BOARD_WORDS)) else None
    return Found(hits, CandidateTable(hits, dictionary.lookup, date, kept), codes)
