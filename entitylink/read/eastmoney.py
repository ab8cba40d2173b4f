"""Everything Eastmoney-specific about markup: the publisher's own security tags in an
article (reading), its boilerplate, and the span markup ``retag`` writes back (``span_markup``).

A tag is an element the publisher marked as naming a security: a
``span#stock_<market>.<code>`` / ``span#bk_<market>.<code>`` (with its inner
``a.keytip``: one tag, not two), an old ``stock_<code><market digit>`` span, an
``a.keytip``, an ``em_stock_key_common`` span or anchor that carries a
``data-code`` or a quote link (not a ``baike.eastmoney.com`` glossary link), or
any link to a quote page. The secid comes from, in order: the id, a
``data-code`` with a market, the quote href, a bare ``data-code`` whose market is
inferred from the code. A tag whose secid cannot be resolved is still returned
(``secid=None``, reason in ``flags``); an empty tag is skipped with a warning.

It also lists what of an Eastmoney page is boilerplate, which the HTML lexer
(``html``) drops: ``BOILERPLATE_PARAGRAPHS`` and the elements of
``dropped_element`` (the 文章来源 and 开户 lines, toplinks, ad links). A
boilerplate element or paragraph that holds a publisher tag is kept, text and all:
no tag of the page is lost with it; its tags are flagged ``in_boilerplate``.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself (``offsets``, ``plain``; ``html`` imports this
module, so the examples import ``html_to_text`` themselves).

    >>> from entitylink.read.html import html_to_text
    >>> tags, _ = find_tags(html_to_text('<span id="stock_1.600597"><a class="keytip">光明乳业</a></span>'))
    >>> tags[0].secid, tags[0].surface
    ('1.600597', '光明乳业')
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import regex

from entitylink.markets import SecidParts, market_of_cn_code, parse_secid, secid_from_old_id
from entitylink.read.offsets import STRIP_CHARS
from entitylink.read.plain import Element, TextResult

__all__ = ["AD_HOSTS", "BOILERPLATE_PARAGRAPHS", "IN_BOILERPLATE", "TAG_HINT", "TaggedSpan", "dropped_element",
           "find_tags", "resolve_tag"]

# Paragraphs dropped from the text when they start with one of these (the 开户 line).
BOILERPLATE_PARAGRAPHS = ("在东方财富看资讯行情",)
# Links to these hosts are ads.
AD_HOSTS = ("acttg.eastmoney.com",)
# Elements of these classes are the 文章来源 line (em_media) and an ad's close button.
_DROPPED_CLASSES = ("em_media", "em_handle_adv_close")

_ID = regex.compile(r"(stock|bk)_(\S+)")
_ID_PREFIXES = ("stock_", "bk_")  # what _ID needs: most ids (quote_…, ContentBody) skip the pattern
_SECID = regex.compile(r"\d{1,3}\.[A-Za-z0-9_]{1,16}")
# An _ID whose value is a _SECID (the usual id), in one call instead of two.
_ID_SECID = regex.compile(r"(stock|bk)_(\d{1,3}\.[A-Za-z0-9_]{1,16})")
_DATA_CODE = regex.compile(r"\s*(?:(\d{1,3})\s*[,.]\s*)?([A-Za-z0-9_]{1,16})\s*")
_HREF_SECID = regex.compile(r"quote\.eastmoney\.com/(?:unify/)?r/(\d{1,3}\.[A-Za-z0-9_]{1,16})", regex.I)
# Quote pages: /SZ300104.html, /sh600519.html, /hk/00700.html, /bk/90.BK0818.html, /us/AAPL.html
_HREF_PAGE = regex.compile(
    r"quote\.eastmoney\.com/(?:([a-z]{2})/)?(?:(sh|sz|bj)(?=\d))?([A-Za-z0-9._]{1,20})\.html", regex.I)
_BOARD_SECID = regex.compile(r"90\.BK\d{4}")
_HREF_WAP = regex.compile(r"eastmoney\.com/quota/stock/index/([A-Za-z0-9]{1,16})", regex.I)
_GLOSSARY = "baike.eastmoney.com"
_EXCHANGE_MARKET = {"sh": 1, "sz": 0, "bj": 0, "hk": 116}
_TAG_CLASSES = frozenset(("keytip", "em_stock_key_common"))
# What a tag's markup holds, looked for in raw markup without parsing it (``html`` keeps a
# boilerplate element, the 文章来源 line, whose markup holds one, so that no tag is lost with
# it): a stock_/bk_ id (also escaped, as in SQL dumps), a tag class, data-code, a quote link.
# ``is_tag_element`` decides on the element; a false hint only keeps a source line.
TAG_HINT = regex.compile("|".join((
    r"""\bid\s*=\s*\\?["']?(?:stock|bk)_""", *sorted(_TAG_CLASSES), "data-code", r"quote\.eastmoney\.com",
    r"eastmoney\.com/quota")), regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """One publisher tag: ``text[start:end] == surface``, and the secid it names.

    ``raw`` is the attribute value the secid was read from; ``source_start`` and
    ``source_end`` span the surface's characters in the source; ``flags`` says
    what was odd (``no_secid:…``, ``conflict:…``, ``market_inferred``,
    ``old_markup``, ``in_boilerplate``: inside what is otherwise dropped as
    Eastmoney's boilerplate, such as the 文章来源 line, kept for the tag).

    >>> TaggedSpan(0, 2, "光明", "1.600597", 1, "600597", "stock", "SH", "stock_1.600597", 5, 7).kind
    'stock'
    """

    start: int
    end: int
    surface: str
    secid: str | None
    market: int | None
    code: str | None
    kind: str | None
    exchange: str | None
    raw: str
    source_start: int
    source_end: int
    flags: tuple[str, ...] = ()


