"""Jekyll posts of the finews crawler: front matter, the body, the source URL, dates.

A post is front matter between ``---`` lines (``title``, ``date``,
``categories``, ``tags``: the YAML subset posts use, with ``- item`` lists,
``>``/``|`` block scalars and ``#`` comments), a ``> `` summary line, a plain or
HTML body, the ``<source URL>`` line and the 返回 footer, which is left out.
What the crawler writes most (its five front matter lines, its URL and footer
tail, its two date shapes) is read by one match each; everything else by the
general readers, which give the same result (``tests/test_article_equivalence.py``).
Dates are read by ``read/dates.py``.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself (``dates``, ``html``, ``plain``).

    >>> read_crawler_post("no front matter") is None
    True
"""

from __future__ import annotations

import re
from typing import Any

import regex

from entitylink.errors import ArticleFormatError
from entitylink.read.dates import parse_date
from entitylink.read.html import MARKUP, html_to_text
from entitylink.read.offsets import OffsetMap
from entitylink.read.plain import TextResult, join_results, plain_to_text

__all__ = ["read_crawler_post", "read_jekyll"]

_KEY_NAME = regex.compile(r"[A-Za-z_][\w-]*+")
# The front matter of every crawled post, key for key, and its closing "---": read by
# one match instead of line by line (other front matter takes the general reader).
_CRAWLER_FRONT_MATTER = re.compile(
    r"layout: post\ntitle: ([^\n]*)\ndate: ([^\n]*)\ncategories: ([^\n]*)\ntags: ([^\n]*)\n---\n"
)
_BLOCK_MARKERS = frozenset((">", "|", ">-", "|-"))  # a key's value that opens a block scalar
_YAML_ESCAPE = regex.compile(r'\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)', regex.S)
_YAML_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "e": "\x1b",
                "v": "\v", "f": "\f", " ": " ", "/": "/", '"': '"', "\\": "\\", "N": "\x85",
                "_": "\xa0", "L": "\u2028", "P": "\u2029", "\t": "\t"}
_URL_LINE = regex.compile(r"\s*<((?:https?:)?//[^\s<>]++)?>\s*")
_FOOTER_LINE = regex.compile(r"\s*(?:\[(?:返回东财滚动新闻|返回首页)\]\([^()\s]*+\)\s*[｜|]?\s*)++")
# The crawler's footer lines as they occur (each is a _FOOTER_LINE): looked up, not matched.
_CRAWLER_FOOTERS = ("[返回东财滚动新闻](../emnews/)", "[返回首页](../)",
                    "[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)")
_KNOWN_FOOTERS = frozenset(line + end for line in _CRAWLER_FOOTERS for end in ("", "\n"))
# What the crawler writes from the URL line to the end: "<URL>", then empty lines and
# its footer lines. Each of these lines is one _jekyll_body's loop would pass over
# (the URL as _URL_LINE reads it: the same group), so one match does their work.
_CRAWLER_TAIL = regex.compile(
    r"<((?:https?:)?//[^\s<>]++)?>(?:\n(?:" + "|".join(map(regex.escape, _CRAWLER_FOOTERS)) + r")?)*+"
)

# A whole digest as the crawler writes it (read_crawler_post): its front matter (values as
# _CRAWLER_FRONT_MATTER reads them), one line of text, its URL line (the URL as _CRAWLER_TAIL
# reads it, when it is ASCII without spaces) and footer lines. The standard engine: no
# class here depends on the engine's idea of a space, and it costs a quarter of regex's.
_CRAWLER_DIGEST = re.compile(
    r"---\n" + _CRAWLER_FRONT_MATTER.pattern + r"\n*([^\n<>\[ ][^\n<]*)\n\n*<((?:https?:)?//[!-;=?-~]+)?>"
    r"(?:\n(?:" + "|".join(map(re.escape, _CRAWLER_FOOTERS)) + r")?)*"
)


