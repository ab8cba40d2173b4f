"""What a conversion gives (``TextResult``, its ``Element`` records) and plain text to it.

``plain_to_text`` reads plain text (one paragraph per non-blank line) and
``join_results`` concatenates the results of parts of one source (a Jekyll
post's summary line and body); the HTML lexer (``html``) gives the same
``TextResult``. Imports only from ``offsets``: below every other module of
``read/``, which imports only from the top-level shared modules (``errors``,
``models``, ``markets``) and ``read/`` itself.

    >>> plain_to_text("  光明   乳业 \\n\\n涨").text
    '光明 乳业\\n涨'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import regex

from entitylink.read.offsets import OffsetMap, TextBuilder

__all__ = ["Element", "INVISIBLE", "INVISIBLE_CHARS", "PAD", "TextResult", "join_results", "plain_to_text"]

PAD = "[\\u3000\\u2003\\u00a0]"  # the indents stripped like spaces: U+3000, U+2003, U+00A0
# Invisible characters dropped from the text (the offset map skips them, so source
# offsets stay exact): zero-width space, non-joiner, joiner, word joiner and BOM. Inside
# a name (贵州\u200b茅台) they would hide it from the dictionary.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE = f"[{INVISIBLE_CHARS}]"
_PLAIN_TOKENS = regex.compile(rf"(?P<nl>\r\n|[\n\r])|(?P<ws>[ \t\f\v]++)|(?P<pad>{PAD}++)|(?P<inv>{INVISIBLE}++)")

class Element(NamedTuple):
    """One element: its tag, attributes and where its text and markup are.

    A named tuple, immutable like the frozen dataclass it was and built at a quarter of
    its cost (a page has an element for every tag: building them was a tenth of
    converting it); fields are compared by value.

    ``start``/``end`` are offsets in the output text (they may include the
    separator whitespace around the element's words); ``source_start`` and
    ``source_end`` span the element's markup in the source; ``parent`` is the
    index of the enclosing recorded element, or -1.

    >>> from entitylink.read.html import html_to_text
    >>> html_to_text('<span id="x">光明</span>').elements[0].attrs
    {'id': 'x'}
    """

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    source_start: int
    source_end: int
    parent: int

    @property
    def classes(self) -> tuple[str, ...]:
        """The whitespace-separated words of the ``class`` attribute."""
        return tuple(self.attrs.get("class", "").split())


class TextResult(NamedTuple):
    """Plain text, its offset map into the source, the elements and a ``<title>``
    (a named tuple, as ``Element``: every conversion builds one).

    >>> r = plain_to_text("a\\n\\nb"); r.text, r.offsets.to_source(2)
    ('a\\nb', 3)
    """

    text: str
    offsets: OffsetMap
    elements: tuple[Element, ...] = ()
    title: str | None = None
    warnings: tuple[str, ...] = ()


def plain_to_text(source: str, start: int = 0, end: int | None = None) -> TextResult:
    """Plain text of ``source[start:end]``: one paragraph per non-blank line.

    >>> plain_to_text("  光明   乳业 \\n\\n涨").text
    '光明 乳业\\n涨'
    """
    end = len(source) if end is None else end
    result = _plain_lines(source, start, end)
    return result if result is not None else _plain_tokens(source, start, end)


def _plain_tokens(source: str, start: int, end: int) -> TextResult:
    """``plain_to_text`` of any text, token by token through a ``TextBuilder``."""
    b = TextBuilder(source)
    pos = start
    for m in _PLAIN_TOKENS.finditer(source, start, end):
        s = m.start()
        if s > pos:
            b.content(source[pos:s], pos)
        kind = m.lastgroup
        if kind == "nl":
            b.block(s)
        elif kind == "ws":
            b.space(s)
        elif kind == "pad":
            b.pad(m.group(), s, verbatim=True)
        # else an invisible character: dropped, the map skips it
        pos = m.end()
    if pos < end:
        b.content(source[pos:end], pos)
    return TextResult(b.text(), b.offsets())


def _plain_lines(source: str, start: int, end: int) -> TextResult | None:
    """``plain_to_text`` of text whose only whitespace is ``"\\n"`` and single spaces
    (most digests), or None for other text (also text with an ``INVISIBLE`` character,
    which is not printable): each non-blank line, stripped of spaces,
    is a paragraph copied verbatim, so the map is built here directly, several times
    faster than token by token. The segments are those ``TextBuilder`` makes: a
    paragraph's characters and the ``"\\n"`` that ends its line are verbatim, and runs
    contiguous in the source merge.
    """
    paras: list[str] = []
    seg_out: list[int] = []
    seg_src: list[int] = []
    seg_end: list[int] = []
    n = 0
    nl = 0  # the "\n" that ends the last paragraph's line
    pos = start
    while pos < end:
        stop = source.find("\n", pos, end)
        if stop < 0:
            stop = end
        line = source[pos:stop]
        # A printable line has no tab, "\r", form feed or indent (U+3000, U+2003,
        # U+00A0: spaces other than " " are not printable); nor may it have a run of
        # spaces. A line with anything else non-printable is read token by token.
        if not line.isprintable() or "  " in line:
            return None
        para = line.strip(" ")
        if para:
            a = pos + len(line) - len(line.lstrip(" "))
            if paras:  # the separator is that "\n", as TextBuilder.block records it
                if seg_end[-1] == nl:
                    seg_end[-1] = nl + 1
                else:
                    seg_out.append(n)
                    seg_src.append(nl)
                    seg_end.append(nl + 1)
                n += 1
            if seg_end and seg_end[-1] == a:
                seg_end[-1] = a + len(para)
            else:
                seg_out.append(n)
                seg_src.append(a)
                seg_end.append(a + len(para))
            n += len(para)
            paras.append(para)
            nl = stop
        pos = stop + 1
    return TextResult("\n".join(paras), OffsetMap(seg_out, seg_src, seg_end, [True] * len(seg_out), n))


def join_results(results: Sequence[TextResult], sep: str = "\n") -> TextResult:
    """Concatenate results over the same source, ``sep`` between non-empty texts.

    >>> join_results([plain_to_text("ab"), plain_to_text("ab", 1)]).text
    'ab\\nb'
    """
    parts = [r for r in results if r.text]
    if not parts:
        empty = results[0] if results else TextResult("", OffsetMap.empty())
        return TextResult("", empty.offsets, (), None, tuple(w for r in results for w in r.warnings))
    if len(results) == 1 and results[0].title != "":  # joins to itself (a "" title would become None)
        return results[0]
    maps: list[tuple[int, OffsetMap]] = []
    elements: list[Element] = []
    shift = 0
    for i, r in enumerate(parts):
        if i:
            shift += len(sep)
        maps.append((shift, r.offsets))
        base = len(elements)
        for e in r.elements:
            elements.append(
                Element(e.tag, e.attrs, e.start + shift, e.end + shift, e.source_start,
                        e.source_end, e.parent + base if e.parent >= 0 else -1)
            )
        shift += len(r.text)
    title = next((r.title for r in results if r.title), None)
    warnings = tuple(w for r in results for w in r.warnings)
    return TextResult(sep.join(r.text for r in parts), OffsetMap.concat(maps, sep), tuple(elements), title, warnings)