def dropped_element(tag: str, attrs: dict[str, str]) -> bool:
    """Whether an element with these (non-empty) attributes is Eastmoney boilerplate:
    the 文章来源 line, an ad's close button, a toplink or a link to an ad host.

    >>> dropped_element("a", {"class": "toplink", "href": "/"}), dropped_element("p", {"class": "x"})
    (True, False)
    """
    cls = attrs.get("class")
    classes = cls.split() if cls and (tag == "a" or "em_" in cls) else ()  # no "em_": neither class below
    if _DROPPED_CLASSES[0] in classes or _DROPPED_CLASSES[1] in classes:
        return True
    return tag == "a" and ("toplink" in classes or any(h in attrs.get("href", "") for h in AD_HOSTS))


def is_tag_element(element: Element) -> bool:
    """Whether the element is, by its markup, a publisher's security tag.

    >>> from entitylink.read.html import html_to_text
    >>> glossary = '<span class="em_stock_key_common" href="http://baike.eastmoney.com/item/x">x</span>'
    >>> is_tag_element(html_to_text(glossary).elements[0])
    False
    """
    attrs = element.attrs
    if not attrs:
        return False
    id_ = attrs.get("id")
    if id_ and id_.startswith(_ID_PREFIXES) and _ID.fullmatch(id_):
        return True
    href = attrs.get("href", "")
    if _GLOSSARY in href:
        return False
    cls = attrs.get("class")
    if cls and "keytip" in cls.split():  # as element.classes, without the tuple
        return True
    return bool(attrs.get("data-code") or _quote_href(href))