def read_jekyll(source: str, name: str) -> tuple[TextResult, dict[str, Any], list[str]]:
    """The text (summary line and body), the front matter (``title``, ``date``,
    ``url``, ``categories``, ``labels``) and the warnings of a Jekyll post;
    ``name`` is for messages. Raises ``ArticleFormatError`` when there is
    neither front matter nor text.

    >>> text, meta, _ = read_jekyll("---\\ntitle: 标题\\n---\\n> 摘要\\n正文", "p.md")
    >>> text.text, meta["title"]
    ('摘要\\n正文', '标题')
    """
    fast = read_crawler_post(source)  # a digest exactly as the crawler writes it: one match
    if fast is not None:
        return fast
    # Lines are found one at a time with str.find (front matter, front to back) and
    # str.rfind (URL and footer, back to front, in _jekyll_body), and what the crawler
    # writes there by one match each: splitting the whole source into lines cost a
    # tenth of reading a post. A line runs to and includes its "\n"; ``pos == n``
    # means there are no more lines.
    n = len(source)
    warnings: list[str] = []
    meta: dict[str, Any] = {}
    pos = 0
    line = ""
    while pos < n:  # blank lines before the opening ---
        if source.startswith("---\n", pos):  # the usual first line
            line, stop = "---\n", pos + 4
            break
        stop = source.find("\n", pos) + 1 or n
        line = source[pos:stop]
        if line.strip():
            break
        pos = stop
    opened = pos < n and line.strip() == "---"
    body = _read_front_matter(source, stop, meta, warnings) if opened else None
    closed = body is not None
    if body is not None:
        pos = body
    elif opened:
        pos = stop  # the line after the opening ---
    if not closed:
        # no closing line: keys as long as lines look like keys, the rest is the body
        while pos < n:
            stop = source.find("\n", pos) + 1 or n
            raw = source[pos:stop].strip()
            kv = _key_value(raw)
            if kv:
                _front_matter(meta, kv[0], kv[1], warnings)
            elif raw:
                break
            pos = stop
        warnings.append("front matter has no closing ---; the rest is read as the body")
    parts = _jekyll_body(source, pos, meta, warnings)
    if not meta and not any(r.text for r in parts):
        raise ArticleFormatError("neither front matter nor text", source=name)
    return join_results(parts), meta, warnings


def _jekyll_body(source: str, start: int, meta: dict, warnings: list[str]) -> list[TextResult]:
    """Summary line, body, and (into ``meta``) the URL of the lines from ``start``;
    the footer is left out."""
    end = len(source)
    url_line = source.rfind("\n<", max(start - 1, 0)) + 1
    if url_line and "url" not in meta and (m := _CRAWLER_TAIL.fullmatch(source, url_line)):
        meta["url"] = m.group(1)
        if not m.group(1):
            warnings.append("the source URL line is empty (<>)")
        end = url_line
        while end - 1 > start and source[end - 2] == "\n":  # empty lines above it (the loop's work)
            end -= 1
    while end > start:  # the last line is source[ls:end]
        ls = source.rfind("\n", start, end - 1) + 1 or start
        line = source[ls:end]
        # A footer line starts with "[" and a URL line with "<" once stripped (the
        # patterns' \s is narrower than str.strip), so other lines skip the patterns.
        head = line.lstrip()[:1]
        if not head or head == "[" and (line in _KNOWN_FOOTERS or _FOOTER_LINE.fullmatch(line)):
            end = ls
            continue
        m = _URL_LINE.fullmatch(line) if head == "<" else None
        if m and "url" not in meta:
            meta["url"] = m.group(1)
            if not m.group(1):
                warnings.append("the source URL line is empty (<>)")
            end = ls
            continue
        break
    while start < end and source[start] == "\n":  # empty lines after the front matter
        start += 1
    while start < end:  # other blank lines
        stop = source.find("\n", start, end) + 1 or end
        if source[start:stop].strip():
            break
        start = stop
    parts: list[TextResult] = []
    if start < end and source.startswith(">", start):
        stop = source.find("\n", start, end) + 1 or end
        skip = 2 if source.startswith("> ", start) else 1
        parts.append(plain_to_text(source, start + skip, stop))
        start = stop
    if start < end:
        is_html = source.find("<", start, end) >= 0 and MARKUP.search(source, start, end)
        parts.append(html_to_text(source, start, end) if is_html else plain_to_text(source, start, end))
    return parts


