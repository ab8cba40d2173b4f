"""Hostile inputs: what each does to a whole ``entitylink annotate`` run, and how cost grows.

    python benchmarks/hostile.py [--quick] [--shape NAME]         # the shapes table
    python benchmarks/hostile.py --growth [--quick] [--no-link]    # the doubling table
    python benchmarks/hostile.py budgets [--sizes 0.25,1,5,20] [--max-mb 5]   # one huge article

The shapes table runs ``entitylink annotate`` (the whole command, in a fresh
process: a poison input must not stop it) once per shape, each followed by one
good article, and prints per shape the wall time (start-up included, about 0.5 s),
the peak RSS of that process, the mentions written and the outcome (the summary
line, and the reason of the failed input if one failed).

The growth table (``--growth``) generates each case at four sizes, each twice
the last, and shows the seconds of ``read_article`` (decode + HTML to text +
tags) and of ``Linker.link``, and the growth ratio from the previous size.
Linear cost gives a ratio near 2.0 per doubling; quadratic cost gives 4.0. The
timing is the best of two runs (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
sys.path.insert(0, str(REPO))

TAG = ('<span id="stock_1.600597"><a href="http://quote.eastmoney.com/unify/r/1.600597" '
       'class="keytip" data-code="1,600597">光明乳业</a></span><span id="quote_1.600597"></span>')


def _article_html() -> str:
    """Real Eastmoney HTML (the corpus variants) with tagged mentions."""
    parts = sorted((CORPUS / "variants").glob("*.html"))
    if not parts:
        return f"<p>今日{TAG}涨停，上证指数收涨。</p>"
    return "".join(p.read_text(encoding="utf-8") for p in parts)


CASES = {
    # name: (description, generator of a source of about n units)
    "lt": ("n bare '<' characters in text", lambda n: "光明乳业" + "<" * n),
    "lt-letter": ("n '<a' never closed ('<a<a<a...')", lambda n: "<a" * (n // 2)),
    "nested-spans": ("n nested <span> around a tagged name", lambda n: "<span>" * (n // 6) + TAG + "</span>" * (n // 6)),
    "unclosed-b": ("n unclosed <b> then n stray </i>", lambda n: "<b>x" * (n // 8) + "</i>" * (n // 8)),
    "data-code": ("one data-code attribute n characters long",
                  lambda n: '<p>买入<span id="stock_1.600597" class="keytip" data-code="' + "1,600597;" * (n // 9)
                  + '">光明乳业</span></p>'),
    "open-quote": ("an attribute quote never closed", lambda n: '<a href="' + "x" * n),
    "entities": ("n/5 entities in text", lambda n: "&amp;" * (n // 5) + "光明乳业"),
    "article": ("one real article's HTML repeated to n bytes", None),
}


def _make(case: str, n: int) -> str:
    if case == "article":
        unit = _article_html()
        reps = max(1, n // len(unit.encode()))
        return "<html><body>" + unit * reps + "</body></html>"
    return CASES[case][1](n)


def _best(fn, runs: int = 2) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


GOOD = '{"id": "good", "text": "贵州茅台股价大涨"}\n'


def _blank_gz(path: Path, size: int) -> None:
    """A .jsonl.gz of ``size`` bytes of blank lines (a few MB compressed)."""
    block = b"\n" * (1 << 24)
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    with open(path, "wb") as f:
        left = size
        while left > 0:
            f.write(z.compress(block[: min(left, len(block))]))
            left -= len(block)
        f.write(z.flush())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# name: (what it is, builder(tmp dir, quick) -> (paths, stdin bytes or None))
SHAPES = {
    "deep-json": ("a .json file of '[' x 100000 (JSON nested too deeply)",
                  lambda d, q: ([_write(d / "deep.json", "[" * 100_000)], None)),
    "deep-stdin": ("stdin whose first line is a record nested 100000 deep",
                   lambda d, q: (["-"], ('{"id": "deep", "text": ' + "[" * 100_000 + "}\n").encode())),
    "gz-blank": ("a .jsonl.gz of blank lines under the decompressed budget (200 MB; quick: 50 MB)",
                 lambda d, q: (_blank_gz(d / "blank.jsonl.gz", (50 if q else 200) << 20) or [d / "blank.jsonl.gz"],
                               None)),
    "gz-bomb": ("a .jsonl.gz of blank lines past the budget (2 GiB, budget 1000 MiB; quick: budget 100 MiB)",
                lambda d, q: (_blank_gz(d / "bomb.jsonl.gz", (256 if q else 2048) << 20) or [d / "bomb.jsonl.gz"],
                              None)),
    "zero-width": ("贵州\\u200b茅台 and U+200C/U+200D/U+2060/U+FEFF inside names",
                   lambda d, q: ([_write(d / "zw.html", "<p>贵州\u200b茅台股价大涨，光明\u200c乳业、平安\u200d银行、"
                                         "中国\u2060平安、宁德\ufeff时代涨停</p>")], None)),
    "em-media-tag": ("a publisher tag inside the 文章来源 line",
                     lambda d, q: ([_write(d / "src.html", '<p>正文</p><p class="em_media">（文章来源：'
                                           '<span id="stock_1.600519"><a class="keytip">贵州茅台</a></span>）</p>')],
                                   None)),
    **{f"u3000-{n // 1000}k": (f"股票代码 then a run of {n:,} U+3000 then 600519",
                               lambda d, q, n=n: ([_write(d / f"u3000-{n}.txt", "贵州茅台股票代码：" + "\u3000" * n
                                                          + "600519")], None))
       for n in (20_000, 40_000, 80_000)},
    "repeated-names": ("one article of 200,000 names (贵州茅台、光明乳业、… 2 MB; quick: 20,000)",
                       lambda d, q: ([_write(d / "names.html", "<p>" + "贵州茅台、光明乳业、平安银行、宁德时代、"
                                             * ((5_000 if q else 50_000)) + "大涨</p>")], None)),
}


def shapes(names: list[str] | None, quick: bool) -> None:
    print("| shape | seconds | peak RSS | mentions | outcome |")
    print("| --- | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        good = _write(d / "good.jsonl", GOOD)
        for name in names or list(SHAPES):
            paths, stdin = SHAPES[name][1](d, quick)
            out, errors = d / f"{name}.out", d / f"{name}.err"
            extra = ["--max-decompressed-bytes", str(100 << 20)] if quick and name == "gz-bomb" else []
            cmd = [sys.executable, "-m", "entitylink", "annotate", "--quiet", "-o", str(out), "--errors", str(errors),
                   *extra, "--", *map(str, paths), str(good)]
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if stdin is not None:
                proc.stdin.write(stdin)
                proc.stdin.close()
            err = proc.stderr.read().decode("utf-8", "replace")
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - t
            rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
            lines = [ln for ln in err.splitlines() if ln.strip()]
            summary = lines[-1] if lines else "(nothing)"
            mentions = sum(1 for _ in open(out, encoding="utf-8")) if out.exists() else 0
            reasons = [json.loads(ln)["reason"] for ln in open(errors, encoding="utf-8")] if errors.exists() else []
            outcome = f"exit {proc.returncode}: {summary}" + (f"; failed: {reasons[0]}" if reasons else "")
            if "Traceback" in err:
                outcome = f"exit {proc.returncode}: TRACEBACK {lines[-1][:80]}"
            print(f"| {name} | {seconds:.2f} | {rss:.0f} MB | {mentions} | {outcome} |", flush=True)
    print()
    for name in names or list(SHAPES):
        print(f"- {name}: {SHAPES[name][0]}")
    print("\nEach run also reads one good record after the shape (1 mention): the run goes on past the poison.")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes (article up to 5 MB)")
    p.add_argument("--growth", action="store_true", help="the doubling table of read_article and Linker.link")
    p.add_argument("--no-link", action="store_true", help="time read_article only (--growth)")
    p.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases (--growth)")
    p.add_argument("--shape", action="append", choices=list(SHAPES), help="only these shapes")
    args = p.parse_args()
    if not args.growth:
        shapes(args.shape, args.quick)
        return

    from entitylink.read.article import read_article
    from entitylink.link.linker import Linker

    linker = None if args.no_link else Linker.default()
    small = (25_000, 50_000, 100_000, 200_000)
    big = (2_500_000, 5_000_000, 10_000_000, 20_000_000)
    if args.quick:
        small = tuple(s // 4 for s in small)
        big = tuple(s // 4 for s in big)
    print("| case | size | chars | read s | growth | link s | growth |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    worst = 0.0
    for case in args.case or list(CASES):
        sizes = big if case in ("article",) else small
        prev = None
        for n in sizes:
            src = _make(case, n)
            t_read, art = _best(lambda: read_article(src, name=f"{case}.html", format="html"))
            t_link = _best(lambda: linker.link(art), 1 if n >= 5_000_000 else 2)[0] if linker else float("nan")
            g_read = f"{t_read / prev[0]:.2f}" if prev and prev[0] > 0 else ""
            g_link = f"{t_link / prev[1]:.2f}" if prev and linker and prev[1] > 0 else ""
            if prev:
                worst = max(worst, t_read / prev[0] if prev[0] > 1e-3 else 0, (t_link / prev[1]) if linker and prev[1] > 1e-3 else 0)
            label = f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n // 1000}k"
            print(f"| {case} | {label} | {len(src):,} | {t_read:.4f} | {g_read} | {t_link:.4f} | {g_link} |", flush=True)
            prev = (t_read, t_link)
    print()
    for case, (desc, _) in CASES.items():
        print(f"- {case}: {desc}")
    print(f"\nworst growth per doubling (timings above 1 ms): {worst:.2f} (linear ~ 2.0, quadratic ~ 4.0)")


# -- long and dense articles: time, peak memory and the budgets (batch/run.py) ------------

_NEWS = ("贵州茅台(600519)股价大涨，光明乳业发布公告称净利增长，中国平安、招商银行、宁德时代涨停，"
         "比亚迪电子与长城汽车跌超3%，腾讯控股(00700.HK)在港股收涨。煤炭、储能等板块走强。\n")

BUDGET_CASES = {
    # name: (description, generator of about n bytes of text)
    "long-names": ("realistic sentences full of names and codes, repeated", lambda n: _NEWS * max(1, n // len(_NEWS.encode()))),
    "code-label-wide-spaces": ("股票代码 + a run of U+3000, no code after it", lambda n: "股票代码" + "\u3000" * (n // 3) + "x"),
    "overlapping-names": ("中国平安银行 repeated: names inside names", lambda n: "中国平安银行" * max(1, n // 18)),
}


def _annotate(cwd: Path, path: Path, extra: list[str], tmp: str) -> tuple[float, float, str, str]:
    """One ``entitylink annotate`` of ``path`` run in ``cwd`` (the checkout whose package it imports):
    seconds, this child's own peak RSS in MB (``wait4``), mentions written, outcome."""
    t = time.perf_counter()
    with open(Path(tmp) / "stderr", "w+", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "entitylink", "annotate", "--quiet", str(path),
                                 "-o", os.devnull, *extra], stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t
        err.seek(0)
        stderr = err.read()
    lines = stderr.strip().splitlines() or ["?"]
    mentions = lines[-1].rsplit(",", 1)[-1].split()[0]
    outcome = "ok" if proc.returncode == 0 else lines[0].split(": ", 2)[-1][:70]
    return seconds, usage.ru_maxrss / 1024, mentions, outcome


