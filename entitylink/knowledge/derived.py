"""Forms the dictionary derives from its own rows when it is loaded (never rows of a
file): the other status-marked forms of a marked name and its bare core (``status_core``,
``status_forms``), and a Hong Kong line's English short name on the company's A share
(``derived_rows``). Their ``source`` starts with ``LOAD_PREFIX``.

Imports only from ``knowledge/`` itself (``rows``: the row tuples).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import regex

from entitylink.knowledge.rows import _AliasRow

__all__ = ["LOAD_PREFIX", "STATUS_PREFIXES", "STATUS_SUFFIXES", "derived_rows", "status_core", "status_forms"]

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
