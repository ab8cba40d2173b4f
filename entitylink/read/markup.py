"""The vocabulary of the HTML lexer (``html``): the classes of tags (block, cell, void,
dropped, raw text) as one flag per tag, the patterns of start tags, end tags, attributes
and text runs (each also for backslash-escaped documents, and simpler ones in the standard
library's engine for the usual tags), attribute parsing, and why attributes drop an element.

Imports only from ``read/`` itself (``eastmoney``, ``plain``).

    >>> parse_attrs('id="stock_1.600519" class=k hidden', _ATTR)
    {'id': 'stock_1.600519', 'class': 'k', 'hidden': ''}
    >>> _dropped_by_attrs("span", {"style": "DISPLAY: none"})
    'hidden'
"""

from __future__ import annotations

import html as _html
import re

import regex

from entitylink.read.eastmoney import dropped_element
from entitylink.read.plain import INVISIBLE, PAD

__all__ = ["BLOCK_TAGS", "CELL_TAGS", "DROPPED_TAGS", "MARKUP", "P_CLOSERS", "RAW_TEXT_TAGS", "VOID_TAGS",
           "parse_attrs", "parse_simple_attrs"]

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "tfoot", "thead", "tr", "ul",
})
CELL_TAGS = frozenset(("td", "th"))
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
    "track", "wbr",
})
DROPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "svg", "select"})
RAW_TEXT_TAGS = frozenset({"script", "style", "title", "textarea", "xmp", "noscript", "iframe", "noembed", "noframes"})
# Start tags that end an open <p> (HTML's "close a p element" rule, simplified).
P_CLOSERS = BLOCK_TAGS - {"br", "body", "html"}
# One dict lookup per tag instead of a set test per rule.
_BLOCK, _CELL, _VOID, _RAW, _DROPPED, _P_CLOSER = 1, 2, 4, 8, 16, 32
_FLAGS: dict[str, int] = {}
for _bit, _tags in ((_BLOCK, BLOCK_TAGS), (_CELL, CELL_TAGS), (_VOID, VOID_TAGS), (_RAW, RAW_TEXT_TAGS),
                    (_DROPPED, DROPPED_TAGS), (_P_CLOSER, P_CLOSERS)):
    for _t in _tags:
        _FLAGS[_t] = _FLAGS.get(_t, 0) | _bit
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# What tells markup from plain text: a tag's start, a comment or an end tag.
MARKUP = regex.compile(r"<(?:[A-Za-z][A-Za-z0-9]{0,15}+[\s>/]|!--|/[A-Za-z])")

_WS = "[ \\t\\n\\r\\f]"
_ENT = r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)"
_TEXT_TOKENS = regex.compile(rf"(?P<ws>{_WS}++)|(?P<pad>{PAD}++)|(?P<ent>{_ENT})|(?P<inv>{INVISIBLE}++)")
_TEXT_TOKENS_ESCAPED = regex.compile(
    rf"(?P<ws>(?:{_WS}|\\[ntr])++)|(?P<pad>{PAD}++)|(?P<ent>{_ENT})|(?P<inv>{INVISIBLE}++)"
)