def budgets_main(argv: list[str] | None = None) -> None:
    """Each case as ``entitylink annotate`` runs it (one child process per run, its peak RSS from
    ``wait4``; the seconds include building the linker): with the default budgets, and with none (``--max-mentions 0
    --timeout-per-article 0``) up to ``--max-mb``. ``B/mention`` is the marginal peak RSS per mention
    from the size before (runs without budgets). With ``--against DIR`` (another checkout, e.g. of
    main) every run is made there too, right after, so both are measured side by side."""
    p = argparse.ArgumentParser(description=budgets_main.__doc__)
    p.add_argument("--sizes", default="0.25,1,5,20", help="MB, comma-separated")
    p.add_argument("--max-mb", type=float, default=5, help="largest size run without budgets")
    p.add_argument("--case", action="append", choices=list(BUDGET_CASES), help="only these cases")
    p.add_argument("--against", type=Path, help="another checkout to run each case in too (its label: its name)")
    p.add_argument("--no-default", action="store_true", help="only the runs without budgets")
    args = p.parse_args(argv)
    trees = [("this", REPO)] + ([(args.against.name, args.against.resolve())] if args.against else [])
    print("| case | size | budgets | tree | seconds | peak RSS MB | mentions | B/mention | outcome |")
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.case or list(BUDGET_CASES):
            make = BUDGET_CASES[case][1]
            before: dict[str, tuple[float, int]] = {}
            for mb in (float(x) for x in args.sizes.split(",")):
                path = Path(tmp) / f"{case}.txt"
                path.write_text(make(int(mb * 1e6)), encoding="utf-8")
                for budgets, extra in (("default", []), ("none", ["--max-mentions", "0", "--timeout-per-article", "0"])):
                    if (budgets == "none" and mb > args.max_mb) or (budgets == "default" and args.no_default):
                        continue
                    for label, tree in trees:
                        seconds, peak, mentions, outcome = _annotate(tree, path, extra, tmp)
                        per = ""
                        if budgets == "none" and mentions.isdigit():
                            if label in before and int(mentions) > before[label][1]:
                                per = f"{(peak - before[label][0]) * 2**20 / (int(mentions) - before[label][1]):.0f}"
                            before[label] = (peak, int(mentions))
                        print(f"| {case} | {mb:g} MB | {budgets} | {label} | {seconds:.1f} | {peak:.0f} | {mentions} "
                              f"| {per} | {outcome} |", flush=True)
    for case, (desc, _) in BUDGET_CASES.items():
        print(f"- {case}: {desc}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["budgets"]:
        budgets_main(sys.argv[2:])
    else:
        main()
