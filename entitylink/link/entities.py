"""Entities: one security in one article, its mentions aggregated.

    >>> from entitylink.models import Mention
    >>> m = Mention(start=0, end=4, surface="光明乳业", secid="1.600597", kind="stock", method="tag", confidence=1.0)
    >>> build_entities([m], 10, {"1.600597"})[0].in_title
    True
"""

from __future__ import annotations

from collections.abc import Sequence

from entitylink.markets import parse_secid
from entitylink.models import Entity, Mention, Security
from entitylink.link.rules import salience


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


def build_entities(mentions: Sequence[Mention], text_len: int, title_secids: set[str]) -> list[Entity]:
    """One entity per security (or per unlinked organisation name), in order of first mention."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        key = m.secid or f"org:{m.surface}"
        groups.setdefault(key, []).append(m)
    entities = []
    for ms in groups.values():
        head = ms[0]
        in_title = bool(head.secid) and head.secid in title_secids
        surfaces: tuple[str, ...]
        methods: tuple[str, ...]
        if len(ms) == 1:  # most entities: no aggregation to do
            tagged = head.method == "tag"
            confidence, surfaces, methods = head.confidence, (head.surface,), (head.method,)
        else:
            tagged = any(m.method == "tag" for m in ms)
            confidence = max(m.confidence for m in ms)
            surfaces = tuple(dict.fromkeys(m.surface for m in ms))
            methods = tuple(dict.fromkeys(m.method for m in ms))
        entities.append(Entity(
            secid=head.secid, code=head.code, market=head.market, exchange=head.exchange,
            kind=head.kind, name=head.name or (head.surface if head.kind == "organization" else None),
            mention_count=len(ms), first_start=head.start, in_title=in_title, tagged=tagged,
            salience=salience(len(ms), head.start, text_len, in_title, tagged),
            confidence=confidence, surfaces=surfaces, methods=methods,
        ))
    return entities
