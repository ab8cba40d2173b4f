"""Forms the dictionary derives from its own rows when it is loaded (never rows of a
file): the other status-marked forms of a marked name and its bare core (``status_core``,
``status_forms``), and a Hong Kong line's English short name on the company's A share
(``derived_rows``); and, at match time, the quote board's one-day marks on a name
(``DayMarks``: XD中信证, N宁德). Their ``source`` starts with ``LOAD_PREFIX``.

Imports only from ``knowledge/`` itself (``rows``: the row tuples).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import regex

from entitylink.knowledge.rows import _AliasRow

__all__ = ["DAY_MARKS", "DAY_MARK_SOURCE", "LOAD_PREFIX", "STATUS_PREFIXES", "STATUS_SUFFIXES", "DayMarks",
           "day_mark_forms", "day_mark_names", "derived_rows", "status_core", "status_forms"]

LOAD_PREFIX = "derived-at-load:"
"""The ``source`` of a form the dictionary derives when it is loaded (never a row of a file;
the build script's derived rows are ``derived:...``)."""
DAY_MARK_SOURCE = LOAD_PREFIX + "day_mark"
"""The ``source`` of a one-day-mark form (``DayMarks``)."""

# Status marks that last (the exchange keeps them for months or years). Text adds, drops or
# swaps them (ST劝业 while the exchange wrote *ST劝业): every form of a marked name is the name.
# The one-day marks (N, C listing days; XD, XR, DR ex-dividend days) give no core: what
# follows them is the name cut to fit the quote board (XD平安银); see DAY_MARKS.
STATUS_PREFIXES: tuple[str, ...] = ("ST", "*ST", "S*ST", "SST", "退市")
STATUS_SUFFIXES: tuple[str, ...] = ("退",)
# One-day marks and how many characters of a longer name the quote board keeps after each (a
# short name is at most eight bytes wide): three after XD/XR/DR (ex-dividend, ex-rights, both:
# XD贵州茅), two after the listing days' N and C (N宁德); a name of three characters stays whole.
DAY_MARKS: tuple[tuple[str, int], ...] = (("XD", 3), ("XR", 3), ("DR", 3), ("N", 2), ("C", 2))
_HAN_NAME = regex.compile(r"\p{Han}{3,}")
# Where a one-day mark may begin a form: the mark not inside a longer Latin word or number.
_DAY_MARK_START = regex.compile(r"(?<![A-Za-z0-9])(?:XD|XR|DR|N|C)(?=\p{Han}{2})")
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


def day_mark_forms(names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{form: secid} of the one-day marks (``DAY_MARKS``) on A-share names: the mark and the
    name cut to the width the exchange keeps, for every cut that begins the names of one
    security only (so XD中信证 is 中信证券's, and N华润 is nobody's while several names begin
    with 华润). ``names``: secid -> every Han name it has carried.

    >>> forms = day_mark_forms({"1.600030": ["中信证券"], "1.601066": ["中信建投"], "0.300750": ["宁德时代"]})
    >>> forms["XD中信证"], forms["N宁德"], "N中信" in forms, "N宁德时" in forms
    ('1.600030', '0.300750', False, False)
    """
    owners: dict[str, set[str]] = {}  # form -> the securities whose names it cuts
    for secid, texts in names.items():
        for text in texts:
            for mark, keep in DAY_MARKS:
                owners.setdefault(mark + (text if len(text) == 3 else text[:keep]), set()).add(secid)
    return {form: next(iter(secids)) for form, secids in owners.items() if len(secids) == 1}


class DayMarks:
    """The one-day-mark forms of a dictionary's A-share names (``day_mark_forms``), found in
    text and looked up at match time rather than stored as aliases: five marks on every name
    would add more alias texts than the dictionary has names, to the automaton, the segmenter
    and every process's start-up, for forms a few items in a thousand carry.

    >>> marks = DayMarks({"1.600030": ["中信证券"], "0.300750": ["宁德时代"]})
    >>> marks.find("XD中信证平开，N宁德大涨，NXD中信"), marks.row("N宁德")[:3]
    ([(0, 5, 'XD中信证'), (8, 11, 'N宁德')], ('N宁德', '0.300750', 'status_form'))

    The forms (some 27,000 for the shipped dictionary, about 0.1 s to make) are made on the first text where a mark
    stands before two Han characters: most runs of a few articles never need them.
    """

    __slots__ = ("_forms", "_names", "_taken")

    def __init__(self, names: Mapping[str, Iterable[str]] | Callable[[], Mapping[str, Iterable[str]]],
                 taken: Callable[[str], bool] = lambda text: False) -> None:
        self._names, self._taken = names, taken  # names: the mapping, or what makes it when needed
        self._forms: dict[str, str] | None = None

    def _table(self) -> dict[str, str]:
        forms = self._forms
        if forms is None:  # two threads racing here both make the same table, harmlessly
            taken, names = self._taken, self._names
            forms = self._forms = {form: secid for form, secid in day_mark_forms(
                names() if callable(names) else names).items() if not taken(form)}
        return forms

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """The ``(start, end, form)`` of every form in ``text``, in order."""
        if "N" not in text and "C" not in text and "D" not in text and "R" not in text:
            return []  # no mark's last letter: most texts
        hits = []
        forms = None
        for m in _DAY_MARK_START.finditer(text):
            if forms is None:
                forms = self._table()
            start = m.start()
            for end in (m.end() + 3, m.end() + 2):
                if end <= len(text) and text[start:end] in forms:
                    hits.append((start, end, text[start:end]))
        return hits

    def row(self, form: str) -> _AliasRow | None:
        """The alias row of ``form`` (type ``status_form``, undated: the marks come and go with
        the day), or None."""
        if _DAY_MARK_START.match(form) is None:
            return None  # no mark before two Han characters: no form, and no need of the table
        secid = self._table().get(form)
        return None if secid is None else (form, secid, "status_form", False, None, None, DAY_MARK_SOURCE)


def day_mark_names(rows: Iterable[_AliasRow], secs: Mapping[str, tuple[str, str]]) -> dict[str, list[str]]:
    """secid -> the names (current and former, all Han, three characters or more) of every A
    share: what ``DayMarks`` cuts."""
    out: dict[str, list[str]] = {}
    for text, secid, atype, *_rest in rows:
        if atype in ("name", "former") and secid.startswith(("0.", "1.")) and secs[secid][0] == "stock" \
                and _HAN_NAME.fullmatch(text):
            out.setdefault(secid, []).append(text)
    return out


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
    out: dict[tuple[str, str], _AliasRow] = {}
    a_names: dict[str, list[str]] = {}
    hk_english: list[_AliasRow] = []
    hk_names: dict[str, set[str]] = {}
    for row in rows:
        text, secid, atype, _c, _vfrom, vto, _src = row
        if atype in ("name", "former", "status_form"):
            _add_status_forms(row, text_rows, out)
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
                _add(out, text_rows, (text, a_secid, "english", c, vfrom, vto, LOAD_PREFIX + "company_english"))
    return list(out.values())


def _add_status_forms(row: _AliasRow, text_rows: Mapping[str, list[_AliasRow]],
                      out: dict[tuple[str, str], _AliasRow]) -> None:
    """Rule 1 of ``derived_rows`` for one name row: the other marked forms of its core and the core."""
    text, secid, _atype, _c, vfrom, vto, _src = row
    core = status_core(text)
    if core is None:
        return

    def borne_by_other(text: str) -> bool:
        return any(r[1] != secid for r in text_rows.get(text, ()))

    def common(text: str) -> bool:
        return any(r[3] for r in text_rows.get(text, ()))

    for form in status_forms(core):
        if form != text and not borne_by_other(form):
            _add(out, text_rows, (form, secid, "status_form", common(form), vfrom, vto, LOAD_PREFIX + "status_form"))
    if not borne_by_other(core):
        _add(out, text_rows, (core, secid, "status_stripped", len(core) <= 2 or common(core), vfrom, vto,
                              LOAD_PREFIX + "status_stripped"))


def _add(out: dict[tuple[str, str], _AliasRow], text_rows: Mapping[str, list[_AliasRow]], row: _AliasRow) -> None:
    """Put a derived ``row`` in ``out`` unless its security has the text in a row of its own;
    one derived twice keeps the widest dates of the two."""
    key = (row[0], row[1])
    if any(r[1] == row[1] for r in text_rows.get(row[0], ())):
        return  # the security has this text in a row of its own
    prev = out.get(key)
    if prev is not None:
        vfrom = None if prev[4] is None or row[4] is None else min(prev[4], row[4])
        vto = None if prev[5] is None or row[5] is None else max(prev[5], row[5])
        row = (prev[0], prev[1], prev[2], prev[3], vfrom, vto, prev[6])
    out[key] = row
