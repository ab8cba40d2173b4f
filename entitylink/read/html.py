"""HTML (or plain text) to plain text, with an exact offset map back to the source.

A small linear-time lexer (``regex`` patterns with possessive quantifiers, and
``str.find`` for comments and raw text) that tolerates the malformed markup of
real Eastmoney pages: ``</a >``, ``href= "…"``, attributes broken by stray
quotes, unclosed tags, comments and scripts, and backslash-escaped documents
(``id=\\"stock_013855\\"`` in SQL dumps, where a literal ``\\n`` is whitespace).

Text rules: entities are decoded; block elements separate paragraphs with
``"\\n"``, table cells with ``"\\t"``; ASCII whitespace runs collapse to one
space; paragraphs are stripped (also of U+3000, U+2003 and U+00A0) and never
empty; invisible characters (zero-width space, joiners, word joiner, BOM:
``plain.INVISIBLE``), also as entities, are dropped, the map skipping them; scripts,
styles, ``<head>``, comments, ``display:none`` elements, images and Eastmoney
boilerplate (the 文章来源 line, ``a.toplink`` and ad links, the 开户 line: what is
Eastmoney's is listed in ``eastmoney``) are dropped. The lexer's tag classes and patterns,
and attribute parsing, are in ``markup``.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself (``markup``, ``offsets``, ``plain``, ``eastmoney``).

    >>> html_to_text("<p>　　买入<b>光明乳业</b>&gt;</p><p>x</p>").text
    '买入光明乳业>\\nx'
"""

from __future__ import annotations

import html as _html
import re
from functools import partial

import regex

from entitylink.read.eastmoney import BOILERPLATE_PARAGRAPHS, TAG_HINT, is_tag_element
from entitylink.read.markup import (
    _ATTR,
    _ATTR_ESCAPED,
    _BLOCK,
    _BOILERPLATE,
    _CELL,
    _DROPPED,
    _END_TAG,
    _ESCAPED_HINT,
    _FLAGS,
    _LETTERS,
    _P_CLOSER,
    _RAW,
    _SIMPLE_END_TAG,
    _SIMPLE_START_TAG,
    _START_TAG,
    _START_TAG_ESCAPED,
    _TEXT_TOKENS,
    _TEXT_TOKENS_ESCAPED,
    _VOID,
    BLOCK_TAGS,
    CELL_TAGS,
    MARKUP,
    RAW_TEXT_TAGS,
    _dropped_by_attrs,
    parse_attrs,
    parse_simple_attrs,
)
from entitylink.read.offsets import STRIP_CHARS, OffsetMap, TextBuilder
from entitylink.read.plain import INVISIBLE_CHARS, Element, TextResult, join_results, plain_to_text

# OffsetMap and TextBuilder live in .offsets, Element, TextResult, plain_to_text and
# join_results in .plain: re-exported here for existing imports.
__all__ = ["Element", "MARKUP", "OffsetMap", "STRIP_CHARS", "TextBuilder", "TextResult", "html_to_text",
           "join_results", "plain_to_text"]

_ATTR_CACHE_SIZE = 4096
# How far into a boilerplate element its markup is looked at for a tag (the source line is short).
_BOILERPLATE_WINDOW = 4096



def _end_tag_pattern(tag: str) -> regex.Pattern:
    return regex.compile(rf"</{regex.escape(tag)}(?=[\s/>]|\Z)", regex.IGNORECASE)


# The end tags looked for ahead (a raw text element's, a boilerplate element's), compiled
# once: regex.compile costs a few microseconds even when its cache holds the pattern.
_END_TAGS = {tag: _end_tag_pattern(tag) for tag in RAW_TEXT_TAGS | {"a", "p", "span", "div", "em", "section"}}


def _end_tag_of(tag: str) -> regex.Pattern:
    """The pattern of the end tag of ``tag`` (lower case): ``</tag`` in any case, then a
    space, ``/``, ``>`` or the end."""
    pattern = _END_TAGS.get(tag)
    return pattern if pattern is not None else _end_tag_pattern(tag)


