"""The security dictionary: every name (alias) of every security, and its secid.

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

A user dictionary (``check_file``, ``Dictionary.from_csv``) may not hold an alias that
would match ordinary text unless the row marks it ``common_word=1``: one character
(``的`` alone doubles a corpus's mentions), a word of :data:`STOP_WORDS`, or a word
jieba's own dictionary counts at least :data:`COMMON_FREQUENCY` times and does not tag
as a proper noun (经济, 技术, 企业 ...; see :func:`common_word_problem`). The shipped
dictionaries are built by a rule of their own (``dictionaries/README.md``) and pass
this check too (``tests/test_dictionary.py``).

    >>> d = Dictionary.default()
    >>> [a.secid for a in d.lookup("贵州茅台")]
    ['1.600519']
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import hashlib
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import regex

from entitylink.knowledge.cache import USER_CACHE, CacheLocation, cache_path, read_cache, write_cache
from entitylink.errors import DictionaryError
from entitylink.markets import parse_secid
from entitylink.models import Security
from entitylink.knowledge.aliases import ALIAS_TYPES as _ALIAS_TABLE
from entitylink.knowledge.normalize import normalize_name

__all__ = [
    "ALIAS_TYPES",
    "COLUMNS",
    "COMMON_FREQUENCY",
    "KINDS",
    "STOP_WORDS",
    "Alias",
    "Dictionary",
    "check_file",
    "common_word_problem",
]

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

#: Words a user dictionary may list as an alias only with ``common_word=1``, and why.
#: Function words (single characters are refused anyway; these are the two-character
#: ones news is full of) and the generic words of financial news, which name a kind of
#: company or a market, never one security.
STOP_WORDS: Mapping[str, str] = MappingProxyType({
    # function words and time words: in almost every article
    "我们": "pronoun", "他们": "pronoun", "其中": "function word", "以及": "conjunction",
    "一个": "numeral phrase", "没有": "function word", "可以": "function word",
    "目前": "time word", "今年": "time word", "今日": "time word", "同比": "report word (year on year)",
    "环比": "report word (month on month)",
    # what every company is
    "公司": "generic: any company", "集团": "generic: any group", "股份": "generic: part of every name",
    "控股": "generic: part of many names", "有限公司": "generic: legal form", "上市公司": "generic: any listed company",
    "实业": "generic: part of many names", "科技": "generic: part of many names", "发展": "generic: part of many names",
    "国际": "generic: part of many names", "中国": "country; the start of hundreds of names",
    # kinds of financial firm: also board names, which the shipped dictionary marks common
    "银行": "generic: any bank (also the board's word)", "证券": "generic: any broker (also the board's word)",
    "保险": "generic: any insurer (also the board's word)", "基金": "generic: any fund",
    "信托": "generic: any trust", "期货": "generic: any futures firm",
    # the market's own words
    "市场": "market word", "指数": "market word: any index", "板块": "market word: any board",
    "概念": "market word: any concept board", "行业": "market word: any industry", "股票": "market word",
    "股价": "stock cue word", "涨停": "stock cue word", "跌停": "stock cue word", "上涨": "price move",
    "下跌": "price move", "大盘": "market word: the market as a whole", "个股": "market word",
    "龙头": "market word: a sector leader", "资金": "market word", "投资": "market word", "公告": "filing word",
    "A股": "market word: the A-share market", "港股": "market word: the HK market", "美股": "market word: the US market",
})
#: jieba's ``dict.txt`` frequency from which a word that is not a proper noun is too common to
#: be an alias without ``common_word=1``: the ~140 most frequent everyday words (国家, 经济, 技术,
#: 企业, 市场 ...). Company names jieba knows well stay below it (百度 11008, 搜狐 4777); the
#: shipped dictionary's own rule for marking common words starts much lower (200).
COMMON_FREQUENCY = 20_000
_PROPER_NOUN_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})
_COMMON_TRUE = frozenset({"1", "true"})
_COMMON_VALUES = frozenset({"", "0", "1", "true", "false"})
_BAD_CHAR = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]")
_WS = regex.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of one security, as found in text (normalised)."""

    text: str
    secid: str
    alias_type: str
    common_word: bool
    valid_from: _dt.date | None
    valid_to: _dt.date | None
    source: str


# Internal row shapes (plain tuples: cheap to build, pickle and merge).
#   security: (secid, kind, name)
#   alias:    (text, secid, alias_type, common_word, valid_from, valid_to, source)
_SecRow = tuple[str, str, str]
_AliasRow = tuple[str, str, str, bool, "_dt.date | None", "_dt.date | None", str]


