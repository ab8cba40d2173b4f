"""Dictionary files: reading and validating their CSV rows (``check_file``), and the
row tuples a ``Dictionary`` is built from.

One CSV format serves the shipped dictionaries (``entitylink/dictionaries/*.csv``)
and user dictionaries. UTF-8 (a BOM is accepted), a header row, one row per name::

    secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source
    1.600519,stock,贵州茅台,茅台,short_form,0,,,curated:cn_aliases

- ``secid``: Eastmoney ``<market>.<code>``; market, code and exchange derive from it
  (``markets.parse_secid``). ``kind``: stock, board, index or fund; it must agree
  with the kind the secid implies (markets 0/1 also allow ``index``).
- ``name``: the security's display name, the same on every row of that secid.
- ``alias``: a surface to find in text; stored after ``normalize_name``.
  ``alias_type`` is one of ``ALIAS_TYPES`` (the table of ``aliases.py``). A row with *both* ``alias`` and
  ``alias_type`` empty declares the security without any alias (used for
  Eastmoney's market-signal pseudo-boards such as 昨日涨停: they resolve by secid
  but are never matched in text).
- ``common_word``: 1 (or ``true``) when the alias is also an ordinary word (美的, 平安,
  煤炭): the linker then links it only with evidence (a tag, a code, a stock cue);
  0, ``false`` or empty otherwise. ``valid_from``/``valid_to``: ISO dates or empty
  (``valid_to`` is exclusive: the first date the alias is known *not* to hold).
- ``source``: short id of where the row came from.

Columns ``secid, kind, name, alias, alias_type`` are required; ``common_word,
valid_from, valid_to, source`` may be left out; other columns are ignored.
A file with any invalid row raises ``DictionaryError`` listing every problem
(up to 20) as ``PATH:LINE: reason``; nothing of it is loaded.

A row's alias may not be an ordinary word unless it is marked (``common_words``).

Imports only from the top-level shared modules (``errors``, ``markets``) and
``knowledge/`` itself (``aliases``, ``common_words``, ``normalize``).

    >>> import pathlib, tempfile; p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("secid,kind,name,alias,alias_type\\n1.600519,stock,贵州茅台,茅台,short_form\\n", "utf-8")
    >>> check_file(p), _load([p])[1][0][:3]
    ([], ('茅台', '1.600519', 'short_form'))
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import os
import unicodedata
from collections.abc import Iterable

import regex

from entitylink.errors import DictionaryError
from entitylink.knowledge.aliases import ALIAS_TYPES as _ALIAS_TABLE
from entitylink.knowledge.common_words import common_word_problem
from entitylink.knowledge.normalize import normalize_name
from entitylink.markets import parse_secid

__all__ = ["ALIAS_TYPES", "COLUMNS", "KINDS", "MAX_REPORTED", "REQUIRED_COLUMNS", "check_file"]

COLUMNS: tuple[str, ...] = (
    "secid",
    "kind",
    "name",
    "alias",
    "alias_type",
    "common_word",
    "valid_from",
    "valid_to",
    "source",
)
REQUIRED_COLUMNS: tuple[str, ...] = COLUMNS[:5]
KINDS: frozenset[str] = frozenset({"stock", "board", "index", "fund"})
# The alias types a CSV may use: the rows of the one table of alias types (``aliases.py``).
ALIAS_TYPES: frozenset[str] = frozenset(_ALIAS_TABLE)
MAX_REPORTED = 20
_COMMON_TRUE = frozenset({"1", "true"})
_COMMON_VALUES = frozenset({"", "0", "1", "true", "false"})
_BAD_CHAR = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]")
_WS = regex.compile(r"\s")


# Internal row shapes (plain tuples: cheap to build, pickle and merge).
#   security: (secid, kind, name)
#   alias:    (text, secid, alias_type, common_word, valid_from, valid_to, source)
_SecRow = tuple[str, str, str]
_AliasRow = tuple[str, str, str, bool, "_dt.date | None", "_dt.date | None", str]


@functools.cache
def _parse_secid_cached(secid: str):
    return parse_secid(secid)


_ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> _dt.date:
    if not _ISO_DATE.fullmatch(text):  # fromisoformat also takes 20230101, 2023-W01 ...
        raise ValueError(text)
    return _dt.date.fromisoformat(text)


def _allowed_kinds(market: int, implied: str) -> frozenset[str]:
    # Markets 0 and 1 carry stocks, funds, bonds and indexes; an index code
    # outside the usual ranges (北证50 0.899050) is declared by the row.
    if market in (0, 1):
        return frozenset({implied, "index"})
    if market in (105, 106, 107, 116, 153, 155, 156):
        return frozenset({implied, "fund"})  # ETFs trade on stock markets
    return frozenset({implied})


def _kind_check(secid: str, kind: str) -> tuple[str | None, str]:
    """(problem or None, canonical secid)."""
    try:
        parts = _parse_secid_cached(secid)
    except ValueError as exc:
        return f"bad secid {secid!r}: {exc}", secid
    if kind not in KINDS:
        return f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})", parts.secid
    if kind not in _allowed_kinds(parts.market, parts.kind):
        return f"kind {kind!r} does not fit secid {secid} (market {parts.market} is {parts.kind})", parts.secid
    return None, parts.secid


def _bad_char(text: str) -> str | None:
    m = _BAD_CHAR.search(text)
    return m.group() if m else None


def _norm(text: str) -> str:
    """``normalize_name`` with a fast path for text that is already normal."""
    if text.isascii():
        if "  " not in text and text == text.strip() and not any(c in text for c in "\t\n\r\x0b\x0c"):
            return text
    elif unicodedata.is_normalized("NFKC", text) and not _WS.search(text):
        return text
    return normalize_name(text)


@functools.lru_cache(maxsize=65536)
def _kind_check_cached(secid: str, kind: str) -> tuple[str | None, str]:
    return _kind_check(secid, kind)


# Column indexes of one file's header: secid, kind, name, alias, alias_type (required),
# then common_word, valid_from, valid_to, source (-1 when the file has no such column).
_Columns = tuple[int, ...]


def _columns(header: list[str] | None, label: str, problems: list[str]) -> tuple[_Columns, int] | None:
    """The column indexes of ``header`` and its width, or ``None`` (a problem appended)
    when the file has no header or misses a required column."""
    if header is None:
        problems.append(f"{label}:1: empty file (no header row)")
        return None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(f"{label}:1: missing column(s) {', '.join(missing)} (header: {','.join(header)})")
        return None
    idx = {c: header.index(c) if c in header else -1 for c in COLUMNS}
    return tuple(idx[c] for c in COLUMNS), len(header)


def _name_check(name: str, name_cache: dict[str, tuple[str, str | None]]) -> tuple[str, str | None]:
    """(normalised name, problem or None) of a row's ``name`` (remembered per file)."""
    cached = name_cache.get(name)
    if cached is None:
        norm_name = _norm(name) if name else name
        if not norm_name:
            cached = (norm_name, "empty name")
        elif (ch := _bad_char(name)) is not None:
            cached = (norm_name, f"name contains a control character U+{ord(ch):04X}")
        else:
            cached = (norm_name, None)
        name_cache[name] = cached
    return cached


