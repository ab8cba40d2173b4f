"""Latin names in any letter case, where no other name collides.

Text writes a Latin name in whatever case its writer likes (``nvidia``, ``NVIDIA``,
``Sunoco Lp`` for the dictionary's ``Sunoco LP``). A name matches in another case only
where that other case cannot mean something else; otherwise it matches as written:

- **Long enough to be a name.** At least ``MIN_LETTERS`` (4) letters, and an all-capitals
  name at least ``MIN_CAPS_LETTERS`` (5). Capital strings of up to four letters are the
  shape of US tickers and acronyms (TSLA, CATL, HKEX, IT, ON, ALL); in lower or mixed case
  the same letters are mostly words, units and abbreviations (it, on, all, kg, gpu, pcb,
  cost). A name of alias type ``ticker`` keeps its case at any length. A name that starts
  with a digit (``3M``) keeps its case too.
- **No collision.** Every alias of every security whose text folds to the same letters is
  looked at (tickers, short names and common words included): when they name different
  securities, the folded letters match only when one of those texts names every security
  the others name, and they are read as that text (the HKEX name ``MIDEA GROUP`` names the
  H and the A share, ``Midea Group`` the A share only: ``midea group`` is ``MIDEA GROUP``);
  else (two companies) nothing matches in another case.
- **No ordinary word.** No text that folds there is marked ``common_word`` (``Apple``,
  ``Visa``, ``META``, ``COST``), and at least one of the name's words is not an ordinary
  English word: a lower-case entry of SCOWL's size-35 English list (``english_words.txt.gz``;
  its licence, permissive, in ``english_words.COPYRIGHT.txt``).
  ``china mobile`` or ``first tractor`` in lower case is prose; ``nvidia`` is not.

Word boundaries are the matcher's (``link/matcher.py``): a folded hit begins at the start
of a Latin word and ends at the end of one. The text is never changed, so offsets and the
mention's surface are the text as written; the hit carries the dictionary's text, whose
aliases it links.

Imports only from the standard library.

    >>> rows = [("Sunoco LP", "106.SUN", "english", False), ("SUN", "106.SUN", "ticker", True),
    ...         ("Nvidia", "105.NVDA", "english", False), ("NVIDIA", "105.NVDA", "english", False)]
    >>> sorted(case_folds(rows).items())
    [('nvidia', 'NVIDIA'), ('sunoco lp', 'Sunoco LP')]
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Sequence
from importlib import resources

__all__ = ["MIN_CAPS_LETTERS", "MIN_LETTERS", "case_folds", "english_words", "english_words_bytes", "may_fold"]

MIN_LETTERS = 4
MIN_CAPS_LETTERS = 5
_WORD = re.compile(r"[A-Za-z]+")
# a text with at least MIN_LETTERS, MIN_CAPS_LETTERS letters (a C scan, not a loop per character)
_ENOUGH = re.compile(rf"(?:[^A-Za-z]*[A-Za-z]){{{MIN_LETTERS}}}")
_ENOUGH_CAPS = re.compile(rf"(?:[^A-Za-z]*[A-Za-z]){{{MIN_CAPS_LETTERS}}}")

# An alias row: (text, secid, alias type, common word, ...), the fold reads the first four
FoldRow = Sequence


def english_words_bytes() -> bytes:
    """The shipped list of ordinary English words, as stored (gzip)."""
    return (resources.files("entitylink.knowledge") / "english_words.txt.gz").read_bytes()


def english_words() -> frozenset[str]:
    """The ordinary English words (lower case) of the shipped list; read each time it is asked
    (some 20 ms): only building a dictionary's folds needs it, once per dictionary."""
    text = gzip.decompress(english_words_bytes()).decode("ascii")
    return frozenset(w for w in text.split("\n") if w and w[0] != "#")


def may_fold(text: str, alias_type: str) -> bool:
    """Whether the name ``text`` may match in another letter case, by its own shape alone
    (length, capitals, type); collisions are ``case_folds``'s.

    >>> may_fold("Nvidia", "english"), may_fold("TSLA", "english"), may_fold("NVIDIA", "english")
    (True, False, True)
    >>> may_fold("COINBASE", "ticker"), may_fold("Uber", "short_form"), may_fold("3M", "english")
    (False, True, False)
    """
    if alias_type == "ticker" or not text.isascii() or not text[:1].isalpha():
        return False
    if _ENOUGH.match(text) is None:
        return False
    return not text.isupper() or _ENOUGH_CAPS.match(text) is not None


def case_folds(rows: Iterable[FoldRow], words: frozenset[str] | None = None) -> dict[str, str]:
    """The folded (lower-case) Latin names that match in any case, each with the dictionary
    text it is read as. ``rows``: every alias row (non-ASCII rows are skipped); ``words``:
    the ordinary English words (``english_words()`` when not given)."""
    groups: dict[str, dict[str, list[FoldRow]]] = {}  # fold -> text -> its rows
    for row in rows:
        text = row[0]
        if text.isascii() and text[:1].isalpha():
            groups.setdefault(text.lower(), {}).setdefault(text, []).append(row)
    if words is None:
        words = english_words()
    folds = {}
    for key, texts in groups.items():
        target = _target(texts)
        if target is not None and not all(w in words for w in _WORD.findall(key)):
            folds[key] = target
    return folds


def _target(texts: dict[str, list[FoldRow]]) -> str | None:
    """The text a group of texts that fold alike is read as, or ``None``: one that may fold
    and names every security of the group; none when any of them is a common word."""
    every: set[str] = set()
    for rows in texts.values():
        if any(r[3] for r in rows):
            return None
        every.update(r[1] for r in rows)
    for text in sorted(texts):  # the same choice whatever the order of the rows
        rows = texts[text]
        if {r[1] for r in rows} == every and all(may_fold(text, r[2]) for r in rows):
            return text
    return None
