"""``entitylink dict check FILE...`` and ``entitylink dict harvest PATH...``.

    $ entitylink dict check mine.csv
    $ entitylink dict harvest tagged-articles/ -o harvested.csv
"""

from __future__ import annotations

import argparse
import io
import os
import sys

from entitylink.cli.common import EXIT_FAILED, EXIT_OK
from entitylink.errors import OutputError, describe
from entitylink.knowledge.dictionary import Dictionary, check_file
from entitylink.read.article import Article
from entitylink.read.sources import iter_articles, refuse_overwriting_inputs
from entitylink.tools.harvest import harvest_rows, validate_rows, write_rows


def check_command(args: argparse.Namespace) -> int:
    """Print each problem as ``PATH:LINE: reason``; exit 1 if any file has one."""
    bad = 0
    for path in args.files:
        problems = check_file(path)
        for line in problems:
            print(line)
        bad += bool(problems)
        if not problems:
            print(f"{path}: ok", file=sys.stderr)
    return EXIT_FAILED if bad else EXIT_OK


def harvest_command(args: argparse.Namespace) -> int:
    """``entitylink dict harvest PATH... [-o OUT] [--dictionary FILE]``: 0 ok, 1 some inputs failed or invalid rows."""
    refuse_overwriting_inputs(args.paths, [("-o", args.output)])
    dictionary = Dictionary.from_csv(*args.dictionary) if args.dictionary else Dictionary.default()
    articles: list[Article] = []
    read = failed = 0
    for item in iter_articles(args.paths, exclude=[args.output] if args.output else ()):
        read += 1
        if isinstance(item, Article):
            articles.append(item)
        else:
            failed += 1
            print(f"entitylink: {describe(item)}", file=sys.stderr)
    rows = harvest_rows(articles, dictionary)
    buf = io.StringIO()
    write_rows(rows, buf)
    text = buf.getvalue()
    problems = validate_rows(text, args.output)
    if args.output:
        tmp = f"{args.output}.entitylink-tmp"
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(tmp, args.output)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=args.output) from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    for p in problems:
        print(f"entitylink: harvested row invalid: {p}", file=sys.stderr)
    print(f"{read} read, {read - failed} ok, {failed} failed, {len(rows)} new dictionary rows", file=sys.stderr)
    return EXIT_FAILED if failed or problems else EXIT_OK
