"""``entitylink evaluate``: link articles and score them against a gold file.

    $ entitylink evaluate --gold gold/finews-dev.gold.jsonl finews/
    $ entitylink evaluate --gold gold/finews-dev.gold.jsonl --tag-masked finews/ variants/

The ARTICLES are read as ``entitylink annotate`` reads its inputs
(``entitylink.read.sources``: directories, JSONL dumps, ``.gz``, ``-``); each unit
that fails is reported on stderr and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import sys

from entitylink.cli.common import EXIT_FAILED, EXIT_OK, link_options
from entitylink.link.linker import Linker
from entitylink.tools.evaluate import evaluate, format_report, load_articles, load_gold, tag_inside_institution, \
    tag_masked_recall


def evaluate_command(args: argparse.Namespace, linker: Linker) -> int:
    """Print the evaluation report (and the tag-masked recall); exit 1 if any input failed."""
    gold = load_gold(args.gold)
    articles, failures = load_articles(args.paths)
    options = link_options(args)
    docs = [linker.link(a, ignore_tags=options.ignore_tags, unlinked=options.unlinked) for a in articles]
    result = evaluate(docs, gold)
    out = [format_report(result, max_errors=args.max_errors)]
    if args.tag_masked:
        masked = [linker.link(a, ignore_tags=True) for a in articles]
        tm = tag_masked_recall(zip(docs, masked), exclude=tag_inside_institution)
        out.append(_format_tag_masked(tm))
    sys.stdout.write("\n".join(out) + "\n")
    for line in failures:
        print(f"entitylink: {line}", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def _format_tag_masked(tm) -> str:
    lines = [f"tag-masked recall: {tm.found}/{tm.total} = {tm.recall:.3f} (excluded {tm.excluded})"]
    for kind, (found, total) in sorted(tm.by_kind.items()):
        lines.append(f"  {kind:<8} {found}/{total}")
    for miss in tm.misses:
        m = miss.tag
        instead = ", ".join(f"{f.surface} {f.secid}" for f in miss.found) or "nothing"
        lines.append(f"  missed {miss.article}: {m.surface} {m.secid} at {m.start} (found: {instead})")
    return "\n".join(lines)