def html_to_text(source: str, start: int = 0, end: int | None = None) -> TextResult:
    """Plain text, elements and offset map of the HTML in ``source[start:end]``.

    >>> r = html_to_text('<p>A&amp;B</p>'); r.text, r.offsets.span_to_source(1, 2)
    ('A&B', (4, 9))
    """
    end = len(source) if end is None else min(end, len(source))
    # The converter sees the source up to ``end`` only (offsets are unchanged):
    # markup cut off by the region's end is not read past it.
    return _Converter(source if end == len(source) else source[:end], start, end).run()


def _holds_tag_since(elements: list[list], token: int) -> bool:
    """Whether a publisher tag element (of ``elements``, the converter's records) starts at
    or after the ``pos()`` token ``token`` (a boilerplate paragraph holding one is kept, not
    dropped)."""
    for rec in reversed(elements):
        if rec[2] < token:
            return False
        if rec[1] and is_tag_element(Element(*rec)):
            return True
    return False


class _Converter:
    """One pass over the markup; state lives here, never in the module."""

    def __init__(self, source: str, start: int, end: int) -> None:
        self.src = source
        self.start = start
        self.end = end
        window = min(end, start + 65536)
        # the hint ends in a literal =\" : most documents have none, and str.find says so faster
        self.escaped = source.find('=\\"', start, window) >= 0 and bool(_ESCAPED_HINT.search(source, start, window))
        self.text_tokens = _TEXT_TOKENS_ESCAPED if self.escaped else _TEXT_TOKENS
        self.start_tag = _START_TAG_ESCAPED if self.escaped else _START_TAG
        self.attr_re = _ATTR_ESCAPED if self.escaped else _ATTR
        self.elements: list[list] = []
        # (the builder is given the elements, not this converter: a cycle of references
        # would leave every conversion's objects to the garbage collector)
        self.b = TextBuilder(source, boilerplate=BOILERPLATE_PARAGRAPHS, keep=partial(_holds_tag_since, self.elements))
        # stack entries: (tag, element index or -1, skipped)
        self.stack: list[tuple[str, int, bool]] = []
        self.open_count: dict[str, int] = {}
        self.skip_depth = 0
        self.attr_cache: dict[str, dict[str, str]] = {}
        self.title: str | None = None
        self.warnings: list[str] = []

    def run(self) -> TextResult:
        src, end = self.src, self.end
        find, start_tag, end_tag = src.find, self.start_tag.match, _END_TAG.match
        simple_start, simple_end = _SIMPLE_START_TAG.match, _SIMPLE_END_TAG.match
        stack = self.stack
        pos = self.start
        # The common markup (start and end tags) is dispatched here; the rest in markup().
        while pos < end:
            lt = find("<", pos, end)
            if lt < 0:
                self.text(pos, end)
                break
            if lt > pos:
                self.text(pos, lt)
            nxt = src[lt + 1 : lt + 2]
            if nxt in _LETTERS:
                m = simple_start(src, lt, end)
                pos = self.start_element(m, True) if m else self.start_element(start_tag(src, lt, end))
            elif nxt == "/" and (m := simple_end(src, lt, end) or end_tag(src, lt, end)):
                pos = m.end()
                tag = m.group(1).lower()
                if stack and stack[-1][0] == tag:  # end_element's usual case, without the call
                    self.close_to(len(stack) - 1, pos)
                else:
                    self.end_element(tag, lt, pos)
            else:
                pos = self.markup(lt)
        self.close_to(0, end)
        b = self.b
        b.block(end)
        if b.drops:
            actual = b.actual
            elements = tuple(Element(t, a, actual(s), actual(e), ss, se, p) for t, a, s, e, ss, se, p in self.elements)
        else:
            elements = tuple(map(Element._make, self.elements))
        return TextResult(b.text(), b.offsets(), elements, self.title, tuple(self.warnings))

    def markup(self, lt: int) -> int:
        """Handle the markup at ``src[lt] == "<"``; return where text resumes."""
        src, end = self.src, self.end
        nxt = src[lt + 1 : lt + 2]
        if nxt.isascii() and nxt.isalpha():
            m = self.start_tag.match(src, lt, end)
            return self.start_element(m)
        if nxt == "/":
            m = _END_TAG.match(src, lt, end)
            if m:
                self.end_element(m.group(1).lower(), lt, m.end())
                return m.end()
            gt = src.find(">", lt, end)
            return end if gt < 0 else gt + 1
        if nxt == "!":
            if src.startswith("<!--", lt):
                if src.startswith((">", "->"), lt + 4):
                    return src.find(">", lt + 4) + 1
                close = src.find("-->", lt + 4, end)
                if close < 0:
                    self.warnings.append(f"unclosed comment at offset {lt} runs to the end")
                    return end
                return close + 3
            if src.startswith("<![CDATA[", lt):
                close = src.find("]]>", lt + 9, end)
                stop = end if close < 0 else close
                self.text(lt + 9, stop)
                return end if close < 0 else close + 3
        if nxt in ("!", "?"):
            gt = src.find(">", lt, end)
            return end if gt < 0 else gt + 1
        self.text(lt, lt + 1)
        return lt + 1

    def start_element(self, m: regex.Match | re.Match, simple: bool = False) -> int:
        """Handle a start tag; ``simple`` when ``m`` is of _SIMPLE_START_TAG."""
        tag, body, gt = m.group(1, 2, 3)
        tag = tag.lower()
        lt, after = m.span()
        attrs = self.attrs(body, simple) if body and not body.isspace() else {}
        flags = _FLAGS.get(tag, 0)
        b = self.b
        oc = self.open_count
        if tag == "a" and oc.get("a"):
            self.close_named("a", lt, lt)  # as browsers do: an <a> closes an unclosed <a>
        if flags:
            if tag == "body" and oc.get("head"):
                self.close_named("head", lt, lt)
            if flags & _P_CLOSER and oc.get("p"):
                self.close_named("p", lt, lt)
            elif tag == "li" and oc.get("li"):
                self.close_named("li", lt, lt)
            elif flags & _CELL:
                for cell in CELL_TAGS:
                    if oc.get(cell):
                        self.close_named(cell, lt, lt)
            if flags & _BLOCK:
                b.block(lt)
            elif flags & _CELL:
                b.cell(lt)
            if flags & _VOID:
                return after
            if flags & _RAW:
                return self.raw_text(tag, attrs, lt, after)
        stack = self.stack
        if self.skip_depth or flags & _DROPPED or (
                attrs and (why := _dropped_by_attrs(tag, attrs))
                and not (why == _BOILERPLATE and self.holds_tag(tag, after))):
            skipped, index = True, -1
            self.skip_depth += 1
        else:
            skipped, index = False, len(self.elements)
            pos = b.n + b.shift
            self.elements.append([tag, attrs, pos, pos, lt, after, stack[-1][1] if stack else -1])
        stack.append((tag, index, skipped))
        oc[tag] = oc.get(tag, 0) + 1
        if not gt or body.endswith("/"):
            self.close_to(len(stack) - 1, after)
        return after

    def holds_tag(self, tag: str, after: int) -> bool:
        """Whether the markup of the element ``tag`` opened before ``after`` (up to its
        first end tag, within ``_BOILERPLATE_WINDOW``) holds what a publisher tag is made of
        (``eastmoney.TAG_HINT``): a boilerplate element holding a tag is kept, its text too."""
        stop = min(self.end, after + _BOILERPLATE_WINDOW)
        m = _end_tag_of(tag).search(self.src, after, stop)
        return bool(TAG_HINT.search(self.src, after, m.start() if m else stop))

    def raw_text(self, tag: str, attrs: dict[str, str], lt: int, after: int) -> int:
        m = _end_tag_of(tag).search(self.src, after, self.end)
        stop = m.start() if m else self.end
        if not m and tag in ("script", "style"):
            self.warnings.append(f"unclosed <{tag}> at offset {lt} runs to the end")
        if tag == "title" and self.title is None:
            self.title = " ".join(_html.unescape(self.src[after:stop]).split()) or None
        elif tag in ("textarea", "xmp") and not self.skip_depth:
            self.text(after, stop)
        if not m:
            return self.end
        gt = self.src.find(">", m.end(), self.end)
        return self.end if gt < 0 else gt + 1

    def end_element(self, tag: str, lt: int, after: int) -> None:
        stack = self.stack
        if stack and stack[-1][0] == tag:  # the usual case: closes the innermost element
            self.close_to(len(stack) - 1, after)
        elif tag == "br":
            self.b.block(lt)
        elif self.open_count.get(tag):
            self.close_named(tag, lt, after)
        elif tag == "p":
            self.b.block(lt)

    def close_named(self, tag: str, lt: int, after: int) -> None:
        """Close the innermost open ``tag`` (ending at ``after``) and everything inside it."""
        i = len(self.stack) - 1
        while self.stack[i][0] != tag:
            i -= 1
        self.close_to(i + 1, lt)
        self.close_to(i, after)

    def close_to(self, depth: int, source_end: int) -> None:
        """Close every open element above ``depth`` of the stack, ending at ``source_end``."""
        b, stack, oc = self.b, self.stack, self.open_count
        while len(stack) > depth:
            tag, index, skipped = stack.pop()
            oc[tag] -= 1
            if skipped:
                self.skip_depth -= 1
            if tag in BLOCK_TAGS:
                b.block(source_end)
            if index >= 0:
                rec = self.elements[index]
                rec[3] = b.n + b.shift
                rec[5] = source_end

    def attrs(self, body: str, simple: bool = False) -> dict[str, str]:
        """The attributes of a start tag's ``body`` (parsed once per distinct body);
        ``simple`` when the body is a run of _SIMPLE_ATTR."""
        cached = self.attr_cache.get(body)
        if cached is None:
            cached = parse_simple_attrs(body) if simple else parse_attrs(body, self.attr_re)
            if len(self.attr_cache) < _ATTR_CACHE_SIZE:
                self.attr_cache[body] = cached
            return cached  # the first element with this body owns the parsed dict (nothing here changes it)
        return cached.copy()  # each later one owns a copy

    def text(self, pos: int, stop: int) -> None:
        if self.skip_depth or pos >= stop:
            return
        src, b = self.src, self.b
        chunk = src[pos:stop]
        if not chunk.strip(" \t\n\r\f"):  # the indent between tags: one whitespace token
            b.space(pos)
            return
        first = self.text_tokens.search(src, pos, stop)
        if first is None:  # no whitespace, indent or entity: one verbatim run
            b.content(chunk, pos)
            return
        # Lines of words and single spaces (most of a digest) in one step: a printable line
        # holds no tab, "\r", form feed, indent (U+3000...) nor invisible character.
        if not self.escaped and "&" not in chunk and "  " not in chunk and chunk.replace("\n", "").isprintable():
            b.lines(chunk, pos)
            return
        self.tokens(pos, first.start(), stop)

    def tokens(self, pos: int, first: int, stop: int) -> None:
        """The text run ``src[pos:stop]`` token by token (a whitespace run, an indent, an entity,
        an invisible character, the words between), its first token at or after ``first``."""
        src, b = self.src, self.b
        for m in self.text_tokens.finditer(src, first, stop):
            s = m.start()
            if s > pos:
                b.content(src[pos:s], pos)
            kind = m.lastgroup
            if kind == "ws":
                b.space(s)
            elif kind == "pad":
                b.pad(m.group(), s, verbatim=True)
            elif kind == "ent":
                raw = m.group()
                value = _html.unescape(raw)
                if value == raw:
                    b.content(raw, s)
                elif not value.strip(INVISIBLE_CHARS):  # &#8203; &zwj;: dropped like the character
                    pass
                elif not value.strip(" \t\n\r\f"):
                    b.space(s)
                elif not value.strip("\u3000\u2003\xa0"):
                    b.pad(value, s, verbatim=False, source_end=m.end())
                else:
                    b.entity(value, s, m.end())
            pos = m.end()
        if pos < stop:
            b.content(src[pos:stop], pos)