def _alias_problems(alias_raw: str, alias: str, atype: str, errs: list[str]) -> None:
    """Append the problems of a row's alias and alias_type to ``errs``."""
    if not atype and not alias:
        pass  # a security without aliases
    elif not alias:
        errs.append("empty alias")
    elif (ch := _bad_char(alias_raw.strip())) is not None:
        errs.append(f"alias contains a control character U+{ord(ch):04X}")
    if atype and atype not in ALIAS_TYPES:
        errs.append(f"unknown alias_type {atype!r}")
    elif alias and not atype:
        errs.append("empty alias_type")


def _common_problems(common_raw: str, written: str, alias: str, check_common_words: bool, errs: list[str]) -> None:
    """Append the problems of a row's common_word (``common_raw``: lowered, ``written``: as
    written) to ``errs``."""
    if common_raw not in _COMMON_VALUES:
        errs.append(f"common_word must be 0, 1, true, false or empty, not {written.strip()!r}")
    elif check_common_words and alias and common_raw not in _COMMON_TRUE \
            and (why := common_word_problem(alias)):
        errs.append(f"{why}: mark the row common_word=1 (then it links only with evidence) "
                    "or drop it")


def _row_dates(row: list[str], i_from: int, i_to: int, errs: list[str]) -> tuple[_dt.date | None, _dt.date | None]:
    """A row's valid_from and valid_to (``None`` when empty or invalid: a problem appended)."""
    dates: list[_dt.date | None] = []
    for col, i in (("valid_from", i_from), ("valid_to", i_to)):
        raw = row[i].strip() if i >= 0 else ""
        if not raw:
            dates.append(None)
            continue
        try:
            dates.append(_parse_date(raw))
        except ValueError:
            errs.append(f"{col} is not an ISO date (YYYY-MM-DD): {raw!r}")
            dates.append(None)
    vfrom, vto = dates
    if vfrom and vto and vfrom > vto:
        errs.append(f"valid_from {vfrom} is after valid_to {vto}")
    return vfrom, vto


def _same_security(secid: str, kind: str, name: str, line: int, seen: dict[str, tuple[str, str, int]],
                   secs: list[_SecRow], errs: list[str]) -> None:
    """Record a valid row's security the first time its secid is ``seen`` in a file; append
    to ``errs`` when a later row gives the secid another kind or name."""
    prev = seen.get(secid)
    if prev is None:
        seen[secid] = (kind, name, line)
        secs.append((secid, kind, name))
    else:
        if prev[0] != kind:
            errs.append(f"{secid} has kind {kind!r} here but {prev[0]!r} on line {prev[2]}")
        if prev[1] != name:
            errs.append(f"{secid} has name {name!r} here but {prev[1]!r} on line {prev[2]}")