def find_tags(result: TextResult) -> tuple[tuple[TaggedSpan, ...], tuple[str, ...]]:
    """All publisher tags in a converted document, in text order, and warnings.

    >>> from entitylink.read.html import html_to_text
    >>> find_tags(html_to_text('<span id="bk_90.BK0922"></span>'))[1]
    ('empty tag bk_90.BK0922 at source offset 0',)
    """
    elements = result.elements
    if not elements:  # plain text (a digest)
        return (), ()
    owner = [-1] * len(elements)
    groups: list[list[Element]] = []
    for i, e in enumerate(elements):
        parent = e.parent
        up = owner[parent] if parent >= 0 else -1
        # (an element without attributes is no tag: most are, and skip the call)
        if up >= 0:
            owner[i] = up
            if e.attrs and is_tag_element(e):
                groups[up].append(e)
        elif e.attrs and is_tag_element(e):
            owner[i] = len(groups)
            groups.append([e])
    tags: list[TaggedSpan] = []
    warnings: list[str] = []
    described: dict[str | None, SecidParts | None] = {}  # a tag's security usually recurs in the article
    text, offsets = result.text, result.offsets
    for group in groups:
        head = group[0]
        start, end = _strip(text, head.start, head.end)
        secid, raw, flags = resolve_tag(group)
        if start >= end:
            warnings.append(f"empty tag {raw or head.tag} at source offset {head.source_start}")
            continue
        parts = described.get(secid, ...)
        if parts is ...:
            parts = described[secid] = _describe(secid)
        if secid is not None and parts is None:
            flags = (*flags, f"no_secid:not a known secid {secid}")
        if _in_boilerplate(elements, head, text, start):
            flags = (*flags, IN_BOILERPLATE)
        source_start, source_end = offsets.span_to_source(start, end)
        tags.append(
            TaggedSpan(
                start, end, text[start:end],
                parts.secid if parts else None,
                parts.market if parts else None,
                parts.code if parts else _code_of(secid),
                parts.kind if parts else None,
                parts.exchange if parts else None,
                raw, source_start, source_end, flags,
            )
        )
    tags.sort(key=lambda t: (t.start, t.end))
    return tuple(tags), tuple(warnings)


IN_BOILERPLATE = "in_boilerplate"


def _in_boilerplate(elements: tuple[Element, ...], head: Element, text: str, start: int) -> bool:
    """Whether a tag sits in what is otherwise dropped as boilerplate: inside an
    element ``dropped_element`` names (the 文章来源 line), or in a paragraph that
    starts like ``BOILERPLATE_PARAGRAPHS``; the reader kept it for the tag."""
    p = head.parent
    while p >= 0:
        e = elements[p]
        if e.attrs and dropped_element(e.tag, e.attrs):
            return True
        p = e.parent
    return text.startswith(BOILERPLATE_PARAGRAPHS, text.rfind("\n", 0, start) + 1)


def resolve_tag(group: list[Element]) -> tuple[str | None, str, tuple[str, ...]]:
    """The secid a tag names (an element and the tag elements inside it), the raw value, flags.

    >>> from entitylink.read.html import html_to_text
    >>> resolve_tag(html_to_text('<a data-code="002353">杰瑞股份</a>').elements)
    ('0.002353', '002353', ('market_inferred',))
    """
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for e in group:
        found.extend(_evidence(e))
    if not found:
        raw = next((e.attrs.get("id") or e.attrs.get("href") or "" for e in group), "")
        return None, raw, ("no_secid:the tag names no code",)
    secid, raw, flags = found[0]
    others = sorted({s for s, _, _ in found[1:] if s != secid}) if len(found) > 1 else ()
    if others:
        flags = (*flags, *(f"conflict:{s}" for s in others))
    return secid, raw, flags