@functools.lru_cache(maxsize=None)
def _parse_secid_cached(secid: str):
    return parse_secid(secid)


_ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")
# How many texts ``Dictionary.lookup`` remembers (found or not).
_LOOKUP_CACHE_SIZE = 200_000


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


@functools.lru_cache(maxsize=1)
def _jieba_common_words() -> frozenset[str]:
    """The words of jieba's ``dict.txt`` with frequency >= ``COMMON_FREQUENCY`` that are not proper
    nouns. The file is found without importing jieba (about 0.2 s to read, once per process)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    words = set()
    for folder in spec.submodule_search_locations:
        try:
            with open(os.path.join(folder, "dict.txt"), encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) >= COMMON_FREQUENCY \
                            and parts[2] not in _PROPER_NOUN_TAGS:
                        words.add(parts[0])
        except OSError:
            continue
        break
    return frozenset(words)


def common_word_problem(alias: str) -> str | None:
    """Why ``alias`` (normalised) may not be an alias of a user dictionary without
    ``common_word=1``, or ``None`` when it may.

    >>> common_word_problem("的")
    "one-character alias '的' matches inside any text"
    >>> common_word_problem("公司")
    "alias '公司' is a stop word (generic: any company)"
    >>> common_word_problem("贵州茅台") is None
    True
    """
    if len(alias) == 1:
        return f"one-character alias {alias!r} matches inside any text"
    reason = STOP_WORDS.get(alias) or STOP_WORDS.get(alias.upper())
    if reason:
        return f"alias {alias!r} is a stop word ({reason})"
    if not alias.isascii() and alias in _jieba_common_words():
        return f"alias {alias!r} is an everyday word (jieba frequency >= {COMMON_FREQUENCY:,})"
    return None


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
            header = next(reader, None)
            if header is None:
                problems.append(f"{label}:1: empty file (no header row)")
                return secs, aliases, seen
            header = [h.strip() for h in header]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                problems.append(f"{label}:1: missing column(s) {', '.join(missing)} (header: {','.join(header)})")
                return secs, aliases, seen
            idx = {c: header.index(c) if c in header else -1 for c in COLUMNS}
            i_secid, i_kind, i_name, i_alias, i_type = (idx[c] for c in REQUIRED_COLUMNS)
            i_common, i_from, i_to, i_source = (idx[c] for c in COLUMNS[5:])
            width = len(header)
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
                name = cached[0]
                if cached[1]:
                    errs.append(cached[1])
                alias = _norm(alias_raw) if alias_raw else ""
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
                common_raw = row[i_common].strip().lower() if i_common >= 0 else ""
                if common_raw not in _COMMON_VALUES:
                    errs.append(f"common_word must be 0, 1, true, false or empty, not {row[i_common].strip()!r}")
                elif check_common_words and alias and common_raw not in _COMMON_TRUE \
                        and (why := common_word_problem(alias)):
                    errs.append(f"{why}: mark the row common_word=1 (then it links only with evidence) "
                                "or drop it")
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
                if not errs:
                    prev = seen.get(secid)
                    if prev is None:
                        seen[secid] = (kind, name, line)
                        secs.append((secid, kind, name))
                    else:
                        if prev[0] != kind:
                            errs.append(f"{secid} has kind {kind!r} here but {prev[0]!r} on line {prev[2]}")
                        if prev[1] != name:
                            errs.append(f"{secid} has name {name!r} here but {prev[1]!r} on line {prev[2]}")
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


class Dictionary:
    """Securities and their aliases. Immutable; cheap to pickle (rows only).

    >>> d = Dictionary.default()
    >>> d.security("116.00700").name
    '腾讯控股'
    """

    __slots__ = (
        "_secs",
        "_alias_rows",
        "_sec_cache",
        "_securities",
        "_text_rows",
        "_secid_rows",
        "_text_cache",
        "_secid_cache",
        "__weakref__",
    )

    def __init__(self, securities: Iterable[_SecRow] = (), aliases: Iterable[_AliasRow] = ()) -> None:
        secs: dict[str, tuple[str, str]] = {}
        for secid, kind, name in securities:
            secs[secid] = (kind, name)
        rows: dict[tuple[str, str], _AliasRow] = {}
        for row in aliases:
            if row[1] not in secs:
                raise DictionaryError(f"alias {row[0]!r} names unknown secid {row[1]}")
            rows.setdefault((row[0], row[1]), row)  # first row of a (text, secid) pair wins
        self._secs = secs
        self._alias_rows = tuple(rows.values())
        self._build_indexes()

    def _build_indexes(self) -> None:
        # Plain dicts of row tuples; Security and Alias objects are made on first use.
        text_rows: dict[str, list[_AliasRow]] = {}
        secid_rows: dict[str, list[_AliasRow]] = {}
        for row in self._alias_rows:
            lst = text_rows.get(row[0])
            if lst is None:
                text_rows[row[0]] = [row]
            else:
                lst.append(row)
            lst = secid_rows.get(row[1])
            if lst is None:
                secid_rows[row[1]] = [row]
            else:
                lst.append(row)
        for row in derived_rows(self._alias_rows, self._secs, text_rows):
            text_rows.setdefault(row[0], []).append(row)
            secid_rows.setdefault(row[1], []).append(row)
        self._text_rows = text_rows
        self._secid_rows = secid_rows
        self._text_cache: dict[str, tuple[Alias, ...]] = {}
        self._secid_cache: dict[str, tuple[Alias, ...]] = {}
        self._sec_cache: dict[str, Security] = {}
        self._securities: Mapping[str, Security] | None = None

    def _make_security(self, secid: str) -> Security | None:
        sec = self._sec_cache.get(secid)
        if sec is None:
            kn = self._secs.get(secid)
            if kn is None:
                return None
            p = _parse_secid_cached(secid)
            sec = Security.model_construct(
                secid=secid, code=p.code, market=p.market, exchange=p.exchange, kind=kn[0], name=kn[1]
            )
            self._sec_cache[secid] = sec
        return sec

    # -- construction -----------------------------------------------------

    @classmethod
    def default(cls, *, cache_dir: CacheLocation = USER_CACHE) -> Dictionary:
        """The shipped dictionaries (every top-level ``*.csv`` of the package data), built
        once per process. Their checked rows are kept in ``cache_dir`` (``USER_CACHE``:
        ``$ENTITYLINK_CACHE_DIR`` or ``~/.cache/entitylink``; ``None``: nothing written)."""
        return _default_dictionary(cache_path(cache_dir))

    @classmethod
    def from_csv(
        cls,
        *paths: str | os.PathLike[str],
        base: Dictionary | None = None,
        replace: bool = False,
    ) -> Dictionary:
        """Load user dictionary file(s), merged over ``base`` (default: the shipped one).

        With ``replace=True`` the files stand alone. Files given together are read
        as one dictionary: a secid must have the same name and kind in all of them.
        """
        if not paths:
            raise DictionaryError("from_csv needs at least one path")
        secs, aliases = _load(paths)
        loaded = cls(secs, aliases)
        if replace:
            return loaded
        return (base if base is not None else cls.default()).merged(loaded)

    def merged(self, other: Dictionary) -> Dictionary:
        """A new dictionary: ``other``'s rows win (name/kind by secid; alias rows by (alias, secid))."""
        secs = dict(self._secs)
        secs.update(other._secs)
        rows: dict[tuple[str, str], _AliasRow] = {(r[0], r[1]): r for r in self._alias_rows}
        for r in other._alias_rows:
            rows[(r[0], r[1])] = r
        new = object.__new__(Dictionary)
        new._secs = secs
        new._alias_rows = tuple(rows.values())
        new._build_indexes()
        return new

    # -- pickling: ship the rows, rebuild the indexes ----------------------

    def __reduce__(self):
        secs = tuple((s, k, n) for s, (k, n) in self._secs.items())
        return (_rebuild, (secs, self._alias_rows))

    # -- queries -----------------------------------------------------------

    def security(self, secid: str) -> Security | None:
        """The security of ``secid`` or ``None``."""
        return self._make_security(secid)

    @property
    def securities(self) -> Mapping[str, Security]:
        """All securities by secid (read-only)."""
        if self._securities is None:
            self._securities = MappingProxyType({s: self._make_security(s) for s in self._secs})
        return self._securities

    def lookup(self, text: str) -> tuple[Alias, ...]:
        """Aliases whose text equals ``normalize_name(text)``; ``()`` if none."""
        hit = self._text_cache.get(text)
        if hit is not None:
            return hit
        rows = self._text_rows.get(text)
        if rows is None:
            norm = normalize_name(text)
            rows = self._text_rows.get(norm)
            if rows is None:
                # misses are remembered too (short forms are looked up in every
                # article), up to a bound: arbitrary text must not grow it forever
                if len(self._text_cache) < _LOOKUP_CACHE_SIZE:
                    self._text_cache[text] = ()
                return ()
        hit = tuple(Alias(*r) for r in rows)
        self._text_cache[text] = hit
        return hit

    def alias_texts(self) -> Iterator[str]:
        """Every distinct alias text."""
        return iter(self._text_rows)

    def aliases_of(self, secid: str) -> tuple[Alias, ...]:
        """Every alias of ``secid`` (``()`` if it has none or is unknown)."""
        hit = self._secid_cache.get(secid)
        if hit is None:
            hit = tuple(Alias(*r) for r in self._secid_rows.get(secid, ()))
            self._secid_cache[secid] = hit
        return hit

    def first_valid(self, secid: str) -> _dt.date | None:
        """The first date any name of ``secid`` holds, when every row of its own is dated
        from a day (a listing: ARM from 2023-09-14); ``None`` when one of them is not (its
        start is unknown) or the secid has no rows. Before it the security is not listed.
        """
        rows = [r for r in self._secid_rows.get(secid, ()) if not r[6].startswith("derived")]
        if not rows or any(r[4] is None for r in rows):
            return None
        return min(r[4] for r in rows if r[4] is not None)

    def __len__(self) -> int:
        return len(self._secs)

    def __contains__(self, secid: object) -> bool:
        return secid in self._secs

    def __iter__(self) -> Iterator[str]:
        return iter(self._secs)

    def __repr__(self) -> str:
        return f"<Dictionary: {len(self._secs)} securities, {len(self._text_rows)} alias texts>"


