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
date and id; at most 80 characters around the name).

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
import gzip
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from entitylink.tools import publisher_lists as pl  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "flash"
DICT_DIR = ROOT / "dictionaries"
REVIEW_HEADER = ["secid", "name", "count", "days", "first_date", "last_date", "publishers", "in_dictionary",
                 "example", "listed_as"]
CURATED_HEADER = ["secid", "kind", "name", "short_forms", "english", "former", "common_words", "valid_from",
                  "valid_to", "board_type", "source", "note"]
MIN_ITEMS, MIN_DAYS = 3, 2
NAMED_PUBLISHERS = {"cls", "ths"}
PUBLISHER_LABEL = {"cls": "CLS", "ths": "10jqka", "eastmoney": "Eastmoney"}
EXAMPLE_WIDTH = 80

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


def norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def item_text(rec: dict) -> str:
    title = rec.get("title") if isinstance(rec.get("title"), str) else ""
    content = rec.get("content") if isinstance(rec.get("content"), str) else ""
    title, content = title.strip(), content.strip()
    if title and title not in content:
        return f"{title}\n{content}" if content else title
    return content


def load_dictionary(dict_dir: Path = DICT_DIR) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """secid -> aliases, alias -> secids, secid -> main name, from the shipped CSVs."""
    aliases: dict[str, set[str]] = defaultdict(set)
    by_alias: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for path in sorted(dict_dir.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                secid = r["secid"]
                names.setdefault(secid, norm(r["name"]))
                for a in (r["alias"], r["name"]):
                    if a:
                        aliases[secid].add(norm(a))
                        by_alias[norm(a)].add(secid)
    return aliases, by_alias, names


def candidates(secid: str, listed_name: str | None, aliases: dict[str, set[str]]) -> list[str]:
    out = set()
    if listed_name:
        n = norm(listed_name)
        out |= {n, pl.strip_name_suffix(n)}
    out |= {a for a in aliases.get(secid, ()) if not a.isdigit()}
    return sorted((c for c in out if len(c) >= 2), key=lambda c: (-len(c), c))


class Containers:
    """For a name, the longer dictionary aliases that contain it, with the offsets inside them."""

    def __init__(self, all_aliases: set[str]) -> None:
        self.by_char: dict[str, list[str]] = defaultdict(list)
        for a in sorted(all_aliases):
            for ch in set(a):
                self.by_char[ch].append(a)
        self.cache: dict[str, list[tuple[str, int]]] = {}

    def __call__(self, name: str) -> list[tuple[str, int]]:
        got = self.cache.get(name)
        if got is None:
            pool = min((self.by_char.get(ch, []) for ch in set(name)), key=len)
            got = []
            for a in pool:
                if len(a) > len(name):
                    k = a.find(name)
                    while k >= 0:
                        got.append((a, k))
                        k = a.find(name, k + 1)
            self.cache[name] = got
        return got


def inside_longer(text: str, i: int, name: str, containers: Containers | None) -> bool:
    """Whether the name at ``i`` is part of a longer dictionary name (建滔 in 建滔积层板)."""
    if containers is None:
        return False
    return any(i >= k and text.startswith(a, i - k) for a, k in containers(name))


def found_names(text: str, names: list[str], containers: Containers | None = None) -> list[tuple[str, int]]:
    """(name, first position) of each name found outside the longer names found (longest first)
    and outside any longer dictionary name."""
    covered: list[tuple[int, int]] = []
    out = []
    for n in names:  # longest first
        pos, first = 0, None
        while (i := text.find(n, pos)) >= 0:
            if not any(a <= i and i + len(n) <= b for a, b in covered) and not inside_longer(text, i, n, containers):
                first = i if first is None else first
            covered.append((i, i + len(n)))
            pos = i + 1
        if first is not None:
            out.append((n, first))
    return out


def example(text: str, pos: int, name: str) -> str:
    room = max(0, EXAMPLE_WIDTH - len(name)) // 2
    a, b = max(0, pos - room), min(len(text), pos + len(name) + room)
    return text[a:b].replace("\n", " ")


def review(corpus: Path, out: Path) -> int:
    aliases, by_alias, _ = load_dictionary()
    containers = Containers({a for a in by_alias if len(a) >= 2})
    stats: dict[tuple[str, str], dict] = {}
    listed_as: dict[str, set[str]] = defaultdict(set)
    for path in sorted(corpus.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                plist = pl.from_record(rec)
                if not plist.entries:
                    continue
                text = item_text(rec)
                pub, date, rid = str(rec.get("source")), str(rec.get("date")), str(rec.get("id"))
                for secid, lname in plist.entries:
                    if pl.market_group(secid) not in pl.EQUITY_GROUPS:
                        continue
                    if lname:
                        listed_as[secid].add(norm(lname))
                    for name, pos in found_names(text, candidates(secid, lname, aliases), containers):
                        s = stats.setdefault((secid, name), {"items": set(), "days": set(), "pubs": set(),
                                                             "example": None})
                        s["items"].add((pub, rid))
                        s["days"].add(date)
                        s["pubs"].add(pub)
                        key = (date, rid)
                        if s["example"] is None or key < s["example"][0]:
                            s["example"] = (key, example(text, pos, name))
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for (secid, name), s in stats.items():
        if name in aliases.get(secid, ()):
            known = "yes"
        elif by_alias.get(name):
            known = "other:" + "|".join(sorted(by_alias[name]))
        else:
            known = "no"
        days = sorted(s["days"])
        rows.append([secid, name, len(s["items"]), len(days), days[0], days[-1],
                     "|".join(PUBLISHER_LABEL.get(p, p) for p in sorted(s["pubs"])), known, s["example"][1],
                     "|".join(sorted(listed_as.get(secid, ())))])
    rows.sort(key=lambda r: (r[0], -r[2], r[1]))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(REVIEW_HEADER)
        w.writerows(rows)
    print(f"{len(rows)} (secid, name) pairs -> {out}", file=sys.stderr)
    return 0


def curate(review_csv: Path, out: Path, span: str) -> int:
    aliases, by_alias, names = load_dictionary()
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
