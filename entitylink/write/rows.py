"""Mention rows straight to JSON lines and CSV rows: the writers' hot path for long articles.

Imports only ``columns`` and ``models``.

``records.render`` writes the mention level of ``jsonl`` and ``csv`` from the document's
rows (``Document.mention_rows``, ``models.MentionRow``) without a dict per mention: the
same bytes as encoding the records of ``records.records`` (``tests/test_lazy_records.py``
checks it on the corpus and on odd values), at a fraction of the cost.

    >>> from entitylink.models import MentionRow
    >>> row = MentionRow(2, 4, "茅台", "1.600519", "600519", 1, "SH", "stock", "贵州茅台", "alias", 0.9, ("a",))
    >>> mention_jsonl("a.md", "a", [row])[:60]
    '{"path": "a.md", "article_id": "a", "start": 2, "end": 4, "s'
"""

from __future__ import annotations

import csv
import io
import json.encoder
from collections.abc import Iterable

from entitylink.columns import LIST_SEPARATOR
from entitylink.models import MentionRow

# What json.JSONEncoder(ensure_ascii=False) writes a string with (its C function).
_STR = json.encoder.encode_basestring

# The functions below name the fields of MentionRow (= MENTION_COLUMNS[2:]) one by one, in order.


def mention_jsonl(path: str | None, article_id: str, rows: Iterable[MentionRow]) -> str:
    """The JSON lines of mention rows: what ``JSONEncoder(ensure_ascii=False)`` gives for each
    record (``", "`` and ``": "`` separators, ``null``, floats by ``repr``), one per line."""
    s = _STR
    head = '{"path": ' + ("null" if path is None else s(path)) + ', "article_id": ' + s(article_id) + ", "
    return "".join([
        f'{head}"start": {start}, "end": {end}, "surface": {s(surface)}, '
        f'"secid": {"null" if secid is None else s(secid)}, "code": {"null" if code is None else s(code)}, '
        f'"market": {"null" if market is None else market}, '
        f'"exchange": {"null" if exchange is None else s(exchange)}, "kind": {s(kind)}, '
        f'"name": {"null" if name is None else s(name)}, "method": {s(method)}, "confidence": {confidence!r}, '
        f'"evidence": [{", ".join(map(s, evidence))}], "flags": [{", ".join(map(s, flags))}], '
        f'"source_start": {"null" if source_start is None else source_start}, '
        f'"source_end": {"null" if source_end is None else source_end}}}\n'
        for (start, end, surface, secid, code, market, exchange, kind, name, method, confidence, evidence, flags,
             source_start, source_end) in rows
    ])


def mention_csv(path: str | None, article_id: str, rows: Iterable[MentionRow]) -> str:
    """The CSV rows of mention rows: the cells ``records.encode_csv`` makes of each record
    (a null empty, lists joined with ``|``), written by the same ``csv.writer``."""
    buf = io.StringIO()
    head = ("" if path is None else path, "" if article_id is None else article_id)
    join = LIST_SEPARATOR.join
    csv.writer(buf).writerows([
        (*head, start, end, surface, "" if secid is None else secid, "" if code is None else code,
         "" if market is None else market, "" if exchange is None else exchange, kind,
         "" if name is None else name, method, confidence, join(evidence), join(flags),
         "" if source_start is None else source_start, "" if source_end is None else source_end)
        for (start, end, surface, secid, code, market, exchange, kind, name, method, confidence, evidence, flags,
             source_start, source_end) in rows
    ])
    return buf.getvalue()
