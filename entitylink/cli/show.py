"""``entitylink show ARTICLE...``: one article's mentions and entities as tables, for reading.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

    $ entitylink show examples/data/2022-06-14-202206142412147264.md
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from entitylink.cli.common import link_options
from entitylink.errors import describe
from entitylink.read.sources import iter_articles
from entitylink.write.text import format_document


def show_command(args: argparse.Namespace, linker, stdout: TextIO | None = None) -> int:
    """Print every article of the PATHs; failures one line each on stderr, exit 1 if any."""
    stdout = stdout or sys.stdout
    failed = 0
    first = True
    options = link_options(args)
    for item in iter_articles(args.paths):
        if isinstance(item, dict):
            failed += 1
            print(f"entitylink: {describe(item)}", file=sys.stderr)
            continue
        doc = linker.link(item, options)
        stdout.write(("" if first else "\n") + format_document(doc) + "\n")
        first = False
    return 1 if failed else 0
