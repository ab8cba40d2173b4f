"""Gold annotation files (``shared/corpus/gold/GUIDE.md``): one JSON line per article.

Imports only ``errors``.

    >>> GoldMention("光明乳业", "1.600597", "stock", 1).occurrence
    1
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entitylink.errors import GoldFormatError

GOLD_KINDS: tuple[str, ...] = ("stock", "index", "board")


@dataclass(frozen=True)
class GoldMention:
    """One gold mention: the ``occurrence``-th appearance of ``surface`` in ``Document.text``."""
    surface: str
    secid: str
    kind: str
    occurrence: int
    note: str | None = None


@dataclass(frozen=True)
class GoldNote:
    """A ``not_mentions`` or ``unresolved`` entry: a surface and why it is not a mention."""
    surface: str
    why: str = ""


@dataclass(frozen=True)
class GoldArticle:
    """The gold record of one article, keyed by ``file`` (``2021-12-08-<id>.md``)."""
    file: str
    mentions: tuple[GoldMention, ...] = ()
    not_mentions: tuple[GoldNote, ...] = ()
    unresolved: tuple[GoldNote, ...] = ()
    line: int | None = None


def _get(d: Any, key: str, typ: type, where: str) -> Any:
    if not isinstance(d, dict):
        raise ValueError(f"{where} is not an object")
    if key not in d:
        raise ValueError(f"{where}: missing key {key!r}")
    if not isinstance(d[key], typ) or isinstance(d[key], bool):
        raise ValueError(f"{where}: {key!r} must be {typ.__name__}, got {d[key]!r}")
    return d[key]


def _record(rec: Any, line: int) -> GoldArticle:
    """One parsed gold line as a GoldArticle; ``ValueError`` says what is wrong with it."""
    file = _get(rec, "file", str, "record")
    if not file:
        raise ValueError("empty 'file'")
    mentions: list[GoldMention] = []
    for i, m in enumerate(_get(rec, "mentions", list, "record")):
        w = f"mentions[{i}]"
        g = GoldMention(_get(m, "surface", str, w), _get(m, "secid", str, w), _get(m, "kind", str, w),
                        _get(m, "occurrence", int, w), m.get("note"))
        if not g.surface or not g.secid:
            raise ValueError(f"{w}: empty surface or secid")
        if g.kind not in GOLD_KINDS:
            raise ValueError(f"{w}: kind {g.kind!r} is not one of {GOLD_KINDS}")
        if g.occurrence < 1:
            raise ValueError(f"{w}: occurrence must be >= 1, got {g.occurrence}")
        if any((x.surface, x.occurrence) == (g.surface, g.occurrence) for x in mentions):
            raise ValueError(f"{w}: {g.surface!r} occurrence {g.occurrence} listed twice")
        mentions.append(g)
    notes = {k: tuple(GoldNote(_get(x, "surface", str, f"{k}[{i}]"), str(x.get("why", "")))
                      for i, x in enumerate(_get(rec, k, list, "record")))
             for k in ("not_mentions", "unresolved")}
    return GoldArticle(file, tuple(mentions), notes["not_mentions"], notes["unresolved"], line)


def load_gold(path: str | Path) -> dict[str, GoldArticle]:
    """Read a ``*.gold.jsonl`` file into ``{file: GoldArticle}``; blank lines are skipped.

    A malformed line (bad JSON, missing key, wrong type, unknown kind, occurrence < 1,
    empty surface, a surface/occurrence listed twice, a ``file`` seen before) raises
    ``GoldFormatError`` naming path:line. ``load_gold("finews-dev.gold.jsonl")["2021-12-08-….md"].mentions``
    """
    src, out = str(path), dict[str, GoldArticle]()
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                art = _record(json.loads(raw), n)
            except json.JSONDecodeError as e:
                raise GoldFormatError(f"not JSON: {e.msg}", source=src, line=n) from None
            except ValueError as e:
                raise GoldFormatError(str(e), source=src, line=n) from None
            if art.file in out:
                raise GoldFormatError(f"duplicate file {art.file!r} (first on line {out[art.file].line})",
                                      source=src, line=n)
            out[art.file] = art
    return out