def _read_rows(path: str | os.PathLike[str], problems: list[str], check_common_words: bool = True,
               ) -> tuple[list[_SecRow], list[_AliasRow], dict[str, tuple[str, str, int]]]:
    """Parse and validate one CSV; append problems; return its rows. ``check_common_words``:
    refuse unmarked common-word aliases (:func:`common_word_problem`)."""
    label = os.fspath(path)
    secs: list[_SecRow] = []
    aliases: list[_AliasRow] = []
    seen: dict[str, tuple[str, str, int]] = {}  # secid -> (kind, name, first line)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        problems.append(f"{label}: cannot read: {exc.strerror or exc}")
        return secs, aliases, seen
    with fh:
        try:
            reader = csv.reader(fh)
            found = _columns(next(reader, None), label, problems)
            if found is None:
                return secs, aliases, seen
            (i_secid, i_kind, i_name, i_alias, i_type, i_common, i_from, i_to, i_source), width = found
            name_cache: dict[str, tuple[str, str | None]] = {}
            for line, row in enumerate(reader, start=2):
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                if len(row) < width:
                    row = row + [""] * (width - len(row))
                errs: list[str] = []
                secid_raw, kind, name = row[i_secid].strip(), row[i_kind].strip(), row[i_name].strip()
                alias_raw, atype = row[i_alias], row[i_type].strip()
                problem, secid = _kind_check_cached(secid_raw, kind)
                if problem:
                    errs.append(problem)
                name, name_problem = _name_check(name, name_cache)
                if name_problem:
                    errs.append(name_problem)
                alias = _norm(alias_raw) if alias_raw else ""
                _alias_problems(alias_raw, alias, atype, errs)
                written = row[i_common] if i_common >= 0 else ""
                common_raw = written.strip().lower()
                _common_problems(common_raw, written, alias, check_common_words, errs)
                vfrom, vto = _row_dates(row, i_from, i_to, errs)
                if not errs:
                    _same_security(secid, kind, name, line, seen, secs, errs)
                if errs:
                    problems.extend(f"{label}:{line}: {e}" for e in errs)
                    continue
                if alias:
                    source = row[i_source].strip() if i_source >= 0 else ""
                    aliases.append((alias, secid, atype, common_raw in _COMMON_TRUE, vfrom, vto, source))
        except csv.Error as exc:
            problems.append(f"{label}:{reader.line_num}: not valid CSV: {exc}")
        except UnicodeDecodeError as exc:
            problems.append(f"{label}: not UTF-8 text: {exc.reason} at byte {exc.start}")
    return secs, aliases, seen



def check_file(path: str | os.PathLike[str], *, check_common_words: bool = True) -> list[str]:
    """Every problem of one dictionary file as ``PATH:LINE: reason``; ``[]`` when valid.

    ``check_common_words=False`` leaves out the check of unmarked common-word aliases
    (:func:`common_word_problem`), which user dictionaries get."""
    problems: list[str] = []
    _read_rows(path, problems, check_common_words)
    return problems


def _load(paths: Iterable[str | os.PathLike[str]], check_common_words: bool = True,
          ) -> tuple[list[_SecRow], list[_AliasRow]]:
    """Rows of several files read as one dictionary; ``DictionaryError`` if any is invalid."""
    problems: list[str] = []
    secs: list[_SecRow] = []
    aliases: list[_AliasRow] = []
    seen: dict[str, tuple[str, str, str]] = {}  # secid -> (kind, name, where)
    paths = list(paths)
    for path in paths:
        s, a, file_seen = _read_rows(path, problems, check_common_words)
        for secid, kind, name in s:
            prev = seen.get(secid)
            where = f"{os.fspath(path)}:{file_seen[secid][2]}"
            if prev is None:
                seen[secid] = (kind, name, where)
                secs.append((secid, kind, name))
            elif prev[:2] != (kind, name):
                problems.append(
                    f"{where}: {secid} is {kind} {name!r} here but {prev[0]} {prev[1]!r} at {prev[2]}"
                )
        aliases.extend(a)
    if problems:
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        tail = f"\n... and {more} more problem(s)" if more else ""
        first = paths[0] if len(paths) == 1 else None
        raise DictionaryError(
            f"{len(problems)} problem(s) in dictionary file(s):\n" + "\n".join(shown) + tail,
            source=os.fspath(first) if first is not None else None,
        )
    return secs, aliases


def rows_to_ordinals(rows: Iterable[_AliasRow]) -> list[tuple]:
    """Alias rows with their dates as ordinals: what the dictionary cache stores (marshal has no dates)."""
    return [(t, s, a, c, f and f.toordinal(), to and to.toordinal(), src) for t, s, a, c, f, to, src in rows]


def rows_from_ordinals(cached: list[tuple]) -> tuple[_AliasRow, ...]:
    """Alias rows back from ``rows_to_ordinals``; each date made once (most rows share a few)."""
    dates: dict[int | None, _dt.date | None] = {None: None}
    for row in cached:
        for o in (row[4], row[5]):
            if o not in dates:
                dates[o] = _dt.date.fromordinal(o)
    return tuple([(t, s, a, c, dates[f], dates[to], src) for t, s, a, c, f, to, src in cached])
