"""Where the time goes, stage by stage, and the steady-state speed of ``annotate``.

Two tables, measured side by side in one run (never timed assertions):

1. **Per stage** (read, scan, segmentation, decisions, records, write): a cProfile of reading,
   linking and rendering the JSONL records of the same articles, its own time per function
   summed by the module the function lives in. Profiling slows every call alike, so the shares
   are what to read; the microseconds per article are the profiled ones.
2. **Steady state**: ``entitylink annotate --workers 1`` on a dump of the articles and on the
   same dump four times over; the difference (start-up cancels) per article, against the naive
   pipeline of ``benchmarks/run.py`` (BeautifulSoup + jieba with user words + lookup) on the
   same articles, also as a difference of a 4x and a 1x run.
3. **Cache effect**: ``Linker.link_many`` over the articles in a stream, against each article
   linked ``HOT`` times in a row (its text, names and the tables they touch then stay in the CPU
   caches): the gap bounds what any reordering of the work for cache locality (the stages of
   many articles run phase by phase) could gain; the rest is the interpreter's own work.

    python benchmarks/stages.py                 # the corpus's finews + variants, and 2 flash days
    python benchmarks/stages.py --flash-days 0  # finews + variants only
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus"

# The stage of a function, by the file it is defined in (first match wins).
STAGES = [
    ("read", ("/entitylink/read/",)),
    ("scan", ("/entitylink/link/matcher.py", "/entitylink/link/codes.py", "/entitylink/link/candidates.py",
              "/entitylink/knowledge/normalize.py", "ahocorasick")),
    ("segmentation", ("/entitylink/link/segment.py", "/jieba/")),
    ("decisions", ("/entitylink/link/", "/entitylink/knowledge/")),
    ("records", ("/entitylink/models.py", "/pydantic", "pydantic_core")),
    ("write", ("/entitylink/write/",)),
]


def _stage(filename: str) -> str:
    for stage, marks in STAGES:
        if any(m in filename for m in marks):
            return stage
    return "other"


def articles(flash_days: int) -> list[tuple[str, str, str]]:
    """(kind, name, source text) of finews + variants, and the items of the first flash days."""
    out = []
    for folder in ("finews", "variants"):
        for p in sorted((CORPUS / folder).iterdir()):
            if p.is_file():
                out.append((folder, p.name, p.read_text(encoding="utf-8", errors="replace")))
    for p in sorted((CORPUS / "flash").glob("*.jsonl.gz"))[: flash_days * 3]:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                out.append(("flash", str(rec.get("id")), (rec.get("title") or "") + "\n" + (rec.get("content") or "")))
    return out


def per_stage(items: list[tuple[str, str, str]]) -> list[str]:
    from entitylink.link.linker import Linker
    from entitylink.read.article import read_article
    from entitylink.write.records import render

    linker = Linker.default()
    # warm up as a long run is: the dictionary's and the names' memos filled, the name
    # automaton built (the matcher builds it once its substring scan has cost about as much)
    for _, name, src in items:
        linker.link(read_article(src, name=name))
    prof = cProfile.Profile()
    prof.enable()
    for _, name, src in items:
        render(linker.link(read_article(src, name=name)), "jsonl", "mention")
    prof.disable()
    stats = pstats.Stats(prof)
    by_stage: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if filename != "~" or not callers:
            by_stage[_stage(filename)] += tottime
            continue
        # a C function (str.find, a regex match, dict.get): its time goes to the stages
        # of the Python functions that called it, in proportion
        for (caller_file, _, _), (_, _, caller_tt, _) in callers.items():
            by_stage[_stage(caller_file)] += caller_tt
    total = sum(by_stage.values())
    n = len(items)
    lines = ["| stage | us/article (profiled) | share |", "| --- | ---: | ---: |"]
    for stage in [s for s, _ in STAGES] + ["other"]:
        lines.append(f"| {stage} | {by_stage[stage] / n * 1e6:,.1f} | {by_stage[stage] / total:.0%} |")
    lines.append(f"| **total** | {total / n * 1e6:,.1f} | 100% |")
    return lines


def _dump(items, path: Path, times: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for k in range(times):
            for i, (_, name, src) in enumerate(items):
                f.write(json.dumps({"id": f"{k}-{i}-{name}", "html": src}, ensure_ascii=False) + "\n")


def _annotate_seconds(dump: Path) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "entitylink", "annotate", "--quiet", "--workers", "1", str(dump),
                           "-o", "/dev/null", "--errors", str(dump) + ".errors"], capture_output=True)
    if done.returncode not in (0, 1):  # 1: some inputs failed, listed in the errors file
        raise SystemExit(done.stderr.decode(errors="replace")[-2000:])
    return time.perf_counter() - t0


def _naive_seconds(items, times: int) -> float:
    sys.path.insert(0, str(HERE))
    from run import Naive  # the naive pipeline the README's speed table compares with

    naive = Naive()
    data = [src.encode("utf-8") for _, _, src in items] * times
    t0 = time.perf_counter()
    for d in data:
        naive.run(d)
    return time.perf_counter() - t0


def steady_state(items, label: str, repeat: int) -> str:
    base = max(1, 3000 // len(items))  # the 1x dump holds at least ~3,000 articles
    with tempfile.TemporaryDirectory() as tmp:
        one, four = Path(tmp) / "x1.jsonl", Path(tmp) / "x4.jsonl"
        _dump(items, one, base)
        _dump(items, four, 4 * base)
        el = min(_annotate_seconds(four) - _annotate_seconds(one) for _ in range(repeat))
    naive = min(_naive_seconds(items, 4 * base) - _naive_seconds(items, base) for _ in range(repeat))
    n = 3 * base * len(items)
    return (f"| {label} | {len(items):,} | {naive / n * 1e6:,.0f} | {el / n * 1e6:,.0f} | "
            f"{naive / el:.2f}x |")


HOT = 5  # links of one article in a row, in the cache-effect table


def cache_effect(items, label: str) -> str:
    from entitylink.link.linker import Linker
    from entitylink.read.article import read_article

    linker = Linker.default()
    arts = [read_article(src, name=name) for _, name, src in items]
    linker.link_many(arts)  # warm: memos filled, automaton built
    stream = hot = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        linker.link_many(arts)
        stream = min(stream, time.process_time() - t0)
        t0 = time.process_time()
        for a in arts:
            for _ in range(HOT):
                linker.link(a)
        hot = min(hot, (time.process_time() - t0) / HOT)
    n = len(arts)
    return f"| {label} | {n:,} | {stream / n * 1e6:,.0f} | {hot / n * 1e6:,.0f} | {1 - hot / stream:.0%} |"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--flash-days", type=int, default=2, help="flash days of the three publishers (default 2)")
    p.add_argument("--repeat", type=int, default=2, help="runs of each steady-state row, the best kept")
    args = p.parse_args()
    items = articles(args.flash_days)
    print(f"# entitylink stages, {time.strftime('%Y-%m-%d %H:%M')}, {len(items):,} articles\n")
    print("\n".join(per_stage(items)))
    print("\n| articles | n | naive us/article | annotate --workers 1 us/article | vs naive |")
    print("| --- | ---: | ---: | ---: | ---: |")
    groups = {"finews digests": [i for i in items if i[0] == "finews"],
              "HTML pages (variants)": [i for i in items if i[0] == "variants"],
              "flash items": [i for i in items if i[0] == "flash"]}
    for label, group in groups.items():
        if group:
            print(steady_state(group, label, args.repeat), flush=True)
    print(f"\n| articles | n | link_many us/article | each linked {HOT}x in a row, us/link | gap |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, group in groups.items():
        if group:
            print(cache_effect(group, label), flush=True)


if __name__ == "__main__":
    main()
