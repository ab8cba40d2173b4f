"""The per-article context: what one article says that the linking decisions rest on.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``models``, ``read/`` (offsets), ``knowledge/`` (the alias table) and other ``link/`` modules.

The context holds the folded text (what matching and rules look at), the original text
(what surfaces are cut from), the date, the word boundaries, and the *evidence*: which
securities the article names for sure, and where (a tag, a code, an unambiguous name).
A name that could mean several securities is resolved by that evidence elsewhere in the
article, and a common word links only with it.

    >>> ctx = ArticleContext("光明乳业涨停", "光明乳业涨停", None)
    >>> ctx.add_evidence("1.600597", 0, "article:tag")
    >>> ctx.evidence_for("1.600597", 0), ctx.evidence_for("1.600597", 9)
    (None, 'article:tag')
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from entitylink.knowledge.aliases import ALIAS_TYPES, UNKNOWN
from entitylink.knowledge.derived import DAY_MARK_SOURCE
from entitylink.knowledge.dictionary import Alias
from entitylink.link import boards, cues, score
from entitylink.link.candidates import Boundaries, Candidate, Hit, suffixed_name
from entitylink.link.codes import CodeHit
from entitylink.link.hit_table import CandidateTable
from entitylink.models import Mention, MentionRow
from entitylink.read.offsets import OffsetMap


class NameMemo:
    """What the decisions need of a dictionary name or a security that no article changes,
    found on first use and kept by the Linker for all its articles. Its keys are the
    dictionary's names and secids, so it is bounded by the dictionary; a race between
    threads computes the same value twice, harmlessly.

    ``evidence``: name -> the secid the name is evidence for where it is a whole word and
    in force (``collect_evidence``), or ``""``; ``forms``: secid -> its own short forms
    (``propagate.py``); ``listings``: secid of a Hong Kong line -> whether it is a secondary
    listing and the first list known to show it (``resolve.later_listing``).
    """

    __slots__ = ("evidence", "forms", "listings")

    def __init__(self) -> None:
        self.evidence: dict[str, str] = {}
        self.forms: dict[str, frozenset[str]] = {}
        self.listings: dict[str, tuple[bool, _dt.date | None]] = {}


class Positions:
    """A set of offsets in ``[0, size]``, one byte per offset (a set of ints holds some 60
    bytes per member: a long article has a million names), marked on the first question: most
    articles ask none (only a name beside a list separator does), so ``offsets`` is read then.

    >>> p = Positions(5, [0, 3]); 3 in p, 4 in p, 9 in p, -1 in p
    (True, False, False, False)
    """

    __slots__ = ("_marks", "_offsets", "_size")

    def __init__(self, size: int, offsets: Iterable[int]) -> None:
        self._size, self._offsets = size, offsets
        self._marks: bytearray | None = None

    def __contains__(self, pos: object) -> bool:
        marks = self._marks
        if marks is None:
            marks = self._marks = bytearray(self._size + 1)
            for i in self._offsets:
                marks[i] = 1
            self._offsets = ()
        return type(pos) is int and 0 <= pos < len(marks) and marks[pos] == 1


@dataclass
class ArticleContext:
    """What one article says that linking decisions rest on."""

    text: str  # folded: what matching and rules look at
    original: str  # what surfaces are cut from
    date: _dt.date | None
    evidence: dict[str, dict[int, str]] = field(default_factory=dict)  # secid -> {offset: why}
    item_starts: Container[int] = field(default_factory=set)  # where candidate names start (``Positions``)
    item_ends: Container[int] = field(default_factory=set)  # and end
    cuts: Boundaries = frozenset()  # the text's word boundaries (segment.WordBoundaries)
    hits: Sequence[Hit] = ()  # every name hit, sorted: for suffixed_name
    offsets: OffsetMap | None = None  # text -> source, for each mention's source span
    scores: score.Memo = field(default_factory=score.Memo)  # the Linker's, shared by its articles
    names: NameMemo = field(default_factory=NameMemo)  # the Linker's, shared by its articles

    shared: dict = field(default_factory=dict)  # surfaces and evidence, one object per value

    def mention(self, start: int, end: int, *, secid: str | None = None, code: str | None = None,
                market: int | None = None, exchange: str | None = None, kind: str, name: str | None = None,
                method: str, confidence: float, evidence: Sequence[str] = (), flags: Sequence[str] = ()) -> Mention:
        """A mention of ``original[start:end]``, with its span in the source.

        It is a ``MentionRow``, the compact form a linked ``Document`` keeps (a tuple, read by
        the same names as a ``Mention``; the steps' signatures say ``Mention``); its surface
        and evidence are the objects of the article's earlier mentions that repeat them.
        """
        source_start = source_end = None
        if self.offsets is not None:
            source_start, source_end = self.offsets.span_to_source(start, end)
            if source_start == start and source_end == end:  # plain text: the same int objects
                source_start, source_end = start, end
        shared = self.shared
        surface = self.original[start:end]
        surface = shared.setdefault(surface, surface)
        evidence = shared.setdefault(evidence := tuple(evidence), evidence)
        flags = shared.setdefault(flags := tuple(flags), flags)
        row = MentionRow._make((start, end, surface, secid, code, market, exchange, kind, name, method,
                                float(confidence), evidence, flags, source_start, source_end))
        return cast(Mention, row)

    @functools.cached_property
    def listing(self) -> str | None:
        """The market the whole article is about, if it says (counted on first use:
        only a name with listings in several markets needs it)."""
        return cues.article_listing(self.text, self.listing_counts)

    @functools.cached_property
    def listing_counts(self) -> dict[str, int]:
        """How many cue words of each listing the article holds (``cues.listing_counts``)."""
        return cues.listing_counts(self.text)

    @functools.cached_property
    def listings_named(self) -> tuple[str, ...]:
        """The listings the article has any cue word of: a name's own listing cue can only be
        one of these (``cues.listings_named``)."""
        return cues.listings_named(self.listing_counts)

    @functools.cached_property
    def speaks_of_boards(self) -> bool:
        """Whether the article holds any word a board cue needs (``boards.speaks_of_boards``),
        asked once: most short items hold none, and then a bare sector word needs support."""
        return boards.speaks_of_boards(self.text)

    def whole_word(self, c: Candidate) -> bool:
        """Whether segmentation agrees the name is a word here (长城汽车站 says no).
        The costly check: the resolver asks it last."""
        return self.word_at(c.start, c.end, c.aliases)

    def word_at(self, start: int, end: int, aliases: Sequence[Alias]) -> bool:
        """``whole_word`` of the name ``text[start:end]`` with these ``aliases``. A quote board's
        one-day-mark form (XD中信证) ends inside a cut name, so segmentation cannot judge its end."""
        cuts = self.cuts
        return start in cuts and (end in cuts or suffixed_name(self.text, start, end, cuts, self.hits)
                                  or aliases[0].source == DAY_MARK_SOURCE)

    def add_evidence(self, secid: str, start: int, why: str) -> None:
        """Record that the article names ``secid`` at ``start`` (the first reason stays).

        Only the first two places are kept: ``evidence_for`` answers from the first place that
        is not the one asked about, so a third is never read (a long article names one security
        at a hundred thousand places)."""
        places = self.evidence.setdefault(secid, {})
        if len(places) < 2:
            places.setdefault(start, why)

    def evidence_for(self, secid: str, start: int) -> str | None:
        """Why ``secid`` is known from elsewhere in the article than ``start``."""
        places = self.evidence.get(secid)
        if places is None:  # the usual case: nothing else names it
            return None
        for pos, why in places.items():
            if pos != start:
                return why
        return None


def collect_evidence(ctx: ArticleContext, tags: Iterable[Mention], codes: Iterable[CodeHit],
                     candidates: Iterable[Candidate]) -> None:
    """What the article names for sure, in this order (the first reason per place stays):
    its tags, its codes, and its names that mean one security and are no common word, of
    a sure alias type (``aliases.py``), not weak, and whole words."""
    for m in tags:
        if m.secid:
            ctx.add_evidence(m.secid, m.start, "article:tag")
    for h in codes:
        ctx.add_evidence(h.secid, h.start, "article:code")
    memo = ctx.names.evidence
    if isinstance(candidates, CandidateTable):
        _names_evidence(ctx, candidates, memo)
        return
    for c in candidates:
        secid = _sure_secid(memo, c.name, c.aliases, c.current)
        if secid and ctx.word_at(c.start, c.end, c.aliases):
            ctx.add_evidence(secid, c.start, "article:unambiguous_name")


def _names_evidence(ctx: ArticleContext, table: CandidateTable, memo: dict[str, str]) -> None:
    """``collect_evidence`` of the names of a ``CandidateTable``, read as columns: no candidate
    is made, and each distinct name is judged once."""
    names = table.names
    secids: list[str | None] = [None] * len(names)  # by name index: what ``_sure_secid`` says
    for start, end, w in table.rows():
        secid = secids[w]
        if secid is None:
            aliases, current = table.aliases_of(w)
            secid = secids[w] = _sure_secid(memo, names[w], aliases, current)
        if secid and ctx.word_at(start, end, table.aliases_of(w)[0]):
            ctx.add_evidence(secid, start, "article:unambiguous_name")


def _sure_secid(memo: dict[str, str], name: str, aliases: tuple[Alias, ...], current: Sequence[Alias]) -> str:
    """The secid the name is evidence for where it is a whole word (``evidence_secid``, kept in
    ``memo``), when the aliases in force mean that one security; else ``""``."""
    secid = memo.get(name)
    if secid is None:
        secid = memo[name] = evidence_secid(aliases)
    if secid and (len(current) == 1 or len({a.secid for a in current}) == 1):
        return secid
    return ""


def evidence_secid(aliases: Sequence[Alias]) -> str:
    """The secid a name with these aliases is evidence for wherever it means one security in
    force and is a whole word (``collect_evidence``): its first alias's, when no alias is a
    common word and that one is of a sure type and not weak; else ``""``. The same for
    every article, so the Linker remembers it per name (``NameMemo``).

    >>> from entitylink.knowledge.dictionary import Dictionary
    >>> d = Dictionary.default()
    >>> evidence_secid(d.lookup("光明乳业")), evidence_secid(d.lookup("美的"))
    ('1.600597', '')
    """
    if not aliases or any(a.common_word for a in aliases):
        return ""
    a = aliases[0]
    return a.secid if ALIAS_TYPES.get(a.alias_type, UNKNOWN).sure and not is_weak(a) else ""


def is_weak(alias: Alias) -> bool:
    """A name of two characters or fewer, of a type derived too loosely to trust that short
    (``AliasType.weak_if_short``): 瑞德 in 瑞德西韦, 比特 in 比特币."""
    return len(alias.text) <= 2 and ALIAS_TYPES.get(alias.alias_type, UNKNOWN).weak_if_short
