"""The publisher-list harvest (``entitylink dict harvest --lists``): the securities a feed
attached to each record, aligned with the names the record's text writes for them.

Each record (a JSONL line, :func:`iter_records`) gives its publisher list (Eastmoney
``stockList``, CLS ``stock_list``, 10jqka ``stock``, or a field of codes;
:mod:`entitylink.tools.publisher_lists`) and its text (:func:`record_text`); for each listed
security, the names :class:`DictionaryNames` knows for it are looked for in the text
(:func:`found_names`), and :class:`ListHarvest` counts them per (secid, name as written) into
the review table (:data:`LIST_COLUMNS`, :func:`write_review`).

Imports: the standard library, :mod:`entitylink.read` (the text of ``html``) and
:mod:`entitylink.tools.publisher_lists`; :mod:`entitylink.tools.harvest` re-exports the names.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EXAMPLE_WIDTH", "LIST_COLUMNS", "PUBLISHER_LABELS", "DictionaryNames", "ListHarvest", "example",
           "found_names", "harvest_lists", "iter_records", "record_date", "record_text", "write_review"]

#: Columns of the review table :func:`harvest_lists` gives (``dict harvest --lists``).
LIST_COLUMNS: tuple[str, ...] = ("secid", "name", "count", "days", "first_date", "last_date", "publishers",
                                 "in_dictionary", "example")
#: How a record's ``source`` is written in the ``publishers`` column.
PUBLISHER_LABELS: dict[str, str] = {"cls": "CLS", "ths": "10jqka", "eastmoney": "Eastmoney"}
EXAMPLE_WIDTH = 80
_RECORD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def record_text(record: Mapping[str, Any]) -> str:
    """The text a record's list is aligned with: ``title`` and ``content`` (or ``text``; or the
    text of ``html``), the title left out when the content already holds it (CLS's 【…】).

    >>> record_text({"title": "茅台涨停", "content": "【茅台涨停】贵州茅台午后涨停"})
    '【茅台涨停】贵州茅台午后涨停'
    >>> record_text({"title": "标题", "text": "正文"})
    '标题\\n正文'
    """
    def field(key: str) -> str:
        value = record.get(key)
        return value.strip() if isinstance(value, str) else ""

    title = field("title")
    content = field("content") or field("text")
    if not content and field("html"):
        from entitylink.read.html import html_to_text

        content = html_to_text(field("html")).text.strip()
    if title and title not in content:
        return f"{title}\n{content}" if content else title
    return content


def record_date(record: Mapping[str, Any]) -> str:
    """The record's day as ``YYYY-MM-DD`` (from ``date``, else ``datetime``), or ``""``.

    >>> record_date({"date": "2026-05-14"}), record_date({"datetime": "2026-05-14T00:08:23+08:00"}), record_date({})
    ('2026-05-14', '2026-05-14', '')
    """
    for key in ("date", "datetime"):
        value = record.get(key)
        if isinstance(value, str) and _DATE.match(value.strip()):
            return value.strip()[:10]
    return ""


class DictionaryNames:
    """The names a dictionary gives each security, for aligning a publisher's list with the text.

    ``aliases``: secid -> every alias and the security's name; ``by_alias``: name -> secids;
    ``names``: secid -> the security's name. ``exclude_sources``: alias rows whose ``source``
    starts with one of these are left out, and a security left without any alias row with them
    (a harvest re-run against the dictionary it already added to sees the dictionary as before).
    """

    def __init__(self, dictionary, *, exclude_sources: Sequence[str] = ()) -> None:
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, str] = {}
        prefixes = tuple(exclude_sources)
        for secid in dictionary:
            rows = dictionary.aliases_of(secid)
            kept = [a.text for a in rows if not (prefixes and a.source.startswith(prefixes))]
            if rows and not kept:
                continue
            name = dictionary.security(secid).name
            self.names[secid] = name
            for text in (*kept, name):
                if text:
                    self.aliases[secid].add(text)
                    self.by_alias[text].add(secid)
        self._by_char: dict[str, list[str]] | None = None
        self._containers: dict[str, list[tuple[str, int]]] = {}

    def candidates(self, secid: str, listed_name: str | None) -> list[str]:
        """The names of ``secid`` to look for, longest first: the publisher's name, it without its
        listing suffix (``小米集团-W`` -> ``小米``), and the dictionary's names (not bare codes)."""
        from entitylink.tools.publisher_lists import strip_name_suffix

        out: set[str] = set()
        if listed_name:
            n = _nfkc(listed_name)
            out |= {n, strip_name_suffix(n)}
        out |= {a for a in self.aliases.get(secid, ()) if not a.isdigit()}
        return sorted((c for c in out if len(c) >= 2), key=lambda c: (-len(c), c))

    def containers(self, name: str) -> list[tuple[str, int]]:
        """The longer dictionary names holding ``name``, with its offsets in them (建滔 in 建滔积层板)."""
        got = self._containers.get(name)
        if got is None:
            if self._by_char is None:
                self._by_char = defaultdict(list)
                for a in sorted(a for a in self.by_alias if len(a) >= 2):
                    for ch in set(a):
                        self._by_char[ch].append(a)
            pool = min((self._by_char.get(ch, []) for ch in set(name)), key=len)
            got = []
            for a in pool:
                if len(a) > len(name):
                    k = a.find(name)
                    while k >= 0:
                        got.append((a, k))
                        k = a.find(name, k + 1)
            self._containers[name] = got
        return got

    def known(self, secid: str, name: str) -> str:
        """``yes`` (an alias of ``secid``), ``other:<secids>`` (of other securities only) or ``no``."""
        if name in self.aliases.get(secid, ()):
            return "yes"
        if self.by_alias.get(name):
            return "other:" + "|".join(sorted(self.by_alias[name]))
        return "no"


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def found_names(text: str, names: Sequence[str], names_index: DictionaryNames | None = None) -> list[tuple[str, int]]:
    """``(name, first position)`` of each of ``names`` (longest first) found in ``text`` outside the
    longer names found before it, and outside any longer dictionary name of ``names_index``.

    >>> found_names("小米集团-W公告，小米汽车交付", ["小米集团-W", "小米"])
    [('小米集团-W', 0), ('小米', 9)]
    """
    covered: list[tuple[int, int]] = []
    out = []
    for n in names:
        pos, first = 0, None
        while (i := text.find(n, pos)) >= 0:
            inside = names_index is not None and any(
                i >= k and text.startswith(a, i - k) for a, k in names_index.containers(n))
            if not inside and not any(a <= i and i + len(n) <= b for a, b in covered):
                first = i if first is None else first
            covered.append((i, i + len(n)))
            pos = i + 1
        if first is not None:
            out.append((n, first))
    return out


def example(text: str, pos: int, name: str, width: int = EXAMPLE_WIDTH) -> str:
    """At most ``width`` characters of ``text`` around the ``name`` at ``pos``, on one line."""
    room = max(0, width - len(name)) // 2
    a, b = max(0, pos - room), min(len(text), pos + len(name) + room)
    return text[a:b].replace("\n", " ")


@dataclass
class _Pair:
    items: set = field(default_factory=set)
    days: set = field(default_factory=set)
    publishers: set = field(default_factory=set)
    example: tuple | None = None


class ListHarvest:
    """Counts, over records added one by one, each listed security's names as the text writes them.

    For each record: its publisher list (``publisher_lists.from_record``; with ``list_field`` the
    generic reader of that field, :func:`publisher_lists.from_codes`), its text
    (:func:`record_text`), and for each listed security of ``groups`` (``publisher_lists.market_group``
    values; ``None``: all) the names of :meth:`DictionaryNames.candidates` found in the text
    (:func:`found_names`). Per (secid, name as written): the items (by ``source`` and ``id``), the
    days, the publishers, and the example of the first item by (date, id).

        >>> from entitylink.knowledge.dictionary import Dictionary
        >>> h = ListHarvest(Dictionary(), list_field="stocks")
        >>> _ = h.add({"id": 1, "date": "2026-06-01", "text": "小米午后拉升",
        ...            "stocks": [{"code": "01810.HK", "name": "小米集团-W"}]})
        >>> [(r["secid"], r["name"], r["count"], r["in_dictionary"]) for r in h.rows()]
        [('116.01810', '小米', 1, 'no')]
    """

    def __init__(self, dictionary, *, list_field: str | None = None, groups: Iterable[str] | None = None,
                 exclude_sources: Sequence[str] = ()) -> None:
        self.names = DictionaryNames(dictionary, exclude_sources=exclude_sources)
        self.list_field = list_field
        self.groups = frozenset(groups) if groups is not None else None
        self.records = self.listing = self.without_text = 0
        self.not_read: Counter[str] = Counter()
        self.listed_as: dict[str, set[str]] = defaultdict(set)
        self._pairs: dict[tuple[str, str], _Pair] = {}

    def add(self, record: Mapping[str, Any], where: str = ""):
        """Count one record (``where``: its place, the item's id when it has none); returns its list."""
        from entitylink.tools import publisher_lists as pl

        self.records += 1
        plist = pl.from_codes(record, self.list_field) if self.list_field else pl.from_record(record)
        for _code, reason in plist.skipped:
            if reason != "no publisher list":
                self.not_read[reason] += 1
        entries = [(s, n) for s, n in plist.entries if self.groups is None or pl.market_group(s) in self.groups]
        if not entries:
            return plist
        self.listing += 1
        text = record_text(record)
        if not text:
            self.without_text += 1
            return plist
        source = record.get("source")
        pub = str(source) if source is not None else ""
        rid = record.get("id")
        rid = str(rid) if rid is not None and rid != "" else where
        date = record_date(record)
        for secid, lname in entries:
            if lname:
                self.listed_as[secid].add(_nfkc(lname))
            for name, pos in found_names(text, self.names.candidates(secid, lname), self.names):
                p = self._pairs.get((secid, name))
                if p is None:
                    p = self._pairs[(secid, name)] = _Pair()
                p.items.add((pub, rid))
                if date:
                    p.days.add(date)
                if pub:
                    p.publishers.add(pub)
                key = (date, rid)
                if p.example is None or key < p.example[0]:
                    p.example = (key, example(text, pos, name))
        return plist

    def rows(self) -> list[dict[str, Any]]:
        """One dict per (secid, name as written): :data:`LIST_COLUMNS` and ``listed_as`` (the
        publishers' own names of the secid, ``|``-joined); sorted by secid, count (most first), name."""
        rows: list[dict[str, Any]] = []
        for (secid, name), p in self._pairs.items():
            days = sorted(p.days)
            rows.append({
                "secid": secid, "name": name, "count": len(p.items), "days": len(days),
                "first_date": days[0] if days else "", "last_date": days[-1] if days else "",
                "publishers": "|".join(PUBLISHER_LABELS.get(x, x) for x in sorted(p.publishers)),
                "in_dictionary": self.names.known(secid, name), "example": p.example[1] if p.example else "",
                "listed_as": "|".join(sorted(self.listed_as.get(secid, ()))),
            })
        rows.sort(key=lambda r: (r["secid"], -r["count"], r["name"]))
        return rows


def harvest_lists(records: Iterable[Mapping[str, Any]], dictionary, *, list_field: str | None = None,
                  groups: Iterable[str] | None = None, exclude_sources: Sequence[str] = ()) -> list[dict[str, Any]]:
    """:meth:`ListHarvest.rows` of ``records`` (dicts, as read from a JSONL line)."""
    h = ListHarvest(dictionary, list_field=list_field, groups=groups, exclude_sources=exclude_sources)
    for i, record in enumerate(records, start=1):
        h.add(record, where=f"#{i}")
    return h.rows()


def iter_records(paths: Sequence[str]) -> Iterator[tuple[str, int, dict[str, Any] | str]]:
    """``(path, line, record)`` for each JSON object line of the JSONL files of ``paths`` (files,
    directories searched for ``*.jsonl``/``*.ndjson``, also ``.gz``, in path order; ``-``: stdin),
    or ``(path, line, reason)`` for a line or file that cannot be read. Blank lines are skipped."""
    for path in paths:
        path = os.fspath(path)
        if path != "-" and os.path.isdir(path):
            found = sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs
                           if f.lower().endswith(_RECORD_SUFFIXES))
            for f in found:
                yield from _file_records(f)
        else:
            yield from _file_records(path)


def _file_records(path: str) -> Iterator[tuple[str, int, dict[str, Any] | str]]:
    import sys

    try:
        if path == "-":
            stream = sys.stdin.buffer
        elif path.lower().endswith(".gz"):
            stream = gzip.open(path, "rb")
        else:
            stream = open(path, "rb")
    except OSError as exc:
        yield path, 0, f"cannot read: {exc.strerror or exc}"
        return
    label = "<stdin>" if path == "-" else path
    try:
        for number, raw in enumerate(stream, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield label, number, f"not UTF-8 text: {exc.reason} at byte {exc.start}"
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield label, number, f"not JSON: {exc.msg} at column {exc.colno}"
                continue
            if not isinstance(record, dict):
                yield label, number, "record is not a JSON object"
                continue
            yield label, number, record
    except (OSError, EOFError, zlib.error) as exc:
        yield label, 0, f"cannot read: {exc}"
    finally:
        if path != "-":
            stream.close()


def write_review(rows: Iterable[Mapping[str, Any]], stream, columns: Sequence[str] = LIST_COLUMNS) -> None:
    """The review rows as CSV (header first), ``columns`` in that order."""
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
