"""The security dictionary: every name (alias) of every security, and its secid.

``Dictionary`` holds securities and their aliases, built from the rows of dictionary
files (their CSV format and checks: ``rows``; ``check_file``) and the forms derived at load
(``derived``); ``Dictionary.default()`` is the shipped one, its checked and derived rows
cached between runs (``cache``). User dictionaries may not hold unmarked everyday words as aliases
(``common_words``). The names of ``rows``, ``common_words`` and ``derived`` that other
modules use are re-exported here.

Imports only from the top-level shared modules (``errors``, ``markets``, ``models``) and
``knowledge/`` itself (``cache``, ``common_words``, ``derived``, ``normalize``, ``rows``).

    >>> d = Dictionary.default()
    >>> [a.secid for a in d.lookup("贵州茅台")]
    ['1.600519']
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import cast

from entitylink.errors import DictionaryError
from entitylink.knowledge.cache import USER_CACHE, CacheLocation, cache_path, collector_paused, read_cache, write_cache
from entitylink.knowledge.common_words import COMMON_FREQUENCY, STOP_WORDS, common_word_problem
from entitylink.knowledge.derived import LOAD_PREFIX, DayMarks, day_mark_names, derived_rows, status_core, status_forms
from entitylink.knowledge.latin import case_folds, english_words_bytes
from entitylink.knowledge.normalize import normalize_name
from entitylink.knowledge.rows import (
    ALIAS_TYPES,
    COLUMNS,
    KINDS,
    _AliasRow,
    _load,
    _parse_secid_cached,
    _SecRow,
    check_file,
    rows_from_ordinals,
    rows_to_ordinals,
)
from entitylink.models import Security

__all__ = [
    "ALIAS_TYPES",
    "COLUMNS",
    "COMMON_FREQUENCY",
    "KINDS",
    "LOAD_PREFIX",
    "STOP_WORDS",
    "Alias",
    "Dictionary",
    "check_file",
    "common_word_problem",
    "derived_rows",
    "status_core",
    "status_forms",
]

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


# How many texts ``Dictionary.lookup`` remembers (found or not).
_LOOKUP_CACHE_SIZE = 200_000


class Dictionary:
    """Securities and their aliases. Immutable; cheap to pickle (rows only).

    >>> d = Dictionary.default()
    >>> d.security("116.00700").name
    '腾讯控股'
    """

    __slots__ = (
        "_secs",
        "_alias_rows",
        "_derived",
        "_day_marks",
        "_sec_cache",
        "_securities",
        "_text_rows",
        "_secid_rows",
        "_text_cache",
        "_secid_cache",
        "_folds",
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

    @classmethod
    def _from_state(cls, secs: dict[str, tuple[str, str]], alias_rows: tuple[_AliasRow, ...],
                    derived: tuple[_AliasRow, ...], folds: dict[str, str] | None = None) -> Dictionary:
        """A dictionary from what ``_state`` returned (the checks and the derived forms
        of ``__init__`` already done): how the cache of the shipped one is read back."""
        new = object.__new__(cls)
        new._secs = secs
        new._alias_rows = alias_rows
        new._build_indexes(derived)
        new._folds = folds
        return new

    def _state(self) -> tuple[dict[str, tuple[str, str]], tuple[_AliasRow, ...], tuple[_AliasRow, ...],
                              dict[str, str]]:
        """What ``_from_state`` rebuilds this dictionary from."""
        return self._secs, self._alias_rows, self._derived, dict(self.case_folds())

    def _build_indexes(self, derived: tuple[_AliasRow, ...] | None = None) -> None:
        """The indexes by text and by secid; ``derived``: the rows ``derived_rows`` gives
        for these rows (computed here when not given)."""
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
        if derived is None:
            derived = tuple(derived_rows(self._alias_rows, self._secs, text_rows))
        for row in derived:
            text_rows.setdefault(row[0], []).append(row)
            secid_rows.setdefault(row[1], []).append(row)
        self._derived = derived
        self._text_rows = text_rows
        self._secid_rows = secid_rows
        self._text_cache: dict[str, tuple[Alias, ...]] = {}
        self._secid_cache: dict[str, tuple[Alias, ...]] = {}
        self._sec_cache: dict[str, Security] = {}
        self._securities: Mapping[str, Security] | None = None
        self._day_marks: DayMarks | None = None  # made on first need
        self._folds: dict[str, str] | None = None

    def _make_security(self, secid: str) -> Security | None:
        """The Security of ``secid``, made and kept (``security`` asks the kept ones first)."""
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
        once per process. Their checked and derived rows are kept in ``cache_dir`` (``USER_CACHE``:
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
        return (_rebuild, (secs, self._alias_rows, self._folds))

    # -- queries -----------------------------------------------------------

    def security(self, secid: str) -> Security | None:
        """The security of ``secid`` or ``None``."""
        sec = self._sec_cache.get(secid)  # made once per secid: the linker asks for each name it resolves
        return sec if sec is not None else self._make_security(secid)

    @property
    def securities(self) -> Mapping[str, Security]:
        """All securities by secid (read-only)."""
        if self._securities is None:
            # every secid of _secs makes a Security
            self._securities = MappingProxyType({s: cast(Security, self.security(s)) for s in self._secs})
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
            if rows is None and (day_mark := self.day_marks().row(text)) is not None:
                rows = [day_mark]
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
        """Every distinct alias text (the one-day-mark forms of ``day_marks`` are not among them)."""
        return iter(self._text_rows)

    def day_marks(self) -> DayMarks:
        """The quote board's one-day-mark forms of the A-share names (XD中信证, N宁德), found in
        text by ``DayMarks.find`` and answered by ``lookup``; a text some row has stays that row's."""
        marks = self._day_marks
        if marks is None:  # its forms are made on the first text that may hold one
            marks = self._day_marks = DayMarks(lambda: day_mark_names(self._alias_rows, self._secs),
                                               taken=self._text_rows.__contains__)
        return marks

    def case_folds(self) -> Mapping[str, str]:
        """The Latin names that match in any letter case: folded (lower-case) text -> the alias
        text it is read as (``knowledge/latin.py`` says which and why). Made on first need
        (about 0.1 s for the shipped dictionary, whose cache keeps them) and kept."""
        if self._folds is None:
            self._folds = case_folds(r for rows in self._text_rows.values() for r in rows)
        return self._folds

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


