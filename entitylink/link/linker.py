"""The Linker: an ``Article`` in, a ``Document`` out, in named steps that follow the data.

A module of ``link/``, the room that turns an ``Article`` into a ``Document``: it may import
the top-level shared modules (``errors``, ``models``, ``markets``), ``read/`` and
``knowledge/``, and the other ``link/`` modules, never ``write/``, ``batch/``, ``tools/`` or
``cli/``.

    >>> linker = Linker.default()
    >>> [m.secid for m in linker.link_text("贵州茅台股价大涨").mentions]
    ['1.600519']

The steps of one article, each a module of ``link/``:

1. candidates (``candidates.py``): every dictionary name (one automaton pass) and every
   code written in the text (``600597.SH``, ``(00700.HK)``);
2. anchors (``anchors.py``): publisher tags (unless ``ignore_tags``) and codes become
   ``tag``/``code`` mentions;
3. evidence (``context.py``): what the article names for sure, tags, codes and
   unambiguous names, recorded in the per-article context;
4. resolve (``resolve.py``, ``vetoes.py``): each name to one security, or none: dated names, evidence,
   listing cues, vetoes, cues for common words and boards, segmentation, confidence;
5. choose spans (``spans.py``): tags win, then codes, then names longest first; no overlaps;
6. propagate (``propagate.py``): abbreviations before codes, later short forms of the
   securities already named;
7. organisations (``organizations.py``, only with ``unlinked``);
8. entities (``entities.py``): mentions per security, title presence, salience.

Many articles: ``link_many`` (or ``scan_many`` then ``link(article, scanned=...)``) does step 1's
name search for a group of articles in one automaton pass (``scanned.py``), then the rest per
article: the same Documents, with the automaton kept in the CPU cache.
"""

from __future__ import annotations

import datetime as _dt
import functools
import operator
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from entitylink.errors import BudgetExceeded
from entitylink.knowledge.cache import USER_CACHE, CacheLocation
from entitylink.knowledge.dictionary import Dictionary
from entitylink.knowledge.normalize import fold_text
from entitylink.link.anchors import code_mention, company_ends, tag_mention
from entitylink.link.candidates import bracket_start
from entitylink.link.context import ArticleContext, NameMemo, Positions, collect_evidence
from entitylink.link.entities import build_entities, title_secids
from entitylink.link.hit_table import Found, find_found
from entitylink.link.matcher import NameMatcher
from entitylink.link.options import LinkOptions, link_options
from entitylink.link.organizations import find_organizations, load_word_tags
from entitylink.link.propagate import abbreviations, propagate
from entitylink.link.resolve import resolve
from entitylink.link.scanned import Scanned, article_chars, scan_articles, scan_groups
from entitylink.link.score import Memo
from entitylink.link.segment import Segmenter, WordBoundaries
from entitylink.link.spans import choose_names, prefer_tags
from entitylink.mention_table import MentionTable
from entitylink.models import Document, Mention, mention_row, mention_table
from entitylink.read.article import Article, read_article
from entitylink.read.offsets import OffsetMap

_START = operator.attrgetter("start")


