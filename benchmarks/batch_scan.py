"""Batch scanning (issue 16, item 4): many articles' names found in one automaton pass.

Side by side in one process, rounds alternating, CPU time per article (``time.process_time``),
the median of the rounds and every round listed (a shared machine is noisy):

1. ``Linker.link`` one article at a time against ``Linker.link_many`` on the same articles;
2. ``batch.units.link_tasks`` (read, link, render; what ``annotate`` runs) one unit at a time
   against a piece of 256 units at once;
3. the name scan alone: ``NameMatcher.find`` per text against ``find_many``, back to back. It
   costs about the same: what batching saves is the automaton (some 15 MB) falling out of the
   CPU cache between two articles' linking, not the calls.

    python benchmarks/batch_scan.py                  # two flash days, and finews + variants
    python benchmarks/batch_scan.py --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from stages import articles  # noqa: E402 - (kind, name, source) of the corpus


def _per_article(fn, n: int) -> float:
    t = time.process_time()
    fn()
    return (time.process_time() - t) / n * 1e6


def _row(label: str, one: list[float], many: list[float]) -> str:
    a, b = statistics.median(one), statistics.median(many)
    runs = " / ".join(f"{x:.0f}" for x in one) + " | " + " / ".join(f"{x:.0f}" for x in many)
    return f"| {label} | {a:.0f} | {b:.0f} | {100 * (b - a) / a:+.0f}% | {runs} |"


def _measure(linker, docs, tasks, options, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """Per kind of work, the rounds one at a time and at once."""
    from entitylink.batch.run import PIECE_SIZE
    from entitylink.batch.units import link_tasks
    from entitylink.knowledge.normalize import fold_text

    pieces = [tasks[i:i + PIECE_SIZE] for i in range(0, len(tasks), PIECE_SIZE)]
    texts = [fold_text(d.text) for d in docs]
    m = linker._matcher
    timings: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in ("link", "units", "scan")}
    for _ in range(rounds):
        timings["link"][0].append(_per_article(lambda: [linker.link(d) for d in docs], len(docs)))
        timings["link"][1].append(_per_article(lambda: linker.link_many(docs), len(docs)))
        timings["units"][0].append(_per_article(lambda: [link_tasks([t], linker, **options) for t in tasks], len(tasks)))
        timings["units"][1].append(_per_article(lambda: [link_tasks(p, linker, **options) for p in pieces], len(tasks)))
        timings["scan"][0].append(_per_article(lambda: [m.find(t) for t in texts], len(texts)))
        timings["scan"][1].append(_per_article(lambda: m.find_many(texts), len(texts)))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--flash-days", type=int, default=2)
    args = parser.parse_args()

    from entitylink.batch.run import BatchOptions
    from entitylink.link.linker import Linker
    from entitylink.read.article import read_article
    from entitylink.read.sources import iter_tasks

    linker = Linker.default()
    items = articles(args.flash_days)
    sets = {"flash items": [i for i in items if i[0] == "flash"],
            "finews + variants": [i for i in items if i[0] != "flash"]}
    options = BatchOptions().unit_options()
    rows = []
    for label, group in sets.items():
        docs = [read_article(src, name=name) for _, name, src in group]
        linker.link_many(docs)  # warm: the automaton built, the memos filled
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "dump.jsonl"
            dump.write_text("".join(json.dumps({"id": f"{i}-{name}", "html": src}, ensure_ascii=False) + "\n"
                                    for i, (_, name, src) in enumerate(group)), encoding="utf-8")
            tasks = list(iter_tasks([str(dump)]))
        timings = _measure(linker, docs, tasks, options, args.rounds)
        rows.append(f"| **{label}** ({len(docs)}) | | | | |")
        rows.append(_row("link / link_many", *timings["link"]))
        rows.append(_row("link_tasks: a unit / a piece at once", *timings["units"]))
        rows.append(_row("name scan alone: find / find_many", *timings["scan"]))
    print("| us per article (CPU) | one at a time | at once | change | rounds (one | at once) |")
    print("| --- | ---: | ---: | ---: | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
