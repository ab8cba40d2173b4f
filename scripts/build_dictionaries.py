#!/usr/bin/env python
"""Build entitylink's shipped dictionaries from shared/reference plus dictionaries/curated.

    python scripts/build_dictionaries.py [--reference ../shared/reference] [--out dictionaries] [--check]

Writes ``a_shares.csv``, ``hk.csv``, ``us.csv``, ``indexes.csv``, ``boards.csv``
(the format of ``entitylink.knowledge.dictionary``), ``README.md`` (sources, dates, licences,
row counts) and ``LICENSES/`` into ``--out``. Output is deterministic (sorted, no
timestamps). ``--check`` builds into a temporary directory and exits 1 if anything
differs from the files in ``--out``.

Rules (see dictionaries/README.md for the full list):
- every name an A-share code carried in the 12 dated snapshots 2016-2026 is a row dated
  by the snapshots that show it (observed bounds); industry boards of Eastmoney's old and
  2025 systems, SH/SZ/CSI and global indexes, HKEX English names likewise;
- every ``curated/*.csv`` with the standard header is read (a row citing the gold is refused);
- every A/B-share code in ``cn_a_share_dictionary_merged.csv`` and every HK code in
  ``hk_stock_names_2026.csv`` (except RMB counters, which become aliases of their
  HKD line) is a security;
- aliases: current name, status-stripped name, SSE extended name, SZSE full name and
  its short form, English names and trimmed forms, former names (dated), HK base
  names, BSE old codes, curated short forms, US tickers, board names without
  decorations;
- ``common_word`` from jieba's dictionary frequencies plus curated lists.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import io
import os
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

from entitylink.knowledge.dictionary import COLUMNS, check_file  # noqa: E402
from entitylink.markets import parse_secid  # noqa: E402
from entitylink.knowledge.normalize import normalize_name  # noqa: E402

# --------------------------------------------------------------------------- sources

SNAPSHOT_SOURCE = {  # snapshot date -> source id of the short names seen on that date
    "2026-08-15": "dsh-stock-watch@2026-08-15",
    "2025-08-07": "adata@2025-08-07",
    "2023-10-18": "adata@2023-10-18",
}
SZSE = "szse@2023-10-17"
SSE = "sse@2023-10-17"
HK_SOURCE = "hk-dsh-plugin@2026"
CONCEPT_SOURCE = "adata-concepts@2025-08-07"
HYBK_SOURCE = "hikyuu-hybk@2024-01-02"
GLOBAL_INDEX_SOURCE = "akshare-1.19.5:index_global_em"
SINA_INDEX_SOURCE = "sina-index-list@2025-02-01"
CSI_INDEX_SOURCE = "csi-index-list@2026-05-12"
BOARD_CANDIDATES = "candidates:eastmoney_industry_boards"

OUTPUT_FILES = ("a_shares.csv", "boards.csv", "hk.csv", "indexes.csv", "us.csv")
CURATED_HEADER = ("secid", "kind", "name", "short_forms", "english", "former", "common_words",
                  "valid_from", "valid_to", "board_type", "source", "note")  # fmt: skip


def curated_tables(curated_dir: Path) -> list[Path]:
    """Every ``*.csv`` of ``curated_dir`` with the standard curated header, by file name
    (a new table such as ``harvest_flash.csv`` is read without code changes)."""
    out = []
    for path in sorted(curated_dir.glob("*.csv"), key=lambda p: p.name):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = tuple(h.strip() for h in next(csv.reader(fh), []))
        if header == CURATED_HEADER:
            out.append(path)
    return out


_GOLD = re.compile(r"(?<![A-Za-z])gold(?![A-Za-z])|finews-dev")  # lowercase: not "Barrick Gold"
_CURATED_ID = re.compile(r"\bcurated:[\w.-]+")


def curated_basis_problem(source: str, note: str) -> str | None:
    """Why a curated row may not ship, or ``None``. The row must name a general source
    (a reference file, a harvest with its counts, a public fact) in ``source`` or
    ``note``; the test gold is never one, so a row that cites it is refused outright
    (re-source it or drop it).

    >>> curated_basis_problem("curated:x", "gold: 茅台 1.600519")
    'cites the test gold (finews-dev); cite a general source instead'
    >>> curated_basis_problem("curated:x", "")
    'names no source (source and note are empty)'
    >>> curated_basis_problem("curated:x", "SSE index 000001") is None
    True
    """
    text = f"{source or ''};{note or ''}"
    if _GOLD.search(text):
        return "cites the test gold (finews-dev); cite a general source instead"
    if not re.search(r"\w", _CURATED_ID.sub("", text)):
        return "names no source (source and note are empty)"
    return None


def output_file(secid: str, kind: str) -> str:
    """The shipped file a new security goes to, by its market and kind."""
    market = int(secid.split(".", 1)[0])
    if market == 90:
        return "boards.csv"
    if kind == "index":
        return "indexes.csv"
    if market in (105, 106, 107, 153):
        return "us.csv"
    if market in (116, 128):
        return "hk.csv"
    return "a_shares.csv"


LICENSE_FILES = {
    "adata-Apache-2.0.txt": "1nchaos/adata — Apache License 2.0",
    "akshare-MIT.txt": "akshare (PyPI 1.19.5, global-index map) — MIT, Copyright (c) 2019-2026 Albert King",
    "aperture-MIT.txt": "Spagestic/aperture (HKEX List of Securities 2026-03-23) — MIT, Copyright (c) 2026 Ginni Vishal",
    "Auto-Trade-MIT.txt": "foamliu/Auto-Trade (Tushare stock basics 2019-05-05) — MIT, Copyright (c) 2019 刘杨",
    "cninfoNoticeCrawler-Apache-2.0.txt": "ForstMaple/cninfoNoticeCrawler (cninfo lists 2021-05-15, 2021-09-27) — Apache License 2.0",
    "dsh-stock-watch-MIT.txt": "Awu12277/dsh-stock-watch — MIT, Copyright (c) 2026 Awu12277",
    "dsh-plugin-stock-x-MIT.txt": "xuexiaolei1997/dsh-plugin-stock-x — MIT, Copyright (c) 2026 xuexiaolei1997",
    "hikyuu-Apache-2.0.txt": "fasiondog/hikyuu (Eastmoney industry, region and concept board names 2024-01-02) — Apache License 2.0",
}

# Priority of alias types when one (alias, secid) pair arises several ways.
TYPE_ORDER = (
    "name",
    "raw_name",
    "extended_name",
    "status_stripped",
    "hk_base",
    "short_form",
    "full_name",
    "full_name_short",
    "english",
    "ticker",
    "board_base",
    "old_code",
    "former",
)
TYPE_RANK = {t: i for i, t in enumerate(TYPE_ORDER)}

# --------------------------------------------------------------------------- name rules

_STATUS_PREFIX = re.compile(r"^(?:退市|S\*ST|\*ST|SST|ST|PT|(?:XD|XR|DR|N|C)(?=[^\x00-\x7f]))")
_STATUS_SUFFIX = re.compile(r"(?:-UWD|-UW|-WD|-U|-W|退)$")


def status_stripped(name: str) -> str:
    """Name without ST/*ST/S*ST/SST/PT/N/C/XD/XR/DR prefixes and -U/-W/-WD/-UW/退 suffixes.

    >>> status_stripped("*ST国华"), status_stripped("国华退"), status_stripped("C国芯-U")
    ('国华', '国华', '国芯')
    """
    s = _STATUS_PREFIX.sub("", name, count=1)
    return _STATUS_SUFFIX.sub("", s, count=1)


def transient_mark(name: str) -> bool:
    """A one-day mark (N/C listing days, XD/XR/DR ex-dividend days): the rest is a truncated name.

    >>> transient_mark("XD平安银"), transient_mark("*ST劝业")
    (True, False)
    """
    return bool(_TRANSIENT.match(name))


_TRANSIENT = re.compile(r"^(?:XD|XR|DR|N|C)(?=[^\x00-\x7f])")


def day_after(iso: str) -> str:
    import datetime as _dt

    return (_dt.date.fromisoformat(iso) + _dt.timedelta(days=1)).isoformat()


def dated_names(obs: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """(name, valid_from, valid_to, source) for every name of one code's snapshots.

    ``obs`` is ``[(date, name, source id)]``. The bounds are the widest the snapshots
    allow, so a linker that drops names out of force never drops one that may have held:
    valid_from is the day after the last earlier snapshot that shows another name (empty
    when there is none: seen since the code's first snapshot); valid_to is the first later
    snapshot that shows another name (exclusive; empty when the name is still the newest).
    Between two snapshots both names may hold. ``source`` names the first and the last
    snapshot that show the name (``a..b``): the dates it is known to hold.

    >>> dated_names([("2016-01-23", "A", "s1"), ("2019-05-05", "B", "s2"), ("2021-05-15", "C", "s3")])
    [('A', '', '2019-05-05', 's1'), ('B', '2016-01-24', '2021-05-15', 's2'), ('C', '2019-05-06', '', 's3')]
    """
    obs = sorted(obs)
    out = []
    for name in sorted({n for _, n, _ in obs}, key=lambda n: min(d for d, m, _ in obs if m == n)):
        mine = [(d, s) for d, n, s in obs if n == name]
        first, last = mine[0][0], mine[-1][0]
        earlier = [d for d, n, _ in obs if d < first and n != name]
        later = [d for d, n, _ in obs if d > last and n != name]
        src = mine[0][1] if mine[0][1] == mine[-1][1] else f"{mine[0][1]}..{mine[-1][1]}"
        out.append((name, day_after(max(earlier)) if earlier else "", min(later) if later else "", src))
    return out


# --------------------------------------------------------------------------- listing dates

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def a_share_listing_dates(ref: Path) -> dict[str, str]:
    """A-share secid -> its listing date (``list_date`` of ``cn_a_share_dictionary_merged.csv``,
    which takes it from the exchanges' and adata's lists). No name of a security holds
    before the security is listed, so every row of the code is dated from it at the latest
    (``listing_bounds``). Codes without a date get none."""
    out = {}
    for r in read_csv(ref / "cn_a_share_dictionary_merged.csv"):
        if _ISO_DAY.fullmatch(r["list_date"].strip()):
            out[r["secid"]] = r["list_date"].strip()
    return out


def hk_listing_bounds(ref: Path) -> dict[str, str]:
    """HK secid -> the first day it may be listed, for lines absent from an earlier HKEX list
    (the day after the last list without them: 知乎-W, first shown by the 2023-03-01 list,
    is dated from 2021-12-04). The lists of 2021-10-11 and 2021-12-03 are complete and those of
    2023 and 2026 hold every equity; a line in the first list has no bound (it may have
    listed decades before). The first list showing a line stays in its rows' ``source``
    (``hkex@2023-03-01..``): the linker reads it as the first date the line is known listed."""
    path = ref / "derived" / "hk_english_names_hkex_2021-2026.csv"
    if not path.is_file():
        return {}
    rows = read_csv(path)
    lists = sorted({d for r in rows for d in split(r["seen_in_snapshots"])})
    first: dict[str, str] = {}
    for r in rows:
        for d in split(r["seen_in_snapshots"]):
            first[r["secid"]] = min(first.get(r["secid"], d), d)
    return {secid: day_after(max(d for d in lists if d < f)) for secid, f in first.items() if f > lists[0]}


def listing_bounds(rows: list[Row], bounds: dict[str, str]) -> None:
    """Date every row of a secid in ``bounds`` from that day at the latest (a row already
    dated later keeps its date; a row that ends before the bound is left as it is)."""
    for row in rows:
        bound = bounds.get(row.secid)
        if bound and (not row.valid_from or row.valid_from < bound) and (not row.valid_to or row.valid_to > bound):
            row.valid_from = bound


def cn_market(code: str) -> int:
    """Eastmoney market of a six-digit A/B-share code: 1 Shanghai, 0 Shenzhen and Beijing."""
    return 1 if code.startswith(("60", "68", "90")) else 0


# Dated A-share short-name snapshots: (date, source id, file, reader). Files under
# no_licence/ are used for facts only (that a code carried a name on a date), as the
# reference README allows; each row names its snapshot in ``source``.
CN_SNAPSHOTS = (
    ("2016-01-23", "cninfo@2016-01-23", "no_licence/cn_a_share_names_cninfo_2016-01-23.json", "cninfo"),
    ("2019-05-05", "tushare@2019-05-05", "cn_a_share_stock_basics_tushare_2019-05-05.csv", "tushare"),
    ("2019-10-25", "tushare@2019-10-25", "no_licence/cn_a_share_stock_basic_tushare_2019-10-25.csv", "tushare"),
    ("2020-06-24", "tushare@2020-06-24", "no_licence/cn_a_share_stock_basic_tushare_2020-06-24.csv", "tushare_pro"),
    ("2021-05-15", "cninfo@2021-05-15", "cn_a_share_names_cninfo_2021-05-15.json", "cninfo"),
    ("2021-09-27", "cninfo@2021-09-27", "cn_a_share_names_cninfo_2021-09-27.json", "cninfo"),
    ("2022-03-18", "cninfo@2022-03-18", "no_licence/cn_a_share_names_cninfo_2022-03-18.json", "cninfo"),
    ("2023-10-17", "szse@2023-10-17", "szse_a_share_list_2023-10-17.csv", "szse"),
    ("2023-10-17", "sse@2023-10-17", "sse_a_share_list_2023-10-17.csv", "sse"),
    ("2023-10-18", "adata@2023-10-18", "cn_a_share_list_adata_2023-10-18.csv", "adata"),
    ("2025-08-07", "adata@2025-08-07", "cn_a_share_list_adata_2025-08-07.csv", "adata"),
    ("2026-08-15", "dsh-stock-watch@2026-08-15", "cn_a_share_names_2026-08-15.json", "json"),
)
_SIX = re.compile(r"\d{6}")


def read_snapshot(path: Path, reader: str) -> dict[str, str]:
    """code -> raw short name of one snapshot file (A shares only)."""
    import json

    pairs: list[tuple[str, str]] = []
    if reader in ("cninfo", "json"):
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if isinstance(data, dict):
            data = data["stockList"]
        for r in data:
            if reader == "cninfo" and r.get("category") != "A股":
                continue
            pairs.append((r["code"], r["zwjc"] if reader == "cninfo" else r["name"]))
    else:
        col = {"tushare": ("code", "name"), "tushare_pro": ("股票代码", "股票名称"), "szse": ("A股代码", "A股简称"),
               "sse": ("A股代码", "证券简称"), "adata": ("stock_code", "short_name")}[reader]  # fmt: skip
        for r in read_csv(path):
            if reader == "tushare_pro" and r.get("上市状态:L上市 D退市 P暂停上市", "L") == "D":
                continue  # a delisted company's last name, not a name in force on the day
            pairs.append((r[col[0]].strip(), r[col[1]]))
    out: dict[str, str] = {}
    for code, name in pairs:
        name = normalize_name(name or "")
        if _SIX.fullmatch(code) and name and not code.startswith(("200", "201", "900")):
            out[code] = name
    return out


def read_cn_snapshots(ref: Path) -> dict[str, list[tuple[str, str, str]]]:
    """code -> [(date, normalised name, source id)] over every snapshot present in ``ref``."""
    history: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for date, source, rel, reader in CN_SNAPSHOTS:
        path = ref / rel
        if not path.is_file():
            continue
        for code, name in read_snapshot(path, reader).items():
            history[code].append((date, name, source))
    return {c: sorted(obs) for c, obs in history.items()}


_COMPANY_SUFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|股份公司|有限公司|集团股份|控股股份|股份|集团)$"
)
_HK_COMPANY_SUFFIX = re.compile(r"(?:股份有限公司|有限公司|股份)$")
_GROUP_PAREN = re.compile(r"[(（]集团[)）]")
_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆",
)  # fmt: skip


def full_name_short(full: str, province: str = "", city: str = "") -> str:
    """Full name without the company form and (if ≥3 characters remain) a leading place.

    >>> full_name_short("深圳国华网安科技股份有限公司", "广东", "深圳市")
    '国华网安科技'
    >>> full_name_short("万科企业股份有限公司")
    '万科企业'
    """
    s = _GROUP_PAREN.sub("", normalize_name(full))
    for _ in range(2):
        s2 = _COMPANY_SUFFIX.sub("", s)
        if s2 == s:
            break
        s = s2
    places = []
    for p in (city, province):
        p = p.strip()
        if p:
            places += [p, p.rstrip("市省")]
    places += [p + "省" for p in _PROVINCES] + [p + "市" for p in _PROVINCES] + list(_PROVINCES)
    for _ in range(2):  # e.g. 广东省深圳市…
        for p in sorted(set(places), key=len, reverse=True):
            if p and s.startswith(p) and len(s) - len(p) >= 3:
                s = s[len(p) :]
                break
    return s


_EN_TAIL = re.compile(
    r"(?:[\s,.]*\b(?:co\.?\s*,?\s*ltd|company\s+limited|corporation\s+limited|co\.?\s*limited|"
    r"co|company|limited|ltd|inc|incorporated|corporation|corp|plc|s\.a|n\.v|ag|se|llc|lp))\.?$",
    re.I,
)
_EN_GROUP = re.compile(r"\s*\((?:group|holdings?|china|cayman)\)\s*", re.I)


def english_trimmed(name: str) -> str:
    """English name without the company form: ``Ping An Bank Co., Ltd.`` -> ``Ping An Bank``.

    >>> english_trimmed("Inmyshow Digital Technology (Group) Co., Ltd.")
    'Inmyshow Digital Technology'
    """
    s = _EN_GROUP.sub(" ", normalize_name(name)).strip()
    for _ in range(3):
        s2 = _EN_TAIL.sub("", s).strip(" ,.")
        if s2 == s:
            break
        s = s2
    return s


_BOARD_DECOR = re.compile(r"(?:概念|板块|行业|_含一字|_|(?<=[^\x00-\x7f])II)$")


def board_base(name: str) -> str:
    """Board name without 概念/板块/行业/_ decorations: ``锂矿概念`` -> ``锂矿``."""
    s = name
    for _ in range(2):
        s = _BOARD_DECOR.sub("", s)
    return s


# Eastmoney concept "boards" that are market signals or index/membership lists, not
# sectors: kept as securities (they resolve by secid) but given no alias.
_PSEUDO_BOARD_PATTERNS = (
    re.compile(r"^昨日"),
    re.compile(r"^\d{4}(?:中报|年报|一季报|三季报)"),
    re.compile(r"_$"),
)
PSEUDO_BOARDS = frozenset(
    {
        "融资融券", "沪股通", "深股通", "MSCI中国", "标准普尔", "富时罗素", "深证100R", "中证500",
        "上证380", "创业成份", "深成500", "创业板综", "转债标的", "低价股", "百元股", "微盘股",
        "破净股", "次新股", "注册制次新股", "AB股", "AH股", "B股", "GDR", "QFII重仓", "基金重仓",
        "机构重仓", "社保重仓", "证金持股", "举牌", "科创板做市股", "科创板做市商", "茅指数",
        "宁组合", "ST股", "股权转让", "IPO受益", "贬值受益",
    }
)  # fmt: skip


def is_pseudo_board(name: str) -> bool:
    return name in PSEUDO_BOARDS or any(p.search(name) for p in _PSEUDO_BOARD_PATTERNS)


def ini_sections(path: Path) -> list[str]:
    """Section names (``[酿酒行业]``) of a Hikyuu block file, normalised, in file order."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    return [normalize_name(m) for m in re.findall(r"^\[([^\]]+)\]\s*$", text, flags=re.M)]


_INDEX_FAMILY = re.compile(
    r"^(?:上证|深证|中证|沪深|国证|创业板|创业|科创|北证|巨潮|中小|深成|沪|深|恒生|标普|富时|MSCI|CSI|SSE|SZSE|CNI)"
)


def is_index_like(name: str) -> bool:
    """An index list's name that says it is an index: a family prefix (上证, 中证, 国证 …)
    or a constituent count (180金融, 红利50). Theme names (智能汽车, 大宗商品) and
    bare sector indexes (工业指数, 综合指数) are left out of text matching.

    >>> is_index_like("中证白酒"), is_index_like("180金融"), is_index_like("智能汽车"), is_index_like("工业指数")
    (True, True, False, False)
    """
    return bool(_INDEX_FAMILY.match(name) or re.search(r"\d", name))


_HKEX_SUFFIX = re.compile(r"-(?:SWR|SW|WR|W|S|B|R|P|PF|U)$")
# HKEX short names that are one ordinary English word (a matcher should want a cue)
_HKEX_WORDS = frozenset({"LINK REIT", "CHINA", "SUCCESS", "FIRST", "TARGET", "VISION", "GLORY", "UNITED", "PACIFIC"})


def too_short(alias: str) -> bool:
    """A single CJK character, or a Latin/digit alias under 2 characters."""
    if not alias:
        return True
    if alias.isascii():
        return len(alias) < 2
    return len(alias) < 2


_CTRL = re.compile(r"[\x00-\x1f\x7f]")

# --------------------------------------------------------------------------- common words

PROPER_TAGS = frozenset({"nr", "nrt", "nrfg", "nt", "nz", "j", "ns"})
JIEBA_MIN_FREQ = 200  # ordinary-word tags (n, a, v, vn, ...)
JIEBA_MIN_FREQ_NS = 1000  # place names that are everyday words (长城, 长江, 太平洋)


def jieba_dict_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise SystemExit("jieba is not installed (its dict.txt is needed for common_word)")
    return Path(spec.origin).parent / "dict.txt"


def load_jieba(path: Path) -> dict[str, tuple[int, str]]:
    words: dict[str, tuple[int, str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


class CommonWords:
    """The common_word rule (documented in dictionaries/README.md)."""

    def __init__(self, jieba_words: dict[str, tuple[int, str]], curated: dict[str, bool]) -> None:
        self.jieba = jieba_words
        self.curated = curated

    def __call__(self, alias: str, alias_type: str, kind: str, forced: bool = False) -> bool:
        key = alias.lower() if alias.isascii() else alias
        if key in self.curated:
            return self.curated[key]
        if forced:
            return True
        if alias_type == "status_stripped" and len(alias) <= 2:
            # the 2-character core of an ST abbreviation (ST华谊 -> 华谊) is rarely how text
            # names the company and often part of other names (华谊新材料, 华谊集团)
            return True
        if alias.isascii():
            # two-letter tickers (GS, MS, BA, KO ...) are ambiguous abbreviations
            return alias_type == "ticker" and len(alias) == 2
        if kind == "board":
            # sector words; only names that say "board" (…概念, …板块, …行业, HS300_) are not
            return not _BOARD_DECOR.search(alias)
        freq, tag = self.jieba.get(alias, (0, ""))
        if tag == "ns":
            return freq >= JIEBA_MIN_FREQ_NS
        return tag not in PROPER_TAGS and freq >= JIEBA_MIN_FREQ


# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    secid: str
    kind: str
    name: str
    alias: str
    alias_type: str
    common: bool | None = None  # None: compute
    valid_from: str = ""
    valid_to: str = ""
    source: str = ""
    forced_common: bool = False

    def key(self) -> tuple[str, str]:
        return (self.alias, self.secid)


class Builder:
    def __init__(self, reference: Path, curated_dir: Path) -> None:
        self.ref = reference
        self.curated_dir = curated_dir
        self.securities: dict[str, tuple[str, str, str]] = {}  # secid -> (kind, name, file)
        self.rows: list[Row] = []
        self.no_alias: dict[str, str] = {}  # secid -> source (security-only rows)

    # -- helpers --------------------------------------------------------------------

    def add_security(self, secid: str, kind: str, name: str, out: str) -> None:
        parts = parse_secid(secid)  # raises on a bad secid: a build bug
        secid = parts.secid
        name = normalize_name(name)
        prev = self.securities.get(secid)
        if prev and prev[:2] != (kind, name):
            raise SystemExit(f"{secid}: two names/kinds {prev[:2]} vs {(kind, name)}")
        if not prev:
            self.securities[secid] = (kind, name, out)

    def add(self, secid: str, alias: str, alias_type: str, source: str, **kw) -> None:
        kind, name, _ = self.securities[secid]
        alias = normalize_name(alias) if alias else ""
        if not alias or too_short(alias) or _CTRL.search(alias):
            return
        self.rows.append(Row(secid, kind, name, alias, alias_type, source=source, **kw))

    # -- A and B shares ------------------------------------------------------------

    def build_cn(self) -> None:
        ref = self.ref
        merged = read_csv(ref / "cn_a_share_dictionary_merged.csv")
        szse = {r["A股代码"]: r for r in read_csv(ref / "szse_a_share_list_2023-10-17.csv")}
        by_code = {r["code"]: r for r in merged}
        history = read_cn_snapshots(ref)  # code -> [(date, name, source)]
        snaps_of = {c: sorted({d for d, _, _ in obs}) for c, obs in history.items()}

        def secid_of(code: str) -> str:
            r = by_code.get(code)
            return f"{r['em_market_id']}.{code}" if r else f"{cn_market(code)}.{code}"

        for r in merged:
            code = r["code"]
            secid = secid_of(code)
            name = r["short_name"]
            self.add_security(secid, "stock", name, "a_shares.csv")
            old_to = ""
            if r["superseded_by"]:
                new = r["superseded_by"]
                old_to = snaps_of[new][0] if snaps_of.get(new) else ""
            if code not in history:  # not in any snapshot file: the merged table's name
                snap = r["short_name_snapshot"]
                src = SNAPSHOT_SOURCE.get(snap) or (SZSE if r["exchange"] == "SZ" else SSE)
                self.add(secid, name, "name", src, valid_to=old_to)
                stripped = status_stripped(normalize_name(name))
                if stripped != normalize_name(name):
                    self.add(secid, stripped, "status_stripped", "derived:status_stripped", valid_to=old_to)
            if r["sse_extended_short_name"]:
                self.add(secid, r["sse_extended_short_name"], "extended_name", SSE)
            is_b = r["board"] in ("深B", "沪B") or code.startswith(("200", "201", "900"))
            if r["fullname_cn"] and not is_b:
                sz = szse.get(code, {})
                self.add(secid, r["fullname_cn"], "full_name", SZSE)
                short = full_name_short(r["fullname_cn"], sz.get("省份", ""), sz.get("城市", ""))
                if len(short) >= 3:
                    self.add(secid, short, "full_name_short", "derived:full_name_short")
            if r["fullname_en"] and not is_b:
                en_src = SZSE if r["exchange"] == "SZ" else SSE
                self.add(secid, r["fullname_en"], "english", en_src)
                trimmed = english_trimmed(r["fullname_en"])
                if len(trimmed) >= 4 and trimmed != normalize_name(r["fullname_en"]):
                    self.add(secid, trimmed, "english", "derived:english_trimmed")
            if r["superseded_by"]:
                new_secid = secid_of(r["superseded_by"])
                self.add_security(new_secid, "stock", by_code[r["superseded_by"]]["short_name"], "a_shares.csv")
                self.pending_old_codes.append((new_secid, code, old_to))
            # B shares named on the A row
            if r["b_share_code"]:
                b = r["b_share_code"]
                if b not in by_code:
                    bsecid = f"{1 if b.startswith('900') else 0}.{b}"
                    self.add_security(bsecid, "stock", r["b_share_name"] or b, "a_shares.csv")
                    self.add(bsecid, r["b_share_name"], "name", SZSE if r["exchange"] == "SZ" else SSE)

        # Old BSE codes: alias of the new secid (the old secid stays a security).
        old_to_of = {}
        for new_secid, old_code, old_to in self.pending_old_codes:
            self.add(new_secid, old_code, "old_code", "derived:bse_recode")
            old_to_of[old_code] = old_to

        # Every name every snapshot shows for a code, dated (observed bounds).
        for code in sorted(history):
            obs = history[code]
            current = normalize_name(by_code[code]["short_name"]) if code in by_code else obs[-1][1]
            secid = secid_of(code)
            if code not in by_code:  # a code seen only before 2023 (delisted or re-coded)
                self.add_security(secid, "stock", current, "a_shares.csv")
            for name, vfrom, vto, src in dated_names(obs):
                if name == current:
                    atype = "name"
                    vto = vto or old_to_of.get(code, "")
                else:
                    atype = "former"
                self.add(secid, name, atype, src, valid_from=vfrom, valid_to=vto)
                core = status_stripped(name)
                # a 2-character core (ST华谊 -> 华谊, 退市未来 -> 未来) is rarely how text names a
                # company and often an ordinary word: only from the current name, never 退市
                short_ok = len(core) > 2 or (atype == "name" and not name.startswith("退市"))
                if core != name and not transient_mark(name) and short_ok:
                    self.add(secid, core, "status_stripped", "derived:status_stripped", valid_from=vfrom, valid_to=vto)

    # -- Hong Kong -----------------------------------------------------------------

    def build_hk(self) -> None:
        rows = read_csv(self.ref / "hk_stock_names_2026.csv")
        hkd = {r["code"]: r for r in rows if r["is_rmb_counter"] != "Y"}
        for r in sorted(hkd.values(), key=lambda r: r["code"]):
            secid = r["secid"]
            self.add_security(secid, "stock", r["name"], "hk.csv")
            self.add(secid, r["name"], "name", HK_SOURCE)
            base = normalize_name(r["base_name"])
            if base != normalize_name(r["name"]):
                self.add(secid, base, "hk_base", HK_SOURCE)
            # 金沙中国有限公司 -> 金沙中国, 华能国际电力股份 -> 华能国际电力 (dropped later if it
            # equals another security's name, e.g. 比亚迪股份 -> 比亚迪)
            short = _HK_COMPANY_SUFFIX.sub("", base)
            if short != base and len(short) >= 3:
                self.add(secid, short, "full_name_short", "derived:full_name_short")
        # RMB counters (8xxxx, -R): not securities of their own; their name is a
        # raw_name alias of the HKD line (same code digits, same base name).
        for r in rows:
            if r["is_rmb_counter"] != "Y":
                continue
            line = hkd.get("0" + r["code"][1:])
            if line and normalize_name(line["base_name"]) == normalize_name(r["base_name"]):
                self.add(line["secid"], r["name"], "raw_name", HK_SOURCE + ":rmb_counter")
            else:
                self.skipped.append(f"RMB counter {r['code']} {r['name']}: no HKD line with the same name")

    def build_hk_english(self) -> None:
        """HKEX English short names (current and former) of the HK securities, dated by the
        HKEX lists that show them (2021-10-11, 2021-12-03, 2023-03-01, 2026-03-23)."""
        path = self.ref / "derived" / "hk_english_names_hkex_2021-2026.csv"
        if not path.is_file():
            return
        obs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for r in read_csv(path):
            secid = r["secid"]
            if secid not in self.securities:
                continue  # a code no longer listed: no Chinese name, not a security here
            name = normalize_name(r["english_short_name"])
            for date in split(r["seen_in_snapshots"]):
                obs[secid].append((date, name, f"hkex@{date}"))
        taken: dict[str, set[str]] = defaultdict(set)
        for row in self.rows:
            taken[row.alias.lower()].add(row.secid)
        for secid in sorted(obs, key=_secid_sort):
            for name, vfrom, vto, src in dated_names(obs[secid]):
                forms = [name]
                base = _HKEX_SUFFIX.sub("", name)
                if base != name:
                    forms.append(base)  # MEITUAN-W -> MEITUAN
                trimmed = english_trimmed(base)
                if trimmed != base and len(trimmed) >= 4:
                    forms.append(trimmed)  # SANDS CHINA LTD -> SANDS CHINA
                for form in forms:
                    # BABA (09988's HKEX name without -SW) is the US ticker of 106.BABA; an A share
                    # of the same issuer may share the name (MIDEA GROUP), as Chinese names are shared
                    others = {o for o in taken.get(form.lower(), set()) - {secid} if not o.startswith(("0.", "1."))}
                    if others:
                        self.skipped.append(f"HKEX name {form!r} of {secid}: also names {sorted(others)}")
                        continue
                    if len(form) >= 3:
                        self.add(secid, form, "english", src, valid_from=vfrom, valid_to=vto,
                                 forced_common=len(form) <= 3 or form in _HKEX_WORDS)  # fmt: skip

    # -- boards --------------------------------------------------------------------

    def build_concepts(self) -> None:
        rows = read_csv(self.ref / "eastmoney_concept_boards_2025-08-07.csv")
        for r in sorted(rows, key=lambda r: r["concept_code"]):
            secid = f"90.{r['concept_code']}"
            name = r["name"]
            self.add_security(secid, "board", name, "boards.csv")
            if is_pseudo_board(normalize_name(name)):
                self.no_alias[secid] = CONCEPT_SOURCE + ":signal"
                continue
            self.add(secid, name, "name", CONCEPT_SOURCE)
            base = board_base(normalize_name(name))
            if base != normalize_name(name):
                self.pending_board_base.append((secid, base, "", ""))

    def build_industry_boards(self) -> None:
        """Eastmoney industry boards of the old system (names cross-checked with Hikyuu's
        hybk.ini) and of the 2025 system, each name dated by the dumps that show it."""
        path = self.ref / "candidates" / "eastmoney_industry_boards_UNATTRIBUTED.csv"
        if not path.is_file():
            return
        hikyuu = set(ini_sections(self.ref / "eastmoney_hybk_names_hikyuu_2024-01-02.ini"))
        for r in sorted(read_csv(path), key=lambda r: r["code"]):
            secid = f"90.{r['code']}"
            obs: list[tuple[str, str, str]] = []
            old, new = normalize_name(r["name_old_system"]), normalize_name(r["name_new_system_2026"])
            if old:
                if old in hikyuu:  # the undated full dump agrees with Hikyuu's 2024-01-02 list
                    obs.append(("2024-01-02", old, HYBK_SOURCE))
                for seen in split(r["old_system_seen_in"]):
                    if m := re.search(r"\d{4}-\d{2}-\d{2}", seen):
                        obs.append((m.group(), old, f"{BOARD_CANDIDATES}@{m.group()}"))
                if not obs:
                    obs.append(("", old, BOARD_CANDIDATES))
            for seen in split(r["new_system_seen_in"]):
                if new and (m := re.search(r"\d{4}-\d{2}-\d{2}", seen)):
                    obs.append((m.group(), new, f"{BOARD_CANDIDATES}@{m.group()}"))
            if not obs:
                continue
            current = sorted(obs)[-1][1]
            if secid in self.securities:
                raise SystemExit(f"{secid}: industry board code is also a concept board")
            self.add_security(secid, "board", current, "boards.csv")
            for name, vfrom, vto, src in dated_names(obs):
                # industry names are ordinary words, also with 行业 (钢铁行业 = the steel industry)
                self.add(secid, name, "name", src, valid_from=vfrom, valid_to=vto, forced_common=True)
                base = board_base(name)
                if base != name:
                    self.pending_board_base.append((secid, base, vfrom, vto))

    # -- curated -------------------------------------------------------------------

    def build_curated(self) -> None:
        # Rows that name a security first, from every table, then the rows that only add
        # names to a security: a table may add to one another table defines.
        rows = [(f"{path}:{line}", path, r) for path in curated_tables(self.curated_dir)
                for line, r in enumerate(read_csv(path), start=2)]
        rows.sort(key=lambda item: not item[2]["name"].strip())  # stable: file and line order within each
        for where, path, r in rows:
            problem = curated_basis_problem(r["source"], r["note"])
            if problem:
                raise SystemExit(f"{where}: {problem}")
            secid, kind, name = r["secid"].strip(), r["kind"].strip(), r["name"].strip()
            src = r["source"].strip() or f"curated:{path.stem}"
            if not name:
                if secid not in self.securities:
                    raise SystemExit(f"{where}: {secid} is not a known security and the row has no name")
            else:
                self.add_security(secid, kind, name, output_file(secid, kind))
                self.add(secid, name, "name", src, valid_from=r["valid_from"], valid_to=r["valid_to"])
            common = {normalize_name(w) for w in split(r["common_words"])}
            all_common = "*" in common
            vf, vt = r["valid_from"].strip(), r["valid_to"].strip()

            def emit(alias: str, atype: str, source: str = src, vfrom: str = vf, vto: str = vt) -> None:
                a = normalize_name(alias)
                self.add(secid, a, atype, source, valid_from=vfrom, valid_to=vto,
                         forced_common=all_common or a in common)  # fmt: skip

            if name and (all_common or normalize_name(name) in common):
                self.rows[-1].forced_common = True
            for a in split(r["short_forms"]):
                emit(a, "board_base" if kind == "board" and a.endswith(("行业", "板块")) else "short_form")
            for a in split(r["english"]):
                emit(a, "english")
                t = english_trimmed(a)
                if len(t) >= 4 and t != normalize_name(a):
                    emit(t, "english", "derived:english_trimmed")
            for item in split(r["former"]):
                text, _, to = item.partition("@")
                emit(text, "former", vfrom="", vto=to.strip())
            market, code = secid.split(".", 1)
            if market in ("105", "106", "107") and code.isalpha() and len(code) >= 2:
                emit(code, "ticker")

    def build_indexes(self) -> None:
        """Global indexes (akshare's Eastmoney map) and the SH/SZ/CSI index lists. A name
        already taken by another index (curated rows first) is not given twice."""
        taken = {r.alias: r.secid for r in self.rows if r.kind == "index"}
        found: list[tuple[str, str, str]] = []  # (secid, name, source) in priority order
        glob = self.ref / "derived" / "eastmoney_global_indexes_akshare-1.19.5.csv"
        if glob.is_file():
            for r in read_csv(glob):
                found.append((r["secid"], r["name"], GLOBAL_INDEX_SOURCE))
        sina_market: dict[str, str] = {}
        sina = self.ref / "no_licence" / "cn_index_list_sina_2025-02-01.csv"
        if sina.is_file():
            rows = read_csv(sina)
            for prefix, market in (("sh", "1"), ("sz", "0")):
                for r in rows:
                    code = r["代码"][2:]
                    if r["代码"].startswith(prefix) and _SIX.fullmatch(code):
                        sina_market.setdefault(code, market)
                        found.append((f"{market}.{code}", r["名称"], SINA_INDEX_SOURCE))
        csi = self.ref / "no_licence" / "csi_index_list_2026-05-12.csv"
        if csi.is_file():
            for r in read_csv(csi):
                code = r["index_code"].strip()
                if _SIX.fullmatch(code):  # CSI-only codes are Eastmoney market 2 (akshare index_zh_em)
                    found.append((f"{sina_market.get(code, '2')}.{code}", r["display_name"], CSI_INDEX_SOURCE))
        for secid, name, src in found:
            name = normalize_name(name)
            if not name or too_short(name):
                continue
            if src != GLOBAL_INDEX_SOURCE and not is_index_like(name):
                # 智能汽车, 大宗商品, 一带一路: a theme in running text, not the index
                self.skipped.append(f"index name {name!r} of {secid}: a theme word, not an index name")
                continue
            owner = taken.get(name)
            if owner and owner != secid:
                self.skipped.append(f"index name {name!r} of {secid}: already names {owner}")
                continue
            if secid in self.securities:
                if self.securities[secid][0] != "index":
                    self.skipped.append(f"index {secid} {name!r}: the secid is a {self.securities[secid][0]}")
                    continue
                atype = "name" if name == self.securities[secid][1] else "short_form"
            else:
                self.add_security(secid, "index", name, "indexes.csv")
                atype = "name"
            taken[name] = secid
            self.add(secid, name, atype, src)

    # -- listing dates -------------------------------------------------------------

    def date_listings(self) -> None:
        """No name holds before its security is listed: A shares from their listing dates,
        HK lines from the HKEX list before the first that shows them."""
        bounds = a_share_listing_dates(self.ref)
        bounds.update(hk_listing_bounds(self.ref))
        listing_bounds(self.rows, {s: d for s, d in bounds.items() if s in self.securities})

    # -- finish --------------------------------------------------------------------

    def finish(self, common_rule: CommonWords) -> dict[str, list[list[str]]]:
        # board_base: skip when the base is another security's alias or another board's name
        taken: dict[str, set[str]] = defaultdict(set)
        for row in self.rows:
            taken[row.alias].add(row.secid)
        for secid, base, vfrom, vto in self.pending_board_base:
            others = taken.get(base, set()) - {secid}
            if others or too_short(base):
                self.skipped.append(f"board_base {base!r} of {secid}: also names {sorted(others)}")
                continue
            self.add(secid, base, "board_base", "derived:board_base", valid_from=vfrom, valid_to=vto)

        # full_name_short must not equal another security's short name
        name_like = defaultdict(set)
        for row in self.rows:
            if row.alias_type in ("name", "hk_base", "short_form", "status_stripped", "extended_name"):
                name_like[row.alias].add(row.secid)
        kept: dict[tuple[str, str], Row] = {}
        for row in sorted(self.rows, key=lambda r: (r.secid, r.alias, TYPE_RANK[r.alias_type])):
            if row.alias_type == "full_name_short" and name_like.get(row.alias, set()) - {row.secid}:
                self.skipped.append(f"full_name_short {row.alias!r} of {row.secid}: another security's name")
                continue
            prev = kept.get(row.key())
            if prev is None:
                kept[row.key()] = row
                continue
            if row.forced_common:
                prev.forced_common = True
            # one row per (alias, secid): its validity is the union of every way it arose
            prev.valid_from = min(prev.valid_from, row.valid_from) if prev.valid_from and row.valid_from else ""
            prev.valid_to = max(prev.valid_to, row.valid_to) if prev.valid_to and row.valid_to else ""

        # board aliases that equal a company's alias need a cue: common_word
        company_alias = {r.alias for r in kept.values() if r.kind == "stock"}
        files: dict[str, list[list[str]]] = {f: [] for f in OUTPUT_FILES}
        for row in kept.values():
            forced = row.forced_common or (row.kind == "board" and row.alias in company_alias)
            common = common_rule(row.alias, row.alias_type, row.kind, forced)
            out = self.securities[row.secid][2]
            files[out].append(
                [row.secid, row.kind, row.name, row.alias, row.alias_type, "1" if common else "0",
                 row.valid_from, row.valid_to, row.source]  # fmt: skip
            )
        for secid, src in self.no_alias.items():
            kind, name, out = self.securities[secid]
            files[out].append([secid, kind, name, "", "", "", "", "", src])
        # every security has at least one row
        have = {r[0] for rows in files.values() for r in rows}
        for secid, (kind, name, out) in self.securities.items():
            if secid not in have:
                files[out].append([secid, kind, name, "", "", "", "", "", "derived:no_safe_alias"])
        for rows in files.values():
            rows.sort(key=sort_key)
        return files

    def run(self, common_rule: CommonWords) -> dict[str, list[list[str]]]:
        self.pending_old_codes: list[tuple[str, str, str]] = []
        self.pending_board_base: list[tuple[str, str, str, str]] = []
        self.skipped: list[str] = []
        self.build_cn()
        self.build_hk()
        self.build_concepts()
        self.build_industry_boards()
        self.build_curated()
        self.build_indexes()
        self.build_hk_english()
        self.date_listings()
        date_concepts_by_hikyuu(self)
        add_concept_name_parts(self)
        self.uncoded_boards = boards_without_code(self)
        return self.finish(common_rule)


# --------------------------------------------------------------------------- boards known by name

GNBK_SOURCE = "hikyuu-gnbk@2024-01-02"
DYBK_SOURCE = "hikyuu-dybk@2024-01-02"
REGION_HARVEST = "harvest:eastmoney-region"
_PAREN_TAIL = re.compile(r"^([^()]+)\(([^()]+)\)$")


def name_parts(name: str, board_names: set[str]) -> list[str]:
    """The names a concept board's name holds in a closing parenthesis: ``X(Y)`` -> ``X``,
    and ``Y`` when ``Y`` is a board's name of its own (it ends in 概念, or a source names a
    board so). A qualifier in parentheses (``AI制药(医疗)``: 医疗) is not a board's name.

    >>> name_parts("抖音概念(字节概念)", set()), name_parts("AI制药(医疗)", set()), name_parts("化债(AMC)概念", set())
    (['抖音概念', '字节概念'], ['AI制药'], [])
    >>> name_parts("车联网(车路云)", {"车联网"})
    ['车联网']
    """
    m = _PAREN_TAIL.match(name)
    if not m:
        return []
    head, inner = m.group(1).strip(), m.group(2).strip()
    parts = [head] if len(head) >= 2 else []
    if len(inner) >= 2 and (inner.endswith("概念") or inner in board_names):
        parts.append(inner)
    return parts


def date_concepts_by_hikyuu(b: Builder) -> None:
    """A 2025 concept board's name that Hikyuu's gnbk list shows on 2024-01-02 is known to
    hold from then: its source names both sightings (``hikyuu-gnbk@2024-01-02..adata-concepts@2025-08-07``)."""
    seen = set(ini_sections(b.ref / "eastmoney_gnbk_names_hikyuu_2024-01-02.ini"))
    for row in b.rows:
        if row.source == CONCEPT_SOURCE and row.alias_type == "name" and normalize_name(row.alias) in seen:
            row.source = f"{GNBK_SOURCE}..{CONCEPT_SOURCE}"


def add_concept_name_parts(b: Builder) -> None:
    """Aliases from a concept name's parenthesis (抖音概念(字节概念) -> 抖音概念, 字节概念), as
    ``board_base`` rows; a part that is another security's alias is left out (as board bases are)."""
    gnbk = set(ini_sections(b.ref / "eastmoney_gnbk_names_hikyuu_2024-01-02.ini"))
    taken: dict[str, set[str]] = defaultdict(set)
    for row in b.rows:
        taken[row.alias].add(row.secid)
    for secid, (kind, name, _) in sorted(b.securities.items()):
        if kind != "board" or secid in b.no_alias:
            continue
        for part in name_parts(normalize_name(name), gnbk):
            others = taken.get(part, set()) - {secid}
            if others or too_short(part):
                b.skipped.append(f"name part {part!r} of {secid}: also names {sorted(others)}")
                continue
            src = f"{GNBK_SOURCE}..{CONCEPT_SOURCE}" if part in gnbk else "derived:name_part"
            b.add(secid, part, "board_base", src)
            taken[part].add(secid)


def boards_without_code(b: Builder) -> list[tuple[str, str, str]]:
    """(name, board type, what is known) of the boards a source names but none gives a code:
    Hikyuu's region boards without a harvested code, and its concept boards of 2024-01-02
    that the 2025-08-07 concept list no longer has (retired or renamed) and that no shipped
    board carries as a name. They are not shipped as securities: a row needs a secid, and a
    code is never made up."""
    names = {r.alias for r in b.rows if r.kind == "board"}
    out = []
    for region in ini_sections(b.ref / "eastmoney_dybk_names_hikyuu_2024-01-02.ini"):
        if region not in names:
            out.append((region, "region", f"{DYBK_SOURCE}; no code in any source"))
    current = {normalize_name(r["name"]) for r in read_csv(b.ref / "eastmoney_concept_boards_2025-08-07.csv")}
    for concept in ini_sections(b.ref / "eastmoney_gnbk_names_hikyuu_2024-01-02.ini"):
        if concept not in current and concept not in names:
            out.append((concept, "concept", f"{GNBK_SOURCE}; not in {CONCEPT_SOURCE}: retired or renamed before it"))
    return out


def uncoded_boards_section(uncoded: list[tuple[str, str, str]]) -> list[str]:
    """The README's list of boards known by name only (see ``boards_without_code``)."""
    if not uncoded:
        return []
    lines = ["", "## Boards known by name only (not shipped: no source gives a code)", ""]
    for kind in ("region", "concept"):
        names = [n for n, k, _ in uncoded if k == kind]
        why = next(w for _, k, w in uncoded if k == kind) if names else ""
        if names:
            lines.append(f"- {kind} ({len(names)}; {why}): " + ", ".join(names))
    return lines


def _secid_sort(secid: str) -> tuple[int, str]:
    m, _, c = secid.partition(".")
    return (int(m), c)


def sort_key(row: list[str]) -> tuple:
    atype = row[4]
    return (_secid_sort(row[0]), TYPE_RANK.get(atype, -1) if atype else -1, row[3])


def split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "") for k, v in r.items()} for r in csv.DictReader(fh)]


def load_curated_common(path: Path) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for r in read_csv(path):
        w = normalize_name(r["word"])
        out[w.lower() if w.isascii() else w] = r["common_word"].strip() == "1"
    return out


# --------------------------------------------------------------------------- output


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_readme(path: Path, files: dict[str, list[list[str]]], skipped: list[str],
                 uncoded: list[tuple[str, str, str]] = ()) -> None:  # fmt: skip
    def count(f: str) -> tuple[int, int]:
        rows = files[f]
        return len(rows), len({r[0] for r in rows})

    lines = [TEMPLATE_HEAD]
    lines.append("| file | rows | securities | built from |")
    lines.append("|---|---:|---:|---|")
    for f in OUTPUT_FILES:
        n, s = count(f)
        lines.append(f"| `{f}` | {n:,} | {s:,} | {FILE_SOURCES[f]} |")
    types = defaultdict(int)
    for rows in files.values():
        for r in rows:
            types[r[4] or "(security only)"] += 1
    lines.append("")
    lines.append("Rows per alias_type: " + ", ".join(f"`{t}` {n:,}" for t, n in sorted(types.items())) + ".")
    lines.append(TEMPLATE_BODY)
    lines.append(f"Build notes: {len(skipped)} candidate aliases were left out by the rules above "
                 f"(board bases that name another security, full-name short forms that equal another "
                 f"security's name, RMB counters without an HKD line, index names that are theme words "
                 f"or another index's name, HKEX names that are a US alias).")  # fmt: skip
    lines.extend(uncoded_boards_section(uncoded))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


FILE_SOURCES = {
    "a_shares.csv": "the 12 dated A-share snapshots (below), `cn_a_share_dictionary_merged.csv`, "
    "`szse_a_share_list_2023-10-17.csv`, `sse_a_share_list_2023-10-17.csv`, `curated/*.csv`",
    "boards.csv": "`eastmoney_concept_boards_2025-08-07.csv`, `candidates/eastmoney_industry_boards_UNATTRIBUTED.csv`, "
    "`eastmoney_{hybk,dybk,gnbk}_names_hikyuu_2024-01-02.ini`, `curated/*.csv` (region codes: `curated/boards_region.csv`)",
    "hk.csv": "`hk_stock_names_2026.csv`, `derived/hk_english_names_hkex_2021-2026.csv`, `curated/*.csv`",
    "indexes.csv": "`curated/indexes.csv`, `derived/eastmoney_global_indexes_akshare-1.19.5.csv`, "
    "`no_licence/cn_index_list_sina_2025-02-01.csv`, `no_licence/csi_index_list_2026-05-12.csv`",
    "us.csv": "`curated/us_stocks.csv`, `curated/harvest_flash.csv`, `curated/harvest_flash_names.csv`",
}

TEMPLATE_HEAD = """# entitylink dictionaries

Generated by `scripts/build_dictionaries.py` from `shared/reference/` (seed data, see
its README for the exact upstream commits) and the hand-written tables in `curated/`.
Do not edit the top-level CSVs by hand: edit `curated/*.csv` and re-run
`python scripts/build_dictionaries.py` (`--check` verifies the committed files are current).

Format (also for user dictionaries, see `entitylink/dictionary.py`):
`secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source`, one row per
alias; a row with empty `alias` and `alias_type` declares a security without aliases.
`valid_to` is exclusive (the first date the alias is known not to hold).

**Dates are observed bounds, not exact intervals.** Snapshots only show that a code carried
a name on a date. A name gets the widest validity the snapshots allow: `valid_from` = the
day after the last earlier snapshot that shows the code under another name (empty when
there is none: its start is unknown), `valid_to` = the first later snapshot that shows
another name (empty while it is the newest name). The real change happened somewhere in
between, so two successive names overlap over the gap between their snapshots (a linker
that drops names out of force never drops one that may have held; a 2026-05 flash writes
`*ST瑞和`, first seen 2026-08-15). The dates a name is *known* to hold are in `source`: the
first and the last snapshot that show it (`cninfo@2016-01-23..tushare@2020-06-24`). One
row per (alias, secid): a name that comes back (X, ST X, X) is one row spanning both periods.

**No name holds before its security is listed.** Every row of an A share with a listing
date (`list_date` of `cn_a_share_dictionary_merged.csv`, from the exchanges' and adata's
lists) has `valid_from` at that date at the latest (中芯国际 688981 from 2020-07-16: a 2019
article's 中芯国际 is the Hong Kong line). A Hong Kong line absent from an earlier HKEX list
is dated from the day after the last list without it (知乎-W 02390, first shown by the
2023-03-01 list: from 2021-12-04); its `source` keeps the first list that shows it, the
first date it is known listed, which the linker reads when it chooses among a company's
listings. A line in the first HKEX list (2021-10-11) has no bound. US lines have no listing
dates here (no US list in the reference data) beyond curated `valid_from`s.

**Secondary listings.** HKEX marks a secondary listing with `-S`/`-SW` in the short name
(`NTES-S`, `JD-SW`, `BABA-SW` until 2024); the marked names are rows like any other
(Chinese `name`, HKEX `english`, dated), and the linker reads the mark from them: a line
marked so, now or before, gives way to the company's other listing when the text names no
market (`-W` alone is weighted voting rights and says nothing of other listings).

## Files
"""

TEMPLATE_BODY = """
## Sources, as-of dates, licences

| source id | file in shared/reference | as of | licence (as stated by the carrying project) |
|---|---|---|---|
| `cninfo@2016-01-23` | `no_licence/cn_a_share_names_cninfo_2016-01-23.json` (CloudDataX/cninfospider) | 2016-01-23 | none stated — fact only, see below |
| `tushare@2019-05-05` | `cn_a_share_stock_basics_tushare_2019-05-05.csv` (foamliu/Auto-Trade) | 2019-05-05 | MIT — `LICENSES/Auto-Trade-MIT.txt` |
| `tushare@2019-10-25` | `no_licence/cn_a_share_stock_basic_tushare_2019-10-25.csv` (shwdbd/equan) | 2019-10-25 | none stated — fact only |
| `tushare@2020-06-24` | `no_licence/cn_a_share_stock_basic_tushare_2020-06-24.csv` (yu-bo/stock; listed and suspended rows) | 2020-06-24 | none stated — fact only |
| `cninfo@2021-05-15`, `cninfo@2021-09-27` | `cn_a_share_names_cninfo_2021-*.json` (ForstMaple/cninfoNoticeCrawler; `A股` rows) | 2021-05-15, 2021-09-27 | Apache-2.0 — `LICENSES/cninfoNoticeCrawler-Apache-2.0.txt` |
| `cninfo@2022-03-18` | `no_licence/cn_a_share_names_cninfo_2022-03-18.json` (wwfalcon2008/GuiCninfo) | 2022-03-18 | none stated — fact only |
| `szse@2023-10-17` | `szse_a_share_list_2023-10-17.csv` (SZSE A股列表, carried in adata) | 2023-10-17 | Apache-2.0 (carrier); data published by SZSE |
| `sse@2023-10-17` | `sse_a_share_list_2023-10-17.csv` (SSE list, carried in adata) | 2023-10-17 | Apache-2.0 (carrier); data published by SSE |
| `adata@2023-10-18` | `cn_a_share_list_adata_2023-10-18.csv` (PyPI adata 2.9.5) | 2023-10-18 | Apache-2.0 |
| `adata@2025-08-07` | `cn_a_share_list_adata_2025-08-07.csv` (GitHub 1nchaos/adata `all_code.csv`) | 2025-08-07 | Apache-2.0 — `LICENSES/adata-Apache-2.0.txt` |
| `dsh-stock-watch@2026-08-15` | `cn_a_share_names_2026-08-15.json` (GitHub Awu12277/dsh-stock-watch `data/a_stocks.json`) | 2026-08-15 | MIT — `LICENSES/dsh-stock-watch-MIT.txt` |
| `hk-dsh-plugin@2026` | `hk_stock_names_2026.csv` / `.json` (GitHub xuexiaolei1997/dsh-plugin-stock-x `data/hk_stocks.json`) | 2026 (day unknown) | MIT — `LICENSES/dsh-plugin-stock-x-MIT.txt` |
| `hkex@2021-10-11` … `hkex@2026-03-23` | `derived/hk_english_names_hkex_2021-2026.csv` (HKEX List of Securities: 2026-03-23 from Spagestic/aperture, MIT; 2021-10-11, 2021-12-03, 2023-03-01 no-licence copies — fact only) | 2021-10-11 … 2026-03-23 | MIT — `LICENSES/aperture-MIT.txt`; data published by HKEX |
| `adata-concepts@2025-08-07` | `eastmoney_concept_boards_2025-08-07.csv` (adata `all_concept_code_east.csv`) | 2025-08-07 | Apache-2.0 |
| `hikyuu-hybk@2024-01-02` | `eastmoney_hybk_names_hikyuu_2024-01-02.ini` (fasiondog/hikyuu; names only) | 2024-01-02 | Apache-2.0 — `LICENSES/hikyuu-Apache-2.0.txt` |
| `hikyuu-gnbk@2024-01-02` | `eastmoney_gnbk_names_hikyuu_2024-01-02.ini` (fasiondog/hikyuu; concept board names only, 440) | 2024-01-02 | Apache-2.0 — `LICENSES/hikyuu-Apache-2.0.txt` |
| `hikyuu-dybk@2024-01-02` | `eastmoney_dybk_names_hikyuu_2024-01-02.ini` (fasiondog/hikyuu; region board names only, 31) | 2024-01-02 | Apache-2.0 — `LICENSES/hikyuu-Apache-2.0.txt` |
| `harvest:flash-…`, `harvest:flash-names-…` | `curated/harvest_flash.csv` (`scripts/harvest_flash.py`: >= 3 items) and `curated/harvest_flash_names.csv` (`scripts/harvest_accept.py`: >= 2 items of >= 2 days, one security, not an ordinary word): US/HK names the 7x24 publishers paired with codes; counts in each row's note | 2026-05-14 … 2026-08-11 | names and codes are the publishers' facts; the counts are this project's (Apache-2.0) |
| `harvest:eastmoney-region-…` | `curated/boards_region.csv`: region-board codes from Eastmoney's own 7x24 lists (`scripts/harvest_board_codes.py`; counts in each row's note) | 2026-05-27 … 2026-08-11 | codes and names are Eastmoney facts; the counts are this project's (Apache-2.0) |
| `candidates:eastmoney_industry_boards@…` | `candidates/eastmoney_industry_boards_UNATTRIBUTED.csv` (Eastmoney API responses quoted in public code of unknown repositories; old names cross-checked with Hikyuu) | old system 2024-01-02 / 2025-10-27; new system 2026-06-27 | unknown (unattributed) — codes and names are Eastmoney facts; every row names this file |
| `akshare-1.19.5:index_global_em` | `derived/eastmoney_global_indexes_akshare-1.19.5.csv` | akshare 1.19.5 | MIT — `LICENSES/akshare-MIT.txt` |
| `sina-index-list@2025-02-01` | `no_licence/cn_index_list_sina_2025-02-01.csv` (hovi-hyw/stock-downloader; code and name only) | 2025-02-01 | none stated — fact only |
| `csi-index-list@2026-05-12` | `no_licence/csi_index_list_2026-05-12.csv` (yalishanyi/stock_data; code and name only) | 2026-05-12 | none stated — fact only |
| `curated:*` | `curated/*.csv` in this directory, written by the entitylink authors; each row has `source` and `note` naming its general basis | see rows | Apache-2.0 (this project) |
| `derived:*` | computed by the build from the rows above | — | as the input row |

**Files without a licence** (`no_licence/` in shared/reference): as its README allows, they
are used for facts only — that a code carried a name on a date, or an index its name — and
each such row names its snapshot in `source`. Nothing else of them is shipped (no prices,
financials, full names, industries; the files themselves are not copied). The
`candidates/` industry-board table has no known origin; its rows name it as their source.

Attribution: this directory contains data derived from 1nchaos/adata (Apache License 2.0),
ForstMaple/cninfoNoticeCrawler (Apache License 2.0), fasiondog/hikyuu (Apache License 2.0),
Awu12277/dsh-stock-watch (MIT, Copyright (c) 2026 Awu12277), xuexiaolei1997/dsh-plugin-stock-x
(MIT, Copyright (c) 2026 xuexiaolei1997), foamliu/Auto-Trade (MIT, Copyright (c) 2019 刘杨),
Spagestic/aperture (MIT, Copyright (c) 2026 Ginni Vishal) and akshare (MIT, Copyright (c)
2019-2026 Albert King); their licence texts are in `LICENSES/`. Codes and names are facts
published by the exchanges, cninfo, HKEX, CSI and Eastmoney.

## Alias rules

- `name`: current short name (newest snapshot holding the code), NFKC-normalised, spaces removed (`万 科Ａ` -> `万科A`).
- `status_stripped`: name without `ST/*ST/S*ST/SST/PT` (and `N/C/XD/XR/DR` before a CJK character)
  prefixes and `-U/-W/-WD/-UW/退` suffixes; also derived from former names.
- `extended_name`: SSE 扩位简称 when it differs. `full_name`: SZSE 公司全称 (A shares only).
- `full_name_short`: full name without 股份有限公司/有限责任公司/有限公司/(集团)/集团股份/股份,
  then without a leading province/city (the row's own 省份/城市 or any province) if ≥3 characters
  remain; dropped when it equals another security's name-like alias.
- `english`: SZSE 英文名称 / SSE 公司英文全称 and curated English names, plus a trimmed form
  without `Co., Ltd.`, `Inc.`, `Corporation`, `Limited`, `(Group)` … (kept if ≥4 characters).
- A-share names of 2016-2026: every short name a code carried in the 12 dated snapshots
  (table above) is a row, dated as described at the top; `name` when it is the code's newest
  name, else `former`. Names are stored as the exchange wrote them (`*ST劝业`, `退市海润`,
  `N海尔`, `XD平安银`), never with hand-made ST/*ST variants. Each name with a status mark
  (`ST, *ST, S*ST, SST, PT, 退市` prefixes, `退` and `-U/-W/-WD/-UW` suffixes) also yields its
  core as a `status_stripped` row with the same dates, so the mark is the alias minus the
  core (`status_stripped()` in the build script). One-day marks (`N, C, XD, XR, DR`: listing
  and ex-dividend days) give no core row: what follows them is a truncated name; the linker
  reads them at match time instead (`knowledge/derived.py` `DayMarks`: the mark and the name cut
  as the quote board cuts it, XD中信证, N宁德, where the cut begins one security's names only;
  they are not rows and not alias texts). A core of
  two characters comes only from the current name and never from a `退市` name (退市未来 -> 未来).
  Codes seen only before 2023 (delisted, re-coded) are securities named by their last name.
- `former` (curated): a former name with its end date (`name@YYYY-MM-DD`).
- `old_code`: BSE `43/83/87xxxx` code of a stock re-coded to `920xxx` (the old code is an alias of
  the new secid; the old secid stays a security whose `name` rows get `valid_to` = first
  snapshot with the new code).
- `hk_base`: HK name without `-W/-S/-SW/-B/-R/-P/-WR/-SWR/-PF/-新`.
- `raw_name` (HK): the RMB counter's name (`腾讯控股-R`, code `8xxxx`) as an alias of the HKD line.
  RMB counters are not securities of their own.
- `short_form`, curated `english`, `former`: from `curated/*.csv`.
- `ticker`: US ticker when it is letters only and ≥2 long (one-letter tickers such as C, F, T, V are not aliases).
- `board_base`: board name without `概念/板块/行业/_/Ⅱ` — skipped when the base is another
  security's alias (苹果概念 -> 苹果 is Apple, 小米概念 -> 小米 is Xiaomi) or another board's name.
- Industry boards: the old system's names (`BK0477 酿酒行业`, seen by Hikyuu 2024-01-02 and a
  2025-10-27 dump) and the 2025 system's (`BK1277 白酒Ⅱ`, seen 2026-06-27), dated like the
  A-share names; a code re-used with a new name (`BK0424 水泥建材` -> `水泥`) has one row per
  name, dated like the A-share names: the two validities overlap only over the gap between
  the last dump with the old name and 2026-06-27, the first with the new one.
  The security's name is the newest. Every industry alias is `common_word=1`.
- Concept boards: the 2025-08-07 list; a name Hikyuu's gnbk list also shows on 2024-01-02 names
  both sightings in `source`. A name ending in a parenthesis also gives its parts as
  `board_base` rows (`抖音概念(字节概念)` -> `抖音概念`, `字节概念`; `车联网(车路云)` -> `车联网`):
  the head always, the part in parentheses only when it is a board's name of its own (ends in
  概念, or Hikyuu's 2024 list names a board so: 字节概念 and 车联网 were the 2024 names).
  A qualifier (`AI制药(医疗)`: 医疗) gives nothing.
- Region boards (Hikyuu `dybk`, 31 names): no reference file gives their codes; Eastmoney's
  own 7x24 lists do. `scripts/harvest_board_codes.py` accepts a code for a region when
  Eastmoney lists it on ≥ 3 items of ≥ 2 days, ≥ 80% of them name the place (广西板块 ->
  广西) and no other region is named in half of them (`curated/boards_region.csv`, counts in
  each row). Only the full name is an alias (`广西板块`; `内蒙古`, `黑龙江` as Eastmoney names
  them, `common_word=1`): a bare place name means the place far more often than the board.
- **Boards without a code** (region boards no harvest gave a code, and Hikyuu's 2024 concept
  boards missing from the 2025 list that no shipped board carries as a name: 口罩, 新冠检测,
  北京冬奥 …) are not shipped as securities: a dictionary row and a linked mention need a
  secid, and a code is never made up. Text naming them links nothing (never another
  security through them: they are not aliases of anything). They are listed at the end of this
  file with their source, for a later release that finds their codes.
- Indexes from the SH/SZ/CSI lists: the Sina code gives the market (sh -> 1, sz -> 0); a
  CSI-only code is on market 2 (as akshare's `index_zh_em` uses). A name is kept only when it
  says it is an index — a family prefix (上证, 深证, 中证, 沪深, 国证, 创业板, 科创, 北证, 巨潮 …)
  or a constituent count (180金融); theme names (智能汽车, 大宗商品) and bare sector
  indexes (工业指数) are left out. A name held by another index is not given twice (curated
  rows, then global, SH, SZ, CSI). Global indexes: akshare's Eastmoney map as is.
- HK `english`: HKEX English short names of listed codes (`TENCENT`, `KOOLEARN` -> `EAST BUY`,
  dated like the A-share names), plus the form without `-W/-SW/-S/-B/…` and without `LTD`;
  a form that is also a US listing's alias (`BABA`, `HSBC HOLDINGS`) is left out.
- Never emitted: single CJK characters, Latin aliases under 2 characters.

Pseudo-boards: Eastmoney concept "boards" that are market signals or membership lists
(昨日涨停, 昨日连板_含一字, 融资融券, 沪股通, 深股通, MSCI中国, HS300_, 上证50_, 中证500,
2025中报预增, 次新股, 基金重仓 …, see `PSEUDO_BOARDS` in the build script) are kept as
securities (so their secids resolve) but get no alias row, so text never matches them.

## Curated tables

Every `curated/*.csv` whose header is the standard curated header
(`secid,kind,name,short_forms,english,former,common_words,valid_from,valid_to,board_type,source,note`)
is read, in file-name order (a new table such as `curated/harvest_flash.csv` needs no code
change); `curated/common_words.csv` has its own header. A new security goes to the file of
its market and kind. Each row must name a general source in `source`/`note` — a reference
file, a harvest with its counts, or a public fact (a registered company name, an index's
official name, an exchange listing). The build refuses a row that cites the dev gold (a
test set) or names no source. Rows marked "weak" rest on a public fact that no reference
file carries (e.g. bank abbreviations 工行, 建行).

The 2026-12 clean-up of rows that cited only the gold: re-sourced from reference files,
registered names and HKEX English names where one exists; dropped where none does (银娱,
宁王, 港交所集团); 慧球科技, 晨光文具 and 乐视网 now come from the dated snapshots, and the
ten hand-written industry boards from the industry-board table.

## common_word rule

`common_word=1` when the alias is also an ordinary word, so a matcher should want a cue
(a code, 股份/公司, 板块/概念, a price move) before linking it:
1. `curated/common_words.csv` decides first (1 or 0; case-insensitive for Latin words):
   美的, 长城, 平安, 光明, 机器人, 新材料, 白酒 … and exceptions such as 百度 (jieba tags it a frequent common noun);
2. a curated table row can mark its own aliases (`common_words` column; `*` = all);
3. Chinese aliases of stocks/indexes: the alias is a word in jieba's `dict.txt` with frequency
   ≥ 200 and a part-of-speech tag that is not a proper noun (`nr, nrt, nrfg, nt, nz, j`), or a
   place-name tag `ns` with frequency ≥ 1000 (长城, 长江, 太平洋 are everyday words; 苏宁 298 is
   not). 200 is about where jieba's entries stop being rare technical terms and company names
   (茅台 86, 万科 75, 腾讯 98 nz) and become everyday vocabulary (白酒 248, 机器人 384, 平安 1438);
4. status-stripped cores of two characters (ST华谊 -> 华谊, 国华退 -> 国华): an ST abbreviation's core
   is rarely how text names the company and is often part of other names (华谊新材料);
5. boards: every board alias is a sector word unless it says it is a board (ends in 概念/板块/行业
   or `_`); a board alias that equals a company's alias (特斯拉) is also flagged;
6. Latin: two-letter US tickers (GS, MS, BA, KO …) and the English words listed in
   `curated/common_words.csv` (ON, NOW, CAT, Target, Visa …).
"""


def copy_licenses(out: Path, reference: Path) -> None:
    dest = out / "LICENSES"
    dest.mkdir(parents=True, exist_ok=True)
    for name in sorted(LICENSE_FILES):
        shutil.copyfile(reference / "LICENSES" / name, dest / name)
    notice = ["Licence texts of the data sources used to build these dictionaries.", ""]
    notice += [f"- `{n}`: {desc}" for n, desc in sorted(LICENSE_FILES.items())]
    (dest / "ATTRIBUTION.md").write_text("\n".join(notice) + "\n", encoding="utf-8")


def build(reference: Path, out: Path, curated: Path) -> list[str]:
    """Build everything into ``out``; return the build notes (skipped aliases)."""
    rule = CommonWords(load_jieba(jieba_dict_path()), load_curated_common(curated / "common_words.csv"))
    b = Builder(reference, curated)
    files = b.run(rule)
    out.mkdir(parents=True, exist_ok=True)
    for f, rows in files.items():
        write_csv(out / f, rows)
    write_readme(out / "README.md", files, b.skipped, b.uncoded_boards)
    copy_licenses(out, reference)
    problems = [p for f in OUTPUT_FILES for p in check_file(out / f)]
    if problems:
        raise SystemExit("generated files are invalid:\n" + "\n".join(problems[:20]))
    return b.skipped


def generated_names() -> list[str]:
    return [*OUTPUT_FILES, "README.md", *(f"LICENSES/{n}" for n in sorted(LICENSE_FILES)), "LICENSES/ATTRIBUTION.md"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reference", type=Path, default=REPO.parent / "shared" / "reference")
    p.add_argument("--out", type=Path, default=REPO / "dictionaries")
    p.add_argument("--curated", type=Path, default=None, help="curated tables (default: <out>/curated)")
    p.add_argument("--check", action="store_true", help="exit 1 if the files in --out are not current")
    p.add_argument("-v", "--verbose", action="store_true", help="print the skipped aliases")
    args = p.parse_args(argv)
    curated = args.curated or (args.out / "curated")
    if not (args.reference / "cn_a_share_dictionary_merged.csv").is_file():
        print(f"reference data not found in {args.reference}", file=sys.stderr)
        return 2
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(args.reference, Path(tmp), curated)
            differ = [
                n for n in generated_names()
                if not (args.out / n).is_file() or not filecmp.cmp(Path(tmp) / n, args.out / n, shallow=False)
            ]  # fmt: skip
        if differ:
            print("out of date: " + ", ".join(differ), file=sys.stderr)
            return 1
        print("dictionaries are up to date")
        return 0
    skipped = build(args.reference, args.out, curated)
    if args.verbose:
        print("\n".join(skipped))
    for f in OUTPUT_FILES:
        size = os.path.getsize(args.out / f)
        print(f"{f}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