def _rebuild(secs: tuple[_SecRow, ...], aliases: tuple[_AliasRow, ...],
             folds: dict[str, str] | None = None) -> Dictionary:
    new = Dictionary(secs, aliases)
    new._folds = folds  # the same rows fold alike: not made again in every worker
    return new


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
    """The shipped dictionary, its state kept in ``cache_dir`` under a fingerprint of the
    files' bytes and of the code that checks and derives rows: checking 36,000 rows and
    deriving their forms costs about 0.2 s at every start, reading the state back 0.03 s.
    Only a dictionary that passed every check is kept (``_load`` raises otherwise)."""
    paths = _package_csvs()
    if cache_dir is None:
        return Dictionary(*_load(paths, check_common_words=False))
    cache = cache_dir / f"dictionary-{_fingerprint(paths)}.marshal"
    with collector_paused():
        cached = read_cache(cache)
        if isinstance(cached, tuple) and len(cached) == 4:
            secs, aliases, derived, folds = cached
            return Dictionary._from_state({s: (k, n) for s, k, n in secs}, rows_from_ordinals(aliases),
                                          rows_from_ordinals(derived), folds)
    built = Dictionary(*_load(paths, check_common_words=False))
    secs, aliases, derived, folds = built._state()
    # dates as their ordinals: marshal has no dates
    write_cache(cache, ([(s, k, n) for s, (k, n) in secs.items()], rows_to_ordinals(aliases), rows_to_ordinals(derived),
                        dict(folds)))
    return built


_CACHE_VERSION = "3"
# The modules whose code decides what the cache holds: the checks of the rows, the forms
# derived from them, the layout of the state. A change to any of them rebuilds the cache.
_CODE = ("entitylink.markets", "entitylink.knowledge.aliases", "entitylink.knowledge.normalize",
         "entitylink.knowledge.rows", "entitylink.knowledge.derived", "entitylink.knowledge.latin", __name__)


def _fingerprint(paths: list[Path]) -> str:
    """A hash of the shipped files (names and bytes) and of the code in ``_CODE``."""
    h = hashlib.sha256(f"{_CACHE_VERSION}|".encode())
    for path in paths:
        h.update(f"{path.name}|".encode())
        h.update(path.read_bytes())
    for name in _CODE:
        h.update(f"{name}|".encode())
        h.update(_source(name))
    h.update(english_words_bytes())  # the folds depend on the English words too
    return h.hexdigest()[:24]


def _source(module: str) -> bytes:
    """The source of ``module``, or, where it cannot be read (a frozen build, a zipapp), the
    package's version: the cache is then rebuilt when the version changes."""
    file = getattr(sys.modules[module], "__file__", None)
    try:
        return Path(file).read_bytes() if file else b""
    except OSError:
        from entitylink._version import __version__

        return f"version {__version__}".encode()
