"""Cold start of ``entitylink annotate`` on one article, and of ``import entitylink``,
measured side by side for this checkout and, with ``--base DIR``, another one (a
``git worktree``/``git archive`` of the older code):

    python benchmarks/coldstart.py [--base /tmp/old-checkout] [--runs 7]

Each figure is a fresh interpreter (``python -m entitylink annotate ARTICLE -o /dev/null``
and ``python -c "import entitylink"``), wall time and CPU time (user + sys) of the child
and its peak RSS; the checkouts take turns run by run, so that load on the machine falls
on both alike. "Warm cache" runs with a cache directory filled by a first run, "cold
cache" with an empty one each time. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "examples" / "data" / "new-energy-weekly.md"


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MB) of one child."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, not the sum of all
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise RuntimeError(f"{cmd}: {err.read()[-2000:].decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _env(checkout: Path, cache: str) -> dict[str, str]:
    # PYTHONPATH comes before the editable install: the child imports that checkout;
    # the run starts outside any checkout, so the current directory shadows nothing
    # byte code is written and read as an installed package's is (PYTHONDONTWRITEBYTECODE would
    # make every run compile every module: some 0.2 s that no user pays)
    env = {**os.environ, "PYTHONPATH": str(checkout), "ENTITYLINK_CACHE_DIR": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", type=Path, help="another checkout to measure side by side")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--article", type=Path, default=ARTICLE)
    args = p.parse_args()
    checkouts = {"this": REPO}
    if args.base:
        checkouts = {"base": args.base.resolve(), **checkouts}
    py = sys.executable
    annotate = [py, "-m", "entitylink", "annotate", str(args.article.resolve()), "-o", os.devnull, "--quiet"]
    imp = [py, "-c", "import entitylink"]
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    work = Path(tempfile.mkdtemp(prefix="entitylink-coldstart-"))
    try:
        os.chdir(work)
        warm = {name: str(work / f"warm-{name}") for name in checkouts}
        for name, checkout in checkouts.items():
            _run(annotate, _env(checkout, warm[name]))  # fill the warm cache
        for _ in range(args.runs):
            for name, checkout in checkouts.items():
                results.setdefault((name, "annotate, warm cache"), []).append(
                    _run(annotate, _env(checkout, warm[name])))
                cold = work / f"cold-{name}"
                results.setdefault((name, "annotate, cold cache"), []).append(_run(annotate, _env(checkout, str(cold))))
                shutil.rmtree(cold, ignore_errors=True)
                results.setdefault((name, "import entitylink"), []).append(_run(imp, _env(checkout, warm[name])))
    finally:
        os.chdir(REPO)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.runs} runs each, taking turns; median (min) seconds; peak RSS of the annotate runs")
    print(f"| what | {' | '.join(f'{n} wall | {n} CPU' for n in checkouts)} | RSS MB |")
    print(f"| --- | {' | '.join('---: | ---:' for _ in checkouts)} | ---: |")
    for what in ("annotate, warm cache", "annotate, cold cache", "import entitylink"):
        cells = []
        for name in checkouts:
            xs = results[(name, what)]
            for k in (0, 1):
                vals = [x[k] for x in xs]
                cells.append(f"{statistics.median(vals):.3f} ({min(vals):.3f})")
        print(f"| {what} | {' | '.join(cells)} | "
              f"{' / '.join(f'{max(x[2] for x in results[(n, what)]):.0f}' for n in checkouts)} |")


if __name__ == "__main__":
    main()
