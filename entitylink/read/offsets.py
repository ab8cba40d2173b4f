"""Offset maps from a derived text back to its source, and the builder that makes them.

``OffsetMap`` maps every character of a converted text (``htmltext``) to its
position in the source string, in run-length segments; ``TextBuilder``
accumulates paragraphs of text (whitespace held back, indents stripped at
paragraph edges, boilerplate paragraphs dropped) together with that map.

Imports nothing of entitylink: below every other module of ``read/``, which
imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> b = TextBuilder("<b>x</b>&gt;"); b.content("x", 3); b.entity(">", 8, 12)
    >>> m = b.offsets(); b.text(), m.to_source(0), m.span_to_source(1, 2)
    ('x>', 3, (8, 12))
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence

__all__ = ["OffsetMap", "STRIP_CHARS", "TextBuilder"]

# Stripped from paragraph edges: ASCII whitespace, U+3000, U+2003 and U+00A0.
STRIP_CHARS = " \t\n\r\f\u3000\u2003\u00a0"


class OffsetMap:
    """Maps each character of a text to its position in the source string.

    Run-length segments: a *verbatim* segment maps ``text[out + k]`` to
    ``source[src + k]``; a *constant* one (an entity, a separator) maps every
    character to ``src`` and a span of it to ``source[src:src_end]``.

    >>> b = TextBuilder("<b>x</b>&gt;"); b.content("x", 3); b.entity(">", 8, 12)
    >>> m = b.offsets(); m.to_source(0), m.span_to_source(1, 2), m.is_verbatim(1)
    (3, (8, 12), False)
    """

    __slots__ = ("_out", "_src", "_end", "_verbatim", "length")

    def __init__(self, out: Sequence[int], src: Sequence[int], end: Sequence[int],
                 verbatim: Sequence[bool] | bytes | bytearray, length: int) -> None:
        self._out = array("q", out)
        self._src = array("q", src)
        self._end = array("q", end)
        self._verbatim = bytes(verbatim)
        self.length = length

    @classmethod
    def empty(cls) -> OffsetMap:
        """The map of an empty text."""
        return cls((), (), (), (), 0)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that is its own source.

        >>> OffsetMap.identity(5).span_to_source(1, 3)
        (1, 3)
        """
        return cls((0,), (0,), (length,), (True,), length) if length else cls.empty()

    def __len__(self) -> int:
        return self.length

    def __repr__(self) -> str:
        return f"OffsetMap(length={self.length}, segments={len(self._out)})"

    def _segment(self, i: int) -> int:
        if not 0 <= i < self.length:
            raise IndexError(f"text offset {i} outside 0..{self.length - 1}")
        return bisect_right(self._out, i) - 1

    def is_verbatim(self, i: int) -> bool:
        """True when ``text[i]`` is copied from ``source[to_source(i)]`` unchanged."""
        return bool(self._verbatim[self._segment(i)])

    def to_source(self, i: int) -> int:
        """Source position of ``text[i]`` (of the first character of its entity)."""
        k = self._segment(i)
        return self._src[k] + (i - self._out[k]) if self._verbatim[k] else self._src[k]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span ``[s, e)`` covering ``text[start:end]`` (whole entities included)."""
        if not 0 <= start <= end <= self.length:
            raise IndexError(f"text span {start}:{end} outside 0..{self.length}")
        if start == end:
            p = self.to_source(start) if start < self.length else self._last_end()
            return p, p
        k = self._segment(end - 1)
        last = self._src[k] + (end - self._out[k]) if self._verbatim[k] else self._end[k]
        return self.to_source(start), last

    def _last_end(self) -> int:
        return self.span_to_source(self.length - 1, self.length)[1] if self.length else 0

    def segments(self) -> list[tuple[int, int, int, bool]]:
        """``(text_start, source_start, source_end, verbatim)`` of every run."""
        return [(o, s, e, bool(v)) for o, s, e, v in zip(self._out, self._src, self._end, self._verbatim)]

    @classmethod
    def concat(cls, maps: Sequence[tuple[int, OffsetMap]], sep: str) -> OffsetMap:
        """Join maps placed at the given text offsets; ``sep`` maps to the next part's start."""
        out: list[int] = []
        src = array("q")
        end = array("q")
        verb = bytearray()
        length = 0
        for i, (shift, m) in enumerate(maps):
            if i and sep:
                first = m.to_source(0)
                out.append(shift - len(sep))
                src.append(first)
                end.append(first)
                verb.append(False)
            # whole arrays at a time: only the text offsets move
            out.extend([o + shift for o in m._out])
            src.extend(m._src)
            end.extend(m._end)
            verb.extend(m._verbatim)
            length = shift + m.length
        return cls(out, src, end, verb, length)