# -- forms derived at build of the indexes (never rows of a file) ----------------------------

LOAD_PREFIX = "derived-at-load:"
"""The ``source`` of a form the dictionary derives when it is loaded (never a row of a file;
the build script's derived rows are ``derived:...``)."""

# Status marks that last (the exchange keeps them for months or years). Text adds, drops or
# swaps them (ST劝业 while the exchange wrote *ST劝业): every form of a marked name is the name.
# The one-day marks (N, C listing days; XD, XR, DR ex-dividend days) are left out: what
# follows them is a truncated name (XD平安银), so they give no core.
STATUS_PREFIXES: tuple[str, ...] = ("ST", "*ST", "S*ST", "SST", "退市")
STATUS_SUFFIXES: tuple[str, ...] = ("退",)
_MARKED = regex.compile(r"^(?:退市|S\*ST|\*ST|SST|ST|PT)(?P<core>\p{Han}.*)$|^(?P<core2>\p{Han}.*\p{Han})退$")


def status_core(text: str) -> str | None:
    """The core of a name that carries a lasting status mark, or None.

    >>> status_core("*ST劝业"), status_core("国华退"), status_core("退市海润"), status_core("劝业")
    ('劝业', '国华', '海润', None)
    """
    m = _MARKED.match(text)
    if m is None:
        return None
    core = m.group("core") or m.group("core2")
    return core if len(core) >= 2 else None


