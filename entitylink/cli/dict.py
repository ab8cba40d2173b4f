"""``entitylink dict check FILE...``, ``entitylink dict harvest PATH...`` and ``entitylink dict stats``.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

    $ entitylink dict check mine.csv
    $ entitylink dict harvest tagged-articles/ -o harvested.csv
    $ entitylink dict harvest --lists flash/ -o review.csv
    $ entitylink dict stats --dictionary mine.csv
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys

from entitylink.cli.common import EXIT_FAILED, EXIT_OK
from entitylink.errors import OutputError, UsageError, describe
from entitylink.knowledge.dictionary import Dictionary, check_file
from entitylink.read.article import Article
from entitylink.read.sources import iter_articles, refuse_overwriting_inputs
from entitylink.tools.harvest import (
    LIST_COLUMNS,
    ListHarvest,
    harvest_rows,
    iter_records,
    validate_rows,
    write_review,
    write_rows,
)


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


def _dictionary(args: argparse.Namespace) -> Dictionary:
    """The dictionary ``--dictionary``/``--replace-dictionary`` ask for."""
    files = getattr(args, "dictionary", None)
    if getattr(args, "replace_dictionary", False) and not files:
        raise UsageError("--replace-dictionary needs at least one --dictionary FILE")
    if files:
        return Dictionary.from_csv(*files, replace=bool(getattr(args, "replace_dictionary", False)))
    return Dictionary.default()


def _write_text(text: str, output: str | None) -> None:
    """``text`` to ``output`` (replaced whole, through a temporary file beside it) or stdout."""
    if output:
        tmp = f"{output}.entitylink-tmp"
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(tmp, output)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=output) from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def harvest_command(args: argparse.Namespace) -> int:
    """``entitylink dict harvest PATH... [-o OUT] [--dictionary FILE]``: 0 ok, 1 some inputs failed or invalid rows."""
    refuse_overwriting_inputs(args.paths, [("-o", args.output)])
    if args.list_field is not None and not args.list_field.strip():
        raise UsageError("--list-field needs a field name")
    if args.lists or args.list_field:
        return _harvest_lists(args)
    if args.market:
        raise UsageError("--market goes with --lists")
    dictionary = _dictionary(args)
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
    _write_text(text, args.output)
    for p in problems:
        print(f"entitylink: harvested row invalid: {p}", file=sys.stderr)
    print(f"{read} read, {read - failed} ok, {failed} failed, {len(rows)} new dictionary rows", file=sys.stderr)
    return EXIT_FAILED if failed or problems else EXIT_OK


def _harvest_lists(args: argparse.Namespace) -> int:
    """``dict harvest --lists``: the review table of the records' publisher lists; 1 if a record could not be read."""
    harvest = ListHarvest(_dictionary(args), list_field=args.list_field or None, groups=args.market or None)
    bad = 0
    for path, line, record in iter_records(args.paths):
        if isinstance(record, str):
            bad += 1
            print(f"entitylink: {path}:{line}: {record}" if line else f"entitylink: {path}: {record}", file=sys.stderr)
            continue
        harvest.add(record, where=f"{path}:{line}")
    rows = harvest.rows()
    buf = io.StringIO()
    write_review(rows, buf, LIST_COLUMNS)
    _write_text(buf.getvalue(), args.output)
    if harvest.not_read:
        codes = ", ".join(f"{why} {n}" for why, n in sorted(harvest.not_read.items()))
        print(f"entitylink: listed codes not read: {codes}", file=sys.stderr)
    print(f"{harvest.records} records read, {bad} failed, {harvest.listing} with a list, "
          f"{harvest.without_text} without text, {len(rows)} (secid, name) pairs", file=sys.stderr)
    return EXIT_FAILED if bad else EXIT_OK


def _table(rows: list[dict], columns: list[str]) -> str:
    """Rows as an aligned text table (numbers right-aligned)."""
    cells = [[f"{r[c]:,}" if isinstance(r[c], int) else str(r[c]) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) if cells else len(c) for i, c in enumerate(columns)]
    numeric = [bool(rows) and isinstance(rows[0][c], int) for c in columns]
    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric)).rstrip()
    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def stats_command(args: argparse.Namespace) -> int:
    """``entitylink dict stats [--dictionary FILE] [--replace-dictionary] [--json]``: always 0."""
    from entitylink.tools.stats import dictionary_stats

    stats = dictionary_stats(_dictionary(args))
    if args.json:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    v = stats["validity"]
    out = [
        f"{stats['securities']:,} securities ({stats['securities_without_alias']:,} without an alias), "
        f"{stats['alias_rows']:,} alias rows ({stats['alias_texts']:,} distinct texts, "
        f"{stats['common_word_rows']:,} marked common_word)",
        f"dated rows: {v['dated_rows']:,} (valid_from {v['valid_from_min'] or '-'}..{v['valid_from_max'] or '-'}, "
        f"valid_to {v['valid_to_min'] or '-'}..{v['valid_to_max'] or '-'})",
        "derived at load (not rows of the files): "
        + (", ".join(f"{k} {n:,}" for k, n in stats["derived_forms"].items()) or "none"),
        "", "by market", _table(stats["by_market"], ["market", "securities", "aliases"]),
        "", "by kind", _table(stats["by_kind"], ["kind", "securities", "aliases"]),
        "", "by alias type", _table(stats["by_alias_type"], ["alias_type", "aliases", "common_word"]),
        "", "by source (first/last: the dates the source ids name)",
        _table(stats["by_source"], ["source", "aliases", "securities", "first_date", "last_date"]),
    ]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK
