"""Word segmentation with a private jieba tokenizer that knows the dictionary's names.

The ``Segmenter`` owns one ``jieba.Tokenizer``; nothing global in jieba is used or
changed (no ``jieba.add_word``, no default tokenizer, no zero-frequency words,
whose force-split set is shared by every tokenizer in the process). Each name
is added with the smallest frequency that lets jieba cut it as one word
(jieba's ``suggest_freq`` computed against jieba's own dictionary), so a name
wins in ordinary text but loses to a real word that crosses it: ``长城汽车站``
is cut ``长城 / 汽车站``, ``中国平安银行业务`` ``中国 / 平安银行 / 业务``.

Building that prefix dictionary costs about 0.6 s for the shipped dictionary's
16,000 names (0.4 s of it jieba's own words), so the result is cached (``marshal``)
in a directory we choose: ``$ENTITYLINK_CACHE_DIR`` or ``~/.cache/entitylink``;
jieba's own cache file is neither read nor written. The cache holds it in parts by first
character (``prefixes.py``), each read when first asked for: reading the whole of it was half
of a cold start, and one article asks a few hundred parts.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``knowledge/cache``, and jieba only where a tokenizer is built, so importing the package
does not import jieba.

    >>> seg = Segmenter(["光明乳业"], cache_dir=None)
    >>> seg.is_word_span("买入光明乳业股票", 2, 6)
    True
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from entitylink.knowledge.cache import USER_CACHE, CacheLocation, cache_path, hash_strings, read_cache, write_cache
from entitylink.link.prefixes import PrefixTable

_CACHE_VERSION = "4"
# How much context on each side of a candidate segmentation looks at.
_WINDOW = 16
# How far back a word crossing a position is looked for. jieba's own words are
# shorter; longer user words are full company names, found as candidates anyway.
_CROSS_REACH = 12


class Segmenter:
    """A jieba tokenizer of our own, fed with the dictionary's names as user words.

    Args:
        words: the names to add (duplicates and single characters are ignored).
        cache_dir: where the built prefix dictionary is cached: ``USER_CACHE`` (the
            user's cache directory, the default), a path, or ``None`` to disable the
            cache (nothing is written anywhere).

    Thread-safe once built: segmentation only reads the tokenizer's tables (a part of the
    prefix dictionary read by two threads at once is read twice, to equal dicts).
    """

    def __init__(self, words: Iterable[str], *, cache_dir: CacheLocation = USER_CACHE) -> None:
        self._names = tuple(words)  # the user words are picked from them only when needed: _words
        self._cache_dir = cache_path(cache_dir)
        self._tok: Any = None  # jieba's tokenizer: made for the build, else on jieba's own first cut
        self._build()

    def _tokenizer(self) -> Any:
        """A ``jieba.Tokenizer`` of our own (jieba imported here, not at the top: importing
        entitylink does not import jieba, nor does a start whose prefix dictionary is cached,
        until jieba's own ``cut`` is asked for). Nothing of jieba's own is read or written."""
        tok = self._tok
        if tok is None:
            tok = _new_tokenizer()
            tok.FREQ, tok.total, tok.initialized = self._prefixes.whole(), self._total, True
            self._tok = tok
        return tok

    @functools.cached_property
    def _words(self) -> list[str]:
        """The names jieba can take as words, sorted, each once: needed to build the prefix
        dictionary, not to read it from the cache."""
        return sorted({w for w in self._names if len(w) > 1 and _is_jieba_word(w)})

    def _fingerprint(self) -> str:
        """The cache file's name: a hash of jieba's code and dictionary (``_jieba_stamp``) and
        of the names as given (picking and sorting the words first costs 0.02 s at every start);
        the same names in another order are another file."""
        h = hashlib.sha256()
        h.update(f"{_CACHE_VERSION}|".encode())
        h.update(_jieba_stamp())
        hash_strings(h, self._names)
        return h.hexdigest()[:24]

    def _build(self) -> None:
        cache = self._cache_dir / f"segmenter-{self._fingerprint()}.marshal" if self._cache_dir else None
        cached = read_cache(cache) if cache is not None else None
        if isinstance(cached, tuple) and len(cached) == 4:
            index, blob, self._total, self._max_len = cached
            self._prefixes = PrefixTable.from_payload(index, blob)  # parts read as asked for
            return
        tok = self._tok = _new_tokenizer()
        # jieba's prefix dictionary, built the way its initialize() builds it, but
        # without writing jieba.cache: our own cache below holds the whole result.
        tok.FREQ, tok.total = tok.gen_pfdict(tok.get_dict_file())
        tok.initialized = True
        self._total = tok.total
        self._prefixes = PrefixTable.from_dict(tok.FREQ)  # what _suggest_freq reads
        if self._words:
            # Every frequency is computed against jieba's own dictionary before any
            # name is added, so the result does not depend on the order of names.
            freqs = [(w, self._suggest_freq(w)) for w in self._words]
            for w, f in freqs:
                tok.add_word(w, max(int(f), 1))
            self._total = tok.total
            self._prefixes.update(tok.FREQ, self._words)  # what add_word set: the words, their prefixes
        self._max_len = max(map(len, tok.FREQ))
        if cache is not None:
            write_cache(cache, (*self._prefixes.payload(), self._total, self._max_len))

    def _suggest_freq(self, word: str) -> int:
        """jieba's ``suggest_freq(word, False)``: the smallest frequency that makes
        ``word`` one word, with the same arithmetic, its cut by ``word_starts``
        (a third faster than jieba's cut, for 16,000 names at every first start)."""
        freq_table, total = self._prefixes, self._total
        ftotal = float(total)
        cuts = sorted(self.word_starts(word, 0, len(word)))
        cuts.append(len(word))
        freq: float = 1
        for a, b in zip(cuts, cuts[1:]):
            freq *= freq_table.get(word[a:b], 1) / ftotal
        return max(int(freq * total) + 1, freq_table.get(word, 1))

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` for every word of ``text`` (no HMM: deterministic).

        >>> Segmenter([], cache_dir=None).cut("长城汽车站")
        [('长城', 0, 2), ('汽车站', 2, 5)]
        """
        out = []
        pos = 0
        for w in self._tokenizer().cut(text, HMM=False):
            out.append((w, pos, pos + len(w)))
            pos += len(w)
        return out

    def word_starts(self, text: str, lo: int, hi: int) -> set[int]:
        """Offsets where the words of ``cut(text[lo:hi])`` start, without building them.

        The same computation as jieba's ``cut(HMM=False)`` (its blocks, prefix
        dictionary, most probable route, and runs of single letters and digits
        kept together), in one pass per block: segmentation of the windows around
        names is the linker's costliest step.

        >>> sorted(Segmenter([], cache_dir=None).word_starts("长城汽车站", 0, 5))
        [0, 2]
        """
        parts, read_part = self._prefixes.parts, self._prefixes.part
        log, logtotal, nothing = math.log, math.log(self._total), -math.inf
        starts: set[int] = set()
        pos = lo
        for m in _JIEBA_BLOCK.finditer(text, lo, hi):
            b, e = m.span()
            _add_single_starts(text, pos, b, starts)
            block, n = m.group(), e - b
            # most probable route, from the end: prob[i] the log probability of block[i:],
            # last[i] the last character of its first word; ties go to the longer word
            prob, last = [0.0] * (n + 1), [0] * n
            for i in range(n - 1, -1, -1):
                # the words starting at i that the prefix dictionary knows (a
                # frequency of 0 marks a prefix only); the single character
                # only when it is a word itself, or nothing is
                top, top_end = nothing, -1
                j = i
                ch = block[i]
                part = parts.get(ch)
                if part is None:
                    part = read_part(ch)
                freq_get = part.get  # every word tried here starts with ch
                f = freq_get(ch)
                while f is not None:
                    if f:
                        value = log(f) - logtotal + prob[j + 1]
                        if value >= top:
                            top, top_end = value, j
                    j += 1
                    if j >= n:
                        break
                    f = freq_get(block[i : j + 1])
                if top_end < 0:
                    top, top_end = -logtotal + prob[i + 1], i
                prob[i], last[i] = top, top_end
            i, in_run = 0, False
            while i < n:
                j = last[i] + 1
                single = j == i + 1 and block[i].isascii() and block[i].isalnum()
                if not (single and in_run):
                    starts.add(b + i)
                in_run = single
                i = j
            pos = e
        _add_single_starts(text, pos, hi, starts)
        return starts

    def crosses(self, text: str, pos: int) -> bool:
        """Whether some word jieba knows (or two ASCII letters/digits, which jieba
        keeps together) spans ``pos``; if not, every segmentation cuts there.

        This is the fast path: most names need no segmentation at all.

        >>> seg = Segmenter([], cache_dir=None)
        >>> seg.crosses("长城汽车站", 4), seg.crosses("长城汽车发布", 4)
        (True, False)
        """
        if pos <= 0 or pos >= len(text):
            return False
        before, after = text[pos - 1], text[pos]
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            return True
        # jieba cuts at every character outside its word blocks (CJK, ASCII
        # letters and digits, +#&._%-): no word spans such a character (the
        # class of _JIEBA_BLOCK, tested here without a call)
        if not ("\u4e00" <= before <= "\u9fd5" or before in _BLOCK_ASCII) \
                or not ("\u4e00" <= after <= "\u9fd5" or after in _BLOCK_ASCII):
            return False
        parts, read_part = self._prefixes.parts, self._prefixes.part
        # the words that may cross pos start inside the block that runs up to it, at most
        # _CROSS_REACH characters back: tried from pos - 1 leftwards
        lowest = max(0, pos - min(self._max_len, _CROSS_REACH) + 1)
        i = pos - 1
        while True:
            freq = parts.get(text[i])  # every word tried here starts with text[i]
            if freq is None:
                freq = read_part(text[i])
            if text[i : pos + 1] in freq:
                j = pos + 1
                stop = min(len(text), i + self._max_len)
                while j <= stop:
                    f = freq.get(text[i:j])
                    if f is None:
                        break
                    if f:
                        return True
                    j += 1
            i -= 1
            if i < lowest:
                return False
            ch = text[i]
            if not ("\u4e00" <= ch <= "\u9fd5" or ch in _BLOCK_ASCII):
                return False

    def boundaries(self, text: str, start: int, end: int) -> set[int]:
        """Word boundaries (absolute offsets) of ``text[start:end]``, window ends included."""
        cuts = {start, end}
        for _, s, _e in self.cut(text[start:end]):
            cuts.add(start + s)
        return cuts

    def is_word_span(self, text: str, start: int, end: int) -> bool:
        """Whether segmentation of the context agrees ``text[start:end]`` is whole words."""
        lo, hi = window(text, start, end)
        cuts = self.boundaries(text, lo, hi)
        return start in cuts and end in cuts

    def frequency(self, word: str) -> int:
        """How often jieba's dictionary has seen ``word`` (0 when it is no jieba word).

        >>> Segmenter([], cache_dir=None).frequency("光明") > 200
        True
        """
        return self._prefixes.get(word, 0)

    @property
    def word_count(self) -> int:
        """How many names were added as user words."""
        return len(self._words)


_DECIDED = 8  # positions this close to a segmented window's centre are decided by it


class WordBoundaries:
    """Word boundaries of one text, decided lazily: exactly and cheaply where no
    word crosses a position, else by segmenting the window around it (once).

    >>> cuts = WordBoundaries(Segmenter(["长城汽车"], cache_dir=None), "长城汽车站")
    >>> 4 in cuts, 2 in cuts
    (False, True)
    """

    def __init__(self, segmenter: Segmenter, text: str) -> None:
        self._seg = segmenter
        self._text = text
        # one byte per position 0..len(text), 0 while undecided, else _NO or _YES: a dict of the
        # positions decided held some 100 bytes per position, a million names' worth in a long article
        self._known = bytearray(len(text) + 1)
        self._outside: dict[int, bool] = {}  # positions outside the text (none of the callers asks)

    def __contains__(self, pos: int) -> bool:
        known = self._known
        if 0 <= pos < len(known):
            mark = known[pos]
            if mark:
                return mark == _YES
            # _decide, one call less for the usual answer: no word crosses pos
            if not self._seg.crosses(self._text, pos):
                known[pos] = _YES
                return True
            cut = self._segment(pos)
            known[pos] = _YES if cut else _NO
            return cut
        outside = self._outside.get(pos)
        if outside is None:
            outside = self._outside[pos] = self._decide(pos)
        return outside

    def _decide(self, pos: int) -> bool:
        return not self._seg.crosses(self._text, pos) or self._segment(pos)

    def _segment(self, pos: int) -> bool:
        """Whether ``pos`` is a word boundary, by segmenting the window around it."""
        lo, hi = window(self._text, pos, pos)
        starts = self._seg.word_starts(self._text, lo, hi)
        # the middle of the window is far enough from its edges to be decided too
        known = self._known
        for p in range(max(lo + 1, pos - _DECIDED), min(hi, pos + _DECIDED)):
            if 0 <= p < len(known) and not known[p]:
                known[p] = _YES if p in starts else _NO
        return pos in starts


_NO, _YES = 1, 2  # WordBoundaries._known: decided, not a boundary / a boundary


def window(text: str, start: int, end: int, width: int = _WINDOW) -> tuple[int, int]:
    """The context around ``[start, end)`` that segmentation looks at."""
    return max(0, start - width), min(len(text), end + width)


# jieba's re_han_default: the runs it segments; every other character is a word
# of its own ("\r\n" one word).
_JIEBA_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-]+")
# Its characters outside the CJK range \u4e00-\u9fd5 (``Segmenter.crosses`` tests one character).
_BLOCK_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")


def _add_single_starts(text: str, start: int, end: int, starts: set[int]) -> None:
    for k in range(start, end):
        if not (text[k] == "\n" and k > start and text[k - 1] == "\r"):
            starts.add(k)


def _new_tokenizer() -> Any:
    """An empty ``jieba.Tokenizer`` that reads and writes nothing of jieba's own (no cache file);
    jieba is imported here, when a tokenizer is first needed."""
    import jieba

    tok = jieba.Tokenizer()
    tok.tmp_dir = None
    return tok


@functools.lru_cache(maxsize=1)
def _jieba_stamp() -> bytes:
    """What decides jieba's prefix dictionary, read without importing jieba (its import is a
    tenth of a cold start): the bytes of its code and the size of its dictionary file."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a dependency
        raise ImportError("jieba is not installed")
    code = Path(spec.origin)
    dict_file = code.parent / "dict.txt"
    size = dict_file.stat().st_size if dict_file.exists() else -1
    return code.read_bytes() + f"|dict.txt:{size}|".encode()


def _is_jieba_word(w: str) -> bool:
    # a name with other characters (*ST, spaces) can never be one jieba word
    return _JIEBA_BLOCK.fullmatch(w) is not None

