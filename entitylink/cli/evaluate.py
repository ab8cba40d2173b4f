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
from collections.abc import Iterable

from entitylink.read.article import Article
from entitylink.errors import describe
from entitylink.tools.evaluate import evaluate, format_report, load_gold, tag_masked_recall
from entitylink.read.sources import iter_articles
from entitylink.link.linker import Linker
from entitylink.models import Document


def load_articles(paths: Iterable[str]) -> tuple[list[Article], list[str]]:
    """Every article of ``paths`` (read as ``annotate`` reads them), and one line per unit that failed."""
    articles, failures = [], []
    for item in iter_articles(list(paths)):
        if isinstance(item, Article):
            articles.append(item)
        else:
            failures.append(describe(item))
    return articles, failures


def evaluate_command(args: argparse.Namespace, linker: Linker) -> int:
    """Print the evaluation report (and the tag-masked recall); exit 1 if any input failed."""
    gold = load_gold(args.gold)
    articles, failures = load_articles(args.paths)
    docs = [linker.link(a, ignore_tags=args.ignore_tags) for a in articles]
    result = evaluate(docs, gold)
    out = [format_report(result, max_errors=args.max_errors)]
    if args.tag_masked:
        masked = [linker.link(a, ignore_tags=True) for a in articles]
        tm = tag_masked_recall(zip(docs, masked), exclude=_tag_inside_longer_name)
        out.append(_format_tag_masked(tm))
    sys.stdout.write("\n".join(out) + "\n")
    for line in failures:
        print(f"entitylink: {line}", file=sys.stderr)
    return 1 if failures else 0


_INSTITUTION_WORDS = ("大学", "学院", "医院", "研究院", "研究所")


def _tag_inside_longer_name(doc: Document, mention) -> bool:
    """Tags inside an institution's name are not names to find again (上海复旦 in 上海复旦大学)."""
    return "partial_word" in mention.flags and doc.text.startswith(_INSTITUTION_WORDS, mention.end)


def _format_tag_masked(tm) -> str:
    lines = [f"tag-masked recall: {tm.found}/{tm.total} = {tm.recall:.3f} (excluded {tm.excluded})"]
    for kind, (found, total) in sorted(tm.by_kind.items()):
        lines.append(f"  {kind:<8} {found}/{total}")
    for miss in tm.misses:
        m = miss.tag
        instead = ", ".join(f"{f.surface} {f.secid}" for f in miss.found) or "nothing"
        lines.append(f"  missed {miss.article}: {m.surface} {m.secid} at {m.start} (found: {instead})")
    return "\n".join(lines)
