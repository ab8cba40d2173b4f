"""How to link an article: the options of ``Linker.link`` and ``Linker.extract``.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
only ``errors``.

    >>> LinkOptions().with_overrides(unlinked=True)
    LinkOptions(ignore_tags=False, unlinked=True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from entitylink.errors import UsageError


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """Options of one linking call; immutable, so one value can serve every article."""

    ignore_tags: bool = False
    """Treat the publisher's span tags as plain text (what the linker finds without them)."""
    unlinked: bool = False
    """Also return unlisted organisations (``kind="organization"``, no secid)."""
    min_confidence: float = 0.0
    """Drop the mentions whose ``confidence`` is below this (0 to 1; ``link/score.py`` says what a
    confidence means): higher trades recall for precision. Entities are built from what is left."""
    max_mentions: int | None = dataclasses.field(default=None, repr=False)
    """At most this many mentions per article (None: no limit); more raise ``BudgetExceeded``."""

    def __repr__(self) -> str:  # min_confidence shown only when set
        least = f", min_confidence={self.min_confidence!r}" if self.min_confidence else ""
        return f"LinkOptions(ignore_tags={self.ignore_tags!r}, unlinked={self.unlinked!r}{least})"

    def __reduce__(self):  # by value, to the workers of annotate_frame and Dask (any Python version)
        return LinkOptions, (self.ignore_tags, self.unlinked, self.min_confidence, self.max_mentions)

    def __post_init__(self) -> None:
        p = self.min_confidence
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p <= 1.0:
            raise UsageError(f"min_confidence must be a number from 0 to 1, got {p!r}")

    def with_overrides(self, *, ignore_tags: bool | None = None, unlinked: bool | None = None,
                       min_confidence: float | None = None) -> LinkOptions:
        """These options with each keyword given (not None) in place of its field.

        >>> LinkOptions(ignore_tags=True).with_overrides(ignore_tags=None)
        LinkOptions(ignore_tags=True, unlinked=False)
        """
        ignore = self.ignore_tags if ignore_tags is None else ignore_tags
        orgs = self.unlinked if unlinked is None else unlinked
        least = self.min_confidence if min_confidence is None else min_confidence
        if ignore == self.ignore_tags and orgs == self.unlinked and least == self.min_confidence:
            return self
        return dataclasses.replace(self, ignore_tags=ignore, unlinked=orgs, min_confidence=least)


DEFAULT = LinkOptions()
"""The options of a call that gives none: tags read, no unlisted organisations."""
# Every combination, built once: a call with keywords and no options costs no construction.
_BY_VALUES = {(i, u): LinkOptions(ignore_tags=i, unlinked=u) for i in (False, True) for u in (False, True)}


def link_options(options: LinkOptions | None, *, ignore_tags: bool | None = None,
                 unlinked: bool | None = None, min_confidence: float | None = None) -> LinkOptions:
    """The options of one call: ``options`` (default ``DEFAULT``) with the keywords given over them.

    >>> link_options(None, ignore_tags=True).ignore_tags, link_options(LinkOptions(unlinked=True)).unlinked
    (True, True)
    >>> link_options(None, min_confidence=0.9).min_confidence
    0.9
    """
    if options is None and not min_confidence:
        return _BY_VALUES[bool(ignore_tags), bool(unlinked)]
    if ignore_tags is None and unlinked is None and min_confidence is None:
        return options or DEFAULT
    return (options or DEFAULT).with_overrides(ignore_tags=ignore_tags, unlinked=unlinked,
                                               min_confidence=min_confidence)
