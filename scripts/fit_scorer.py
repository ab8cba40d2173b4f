"""Fit the scorer of ``entitylink/link/score.py`` and print its reliability tables.

    python scripts/fit_scorer.py              # collect (cached), fit, calibrate, print; writes nothing
    python scripts/fit_scorer.py --write      # ... and rewrite the fitted table in link/score.py
    python scripts/fit_scorer.py --report     # only the tables of the scorer as committed

1. **Weak labels** (``../shared/corpus/flash``): the CLS and 10jqka items are linked as
   ``benchmarks/flash.py`` links them; on the items whose publisher list holds an equity or an
   index, every linked equity mention (A, Hong Kong, US; not tags) is labelled right when the
   publisher listed its security (compared by code, US by ticker), wrong otherwise. The labels
   are noisy: publishers leave out companies the text names, so "wrong" is often right.
   The first 40 days fit; the last 20 are held out.
2. **Fit**: a logistic regression over the binary features of ``score.FEATURES`` (each
   mention's features are read off its evidence by ``score.features``), by gradient descent in
   plain Python with a small L2 penalty; the sign each feature must keep (``FEATURES``) is
   enforced by projection, so the scorer stays monotone.
3. **Calibration** on the dev gold (``../shared/corpus/gold/finews-dev.gold.jsonl``): one number,
   ``SHIFT``, added to the fitted log-odds (maximum likelihood on the gold's non-tag predictions
   judged TP/FP by ``entitylink.tools.evaluate``). The weak labels understate precision by the
   publishers' omissions; the gold sets the level, the weak labels the ranking.
4. **Reliability tables**: dev gold (in-sample for the calibration number; a two-fold split
   by article is printed too), the trap suite (``tests/cases/traps``), and the flash days (weak
   labels, fit and held out).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import entitylink as el  # noqa: E402
from entitylink.link import score  # noqa: E402
from entitylink.tools import publisher_lists as pl  # noqa: E402
from entitylink.tools.evaluate import at_least, evaluate, format_reliability, load_articles, reliability  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
FLASH = SHARED / "flash"
GOLD = SHARED / "gold" / "finews-dev.gold.jsonl"
CACHE = ROOT / "out" / "scorer" / "flash-mentions.jsonl"
FIT_DAYS = 40
EQUITIES = ("A", "HK", "US")
L2 = 1.0  # penalty on the weights (not the bias), in units of examples
_linker = None


# -- 1. weak labels ------------------------------------------------------------


def _item_text(rec: dict) -> str:
    title = rec.get("title") if isinstance(rec.get("title"), str) else ""
    content = rec.get("content") if isinstance(rec.get("content"), str) else ""
    title, content = (title or "").strip(), (content or "").strip()
    if title and title not in content:
        return f"{title}\n{content}" if content else title
    return content


def _label_file(path: str) -> list[dict]:
    """Every linked equity mention of one flash file's listed items, with its weak label."""
    global _linker
    if _linker is None:
        _linker = el.Linker.default()
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            plist = pl.from_record(rec)
            listed = {pl.us_key(s) for s, _ in plist.entries if pl.market_group(s) in (*EQUITIES, "index")}
            text = _item_text(rec)
            if not listed or not text:
                continue
            article = el.read_article(json.dumps({"id": str(rec.get("id")), "content": text,
                                                  "title": rec.get("title") or "",
                                                  "date": rec.get("datetime") or rec.get("date")},
                                                 ensure_ascii=False), format="jsonl")
            for m in _linker.link(article).mentions:
                if m.secid and m.method != "tag" and pl.market_group(m.secid) in EQUITIES:
                    out.append({"method": m.method, "kind": m.kind, "evidence": list(m.evidence),
                                "flags": list(m.flags), "right": pl.us_key(m.secid) in listed})
    return out


def flash_days() -> list[str]:
    return sorted({f.name.split("-", 1)[1][:10] for f in FLASH.glob("*.jsonl.gz")})


def collect(workers: int) -> list[dict]:
    """The labelled mentions of every CLS and 10jqka file (cached in ``out/scorer/``)."""
    files = sorted(f for f in FLASH.glob("*.jsonl.gz") if f.name.startswith(("cls-", "ths-")))
    if CACHE.exists():
        return [json.loads(x) for x in CACHE.read_text(encoding="utf-8").splitlines()]
    el.Linker.default()
    with ProcessPoolExecutor(workers) as ex:
        results = list(ex.map(_label_file, map(str, files)))
    rows = []
    for f, got in zip(files, results):
        day = f.name.split("-", 1)[1][:10]
        rows += [{**r, "day": day, "publisher": f.name.split("-", 1)[0]} for r in got]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows


