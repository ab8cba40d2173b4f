"""Reading speed: microseconds per article of ``read_article`` (and ``fold_text``), by kind of input.

The articles are those of ``benchmarks/stages.py`` (the corpus's finews digests, its HTML
pages, the items of the first flash days) and, as ``flash records``, the JSONL records of those
days as ``annotate`` reads them (``article_from_record``). Each row is timed, in the same run:

- ``this tree``: the code imported here, fast paths on;
- ``general path``: the same code with the digest fast path turned off (``read_crawler_post``
  answering None) and dump records parsed by json, not orjson (the ``fast`` extra, when
  installed), so the row shows what the fast paths save;
- ``baseline`` (with ``--baseline DIR``, e.g. a checkout of main): the same timing in a
  subprocess importing ``entitylink`` from ``DIR``.

Each kind is timed in every column back to back, round after round, so that a busy moment
of the machine falls on all of them; each figure is the best of ``--rounds`` rounds. Speed is shown here,
never asserted in unit tests.

    python benchmarks/read_speed.py
    python benchmarks/read_speed.py --baseline /work/main --rounds 7
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus"
KINDS = ("finews", "variants", "flash", "flash records", "mix of run.py", "fold_text")


def inputs(flash_days: int) -> dict[str, list]:
    """Each kind's inputs: (name, source) for read_article, JSONL lines for the records."""
    sys.path.insert(0, str(HERE))
    from stages import articles

    items = articles(flash_days)
    out: dict[str, list] = {k: [(n, s) for kind, n, s in items if kind == k] for k in ("finews", "variants", "flash")}
    out["mix of run.py"] = [(n, s.encode("utf-8")) for n, s in out["finews"] + out["variants"]]
    records: list[str] = []
    for p in sorted((CORPUS / "flash").glob("*.jsonl.gz"))[: flash_days * 3]:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            records += [line for line in f if line.strip()]
    out["flash records"] = records
    return out


def _time(fn, items: list) -> float:
    """Seconds per item of ``fn`` over ``items``, repeated to at least 2,000 calls."""
    reps = max(1, 2000 // len(items))
    t0 = time.perf_counter()
    for _ in range(reps):
        for item in items:
            fn(item)
    return (time.perf_counter() - t0) / reps / len(items)


def timers(data: dict[str, list]):
    """A function timing one kind of input: ``time_kind(kind, general)`` gives microseconds
    per article (``general``: the digest fast path and orjson turned off)."""
    from entitylink.read import article as article_module
    from entitylink.read import jekyll as jekyll_module
    from entitylink.read.article import article_from_record, read_article

    try:
        from entitylink.knowledge.normalize import fold_text
    except ImportError:  # an older tree
        fold_text = None

    def read(item):
        read_article(item[1], name=item[0])

    def record(line):
        try:
            article_from_record(line, "flash.jsonl")
        except Exception:  # noqa: BLE001 - a record without an id or body: its failure is timed too
            pass

    texts = data.setdefault("_texts", [read_article(s, name=n).text for n, s in data["flash"] + data["finews"]])

    def time_kind(kind: str, general: bool) -> float | None:
        if kind == "fold_text":
            return None if fold_text is None else _time(fold_text, texts) * 1e6
        fn = record if kind == "flash records" else read
        if general:
            with ExitStack() as stack:
                if hasattr(jekyll_module, "read_crawler_post"):
                    stack.enter_context(mock.patch.object(jekyll_module, "read_crawler_post", lambda source: None))
                if getattr(article_module, "_orjson", None) is not None:
                    stack.enter_context(mock.patch.object(article_module, "_orjson", None))
                return _time(fn, data[kind]) * 1e6
        return _time(fn, data[kind]) * 1e6

    return time_kind


def child(flash_days: int) -> None:
    """The baseline's side: times the kind named on each line of stdin, answers with a JSON line."""
    time_kind = timers(inputs(flash_days))
    for kind in KINDS:
        time_kind(kind, False)  # warm up
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(time_kind(line.strip(), False)), flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--flash-days", type=int, default=2, help="flash days of the three publishers (default 2)")
    p.add_argument("--rounds", type=int, default=9, help="rounds; the best of each figure is kept (default 9)")
    p.add_argument("--baseline", type=Path, help="a tree (e.g. a checkout of main) to time side by side")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.flash_days)
        return
    data = inputs(args.flash_days)
    time_kind = timers(data)
    proc = None
    if args.baseline:
        env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
        proc = subprocess.Popen([sys.executable, __file__, "--child", "--flash-days", str(args.flash_days)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd="/")
        assert proc.stdout is not None and proc.stdin is not None
        proc.stdout.readline()
    columns: dict[str, dict[str, list[float]]] = {c: {k: [] for k in KINDS} for c in
                                                  ("this tree", "general path", "baseline")}
    for kind in KINDS:  # warm up
        time_kind(kind, False)
        time_kind(kind, True)
    # Each kind timed in every column back to back, round after round: a busy moment of
    # the machine falls on all columns alike, and the best round of each is kept.
    for _ in range(args.rounds):
        for kind in KINDS:
            for column, general in (("this tree", False), ("general path", True)):
                figure = time_kind(kind, general)
                if figure is not None:
                    columns[column][kind].append(figure)
            if proc is not None:
                proc.stdin.write(kind + "\n")
                proc.stdin.flush()
                figure = json.loads(proc.stdout.readline())
                if figure is not None:
                    columns["baseline"][kind].append(figure)
    if proc is not None:
        proc.stdin.close()
        proc.wait()
    shown = [c for c in columns if any(columns[c].values())]
    best = {c: {k: min(v) for k, v in columns[c].items() if v} for c in shown}
    counts = {k: len(data[k]) for k in KINDS if k in data}
    counts["fold_text"] = len(data["_texts"])
    print(f"# read speed, {time.strftime('%Y-%m-%d %H:%M')}, best of {args.rounds} rounds, us per article\n")
    head = "| input | n | " + " | ".join(shown) + (" | baseline / this tree |" if "baseline" in shown else " |")
    print(head)
    print("| --- | ---: |" + " ---: |" * (len(shown) + ("baseline" in shown)))
    for kind in KINDS:
        cells = [f"{best[c][kind]:.1f}" if kind in best[c] else "-" for c in shown]
        ratio = ""
        if "baseline" in shown:
            ratio = f" {best['baseline'][kind] / best['this tree'][kind]:.2f}x |" if kind in best["baseline"] else " - |"
        print(f"| {kind} | {counts[kind]:,} | " + " | ".join(cells) + " |" + ratio)


if __name__ == "__main__":
    main()
