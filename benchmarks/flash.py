"""Agreement of the linker with the securities the 7x24 publishers attached to their items.

Reads ``../shared/corpus/flash/*.jsonl.gz`` (Eastmoney, CLS and 10jqka 7x24 items with
their own stock lists), links each item's title and content with the default linker,
and compares the linked equities with the publisher's list, per publisher and market:

- recall: share of the listed equities (A shares, Hong Kong, US stocks) that the linker
  found in the item's text;
- agreement: share of the linked equities the publisher also listed, counted on the
  items whose list holds at least one equity or index (an empty list, or one of boards
  and funds only, says the publisher did not tag the item's companies).

The lists are not gold (Eastmoney lists related securities the text does not name; all
three miss some, and some are wrong), so the two numbers are read side by side. Indexes
are reported on their own row; funds, bonds, boards and futures are left out. US listings
are compared by ticker, not by Eastmoney's exchange split (105/106/107), which moves when
a company changes exchange.

    python benchmarks/flash.py                          # all 60 days, table on stdout
    python benchmarks/flash.py --days 3 --publisher cls # a quick run
    python benchmarks/flash.py --disagreements out/flash-disagreements.jsonl

``--disagreements FILE`` writes a fixed sample (seed 0) of both kinds of disagreement,
``--per-kind`` per publisher and kind (default 10): ``missed`` (listed, not linked) and
``extra`` (linked, not listed), each with the item id, the text around the mention (or the
publisher's name, when the text holds it) and what each side said. Only ``import
entitylink as el`` names and ``entitylink.tools.publisher_lists`` are used.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import entitylink as el
from entitylink.tools import publisher_lists as pl

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "flash"
PUBLISHERS = ("eastmoney", "cls", "ths")
GROUPS = ("A", "HK", "US", "index")
EQUITIES = ("A", "HK", "US")
CONTEXT = 30

_linker: el.Linker | None = None


def item_text(rec: dict) -> str:
    """Title and content; the title only when the content does not already hold it (CLS's 【…】)."""
    title = (rec.get("title") or "").strip() if isinstance(rec.get("title"), str) else ""
    content = (rec.get("content") or "").strip() if isinstance(rec.get("content"), str) else ""
    if title and title not in content:
        return f"{title}\n{content}" if content else title
    return content


def around(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:start] + "[" + text[start:end] + "]" + text[end:b] + ("…" if b < len(text) else "")


def _find_name(text: str, secid: str, listed_name: str | None, dictionary: el.Dictionary) -> tuple[str, int] | None:
    """Where a name of ``secid`` (the publisher's, without suffixes, or the dictionary's) is in the text."""
    names = []
    if listed_name:
        names += [listed_name, pl.strip_name_suffix(listed_name)]
    names += [a.text for a in dictionary.aliases_of(secid)] if secid in dictionary else []
    if secid.split(".")[0] in ("105", "106", "107"):
        names.append(secid.split(".", 1)[1])
    best = None
    for n in names:
        if n and len(n) >= 2:
            i = text.find(n)
            if i >= 0 and (best is None or len(n) > len(best[0])):
                best = (n, i)
    return best


_COMPANY_ALIAS_TYPES = ("name", "short_form", "hk_base", "status_stripped", "extended_name")


def company_names(secid: str, name: str | None, dictionary: el.Dictionary) -> set[str]:
    """Names that identify the company behind a secid (to tell another listing of it)."""
    out = set()
    for n in (name, dictionary.security(secid).name if secid in dictionary else None):
        if n:
            out |= {n, pl.strip_name_suffix(n)}
    if secid in dictionary:
        out |= {a.text for a in dictionary.aliases_of(secid)
                if a.alias_type in _COMPANY_ALIAS_TYPES and not a.common_word}
    return {n for n in out if len(n) >= 2 and not n.isascii()}


def missed_hint(secid: str, name: str | None, hit: tuple[str, int] | None, linked: list[tuple[str, str | None]],
                dictionary: el.Dictionary) -> str:
    """A first guess at why a listed security was not linked (the FLASH.md classification reads them)."""
    mine = company_names(secid, name, dictionary)
    for other, oname in linked:
        if mine & company_names(other, oname, dictionary):
            return "bse_old_code" if secid.startswith("0.92") and other.startswith("0.") else "other_listing_linked"
    if secid not in dictionary:
        return "not_in_dictionary" + ("(name_in_text)" if hit else "")
    if hit is None:
        return "no_name_in_text"
    known = {a.text for a in dictionary.aliases_of(secid)}
    return "name_in_text_linked_nowhere" if hit[0] in known else "name_in_text_not_an_alias"


def extra_hint(secid: str, name: str | None, listed: list[tuple[str, str | None]], dictionary: el.Dictionary) -> str:
    mine = company_names(secid, name, dictionary)
    for other, oname in listed:
        if mine & company_names(other, oname, dictionary):
            return "bse_old_code" if other.startswith("0.92") and secid.startswith("0.") else "other_listing_listed"
    return "not_listed"


def process_file(path: str) -> dict:
    """Link every item of one file and compare; counts and every disagreement."""
    global _linker
    if _linker is None:
        _linker = el.Linker.default()
    linker = _linker
    dictionary = linker.dictionary
    counts: Counter = Counter()
    skipped: Counter = Counter()
    missed: list[dict] = []
    extra: list[dict] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            pub = str(rec.get("source", ""))
            counts[(pub, "*", "items")] += 1
            plist = pl.from_record(rec)
            for _, why in plist.skipped:
                skipped[(pub, why)] += 1
            text = item_text(rec)
            if not text:
                counts[(pub, "*", "empty_text")] += 1
                continue
            article = el.read_article(
                json.dumps({"id": str(rec.get("id")), "content": text, "title": rec.get("title") or "",
                            "date": rec.get("datetime") or rec.get("date")}, ensure_ascii=False),
                format="jsonl")
            doc = linker.link(article)
            text = doc.text
            listed: dict[str, dict[str, str | None]] = defaultdict(dict)
            for secid, name in plist.entries:
                g = pl.market_group(secid)
                if g in GROUPS:
                    listed[g][pl.us_key(secid)] = name
                else:
                    counts[(pub, g, "listed_other")] += 1
            linked: dict[str, dict[str, el.Entity]] = defaultdict(dict)
            first_mention: dict[str, el.Mention] = {}
            for m in doc.mentions:
                if m.secid and m.secid not in first_mention:
                    first_mention[m.secid] = m
            for ent in doc.entities:
                if ent.secid:
                    g = pl.market_group(ent.secid)
                    if g in GROUPS:
                        linked[g][pl.us_key(ent.secid)] = ent
            has_list = any(listed[g] for g in GROUPS)
            counts[(pub, "*", "items_with_list")] += has_list
            for g in GROUPS:
                lg, kg = listed[g], linked[g]
                if lg:
                    counts[(pub, g, "items_listing")] += 1
                counts[(pub, g, "listed")] += len(lg)
                counts[(pub, g, "found")] += sum(1 for k in lg if k in kg)
                if has_list:
                    counts[(pub, g, "linked")] += len(kg)
                    counts[(pub, g, "also_listed")] += sum(1 for k in kg if k in lg)
                if g not in EQUITIES:
                    continue
                for key, name in lg.items():
                    if key in kg:
                        continue
                    secid = next(s for s, _ in plist.entries if pl.us_key(s) == key)
                    hit = _find_name(text, secid, name, dictionary)
                    known = secid in dictionary
                    linked_all = [(e.secid, e.name) for e in doc.entities if e.secid]
                    missed.append({
                        "kind": "missed", "publisher": pub, "id": str(rec.get("id")), "date": rec.get("date"),
                        "market": g, "secid": secid, "publisher_name": name,
                        "hint": missed_hint(secid, name, hit, linked_all, dictionary),
                        "dictionary_name": dictionary.security(secid).name if known else None,
                        "name_in_text": hit[0] if hit else None,
                        "context": around(text, hit[1], hit[1] + len(hit[0])) if hit else text[:2 * CONTEXT] + "…",
                        "linker_linked": sorted(f"{e.name}={e.secid}" for e in doc.entities if e.secid),
                    })
                if not has_list:
                    continue
                for key, ent in kg.items():
                    if key in lg:
                        continue
                    m = first_mention.get(ent.secid)
                    extra.append({
                        "kind": "extra", "publisher": pub, "id": str(rec.get("id")), "date": rec.get("date"),
                        "market": g, "secid": ent.secid, "linker_name": ent.name,
                        "hint": extra_hint(ent.secid, ent.name, plist.entries, dictionary),
                        "surface": m.surface if m else None, "method": m.method if m else None,
                        "evidence": list(m.evidence) if m else [],
                        "context": around(text, m.start, m.end) if m else "",
                        "publisher_listed": [f"{n or ''}={s}" for s, n in plist.entries],
                    })
    return {"counts": counts, "skipped": skipped, "missed": missed, "extra": extra}


def _files(corpus: Path, days: int | None, publisher: str | None) -> list[Path]:
    files = sorted(corpus.glob("*.jsonl.gz"))
    if publisher:
        files = [f for f in files if f.name.startswith(publisher + "-")]
    dates = sorted({f.name.split("-", 1)[1][:10] for f in files})
    if days:
        keep = set(dates[:days])
        files = [f for f in files if f.name.split("-", 1)[1][:10] in keep]
    return files


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "–"


def table(counts: Counter, publishers: list[str]) -> str:
    head = ("| publisher | market | items listing | listed | found | recall | linked | also listed | agreement |\n"
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines = [head]
    rows = [(p, (p,)) for p in publishers] + ([("all", tuple(publishers))] if len(publishers) > 1 else [])
    for label, pubs in rows:
        def get(g: str, k: str) -> int:
            # A market a publisher never lists (CLS: HK and US; Eastmoney and 10jqka: indexes)
            # would count every link there as a disagreement: the equities row and the rows of
            # all publishers sum only the markets each publisher listed at all in the run.
            gs = EQUITIES if g == "equities" else (g,)
            if len(pubs) == 1 and g != "equities":
                return counts[(pubs[0], g, k)]
            return sum(counts[(p, x, k)] for p in pubs for x in gs if counts[(p, x, "listed")])

        for g in ("A", "HK", "US", "equities", "index"):
            if get(g, "listed") == 0 and get(g, "linked") == 0:
                continue
            bold = "**" if g == "equities" else ""
            never = get(g, "listed") == 0
            lines.append(
                f"| {label} | {bold}{g}{bold}{' (never listed)' if never else ''} | {get(g, 'items_listing'):,} | {get(g, 'listed'):,} | {get(g, 'found'):,} | "
                f"{bold}{_ratio(get(g, 'found'), get(g, 'listed'))}{bold} | {get(g, 'linked'):,} | "
                f"{get(g, 'also_listed'):,} | {bold}{_ratio(get(g, 'also_listed'), get(g, 'linked'))}{bold} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--days", type=int, default=None, help="only the first N days")
    ap.add_argument("--publisher", choices=PUBLISHERS, default=None)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--disagreements", type=Path, default=None, help="write a sample of disagreements (JSONL)")
    ap.add_argument("--per-kind", type=int, default=10, help="sampled disagreements per publisher and kind")
    args = ap.parse_args(argv)

    files = _files(args.corpus, args.days, args.publisher)
    if not files:
        print(f"no .jsonl.gz files in {args.corpus}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    el.Linker.default()  # built before the pool forks: the workers share it
    t_load = time.perf_counter() - t0
    counts: Counter = Counter()
    skipped: Counter = Counter()
    missed: list[dict] = []
    extra: list[dict] = []
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as ex:
            results = list(ex.map(process_file, map(str, files)))
    else:
        results = [process_file(str(f)) for f in files]
    for r in results:
        counts.update(r["counts"])
        skipped.update(r["skipped"])
        missed += r["missed"]
        extra += r["extra"]
    elapsed = time.perf_counter() - t0
    publishers = [p for p in PUBLISHERS if counts[(p, "*", "items")]]
    n_items = sum(counts[(p, "*", "items")] for p in publishers)
    dates = sorted({f.name.split("-", 1)[1][:10] for f in files})
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"flash benchmark, {now}, commit {commit}: {len(files)} files, {len(dates)} days "
          f"({dates[0]}..{dates[-1]}), {n_items:,} items, {elapsed:.1f} s "
          f"({n_items / elapsed:,.0f} items/s; linker load {t_load:.1f} s; {args.workers} workers)\n")
    print(table(counts, publishers))
    print()
    for p in publishers:
        print(f"{p}: {counts[(p, '*', 'items')]:,} items, {counts[(p, '*', 'items_with_list')]:,} with an equity "
              f"or index listed, {counts[(p, '*', 'empty_text')]} without text; listed and left out: "
              + ", ".join(f"{g} {counts[(p, g, 'listed_other')]:,}" for g in ("fund", "bond", "board", "future", "other")
                          if counts[(p, g, "listed_other")])
              + "; codes not read: "
              + (", ".join(f"{why} {n:,}" for (q, why), n in sorted(skipped.items()) if q == p) or "none"))
    print(f"\ndisagreements: {len(missed):,} missed (listed, not linked), {len(extra):,} extra (linked, not listed)"
          "; first guesses (hint) by publisher and market:")
    for kind, rows in (("missed", missed), ("extra", extra)):
        hints = Counter((r["publisher"], r["market"], r["hint"]) for r in rows)
        for p in publishers:
            for g in EQUITIES:
                got = sorted(((h, n) for (q, m, h), n in hints.items() if q == p and m == g), key=lambda x: -x[1])
                if got:
                    print(f"  {kind} {p} {g}: " + ", ".join(f"{h} {n:,}" for h, n in got))
    if args.disagreements:
        rng = random.Random(0)
        sample = []
        for kind, rows in (("missed", missed), ("extra", extra)):
            for p in publishers:
                pool = sorted((r for r in rows if r["publisher"] == p), key=lambda r: (r["id"], r["secid"]))
                sample += rng.sample(pool, min(args.per_kind, len(pool)))
        args.disagreements.parent.mkdir(parents=True, exist_ok=True)
        with open(args.disagreements, "w", encoding="utf-8") as fh:
            for r in sample:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {len(sample)} sampled disagreements to {args.disagreements}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