def _key_value(line: str) -> tuple[str, str] | None:
    """``("title", "x")`` for a stripped front-matter line ``title: x``, else None."""
    key, colon, value = line.partition(":")
    if not colon or (value and not value[0].isspace()):
        return None
    key = key.rstrip()
    # Keys of ASCII letters (title, date, tags...) are the usual case and need no pattern.
    if not (key.isalpha() and key.isascii()) and not _KEY_NAME.fullmatch(key):
        return None
    return key.lower(), value.strip()


def _read_front_matter(source: str, first: int, meta: dict, warnings: list[str]) -> int | None:
    """Read the front matter lines from ``first`` up to the closing line into ``meta``;
    return where the body starts, or None (having read nothing) if no line closes it."""
    body = _crawler_front_matter(source, first, meta, warnings)
    if body is not None:
        return body
    n = len(source)
    block: list[str] = []
    pos = first
    while pos < n:
        stop = source.find("\n", pos) + 1 or n
        line = source[pos:stop]
        if line.strip() in ("---", "..."):
            _front_matter_block(block, meta, warnings)
            return stop
        block.append(line)
        pos = stop
    return None


def _crawler_front_matter(source: str, first: int, meta: dict, warnings: list[str]) -> int | None:
    """The crawler's five front matter lines and the closing ``---`` from ``first``, by one
    match, into ``meta``: where the body starts, or None (having read nothing) for other
    front matter."""
    m = _CRAWLER_FRONT_MATTER.match(source, first)
    return m.end() if m is not None and _crawler_meta(m.groups(), meta, warnings) else None


def _crawler_meta(groups: tuple[str, ...], meta: dict, warnings: list[str]) -> bool:
    """The values of the crawler's title, date, categories and tags lines into ``meta``;
    False (having read nothing) when one is empty or opens a block scalar."""
    values = [value.strip() for value in groups]
    if "" in values or not _BLOCK_MARKERS.isdisjoint(values):
        return False
    # each value as _front_matter_block would pass it to _front_matter (where
    # "layout" is ignored and each key is new; none of the readers warns but the date's)
    title, date, categories, tags = values
    meta["title"] = _unquote(title)
    meta["date"] = parse_date(_unquote(date), warnings)
    meta["categories"] = _yaml_list(categories)
    meta["labels"] = _yaml_list(tags)
    return True


def read_crawler_post(source: str) -> tuple[TextResult, dict[str, Any], list[str]] | None:
    """``read_jekyll`` of a digest exactly as the crawler writes it, by one match, or None
    for any other post (``read_jekyll`` then takes the general path): ``---``, its five
    front matter lines, empty lines, one printable line of plain text (no ``<``, no run of
    spaces, not starting like a summary, footer or URL line), empty lines, the ``<URL>``
    line (an ASCII URL) and its footer lines. The general path reads such a post by the
    same steps (``_crawler_front_matter``, ``_CRAWLER_TAIL``, ``_plain_lines``) and loops
    that do nothing here; ``tests/test_read_fast.py`` checks that both give the same Article.

    >>> text, meta, _ = read_crawler_post("---\\nlayout: post\\ntitle: t\\ndate: 2021-12-08 10:46:18 +0800\\n"
    ...     "categories: emnews\\ntags: x\\n---\\n\\n正文。\\n\\n<//a.b/c>\\n")
    >>> text.text, text.offsets.to_source(0), meta["url"]
    ('正文。', 90, '//a.b/c')
    """
    m = _CRAWLER_DIGEST.fullmatch(source)
    if m is None:
        return None
    line = m.group(5)
    if not line.isprintable() or line[-1] == " " or "  " in line:
        return None  # _plain_lines would strip it, or leave it to the token reader
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    if not _crawler_meta(m.group(1, 2, 3, 4), meta, warnings):
        return None
    url = meta["url"] = m.group(6)
    if not url:
        warnings.append("the source URL line is empty (<>)")
    start = m.start(5)
    n = len(line)
    return TextResult(line, OffsetMap((0,), (start,), (start + n,), b"\x01", n)), meta, warnings


