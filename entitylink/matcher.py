"""Candidate names in text: an Aho-Corasick automaton over every dictionary name.

The automaton finds all occurrences, overlapping ones included, in one pass
over the folded text; whether a hit is a word is decided later by
segmentation. Latin and digit edges are checked here: ``FF`` is not a hit
inside ``OFFER``, ``科创50`` not inside ``科创500``.

    >>> NameMatcher(["光明乳业", "光明"]).find("ST光明乳业")
    [(2, 4, '光明'), (2, 6, '光明乳业')]
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


def _is_latin_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class NameMatcher:
    """Finds dictionary names in text, with half-open ``(start, end, name)`` offsets.

    Picklable: it pickles its names and rebuilds the automaton on load.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(sorted(set(names)))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for name in self._names:
            if name:
                self._automaton.add_word(name, name)
        if self._names:
            self._automaton.make_automaton()

    def __reduce__(self):
        return (NameMatcher, (self._names,))

    def __len__(self) -> int:
        return len(self._names)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """All hits sorted by (start, end); names whose Latin/digit edges run on are skipped."""
        if not self._names or not text:
            return []
        hits = []
        n = len(text)
        for last, name in self._automaton.iter(text):
            end = last + 1
            start = end - len(name)
            if start > 0 and _is_latin_or_digit(name[0]) and _is_latin_or_digit(text[start - 1]):
                continue
            if end < n and _is_latin_or_digit(name[-1]) and _is_latin_or_digit(text[end]):
                continue
            hits.append((start, end, name))
        hits.sort()
        return hits