def feats(row: dict) -> tuple[str, ...]:
    return score.features(row["method"], row["kind"], row["evidence"], row["flags"])


# -- 2. fit ----------------------------------------------------------------------


def fit(examples: Counter, steps: int = 4000, rate: float = 0.5) -> tuple[float, dict[str, float]]:
    """Logistic regression over ``{(features, right): count}``: bias and weights, signs kept."""
    names = sorted(score.FEATURES)
    bias, w = 0.0, dict.fromkeys(names, 0.0)
    n = sum(examples.values())
    groups: dict[tuple[str, ...], list[int]] = {}
    for (fs, right), c in examples.items():
        groups.setdefault(fs, [0, 0])[0 if right else 1] += c
    for _ in range(steps):
        gb, gw = 0.0, dict.fromkeys(names, 0.0)
        for fs, (pos, neg) in groups.items():
            z = bias + sum(w[f] for f in fs)
            p = 1 / (1 + math.exp(-z))
            err = p * (pos + neg) - pos  # d(negative log-likelihood)/dz
            gb += err
            for f in fs:
                gw[f] += err
        bias -= rate * gb / n
        for f in names:
            w[f] -= rate * (gw[f] + L2 * w[f]) / n
            sign = score.FEATURES[f][0]
            if sign > 0 and w[f] < 0 or sign < 0 and w[f] > 0:
                w[f] = 0.0
    return bias, w


def calibrate(points: list[tuple[float, bool]], steps: int = 3000, rate: float = 0.5) -> float:
    """The shift ``b`` with sigmoid(z + b) fitted to ``(z, right)`` (maximum likelihood).

    One number: the weak labels fit how the signals rank mentions (37,000 of them), the gold
    only where that ranking sits (185 predictions, 10 wrong: too few to refit a slope too; a
    two-parameter Platt fit flattened every confidence to 0.92-0.97)."""
    b = 0.0
    for _ in range(steps):
        b -= rate * sum(1 / (1 + math.exp(-(z + b))) - right for z, right in points) / len(points)
    return b


# -- 3. the gold and the traps -------------------------------------------------------


def gold_verdicts(linker) -> list[tuple[tuple[str, ...], str, bool, str]]:
    """``(features, method, right, file)`` of every non-excused prediction on the dev gold."""
    articles, _ = load_articles([str(SHARED / "finews")])
    docs = [linker.link(a) for a in articles]
    result = evaluate(docs, GOLD)
    file_of = {id(m): d.path or d.article_id for d in docs for m in d.mentions}
    return [(score.features(m.method, m.kind, m.evidence, m.flags), m.method, v == "tp", str(file_of.get(id(m))))
            for m, v in result.verdicts if v != "excused"]


