"""How one article is linked: the options every driver (library, CLI, batch, Dask) passes through.

    >>> LinkOptions(ignore_tags=True)
    LinkOptions(ignore_tags=True, unlinked=False)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkOptions:
    """Options of ``Linker.link``.

    Attributes:
        ignore_tags: treat the publisher's span tags as plain text.
        unlinked: also return unlisted organisations (``kind="organization"``).
    """

    ignore_tags: bool = False
    unlinked: bool = False
