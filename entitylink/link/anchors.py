"""Anchors: the mentions an article marks itself, publisher tags and codes written in the text.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``markets``, ``models``, ``knowledge/`` and other ``link/`` modules.

Anchors are linked without any decision of ours: a tag as published (flagged when it
covers part of a word, <上海复旦>大学, or is a board word glued to a company name,
华谊<新材料>), a code by its secid (flagged when the dictionary lacks it). They are the
article's strongest evidence for the names around them.
"""

from __future__ import annotations

from collections.abc import Sequence

from entitylink.knowledge.dictionary import Dictionary
from entitylink.link import score
from entitylink.link.candidates import Boundaries, Hit
from entitylink.link.codes import CodeHit
from entitylink.link.context import ArticleContext
from entitylink.link.entities import exchange_of
from entitylink.markets import parse_secid
from entitylink.models import Mention


def company_ends(dictionary: Dictionary, hits: Sequence[Hit]) -> set[int]:
    """Where the names of stocks end: a board tag starting there is glued to a company name."""
    def is_stock(secid: str) -> bool:
        sec = dictionary.security(secid)
        return sec is not None and sec.kind == "stock"

    return {e for _, e, n in hits if any(is_stock(a.secid) for a in dictionary.lookup(n))}


def tag_mention(dictionary: Dictionary, tag, ctx: ArticleContext, cuts: Boundaries,
                company_ends: set[int]) -> Mention:
    """A publisher's tag as a ``method="tag"`` mention, kept as published and flagged."""
    sec = dictionary.security(tag.secid) if tag.secid else None
    flags = tuple(tag.flags)
    kind = sec.kind if sec else (tag.kind or "stock")
    if not (tag.start in cuts and tag.end in cuts) or (kind == "board" and tag.start in company_ends):
        flags += ("partial_word",)
    if tag.secid and sec is None:
        flags += ("unknown_security",)
    evidence = ("tag:" + tag.raw,) if getattr(tag, "raw", None) else ("tag",)
    return ctx.mention(
        tag.start, tag.end, secid=tag.secid, code=tag.code, market=tag.market,
        exchange=exchange_of(sec, tag.secid) or getattr(tag, "exchange", None),
        kind=kind, name=sec.name if sec else None, method="tag", confidence=score.confidence("tag", kind, evidence),
        evidence=evidence, flags=flags,
    )


def code_mention(dictionary: Dictionary, hit: CodeHit, ctx: ArticleContext) -> Mention:
    """A code written in the text as a ``method="code"`` mention."""
    sec = dictionary.security(hit.secid)
    evidence = ("code:explicit" if hit.explicit else "code:bracketed",)
    if sec is None:  # a code of a known shape the dictionary lacks: linked, and flagged
        parts = parse_secid(hit.secid)
        return ctx.mention(
            hit.start, hit.end, secid=hit.secid, code=parts.code, market=parts.market,
            exchange=parts.exchange, kind=parts.kind,
            method="code", confidence=ctx.scores.confidence("code", parts.kind, evidence, ("unknown_security",)),
            evidence=evidence, flags=("unknown_security",),
        )
    return ctx.mention(
        hit.start, hit.end, secid=hit.secid, code=sec.code, market=sec.market, exchange=sec.exchange,
        kind=sec.kind, name=sec.name, method="code", confidence=ctx.scores.confidence("code", sec.kind, evidence),
        evidence=evidence,
    )
