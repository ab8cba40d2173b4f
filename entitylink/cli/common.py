"""What every subcommand shares: exit codes, the linking options, the Linker they ask for.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

    >>> import argparse
    >>> link_options(argparse.Namespace(ignore_tags=True, unlinked=False))
    LinkOptions(ignore_tags=True, unlinked=False)
"""

from __future__ import annotations

import argparse

from entitylink.errors import UsageError
from entitylink.knowledge.dictionary import Dictionary
from entitylink.link.linker import Linker
from entitylink.link.options import LinkOptions

EXIT_OK = 0  # every input done
EXIT_FAILED = 1  # some inputs failed, each listed
EXIT_USAGE = 2  # usage error, or nothing could run (unwritable output, missing dictionary)
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "every input done",
    EXIT_FAILED: "some inputs failed (each listed on stderr or in --errors FILE)",
    EXIT_USAGE: "usage error, or nothing could run: bad flags, an output that cannot be written, "
                "a missing or bad dictionary",
}


def add_linking_options(p: argparse.ArgumentParser) -> None:
    """The flags of every subcommand that links: tags, organisations, dictionaries."""
    p.add_argument("--ignore-tags", action="store_true", help="treat publisher span tags as plain text")
    p.add_argument("--unlinked", action="store_true", help="also report unlisted organisations (kind=organization)")
    p.add_argument("--dictionary", action="append", metavar="FILE",
                   help="user dictionary CSV merged over the default (repeatable)")
    p.add_argument("--replace-dictionary", action="store_true",
                   help="use only the --dictionary files, not the bundled one")


def link_options(args: argparse.Namespace) -> LinkOptions:
    """The ``LinkOptions`` the linking flags ask for."""
    return LinkOptions(ignore_tags=bool(getattr(args, "ignore_tags", False)),
                       unlinked=bool(getattr(args, "unlinked", False)))


def make_linker(args: argparse.Namespace) -> Linker:
    """The Linker the dictionary flags ask for."""
    files = getattr(args, "dictionary", None)
    replace = bool(getattr(args, "replace_dictionary", False))
    if not files:
        if replace:
            raise UsageError("--replace-dictionary needs at least one --dictionary FILE")
        return Linker.default()
    return Linker(Dictionary.from_csv(*files, replace=replace))