def _evidence(e: Element) -> list[tuple[str, str, tuple[str, ...]]]:
    """(secid, raw, flags) candidates of one element, best first."""
    attrs = e.attrs
    out: list[tuple[str, str, tuple[str, ...]]] = []
    href = attrs.get("href", "")
    from_href = _quote_href(href)
    id_ = attrs.get("id")
    if id_ and id_.startswith(_ID_PREFIXES):
        if m := _ID_SECID.fullmatch(id_):  # an _ID whose value is a _SECID
            out.append((m.group(2), m.group(0), ()))
        elif (m := _ID.fullmatch(id_)) and (value := m.group(2)).isdigit() and (old := secid_from_old_id(value)):
            out.append((old, m.group(0), ("old_markup",)))
    code_attr = attrs.get("data-code", "")
    if code_attr:
        dm = _DATA_CODE.fullmatch(code_attr)
        if dm and dm.group(1):
            out.append((f"{int(dm.group(1))}.{dm.group(2)}", code_attr, ()))
        elif dm:
            code = dm.group(2)
            if from_href and from_href[0].endswith("." + code):
                out.append((from_href[0], code_attr, ()))
            elif (market := market_of_cn_code(code)) is not None:
                out.append((f"{market}.{code}", code_attr, ("market_inferred",)))
    if from_href:
        out.append((from_href[0], href, from_href[1]))
    return out


def _quote_href(href: str) -> tuple[str, tuple[str, ...]] | None:
    """The secid a quote link points to, with flags, or None."""
    if not href or "eastmoney.com" not in href:
        return None
    m = _HREF_SECID.search(href)
    if m:
        return m.group(1), ()
    m = _HREF_WAP.search(href)
    if m:
        code = m.group(1)
        old = secid_from_old_id(code) if code.isdigit() else None
        if old:
            return old, ("old_markup",)
        market = market_of_cn_code(code)
        return (f"{market}.{code}", ("market_inferred",)) if market is not None else None
    m = _HREF_PAGE.search(href)
    if m:
        folder, prefix, code = (m.group(1) or "").lower(), (m.group(2) or "").lower(), m.group(3)
        if folder == "bk" and _BOARD_SECID.fullmatch(code):
            return code, ()
        if folder == "hk" and code.isdigit() and len(code) <= 5:
            return f"116.{int(code):05d}", ()
        if folder == "us":
            return None  # NASDAQ, NYSE or AMEX: the page does not say which market id
        if prefix and code.isdigit() and len(code) == 6:
            return f"{_EXCHANGE_MARKET[prefix]}.{code}", ()
        if not folder and not prefix and code.isdigit():
            market = market_of_cn_code(code)
            return (f"{market}.{code}", ("market_inferred",)) if market is not None else None
    return None


def _describe(secid: str | None):
    if secid is None:
        return None
    try:
        return parse_secid(secid)
    except ValueError:
        return None


def _code_of(secid: str | None) -> str | None:
    return secid.split(".", 1)[1] if secid and "." in secid else None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip(STRIP_CHARS))
    right = len(chunk.rstrip(STRIP_CHARS))
    return (start + left, start + right) if right > left else (start, start)


# -- writing Eastmoney's markup (retag) --------------------------------------------

SECURITY_SPAN = regex.compile(
    r"\bid\s*=\s*[\"']?(?:stock|bk)_|\bclass\s*=\s*[\"'][^\"']*\bem_stock_key_common", regex.I
)
"""An element's attributes that make it a publisher's security tag (retag never writes inside one)."""


def span_markup(secid: str, kind: str) -> tuple[str, str]:
    """The opening and closing markup Eastmoney wraps around a security's name.

    >>> span_markup("90.BK0922", "board")[0]  # doctest: +NORMALIZE_WHITESPACE
    '<span id="bk_90.BK0922"><a href="http://quote.eastmoney.com/unify/r/90.BK0922"
      class="keytip" data-code="90,BK0922">'
    """
    parts = parse_secid(secid)  # ValueError for anything but <market>.<code>
    prefix = "bk" if kind == "board" or parts.kind == "board" else "stock"
    sid = escape(parts.secid)
    open_ = (
        f'<span id="{prefix}_{sid}"><a href="http://quote.eastmoney.com/unify/r/{sid}" '
        f'class="keytip" data-code="{parts.market},{escape(parts.code)}">'
    )
    return open_, "</a></span>"
