"""Harvest the names news uses for securities from the 7x24 publishers' own (name, code) pairs.

CLS and 10jqka attach to each 7x24 item the securities it concerns, each with a name and
a code (Eastmoney lists secids without names). For every listed security of an item this
script looks for a name of it in the item's title and content: the listed name, the name
without its listing suffix (``小米集团-W`` -> ``小米``, see
``entitylink.tools.publisher_lists.strip_name_suffix``), and the security's names in the
shipped dictionary (``dictionaries/*.csv``). A name found only inside a longer one
found for the same security, or inside a longer name of any security in the dictionary
(建滔 in 建滔积层板), is not counted. Per (secid, name as written) it counts items,
distinct days, first and last date, the publishers, and keeps one example (the first by
date and id; at most 80 characters around the name). The counting is the library's
(``entitylink.tools.harvest.ListHarvest``, the same as ``entitylink dict harvest --lists``,
restricted here to A/HK/US stocks); the dictionary is the shipped one without the rows this
harvest added (``source`` ``harvest:flash-…``), so that a re-run reproduces the committed
table. This script holds the review's decisions.

Step 1, the review table (not committed: its examples quote the corpus):

    python scripts/harvest_flash.py review -o out/harvest_flash_review.csv

    columns: secid,name,count,days,first_date,last_date,publishers,in_dictionary,example,listed_as
    in_dictionary: ``yes`` (an alias of this secid), ``other:<secids>`` (names other
    securities only), ``no``.

Step 2, the curated table, from the review table and the decisions written below
(``REJECT``, ``COMMON``, ``PRIMARY``), which record the review:

    python scripts/harvest_flash.py curate out/harvest_flash_review.csv \\
        -o dictionaries/curated/harvest_flash.csv

    kept: US and HK stocks (A shares only as ``ADD_A`` names), a name seen in >= 3 items on >= 2 days listed by CLS or
    10jqka, at least 2 characters, not yet an alias of that secid, not an alias of another
    company (another listing of the same company, A/H/US, is fine), not rejected on review. A secid the dictionary knows gets a row with an
    empty ``name`` (the build script adds its short forms and English names to the known
    security); a new secid gets the most-seen name as ``name``. ``note`` holds the counts.

Both steps are deterministic (files read in name order, ties broken by text).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from entitylink.knowledge.dictionary import Dictionary  # noqa: E402
from entitylink.tools import publisher_lists as pl  # noqa: E402
from entitylink.tools.harvest import LIST_COLUMNS, DictionaryNames, ListHarvest, iter_records, write_review  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "flash"
DICT_DIR = ROOT / "dictionaries"
REVIEW_HEADER = [*LIST_COLUMNS, "listed_as"]  # the library's review columns and the publishers' own names
OWN_SOURCE = "harvest:flash-"  # the source of the rows the curated table adds to the dictionary
CURATED_HEADER = ["secid", "kind", "name", "short_forms", "english", "former", "common_words", "valid_from",
                  "valid_to", "board_type", "source", "note"]
MIN_ITEMS, MIN_DAYS = 3, 2

# -- the review's decisions ------------------------------------------------------------
# (secid, name) pairs the rules would keep that the review rejects, with the reason.
REJECT: dict[tuple[str, str], str] = {
    ("105.HUBG", "枢纽"): "10jqka's tagger matched the ordinary word (出行枢纽), not Hub Group",
    ("105.ACMR", "盛美"): "also the A share 盛美上海 (1.688082) of the same group; a US-only alias would take it",
    ("105.WMT", "沃尔玛"): "Walmart moved from NYSE to NASDAQ: the dictionary's 106.WMT should become 105.WMT "
                         "(a fix to curated/us_stocks.csv), not a second security",
    ("116.00300", "美的"): "ordinary word; the A share's 美的 is decided in cn_aliases, the text was not HK",
    ("116.01211", "比亚迪"): "the occurrences are the A share (A股比亚迪); HK has 比亚迪H股",
    ("116.06688", "蚂蚁集团"): "cannot verify the listing: only 10jqka lists 116.06688, Eastmoney never",
}
# Names that are also ordinary words: kept, marked common (the linker then wants a cue).
COMMON: set[tuple[str, str]] = {("116.00992", "联想")}
# A shares: only names clearly missing, that go on the A share with its H share.
ADD_A: set[tuple[str, str]] = {("1.601238", "广汽"), ("0.002714", "牧原")}
# Listings new in 2026 (first listed by a publisher in the corpus): valid from that date.
NEW_LISTINGS: set[str] = {"105.SPCX", "105.SKHY"}
# The main Chinese name of a new secid, where the most-seen one is not it.
PRIMARY: dict[str, str] = {}


def load_dictionary() -> DictionaryNames:
    """The shipped dictionary's names, without the rows this harvest added (``source`` starting
    with ``harvest:flash-``): a re-run sees the dictionary as the review did, and reproduces the
    committed table."""
    dictionary = Dictionary.from_csv(*sorted(DICT_DIR.glob("*.csv")), replace=True)
    return DictionaryNames(dictionary, exclude_sources=(OWN_SOURCE,))


def review(corpus: Path, out: Path) -> int:
    dictionary = Dictionary.from_csv(*sorted(DICT_DIR.glob("*.csv")), replace=True)
    harvest = ListHarvest(dictionary, groups=pl.EQUITY_GROUPS, exclude_sources=(OWN_SOURCE,))
    for path, line, rec in iter_records(sorted(str(p) for p in corpus.glob("*.jsonl.gz"))):
        if isinstance(rec, str):
            print(f"{path}:{line}: {rec}", file=sys.stderr)
            continue
        harvest.add(rec, where=f"{path}:{line}")
    rows = harvest.rows()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        write_review(rows, fh, REVIEW_HEADER)
    print(f"{len(rows)} (secid, name) pairs -> {out}", file=sys.stderr)
    return 0


def curate(review_csv: Path, out: Path, span: str) -> int:
    known = load_dictionary()
    aliases, by_alias, names = known.aliases, known.by_alias, known.names
    with open(review_csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    listed_as: dict[str, set[str]] = defaultdict(set)
    first_seen: dict[str, str] = {}
    for r in rows:
        listed_as[r["secid"]] |= {n for n in r["listed_as"].split("|") if n}
        first_seen[r["secid"]] = min(first_seen.get(r["secid"], "9999"), r["first_date"])

    def company(secid: str) -> set[str]:
        got = set(aliases.get(secid, ())) | listed_as.get(secid, set())
        got |= {pl.strip_name_suffix(n) for n in got}
        return {n for n in got if len(n) >= 2 and not n.isascii()}

    kept: dict[str, list[dict]] = defaultdict(list)
    shared: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        secid, name = r["secid"], r["name"]
        pubs = {p for p in r["publishers"].split("|") if p}
        if pl.market_group(secid) not in ("US", "HK") and (secid, name) not in ADD_A:
            continue
        if int(r["count"]) < MIN_ITEMS or int(r["days"]) < MIN_DAYS or not pubs & {"CLS", "10jqka"}:
            continue
        if len(name) < 2 or name in aliases.get(secid, ()) or (secid, name) in REJECT:
            continue
        others = sorted(by_alias.get(name, set()) - {secid})
        if any(pl.market_group(o) not in pl.EQUITY_GROUPS or not company(o) & company(secid) for o in others):
            continue  # names another company (or an index, a board) already: not ours to decide here
        if others:
            shared[(secid, name)] = others  # another listing of the same company (A/H/US)
        kept[secid].append(r)
    table = []
    for secid in sorted(kept, key=lambda s: (pl.market_group(s), s)):
        rs = sorted(kept[secid], key=lambda r: (-int(r["count"]), r["name"]))
        known = secid in names
        cjk = [r["name"] for r in rs if not r["name"].isascii()]
        latin = [r["name"] for r in rs if r["name"].isascii()]
        main = "" if known else PRIMARY.get(secid, (cjk or latin)[0])
        short = [n for n in cjk if n != main]
        english = [n for n in latin if n != main]
        common = [r["name"] for r in rs if (secid, r["name"]) in COMMON]
        note = "; ".join(
            f"{r['name']}: {r['count']} items, {r['days']} days, {r['first_date']}..{r['last_date']}, {r['publishers']}"
            + (f", also names {'|'.join(shared[(secid, r['name'])])} (same company)" if (secid, r["name"]) in shared
               else "")
            for r in rs)
        valid_from = first_seen[secid] if secid in NEW_LISTINGS else ""
        if valid_from:
            note += f"; listed in 2026: valid from the first day a publisher listed it with its name ({valid_from})"
        table.append([secid, "stock", main, "|".join(short), "|".join(english), "", "|".join(common), valid_from,
                      "", "", f"harvest:flash-{span}", note])
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CURATED_HEADER)
        w.writerows(table)
    by_market = defaultdict(lambda: [0, 0, 0])
    for row in table:
        m = by_market[pl.market_group(row[0])]
        m[0] += 1
        m[1] += 0 if row[2] else 1
        m[2] += len([x for x in (row[2], *row[3].split("|"), *row[4].split("|")) if x])
    for m, (n, old, forms) in sorted(by_market.items()):
        print(f"{m}: {n} securities ({old} already in the dictionary, {n - old} new), {forms} names", file=sys.stderr)
    print(f"{len(table)} rows -> {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("review", help="count (secid, name as written) pairs")
    r.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    r.add_argument("-o", "--out", type=Path, required=True)
    c = sub.add_parser("curate", help="the curated table from a review table")
    c.add_argument("review_csv", type=Path)
    c.add_argument("-o", "--out", type=Path, required=True)
    c.add_argument("--span", default="2026-05-14..2026-08-11", help="dates of the corpus, for the source column")
    args = ap.parse_args(argv)
    if args.cmd == "review":
        return review(args.corpus, args.out)
    return curate(args.review_csv, args.out, args.span)


if __name__ == "__main__":
    sys.exit(main())
