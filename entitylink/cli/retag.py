"""``entitylink retag PATH... -o DIR``: the HTML back with Eastmoney-style spans added.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

    $ entitylink retag articles/ -o retagged/ --min-confidence 0.9
"""

from __future__ import annotations

import argparse
import sys

from entitylink.cli.common import link_options
from entitylink.tools.retag import retag_paths


def retag_command(args: argparse.Namespace, linker) -> int:
    """Retag every input under ``-o DIR``; each failure one stderr line; exit 1 if any failed."""
    summary = retag_paths(args.paths, args.output, linker, options=link_options(args),
                          min_confidence=getattr(args, "min_confidence", None) or 0.0,
                          encoding=getattr(args, "encoding", None), globs=getattr(args, "glob", None))
    for where, reason in summary.failures:
        print(f"entitylink: retag: {where}: {reason}", file=sys.stderr)
    print(f"entitylink: retag: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed else 0
