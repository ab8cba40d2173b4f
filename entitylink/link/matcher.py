"""Candidate names in text: an Aho-Corasick automaton over every dictionary name.

The automaton (ahocorasick-rs, which is not picklable: the matcher pickles its
names and rebuilds) finds all occurrences, overlapping ones included, in one
pass over the folded text; whether a hit is a word is decided later by
segmentation. Latin and digit edges are checked here: ``FF`` is not a hit
inside ``OFFER``, ``科创50`` not inside ``科创500``.

Building the automaton over the shipped dictionary's 37,000 names takes about 0.07 s,
a tenth of a cold start on one article. So it is built on first need: until then the
same hits are found by looking up each substring of the text that begins with the first
two characters of some name and has that name's length (``_scan``, three to four times
slower per character than the automaton), until those look-ups add up to ``SCAN_BUDGET``,
about what the build costs (some 300,000 characters of news): one article never builds
it, a batch soon does.

Latin names in another letter case (``nvidia`` for ``NVIDIA``, ``Sunoco Lp`` for ``Sunoco LP``)
are found from a table made once with the dictionary (``folds``: folded text -> the name it
is read as; ``knowledge/latin.py`` decides which names fold): at the start of each Latin word
of the text, the slices of the lengths of the folded names that begin with that word (and the
next, for names of several words) are lower-cased and looked up. A hit keeps the text's
offsets and carries the dictionary's name.
A name written in another case that continues a capitalised Latin word before it (``Simon
Cowell``, ``Golden Sea Holdings``) is the end of a longer proper noun and no hit: text that
writes a name as the dictionary does is trusted further than text that does not.

The scan's tables and the Latin names' index take some 50 ms to make from 37,000 names, a tenth
of a cold start on one article: with a ``cache_dir`` they are kept in a cache file of their own
(``matcher-*.marshal``, named by a hash of the names and folds), read in a few ms.

Many short texts are searched in one automaton pass (``find_many``): the automaton is some
15 MB, and between two articles the rest of the linking pushes it out of the CPU cache, so
one search per article costs three to four times what the same search costs back to back.
The texts are joined with a separator that no name contains (``SEPARATOR``, checked on the
names: without it ``find_many`` searches each text alone), so no hit can span two texts and
each text's hits are exactly what searching it alone finds.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``knowledge/cache`` only.

    >>> NameMatcher(["光明乳业", "光明"]).find("ST光明乳业")
    [(2, 4, '光明'), (2, 6, '光明乳业')]
    >>> NameMatcher(["Sunoco LP"], {"sunoco lp": "Sunoco LP"}).find("sunoco lp股价, SUNOCO LPG")
    [(0, 9, 'Sunoco LP')]
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import marshal
import re
from collections.abc import Iterable, Mapping, Sequence

import ahocorasick_rs
import regex

from entitylink.knowledge.cache import CacheLocation, cache_path, hash_strings, read_cache, write_cache

# How many substring look-ups (and characters) ``_scan`` may spend, all texts together,
# before the automaton is built and used for every text: about what building it costs.
SCAN_BUDGET = 400_000
# Joins the texts of ``find_many``: a character no name holds (checked) cannot be inside a hit,
# and, being neither a Latin letter nor a digit, it is no edge a hit could run on into.
SEPARATOR = "\x00"
_LATIN_OR_DIGIT = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# ``regex`` scans a text for a character class in about half the time ``re`` takes (the
# same class, the same matches); most texts hold no Latin word at all.
_LATIN_WORD = regex.compile("[A-Za-z]+")
_NEXT_WORD = re.compile("[^A-Za-z]*?([A-Za-z]+)")  # the next Latin word (each gap is scanned once)
_FIRST_WORDS = re.compile("([A-Za-z]+)(?:([^A-Za-z]*)([A-Za-z]+))?")  # a name's first two Latin words
_ScanTables = tuple[frozenset[str], dict[str, list[int]]]  # the names, their lengths by first two characters
_FoldIndex = tuple[dict[str, tuple[int, ...]], int]  # the folded names' lengths by first words; the widest gap
# A capitalised Latin word and a space just before a hit: the hit goes on a longer proper noun
# (Simon Cowell, Golden Sea Holdings), not a name of its own.
_PROPER_BEFORE = re.compile(r"[A-Z][A-Za-z]* \Z")


class NameMatcher:
    """Finds dictionary names in text, with half-open ``(start, end, name)`` offsets.

    Picklable: it pickles its names and rebuilds the automaton on load. Thread-safe:
    two threads that need the automaton (or the scan's tables) at once both build it,
    harmlessly. ``cache_dir``: where the scan's tables and the fold index are kept between
    runs (``knowledge.cache``; ``None``, the default: made in memory each time).
    """

    def __init__(self, names: Iterable[str], folds: Mapping[str, str] | None = None,
                 cache_dir: CacheLocation = None) -> None:
        self._names = tuple(dict.fromkeys(n for n in names if n))  # each once, in the order given
        self._folds = folds or {}  # folded Latin name -> the name it is read as
        self._cache_dir = cache_dir
        self._fold_index: _FoldIndex | None = None  # made on first need
        self._automaton: ahocorasick_rs.AhoCorasick | None = None  # built on first need
        self._spent = 0  # of SCAN_BUDGET
        self._tables: _ScanTables | None = None  # of _scan
        self.max_len = max(map(len, self._names), default=0)  # the longest name, in characters
        # names that begin or end with a Latin letter or digit: only their hits
        # need the check that they do not run on into a longer Latin word
        self._latin_edge = frozenset(n for n in self._names if n[0] in _LATIN_OR_DIGIT or n[-1] in _LATIN_OR_DIGIT)
        self._joinable = not any(SEPARATOR in n for n in self._names)  # find_many may join texts

    def __reduce__(self):
        return (NameMatcher, (self._names, self._folds, self._cache_dir))

    def _made_tables(self) -> tuple[_ScanTables, _FoldIndex]:
        """The scan's tables (``_scan_tables``) and the fold index (``_fold_index``), both
        read from the cache file when there is one, else made (and written to it)."""
        where = cache_path(self._cache_dir)
        if where is None:
            return _scan_tables(self._names), _fold_index(self._folds)
        # the file's name: a hash of the code that makes the tables (a change to it is another
        # file), of the names and of the folds
        digest = hashlib.sha256(marshal.dumps((_scan_tables.__code__, _fold_index.__code__, _FIRST_WORDS.pattern)))
        hash_strings(digest, self._names)
        hash_strings(digest, tuple(itertools.chain.from_iterable(self._folds.items())))
        path = where / f"matcher-{digest.hexdigest()[:24]}.marshal"
        cached = read_cache(path)
        if isinstance(cached, tuple) and len(cached) == 3:
            by_prefix, lengths, gap = cached
            return (frozenset(self._names), by_prefix), (lengths, gap)
        tables, index = _scan_tables(self._names), _fold_index(self._folds)
        write_cache(path, (tables[1], *index))
        return tables, index

    def __len__(self) -> int:
        return len(self._names)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """All hits sorted by (start, end); names whose Latin/digit edges run on are skipped."""
        if not self._names or not text:
            return []
        return self._with_folded(text, self._exact(text))

    def _with_folded(self, text: str, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """``hits``, the sorted hits of the names as written in ``text``, with those of the Latin
        names written in another letter case (``_folded``) added in order."""
        if self._folds and text:
            folded = self._folded(text, hits)
            if folded:
                hits += folded
                hits.sort()
        return hits

    def find_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """``[find(t) for t in texts]``, the names found in one automaton pass over all of them.

        >>> NameMatcher(["光明", "AB"]).find_many(["光明", "", "ABC AB"])
        [[(0, 2, '光明')], [], [(4, 6, 'AB')]]
        """
        if not self._names or self._automaton is None or not self._joinable or len(texts) < 2:
            return [self.find(t) for t in texts]  # (no automaton yet: the scan's budget decides)
        starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        names, latin_edge = self._names, self._latin_edge
        k, lo, hi = 0, 0, len(texts[0])
        joined = SEPARATOR.join(texts)
        for index, start, end in self._automaton.find_matches_as_indexes(joined, overlapping=True):
            if not lo <= start < hi:  # a hit of another text (no hit spans a separator)
                k = bisect.bisect_right(starts, start) - 1
                lo, hi = starts[k], starts[k] + len(texts[k])
            name = names[index]
            if name not in latin_edge or not _runs_on(joined, start, end, name):  # the separator is no edge
                found[k].append((start - lo, end - lo, name))
        for text, hits in zip(texts, found):
            hits.sort()
            self._with_folded(text, hits)
        return found

    def _exact(self, text: str) -> list[tuple[int, int, str]]:
        """The hits of the names as written, sorted."""
        automaton = self._automaton
        if automaton is None:
            scanned = self._scan(text)
            if scanned is not None:
                return scanned
            # Standard match kind with overlapping=True reports every occurrence;
            # offsets are code points, end exclusive.
            automaton = self._automaton = ahocorasick_rs.AhoCorasick(
                self._names, matchkind=ahocorasick_rs.MatchKind.Standard)
            self._tables = None  # the scan's tables (a few MB) are not needed again
        names = self._names
        latin_edge = self._latin_edge
        hits = [(start, end, names[index]) for index, start, end
                in automaton.find_matches_as_indexes(text, overlapping=True)
                if names[index] not in latin_edge or not _runs_on(text, start, end, names[index])]
        hits.sort()
        return hits

    def _scan(self, text: str) -> list[tuple[int, int, str]] | None:
        """What ``find`` returns, found without the automaton: by looking up the substrings
        that begin with the first two characters of some name and have that name's length
        (and each character, when some name is one character long). ``None`` once the
        scans have spent ``SCAN_BUDGET``."""
        budget = SCAN_BUDGET - self._spent - len(text)
        if budget < 0:
            return None
        tables = self._tables
        if tables is None:  # read (or made) with the fold index, which the same texts soon need
            tables, index = self._made_tables()
            self._tables = tables
            if self._fold_index is None:
                self._fold_index = index
        names, by_prefix = tables
        latin_edge = self._latin_edge
        hits = []
        n = len(text)
        for i in range(n):
            lengths = by_prefix.get(text[i:i + 2])
            if lengths is None:
                continue
            budget -= len(lengths)
            if budget < 0:
                return None
            for length in lengths:
                end = i + length
                name = text[i:end]
                if end <= n and name in names and (name not in latin_edge or not _runs_on(text, i, end, name)):
                    hits.append((i, end, name))
        if "" in by_prefix:  # names of one character
            hits.extend((i, i + 1, ch) for i, ch in enumerate(text)
                        if ch in names and (ch not in latin_edge or not _runs_on(text, i, i + 1, ch)))
        self._spent = SCAN_BUDGET - budget
        hits.sort()
        return hits

    def _folded(self, text: str, exact: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The hits of Latin names written in another letter case: at each Latin word's start,
        the slices of the lengths of the folded names that begin with that word (and the next
        one, for names of several words), lower-cased and looked up; none where a name as
        written was found on the same span."""
        words = _LATIN_WORD.finditer(text)
        first = next(words, None)
        if first is None:
            return []
        index = self._fold_index
        if index is None:  # on the first text with a Latin word
            index = self._fold_index = self._made_tables()[1]
        lengths_of, gap = index
        folds = self._folds
        hits = []
        for m in itertools.chain((first,), words):
            word = m.group().lower()
            lengths = lengths_of.get(word)
            if lengths is None:
                continue
            after = _NEXT_WORD.match(text, m.end())
            if after is not None and after.start(1) - m.end() <= gap:
                lengths = tuple(sorted(lengths + lengths_of.get(f"{word} {after.group(1).lower()}", ())))
            if not lengths:
                continue
            start = m.start()
            chunk = text[start:start + lengths[-1]]
            low = chunk.lower()
            if len(low) != len(chunk):  # a character whose lower case is longer (İ): no Latin name
                continue
            for length in lengths:
                end = start + length
                name = folds.get(low[:length]) if end <= len(text) else None
                if name is not None and text[start:end] != name and not _runs_on(text, start, end, name) \
                        and _PROPER_BEFORE.search(text, max(0, start - 40), start) is None:
                    hits.append((start, end, name))
        if hits and exact:
            spans = {(s, e) for s, e, _ in exact}
            hits = [h for h in hits if (h[0], h[1]) not in spans]
        return hits


def _runs_on(text: str, start: int, end: int, name: str) -> bool:
    """Whether the hit ``text[start:end]`` of ``name`` runs on into a longer Latin word or number."""
    if start > 0 and name[0] in _LATIN_OR_DIGIT and text[start - 1] in _LATIN_OR_DIGIT:
        return True
    return end < len(text) and name[-1] in _LATIN_OR_DIGIT and text[end] in _LATIN_OR_DIGIT


def _fold_index(folds: Mapping[str, str]) -> tuple[dict[str, tuple[int, ...]], int]:
    """The lengths of the folded names by their first Latin word when they have one
    (``"nvidia"``: 6), else by their first two (``"sunoco lp"``: 9), so that a word many names
    begin with (china, shanghai) costs only the names that go on as the text does; and the
    longest run of other characters between a name's first two words. Every key gets ``()``
    under its first word, so that the first look-up tells whether a word begins any name."""
    lengths: dict[str, set[int]] = {}
    gap = 0
    for key in folds:
        m = _FIRST_WORDS.match(key)
        if m is None:
            continue
        first, between, second = m.groups()
        lengths.setdefault(first, set())
        if second is None:
            lengths[first].add(len(key))
        else:
            lengths.setdefault(f"{first} {second}", set()).add(len(key))
            gap = max(gap, len(between))
    return {k: tuple(sorted(v)) for k, v in lengths.items()}, gap


def _scan_tables(names: tuple[str, ...]) -> tuple[frozenset[str], dict[str, list[int]]]:
    """For ``NameMatcher._scan``: the names, and the lengths of the names by their first
    two characters (key ``""``: there are names of one character)."""
    by_prefix: dict[str, list[int]] = {}
    for name in names:
        prefix = name[:2] if len(name) > 1 else ""
        lengths = by_prefix.get(prefix)
        if lengths is None:
            by_prefix[prefix] = [len(name)]
        elif len(name) not in lengths:
            lengths.append(len(name))
    return frozenset(names), by_prefix
