"""The first step of linking done for many articles at once: their texts folded and the
dictionary names found in them in one automaton pass (``scan_articles``), held per article as
a ``Scanned`` until ``Linker.link(article, scanned=...)`` takes it.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``errors``, ``read/`` (``Article``), ``knowledge/`` (``fold_text``) and ``matcher.py``.

Why: the name automaton is some 15 MB; linked one by one, each article finds it pushed out of
the CPU cache by the previous article's linking, and its search costs three to four times what
the same search costs back to back (``NameMatcher.find_many``). What is found is exactly what
``Linker.link`` finds alone, so the Documents are the same.

What is held is bounded: a text (or title) longer than ``SCAN_CHARS`` is not scanned here but in
slices when linked, as before, and ``scan_groups`` cuts a stream of articles into groups of at
most ``SCAN_CHARS`` characters, so a group's hits are no more than one slice of a long article's.

    >>> from entitylink.link.matcher import NameMatcher
    >>> from entitylink.read.article import read_article
    >>> [s.hits for s in scan_articles(NameMatcher(["光明"]), [read_article("买光明"), read_article("无")])]
    [[(1, 3, '光明')], []]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from entitylink.errors import UsageError
from entitylink.knowledge.normalize import fold_text
from entitylink.link.hit_table import FIND_SLICE
from entitylink.link.matcher import NameMatcher
from entitylink.read.article import Article

__all__ = ["SCAN_CHARS", "Scanned", "article_chars", "link_scanned", "scan_articles", "scan_groups", "scans_or_none",
           "with_scans"]

# Texts longer than this are found in slices when linked (``hit_table.find_found``); a group of
# articles scanned at once holds at most this many characters (with one longer article alone).
SCAN_CHARS = FIND_SLICE

Hit = tuple[int, int, str]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Scanned:
    """One article's text folded and the names found in it and in its title (``NameMatcher.find``
    of the folded text; ``None``: longer than ``SCAN_CHARS``, found when linked)."""

    text: str  # the article's text and title, as scanned: linking checks they are the article's
    title: str | None
    folded: str
    hits: list[Hit] | None
    title_hits: list[Hit] | None

    def check(self, article: Article) -> None:
        """``UsageError`` unless this was scanned from ``article``'s text and title."""
        if (self.text is not article.text and self.text != article.text) or self.title != article.title:
            raise UsageError("scanned= holds another article's scan (scan_many's results go with their articles)",
                             source=article.article_id)


def article_chars(article: Article) -> int:
    """The characters of an article that a scan searches (text and title)."""
    return len(article.text) + len(article.title or "")


def scan_groups(items: Iterable[T], chars: Callable[[T], int], limit: int | None = None) -> Iterator[list[T]]:
    """``items`` in consecutive groups of at most ``limit`` characters (``chars`` of each; default
    ``SCAN_CHARS``), an item longer than ``limit`` in a group of its own; items are taken from
    ``items`` as needed.

    >>> list(scan_groups(["ab", "c", "defg", "h"], len, limit=3))
    [['ab', 'c'], ['defg'], ['h']]
    """
    limit = SCAN_CHARS if limit is None else limit
    group: list[T] = []
    held = 0
    for item in items:
        n = chars(item)
        if group and held + n > limit:
            yield group
            group, held = [], 0
        group.append(item)
        held += n
    if group:
        yield group


def scan_articles(matcher: NameMatcher, articles: Sequence[Article], limit: int | None = None) -> list[Scanned]:
    """A ``Scanned`` per article: the texts and titles of at most ``limit`` characters (default
    ``SCAN_CHARS``) searched in one pass (``find_many``), longer ones left to ``link``."""
    limit = SCAN_CHARS if limit is None else limit
    folded = [fold_text(a.text) for a in articles]
    titles = [fold_text(a.title) if a.title else None for a in articles]
    short = [t for t in folded + titles if t is not None and len(t) <= limit]
    found = iter(matcher.find_many(short))
    hits = [next(found) if len(t) <= limit else None for t in folded]
    title_hits = [next(found) if t is not None and len(t) <= limit else None for t in titles]
    return [Scanned(a.text, a.title, f, h, th) for a, f, h, th in zip(articles, folded, hits, title_hits)]


def scans_or_none(linker: Any, articles: Sequence[Article]) -> Sequence[Scanned | None]:
    """``linker.scan_many(articles)`` for a driver that links each article on its own terms
    (failures, budgets); ``None`` for each (found when linked) when the scan fails or the linker
    has none: then each article's own linking meets the failure, and it fails alone."""
    scan_many = getattr(linker, "scan_many", None)
    if scan_many is not None and articles:
        try:
            return scan_many(articles)
        except Exception:  # noqa: BLE001 - met again, article by article
            pass
    return [None] * len(articles)


def with_scans(linker: Any, items: Iterable[T], article_of: Callable[[T], Article | None]) -> Iterator[
        tuple[T, Scanned | None]]:
    """Each item with the scan of its article (``article_of``; ``None`` for an item without
    one, or when the scan failed: ``scans_or_none``), for the drivers that link items of their own
    (units, frame rows, Dask items) each on its own terms: the items are taken a group of
    ``SCAN_CHARS`` characters at a time (``scan_groups``) and each group's articles are scanned
    in one pass before the group's first item is given.

        >>> from entitylink.read.article import read_article
        >>> class NoScans: pass
        >>> [s for _, s in with_scans(NoScans(), [read_article("光明乳业"), None], lambda a: a)]
        [None, None]
    """
    def chars(item: T) -> int:
        article = article_of(item)
        return 0 if article is None else article_chars(article)

    for group in scan_groups(items, chars):
        articles = [article_of(item) for item in group]
        scans = iter(scans_or_none(linker, [a for a in articles if a is not None]))
        for item, article in zip(group, articles):
            yield item, (None if article is None else next(scans))


def link_scanned(linker: Any, article: Article, options: Any, scanned: Scanned | None) -> Any:
    """``linker.link(article, options, scanned=scanned)``; without a scan, ``link(article,
    options)``, what any linker takes (``scans_or_none`` gives None for one without ``scan_many``)."""
    if scanned is None:
        return linker.link(article, options)
    return linker.link(article, options, scanned=scanned)
