"""jieba's prefix dictionary, split by first character and read one part at a time.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
only the standard library. The segmenter's prefix dictionary (every word jieba knows and
every prefix of one: some 600,000 strings) took half of a cold start to read from its cache
as one ``marshal`` dict, though one article's segmentation windows ask a few hundred of its
first characters. Every question the segmenter asks of it (``Segmenter.word_starts``,
``crosses``, ``frequency``) is about strings that start at one place, so the table is held as
one part per first character, each its own ``marshal`` piece of one byte string, and a part
is read when a string starting with its character is first asked about. jieba's own
``cut``, which reads the whole dictionary, gets it merged (``PrefixTable.whole``).

    >>> table = PrefixTable.from_dict({"光": 5, "光明": 0, "光明乳业": 3, "乳": 2})
    >>> table.get("光明乳业"), table.get("光明"), "光明" in table, table.get("明", 1), "明" in table
    (3, 0, True, 1, False)
    >>> again = PrefixTable.from_payload(*table.payload()); again.get("乳"), len(again.whole())
    (2, 4)
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Mapping


class PrefixTable:
    """Word or prefix -> frequency (0: a prefix only), one part per first character.

    ``parts`` maps a character to its part, filled as parts are read (a character with no
    part gets an empty one); ``part(ch)`` reads one. Reading a part twice in two threads
    makes two equal dicts, one of which stays: harmless.
    """

    __slots__ = ("parts", "_blob", "_index", "_whole")

    def __init__(self, parts: dict[str, dict[str, int]], blob: bytes = b"",
                 index: Mapping[str, tuple[int, int]] | None = None) -> None:
        self.parts = parts
        self._blob = blob  # the parts not read yet, as marshal pieces: index[ch] = (start, end)
        self._index = index or {}
        self._whole: dict[str, int] | None = None

    @classmethod
    def from_dict(cls, freq: Mapping[str, int]) -> PrefixTable:
        """The table of a whole prefix dictionary (all parts in memory)."""
        parts: dict[str, dict[str, int]] = {}
        for word, f in freq.items():
            if word:
                parts.setdefault(word[0], {})[word] = f
        return cls(parts)

    def update(self, freq: Mapping[str, int], words: Iterable[str]) -> None:
        """Take from ``freq`` the entries of ``words`` and of their prefixes: what jieba's
        ``add_word`` sets when the words are added to the dictionary this table was made from."""
        for word in words:
            part = self.part(word[0])
            for k in range(1, len(word) + 1):
                part[word[:k]] = freq[word[:k]]

    def payload(self) -> tuple[dict[str, tuple[int, int]], bytes]:
        """What ``from_payload`` reads back: the index of the parts in one byte string (plain
        data, for the cache file)."""
        index: dict[str, tuple[int, int]] = {}
        pieces, pos = [], 0
        for ch in sorted(set(self.parts) | set(self._index)):
            part = self.part(ch)
            if not part:  # a character asked about that starts no word
                continue
            piece = marshal.dumps(part)
            index[ch] = (pos, pos + len(piece))
            pieces.append(piece)
            pos += len(piece)
        return index, b"".join(pieces)

    @classmethod
    def from_payload(cls, index: dict[str, tuple[int, int]], blob: bytes) -> PrefixTable:
        """A table whose parts are read from ``blob`` when first asked for."""
        return cls({}, blob, index)

    def part(self, ch: str) -> dict[str, int]:
        """The words and prefixes that start with the character ``ch``."""
        part = self.parts.get(ch)
        if part is None:
            span = self._index.get(ch)
            part = marshal.loads(memoryview(self._blob)[span[0]:span[1]]) if span else {}
            self.parts[ch] = part
        return part

    def get(self, word: str, default: int = 0) -> int:
        """The frequency of ``word`` (0 for a prefix only), else ``default``."""
        return self.part(word[0]).get(word, default) if word else default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and word in self.part(word[0])

    def whole(self) -> dict[str, int]:
        """Every part merged into one dict (made once): what jieba's own ``cut`` reads."""
        if self._whole is None:
            whole: dict[str, int] = {}
            for ch in self._index.keys() | self.parts.keys():
                whole.update(self.part(ch))
            self._whole = whole
        return self._whole
