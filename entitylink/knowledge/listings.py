"""What a security's own rows say about its listing: a secondary listing, and when a line
was first seen listed.

Imports only from ``knowledge/`` itself. Every fact is read from the alias rows of one
security (``Dictionary.aliases_of``), so a user dictionary states them the same way: no
table of its own.

- **Secondary listings.** HKEX marks a stock's short name with ``-S`` (a secondary listing:
  the issuer's primary listing is on another exchange) or ``-SW`` (secondary, with weighted
  voting rights); ``-SWR`` is the RMB counter of such a line. ``-W`` alone marks weighted
  voting rights, ``-B`` a pre-revenue biotech, and neither says anything about other
  listings. A line any of whose names carries the mark, at any date, was listed in Hong
  Kong after the issuer's home listing (Alibaba's ``BABA-SW`` until its 2024 conversion to
  a dual primary listing): the company's other listing is the one the company is known by.
- **First seen.** The exchanges' lists are snapshots: a ``source`` such as
  ``hkex@2023-03-01..hkex@2026-03-23`` names the first and the last list showing the name.
  When the build dated a line from the list before it (the line's rows carry a
  ``valid_from``: it was absent from an earlier list), the first list that shows it is the
  first date it is *known* to be listed; between the two it may or may not be.

    >>> hk_mark("京东集团-SW"), hk_mark("NTES-S"), hk_mark("小鹏集团-W"), hk_mark("网易")
    ('SW', 'S', 'W', '')
    >>> first_snapshot("hkex@2023-03-01..hkex@2026-03-23"), first_snapshot("curated:us_stocks")
    (datetime.date(2023, 3, 1), None)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Protocol

import regex

__all__ = ["SECONDARY_MARKS", "first_seen", "first_snapshot", "hk_mark", "secondary_listing"]

# HKEX short-name marks (the last ``-`` part of a name); those of a secondary listing.
_MARK = regex.compile(r"-(SWR|SW|WR|W|S|B|R|P|PF|U|新)$")
SECONDARY_MARKS = frozenset({"S", "SW", "SWR"})
# The names that carry an exchange's marks (not short forms, tickers or full names).
_LIST_NAME_TYPES = frozenset({"name", "english", "raw_name", "former"})
_SNAPSHOT = regex.compile(r"@(\d{4})-(\d{2})-(\d{2})")


class _Row(Protocol):
    """The fields of an alias these functions read (``knowledge.dictionary.Alias``)."""

    @property
    def text(self) -> str: ...
    @property
    def alias_type(self) -> str: ...
    @property
    def valid_from(self) -> _dt.date | None: ...
    @property
    def source(self) -> str: ...


def hk_mark(name: str) -> str:
    """The HKEX mark at the end of a short name (``SW`` of ``京东集团-SW``), or ``''``."""
    m = _MARK.search(name)
    return m.group(1) if m else ""


def secondary_listing(aliases: Iterable[_Row]) -> bool:
    """Whether a Hong Kong line is (or was) a secondary listing: one of its exchange names
    carries ``-S``, ``-SW`` or ``-SWR``.

    >>> from types import SimpleNamespace as R
    >>> secondary_listing([R(text="网易", alias_type="name"), R(text="NTES-S", alias_type="english")])
    True
    >>> secondary_listing([R(text="小鹏集团-W", alias_type="name"), R(text="小鹏-SW", alias_type="short_form")])
    False
    """
    return any(a.alias_type in _LIST_NAME_TYPES and hk_mark(a.text) in SECONDARY_MARKS for a in aliases)


def first_snapshot(source: str) -> _dt.date | None:
    """The first dated list a row's ``source`` names (``hkex@2023-03-01..``), or None."""
    m = _SNAPSHOT.search(source)
    if m is None:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def first_seen(aliases: Iterable[_Row]) -> _dt.date | None:
    """The first list known to show a line whose start the lists bound, or None.

    Only a line whose own rows are dated from a day (``valid_from``: the build saw it absent
    from an earlier list) has one; for the others the first list proves nothing (a line in
    the first HKEX list of 2021 may have listed decades before).

    >>> import datetime as dt
    >>> from types import SimpleNamespace as R
    >>> rows = [R(text="知乎-W", alias_type="name", valid_from=dt.date(2021, 12, 4), source="hk-dsh-plugin@2026"),
    ...         R(text="ZHIHU-W", alias_type="english", valid_from=dt.date(2021, 12, 4),
    ...           source="hkex@2023-03-01..hkex@2026-03-23")]
    >>> first_seen(rows)
    datetime.date(2023, 3, 1)
    """
    rows = [a for a in aliases if not a.source.startswith("derived")]  # the build's and the load's forms
    if not rows or any(a.valid_from is None for a in rows):
        return None
    dates = [d for a in rows if (d := first_snapshot(a.source)) is not None]
    return min(dates) if dates else None
