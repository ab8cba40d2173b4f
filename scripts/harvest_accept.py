"""US and HK names from the publishers' lists of the flash days, by one acceptance principle.

``scripts/harvest_flash.py`` keeps a name seen on >= 3 items (20 rows). This script widens
the harvest with a stated principle and both publishers that list US and HK stocks:

1. **Alignment.** A (secid, name) pair is counted on an item when the publisher lists the
   secid and the item's text writes the name: CLS and 10jqka pair names with codes
   (``entitylink.tools.ListHarvest``, as ``harvest_flash.py review``); Eastmoney lists secids
   only, so its items count for a name another publisher gave that secid (US tickers folded
   across 105/106/107) when its text writes that name.
2. **Recurrence.** Accepted when the pair is counted on >= ``MIN_ITEMS`` items of >= ``MIN_DAYS``
   distinct days: one item can be a tagging slip, two days are two independent stories.
3. **One security.** No other security of the dictionary or of the harvest has the name,
   except another listing of the same company (its names overlap).
4. **Not an ordinary word.** A Chinese name jieba's dictionary holds as an everyday word
   (frequency >= 200 and not a proper noun) or as a person's name (nr, nrfg; not nrt, the
   transliterations jieba gives companies too: 霍尼韦尔) is refused; a Latin name of one word
   that the system word list (``/usr/share/dict/words``) holds, or of one word under 5
   characters that is not the security's own ticker (Lite, CSP), is refused.
5. **The name points to the security.** Of the items of the publishers that list US and HK
   stocks (10jqka, Eastmoney) whose text writes the name — not only inside a longer name of
   the same security (石药 in 石药集团) — at least ``MIN_POINTING`` list the security. A name
   publishers write far more often than they list its security is read as something else:
   中金 is the broker quoted as a source (12 of 168 items list 03908).
6. **Review.** ``harvest_flash.REJECT`` and ``REVIEW`` below record the refusals of a read.

US and HK only (A shares come from the exchanges' lists). Pairs already in
``curated/harvest_flash.csv`` are left to it.

    python scripts/harvest_accept.py [--from 2026-05-14] [--to 2026-08-11] \\
        [-o dictionaries/curated/harvest_flash_names.csv]

``--from/--to`` choose the days (a held-out test harvests the first 40 days only); ``source``
names the days (``harvest:flash-names-FROM..TO``) and ``note`` the counts of each name.
Deterministic; nothing of the corpus is written but names, codes, counts and dates.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from entitylink.knowledge.dictionary import Dictionary  # noqa: E402
from entitylink.tools import publisher_lists as pl  # noqa: E402
from entitylink.tools.harvest import ListHarvest, iter_records, record_text  # noqa: E402


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


hf = _load("harvest_flash")
bd = _load("build_dictionaries")

MIN_ITEMS, MIN_DAYS = 2, 2
MIN_POINTING = 0.25
OWN_SOURCE = "harvest:flash-names-"
DEFAULT_OUT = hf.DICT_DIR / "curated" / "harvest_flash_names.csv"
WORDS = Path("/usr/share/dict/words")
# Refused on review, with the reason (the rules above would keep them).
REVIEW: dict[tuple[str, str], str] = {
    ("106.NYT", "纽约时报"): "the newspaper cited as a news source far more often than the company",
    ("106.PWR", "广达"): "广达 is Quanta Computer of Taiwan (广达电脑) in Chinese news; 106.PWR is Quanta Services",
    ("106.ICE", "洲际交易所"): "the exchange operator named as a venue (ICE futures) more often than the stock",
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def us_key(secid: str) -> str:
    """A US secid by its ticker (Eastmoney and the dictionary differ on 105/106/107)."""
    market, _, code = secid.partition(".")
    return f"US.{code}" if market in ("105", "106", "107") else secid


def corpus_files(corpus: Path, first: str, last: str) -> list[str]:
    return sorted(str(p) for p in corpus.glob("*.jsonl.gz")
                  if (m := _DAY.search(p.name)) and first <= m.group() <= last)  # fmt: skip


def count_pairs(files: list[str], dictionary: Dictionary) -> dict[tuple[str, str], dict]:
    """(secid, name) -> items, days, publishers: principle 1 over ``files`` (one file per
    publisher and day; the days of a pair are those whose files added to its count)."""
    harvest = ListHarvest(dictionary, groups=pl.EQUITY_GROUPS, exclude_sources=(hf.OWN_SOURCE,))
    eastmoney: list[tuple[str, dict]] = []
    seen: dict[tuple[str, str], int] = {}
    days: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_day: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_day[_DAY.search(Path(f).name).group()].append(f)
    for day in sorted(by_day):
        for path, _line, rec in iter_records(by_day[day]):
            if isinstance(rec, str):
                continue
            harvest.add(rec, where=path)
            if "eastmoney-" in Path(path).name:
                eastmoney.append((day, rec))
        for r in harvest.rows():
            pair = (r["secid"], r["name"])
            if int(r["count"]) > seen.get(pair, 0):
                seen[pair] = int(r["count"])
                days[pair].add(day)
    pairs: dict[tuple[str, str], dict] = {}
    for r in harvest.rows():
        if pl.market_group(r["secid"]) in ("US", "HK") and r["in_dictionary"] != "yes":
            pair = (r["secid"], r["name"])
            pairs[pair] = {"items": int(r["count"]), "days": set(days[pair]),
                           "publishers": set(r["publishers"].split("|")) - {""}}  # fmt: skip
    by_key = defaultdict(list)
    for secid, name in pairs:
        by_key[us_key(secid)].append((secid, name))
    for day, rec in eastmoney:  # principle 1, Eastmoney: a name another publisher gave the listed secid
        keys = {us_key(s) for s in pl.from_record(rec).secids} & by_key.keys()
        text = record_text(rec) if keys else ""
        for key in sorted(keys):
            for pair in by_key[key]:
                if pair[1] in text:
                    pairs[pair]["items"] += 1
                    pairs[pair]["days"].add(day)
                    pairs[pair]["publishers"].add("Eastmoney")
    return pairs


def pointing(files: list[str], pairs: dict[tuple[str, str], dict], known) -> None:
    """Principle 5: per pair, the items of 10jqka and Eastmoney writing the name (``named``) and
    those of them listing the security (``pointed``); occurrences inside a longer name of the
    same security are not counted."""
    longer = {pair: sorted((a for a in known.aliases.get(pair[0], ()) if pair[1] in a and a != pair[1]),
                           key=len, reverse=True) for pair in pairs}  # fmt: skip
    for pair in pairs:
        pairs[pair]["named"] = pairs[pair]["pointed"] = 0
    for _path, _line, rec in iter_records([f for f in files if Path(f).name.startswith(("ths-", "eastmoney-"))]):
        if isinstance(rec, str):
            continue
        text = record_text(rec)
        hits = [pair for pair in pairs if pair[1] in text]
        if not hits:
            continue
        keys = {us_key(s) for s in pl.from_record(rec).secids}
        for pair in hits:
            rest = text
            for a in longer[pair]:
                rest = rest.replace(a, " ")
            if pair[1] in rest:
                pairs[pair]["named"] += 1
                pairs[pair]["pointed"] += us_key(pair[0]) in keys


def ordinary(name: str, jieba_words: dict[str, tuple[int, str]], words: set[str], ticker: str = "") -> str | None:
    """Why ``name`` is an ordinary word (principle 4), or None.

    >>> ordinary("Lite", {}, set()), ordinary("IREN", {}, set(), "IREN"), ordinary("Planet Labs", {}, {"planet"})
    ('one Latin word under 5 characters', None, None)
    """
    if name.isascii():
        if " " not in name and len(name) < 5 and name.upper() != ticker:
            return "one Latin word under 5 characters"
        if " " not in name and name.lower() in words:
            return "an English word"
        return None
    freq, tag = jieba_words.get(name, (0, ""))
    if tag in ("nr", "nrfg"):
        return f"a person's name (jieba {tag})"
    if tag not in bd.PROPER_TAGS and freq >= bd.JIEBA_MIN_FREQ:
        return f"an everyday word (jieba {freq} {tag})"
    return None


def accept(pairs: dict[tuple[str, str], dict], dictionary: Dictionary) -> tuple[list, list]:
    """(accepted, refused) pairs by principles 2-5; each refused with its reason."""
    known = hf.DictionaryNames(dictionary, exclude_sources=(hf.OWN_SOURCE,))
    jieba_words = bd.load_jieba(bd.jieba_dict_path())
    words = {w.strip().lower() for w in WORDS.read_text(encoding="utf-8", errors="ignore").split()} \
        if WORDS.is_file() else set()  # fmt: skip
    with open(hf.DICT_DIR / "curated" / "harvest_flash.csv", encoding="utf-8", newline="") as fh:
        curated = {(r["secid"], n) for r in csv.DictReader(fh)
                   for n in (r["name"], *r["short_forms"].split("|"), *r["english"].split("|")) if n}  # fmt: skip

    def company(secid: str, but: str) -> set[str]:
        """The Chinese names of ``secid`` other than ``but`` (the name being decided)."""
        got = set(known.aliases.get(secid, ())) | {n for (s, n) in pairs if s == secid}
        got |= {pl.strip_name_suffix(n) for n in got}
        return {n for n in got if len(n) >= 2 and not n.isascii() and n != but}

    holders = defaultdict(set)
    for secid, name in pairs:
        holders[name].add(secid)
    accepted, refused = [], []
    for (secid, name), p in sorted(pairs.items()):
        why = None
        if (secid, name) in curated:
            continue
        if p["items"] < MIN_ITEMS or len(p["days"]) < MIN_DAYS:
            why = f"{p['items']} items of {len(p['days'])} days"
        elif len(name) < 2 or name in known.aliases.get(secid, ()):
            why = "too short or already an alias"
        elif reason := (hf.REJECT.get((secid, name)) or REVIEW.get((secid, name))):
            why = "review: " + reason
        elif reason := ordinary(name, jieba_words, words, secid.partition(".")[2]):
            why = reason
        elif p.get("named") and p["pointed"] < MIN_POINTING * p["named"]:
            why = f"points elsewhere: {p['pointed']} of {p['named']} items writing it list the security"
        else:
            others = (known.by_alias.get(name, set()) | holders[name]) - {secid}
            if any(us_key(o) != us_key(secid) and (pl.market_group(o) not in pl.EQUITY_GROUPS
                   or not company(o, name) & company(secid, name)) for o in others):  # fmt: skip
                why = "also names " + "|".join(sorted(others))
        (refused if why else accepted).append((secid, name, p, why))
    return accepted, refused


def write_table(accepted: list, out: Path, span: str, dictionary: Dictionary) -> None:
    """The curated table: a secid the dictionary (or ``harvest_flash.csv``) defines gets its new
    names as short forms / English names; a new secid its most-seen Chinese name as ``name``."""
    known = set(hf.DictionaryNames(dictionary, exclude_sources=(OWN_SOURCE,)).names)
    by_secid = defaultdict(list)
    for secid, name, p, _ in accepted:
        by_secid[secid].append((name, p))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(hf.CURATED_HEADER)
        for secid in sorted(by_secid, key=lambda s: (pl.market_group(s), s)):
            rs = sorted(by_secid[secid], key=lambda np: (-np[1]["items"], np[0]))
            new = secid not in known
            cjk = [n for n, _ in rs if not n.isascii()]
            latin = [n for n, _ in rs if n.isascii()]
            main = (cjk or latin)[0] if new else ""
            note = "; ".join(f"{n}: {p['items']} items, {len(p['days'])} days, {min(p['days'])}..{max(p['days'])}, "
                             f"{'|'.join(sorted(p['publishers']))}, listed on {p.get('pointed', 0)} of "
                             f"{p.get('named', 0)} 10jqka/Eastmoney items writing it" for n, p in rs)  # fmt: skip
            w.writerow([secid, "stock", main, "|".join(n for n in cjk if n != main),
                        "|".join(n for n in latin if n != main), "", "", "", "", "",
                        f"{OWN_SOURCE}{span}", note])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=hf.DEFAULT_CORPUS)
    ap.add_argument("--from", dest="first", default="2026-05-14")
    ap.add_argument("--to", dest="last", default="2026-08-11")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--refused", type=Path, help="also write the refused pairs with their reasons (CSV)")
    args = ap.parse_args(argv)
    dictionary = Dictionary.from_csv(*sorted(hf.DICT_DIR.glob("*.csv")), replace=True)
    files = corpus_files(args.corpus, args.first, args.last)
    days = sorted({_DAY.search(Path(f).name).group() for f in files})
    pairs = count_pairs(files, dictionary)
    pointing(files, pairs, hf.DictionaryNames(dictionary, exclude_sources=(hf.OWN_SOURCE,)))
    accepted, refused = accept(pairs, dictionary)
    write_table(accepted, args.out, f"{days[0]}..{days[-1]}", dictionary)
    if args.refused:
        with open(args.refused, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["secid", "name", "items", "days", "publishers", "reason"])
            for secid, name, p, why in refused:
                w.writerow([secid, name, p["items"], len(p["days"]), "|".join(sorted(p["publishers"])), why])
    by_market = defaultdict(int)
    for secid, *_ in accepted:
        by_market[pl.market_group(secid)] += 1
    print(f"{len(days)} days, {len(pairs)} US/HK pairs not in the dictionary: {len(accepted)} accepted "
          f"({dict(sorted(by_market.items()))}), {len(refused)} refused -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
