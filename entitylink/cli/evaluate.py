"""``entitylink evaluate``: link articles and score them against a gold file.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

    $ entitylink evaluate --gold gold/finews-dev.gold.jsonl finews/
    $ entitylink evaluate --gold gold/finews-dev.gold.jsonl --tag-masked finews/ variants/
    $ entitylink evaluate --gold gold/finews-dev.gold.jsonl finews/ --json report.json
    $ entitylink evaluate --gold gold/finews-dev.gold.jsonl finews/ --min-confidence 0.9

The report ends with a reliability table (confidence bins against mention-level precision)
and the errors grouped by the family that decided them.

The ARTICLES are read as ``entitylink annotate`` reads its inputs
(``entitylink.read.sources``: directories, JSONL dumps, ``.gz``, ``-``); each unit
that fails is reported on stderr and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from entitylink.cli.common import EXIT_FAILED, EXIT_OK, link_options
from entitylink.errors import OutputError
from entitylink.link.linker import Linker
from entitylink.link.options import LinkOptions
from entitylink.tools.evaluate import (
    errors_by_cause,
    evaluate,
    format_report,
    load_articles,
    load_gold,
    mention_reliability,
    tag_inside_institution,
    tag_masked_recall,
)

# The linking of --tag-masked: the publisher's tags read as plain text, nothing else asked for.
TAGS_MASKED = LinkOptions(ignore_tags=True)


def evaluate_command(args: argparse.Namespace, linker: Linker) -> int:
    """Print the evaluation report (and the tag-masked recall); exit 1 if any input failed."""
    options = link_options(args).with_overrides(min_confidence=getattr(args, "min_confidence", None))
    gold = load_gold(args.gold)
    articles, failures = load_articles(args.paths)
    docs = [linker.link(a, options) for a in articles]
    result = evaluate(docs, gold)
    out = [format_report(result, max_errors=args.max_errors)]
    tm = None
    if args.tag_masked:
        masked = [linker.link(a, TAGS_MASKED) for a in articles]
        tm = tag_masked_recall(zip(docs, masked), exclude=tag_inside_institution)
        out.append(_format_tag_masked(tm))
    report = getattr(args, "json_report", None)
    if report:
        _write_json(report, json_report(result, tm, failures))
    if report != "-":
        sys.stdout.write("\n".join(out) + "\n")
    for line in failures:
        print(f"entitylink: {line}", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def json_report(result, tm=None, failures: Sequence[str] = ()) -> dict[str, Any]:
    """The scores as JSON-ready data: ``entity``/``mention`` (precision, recall, f1, tp, fp, fn,
    excused), the same ``by_kind``, ``articles`` scored, gold ids ``unmatched``/``missing``, the
    ``failures``, the ``reliability`` table (confidence bins: lo, hi, count, correct, precision,
    mean_confidence), ``errors_by_cause`` (false positives and negatives counted per family of evidence that decided
    them, ``link/families.py``), and
    ``tag_masked`` (found, total, recall, excluded, by_kind) with ``--tag-masked``."""
    out: dict[str, Any] = {
        "entity": result.entity.as_dict(),
        "mention": result.mention.as_dict(),
        "entity_by_kind": {k: v.as_dict() for k, v in result.entity_by_kind.items()},
        "mention_by_kind": {k: v.as_dict() for k, v in result.mention_by_kind.items()},
        "articles": result.scored,
        "unmatched": list(result.unmatched),
        "missing": list(result.missing),
        "failures": list(failures),
        "reliability": [r.as_dict() for r in mention_reliability(result)],
        "errors_by_cause": {side: {cause: len(items) for cause, items in groups.items()}
                            for side, groups in errors_by_cause(result).items()},
    }
    if tm is not None:
        out["tag_masked"] = {"found": tm.found, "total": tm.total, "recall": tm.recall, "excluded": tm.excluded,
                             "by_kind": {k: {"found": f, "total": t} for k, (f, t) in tm.by_kind.items()}}
    return out


def _write_json(path: str, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if path == "-":
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", source=path) from None


def _format_tag_masked(tm) -> str:
    lines = [f"tag-masked recall: {tm.found}/{tm.total} = {tm.recall:.3f} (excluded {tm.excluded})"]
    for kind, (found, total) in sorted(tm.by_kind.items()):
        lines.append(f"  {kind:<8} {found}/{total}")
    for miss in tm.misses:
        m = miss.tag
        instead = ", ".join(f"{f.surface} {f.secid}" for f in miss.found) or "nothing"
        lines.append(f"  missed {miss.article}: {m.surface} {m.secid} at {m.start} (found: {instead})")
    return "\n".join(lines)
