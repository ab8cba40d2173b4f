"""Candidate names in text: an Aho-Corasick automaton over every dictionary name.

The automaton (ahocorasick-rs, which is not picklable: the matcher pickles its
names and rebuilds) finds all occurrences, overlapping ones included, in one
pass over the folded text; whether a hit is a word is decided later by
segmentation. Latin and digit edges are checked here: ``FF`` is not a hit
inside ``OFFER``, ``科创50`` not inside ``科创500``.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
nothing of the package.

    >>> NameMatcher(["光明乳业", "光明"]).find("ST光明乳业")
    [(2, 4, '光明'), (2, 6, '光明乳业')]
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs


def _is_latin_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class NameMatcher:
    """Finds dictionary names in text, with half-open ``(start, end, name)`` offsets.

    Picklable: it pickles its names and rebuilds the automaton on load.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(sorted({n for n in names if n}))
        # Standard match kind with overlapping=True reports every occurrence;
        # offsets are code points, end exclusive.
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._names, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self._names else None
        )
        # names that begin or end with a Latin letter or digit: only their hits
        # need the check that they do not run on into a longer Latin word
        self.max_len = max(map(len, self._names), default=0)  # the longest name, in characters
        self._latin_edge = bytes(_is_latin_or_digit(n[0]) or _is_latin_or_digit(n[-1]) for n in self._names)

    def __reduce__(self):
        return (NameMatcher, (self._names,))

    def __len__(self) -> int:
        return len(self._names)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """All hits sorted by (start, end); names whose Latin/digit edges run on are skipped."""
        if self._automaton is None or not text:
            return []
        hits = []
        n = len(text)
        names = self._names
        latin_edge = self._latin_edge
        for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            name = names[index]
            if latin_edge[index]:
                if start > 0 and _is_latin_or_digit(name[0]) and _is_latin_or_digit(text[start - 1]):
                    continue
                if end < n and _is_latin_or_digit(name[-1]) and _is_latin_or_digit(text[end]):
                    continue
            hits.append((start, end, name))
        hits.sort()
        return hits
