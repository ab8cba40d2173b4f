"""How to link an article: the options of ``Linker.link`` and ``Linker.extract``.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
nothing of the package.

    >>> LinkOptions().with_overrides(unlinked=True)
    LinkOptions(ignore_tags=False, unlinked=True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """Options of one linking call; immutable, so one value can serve every article."""

    ignore_tags: bool = False
    """Treat the publisher's span tags as plain text (what the linker finds without them)."""
    unlinked: bool = False
    """Also return unlisted organisations (``kind="organization"``, no secid)."""
    max_mentions: int | None = dataclasses.field(default=None, repr=False)
    """At most this many mentions per article (None: no limit); more raise ``BudgetExceeded``."""

    def with_overrides(self, *, ignore_tags: bool | None = None, unlinked: bool | None = None) -> LinkOptions:
        """These options with each keyword given (not None) in place of its field.

        >>> LinkOptions(ignore_tags=True).with_overrides(ignore_tags=None)
        LinkOptions(ignore_tags=True, unlinked=False)
        """
        ignore = self.ignore_tags if ignore_tags is None else ignore_tags
        orgs = self.unlinked if unlinked is None else unlinked
        if ignore == self.ignore_tags and orgs == self.unlinked:
            return self
        return dataclasses.replace(self, ignore_tags=ignore, unlinked=orgs)


DEFAULT = LinkOptions()
"""The options of a call that gives none: tags read, no unlisted organisations."""
# Every combination, built once: a call with keywords and no options costs no construction.
_BY_VALUES = {(i, u): LinkOptions(ignore_tags=i, unlinked=u) for i in (False, True) for u in (False, True)}


def link_options(options: LinkOptions | None, *, ignore_tags: bool | None = None,
                 unlinked: bool | None = None) -> LinkOptions:
    """The options of one call: ``options`` (default ``DEFAULT``) with the keywords given over them.

    >>> link_options(None, ignore_tags=True).ignore_tags, link_options(LinkOptions(unlinked=True)).unlinked
    (True, True)
    """
    if options is None:
        return _BY_VALUES[bool(ignore_tags), bool(unlinked)]
    if ignore_tags is None and unlinked is None:
        return options
    return options.with_overrides(ignore_tags=ignore_tags, unlinked=unlinked)
