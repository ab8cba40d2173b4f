"""A linked Document as text for a person to read: its mentions and entities as tables
(what ``entitylink show`` prints).

Imports only ``models``.
"""

from __future__ import annotations

import unicodedata

from entitylink.models import Document


def _width(s: str) -> int:
    """Terminal columns of ``s``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows]


def format_document(doc: Document) -> str:
    """The article's header, its mentions and its entities as aligned text tables.

    >>> from entitylink.models import Document
    >>> format_document(Document(article_id="a", text="")).splitlines()[0]
    '# a'
    """
    out = [f"# {doc.article_id}" + (f"  {doc.title}" if doc.title else "")]
    if doc.date or doc.url:
        out.append("  ".join(x for x in (doc.date.isoformat() if doc.date else "", doc.url or "") if x))
    out += [f"warning: {w}" for w in doc.warnings]
    if not doc.mentions:
        return "\n".join(out + ["(no mentions)"])
    rows = [["offset", "surface", "secid", "name", "kind", "method", "conf", "evidence"]]
    for m in doc.mentions:
        rows.append([f"{m.start}-{m.end}", m.surface, m.secid or "-", m.name or "-", m.kind, m.method,
                     f"{m.confidence:.2f}", "|".join(m.evidence + m.flags)])
    out += ["", *_table(rows), ""]
    rows = [["secid", "name", "kind", "mentions", "first", "title", "tagged", "salience"]]
    for e in doc.entities:
        rows.append([e.secid or "-", e.name or "-", e.kind, str(e.mention_count), str(e.first_start),
                     "yes" if e.in_title else "", "yes" if e.tagged else "", f"{e.salience:.2f}"])
    return "\n".join(out + _table(rows))
