"""How names and text are normalised before they are compared.

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

import unicodedata
from functools import lru_cache

import regex

_SPACE_BETWEEN_CJK = regex.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_SPACES = regex.compile(r"\s+")


def normalize_name(name: str) -> str:
    """NFKC, strip, no spaces next to CJK characters, single spaces elsewhere.

    >>> normalize_name(" *ST 国华 ")
    '*ST国华'
    """
    s = unicodedata.normalize("NFKC", name).strip()
    s = _SPACE_BETWEEN_CJK.sub("", s)
    return _SPACES.sub(" ", s)


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


def fold_text(text: str) -> str:
    """NFKC fold of ``text`` that keeps its length (one character per character).

    >>> len(fold_text("㈱光明")) == len("㈱光明")
    True
    """
    if text.isascii():
        return text
    return text.translate(_fold_table())