def status_forms(core: str) -> tuple[str, ...]:
    """Every marked form of a core (its prefixes and the trailing 退).

    >>> status_forms("劝业")
    ('ST劝业', '*ST劝业', 'S*ST劝业', 'SST劝业', '退市劝业', '劝业退')
    """
    return tuple(p + core for p in STATUS_PREFIXES) + tuple(core + s for s in STATUS_SUFFIXES)


def derived_rows(rows: Iterable[_AliasRow], secs: Mapping[str, tuple[str, str]],
                 text_rows: Mapping[str, list[_AliasRow]]) -> list[_AliasRow]:
    """Alias rows the dictionary derives from its own rows, one rule each.

    1. Status forms: a name that carries a lasting status mark (``*ST劝业``) also has every
       other marked form of its core (``ST劝业``, ``S*ST劝业``, ``劝业退`` …: type
       ``status_form``) and the bare core (``劝业``: type ``status_stripped``; a core of two
       characters is a ``common_word``, so it needs evidence), with the dates of the name.
       A form or core one security bears in a row of its own is not derived for another.
    2. A company's English short name on all its listings: an ``english`` alias of a Hong
       Kong line whose name (or ``hk_base``) is the current name of an A share belongs to
       the A share too (CATL for 宁德时代 0.300750 and 116.03750), with the same dates, so
       the choice between the listings follows the same rule as the Chinese name.

    A pair (text, secid) that already has a row is never derived; one derived twice keeps
    the widest dates of the two.
    """
    def borne_by_other(text: str, secid: str) -> bool:
        return any(r[1] != secid for r in text_rows.get(text, ()))

    def common(text: str) -> bool:
        return any(r[3] for r in text_rows.get(text, ()))

    out: dict[tuple[str, str], _AliasRow] = {}

    def add(row: _AliasRow) -> None:
        key = (row[0], row[1])
        if any(r[1] == row[1] for r in text_rows.get(row[0], ())):
            return  # the security has this text in a row of its own
        prev = out.get(key)
        if prev is not None:
            vfrom = None if prev[4] is None or row[4] is None else min(prev[4], row[4])
            vto = None if prev[5] is None or row[5] is None else max(prev[5], row[5])
            row = (prev[0], prev[1], prev[2], prev[3], vfrom, vto, prev[6])
        out[key] = row

    a_names: dict[str, list[str]] = {}
    hk_english: list[_AliasRow] = []
    hk_names: dict[str, set[str]] = {}
    for row in rows:
        text, secid, atype, _c, vfrom, vto, _src = row
        if atype in ("name", "former", "status_form"):
            core = status_core(text)
            if core is not None:
                for form in status_forms(core):
                    if form != text and not borne_by_other(form, secid):
                        add((form, secid, "status_form", common(form), vfrom, vto, LOAD_PREFIX + "status_form"))
                if not borne_by_other(core, secid):
                    add((core, secid, "status_stripped", len(core) <= 2 or common(core), vfrom, vto,
                         LOAD_PREFIX + "status_stripped"))
        if secid.startswith("116."):
            if atype == "english":
                hk_english.append(row)
            elif atype in ("name", "hk_base"):
                hk_names.setdefault(secid, set()).add(text)
        elif atype == "name" and vto is None and secid.startswith(("0.", "1.")) and secs[secid][0] == "stock":
            a_names.setdefault(text, []).append(secid)
    for text, secid, _t, c, vfrom, vto, _src in hk_english:
        for name in hk_names.get(secid, ()):
            for a_secid in a_names.get(name, ()):
                add((text, a_secid, "english", c, vfrom, vto, LOAD_PREFIX + "company_english"))
    return list(out.values())


