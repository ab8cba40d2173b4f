"""A Document as self-contained HTML: the text with every mention marked.

``render_html(doc)`` is what ``Document._repr_html_`` shows in Jupyter; with
``standalone=True`` it is a whole page to save and open in a browser. Styles are
inline (no ``<style>``, no scripts, no external files), so the fragment looks the
same in a notebook, in a page of its own, or pasted into another page, and
cannot restyle its surroundings. Everything taken from the article (text,
title, URL, names) is escaped: article text is untrusted.

Imports only ``mentions``: ``models`` imports this module (``_repr_html_``), so a
document is what ``RenderedDocument`` describes, not ``models.Document`` by name.

    >>> from entitylink.models import Document, Mention
    >>> m = Mention(start=2, end=6, surface="光明乳业", secid="1.600597", kind="stock", name="光明乳业",
    ...             method="tag", confidence=1.0)
    >>> html = render_html(Document(article_id="a", text="买入光明乳业<b>", mentions=(m,)))
    >>> 'title="1.600597 光明乳业' in html, "&lt;b&gt;" in html
    (True, True)
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from html import escape
from typing import Protocol

from entitylink.mentions import Entity, Mention

__all__ = ["KIND_COLORS", "RenderedDocument", "render_html", "save_html"]

# Background colours by mention kind; light enough for dark text.
KIND_COLORS: dict[str, str] = {
    "stock": "#ffd98e",
    "board": "#b7e4b0",
    "index": "#a9d1f7",
    "fund": "#f3c1ea",
    "bond": "#d9cdf5",
    "future": "#f7c8a8",
    "organization": "#e3e3e3",
}
_FALLBACK_COLOR = "#eeeeee"


class RenderedDocument(Protocol):
    """What ``render_html`` reads of a document (``models.Document`` is one)."""

    @property
    def article_id(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def date(self) -> _dt.datetime | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def mentions(self) -> Sequence[Mention]: ...
    @property
    def entities(self) -> Sequence[Entity]: ...
    @property
    def warnings(self) -> Sequence[str]: ...

_BOX = "font-family:sans-serif;line-height:1.9;max-width:52em;color:#222;background:#fff;padding:0.5em 0.8em"
_HEADER = "border-bottom:1px solid #ddd;margin-bottom:0.6em;padding-bottom:0.4em"
_META = "font-size:0.85em;color:#555"
_MARK = "background:{color};padding:0.1em 0.25em;border-radius:0.3em;{extra}"
_LABEL = "font-size:0.65em;font-weight:bold;margin-left:0.3em;color:#444;vertical-align:middle"
_SWATCH = "display:inline-block;background:{color};padding:0 0.4em;margin-right:0.4em;border-radius:0.3em"


def render_html(doc: RenderedDocument, *, labels: bool = True, standalone: bool = False) -> str:
    """The document's text as HTML, each mention in a ``<mark>`` coloured by kind.

    Args:
        doc: a linked document.
        labels: show each mention's secid (or kind, when unlinked) after it.
        standalone: a whole page (``<!DOCTYPE html>``, UTF-8 charset) rather
            than a fragment for a notebook.

    Returns:
        HTML: a header (title, date, URL, counts), a legend of the kinds
        present, then one ``<p>`` per line of the text. Each mark's ``title``
        tooltip holds the secid, name, method and confidence.
    """
    body = "".join((_header(doc), _legend(doc), _text(doc, labels)))
    fragment = f'<div class="entitylink-doc" style="{_BOX}">{body}</div>'
    if not standalone:
        return fragment
    title = escape(doc.title or doc.article_id)
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{title}</title></head>\n<body>{fragment}</body></html>\n"
    )


def save_html(doc: RenderedDocument, path: str | os.PathLike[str], *, labels: bool = True) -> None:
    """Write ``render_html(doc, standalone=True)`` to ``path`` (UTF-8)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(render_html(doc, labels=labels, standalone=True))


def tooltip(m: Mention) -> str:
    """The tooltip of a mention (not escaped): secid, name, method, confidence.

    >>> from entitylink.models import Mention
    >>> tooltip(Mention(start=0, end=2, surface="茅台", secid="1.600519", kind="stock", name="贵州茅台",
    ...                 method="alias", confidence=0.85))
    '1.600519 贵州茅台 · stock · alias · 0.85'
    """
    who = " ".join(x for x in (m.secid or "unlinked", m.name) if x)
    return f"{who} · {m.kind} · {m.method} · {m.confidence:.2f}"


def _header(doc: RenderedDocument) -> str:
    parts = [f'<div style="{_HEADER}">']
    title = doc.title or doc.article_id
    parts.append(f'<div style="font-weight:bold;font-size:1.1em">{escape(title)}</div>')
    meta = [f"id {escape(doc.article_id)}"]
    if doc.date is not None:
        meta.append(escape(doc.date.isoformat(sep=" ")))
    if doc.url:
        url = escape(doc.url)
        # Only web links become links: a javascript: or data: URL stays text.
        meta.append(f'<a href="{url}">{url}</a>' if doc.url.lower().startswith(("http://", "https://")) else url)
    linked = sum(1 for e in doc.entities if e.secid)
    meta.append(f"{len(doc.mentions)} mentions · {linked} securities")
    unlinked = len(doc.entities) - linked
    if unlinked:
        meta.append(f"{unlinked} unlinked")
    if doc.warnings:
        meta.append(f"{len(doc.warnings)} warnings")
    parts.append(f'<div style="{_META}">{" | ".join(meta)}</div></div>')
    return "".join(parts)


def _legend(doc: RenderedDocument) -> str:
    counts: dict[str, int] = {}
    for m in doc.mentions:
        counts[m.kind] = counts.get(m.kind, 0) + 1
    if not counts:
        return f'<div style="{_META};margin-bottom:0.6em">no mentions</div>'
    order = [k for k in KIND_COLORS if k in counts] + sorted(k for k in counts if k not in KIND_COLORS)
    items = "".join(
        f'<span style="{_SWATCH.format(color=KIND_COLORS.get(k, _FALLBACK_COLOR))}">{escape(k)} {counts[k]}</span>'
        for k in order
    )
    return f'<div style="{_META};margin-bottom:0.6em">{items}</div>'


def _text(doc: RenderedDocument, labels: bool) -> str:
    text = doc.text
    out: list[str] = ["<p>"]
    pos = 0
    for m in doc.mentions:
        out.append(_plain(text[pos : m.start]))
        out.append(_mark(m, labels))
        pos = m.end
    out.append(_plain(text[pos:]))
    out.append("</p>")
    return "".join(out)


def _plain(chunk: str) -> str:
    # A line break of the text is a paragraph break of the page.
    return "</p><p>".join(escape(line) for line in chunk.split("\n"))


def _mark(m: Mention, labels: bool) -> str:
    color = KIND_COLORS.get(m.kind, _FALLBACK_COLOR)
    extra = "" if m.secid else "border:1px dashed #888;"
    style = _MARK.format(color=color, extra=extra)
    surface = "<br>".join(escape(line) for line in m.surface.split("\n"))
    label = ""
    if labels:
        label = f'<span style="{_LABEL}">{escape(m.secid or m.kind)}</span>'
    attrs = f'style="{style}" title="{escape(tooltip(m))}" data-kind="{escape(m.kind)}"'
    if m.secid:
        attrs += f' data-secid="{escape(m.secid)}"'
    return f"<mark {attrs}>{surface}{label}</mark>"
