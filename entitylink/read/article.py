"""Source text to a parsed article: metadata, plain text with offsets, publisher tags.

Formats: Jekyll posts of the finews crawler (front matter, a ``> `` summary line,
a plain or HTML body, the ``<source URL>`` line, the 返回 footer), HTML pages and
fragments, plain text, and JSONL dumps (one record per line). The text is the
summary line, then the body paragraphs, joined by ``"\\n"``; ``offsets`` map it
into the decoded source string of the whole file (for a JSONL record, into the
record's body string).

``read_article`` reads one article from a string or bytes, detecting its format;
``article_from_record`` reads one record of a dump. Jekyll posts are read by
``jekyll``, HTML by ``html``, publisher tags by ``eastmoney``; files, directories
and dumps by ``sources`` (``read_paths``).

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> a = read_article('<p>买入<span id="stock_1.600597">光明乳业</span></p>', article_id="x")
    >>> a.text, a.tagged[0].secid
    ('买入光明乳业', '1.600597')
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from entitylink.errors import ArticleFormatError, InputError, UsageError
from entitylink.read.dates import parse_date
from entitylink.read.decode import decode_bytes
from entitylink.read.eastmoney import TaggedSpan, find_tags
from entitylink.read.html import MARKUP, html_to_text
from entitylink.read.jekyll import read_jekyll
from entitylink.read.offsets import OffsetMap
from entitylink.read.plain import TextResult, plain_to_text

__all__ = ["Article", "FORMATS", "JSON_TOO_DEEP", "JSONNestingError", "RecordFields", "article_from_record",
           "article_id_from", "load_json", "read_article"]

FORMATS = ("auto", "jekyll", "html", "text", "jsonl")
_ID_FROM_URL = regex.compile(r",(\d{6,})\.html?\b")
# The same in the standard engine for ASCII URLs (the usual), where \d and \b mean
# what they mean in regex, at half the cost.
_ID_FROM_ASCII_URL = re.compile(_ID_FROM_URL.pattern)
_ID_FROM_NAME = regex.compile(r"(?:\d{4}-\d{2}-\d{2})?-(\d{6,})\.(?:md|markdown|html?|txt)$")


JSON_TOO_DEEP = "JSON nested too deeply"


@dataclass(frozen=True, slots=True)
class RecordFields:
    """The field names of a dump's records: each tuple is tried in order, the first
    present (for ``text``: a non-empty string) is used. ``id`` names the record;
    ``text`` is the body (``html``: HTML; ``text``: plain text; any other: HTML when
    it holds markup); ``date`` is an ISO date or datetime, with or without offset
    (without one it is China time, +08:00; a value that is not a date is a warning
    on the article, not a failure). A single name may be given as a string.

    >>> RecordFields(text="body").text, RecordFields().date
    (('body',), ('date', 'datetime', 'published_at'))
    """

    id: tuple[str, ...] = ("id",)
    text: tuple[str, ...] = ("html", "content", "text")
    date: tuple[str, ...] = ("date", "datetime", "published_at")

    def __post_init__(self) -> None:
        for name in ("id", "text", "date"):
            value = getattr(self, name)
            value = (value,) if isinstance(value, str) else tuple(value)
            if not value or not all(isinstance(v, str) and v for v in value):
                raise UsageError(f"record field names for {name}: give at least one non-empty name")
            object.__setattr__(self, name, value)

    @classmethod
    def of(cls, value: RecordFields | dict | None) -> RecordFields:
        """``value`` as ``RecordFields``: itself, a dict of its fields (as a journal
        keeps them), or None for the defaults."""
        if value is None:
            return DEFAULT_FIELDS
        return value if isinstance(value, RecordFields) else cls(**value)

    def to_dict(self) -> dict[str, list[str]]:
        """The fields as JSON would hold them (lists)."""
        return {"id": list(self.id), "text": list(self.text), "date": list(self.date)}


def _or_list(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


class JSONNestingError(ValueError):
    """A JSON text nested deeper than the parser can go (``"[" * 100000``)."""


def load_json(text: str | bytes) -> Any:
    """``json.loads``, with a JSON text nested too deeply for the parser (which
    would raise ``RecursionError``, and stop a whole run from the main process)
    raised as ``JSONNestingError``, a ``ValueError``; every JSON read of ``read/``
    goes through here.

    >>> load_json("[" * 100000)
    Traceback (most recent call last):
    ...
    entitylink.read.article.JSONNestingError: JSON nested too deeply
    """
    if _orjson is not None and isinstance(text, str):
        try:
            data = text.encode()
        except UnicodeEncodeError:  # lone surrogates: json's to read
            data = b""
        if data and _NINETEEN_DIGITS not in data.translate(_DIGITS_ONLY):
            try:
                return _orjson.loads(data)
            except ValueError:  # what orjson does not read, json reads or rejects with its own message
                pass
    try:
        return json.loads(text)
    except RecursionError:
        raise JSONNestingError(JSON_TOO_DEEP) from None


# orjson (the optional ``fast`` extra), when installed, parses a record at a third to a half of
# json's cost (json.loads was half of reading a dump record) and gives what json.loads gives for
# every text it reads: it rejects what json reads differently (NaN, Infinity, numbers past
# a float's range, lone surrogates, nesting past 1024, which json reads or raises on by its
# own rules when orjson gives up). The one text it reads differently is an integer past
# 64 bits, which it makes a float: a text with a run of 19 digits (an integer that might
# not fit, or a long decimal) goes to json; the run is found in the UTF-8 bytes with every
# digit made "0" and every other byte a space (a pattern costs more than json.loads itself
# on text that is mostly Chinese). ``tests/test_read_json.py`` checks both ways.
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - the pure-Python path
    _orjson = None  # type: ignore[assignment]
_DIGITS_ONLY = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_NINETEEN_DIGITS = b"0" * 19


@dataclass(frozen=True, slots=True, eq=False)
class Article:
    """One article: metadata, plain text, the publisher's tags, and warnings.

    ``labels`` are the Jekyll ``tags:`` (not span tags); ``offsets`` maps
    ``text`` into the decoded source; ``date`` is timezone-aware or None.

    >>> read_article("光明乳业涨停", article_id="a").labels
    ()
    """

    article_id: str
    path: str | None
    title: str | None
    date: _dt.datetime | None
    url: str | None
    categories: tuple[str, ...]
    labels: tuple[str, ...]
    text: str
    tagged: tuple[TaggedSpan, ...]
    offsets: OffsetMap
    warnings: tuple[str, ...] = ()


def read_article(
    data: str | bytes,
    *,
    name: str = "<string>",
    format: str = "auto",
    encoding: str | None = None,
    article_id: str | None = None,
    fields: RecordFields | None = None,
) -> Article:
    """Parse one article from a string or bytes.

    Args:
        data: the file's content; bytes are decoded with ``decode_bytes``.
        name: what the data is (a path), used in messages and for the article id.
        format: ``auto``, ``jekyll``, ``html``, ``text`` or ``jsonl`` (one record).
        encoding: codec for bytes, instead of detection.
        article_id: overrides the id found in the URL or the name.
        fields: the field names of a JSONL record (``RecordFields``).

    Raises:
        InputError, DecodeError, ArticleFormatError: naming ``name``.

    >>> read_article("---\\ntitle: a\\n---\\nxyz", name="2021-12-08-2021120800.md").article_id
    '2021120800'
    """
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}", source=name)
    source = decode_bytes(data, encoding=encoding, source=name) if isinstance(data, bytes) else data
    if not source or source.isspace():  # as "not source.strip()", without copying the source
        raise InputError("empty input", source=name)
    if source.startswith("\ufeff"):  # a space in its place keeps offsets into the caller's string
        source = " " + source[1:]
    fmt = _detect(source, name) if format == "auto" else format
    if fmt == "jsonl":
        lines = [ln for ln in source.split("\n") if ln.strip()]
        if len(lines) != 1:
            raise ArticleFormatError(f"JSONL holds {len(lines)} records, not one; use read_file", source=name)
        return article_from_record(lines[0], name, 1, article_id, fields)
    if fmt == "jekyll":
        parsed, meta, warnings = read_jekyll(source, name)
        return _build(parsed, name, article_id, meta, warnings)
    parsed = html_to_text(source) if fmt == "html" else plain_to_text(source)
    return _build(parsed, name, article_id, {}, [])


def _detect(source: str, name: str) -> str:
    head = source.lstrip()
    if name.endswith((".jsonl", ".ndjson")) or (head.startswith("{") and head.rstrip().endswith("}")):
        return "jsonl"
    if head.startswith("---"):
        return "jekyll"
    return "html" if MARKUP.search(source) else "text"


def article_from_record(line: str, name: str, number: int = 1, article_id: str | None = None,
                        fields: RecordFields | None = None) -> Article:
    """The article of one dump record (``line``: a JSON object with ``id`` and a
    ``html``, ``content`` or ``text`` body, optionally ``title``, ``url`` and a
    ``date``, ``datetime`` or ``published_at``: other names with ``fields``, a
    ``RecordFields``), line ``number`` of the dump ``name``; ``offsets`` map into
    the body string. Raises ``ArticleFormatError`` naming ``name:number``; a date
    that cannot be read is a warning on the article.

    >>> article_from_record('{"id": 7, "content": "<p>光明乳业</p>"}', "d.jsonl").article_id
    '7'
    >>> article_from_record('{"text": "x"}', "d.jsonl", 17)
    Traceback (most recent call last):
    ...
    entitylink.errors.ArticleFormatError: d.jsonl:17: record has no id
    """
    def fail(reason: str) -> ArticleFormatError:
        return ArticleFormatError(reason, source=name, line=number)

    try:
        record = load_json(line)
    except json.JSONDecodeError as exc:
        raise fail(f"not JSON: {exc.msg} at column {exc.colno}") from None
    except JSONNestingError:
        raise fail(JSON_TOO_DEEP) from None
    if not isinstance(record, dict):
        raise fail("record is not a JSON object")
    f = DEFAULT_FIELDS if fields is None else fields
    rid = article_id or (record[k] if (k := _first_given(record, f.id, blank=True)) else None)
    if rid is None or rid == "" or isinstance(rid, (dict, list, bool)):
        raise fail("record has no id" if f.id == ("id",) else f"record has no {_or_list(f.id)}")
    key = body = None
    for k in f.text:
        value = record.get(k)
        if isinstance(value, str) and value.strip():
            key, body = k, value
            break
    if key is None or body is None:
        raise fail(f"record {rid} has no {_or_list(f.text)}")
    is_html = key == "html" or (key != "text" and MARKUP.search(body))
    parsed = html_to_text(body) if is_html else plain_to_text(body)
    warnings: list[str] = []
    meta: dict[str, Any] = {}
    for k in ("title", "url"):
        if isinstance(value := record.get(k), str):
            meta[k] = value
    date_key = _first_given(record, f.date, blank=False)
    if date_key is not None:
        value = record[date_key]
        if isinstance(value, str):
            meta["date"] = parse_date(value, warnings)
        else:
            warnings.append(f"{date_key} {value!r} is not an ISO date string; left empty")
    return _build(parsed, name, str(rid), meta, warnings)


def _first_given(record: dict, names: tuple[str, ...], *, blank: bool) -> str | None:
    """The first of ``names`` whose value in ``record`` is given: not None (nor ``""``
    unless ``blank``); a plain loop, as ``next()`` over a generator costs more per record."""
    for k in names:
        value = record.get(k)
        if value is not None and (blank or value != ""):
            return k
    return None


def article_id_from(name: str, url: str | None) -> str:
    """The id of an article read from ``name`` with source ``url`` and no id of its own:
    the number of an Eastmoney URL, else of a crawler file name, else the file's stem.

    >>> article_id_from("2021-12-08-2021120800.md", None), article_id_from("a/b.html", None)
    ('2021120800', 'b')
    """
    url = url or ""
    m = (_ID_FROM_ASCII_URL if url.isascii() else _ID_FROM_URL).search(url)
    if m:
        return m.group(1)
    if name and not name.startswith("<") and not any(c in name for c in "/.\\:"):
        return name  # a bare id ("2370637"): its own base name and stem, with no suffix for _ID_FROM_NAME
    base = Path(name).name if name and not name.startswith("<") else ""
    m = _ID_FROM_NAME.search(base)
    if m:
        return m.group(1)
    return Path(base).stem if base else name


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _without_surrogates(text: str | None, warnings: list[str], what: str) -> str | None:
    """Lone surrogates (from a str or a JSON ``\\ud800`` escape) cannot be written as
    UTF-8; each becomes U+FFFD, one character for one, so offsets stay valid."""
    if text and not text.isprintable() and _SURROGATE.search(text):  # (a surrogate is not printable)
        warnings.append(f"lone surrogate characters in the {what} replaced by U+FFFD")
        return _SURROGATE.sub("\ufffd", text)
    return text


def _build(parsed: TextResult, name: str, article_id: str | None, meta: dict, warnings: list[str]) -> Article:
    tagged, tag_warnings = find_tags(parsed) if parsed.elements else ((), ())  # (none in plain text)
    url = meta.get("url")
    warnings = list(warnings)
    text = _without_surrogates(parsed.text, warnings, "text") or ""
    title = _without_surrogates(meta.get("title") or parsed.title or None, warnings, "title")
    return Article(
        article_id=article_id or article_id_from(name, url),
        path=name,
        title=title,
        date=meta.get("date"),
        url=url,
        categories=tuple(meta.get("categories", ())),
        labels=tuple(meta.get("labels", ())),
        text=text,
        tagged=tagged,
        offsets=parsed.offsets,
        warnings=tuple(warnings) + parsed.warnings + tag_warnings,
    )


DEFAULT_FIELDS = RecordFields()

# The private name other modules imported (batch.dask): use article_from_record.
_from_record = article_from_record

