"""``entitylink dict stats``: what a dictionary holds, counted, before one trusts it.

Imports only ``knowledge``.

:func:`dictionary_stats` returns plain data (dicts, lists, ints, strings): securities and
alias rows by market (the exchange a secid names: SH, SZ, BJ, HK, US, CSI, EM for boards ...),
by kind, by alias type (with how many are marked ``common_word``), and by source, with the
date range each source covers.

A row's ``source`` names where it came from (``dictionaries/README.md``); the sources it
names are read from it by :func:`source_parts`:

- ``name@date`` is a snapshot of that date (``szse@2023-10-17``; a suffix after ``:`` is a
  detail of the row, ``adata-concepts@2025-08-07:signal``); ``a@d1..b@d2`` names two (the
  first and the last snapshot that show the name): the row counts under both;
- ``name-d1..d2`` / ``name:d1..d2`` is one source over a range of days
  (``harvest:flash-2026-05-14..2026-08-11``, ``harvest:2021-12-08..2022-06-14``);
- anything else is a source without a date (``curated:us_stocks``, ``derived:english_trimmed``).

A source's ``first_date``/``last_date`` are the earliest and latest dates its rows name
(``""`` when none does). ``validity`` gives the range of the rows' ``valid_from``/``valid_to``.

    >>> source_parts("cninfo@2016-01-23..dsh-stock-watch@2026-08-15")
    [('cninfo', '2016-01-23'), ('dsh-stock-watch', '2026-08-15')]
    >>> source_parts("harvest:flash-2026-05-14..2026-08-11")
    [('harvest:flash', '2026-05-14'), ('harvest:flash', '2026-08-11')]
    >>> source_parts("curated:us_stocks"), source_parts("")
    ([('curated:us_stocks', '')], [('(none)', '')])
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from entitylink.knowledge.dictionary import LOAD_PREFIX

__all__ = ["dictionary_stats", "source_parts"]

_SNAPSHOT = re.compile(r"(?P<name>[^@]+)@(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?::.*)?")
_RANGE = re.compile(r"(?P<name>.*?)[-:]?(?P<a>\d{4}-\d{2}-\d{2})\.\.(?P<b>\d{4}-\d{2}-\d{2})")


def source_parts(source: str) -> list[tuple[str, str]]:
    """The ``(source, date)`` pairs a row's ``source`` names (date ``""`` when it names none)."""
    source = source.strip()
    if not source:
        return [("(none)", "")]
    if "@" not in source and (m := _RANGE.fullmatch(source)):
        name = m["name"] or "(none)"
        return [(name, m["a"]), (name, m["b"])]
    out = []
    for part in source.split(".."):
        m = _SNAPSHOT.fullmatch(part)
        out.append((m["name"], m["date"]) if m else (part, ""))
    return out


def _table(counts: dict[str, Counter], key: str, order: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{key: k, **{c: counts[k][c] for c in order}} for k in counts]
    rows.sort(key=lambda r: (-r[order[0]], r[key]))
    return rows


def dictionary_stats(dictionary) -> dict[str, Any]:
    """Counts of ``dictionary`` (an :class:`entitylink.knowledge.dictionary.Dictionary`) as plain data.

    Keys: ``securities``, ``securities_without_alias``, ``alias_rows`` (rows of the files),
    ``derived_forms`` (names derived at load, by rule: ``status_form``, ...), ``alias_texts``,
    ``common_word_rows``; ``by_market`` and ``by_kind`` (``securities``, ``aliases`` each);
    ``by_alias_type`` (``aliases``, ``common_word``); ``by_source`` (``aliases``, ``securities``,
    ``first_date``, ``last_date``); ``validity`` (``dated_rows``, ``valid_from_min``,
    ``valid_from_max``, ``valid_to_min``, ``valid_to_max``). Tables are sorted by their first
    count, most first, then by name.
    """
    market: dict[str, Counter] = defaultdict(Counter)
    kind: dict[str, Counter] = defaultdict(Counter)
    atype: dict[str, Counter] = defaultdict(Counter)
    source: dict[str, Counter] = defaultdict(Counter)
    source_secids: dict[str, set[str]] = defaultdict(set)
    source_dates: dict[str, list[str]] = defaultdict(list)
    texts: set[str] = set()
    rows = common = without = dated = 0
    froms: list[str] = []
    tos: list[str] = []
    derived: dict[str, int] = defaultdict(int)
    for secid in dictionary:
        sec = dictionary.security(secid)
        # the rows of the files; forms the dictionary derives (status marks, a company's
        # English name on its other listing) are counted apart
        aliases = []
        for a in dictionary.aliases_of(secid):
            if a.source.startswith(LOAD_PREFIX):
                derived[a.source.removeprefix(LOAD_PREFIX)] += 1
            else:
                aliases.append(a)
        market[sec.exchange]["securities"] += 1
        kind[sec.kind]["securities"] += 1
        market[sec.exchange]["aliases"] += len(aliases)
        kind[sec.kind]["aliases"] += len(aliases)
        without += not aliases
        for a in aliases:
            rows += 1
            common += a.common_word
            texts.add(a.text)
            atype[a.alias_type]["aliases"] += 1
            atype[a.alias_type]["common_word"] += a.common_word
            if a.valid_from or a.valid_to:
                dated += 1
                froms += [a.valid_from.isoformat()] if a.valid_from else []
                tos += [a.valid_to.isoformat()] if a.valid_to else []
            named = source_parts(a.source)
            for name in dict.fromkeys(n for n, _ in named):
                source[name]["aliases"] += 1
                source_secids[name].add(secid)
            for name, date in named:
                if date:
                    source_dates[name].append(date)
    for name, secids in source_secids.items():
        source[name]["securities"] = len(secids)
    by_source = _table(source, "source", ["aliases", "securities"])
    for r in by_source:
        dates = source_dates.get(r["source"], [])
        r["first_date"], r["last_date"] = (min(dates), max(dates)) if dates else ("", "")
    return {
        "securities": len(dictionary),
        "securities_without_alias": without,
        "alias_rows": rows,
        "derived_forms": dict(sorted(derived.items())),
        "alias_texts": len(texts),
        "common_word_rows": common,
        "by_market": _table(market, "market", ["securities", "aliases"]),
        "by_kind": _table(kind, "kind", ["securities", "aliases"]),
        "by_alias_type": _table(atype, "alias_type", ["aliases", "common_word"]),
        "by_source": by_source,
        "validity": {
            "dated_rows": dated,
            "valid_from_min": min(froms, default=""), "valid_from_max": max(froms, default=""),
            "valid_to_min": min(tos, default=""), "valid_to_max": max(tos, default=""),
        },
    }
