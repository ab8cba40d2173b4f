"""Throughput, recall, cold start and memory of entitylink against the naive pipeline.

One command, one run, the same articles for every row:

    python benchmarks/run.py [--size-mb 20] [--quick]

Rows:

(a) naive: BeautifulSoup(lxml) text, a ``jieba.Tokenizer`` with every alias of
    entitylink's dictionary added as a user word, each token looked up in an
    alias -> secid dict (what users write by hand);
(b) entitylink ``read_article`` + ``Linker.link_many`` in one process (a group at a time,
    as ``annotate`` links);
(c) ``entitylink annotate --workers 1`` / ``--workers 2`` (and ``--dask local:2``
    when it works) as subprocesses over files written to a temp dir.

Also: the per-stage table of ``stages.py`` (read, scan, segmentation, decisions, records,
write) and, without ``--quick``, its steady-state rows (``annotate --workers 1`` on a 4x dump
minus a 1x dump, against the naive pipeline timed alike, per kind of article).

The articles are every file of ``../shared/corpus/finews`` and ``variants``,
repeated until the set reaches ``--size-mb`` (MB = 10^6 bytes of source).
Each pipeline runs in its own child process so that peak RSS
(``resource.getrusage``) belongs to that pipeline alone. Results are printed
and written to ``benchmarks/RESULTS.md``. Targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GOLD = CORPUS / "gold" / "finews-dev.gold.jsonl"
MB = 1_000_000
PY = sys.executable


# -- the articles -------------------------------------------------------------

def corpus_files() -> list[Path]:
    files = sorted((CORPUS / "finews").glob("*.md")) + sorted(p for p in (CORPUS / "variants").iterdir() if p.is_file())
    if not files:
        sys.exit(f"no articles under {CORPUS}")
    return files


def article_set(size_mb: float) -> tuple[list[tuple[str, bytes]], int, int]:
    """``(name, data)`` of the corpus repeated to at least ``size_mb``; also (base bytes, repeats)."""
    base = [(p.name, p.read_bytes()) for p in corpus_files()]
    base_bytes = sum(len(d) for _, d in base)
    reps = max(1, math.ceil(size_mb * MB / base_bytes))
    return base * reps, base_bytes, reps


def _rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


# -- the pipelines (run inside child processes) -------------------------------

class Naive:
    """The hand-written pipeline: bs4+lxml text, jieba with user words, dict lookup."""

    def __init__(self) -> None:
        import jieba
        from entitylink.knowledge.dictionary import Dictionary

        jieba.setLogLevel(60)
        d = Dictionary.default()
        self.codes = {}
        for t in d.alias_texts():
            aliases = d.lookup(t)
            if aliases:
                self.codes[t] = aliases[0].secid
        self.tok = jieba.Tokenizer()
        self.tok.initialize()
        for name in self.codes:
            self.tok.add_word(name)

    def run(self, data: bytes) -> list[tuple[str, str]]:
        from bs4 import BeautifulSoup

        text = data.decode("utf-8", errors="replace")
        if text.startswith("---"):  # Jekyll front matter: users drop it
            end = text.find("\n---", 3)
            if end > 0:
                text = text[end + 4:]
        text = BeautifulSoup(text, "lxml").get_text()
        codes = self.codes
        return [(w, codes[w]) for w in self.tok.cut(text) if w in codes]


def child_naive(args) -> dict:
    arts = article_set(args.size_mb)[0]
    t0 = time.perf_counter()
    n = Naive()
    setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = sum(len(n.run(d)) for _, d in arts)
    secs = time.perf_counter() - t0
    return {"seconds": secs, "setup": setup, "articles": len(arts), "bytes": sum(len(d) for _, d in arts),
            "chars": sum(len(d.decode("utf-8", "replace")) for _, d in arts), "found": found,
            "rss_mb": _rss_mb(), "words": len(n.codes), "recall": recall_naive(n)}


def warm_linker(linker) -> None:
    """Bring ``linker`` to the state of a long run, as the naive pipeline's jieba is ready after its
    setup: its memos filled and its name automaton built (the matcher scans substrings until it has
    searched ``SCAN_BUDGET`` characters, then builds the automaton), by linking copies of the corpus,
    untimed, until more than that many characters were linked. Else the one-time work falls in the
    timed loop, and the 1 MB growth row looks slower per byte than the 16 MB one."""
    from entitylink.link.matcher import SCAN_BUDGET
    from entitylink.read.article import read_article

    base = article_set(0)[0]  # one copy of the corpus
    done = 0
    while done <= SCAN_BUDGET:
        for name, data in base:
            doc = linker.link(read_article(data, name=name))
            done += len(doc.text) + len(doc.title or "")


def child_linker(args) -> dict:
    """The articles read, then linked as ``annotate`` links them: a group at a time by
    ``Linker.link_many`` (names found in one automaton pass), the mentions counted from the rows
    (``Document.mention_rows``: the writers never make the pydantic models)."""
    from entitylink.read.article import read_article
    from entitylink.link.linker import Linker
    from entitylink.link.scanned import article_chars, scan_groups

    arts = article_set(args.size_mb)[0]
    t0 = time.perf_counter()
    linker = Linker.default()
    setup = time.perf_counter() - t0
    warm_linker(linker)
    t_read = t_link = 0.0
    found = 0

    def read_all():
        nonlocal t_read
        for name, data in arts:
            a = time.perf_counter()
            art = read_article(data, name=name)
            t_read += time.perf_counter() - a
            yield art

    t0 = time.perf_counter()
    for group in scan_groups(read_all(), article_chars):
        b = time.perf_counter()
        found += sum(len(doc.mention_rows()) for doc in linker.link_many(group))
        t_link += time.perf_counter() - b
    secs = time.perf_counter() - t0
    out = {"seconds": secs, "setup": setup, "read": t_read, "link": t_link, "articles": len(arts),
           "bytes": sum(len(d) for _, d in arts), "found": found, "rss_mb": _rss_mb()}
    if not args.no_recall:
        out["recall"], out["official"] = recall_linker(linker)
    return out


def child_floor(args) -> dict:
    """What linking may cost at most: the same articles read only, and read then
    scanned for candidates (fold, name automaton, code patterns) with no decision
    taken on any of them, as linking scans them: a group of articles in one automaton pass
    (``Linker.scan_many``), the linker warmed first as in ``child_linker`` (else the name
    automaton's one-time build falls inside the timed scan). A 10x target leaves linking the
    difference. Left out, so the floor is a little low: the quote board's day-mark forms and the
    codes named before a name (``hit_table.find_found``), which linking looks for too; an article
    longer than ``scanned.SCAN_CHARS`` is left to ``link`` by the scan and counted here with no
    hits (the corpus holds none)."""
    from entitylink.read.article import read_article
    from entitylink.link.codes import find_codes
    from entitylink.link.linker import Linker
    from entitylink.link.scanned import article_chars, scan_groups

    arts = article_set(args.size_mb)[0]
    linker = Linker.default()
    warm_linker(linker)
    known = linker.dictionary.__contains__
    t0 = time.perf_counter()
    for name, data in arts:
        read_article(data, name=name)
    read_s = time.perf_counter() - t0
    hits = 0
    t0 = time.perf_counter()
    for group in scan_groups((read_article(data, name=name) for name, data in arts), article_chars):
        for scanned in linker.scan_many(group):
            hits += len(scanned.hits or ()) + len(find_codes(scanned.folded, known))
    scan_s = time.perf_counter() - t0
    return {"read": read_s, "scan": scan_s, "hits": hits, "articles": len(arts)}


def child_profile(args) -> dict:
    from pyinstrument import Profiler

    from entitylink.read.article import read_article
    from entitylink.link.linker import Linker

    arts = article_set(args.size_mb)[0]
    linker = Linker.default()
    p = Profiler(interval=0.001)
    p.start()
    for name, data in arts:
        linker.link(read_article(data, name=name))
    p.stop()
    out = HERE / "profile.txt"
    out.write_text(p.output_text(unicode=True, color=False, show_all=False))
    return {"profile": str(out)}


def child_stages(args) -> dict:
    """``stages.py``'s per-stage table over finews + variants + the first two flash days."""
    import stages

    return {"lines": stages.per_stage(stages.articles(2))}


def cold_start_probe() -> None:
    """Import + default Linker + first article, timed from this process's first line."""
    t0 = time.perf_counter()
    from entitylink.read.article import read_article
    from entitylink.knowledge.dictionary import Dictionary
    from entitylink.link.linker import Linker

    t1 = time.perf_counter()
    Dictionary.default()  # timed on its own: the dictionary issue asks for well under 0.5 s
    t2 = time.perf_counter()
    first = corpus_files()[0]
    Linker.default().link(read_article(first.read_bytes(), name=first.name))
    t3 = time.perf_counter()
    print(json.dumps({"ms": (t3 - t0) * 1000, "import_ms": (t1 - t0) * 1000, "dict_ms": (t2 - t1) * 1000,
                      "rss_mb": _rss_mb()}))


# -- recall on the dev gold ----------------------------------------------------

def _gold() -> dict[str, Counter]:
    out = {}
    with open(GOLD, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                out[rec["file"]] = Counter((m["surface"], m["secid"]) for m in rec["mentions"])
    return out


def _recall(pred: dict[str, Counter]) -> dict:
    gold = _gold()
    total = sum(sum(c.values()) for c in gold.values())
    hit = sum(sum((c & pred.get(f, Counter())).values()) for f, c in gold.items())
    npred = sum(sum(pred.get(f, Counter()).values()) for f in gold)
    return {"recall": hit / total if total else 0.0, "precision": hit / npred if npred else 0.0,
            "gold": total, "found": hit, "predicted": npred}


def recall_naive(n: Naive) -> dict:
    gold = _gold()
    return _recall({f: Counter(n.run((CORPUS / "finews" / f).read_bytes())) for f in gold})


def recall_linker(linker) -> tuple[dict, dict | None]:
    from entitylink.read.article import read_article

    gold = _gold()
    docs, pred = [], {}
    for f in gold:
        p = CORPUS / "finews" / f
        doc = linker.link(read_article(p.read_bytes(), name=str(p)))
        docs.append(doc)
        pred[f] = Counter((m.surface, m.secid) for m in doc.mentions if m.secid)
    official = None
    try:  # entitylink's own scorer, when present
        from entitylink.tools.evaluate import evaluate

        res = evaluate(docs, GOLD)
        official = {k: {m: round(v, 4) for m, v in d.items()} for k, d in res.metrics().items()} if hasattr(res, "metrics") else None
    except Exception as exc:  # noqa: BLE001 - report, do not fail the benchmark
        official = {"error": f"{type(exc).__name__}: {exc}"}
    return _recall(pred), official


# -- the parent: orchestration --------------------------------------------------

def _child(mode: str, size_mb: float, *extra: str, env: dict | None = None) -> dict:
    cmd = [PY, str(Path(__file__).resolve()), "--child", mode, "--size-mb", str(size_mb), *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    if r.returncode:
        raise RuntimeError(f"{mode} child failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _rusage_wrap(cmd: list[str], env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and the peak RSS (MB) of the largest process of ``cmd``'s tree."""
    wrapper = (
        "import json,resource,subprocess,sys,time\n"
        "cmd=json.loads(sys.argv[1]); t=time.perf_counter()\n"
        "r=subprocess.run(cmd,capture_output=True,text=True)\n"
        "dt=time.perf_counter()-t\n"
        "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "m=m/1048576 if sys.platform=='darwin' else m/1024\n"
        "print(json.dumps({'s':dt,'rss':m,'rc':r.returncode,'err':r.stderr[-3000:]}))\n"
    )
    r = subprocess.run([PY, "-c", wrapper, json.dumps(cmd)], capture_output=True, text=True, env=env, cwd=REPO)
    out = json.loads(r.stdout.strip().splitlines()[-1])
    return out["s"], out["rss"], subprocess.CompletedProcess(cmd, out["rc"], "", out["err"])


def _entitylink_cmd() -> list[str]:
    exe = Path(PY).with_name("entitylink")
    return [str(exe)] if exe.exists() else [PY, "-m", "entitylink"]


def write_files(arts: list[tuple[str, bytes]], base_count: int, root: Path) -> None:
    for i, (name, data) in enumerate(arts):
        d = root / f"rep{i // base_count:04d}"
        if i % base_count == 0:
            d.mkdir(parents=True)
        (d / name).write_bytes(data)


def _median_run(runs: list[dict]) -> dict:
    """The run of median time (its other figures with it), peak RSS the largest of all."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    mid = dict(ordered[(len(ordered) - 1) // 2])
    mid["rss_mb"] = max(r["rss_mb"] for r in runs)
    mid["runs"] = [r["seconds"] for r in runs]
    return mid


def cli_rows(arts, base_count: int, notes: list[str], quick: bool, repeat: int) -> list[dict]:
    try:
        import entitylink.batch.run  # noqa: F401
    except Exception as exc:  # noqa: BLE001
        notes.append(f"`entitylink annotate` skipped: entitylink.batch.run not importable ({type(exc).__name__}: {exc}).")
        return []
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="entitylink-bench-"))
    try:
        root = tmp / "in"
        write_files(arts, base_count, root)
        runs = [("annotate --workers 1", ["--workers", "1"]), ("annotate --workers 2", ["--workers", "2"])]
        if not quick:
            runs.append(("annotate --dask local:2", ["--dask", "local:2"]))
        # Rounds of every command in turn, so that a busy moment of the machine
        # does not fall on one row only; each row reports its median run.
        timed: dict[str, list[dict]] = {label: [] for label, _ in runs}
        failed: set[str] = set()
        for _ in range(repeat):
            for label, opts in runs:
                if label in failed:
                    continue
                out = tmp / "out.jsonl"
                cmd = [*_entitylink_cmd(), "annotate", str(root), "-o", str(out), "--quiet", *opts]
                secs, rss, r = _rusage_wrap(cmd)
                out.unlink(missing_ok=True)
                if r.returncode:
                    last = (r.stderr.strip().splitlines() or ["?"])[-1]
                    notes.append(f"`{label}` skipped: exit {r.returncode} ({last[:200]}).")
                    failed.add(label)
                    continue
                timed[label].append({"seconds": secs, "rss_mb": rss})
        for label, _ in runs:
            if label not in failed and timed[label]:
                rows.append({"label": f"(c) entitylink {label}", **_median_run(timed[label]),
                             "rss_what": "largest process", "wall": True})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def cold_start(runs: int) -> dict:
    cmd = [PY, "-c", f"import sys; sys.path.insert(0, {str(HERE)!r}); import run; run.cold_start_probe()"]

    def once(env):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
        wall = (time.perf_counter() - t) * 1000
        if r.returncode:
            raise RuntimeError(r.stderr[-2000:])
        d = json.loads(r.stdout.strip().splitlines()[-1])
        d["wall_ms"] = wall
        return d

    env = dict(os.environ)
    once(env)  # fill the default cache
    warm = [once(env) for _ in range(runs)]
    cold = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="entitylink-cold-") as d:
            cold.append(once({**env, "ENTITYLINK_CACHE_DIR": d}))

    def med(xs, k):
        return statistics.median(x[k] for x in xs)

    return {"warm_ms": med(warm, "ms"), "warm_wall_ms": med(warm, "wall_ms"),
            "import_ms": med(warm, "import_ms"), "dict_ms": med(warm, "dict_ms"),
            "cold_ms": med(cold, "ms"), "cold_wall_ms": med(cold, "wall_ms"), "rss_mb": med(warm, "rss_mb")}


def _short(label: str) -> str:
    """``(a)``, ``(b)``, ``(c) --workers 1``: a row's name in running text."""
    head, _, rest = label.partition(" annotate ")
    return f"{head.split()[0]} {rest}" if rest else label.split()[0]


def fmt_table(rows, total_bytes, n_articles, naive_s) -> list[str]:
    lines = ["| pipeline | seconds | articles/s | MB/s | vs (a) | peak RSS (MB) |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        s = r["seconds"]
        lines.append(
            f"| {r['label']} | {s:.2f} | {n_articles / s:,.0f} | {total_bytes / MB / s:.2f} | "
            f"{naive_s / s:.2f}x | {r['rss_mb']:.0f} ({r['rss_what']}) |"
        )
    return lines


def parent(args) -> None:
    size = 2.0 if args.quick and args.size_mb == 20 else args.size_mb
    arts, base_bytes, reps = article_set(size)
    base_count = len(corpus_files())
    total = sum(len(d) for _, d in arts)
    chars = sum(len(d.decode("utf-8", "replace")) for _, d in arts)
    notes: list[str] = []
    say = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    say(f"articles: {base_count} corpus files ({base_bytes:,} bytes) x {reps} = {len(arts):,} articles, "
        f"{total / MB:.1f} MB, {chars:,} characters")

    repeat = 1 if args.quick else args.repeat
    say(f"(a) naive x{repeat} ..."); naive = _median_run([_child("naive", size) for _ in range(repeat)])
    say(f"(b) linker x{repeat} ...")
    linker = _median_run([_child("linker", size, *(["--no-recall"] if i else [])) for i in range(repeat)])
    if "recall" not in linker:  # the median run was one without the recall check: take the first's
        first = _child("linker", size)
        linker["recall"], linker["official"] = first["recall"], first.get("official")
    say(f"floor x{repeat} ...")
    floors = [_child("floor", size) for _ in range(repeat)]
    floor = {k: statistics.median(f[k] for f in floors) for k in ("read", "scan")}
    floor["hits"] = floors[0]["hits"]
    rows = [
        {"label": "(a) naive: bs4(lxml) + jieba user words + dict", "seconds": naive["seconds"],
         "runs": naive["runs"], "rss_mb": naive["rss_mb"], "rss_what": "process"},
        {"label": "(b) entitylink read_article + Linker.link_many, 1 process", "seconds": linker["seconds"],
         "runs": linker["runs"], "rss_mb": linker["rss_mb"], "rss_what": "process"},
    ]
    say(f"(c) CLI x{repeat} ..."); rows += cli_rows(arts, base_count, notes, args.quick, repeat)
    say("stages ..."); stage_lines = _child("stages", size)["lines"]
    steady: list[str] = []
    if not args.quick:
        sys.path.insert(0, str(HERE))
        import stages

        say("steady state (annotate of a 4x and a 1x dump) ...")
        items = stages.articles(2)
        for label, kind in (("finews digests", "finews"), ("HTML pages (variants)", "variants"),
                            ("flash items", "flash")):
            group = [i for i in items if i[0] == kind]
            if group:
                steady.append(stages.steady_state(group, label, repeat))
    say("cold start ..."); cold = cold_start(1 if args.quick else 3)
    growth = []
    if not args.no_growth:
        for mb in ((0.25, 1, 4) if args.quick else (1, 4, 16)):
            say(f"growth {mb} MB ...")
            g = _child("linker", mb, "--no-recall")
            growth.append((mb, g["seconds"], g["bytes"]))

    naive_s = naive["seconds"]
    out = ["# entitylink benchmark results", "",
           f"Run {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {platform.node() or 'unknown host'}: "
           f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}), "
           f"Python {platform.python_version()}, {platform.platform()}.", "",
           f"Input: the {base_count} files of `shared/corpus` (finews + variants, {base_bytes:,} bytes) "
           f"repeated {reps}x = {len(arts):,} articles, {total / MB:.1f} MB ({chars:,} characters; MB = 10^6 bytes). "
           f"`python benchmarks/run.py{' --quick' if args.quick else ''}{'' if args.size_mb == 20 else f' --size-mb {args.size_mb}'}`.", "",
           *fmt_table(rows, total, len(arts), naive_s), "",
           f"Seconds are the median of {repeat} run(s) of each row (the CLI rows run in turn, round after "
           "round); all runs: " + "; ".join(
               f"{_short(r['label'])} " + ", ".join(f"{x:.2f}" for x in r.get("runs", [r["seconds"]]))
               for r in rows) + ".", "",
           "Rows (a) and (b) time the work only (setup excluded: naive "
           f"{naive['setup']:.1f} s to load jieba and add {naive['words']:,} user words, "
           f"entitylink {linker['setup']:.1f} s to build the default Linker, then copies of the corpus "
           "linked untimed until its memos are filled and its name automaton built, as in a long run: "
           "`warm_linker`); (c) rows are wall time of the whole "
           "command (start-up, file reading, JSONL writing included). "
           f"Naive: {chars / naive_s / 1e6:.2f} M characters/s. entitylink (b): "
           f"read_article {linker['read']:.2f} s, Linker.link_many {linker['link']:.2f} s.", ""]
    n_arts = len(arts)
    per = lambda secs: secs / n_arts * 1e6  # noqa: E731 - microseconds per article
    out += ["What linking can cost at most (same articles, median of the same number of runs; no decision "
            "taken in these rows):", "",
            "| work | seconds | us per article | vs (a) |", "| --- | ---: | ---: | ---: |",
            f"| (a) naive, for reference | {naive_s:.2f} | {per(naive_s):.0f} | 1.00x |",
            f"| read_article only | {floor['read']:.2f} | {per(floor['read']):.0f} | {naive_s / floor['read']:.2f}x |",
            f"| read_article + candidate scan (fold, name automaton over a group of articles, code patterns; {floor['hits'] / n_arts:.1f} hits "
            f"per article) | {floor['scan']:.2f} | {per(floor['scan']):.0f} | {naive_s / floor['scan']:.2f}x |",
            f"| (b) read_article + Linker.link_many | {linker['seconds']:.2f} | {per(linker['seconds']):.0f} | "
            f"{naive_s / linker['seconds']:.2f}x |", "",
            f"10x the naive pipeline is {per(naive_s) / 10:.0f} us per article, read and linked; reading and finding the "
            f"candidates alone take {per(floor['scan']):.0f} us, which leaves "
            + (f"{per(naive_s) / 10 - per(floor['scan']):.0f} us per article" if per(naive_s) / 10 > per(floor['scan'])
               else "nothing") + " for every decision (segmentation at both edges of each candidate, the rules, the "
            f"records), which take {per(linker['seconds']) - per(floor['scan']):.0f} us per article now.", ""]
    out += ["Where the time goes (`stages.py`: a cProfile of read + link + JSONL records over finews, variants "
            "and two flash days, each function's own time summed by the module it lives in; profiling slows "
            "every call alike, so read the shares):", "", *stage_lines, ""]
    if steady:
        out += ["Steady state of `annotate --workers 1` (the time of a 4x dump minus a 1x dump, so that start-up "
                "cancels), against the naive pipeline timed the same way:", "",
                "| articles | n | naive us/article | annotate --workers 1 us/article | vs naive |",
                "| --- | ---: | ---: | ---: | ---: |", *steady, ""]
    na, lk = naive["recall"], linker["recall"]
    out += ["Recall on the dev gold (104 digests, mention level: multiset of (surface, secid) per article):", "",
            "| pipeline | recall | precision | found / gold |", "| --- | ---: | ---: | ---: |",
            f"| (a) naive | {na['recall']:.3f} | {na['precision']:.3f} | {na['found']} / {na['gold']} |",
            f"| (b) entitylink | {lk['recall']:.3f} | {lk['precision']:.3f} | {lk['found']} / {lk['gold']} |", ""]
    if linker.get("official"):
        out += [f"entitylink.tools.evaluate on the same articles: `{json.dumps(linker['official'], ensure_ascii=False)}`", ""]
    out += ["Cold start (fresh process: import + `Linker.default()` + first article; median of "
            f"{1 if args.quick else 3}; wall includes interpreter start-up):", "",
            "| cache | in-process ms | wall ms |", "| --- | ---: | ---: |",
            f"| warm `~/.cache/entitylink` | {cold['warm_ms']:.0f} | {cold['warm_wall_ms']:.0f} |",
            f"| cold `ENTITYLINK_CACHE_DIR` (empty dir) | {cold['cold_ms']:.0f} | {cold['cold_wall_ms']:.0f} |", "",
            f"Of the warm start: import {cold['import_ms']:.0f} ms, loading the default dictionary "
            f"{cold['dict_ms']:.0f} ms, the rest the name automaton, "
            "the segmenter's cached prefix dictionary and the first article.", ""]
    if growth:
        b0 = growth[0][1] / growth[0][2]
        out += ["Growth (entitylink, one process, read + link):", "",
                "| input | seconds | MB/s | time per byte vs smallest |", "| --- | ---: | ---: | ---: |"]
        for mb, s, b in growth:
            out.append(f"| {b / MB:.1f} MB | {s:.2f} | {b / MB / s:.2f} | {s / b / b0:.2f} |")
        out += ["", "The growth series adds articles of the usual size; for one article growing to 20 MB "
                "(and other hostile inputs) see `python benchmarks/hostile.py`.", ""]
    # targets
    w1 = next((r for r in rows if "--workers 1" in r["label"]), None)
    w2 = next((r for r in rows if "--workers 2" in r["label"]), None)
    speed = naive_s / linker["seconds"]
    worker_rss = max((r["rss_mb"] for r in rows if r["label"].startswith("(c)")), default=linker["rss_mb"])
    t = ["Targets:", "",
         f"- one process >= 10x naive throughput: {speed:.2f}x -> {'met' if speed >= 10 else 'NOT met'}",
         f"- recall >= naive: {lk['recall']:.3f} vs {na['recall']:.3f} -> {'met' if lk['recall'] >= na['recall'] else 'NOT met'}",
         f"- cold start <= 0.5 s (warm cache, wall of a fresh process): {cold['warm_wall_ms']:.0f} ms -> "
         f"{'met' if cold['warm_wall_ms'] <= 500 else 'NOT met'} (in-process {cold['warm_ms']:.0f} ms; "
         f"cold cache {cold['cold_wall_ms']:.0f} ms, no target)",
         f"- peak RSS of one worker <= 400 MB: {worker_rss:.0f} MB -> {'met' if worker_rss <= 400 else 'NOT met'}"]
    if w1 and w2:
        sc = w1["seconds"] / w2["seconds"]
        t.append(f"- --workers 2 >= 1.8x --workers 1: {sc:.2f}x -> {'met' if sc >= 1.8 else 'NOT met'}")
    if growth:
        per = [s / b for _, s, b in growth]
        dev = max(per) / min(per)
        worst = max(p / per[0] for p in per)  # a bigger input costing more per byte: superlinear
        t.append(f"- linear in input: time per byte varies {dev:.2f}x over {growth[0][2] / MB:.1f}-{growth[-1][2] / MB:.1f} MB, "
                 f"at most {worst:.2f}x the smallest's -> {'met' if worst <= 1.3 else 'NOT met'}")
    out += t + [""]
    if notes:
        out += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    text = "\n".join(out)
    print(text)
    if not args.no_write:
        (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
        say(f"wrote {HERE / 'RESULTS.md'}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size-mb", type=float, default=20, help="input size (default 20; --quick: 2)")
    p.add_argument("--quick", action="store_true", help="2 MB, one cold-start run, no Dask, small growth series")
    p.add_argument("--no-write", action="store_true", help="do not write benchmarks/RESULTS.md")
    p.add_argument("--repeat", type=int, default=3, help="runs per timed row, the median reported (default 3; --quick: 1)")
    p.add_argument("--no-growth", action="store_true", help="skip the 1/4/16 MB growth series")
    p.add_argument("--no-recall", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--child", choices=["naive", "linker", "floor", "profile", "stages"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        fn = {"naive": child_naive, "linker": child_linker, "floor": child_floor, "profile": child_profile,
              "stages": child_stages}[args.child]
        print(json.dumps(fn(args)))
    else:
        parent(args)


if __name__ == "__main__":
    main()
