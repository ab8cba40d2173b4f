"""Time the parser and linker on generated hostile inputs at doubling sizes.

    python benchmarks/hostile.py [--quick] [--no-link]
    python benchmarks/hostile.py budgets [--sizes 0.25,1,5,20] [--max-mb 5]

Each case is generated at four sizes, each twice the last; the table shows the
seconds of ``read_article`` (decode + HTML to text + tags) and of
``Linker.link``, and the growth ratio from the previous size. Linear cost gives
a ratio near 2.0 per doubling; quadratic cost gives 4.0. The timing is the best
of two runs (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes (article up to 5 MB)")
    p.add_argument("--no-link", action="store_true", help="time read_article only")
    p.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases")
    args = p.parse_args()

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


def budgets_main(argv: list[str] | None = None) -> None:
    """Each case as ``entitylink annotate`` runs it (one child process per run, its peak RSS from
    ``wait4``; the seconds include building the linker): with the default budgets, and with none (``--max-mentions 0
    --timeout-per-article 0``) up to ``--max-mb``."""
    import subprocess
    import tempfile

    p = argparse.ArgumentParser(description=budgets_main.__doc__)
    p.add_argument("--sizes", default="0.25,1,5,20", help="MB, comma-separated")
    p.add_argument("--max-mb", type=float, default=5, help="largest size run without budgets")
    args = p.parse_args(argv)
    print("| case | size | budgets | seconds | peak RSS MB | mentions | outcome |")
    print("| --- | ---: | --- | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for case, (_, make) in BUDGET_CASES.items():
            for mb in (float(x) for x in args.sizes.split(",")):
                path = Path(tmp) / f"{case}.txt"
                path.write_text(make(int(mb * 1e6)), encoding="utf-8")
                for budgets, extra in (("default", []), ("none", ["--max-mentions", "0", "--timeout-per-article", "0"])):
                    if budgets == "none" and mb > args.max_mb:
                        continue
                    t = time.perf_counter()
                    with open(Path(tmp) / "stderr", "w+", encoding="utf-8") as err:
                        proc = subprocess.Popen([sys.executable, "-m", "entitylink", "annotate", "--quiet", str(path),
                                                 "-o", os.devnull, *extra], stderr=err, cwd=REPO)
                        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
                        proc.returncode = os.waitstatus_to_exitcode(status)
                        seconds = time.perf_counter() - t
                        err.seek(0)
                        stderr = err.read()
                    peak_mb = f"{usage.ru_maxrss / 1024:.0f}"
                    lines = stderr.strip().splitlines() or ["?"]
                    mentions = lines[-1].rsplit(",", 1)[-1].split()[0]
                    outcome = "ok" if proc.returncode == 0 else lines[0].split(": ", 2)[-1][:70]
                    print(f"| {case} | {mb:g} MB | {budgets} | {seconds:.1f} | {peak_mb} | {mentions} | {outcome} |",
                          flush=True)
    for case, (desc, _) in BUDGET_CASES.items():
        print(f"- {case}: {desc}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["budgets"]:
        budgets_main(sys.argv[2:])
    else:
        main()