class Linker:
    """Links the securities in articles, with its own dictionary and jieba tokenizer.

    Immutable and thread-safe once built; picklable (it ships its dictionary,
    and the receiving process rebuilds the automaton and tokenizer). ``cache_dir``
    is where files that make the next start fast are kept: ``USER_CACHE`` (the
    default, ``knowledge.cache``: ``$ENTITYLINK_CACHE_DIR`` or ``~/.cache/entitylink``),
    a path, or ``None`` to write nothing.

        >>> linker = Linker()   # the bundled dictionary
        >>> doc = linker.link_text("光明乳业(600597)发布公告")
    """

    def __init__(self, dictionary: Dictionary | None = None, *, cache_dir: CacheLocation = USER_CACHE) -> None:
        self.dictionary = dictionary if dictionary is not None else Dictionary.default(cache_dir=cache_dir)
        self._cache_dir = cache_dir
        names = tuple(self.dictionary.alias_texts())
        self._matcher = NameMatcher(names, self.dictionary.case_folds(), cache_dir=cache_dir)
        self._segmenter = Segmenter(names, cache_dir=cache_dir)
        self._scores = Memo()  # confidences of the evidence sets seen so far

    def _word_tags(self) -> dict[str, str]:
        # jieba's part-of-speech table, loaded on the first use of --unlinked
        # only; two threads racing here both load the same table, harmlessly.
        tags = self.__dict__.get("_tags")
        if tags is None:
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

    def link(self, article: Article, options: LinkOptions | None = None, *,
             ignore_tags: bool | None = None, unlinked: bool | None = None,
             min_confidence: float | None = None, scanned: Scanned | None = None) -> Document:
        """Link one parsed article.

        Args:
            article: from ``read_article``/``read_file``.
            options: how to link (``LinkOptions``); the keywords below override it.
            ignore_tags: treat the publisher's span tags as plain text.
            unlinked: also return unlisted organisations (``kind="organization"``).
            min_confidence: drop mentions less confident than this (0 to 1; ``UsageError`` outside).
            scanned: this article's ``Scanned`` from ``scan_many`` (its names found already);
                the Document is the same (``UsageError`` if it is another article's).
        """
        options = link_options(options, ignore_tags=ignore_tags, unlinked=unlinked, min_confidence=min_confidence)
        if scanned is None:
            folded, names, title_names = fold_text(article.text), None, None
        else:
            scanned.check(article)
            folded, names, title_names = scanned.folded, scanned.hits, scanned.title_hits
        mentions = self._mentions(article, folded, () if options.ignore_tags else article.tagged,
                                  options.max_mentions, names)
        if options.unlinked:
            mentions = self._with_organizations(article, folded, mentions)
        if options.min_confidence > 0:  # after every decision: the choice of mentions is the same
            mentions = [m for m in mentions if m.confidence >= options.min_confidence]
        return self._document(article, mentions, title_names)

    def scan_many(self, articles: Sequence[Article]) -> list[Scanned]:
        """The first step of linking, the dictionary names in each article's text and title, done
        for many articles in one pass of the name automaton while it is in the CPU cache; each
        result goes to ``link(article, scanned=...)``. Every article's names are held until it is
        linked: scan a group at a time (``scanned.scan_groups``, as ``link_many`` does).

            >>> articles = [read_article("贵州茅台大涨"), read_article("光明乳业")]
            >>> [Linker.default().link(a, scanned=s).mentions[0].name
            ...  for a, s in zip(articles, Linker.default().scan_many(articles))]
            ['贵州茅台', '光明乳业']
        """
        return scan_articles(self._matcher, articles)

    def link_many(self, articles: Iterable[Article], options: LinkOptions | None = None) -> list[Document]:
        """``[self.link(a, options) for a in articles]``, the same Documents, faster: the names of a
        group of articles (``scanned.SCAN_CHARS`` characters of text in all) found in one pass.

            >>> docs = Linker.default().link_many([read_article("贵州茅台大涨"), read_article("光明乳业")])
            >>> [d.mentions[0].name for d in docs]
            ['贵州茅台', '光明乳业']
        """
        docs = []
        for group in scan_groups(articles, article_chars):
            docs += [self.link(a, options, scanned=s) for a, s in zip(group, self.scan_many(group))]
        return docs

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

    def extract(self, source: str | bytes | os.PathLike, options: LinkOptions | None = None, *,
                ignore_tags: bool | None = None, unlinked: bool | None = None) -> Document:
        """Read and link one article: a path, or the article's own text or bytes.

        >>> Linker.default().extract("<p>买入光明乳业</p>").mentions[0].name
        '光明乳业'
        """
        from entitylink.read.failures import InputFailure
        from entitylink.read.sources import read_file

        if isinstance(source, os.PathLike):
            articles = list(read_file(Path(source)))
            if len(articles) != 1:
                from entitylink.errors import UsageError

                raise UsageError(f"holds {len(articles)} articles; use read_file() and link() each",
                                 source=str(source))
            article = articles[0]
            if isinstance(article, InputFailure):
                raise article.exception()
        else:
            article = read_article(source)
        return self.link(article, options, ignore_tags=ignore_tags, unlinked=unlinked)

    def warm(self) -> None:
        """Do now the one-time work that the first linked article would pay for (the name
        scan's tables, the segmenter's first windows, the memos): a worker calls it before
        its first unit, so that a per-article deadline measures the article alone."""
        self.link_text("光明乳业(600597)涨停")

    # -- the steps -----------------------------------------------------------

    def _mentions(self, article: Article, folded: str, tags: Sequence, max_mentions: int | None = None,
                  names: list[tuple[int, int, str]] | None = None) -> Sequence[Mention]:
        """The linked mentions of one article, in text order, as a ``MentionTable``: steps 1 to 6.

        With ``max_mentions``, the counts are checked as they grow (name hits, mentions
        before and after propagation): ``BudgetExceeded`` as soon as one is over. ``names``:
        the name hits of ``folded`` when found already (``scan_many``).
        """
        date = article.date.date() if article.date else None
        # 1. candidates, as columns
        found = find_found(self._matcher, self.dictionary, folded, date, max_mentions, names=names)
        if not found.hits and not found.codes and not tags:
            return mention_table()  # every later step starts from one of these
        ctx = self._context(article, folded, date, found)
        tag_mentions = self._tag_mentions(tags, ctx, found)  # 2. anchors: tags, then codes
        occupied, codes = prefer_tags(tag_mentions, found.codes)
        # the mentions as a MentionTable (a few bytes each), in the order of the steps, then sorted
        mentions = mention_table(map(mention_row, tag_mentions))
        mentions.extend(mention_row(code_mention(self.dictionary, h, ctx)) for h in codes)
        collect_evidence(ctx, tag_mentions, found.codes, found.names)  # 3. evidence
        adjacent = {bracket_start(folded, h): h for h in found.codes}
        choose_names(  # 4. resolve each free name, 5. choose among overlapping ones
            found.names, occupied, lambda c: resolve(c, ctx, adjacent.get(c.end), self.dictionary), into=mentions)
        code_hits = found.codes
        del found  # the candidates are not needed again (the context keeps the hits)
        _within(max_mentions, len(mentions))
        if code_hits:  # 6. propagate: abbreviations before codes, later short forms
            mentions.extend(map(mention_row, abbreviations(ctx, self.dictionary, code_hits, occupied)))
        mentions.sort_by_start()
        propagated = propagate(ctx, self.dictionary, self._segmenter, mentions, occupied)
        if propagated:
            mentions.extend(map(mention_row, propagated))
            _within(max_mentions, len(mentions))
            mentions.sort_by_start()
        return mentions

    def _context(self, article: Article, folded: str, date: _dt.date | None, found: Found) -> ArticleContext:
        """The per-article context the decisions rest on (its evidence is filled in next)."""
        return ArticleContext(
            text=folded, original=article.text, date=date,
            item_starts=Positions(len(folded), found.names.starts()),
            item_ends=Positions(len(folded), found.names.ends()),
            cuts=WordBoundaries(self._segmenter, folded), hits=found.hits, offsets=article.offsets,
            scores=self._scores, names=self._name_memo(),
        )

    def _name_memo(self) -> NameMemo:
        # what the decisions learn of each name and security, kept for every article; made on
        # first use (two threads racing here each make one, harmlessly)
        memo = self.__dict__.get("_names")
        if memo is None:
            memo = self.__dict__["_names"] = NameMemo()
        return memo

    def _tag_mentions(self, tags: Sequence, ctx: ArticleContext, found: Found) -> list[Mention]:
        """The publisher's tags as mentions (a board tag after a company's name is flagged)."""
        ends = company_ends(self.dictionary, found.hits) if tags else set()
        return [tag_mention(self.dictionary, t, ctx, ctx.cuts, ends) for t in tags]

    def _with_organizations(self, article: Article, folded: str, mentions: Sequence[Mention]) -> list[Mention]:
        """The mentions plus unlisted organisations that overlap none of them (step 7)."""
        mentions = find_organizations(self._segmenter, self._word_tags(), folded, article.text, mentions)
        return [self._with_source(m, article) for m in mentions]

    def _document(self, article: Article, mentions: Sequence[Mention],
                  title_names: list[tuple[int, int, str]] | None = None) -> Document:
        """The article, its mentions and their entities (step 8), as rows: the models are made
        when ``Document.mentions`` is first read, and the writers never make them."""
        rows = mentions if isinstance(mentions, MentionTable) else mention_table(map(mention_row, mentions))
        body_secids = {m.secid for m in rows if m.secid}
        in_title = title_secids(self._matcher, self.dictionary, self._segmenter, article.title, body_secids,
                                title_names)
        return Document.from_rows(
            rows, build_entities(rows, len(article.text), in_title),
            article_id=article.article_id,
            path=article.path,
            title=article.title,
            date=article.date,
            url=article.url,
            categories=article.categories,
            tags=article.labels,
            text=article.text,
            warnings=article.warnings,
        )

    @staticmethod
    def _with_source(m: Mention, article: Article) -> Mention:
        if article.offsets is None or m.source_start is not None:
            return m
        s, e = article.offsets.span_to_source(m.start, m.end)
        return m.model_copy(update={"source_start": s, "source_end": e})


def _within(max_mentions: int | None, count: int) -> None:
    if max_mentions is not None and count > max_mentions:
        raise BudgetExceeded(f"more than {max_mentions:,} mentions (raise --max-mentions)")


def _rebuild(dictionary: Dictionary, cache_dir: CacheLocation) -> Linker:
    return Linker(dictionary, cache_dir=cache_dir)
