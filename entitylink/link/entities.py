"""Entities: one security in one article, its mentions aggregated, with salience and title presence.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``markets``, ``models``, ``knowledge/`` and other ``link/`` modules. The last step of linking:
``title_secids`` says which securities of the body the title names, ``build_entities``
groups the mentions per security.

    >>> from entitylink.models import MentionRow
    >>> m = MentionRow(0, 4, "光明乳业", "1.600597", "600597", 1, "SH", "stock", "光明乳业", "tag", 1.0)
    >>> build_entities([m], 10, {"1.600597"})[0].in_title
    True
"""

from __future__ import annotations

from collections.abc import Iterable

from entitylink.knowledge.dictionary import Dictionary
from entitylink.knowledge.normalize import fold_text
from entitylink.link.matcher import NameMatcher
from entitylink.link.segment import Segmenter, WordBoundaries
from entitylink.link.spans import Occupied
from entitylink.markets import parse_secid
from entitylink.models import EntityRow, Mention, MentionRow, Security


def exchange_of(sec: Security | None, secid: str | None) -> str | None:
    """The exchange of a known security, else what its secid says, else None.

    >>> exchange_of(None, "116.00700"), exchange_of(None, "bad")
    ('HK', None)
    """
    if sec is not None:
        return sec.exchange
    if secid:
        try:
            return parse_secid(secid).exchange
        except ValueError:
            return None
    return None


def build_entities(mentions: Iterable[Mention] | Iterable[MentionRow], text_len: int,
                   title_secids: set[str]) -> list[EntityRow]:
    """One entity per security (or per unlinked organisation name), in order of first mention:
    ``EntityRow`` tuples, the fields of ``Entity`` (``Document.from_rows`` makes the models)."""
    # per security, as the mentions go by (a long article has a million of them: none is kept):
    # [first mention, count, tagged, confidence, surfaces, methods]
    groups: dict[str, list] = {}
    for m in mentions:
        key = m.secid or f"org:{m.surface}"
        g = groups.get(key)
        if g is None:
            groups[key] = [m, 1, m.method == "tag", m.confidence, {m.surface: None}, {m.method: None}]
            continue
        g[1] += 1
        if m.method == "tag":
            g[2] = True
        if m.confidence > g[3]:  # what max() keeps: the first of the highest
            g[3] = m.confidence
        g[4].setdefault(m.surface)
        g[5].setdefault(m.method)
    entities = []
    for head, count, tagged, confidence, surfaces, methods in groups.values():
        in_title = bool(head.secid) and head.secid in title_secids
        entities.append(EntityRow(
            head.secid, head.code, head.market, head.exchange, head.kind,
            head.name or (head.surface if head.kind == "organization" else None),
            count, head.start, in_title, tagged, salience(count, head.start, text_len, in_title, tagged),
            confidence, tuple(surfaces), tuple(methods),
        ))
    return entities


def salience(count: int, first_start: int, text_len: int, in_title: bool, tagged: bool) -> float:
    """Salience in [0, 1]: mentions (saturating at 4), earliness, title, publisher tag.

    >>> salience(1, 0, 100, True, True) > salience(1, 90, 100, False, False)
    True
    """
    early = 1.0 - (first_start / text_len if text_len else 0.0)
    score = 0.35 * min(count, 4) / 4 + 0.25 * early + 0.25 * in_title + 0.15 * tagged
    return round(min(1.0, max(0.0, score)), 4)


def title_secids(matcher: NameMatcher, dictionary: Dictionary, segmenter: Segmenter,
                 title: str | None, body_secids: set[str],
                 hits: list[tuple[int, int, str]] | None = None) -> set[str]:
    """Securities of the body that the title names too: the title's longest names
    that are whole words (平安 inside 平安银行 does not put 中国平安 in the title).
    ``hits``: the names of the folded title, when found already (``scanned.scan_articles``)."""
    if not title or not body_secids:
        return set()
    folded = fold_text(title)
    if hits is None:
        hits = matcher.find(folded)
    lookup = dictionary.lookup
    if not any(a.secid in body_secids for _, _, name in hits for a in lookup(name)):
        return set()  # no name of the title means a security of the body
    cuts = WordBoundaries(segmenter, folded)
    occupied = Occupied()
    found: set[str] = set()
    for s, e, name in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if not occupied.overlaps(s, e) and s in cuts and e in cuts:
            occupied.add(s, e)
            found.update(a.secid for a in lookup(name))
    return found & body_secids