def _rebuild(secs: tuple[_SecRow, ...], aliases: tuple[_AliasRow, ...]) -> Dictionary:
    return Dictionary(secs, aliases)


def _data_root():
    """Where the shipped CSVs are: the package data ``entitylink.dictionaries`` of an install,
    or, when Python imports the package from a clone's source folder (started in the clone's
    root: the folder shadows the installed package), the clone's ``dictionaries/``."""
    try:
        return resources.files("entitylink.dictionaries")
    except ModuleNotFoundError:
        clone = Path(__file__).resolve().parents[2] / "dictionaries"
        if (clone / "README.md").is_file():
            return clone
        raise DictionaryError("the package data entitylink.dictionaries is missing: reinstall entitylink",
                              source=str(clone)) from None


def _package_csvs() -> list[Path]:
    root = _data_root()
    names = sorted(p.name for p in root.iterdir() if p.name.endswith(".csv") and p.is_file())
    if not names:
        raise DictionaryError("no dictionary CSV files in the package", source=str(root))
    return [Path(str(root / n)) for n in names]


@functools.lru_cache(maxsize=4)
def _default_dictionary(cache_dir: Path | None) -> Dictionary:
    secs, aliases = _load_cached(_package_csvs(), cache_dir)
    return Dictionary(secs, aliases)


_CACHE_VERSION = "1"


def _load_cached(paths: list[Path], cache_dir: Path | None) -> tuple[list[_SecRow], list[_AliasRow]]:
    """``_load(paths)``, its rows kept in ``cache_dir`` under a hash of the files' bytes:
    checking 36,000 rows costs about 0.15 s at every start, reading them back 0.03 s.
    Only rows that passed every check are kept (``_load`` raises otherwise)."""
    if cache_dir is None:
        return _load(paths, check_common_words=False)
    h = hashlib.sha256(f"{_CACHE_VERSION}|".encode())
    for path in paths:
        h.update(f"{path.name}|".encode())
        h.update(path.read_bytes())
    cache = cache_dir / f"dictionary-{h.hexdigest()[:24]}.marshal"
    cached = read_cache(cache)
    if isinstance(cached, tuple) and len(cached) == 2:
        secs, aliases = cached
        return [tuple(r) for r in secs], [  # dates as their ordinals: marshal has no dates
            (t, s, a, c, _date(f), _date(to), src) for t, s, a, c, f, to, src in aliases
        ]
    secs, aliases = _load(paths, check_common_words=False)
    write_cache(cache, (secs, [
        (t, s, a, c, f and f.toordinal(), to and to.toordinal(), src) for t, s, a, c, f, to, src in aliases
    ]))
    return secs, aliases


def _date(ordinal: int | None) -> _dt.date | None:
    return _dt.date.fromordinal(ordinal) if ordinal is not None else None
