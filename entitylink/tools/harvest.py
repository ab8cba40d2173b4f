"""``entitylink dict harvest``: what publishers say about the text, turned into dictionary rows.

Two harvests. **Span tags** (:func:`harvest_rows`, here): publisher tags the dictionary does not
know, as a user dictionary. **Publisher lists** (:class:`ListHarvest`, :func:`harvest_lists`):
the securities a feed attached to each record, each aligned with the name the record's text
writes for it, as a review table (:data:`LIST_COLUMNS`); they live in
:mod:`entitylink.tools.harvest_lists` and are re-exported here.

Imports: the standard library, :mod:`entitylink.markets`, :mod:`entitylink.read` (``Article``),
:mod:`entitylink.knowledge` (normalisation, the dictionary format and its check) and
:mod:`entitylink.tools.harvest_lists`.

Span tags
---------

Eastmoney's span tags name a secid for a stretch of text. Every (secid,
surface) pair of the tags of the inputs (files, directories, JSONL dumps,
``.gz``, ``-``; read exactly as ``entitylink annotate`` reads them) that the
dictionary does not already hold becomes a row of a user dictionary CSV in the
dictionary format (``entitylink.knowledge.dictionary.COLUMNS``):

- secid unknown to the dictionary: the surface seen most often (first seen on a
  tie) is the ``name`` with ``alias_type=name``; other surfaces of that secid
  are ``short_form`` rows with the same name; ``kind`` is the tag's kind (or the
  kind the secid implies when the tag's does not fit);
- secid known, surface unknown: a ``short_form`` row with the dictionary's
  name and kind.

``valid_from`` is the date of the first article (by article date) the pair was
seen in, ``valid_to`` is empty, ``common_word`` is 0 (1 for a surface a user
dictionary may hold only marked: one character, a stop word, an everyday word;
``dictionary.common_word_problem``), and ``source`` says when
it was seen: ``harvest:2021-12-08..2022-06-14`` (``harvest`` alone when no
article had a date). Tags without a secid, with conflicting ids, or of kinds a
dictionary cannot hold are skipped. Rows are sorted by secid, then alias type
(name first), then alias. The file written is validated with
``dictionary.check_file``.

    >>> from entitylink.knowledge.dictionary import Dictionary
    >>> from entitylink.read.article import read_article
    >>> a = read_article('<p><span id="stock_1.600597">光明乳业</span></p>', article_id="x")
    >>> [r["alias"] for r in harvest_rows([a], Dictionary())]
    ['光明乳业']
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from entitylink.read.article import Article
from entitylink.tools.harvest_lists import (
    LIST_COLUMNS,
    DictionaryNames,
    ListHarvest,
    found_names,
    harvest_lists,
    iter_records,
    record_date,
    record_text,
    write_review,
)

__all__ = ["LIST_COLUMNS", "DictionaryNames", "ListHarvest", "found_names", "harvest_lists", "harvest_rows",
           "iter_records", "record_date", "record_text", "validate_rows", "write_review", "write_rows"]

_KINDS = ("stock", "board", "index", "fund")


@dataclass
class _Seen:
    secid: str
    kind: str | None
    surface: str
    count: int = 0
    order: int = 0
    first: _dt.date | None = None
    last: _dt.date | None = None
    kinds: list[str] = field(default_factory=list)

    def add(self, date: _dt.date | None, kind: str | None) -> None:
        self.count += 1
        if kind and kind not in self.kinds:
            self.kinds.append(kind)
        if date is not None:
            self.first = date if self.first is None or date < self.first else self.first
            self.last = date if self.last is None or date > self.last else self.last


def _norm(surface: str) -> str:
    from entitylink.knowledge.normalize import normalize_name

    return normalize_name(surface)


def _known(dictionary, secid: str, surface: str) -> bool:
    return any(a.secid == secid for a in dictionary.lookup(surface))


def _fit_kind(secid: str, kinds: Sequence[str]) -> str | None:
    """A kind the dictionary accepts for ``secid``: the tag's, else the one the secid implies."""
    from entitylink.markets import parse_secid

    try:
        implied = parse_secid(secid).kind
    except ValueError:
        return None
    for k in kinds:
        if k == implied or (k == "index" and parse_secid(secid).market in (0, 1)):
            return k
    return implied if implied in _KINDS else None


def harvest_rows(articles: Iterable[Article], dictionary) -> list[dict[str, Any]]:
    """The user-dictionary rows (dicts of ``dictionary.COLUMNS``) for tags ``dictionary`` does not know."""
    seen: dict[tuple[str, str], _Seen] = {}
    for article in articles:
        date = article.date.date() if article.date else None
        for tag in article.tagged:
            if not tag.secid or any(f.startswith(("conflict", "no_secid")) for f in tag.flags):
                continue
            surface = _norm(tag.surface or "")
            if not surface or any(ord(c) < 32 for c in surface):
                continue
            key = (tag.secid, surface)
            s = seen.get(key)
            if s is None:
                s = seen[key] = _Seen(tag.secid, tag.kind, surface, order=len(seen))
            s.add(date, tag.kind)
    rows: list[dict[str, Any]] = []
    by_secid: dict[str, list[_Seen]] = {}
    for (secid, _surface), s in seen.items():
        by_secid.setdefault(secid, []).append(s)
    for secid, group in by_secid.items():
        sec = dictionary.security(secid)
        if sec is not None:
            for s in group:
                if not _known(dictionary, secid, s.surface):
                    rows.append(_row(secid, sec.kind, sec.name, s, "short_form"))
            continue
        kind = _fit_kind(secid, [k for s in group for k in s.kinds])
        if kind is None:
            continue
        head = min(group, key=lambda s: (-s.count, s.order))
        for s in group:
            rows.append(_row(secid, kind, head.surface, s, "name" if s is head else "short_form"))
    rows.sort(key=lambda r: (r["secid"], r["alias_type"] != "name", r["alias"]))
    return rows


def _row(secid: str, kind: str, name: str, s: _Seen, alias_type: str) -> dict[str, Any]:
    from entitylink.knowledge.dictionary import common_word_problem

    first = s.first.isoformat() if s.first is not None else ""
    last = s.last.isoformat() if s.last is not None else first
    source = f"harvest:{first}..{last}" if first else "harvest"
    return {"secid": secid, "kind": kind, "name": name, "alias": s.surface, "alias_type": alias_type,
            "common_word": "1" if common_word_problem(s.surface) else "0", "valid_from": first, "valid_to": "",
            "source": source}


def write_rows(rows: Iterable[dict[str, Any]], stream: io.TextIOBase) -> None:
    """Rows as dictionary CSV (header first)."""
    from entitylink.knowledge.dictionary import COLUMNS

    w = csv.writer(stream, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([r.get(c, "") for c in COLUMNS])


def validate_rows(text: str, output: str | None) -> list[str]:
    """Problems of harvested dictionary CSV ``text`` as ``dict check`` reports them (named as ``output``)."""
    from entitylink.knowledge.dictionary import check_file

    fd, tmp = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        problems = check_file(tmp)
    finally:
        os.remove(tmp)
    label = output or "<stdout>"
    return [p.replace(tmp, label) for p in problems]
