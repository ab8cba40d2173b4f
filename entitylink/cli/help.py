"""The examples and the exit codes every ``--help`` ends with.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

    >>> "entitylink annotate" in epilog("annotate")
    True
"""

from __future__ import annotations

from entitylink.cli.common import EXIT_CODES

__all__ = ["EXAMPLES", "epilog"]

EXAMPLES: dict[str | None, tuple[str, ...]] = {
    None: (
        "entitylink annotate examples/data -o mentions.jsonl",
        "entitylink annotate dump.jsonl.gz --level article --format parquet -o articles.parquet",
        "entitylink show examples/data/baijiu-rally.html",
        "entitylink schema --level entity",
    ),
    "annotate": (
        "entitylink annotate examples/data -o mentions.jsonl            # one JSON record per mention",
        "entitylink annotate dump.jsonl.gz --workers 4 -o m.parquet --format parquet --errors failed.jsonl",
        "entitylink annotate articles/ --level entity --format csv --csv-bom -o entities.csv   # for Excel",
        "entitylink annotate articles/ --format spacy -o train.spacy    # a DocBin for spacy train",
        "entitylink annotate articles/ --format conll -o train.conll    # CoNLL-2003, BIO by kind",
        "entitylink annotate articles/ --format labelstudio-jsonl -o tasks.jsonl",
        "entitylink annotate big/ -o out.jsonl --resume                 # continue an interrupted run",
        "cat post.html | entitylink annotate - --format displacy",
        "(read the records back with entitylink.read_records(PATH); docs/formats.md)",
    ),
    "evaluate": (
        "entitylink evaluate --gold gold/finews-dev.gold.jsonl finews/",
        "entitylink evaluate --gold gold.jsonl --tag-masked finews/ --json report.json",
        "entitylink evaluate --gold gold.jsonl finews/ --json - | jq .mention.f1",
    ),
    "schema": (
        "entitylink schema --level mention > mention.schema.json",
        "entitylink schema --level article",
    ),
    "labelstudio-config": (
        "entitylink labelstudio-config > config.xml   # paste into the project's Labeling Interface",
    ),
    "dict": (
        "entitylink dict check mine.csv",
        "entitylink dict harvest articles/ -o harvested.csv",
        "entitylink dict harvest --lists flash/ -o review.csv",
        "entitylink dict stats --dictionary mine.csv",
    ),
    "check": ("entitylink dict check mine.csv other.csv",),
    "harvest": (
        "entitylink dict harvest articles/ -o harvested.csv --dictionary mine.csv   # span tags",
        "entitylink dict harvest --lists flash/*.jsonl.gz -o review.csv           # Eastmoney/CLS/10jqka lists",
        "entitylink dict harvest --list-field tickers feed.jsonl --market US -o review.csv",
        "  # feed.jsonl: {\"id\": 7, \"date\": \"2026-06-01\", \"title\": \"..\", \"content\": \"..\",",
        "  #              \"tickers\": [\"AAPL.O\", {\"code\": \"00700.HK\", \"name\": \"腾讯控股\"}]}",
    ),
    "stats": (
        "entitylink dict stats",
        "entitylink dict stats --dictionary mine.csv --replace-dictionary --json",
    ),
    "show": (
        "entitylink show examples/data/baijiu-rally.html",
        "entitylink show post.md --unlinked --ignore-tags",
    ),
    "retag": (
        "entitylink retag articles/ -o retagged/",
        "entitylink retag post.html -o out/ --min-confidence 0.9",
    ),
}


def epilog(command: str | None) -> str:
    """The examples of ``command`` (None: the top level) and the exit codes."""
    lines = ["examples:"] + [f"  {e}" for e in EXAMPLES.get(command, ())]
    lines += ["", "exit codes:"] + [f"  {code}  {what}" for code, what in EXIT_CODES.items()]
    return "\n".join(lines)
