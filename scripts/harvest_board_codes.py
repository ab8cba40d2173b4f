"""Codes of Eastmoney region boards, from Eastmoney's own 7x24 lists.

No reference file gives the BK codes of Eastmoney's region boards (地域板块): Hikyuu's
``dybk.ini`` (2024-01-02) names the 31 boards, not their codes. Eastmoney does: its 7x24
items list secids (``raw.stockList``), among them the region board of the province an
item is about (an item on 广西柳州 lists ``90.BK0154``). This script aligns the two, by
the principle that a publisher's code and a name go together when the publisher attaches
the code to items that name the place, nearly always, and to no other place:

- a candidate code is a board secid (``90.BK…``) that no shipped board has (not a
  concept of ``eastmoney_concept_boards_2025-08-07.csv``, not an industry board);
- a region's place word is its Hikyuu name without ``板块`` (广西板块 -> 广西; 内蒙古,
  黑龙江 as they are);
- code and region are accepted together when the code is listed on >= ``MIN_ITEMS`` items
  of >= ``MIN_DAYS`` days, the place word is in >= ``MIN_SHARE`` of those items, no other
  region's word is in half of them, and neither the code nor the region is accepted twice.

Everything else stays without a code (the dictionary README lists the regions).

    python scripts/harvest_board_codes.py [--corpus ../shared/corpus/flash] \\
        [-o dictionaries/curated/boards_region.csv]

The output is a curated table (the build script's standard header): one row per accepted
region board, ``source`` naming the harvest and ``note`` its counts. Deterministic (files
in name order). The corpus is read, never copied: only codes, names and counts are written.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "flash"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_OUT = ROOT / "dictionaries" / "curated" / "boards_region.csv"
CURATED_HEADER = ["secid", "kind", "name", "short_forms", "english", "former", "common_words",
                  "valid_from", "valid_to", "board_type", "source", "note"]  # fmt: skip
MIN_ITEMS = 3
MIN_DAYS = 2
MIN_SHARE = 0.8
_BOARD = re.compile(r"90\.BK\d{4}")


def region_names(reference: Path) -> list[str]:
    """The Hikyuu region boards' names, in file order."""
    text = (reference / "eastmoney_dybk_names_hikyuu_2024-01-02.ini").read_text(encoding="utf-8-sig")
    return re.findall(r"^\[([^\]]+)\]\s*$", text, flags=re.M)


def place_word(region: str) -> str:
    """The place a region board is named after: ``广西板块`` -> ``广西``, ``内蒙古`` as is."""
    return region[:-2] if region.endswith("板块") else region


def shipped_boards(dict_dir: Path) -> set[str]:
    """Board secids the shipped dictionary has from other sources (not this harvest)."""
    with open(dict_dir / "boards.csv", encoding="utf-8", newline="") as fh:
        return {r["secid"] for r in csv.DictReader(fh) if "harvest:eastmoney-region" not in r["source"]}


def count(corpus: Path, regions: list[str], known: set[str]):
    """Per candidate code: its items, days, and per region the items naming the place."""
    items: Counter[str] = Counter()
    days: dict[str, set[str]] = defaultdict(set)
    named: dict[str, Counter[str]] = defaultdict(Counter)
    for path in sorted(corpus.glob("eastmoney-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                codes = {s for s in (rec.get("raw") or {}).get("stockList") or []
                         if _BOARD.fullmatch(s) and s not in known}  # fmt: skip
                if not codes:
                    continue
                text = f"{rec.get('title') or ''}\n{rec.get('content') or ''}"
                places = [r for r in regions if place_word(r) in text]
                for code in codes:
                    items[code] += 1
                    days[code].add(rec["date"])
                    named[code].update(places)
    return items, days, named


def accept(items, days, named) -> list[tuple[str, str, int, int, int, str, str]]:
    """(secid, region, items, items naming it, days, first, last) of the accepted pairs."""
    out = []
    for code in sorted(items):
        n = items[code]
        if n < MIN_ITEMS or len(days[code]) < MIN_DAYS or not named[code]:
            continue
        ranked = sorted(named[code].items(), key=lambda kv: (-kv[1], kv[0]))
        region, hits = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if hits / n >= MIN_SHARE and runner_up / n < 0.5:
            d = sorted(days[code])
            out.append((code, region, n, hits, len(d), d[0], d[-1]))
    regions = Counter(r[1] for r in out)
    return [r for r in out if regions[r[1]] == 1]  # a region two codes claim gets neither


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    regions = region_names(args.reference)
    items, days, named = count(args.corpus, regions, shipped_boards(ROOT / "dictionaries"))
    rows = accept(items, days, named)
    first = min((p.name[10:20] for p in args.corpus.glob("eastmoney-*.jsonl.gz")), default="")
    last = max((p.name[10:20] for p in args.corpus.glob("eastmoney-*.jsonl.gz")), default="")
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CURATED_HEADER)
        for code, region, n, hits, nd, d0, d1 in rows:
            note = (f"Eastmoney lists {code} on {n} items of {nd} days ({d0}..{d1}); {hits} of them name "
                    f"{place_word(region)}; name from hikyuu-dybk@2024-01-02 ({region})")
            w.writerow([code, "board", region, "", "", "", "", "", "", "region",
                        f"harvest:eastmoney-region-{first}..{last}", note])  # fmt: skip
    print(f"{len(rows)} region boards of {len(regions)} given a code -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