_TAG_BODY = r"""(?:[^>"'=]++|=\s*+"[^"]*+"?|=\s*+'[^']*+'?|[="'])*+"""
_TAG_BODY_ESCAPED = (
    r"""(?:[^>"'=]++|=\s*+\\"(?:[^\\]++|\\(?!"))*+(?:\\")?|=\s*+"[^"]*+"?|=\s*+'[^']*+'?|[="'])*+"""
)
_START_TAG = regex.compile(rf"<([A-Za-z][^\s/>\x00]*+)({_TAG_BODY})(>?)")
_START_TAG_ESCAPED = regex.compile(rf"<([A-Za-z][^\s/>\x00]*+)({_TAG_BODY_ESCAPED})(>?)")
_END_TAG = regex.compile(r"</([A-Za-z][^\s/>\x00]*+)[^>]*+(>?)")
# Branch reset (?|...): whichever quoting matched, the value is group 2.
_ATTR_VALUE = r""""([^"]*+)"?|'([^']*+)'?|([^\s>]*+)"""
_ATTR = regex.compile(rf"""([^\s/>=]++|=[^\s/>=]*+)(?:\s*+=\s*+(?|{_ATTR_VALUE}))?""")
_ATTR_ESCAPED = regex.compile(
    rf"""([^\s/>=]++|=[^\s/>=]*+)(?:\s*+=\s*+(?|\\"((?:[^\\]++|\\(?!"))*+)(?:\\")?|{_ATTR_VALUE}))?"""
)
# The usual tags (<p>, <span id="x">, <a href= "…" class="k">, </a >) are first tried
# against these simpler patterns, in the standard library's engine, which costs a third
# of regex's per call: ASCII classes only (no \s, whose meaning differs between the
# engines), double-quoted values only, and no backtracking that could change a match.
# What they match, they match exactly as _START_TAG/_END_TAG/_ATTR would (a tag name
# ends where theirs does, and a body of name="value" pairs splits the same way);
# anything else falls through to the general patterns.
_ASCII_WS = "[ \t\n\r\f]"
# (Attribute names in lower case only, so that they need no lowering.)
_SIMPLE_ATTR_BODY = rf'{_ASCII_WS}+[a-z][a-z0-9_-]*{_ASCII_WS}*={_ASCII_WS}*"[^"]*"'
_SIMPLE_START_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9]*)((?:{_SIMPLE_ATTR_BODY})*{_ASCII_WS}*/?)(>)")
_SIMPLE_END_TAG = re.compile(rf"</([A-Za-z][A-Za-z0-9]*){_ASCII_WS}*>")
_SIMPLE_ATTR = re.compile(rf'{_ASCII_WS}+([a-z][a-z0-9_-]*){_ASCII_WS}*={_ASCII_WS}*"([^"]*)"')
_DISPLAY_NONE = regex.compile(r"display\s*:\s*none", regex.IGNORECASE)
_ESCAPED_HINT = regex.compile(r'<[A-Za-z][^\s/<>]{0,40}+\s[^<>=]{0,200}+=\\"')


def parse_simple_attrs(body: str) -> dict[str, str]:
    """``parse_attrs`` of a body of ``name="value"`` pairs (the same result, faster)."""
    pairs = _SIMPLE_ATTR.findall(body)
    attrs = dict(pairs)
    if len(attrs) < len(pairs) or "&" in body:  # a repeated name (the first counts), or entities
        attrs = {}
        for name, value in pairs:
            if name not in attrs:
                attrs[name] = _html.unescape(value) if "&" in value else value
    return attrs


def parse_attrs(body: str, attr_re: regex.Pattern) -> dict[str, str]:
    """The attributes of a start tag's ``body`` by ``attr_re`` (``_ATTR``, or ``_ATTR_ESCAPED``
    in a backslash-escaped document): names lowered, the first of a repeated name counts,
    entities decoded, a name without value is ``""``."""
    if "=" not in body and " " not in body and ">" not in body and body.isprintable():
        # Names only (the URL of an autolink, <http://…>, as digests end): without "=" no
        # value, and without whitespace (\s is printable only as " ") or ">", a name ends
        # only at "/": the names are the pieces between "/".
        return dict.fromkeys([name.lower() for name in body.split("/") if name], "")
    attrs: dict[str, str] = {}
    unescape = _html.unescape
    for m in attr_re.finditer(body):
        name, value = m.group(1, 2)
        name = name.lower()
        if name in attrs:
            continue
        if value is None:
            value = ""
        attrs[name] = unescape(value) if "&" in value else value
    return attrs


_HIDDEN, _BOILERPLATE = "hidden", "boilerplate"


def _dropped_by_attrs(tag: str, attrs: dict[str, str]) -> str:
    """Why a non-empty attribute set drops the element: ``hidden`` (hidden,
    display:none), ``boilerplate`` (Eastmoney's source line, ads and toplinks:
    ``eastmoney.dropped_element``), or ``""``: it does not."""
    if "hidden" in attrs:
        return _HIDDEN
    style = attrs.get("style")
    if style and _DISPLAY_NONE.search(style):
        return _HIDDEN
    return _BOILERPLATE if dropped_element(tag, attrs) else ""