def trap_verdicts(linker) -> list[tuple[tuple[str, ...], str, bool]]:
    """``(features, method, right)`` of every prediction of the trap suite (``tests/test_traps.py``)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import traps  # noqa: PLC0415

    suite = traps._suite()
    out = []
    for case in suite.load_cases():
        doc = suite.link_case(linker, case)
        want = {suite.canonical(case["text"], *w) for w in suite.expected_spans(case)}
        for m in doc.mentions:
            if m.kind in suite.LINKED_KINDS and m.secid:
                got = suite.canonical(case["text"], *suite._source_span(m), m.secid)
                out.append((score.features(m.method, m.kind, m.evidence, m.flags), m.method, got in want))
    return out


def conf(fs: tuple[str, ...], method: str, bias: float, w: dict[str, float], b: float) -> float:
    if method == "tag":
        return 1.0
    z = bias + sum(w.get(f, 0.0) for f in fs) + b
    return round(1 / (1 + math.exp(-z)), 3)


def show(title: str, scored: list[tuple[float, bool]]) -> None:
    n, right = at_least(scored, 0.9)
    total = len(scored)
    print(format_reliability(reliability(scored), title))
    print(f"  all: {total} mentions, {sum(r for _, r in scored)} right; at >= 0.9: {n}, "
          f"{right} right ({right / n:.3f})" if n else f"  all: {total}; none at >= 0.9")
    print()


def write_table(bias: float, w: dict[str, float], b: float) -> None:
    path = ROOT / "entitylink" / "link" / "score.py"
    src = path.read_text(encoding="utf-8")
    body = "".join(f"    {f!r}: {round(v, 3)},\n" for f, v in sorted(w.items()) if round(v, 3) != 0.0)
    table = (f"BIAS = {round(bias, 3)}\nWEIGHTS: dict[str, float] = {{\n{body}}}\n"
             f"SHIFT = {round(b, 3)}\n")
    new, n = re.subn(r"BIAS = .*?\nSHIFT = [^\n]*\n", table, src, count=1, flags=re.S)
    assert n == 1, "the fitted table of score.py was not found"
    path.write_text(new, encoding="utf-8")
    print(f"wrote the fitted table to {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the fitted table in link/score.py")
    ap.add_argument("--report", action="store_true", help="only print the tables of the committed scorer")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--recollect", action="store_true", help="link the flash items again (drop the cache)")
    args = ap.parse_args(argv)
    if not FLASH.is_dir() or not GOLD.exists():
        print(f"needs {FLASH} and {GOLD}", file=sys.stderr)
        return 2
    if args.recollect and CACHE.exists():
        CACHE.unlink()
    rows = collect(args.workers)
    days = flash_days()
    fit_days = set(days[:FIT_DAYS])
    train = Counter((feats(r), r["right"]) for r in rows if r["day"] in fit_days)
    held = [(feats(r), r["method"], r["right"]) for r in rows if r["day"] not in fit_days]
    print(f"flash weak labels: {sum(train.values())} mentions on {len(fit_days)} fit days "
          f"({sum(c for (_, r), c in train.items() if r)} listed), {len(held)} on "
          f"{len(days) - len(fit_days)} held-out days\n")
    linker = el.Linker.default()
    gold = gold_verdicts(linker)
    if args.report:
        bias, w, b = score.BIAS, dict(score.WEIGHTS), score.SHIFT
    else:
        bias, w = fit(train)
        pts = [(bias + sum(w[f] for f in fs), right) for fs, method, right, _ in gold if method != "tag"]
        b = calibrate(pts)
        # two-fold check of the calibration: fit the two numbers on half the gold articles, score the other
        files = sorted({f for *_, f in gold})
        halves = [set(files[0::2]), set(files[1::2])]
        out_of_fold = []
        for k in (0, 1):
            fold = [(bias + sum(w[f] for f in fs), right) for fs, method, right, f in gold
                    if method != "tag" and f in halves[k]]
            bk = calibrate(fold)
            out_of_fold += [(conf(fs, method, bias, w, bk), right) for fs, method, right, f in gold
                            if f in halves[1 - k]]
        print(f"fitted: BIAS {bias:.3f}, SHIFT {b:.3f}")
        for f in sorted(w, key=lambda f: -abs(w[f])):
            print(f"  {f:<24}{w[f]:>8.3f}  {score.FEATURES[f][1]}")
        print()
        show("dev gold, calibration fitted on the other half of the articles (two folds)", out_of_fold)
    show("dev gold (finews-dev.gold.jsonl)", [(conf(fs, m, bias, w, b), r) for fs, m, r, _ in gold])
    show("trap suite (tests/cases/traps)", [(conf(fs, m, bias, w, b), r) for fs, m, r in trap_verdicts(linker)])
    show(f"flash, weak labels, held-out days {days[FIT_DAYS]}..{days[-1]}",
         [(conf(fs, m, bias, w, b), r) for fs, m, r in held])
    show(f"flash, weak labels, fit days {days[0]}..{days[FIT_DAYS - 1]}",
         [(conf(fs, "", bias, w, b), r) for (fs, r), c in train.items() for _ in range(c)])
    sigs = Counter((fs, r) for fs, r in train.elements())
    print("most frequent feature sets on the fit days (mentions, listed share, confidence):")
    totals = Counter()
    for (fs, r), c in sigs.items():
        totals[fs] += c
    for fs, c in totals.most_common(25):
        print(f"  {c:>6} {sigs[(fs, True)] / c:>6.3f} {conf(fs, '', bias, w, b):>6.3f}  {' '.join(fs)}")
    if args.write and not args.report:
        write_table(bias, w, b)
    return 0


if __name__ == "__main__":
    sys.exit(main())
