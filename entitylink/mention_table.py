"""The mentions of a linked article held as columns: a few bytes each, rows made on access.

A long article has a million mentions; as ``models.MentionRow`` tuples they take some 250
bytes each (the tuple and its int objects). ``MentionTable`` keeps the offsets in arrays of
machine integers and everything else (surface, secid ... confidence, evidence, flags) as an
index into the article's table of the distinct combinations (a few dozen in a long article):
about 40 bytes a mention. It is a ``Sequence`` of rows: indexing, slicing and iterating make
the rows (``make``, a row type's ``_make``) one at a time, equal to those appended.

A table of fewer than ``HELD_AS_ROWS`` rows (every news article) keeps the rows themselves in a
list: making the columns and the rows again cost more than they save for tens of mentions. It
moves them into the columns when it reaches that many.

A top-level module: it imports nothing of the package (``models`` imports it).

    >>> t = MentionTable(tuple, [(4, 6, "乳业", None, 1.0, 4, 6), (0, 2, "光明", None, 1.0, None, None)])
    >>> t.sort_by_start(); list(t)
    [(0, 2, '光明', None, 1.0, None, None), (4, 6, '乳业', None, 1.0, 4, 6)]
    >>> t[1:], len(t)
    ([(4, 6, '乳业', None, 1.0, 4, 6)], 2)
"""

from __future__ import annotations

import heapq
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

_NONE = -1  # a source offset that is None
_START = operator.itemgetter(0)
# Rows held as they are until the table has this many (some 250 bytes each, 40 in columns).
HELD_AS_ROWS = 4096
# More sorted runs than this are sorted as a whole (``sort_by_start``).
_MERGED_RUNS = 64


class MentionTable(Sequence):
    """Rows ``(start, end, *values, source_start, source_end)`` as columns; ``make`` makes a row
    of such a tuple. Values equal but of other types (``1`` and ``1.0``) are kept apart."""

    __slots__ = ("_make", "_rows", "_starts", "_ends", "_source_starts", "_source_ends", "_which", "_values",
                 "_index")

    def __init__(self, make: Callable[[Iterable[Any]], Any], rows: Iterable[Sequence[Any]] = ()) -> None:
        self._make = make
        self._rows: list[Any] | None = []  # the rows as appended, until HELD_AS_ROWS; then None
        self.extend(rows)

    def _to_columns(self) -> None:
        """Move the rows held as they are into the columns."""
        rows, self._rows = self._rows or [], None
        self._starts, self._ends = array("q"), array("q")
        # None while every row's source span is its span (plain text): the columns are not kept
        self._source_starts: array | None = None
        self._source_ends: array | None = None
        self._which = array("I")  # index into _values
        self._values: list[tuple[Any, ...]] = []
        self._index: dict[tuple[Any, ...], int] = {}
        for row in rows:
            self._append_columns(row)

    def append(self, row: Sequence[Any]) -> None:
        """Add a row (of the type ``make`` makes: it is kept as it is while the table is small)."""
        rows = self._rows
        if rows is not None:
            rows.append(row)
            if len(rows) >= HELD_AS_ROWS:
                self._to_columns()
            return
        self._append_columns(row)

    def _append_columns(self, row: Sequence[Any]) -> None:
        values = tuple(row[2:-2])
        key = (values, *map(type, values))
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self._values)
            self._values.append(values)
        start, end, s, e = row[0], row[1], row[-2], row[-1]
        if self._source_starts is None and not (s == start and e == end and s is not None and e is not None):
            self._source_starts, self._source_ends = array("q", self._starts), array("q", self._ends)
        self._which.append(i)
        self._starts.append(start)
        self._ends.append(end)
        if self._source_starts is not None and self._source_ends is not None:
            self._source_starts.append(_NONE if s is None else s)
            self._source_ends.append(_NONE if e is None else e)

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.append(row)

    def __len__(self) -> int:
        return len(self._which) if self._rows is None else len(self._rows)

    def _row(self, i: int) -> Any:
        start, end = self._starts[i], self._ends[i]
        if self._source_starts is None or self._source_ends is None:
            return self._make((start, end, *self._values[self._which[i]], start, end))
        s, e = self._source_starts[i], self._source_ends[i]
        return self._make((start, end, *self._values[self._which[i]],
                           None if s == _NONE else s, None if e == _NONE else e))

    def __getitem__(self, i):  # type: ignore[override]
        if self._rows is not None:
            return self._rows[i]  # a slice of the list is a list, as below
        if isinstance(i, slice):
            return [self._row(k) for k in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("mention index out of range")
        return self._row(i)

    def __iter__(self) -> Iterator[Any]:
        if self._rows is not None:
            yield from self._rows
            return
        make, values = self._make, self._values
        if self._source_starts is None or self._source_ends is None:
            for start, end, w in zip(self._starts, self._ends, self._which):
                yield make((start, end, *values[w], start, end))
            return
        for start, end, w, s, e in zip(self._starts, self._ends, self._which, self._source_starts, self._source_ends):
            yield make((start, end, *values[w], None if s == _NONE else s, None if e == _NONE else e))

    def sort_by_start(self) -> None:
        """Order the rows by start, stably (rows of one start keep their order).

        The rows come in a few sorted runs (tags, codes, the names of each length): those are
        merged, one position at a time, into new columns; many runs are sorted as a whole.
        """
        if self._rows is not None:
            self._rows.sort(key=_START)  # stable
            return
        starts = self._starts
        cuts = [i for i in range(1, len(starts)) if starts[i] < starts[i - 1]]
        if not cuts:
            return
        bounds = [0, *cuts, len(starts)]
        if len(bounds) > _MERGED_RUNS:
            order: Iterable[int] = sorted(range(len(starts)), key=starts.__getitem__)
        else:  # heapq.merge is stable: of equal starts, the earlier run's row comes first
            order = heapq.merge(*(range(a, b) for a, b in zip(bounds, bounds[1:])), key=starts.__getitem__)
        columns: tuple[str, ...] = ("_starts", "_ends", "_which")
        if self._source_starts is not None:
            columns += ("_source_starts", "_source_ends")
        new = {name: array(getattr(self, name).typecode) for name in columns}
        olds = [getattr(self, name) for name in columns]
        news = [new[name] for name in columns]
        for i in order:
            for old, column in zip(olds, news):
                column.append(old[i])
        for name in columns:
            setattr(self, name, new[name])

    def __reduce__(self):
        if self._rows is not None:
            return MentionTable, (self._make, self._rows)
        return _restore, (self._make, self._starts, self._ends, self._source_starts, self._source_ends,
                          self._which, self._values)

    def __repr__(self) -> str:
        return f"MentionTable({len(self)} rows)"


def _restore(make, starts, ends, source_starts, source_ends, which, values) -> MentionTable:
    table = MentionTable(make)
    table._to_columns()
    table._starts, table._ends, table._source_starts, table._source_ends = starts, ends, source_starts, source_ends
    table._which, table._values = which, values
    table._index = {(v, *map(type, v)): i for i, v in enumerate(values)}
    return table
