"""How names and text are normalised before they are compared.

Imports nothing of entitylink.

Two functions, one rule: Unicode NFKC (full-width ``Ａ`` -> ``A``, ``（`` -> ``(``).

- ``normalize_name`` is for dictionary names: NFKC, then whitespace removed
  between CJK characters and collapsed to one space between Latin words
  (``万 科Ａ`` -> ``万科A``, ``Faraday  Future`` -> ``Faraday Future``).
- ``fold_text`` is for article text: the same NFKC fold, but one character in,
  one character out, so offsets into the folded text are offsets into the
  original text. A character whose NFKC form is longer than one character is
  kept as it is.

    >>> normalize_name("万 科Ａ"), fold_text("ＳＴ光明")
    ('万科A', 'ST光明')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

_SPACES = regex.compile(r"\s+")


def _space(m: regex.Match) -> str:
    """A run of whitespace: gone next to a CJK (any non-ASCII) character, else one space."""
    s, a, b = m.string, m.start(), m.end()
    return "" if (a > 0 and not s[a - 1].isascii()) or (b < len(s) and not s[b].isascii()) else " "


def normalize_name(name: str) -> str:
    """NFKC, strip, no spaces next to CJK characters, single spaces elsewhere.

    >>> normalize_name(" *ST 国华 ")
    '*ST国华'
    """
    s = unicodedata.normalize("NFKC", name).strip()
    # one pass over the runs: a lookaround pattern tried at every space of a long run was quadratic
    return _SPACES.sub(_space, s)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """``str.translate`` table of every BMP character whose NFKC form is one other character."""
    table = {}
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            table[cp] = "\ufffd"  # a lone surrogate cannot reach the matcher (it needs UTF-8)
            continue
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and folded != ch:
            table[cp] = folded
    return table


@lru_cache(maxsize=1)
def _folder() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern matching the characters ``_fold_table`` changes, and the table by character."""
    table = _fold_table()
    runs: list[list[int]] = []
    for cp in sorted(table):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    cls = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in runs)
    # the standard library's re: its set test is several times faster than regex's here
    return re.compile(f"[{cls}]"), {chr(cp): ch for cp, ch in table.items()}


def fold_text(text: str) -> str:
    """NFKC fold of ``text`` that keeps its length (one character per character).

    >>> len(fold_text("㈱光明")) == len("㈱光明")
    True
    """
    if text.isascii():
        return text
    pattern, table = _folder()
    found = pattern.findall(text)
    if not found:
        return text
    # News text has a few distinct foldable characters (，（）：) but many of each: one
    # str.replace per distinct character (a C scan) is twice as fast as a re.sub calling
    # back per match, and 4x str.translate with the table (a dict lookup per character).
    # The same result: a folded character is never itself folded (NFKC is idempotent).
    for ch in set(found):
        text = text.replace(ch, table[ch])
    return text
