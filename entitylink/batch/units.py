"""Linking the units of a piece: ``link_tasks`` (and ``link_task``, one unit), each unit read,
linked and rendered, or failed with its error record; never raises.

Imports the rooms before ``batch/`` (``read``, ``link``, ``write``) and ``batch.deadline``,
``batch.outcome``, ``batch.spill``.

The names of a piece's articles are found in one pass (``Linker.scan_many``: the name automaton
stays in the CPU cache): the units are read in turn, and each group of articles of
``SCAN_CHARS`` characters in all is scanned, then each of its articles linked and rendered. A unit
that does not read, or whose linking fails, fails alone, with the same error record as when it
is linked alone; the outcomes come back in the order of the units.

Budgets (``max_mentions``, ``timeout``): a unit's ``--timeout-per-article`` covers its reading,
linking and rendering: what its reading took is taken from what its linking may take. The
group's scan, between the two, is no one unit's: it is bounded by ``SCAN_CHARS`` characters,
about the work of one slice of a long article (a longer article is found in slices within its
own budget), and a scan that fails leaves each article to find its names when linked
(``scanned.with_scans``).

    >>> from entitylink.link.linker import Linker
    >>> from entitylink.read.task import Task
    >>> [o.mentions for o in link_tasks([Task("bytes", "a", data="贵州茅台大涨".encode()),
    ...                                  Task("fail", "b", reason="gone")], Linker.default())]
    [1, 0]
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from entitylink.batch.deadline import Deadlines
from entitylink.batch.outcome import Outcome
from entitylink.batch.spill import SpilledPiece
from entitylink.link.options import LinkOptions
from entitylink.link.scanned import link_scanned, with_scans
from entitylink.read.article import Article
from entitylink.read.sources import MAX_BYTES, RecordFields, Task, error_record, load_article
from entitylink.write import records as outputs

__all__ = ["link_task", "link_tasks"]


class _Read(NamedTuple):
    """A unit read: its article and the seconds left of its budget, or its failed outcome."""

    task: Task
    article: Article | None
    outcome: Outcome | None
    left: float


def link_task(task: Task, linker, **options: Any) -> Outcome:
    """Read, link and render one unit (``link_tasks`` of one); never raises."""
    return link_tasks([task], linker, **options)[0]


def link_tasks(tasks: Sequence[Task], linker, *, fmt: str = "jsonl", level: str = "mention",
               ignore_tags: bool = False, unlinked: bool = False, encoding: str | None = None,
               max_bytes: int = MAX_BYTES, max_mentions: int = 0, timeout: float = 0,
               min_confidence: float = 0.0, fields: RecordFields | dict | None = None) -> list[Outcome]:
    """Read, link and render each unit; never raises (a failure is an ``Outcome`` with ``error``).

    ``max_mentions`` and ``timeout`` (seconds) are each unit's budgets (0: none): an article
    with more mentions, or that takes longer, is a failed input saying which budget to raise.
    ``fields``: the record field names (a ``RecordFields``, or its ``to_dict()``).
    """
    try:
        fields = RecordFields.of(fields)
    except Exception as exc:  # noqa: BLE001
        return [Outcome(error=error_record(t) if t.kind == "fail" else error_record(t, exc)) for t in tasks]
    link = functools.partial(_link, linker=linker, fmt=fmt, level=level, fields=fields,
                             options=(ignore_tags, unlinked, max_mentions, min_confidence))
    outcomes: list[Outcome] = []
    with Deadlines(timeout) as timer:
        units = (_read(t, timer, encoding, max_bytes, fields) for t in tasks)
        for u, scanned in with_scans(linker, units, lambda u: u.article):
            outcomes.append(link(u, scanned, timer) if u.outcome is None else u.outcome)
    return outcomes


def _read(task: Task, timer: Deadlines, encoding: str | None, max_bytes: int, fields: RecordFields) -> _Read:
    """``task`` read within its budget: its article and what is left of the budget, or its outcome."""
    if task.kind == "fail":
        return _Read(task, None, Outcome(error=error_record(task)), 0)
    try:
        timer.arm(timer.seconds)
        try:
            article = load_article(task, encoding=encoding, max_bytes=max_bytes, fields=fields)
        finally:
            left = timer.disarm()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, with its type name
        return _Read(task, None, Outcome(error=error_record(task, exc, fields)), 0)
    return _Read(task, article, None, left)


def _link(unit: _Read, scanned, timer: Deadlines, *, linker, fmt: str, level: str, fields: RecordFields,
          options: tuple[bool, bool, int, float]) -> Outcome:
    """``unit``'s article linked and rendered within what is left of its budget."""
    assert unit.article is not None, "only a unit that read is linked"
    try:
        timer.arm(unit.left)
        try:
            opts = _link_options(*options)
            doc = link_scanned(linker, unit.article, opts, scanned)
            piece, items = _render(doc, fmt, level)
        finally:
            timer.disarm()
        return Outcome(piece=piece, items=items, mentions=len(doc.mention_rows()))
    except Exception as exc:  # noqa: BLE001 - every failure is reported, with its type name
        return Outcome(error=error_record(unit.task, exc, fields))


def _render(doc, fmt: str, level: str) -> tuple[Any, int]:
    """``records.render``, from the rows; the JSONL or CSV mentions of an article longer than
    one slice (``records.RENDER_SLICE``) go a slice at a time into a ``SpilledPiece``, so a
    long article's output is never held in memory (the writer copies it into OUT)."""
    if level == "mention" and fmt in ("jsonl", "csv") and len(doc.mention_rows()) > outputs.RENDER_SLICE:
        return SpilledPiece(outputs.mention_slices(doc, fmt)), len(doc.mention_rows())
    return outputs.render(doc, fmt, level)


@functools.lru_cache(maxsize=16)
def _link_options(ignore_tags: bool, unlinked: bool, max_mentions: int, min_confidence: float) -> LinkOptions:
    return LinkOptions(ignore_tags=ignore_tags, unlinked=unlinked, max_mentions=max_mentions or None,
                       min_confidence=min_confidence)