class TextBuilder:
    """Accumulates paragraphs of text and their offset map (used by the converters).

    Whitespace is held back until more content follows in the same paragraph,
    so paragraphs never start or end with it and are never empty.

    >>> b = TextBuilder("ab"); b.content("ab", 0); b.text()
    'ab'
    """

    def __init__(self, source: str, *, boilerplate: Sequence[str] = (),
                 keep: Callable[[int], bool] | None = None) -> None:
        self.src = source
        self.boilerplate = tuple(boilerplate)
        # keep(token): whether the paragraph starting at that pos() token must stay
        # although it starts like boilerplate (it holds a publisher tag)
        self.keep = keep
        self.drop_budget = 8
        self.parts: list[str] = []
        self.n = 0
        self.shift = 0
        self.seg_out: list[int] = []
        self.seg_src: list[int] = []
        self.seg_end: list[int] = []
        self.seg_verb: list[bool] = []
        # where in the source the last segment's text would continue, if it is verbatim
        # (else -1): a verbatim piece starting there extends it
        self.run_end = -1
        self.in_para = False
        self.need_nl = False
        self.nl_src = 0
        self.pending: list[tuple[str, int, int, bool, bool]] = []
        self.para_mark = (0, 0)
        self.para_first = (0, 0)
        self.drops: list[tuple[int, int, int]] = []
        self.drop_starts: list[int] = []

    def pos(self) -> int:
        """A position token for the current end of the text (see ``actual``)."""
        return self.n + self.shift

    def actual(self, token: int) -> int:
        """Text offset of a ``pos()`` token, after any dropped paragraphs."""
        drops = self.drops
        if not drops:
            return token
        if token >= drops[-1][1]:  # after the last dropped paragraph: the usual case
            return token - self.shift
        k = bisect_right(self.drop_starts, token) - 1
        if k < 0:
            return token
        vs, ve, before = self.drops[k]
        return vs - before if token < ve else token - before - (ve - vs)

    def _add(self, s: str, src: int, src_end: int, verbatim: bool) -> None:
        if verbatim and src == self.run_end:
            self.seg_end[-1] = src_end  # the verbatim run grows
        else:
            self.seg_out.append(self.n)
            self.seg_src.append(src)
            self.seg_end.append(src_end)
            self.seg_verb.append(verbatim)
        self.run_end = src + len(s) if verbatim else -1
        self.parts.append(s)
        self.n += len(s)

    def _emit(self, s: str, src: int, src_end: int, verbatim: bool) -> None:
        if not self.in_para:
            self.para_mark = (self.n, len(self.parts))
            if self.need_nl:
                p = self.nl_src
                self._add("\n", p, p + 1, self.src[p : p + 1] == "\n")
            self.para_first = (self.n, len(self.parts))
            self.in_para = True
        elif self.pending:
            for item in self.pending:
                self._add(*item[:4])
        self.pending.clear()
        self._add(s, src, src_end, verbatim)

    def content(self, s: str, src: int) -> None:
        """Text copied verbatim from ``source[src:src + len(s)]`` (no whitespace runs)."""
        if not self.in_para:
            t = s.lstrip(STRIP_CHARS)
            if not t:
                return
            src += len(s) - len(t)
            s = t
        elif not self.pending:  # inside a paragraph, nothing held back: _emit would only _add
            self._add(s, src, src + len(s), True)
            return
        self._emit(s, src, src + len(s), True)

    def lines(self, s: str, src: int) -> None:
        """Text copied from ``source[src:src + len(s)]`` whose only whitespace is single
        spaces and line breaks (``" \\n"``, no ``"  "``), in one step: what ``content``
        and ``space`` token by token make. Each line stripped of its space is a verbatim
        piece; past the first, a paragraph is open and nothing is held back, so the
        whitespace between two pieces is one space, mapped to its first character (the
        segment of the piece before grows by it when that is a verbatim ``" "``)."""
        source = self.src
        parts, seg_out, seg_src, seg_end, seg_verb = self.parts, self.seg_out, self.seg_src, self.seg_end, self.seg_verb
        n = -1  # no piece yet
        end = src  # where the last piece ends in the source
        start = src  # where the line starts in the source
        for line in s.split("\n"):
            piece = line.strip(" ")
            if piece:
                a = start + 1 if line[0] == " " else start
                if n < 0:
                    if a > src:  # leading whitespace
                        self.space(src)
                    self.content(piece, a)
                    n = self.n
                else:
                    if source[end] == " ":  # a verbatim space: the last segment grows by it
                        seg_end[-1] = end + 1
                    else:
                        seg_end[-1] = end
                        seg_out.append(n)
                        seg_src.append(end)
                        seg_end.append(end + 1)
                        seg_verb.append(False)
                    n += 1
                    seg_out.append(n)
                    seg_src.append(a)
                    seg_end.append(a + len(piece))
                    seg_verb.append(True)
                    parts.append(" ")
                    parts.append(piece)
                    n += len(piece)
                end = a + len(piece)
            start += len(line) + 1
        if n < 0:  # whitespace only
            self.space(src)
            return
        self.n = n
        self.run_end = end
        if end < src + len(s):  # trailing whitespace
            self.space(end)

    def entity(self, value: str, src: int, src_end: int) -> None:
        """Text decoded from ``source[src:src_end]`` (an entity)."""
        self._emit(value, src, src_end, False)

    def space(self, src: int) -> None:
        """A run of ASCII whitespace at ``src``: one space, if more content follows."""
        if self.in_para and not (self.pending and self.pending[-1][4]):
            self.pending.append((" ", src, src + 1, self.src[src : src + 1] == " ", True))

    def pad(self, s: str, src: int, *, verbatim: bool, source_end: int | None = None) -> None:
        """Indent characters (U+3000...): kept inside a paragraph, stripped at its edges."""
        if self.in_para:
            end = src + len(s) if source_end is None else source_end
            self.pending.append((s, src, end, verbatim, False))

    def cell(self, src: int) -> None:
        """A table cell boundary: a tab, if the paragraph goes on."""
        if self.in_para:
            self.pending[:] = [("\t", src, src + 1, self.src[src : src + 1] == "\t", True)]

    def block(self, src: int) -> None:
        """A paragraph boundary at ``src``."""
        self.pending.clear()
        if not self.in_para:
            return
        self.in_para = False
        self.need_nl = True
        self.nl_src = src
        if self.boilerplate and self.drop_budget and self.n - self.para_first[0] <= 80:
            para = "".join(self.parts[self.para_first[1] :])
            if para.startswith(self.boilerplate) and not (
                    self.keep is not None and self.keep(self.para_mark[0] + self.shift)):
                self._drop_paragraph()

    def _drop_paragraph(self) -> None:
        self.drop_budget -= 1
        mark, mark_part = self.para_mark
        dropped = self.n - mark
        before = self.shift
        self.drops.append((mark + before, mark + before + dropped, before))
        self.drop_starts.append(mark + before)
        self.shift += dropped
        del self.parts[mark_part:]
        self.n = mark
        while self.seg_out and self.seg_out[-1] >= mark:
            self.seg_out.pop(), self.seg_src.pop(), self.seg_end.pop(), self.seg_verb.pop()
        self.run_end = self.seg_src[-1] + mark - self.seg_out[-1] if self.seg_verb and self.seg_verb[-1] else -1
        self.need_nl = mark > 0

    def text(self) -> str:
        """The text so far."""
        return "".join(self.parts)

    def offsets(self) -> OffsetMap:
        """The offset map of ``text()``."""
        return OffsetMap(self.seg_out, self.seg_src, self.seg_end, self.seg_verb, self.n)