def _front_matter_block(lines: list[str], meta: dict, warnings: list[str]) -> None:
    """The YAML subset posts use: ``key: value``, ``- item`` lines under a list
    key, ``>``/``|`` block scalars of indented lines, ``#`` comments."""
    # key is set only while a list or block scalar is being collected (then block
    # is a list for a block scalar, None for a list); otherwise block is None and
    # items empty.
    key: str | None = None
    block: list[str] | None = None
    items: list[str] = []
    for raw in lines:
        stripped = raw.strip()
        if not stripped or stripped[0] == "#":
            continue
        if key is not None:
            if block is not None and raw[:1] in (" ", "\t"):
                block.append(stripped)
                continue
            if stripped.startswith("- "):
                items.append(stripped[2:].strip())
                continue
            _flush(meta, key, block, items, warnings)
            key, block, items = None, None, []
        kv = _key_value(stripped)
        if kv is None:
            warnings.append(f"front matter line not understood: {stripped[:40]!r}")
            continue
        k, value = kv
        if value in _BLOCK_MARKERS:
            key, block = k, []
        elif not value:
            key = k
        else:
            _front_matter(meta, k, value, warnings)
    if key is not None:
        _flush(meta, key, block, items, warnings)


def _flush(meta: dict, key: str, block: list[str] | None, items: list[str], warnings: list[str]) -> None:
    """The value collected under ``key``: a block scalar, or a list of ``- item`` lines."""
    if block is not None or items:
        value = " ".join(block) if block is not None else "[" + ",".join(items) + "]"
        _front_matter(meta, key, value, warnings)


def _front_matter(meta: dict, key: str, value: str, warnings: list[str]) -> None:
    if key == "title":
        meta["title"] = _unquote(value)
    elif key == "date":
        meta["date"] = parse_date(_unquote(value), warnings)
    elif key in ("categories", "category", "tags"):
        target = "labels" if key == "tags" else "categories"
        meta[target] = meta.get(target, ()) + _yaml_list(value)
    elif key in ("url", "permalink", "source") and value.startswith("http"):
        meta.setdefault("url", _unquote(value))


def _unquote(value: str) -> str:
    """A YAML scalar: double-quoted with escapes, single-quoted, or plain."""
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        inner = v[1:-1]
        return _YAML_ESCAPE.sub(_yaml_escape, inner) if "\\" in inner else inner
    if len(v) >= 2 and v[0] == v[-1] == "'":
        return v[1:-1].replace("''", "'")
    return v


def _yaml_escape(m: regex.Match) -> str:
    esc = m.group(1)
    if esc[0] in "xuU" and len(esc) > 1:
        code = int(esc[1:], 16)
        return chr(code) if code <= 0x10FFFF else m.group()
    return _YAML_SIMPLE.get(esc, m.group())


def _yaml_list(value: str) -> tuple[str, ...]:
    v = value.strip()
    if v.isalnum():  # one word, no quotes or brackets: the usual "emnews"
        return (v,)
    if v.startswith("[") and v.endswith("]"):
        return tuple([x for x in map(_unquote, v[1:-1].split(",")) if x])
    return tuple(map(_unquote, v.split()))
