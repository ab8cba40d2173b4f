"""The Linker: parsed article -> candidate mentions -> linked mentions -> Document.

    >>> linker = Linker.default()
    >>> [m.secid for m in linker.link_text("贵州茅台股价大涨").mentions]
    ['1.600519']

Order of work for one article (each step a function of ``rules.py`` or a
module of its own):

1. publisher tags become ``method="tag"`` mentions (unless ``ignore_tags``);
2. codes written in text (``600597.SH``, ``(00700.HK)``) become ``code`` mentions;
3. the name automaton finds every dictionary name; segmentation keeps only
   those that are whole words in context;
4. each name is resolved to one security: article evidence (tags, codes,
   unambiguous names), listing cues (港股, 美股), dated former names, and
   common words only with evidence;
5. tags win, then longest, then most confident; no overlaps;
6. short forms of securities already named propagate to later mentions;
7. entities aggregate the mentions, with title presence and salience.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import itertools
import operator
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from entitylink.link import rules
from entitylink.read.article import Article, read_article
from entitylink.link.codes import CodeHit, find_codes
from entitylink.knowledge.dictionary import Alias, Dictionary
from entitylink.link.entities import build_entities, exchange_of
from entitylink.markets import parse_secid
from entitylink.link.matcher import NameMatcher
from entitylink.models import Document, Mention, Method
from entitylink.knowledge.normalize import fold_text
from entitylink.read.offsets import OffsetMap
from entitylink.link.segment import Segmenter, WordBoundaries

_ALIAS_CONFIDENCE = {
    "name": 0.95, "full_name": 0.95, "extended_name": 0.93, "raw_name": 0.93,
    "status_stripped": 0.9, "full_name_short": 0.85, "hk_base": 0.92, "english": 0.88,
    "ticker": 0.8, "short_form": 0.85, "board_base": 0.85, "former": 0.8, "old_code": 0.8,
}
_SURE_ALIASES = frozenset({"name", "full_name", "extended_name", "status_stripped", "full_name_short", "english", "hk_base"})
# Derived aliases of two characters are too often ordinary words (瑞德 in 瑞德西韦,
# 比特 in 比特币) to link without evidence.
_WEAK_SHORT_TYPES = frozenset({"status_stripped", "former", "full_name_short", "english", "raw_name"})
# A jieba frequency from which a word is an ordinary word (the dictionary build uses it too).
_COMMON_FREQUENCY = 200
# The exchanges a listing cue (港股, 美股, A股) points to.
_LISTING_EXCHANGES = {"HK": ("HK",), "US": ("US",), "A": ("SH", "SZ", "BJ")}


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    name: str
    aliases: tuple[Alias, ...]


@dataclass
class _Context:
    """What one article says that linking decisions rest on."""

    text: str  # folded: what matching and rules look at
    original: str  # what surfaces are cut from
    date: _dt.date | None
    evidence: dict[str, dict[int, str]] = field(default_factory=dict)  # secid -> {offset: why}
    item_starts: set[int] = field(default_factory=set)  # where candidate names start
    item_ends: set[int] = field(default_factory=set)  # and end
    whole_word: Callable[[_Candidate], bool] = lambda c: True  # segmentation agrees it is a word
    offsets: OffsetMap | None = None  # text -> source, for each mention's source span

    def mention(self, start: int, end: int, **fields) -> Mention:
        """A mention of ``original[start:end]``, with its span in the source."""
        if self.offsets is not None:
            fields["source_start"], fields["source_end"] = self.offsets.span_to_source(start, end)
        return Mention(start=start, end=end, surface=self.original[start:end], **fields)

    @functools.cached_property
    def listing(self) -> str | None:
        """The market the whole article is about, if it says (counted on first use:
        only a name with listings in several markets needs it)."""
        return rules.article_listing(self.text)

    def add_evidence(self, secid: str, start: int, why: str) -> None:
        self.evidence.setdefault(secid, {}).setdefault(start, why)

    def evidence_for(self, secid: str, start: int) -> str | None:
        """Why ``secid`` is known from elsewhere in the article than ``start``."""
        for pos, why in self.evidence.get(secid, {}).items():
            if pos != start:
                return why
        return None


class Linker:
    """Links the securities in articles, with its own dictionary and jieba tokenizer.

    Immutable and thread-safe once built; picklable (it ships its dictionary,
    and the receiving process rebuilds the automaton and tokenizer).

        >>> linker = Linker()   # the bundled dictionary
        >>> doc = linker.link_text("光明乳业(600597)发布公告")
    """

    def __init__(self, dictionary: Dictionary | None = None, *, cache_dir: str | Path | None = "default") -> None:
        self.dictionary = dictionary if dictionary is not None else Dictionary.default(cache_dir=cache_dir)
        self._cache_dir = cache_dir
        names = list(self.dictionary.alias_texts())
        self._matcher = NameMatcher(names)
        self._segmenter = Segmenter(names, cache_dir=cache_dir)

    def _word_tags(self) -> dict[str, str]:
        # jieba's part-of-speech table, loaded on the first use of --unlinked
        # only; two threads racing here both load the same table, harmlessly.
        tags = self.__dict__.get("_tags")
        if tags is None:
            from entitylink.link.organizations import load_word_tags

            tags = self.__dict__["_tags"] = load_word_tags()
        return tags

    def __reduce__(self):
        # The automaton and the jieba tokenizer are not picklable: ship the
        # dictionary and the cache location, and rebuild on the other side.
        return (_rebuild, (self.dictionary, self._cache_dir))

    @classmethod
    @functools.cache
    def default(cls) -> Linker:
        """The linker of the bundled dictionary, built once per process."""
        return cls()

    # -- entry points -----------------------------------------------------

    def link(self, article: Article, *, ignore_tags: bool = False, unlinked: bool = False) -> Document:
        """Link one parsed article.

        Args:
            article: from ``read_article``/``read_file``.
            ignore_tags: treat the publisher's span tags as plain text.
            unlinked: also return unlisted organisations (``kind="organization"``).
        """
        date = article.date.date() if article.date else None
        text = article.text
        folded = fold_text(text)
        tags = () if ignore_tags else article.tagged
        mentions = self._mentions(folded, text, date, tags, article.offsets)
        if unlinked:
            from entitylink.link.organizations import find_organizations

            mentions = find_organizations(self._segmenter, self._word_tags(), folded, text, mentions)
            mentions = [self._with_source(m, article) for m in mentions]
        title_secids = self._title_secids(article.title, {m.secid for m in mentions if m.secid})
        entities = build_entities(mentions, len(text), title_secids)
        return Document(
            article_id=article.article_id,
            path=article.path,
            title=article.title,
            date=article.date,
            url=article.url,
            categories=article.categories,
            tags=article.labels,
            text=text,
            mentions=tuple(mentions),
            entities=tuple(entities),
            warnings=article.warnings,
        )

    def link_text(self, text: str, *, title: str | None = None, date: _dt.datetime | None = None,
                  article_id: str = "text") -> Document:
        """Link plain text as given: no markup is read and offsets are offsets into ``text``.

        >>> Linker.default().link_text("").mentions
        ()
        """
        article = Article(
            article_id=article_id, path=None, title=title, date=date, url=None, categories=(),
            labels=(), text=text, tagged=(), offsets=OffsetMap.identity(len(text)),
        )
        return self.link(article)

    def extract(self, source: str | bytes | os.PathLike, *, ignore_tags: bool = False,
                unlinked: bool = False) -> Document:
        """Read and link one article: a path, or the article's own text or bytes.

        >>> Linker.default().extract("<p>买入光明乳业</p>").mentions[0].name
        '光明乳业'
        """
        from entitylink.read.article import read_file

        if isinstance(source, os.PathLike):
            articles = list(read_file(Path(source)))
            if len(articles) != 1:
                from entitylink.errors import UsageError

                raise UsageError(f"holds {len(articles)} articles; use read_file() and link() each",
                                 source=str(source))
            article = articles[0]
            if isinstance(article, Exception):
                raise article
        else:
            article = read_article(source)
        return self.link(article, ignore_tags=ignore_tags, unlinked=unlinked)

    # -- the pipeline ------------------------------------------------------

    def _mentions(self, folded: str, text: str, date: _dt.date | None, tags: Sequence,
                  offsets: OffsetMap | None) -> list[Mention]:
        raw = self._matcher.find(folded)
        code_hits = find_codes(folded, self.dictionary.__contains__)
        if not raw and not code_hits and not tags:
            return []  # every later step starts from one of these
        if code_hits:
            code_hits = self._codes_named_before(folded, code_hits)
        ctx = _Context(text=folded, original=text, date=date, offsets=offsets)
        cuts = WordBoundaries(self._segmenter, folded)
        lookup = self.dictionary.lookup
        names = raw
        if any(n.endswith(_BOARD_WORDS) for _, _, n in raw):
            # 酿酒板块 is 酿酒 named as a board: keep the name, the word 板块 is its cue
            starts = {(s, n) for s, _, n in raw}
            names = [(s, e, n) for s, e, n in raw if not (n.endswith(_BOARD_WORDS) and (s, n[:-2]) in starts)]
        cands = [_Candidate(s, e, n, lookup(n)) for s, e, n in names]
        ctx.item_starts = {c.start for c in cands}
        ctx.item_ends = {c.end for c in cands}
        # Segmentation is the costly check, so it runs last and only when asked.
        ctx.whole_word = lambda c: c.start in cuts and (c.end in cuts or rules.suffixed_name(folded, c.start, c.end, cuts, raw))

        company_ends = (
            {e for s_, e, n in raw if any(self._is_stock(a.secid) for a in self.dictionary.lookup(n))} if tags else set()
        )
        tag_mentions = [self._tag_mention(t, ctx, cuts, company_ends) for t in tags]
        for m in tag_mentions:
            if m.secid:
                ctx.add_evidence(m.secid, m.start, "article:tag")
        for h in code_hits:
            ctx.add_evidence(h.secid, h.start, "article:code")
        for c in cands:
            secids = {a.secid for a in c.aliases if rules.alias_in_force(a, date)}
            if len(secids) == 1 and not any(a.common_word for a in c.aliases):
                a = c.aliases[0]
                if a.alias_type in _SURE_ALIASES and not _weak(a) and ctx.whole_word(c):
                    ctx.add_evidence(a.secid, c.start, "article:unambiguous_name")

        occupied = rules.Occupied((m.start, m.end) for m in tag_mentions)
        code_mentions = [self._code_mention(h, ctx) for h in code_hits if not occupied.overlaps(h.start, h.end)]
        for m in code_mentions:
            occupied.add(m.start, m.end)
        adjacent = {self._bracket_start(folded, h): h for h in code_hits}

        # Longest names first, one length at a time: a name inside a longer one that
        # was accepted (比亚迪 in 比亚迪电子) is never resolved or segmented, and names
        # of one length that overlap each other are chosen among by longest_first.
        linked: list[Mention] = []
        for _, group in itertools.groupby(sorted(cands, key=lambda c: (c.start - c.end, c.start)),
                                          key=lambda c: c.end - c.start):
            found = []
            for c in group:
                if not occupied.overlaps(c.start, c.end):
                    resolved = self._resolve(c, ctx, adjacent.get(c.end))
                    if resolved is not None:
                        found.append(resolved)
            for m in rules.longest_first(found):
                occupied.add(m.start, m.end)
                linked.append(m)
        mentions = tag_mentions + code_mentions + linked
        if code_hits:
            mentions += self._abbreviations(ctx, code_hits, occupied, cuts)
        mentions.sort(key=_START)
        propagated = self._propagate(ctx, mentions, occupied, cuts)
        if propagated:
            mentions += propagated
            mentions.sort(key=_START)
        return mentions

    def _codes_named_before(self, text: str, hits: list[CodeHit]) -> list[CodeHit]:
        """A bracketed code means what the name before it means when their codes agree:
        上证指数(000001) is the index 1.000001, not the Shenzhen stock 0.000001."""
        out = []
        for h in hits:
            end = self._bracket_start(text, h)
            code = h.secid.split(".", 1)[1]
            if end > 0 and not h.explicit:
                for s, _, name in self._matcher.find(text[max(0, end - 16):end]):
                    if s + len(name) != min(end, 16):
                        continue
                    same = [a.secid for a in self.dictionary.lookup(name) if a.secid.split(".", 1)[1] == code]
                    if same and h.secid not in same:
                        h = dataclasses.replace(h, secid=same[0])
            out.append(h)
        return out

    def _is_stock(self, secid: str) -> bool:
        sec = self.dictionary.security(secid)
        return sec is not None and sec.kind == "stock"

    def _tag_mention(self, tag, ctx: _Context, cuts: WordBoundaries, company_ends: set[int]) -> Mention:
        sec = self.dictionary.security(tag.secid) if tag.secid else None
        flags = tuple(tag.flags)
        kind = sec.kind if sec else (tag.kind or "stock")
        # Kept as published, but flagged when the tag covers part of a word
        # (<上海复旦>大学), or a board word glued to a company name (华谊<新材料>).
        if not (tag.start in cuts and tag.end in cuts) or (kind == "board" and tag.start in company_ends):
            flags += ("partial_word",)
        if tag.secid and sec is None:
            flags += ("unknown_security",)
        evidence = ("tag:" + tag.raw,) if getattr(tag, "raw", None) else ("tag",)
        return ctx.mention(
            tag.start, tag.end, secid=tag.secid, code=tag.code, market=tag.market,
            exchange=exchange_of(sec, tag.secid) or getattr(tag, "exchange", None),
            kind=kind, name=sec.name if sec else None, method="tag", confidence=1.0,
            evidence=evidence, flags=flags,
        )

    def _code_mention(self, hit: CodeHit, ctx: _Context) -> Mention:
        sec = self.dictionary.security(hit.secid)
        evidence = ("code:explicit" if hit.explicit else "code:bracketed",)
        if sec is None:  # a code of a known shape the dictionary lacks: linked, and flagged
            parts = parse_secid(hit.secid)
            return ctx.mention(
                hit.start, hit.end, secid=hit.secid, code=parts.code, market=parts.market, exchange=parts.exchange, kind=parts.kind,  # type: ignore[arg-type]
                method="code", confidence=0.7, evidence=evidence, flags=("unknown_security",),
            )
        return ctx.mention(
            hit.start, hit.end, secid=hit.secid, code=sec.code, market=sec.market, exchange=sec.exchange, kind=sec.kind, name=sec.name,
            method="code", confidence=0.98, evidence=evidence,
        )

    @staticmethod
    def _bracket_start(text: str, hit: CodeHit) -> int:
        """Where the name before a bracketed code ends: the opening bracket's offset,
        also past a label (长城汽车（代码：601633）, 苹果(NASDAQ:AAPL)), or -1."""
        i = hit.start - 1
        while i >= max(0, hit.start - 14):
            ch = text[i]
            if ch in "([【":
                return i
            if ch in ")]】，,。；;!?！？\n":
                return -1
            i -= 1
        return -1

    def _resolve(self, c: _Candidate, ctx: _Context, code: CodeHit | None) -> Mention | None:
        text = ctx.text
        aliases = [a for a in c.aliases if rules.alias_in_force(a, ctx.date)]
        evidence: list[str] = []
        if not aliases:
            # A name used before a rename still means its security when no
            # security bears that name now (慧球科技 for 天下秀).
            aliases = [a for a in c.aliases if a.alias_type == "former"]
            if not aliases or len({a.secid for a in aliases}) > 1:
                return None
            evidence.append("former_name")
        secids = {a.secid for a in aliases}
        # which market the text points to only matters when the name has several
        local = listing = None
        if len(secids) > 1:
            local = rules.listing_cue(text, c.start, c.end)
            listing = local or ctx.listing
        known = {s: w for s in secids if (w := ctx.evidence_for(s, c.start))}
        if code is not None and code.secid in secids:
            chosen = [a for a in aliases if a.secid == code.secid]
            evidence.append("adjacent_code")
        elif local and any(self._exchange(a.secid) in _LISTING_EXCHANGES[local] for a in aliases):
            # the words right here (港股, H股, 美股) name the listing: they outweigh
            # an earlier mention of the company's other listing (比亚迪 … 比亚迪股份港股)
            chosen = aliases
        elif known:
            chosen = [a for a in aliases if a.secid in known]
            if len(secids) > 1:
                evidence.append("disambiguated:" + known[chosen[0].secid])
        else:
            chosen = aliases
        best = chosen[0] if len(chosen) == 1 else min(chosen, key=lambda a: self._rank(a, listing))
        sec = self.dictionary.security(best.secid)
        if sec is None:
            return None
        if len(secids) > 1:
            evidence.append(f"ambiguous:{len(secids)}")
            if listing:
                evidence.append(("listing:" if local else "article_listing:") + listing)
        support = "adjacent_code" if code is not None and code.secid == best.secid else known.get(best.secid)
        if sec.kind == "stock" and support is None:
            if rules.theme_cue(text, c.start, c.end):
                return None  # 苹果概念股, 特斯拉、光伏等概念股: a theme, not the stock
            if rules.inside_org_name(text, c.end):
                return None  # 杭州阿里创业投资有限公司: another organisation
            if rules.product_after(text, c.end) and not c.name.isascii():
                return None  # 小鹏P5, 东方财富Choice: a product
            if rules.commodity_after(text, c.end):
                return None  # 苹果期货主力合约: the commodity, not the stock
        weak = best.common_word or _weak(best)
        if sec.kind == "stock" and support is None and rules.venue_use(text, c.start, c.end):
            return None  # 在港交所公告: the exchange as a venue, not its stock
        if sec.kind == "board":
            if rules.foreign_market_before(text, c.start):
                return None  # 港股半导体板块: another market's sector, not an Eastmoney board
            cue = rules.board_cue(text, c.start, c.end)
            if cue:
                evidence.append("cue:" + cue)
            elif support:
                evidence.append(support)
            else:
                return None
        elif weak:
            why = support
            if why is None:
                if sec.kind == "index":
                    cue = rules.index_cue(text, c.start, c.end)
                else:
                    cue = rules.stock_cue(text, c.start, c.end) or rules.list_stock_cue(text, c.start, c.end)
                why = "cue:" + cue if cue else None
                if why is None and sec.kind == "stock" and rules.listed_with_names(
                    text, c.start, c.end, ctx.item_starts, ctx.item_ends
                ):
                    why = "enumeration_of_names"
            if why is None:
                return None
            evidence.append("common_word" if best.common_word else "short_alias")
            evidence.append(why)
        if not ctx.whole_word(c):
            return None  # 长城汽车站, 中国平安银行业务: a real word crosses the name
        confidence = _ALIAS_CONFIDENCE.get(best.alias_type, 0.8)
        if len(secids) > 1 and not (support or local):
            confidence -= 0.15 if not listing else 0.05
        if weak:
            confidence -= 0.1
        if "former_name" in evidence:
            confidence -= 0.1
        method: Method = "dictionary" if best.alias_type == "name" else "alias"
        return ctx.mention(
            c.start, c.end, secid=sec.secid, code=sec.code,
            market=sec.market, exchange=sec.exchange, kind=sec.kind, name=sec.name,
            method=method, confidence=round(max(0.05, confidence), 3),
            evidence=(f"alias:{best.alias_type}", "segmentation", *evidence),
        )

    def _exchange(self, secid: str) -> str:
        sec = self.dictionary.security(secid)
        return sec.exchange if sec else ""

    def _rank(self, alias: Alias, listing: str | None) -> tuple:
        sec = self.dictionary.security(alias.secid)
        return rules.rank_alias(alias, sec.kind if sec else "", listing, sec.exchange if sec else "")

    def _abbreviations(self, ctx: _Context, code_hits: Sequence[CodeHit],
                       occupied: rules.Occupied, cuts: WordBoundaries) -> list[Mention]:
        """Names written just before a bracketed code that abbreviate its security (银娱(0027.HK))."""
        folded = ctx.text
        out = []
        for h in code_hits:
            end = self._bracket_start(folded, h)
            sec = self.dictionary.security(h.secid)
            if end <= 0 or sec is None or occupied.overlaps(end - 1, end):
                continue
            names = {sec.name} | {a.text for a in self.dictionary.aliases_of(sec.secid)}
            lo = rules.clause_bounds(folded, end - 1, end)[0]
            for start in range(max(lo, end - 10), end - 1):
                piece = folded[start:end]
                if start in cuts and any(rules.abbreviates(piece, n) for n in names):
                    m = ctx.mention(
                        start, end, secid=sec.secid, code=sec.code,
                        market=sec.market, exchange=sec.exchange, kind=sec.kind, name=sec.name,
                        method="alias", confidence=0.85, evidence=("abbreviation", "adjacent_code"),
                    )
                    out.append(m)
                    occupied.add(start, end)
                    break
        return out

    def _propagate(self, ctx: _Context, mentions: Sequence[Mention], occupied: rules.Occupied,
                   cuts: WordBoundaries) -> list[Mention]:
        """Later short forms of securities this article already named (光明乳业 ... 光明)."""
        folded = ctx.text
        first: dict[str, Mention] = {}
        for m in mentions:
            if m.secid and m.kind == "stock" and m.name and m.confidence >= 0.8:
                first.setdefault(m.secid, m)
        forms: dict[str, tuple[str, int]] = {}
        for secid, m in first.items():
            for form in rules.short_forms(m.name or ""):
                if form not in forms and not self.dictionary.lookup(form):
                    forms[form] = (secid, m.start)
        spans = []
        for form, (secid, first_start) in sorted(forms.items()):
            pos = folded.find(form, first_start)
            while pos != -1:
                if not occupied.overlaps(pos, pos + len(form)):
                    spans.append((pos, pos + len(form), form, secid))
                pos = folded.find(form, pos + 1)
        if not spans:
            return []
        out = []
        for s, e, form, secid in sorted(spans):
            if self._segmenter.frequency(form) >= _COMMON_FREQUENCY and not (
                rules.company_act_after(folded, e) or rules.stock_cue(folded, s, e)
            ):
                continue  # 光明的, 联想到, 伟大的时代: the ordinary word, not the company
            sec = self.dictionary.security(secid)
            if sec is not None and s in cuts and e in cuts and not occupied.overlaps(s, e):
                out.append(ctx.mention(
                    s, e, secid=secid, code=sec.code, market=sec.market,
                    exchange=sec.exchange, kind=sec.kind, name=sec.name, method="propagated",
                    confidence=0.8, evidence=("short_form_of:" + sec.name, "segmentation"),
                ))
                occupied.add(s, e)
        return out

    def _title_secids(self, title: str | None, body_secids: set[str]) -> set[str]:
        """Securities of the body that the title names too: the title's longest names
        that are whole words (平安 inside 平安银行 does not put 中国平安 in the title)."""
        if not title or not body_secids:
            return set()
        folded = fold_text(title)
        hits = self._matcher.find(folded)
        lookup = self.dictionary.lookup
        if not any(a.secid in body_secids for _, _, name in hits for a in lookup(name)):
            return set()  # no name of the title means a security of the body
        cuts = WordBoundaries(self._segmenter, folded)
        occupied = rules.Occupied()
        found: set[str] = set()
        for s, e, name in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
            if not occupied.overlaps(s, e) and s in cuts and e in cuts:
                occupied.add(s, e)
                found.update(a.secid for a in self.dictionary.lookup(name))
        return found & body_secids

    @staticmethod
    def _with_source(m: Mention, article: Article) -> Mention:
        if article.offsets is None or m.source_start is not None:
            return m
        s, e = article.offsets.span_to_source(m.start, m.end)
        return m.model_copy(update={"source_start": s, "source_end": e})


_BOARD_WORDS = ("板块",)
_START = operator.attrgetter("start")


def _weak(alias: Alias) -> bool:
    return len(alias.text) <= 2 and alias.alias_type in _WEAK_SHORT_TYPES


def _rebuild(dictionary: Dictionary, cache_dir: str | Path | None) -> Linker:
    return Linker(dictionary, cache_dir=cache_dir)
