"""What the shipped dictionary costs: its size, the time to load it and build the Linker, the
memory they hold, and linking throughput, for this checkout and, with ``--base DIR``, another
one (a ``git worktree`` of the older code), side by side:

    python benchmarks/dict_cost.py [--base /work/main] [--runs 5] [--repeat 5]

Issue 18's budget: a bigger dictionary (a set of names, not a model) must not cost more than
20% in start-up or throughput. Each run is a fresh interpreter per checkout (``PYTHONPATH`` =
the checkout, and its own ``dictionaries/``: an editable install would otherwise give every
checkout the installed clone's CSVs), the checkouts taking turns so that load on the machine falls on both alike:

- load, cold cache: ``Dictionary.default(cache_dir=None)`` — the CSVs read, checked and
  derived rows built, nothing cached (a first run, or ``--no-cache``);
- Linker, warm cache: ``Linker.default()`` with a cache filled by an earlier run (every later
  command's start-up);
- memory: the process's RSS after the Linker is built, minus its RSS after ``import entitylink``;
- throughput: the articles of ``../shared/corpus/finews`` read once, then linked ``--repeat``
  times in the same process (articles/s; reading excluded).

Times are CPU seconds of the child (``time.process_time``): on a shared machine wall time
measures the neighbours. Medians of the runs (min in parentheses); figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "finews"

CHILD = r"""
import json, os, sys, time, glob
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
t = time.process_time()
import pathlib
import entitylink as el
import entitylink.knowledge.dictionary as _d
from entitylink.knowledge.dictionary import Dictionary
# the checkout's own CSVs: an editable install maps entitylink.dictionaries to its own clone
_d._data_root = lambda: pathlib.Path(sys.argv[4]) / "dictionaries"
base_rss = rss()
out = {}
if sys.argv[1] == "cold":
    t = time.process_time()
    Dictionary.default(cache_dir=None)
    out["load_cold"] = time.process_time() - t
else:
    t = time.process_time()
    linker = el.Linker.default()
    linker.link_text("贵州茅台涨停")  # the first link builds what is built lazily
    out["linker_warm"] = time.process_time() - t
    out["rss_mb"] = rss() - base_rss
    arts = [a for p in sorted(glob.glob(os.path.join(sys.argv[2], "*.md"))) for a in el.read_file(p)]
    repeat = int(sys.argv[3])
    t = time.process_time()
    for _ in range(repeat):
        for a in arts:
            linker.link(a)
    out["articles_per_s"] = repeat * len(arts) / (time.process_time() - t)
print(json.dumps(out))
"""


def dictionary_size(checkout: Path) -> dict[str, int]:
    """Rows, securities and bytes of the checkout's shipped dictionary files."""
    rows = bytes_ = 0
    secids: set[str] = set()
    for path in sorted((checkout / "dictionaries").glob("*.csv")):
        bytes_ += path.stat().st_size
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                rows += 1
                secids.add(r["secid"])
    return {"rows": rows, "securities": len(secids), "bytes": bytes_}


def _child(checkout: Path, mode: str, cache: str, repeat: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout), "ENTITYLINK_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(CORPUS), str(repeat), str(checkout)], env=env,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", type=Path, help="another checkout to measure side by side")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--repeat", type=int, default=5, help="times the corpus is linked per run")
    args = p.parse_args()
    checkouts = {"this": REPO}
    if args.base:
        checkouts = {"base": args.base.resolve(), **checkouts}
    work = Path(tempfile.mkdtemp(prefix="entitylink-dictcost-"))
    results: dict[str, dict[str, list[float]]] = {n: {} for n in checkouts}
    try:
        for name, checkout in checkouts.items():
            _child(checkout, "warm", str(work / name), 1)  # fill the warm cache
        for _ in range(args.runs):
            for name, checkout in checkouts.items():
                measured = {**_child(checkout, "cold", str(work / f"{name}-cold"), 0),
                            **_child(checkout, "warm", str(work / name), args.repeat)}  # fmt: skip
                shutil.rmtree(work / f"{name}-cold", ignore_errors=True)
                for k, v in measured.items():
                    results[name].setdefault(k, []).append(v)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sizes = {n: dictionary_size(c) for n, c in checkouts.items()}
    print(f"{args.runs} runs each, taking turns; median (min); throughput over {args.repeat}x the finews corpus")
    print(f"| measure | {' | '.join(checkouts)} |" + (" change |" if len(checkouts) > 1 else ""))
    print("| --- |" + " ---: |" * (len(checkouts) + (len(checkouts) > 1)))
    for key, label in (("rows", "dictionary rows"), ("securities", "securities"), ("bytes", "CSV bytes")):
        vals = [sizes[n][key] for n in checkouts]
        change = f" {vals[-1] / vals[0] - 1:+.1%} |" if len(vals) > 1 else ""
        print(f"| {label} | {' | '.join(f'{v:,}' for v in vals)} |{change}")
    for key, label, fmt in (("load_cold", "dictionary load, cold cache (CPU s)", "{:.3f}"),
                            ("linker_warm", "Linker.default + first link, warm cache (CPU s)", "{:.3f}"),
                            ("rss_mb", "RSS of the built Linker (MB)", "{:.1f}"),
                            ("articles_per_s", "throughput (articles per CPU s)", "{:,.0f}")):  # fmt: skip
        meds = [statistics.median(results[n][key]) for n in checkouts]
        cells = [f"{fmt.format(m)} ({fmt.format(min(results[n][key]))})" for m, n in zip(meds, checkouts)]
        change = f" {meds[-1] / meds[0] - 1:+.1%} |" if len(meds) > 1 else ""
        print(f"| {label} | {' | '.join(cells)} |{change}")


if __name__ == "__main__":
    main()
