"""Listings that choose themselves: secondary listings and listing dates
(``knowledge/listings.py``, ``link/resolve.py`` ``later_listing``/``pick_by_listing``,
the listing dates of ``scripts/build_dictionaries.py``).

Each principle on small dictionaries of our own (rows as a user dictionary writes them) and
on varied companies of the shipped one.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from entitylink import Linker
from entitylink.knowledge import listings
from entitylink.knowledge.dictionary import Dictionary
from entitylink.link.resolve import later_listing, pick_by_listing

REPO = Path(__file__).resolve().parents[1]
D0 = dt.date(2021, 12, 4)


def _row(text: str, secid: str, atype: str = "name", vfrom: dt.date | None = None, source: str = "x"):
    return (text, secid, atype, False, vfrom, None, source)


def _dictionary(rows, secs) -> Dictionary:
    return Dictionary(secs, rows)


@pytest.fixture(scope="module")
def shipped() -> Dictionary:
    return Dictionary.default()


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


# -- the facts, from rows ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "mark"), [
    ("京东集团-SW", "SW"), ("NTES-S", "S"), ("百度集团-SWR", "SWR"), ("小鹏集团-W", "W"), ("荣昌生物-B", "B"),
    ("腾讯控股", ""), ("TRIP.COM-S", "S"), ("S-OIL", ""), ("ABC-SWX", ""),
])  # fmt: skip
def test_hk_mark(name: str, mark: str) -> None:
    assert listings.hk_mark(name) == mark


def test_secondary_listing_reads_exchange_names_only() -> None:
    r = SimpleNamespace
    assert listings.secondary_listing([r(text="网易", alias_type="name"), r(text="NTES-S", alias_type="english")])
    assert listings.secondary_listing([r(text="BABA-SW", alias_type="english"), r(text="BABA-W", alias_type="english")])
    # -W alone is weighted voting rights, -B a biotech; a short form is no exchange name
    assert not listings.secondary_listing([r(text="理想汽车-W", alias_type="name"), r(text="XX-B", alias_type="name")])
    assert not listings.secondary_listing([r(text="某某-S", alias_type="short_form")])


def test_first_seen_needs_a_bounded_line() -> None:
    r = SimpleNamespace
    bounded = [r(valid_from=D0, source="hk-dsh-plugin@2026", text="甲", alias_type="name"),
               r(valid_from=D0, source="hkex@2023-03-01..hkex@2026-03-23", text="JIA", alias_type="english")]
    assert listings.first_seen(bounded) == dt.date(2023, 3, 1)
    # a line of the first list has no bound: its first list proves nothing about its listing
    unbounded = [r(valid_from=None, source="hkex@2021-10-11..hkex@2026-03-23", text="YI", alias_type="english")]
    assert listings.first_seen(unbounded) is None
    assert listings.first_seen([]) is None
    assert listings.first_snapshot("cninfo@2016-01-23..dsh-stock-watch@2026-08-15") == dt.date(2016, 1, 23)
    assert listings.first_snapshot("hk-dsh-plugin@2026") is None


# -- the choice, on a dictionary of our own --------------------------------------------------


def _two_lines(hk_rows) -> Dictionary:
    secs = [("116.09001", "stock", "某科技-SW"), ("105.MKJ", "stock", "某科技")]
    return _dictionary([*hk_rows, _row("某科技", "105.MKJ")], secs)


def test_a_secondary_hk_line_gives_way_to_the_us_line() -> None:
    d = _two_lines([_row("某科技-SW", "116.09001"), _row("某科技", "116.09001", "hk_base")])
    aliases = d.lookup("某科技")
    best, why = pick_by_listing(aliases, None, d)
    assert (best.secid, why) == ("105.MKJ", "gave_way:secondary")
    best, why = pick_by_listing(aliases, "HK", d)  # a market word still chooses Hong Kong
    assert (best.secid, why) == ("116.09001", None)


def test_a_dual_primary_hk_line_keeps_the_default_order() -> None:
    d = _dictionary([_row("某汽车-W", "116.09002"), _row("某汽车", "116.09002", "hk_base"), _row("某汽车", "105.MQC")],
                    [("116.09002", "stock", "某汽车-W"), ("105.MQC", "stock", "某汽车")])
    best, why = pick_by_listing(d.lookup("某汽车"), None, d)
    assert (best.secid, why) == ("116.09002", None)


def test_a_line_not_yet_known_listed_gives_way() -> None:
    src = "hkex@2023-03-01..hkex@2026-03-23"
    d = _two_lines([_row("某科技-W", "116.09001", vfrom=D0, source=src),
                    _row("某科技", "116.09001", "hk_base", vfrom=D0, source=src)])
    aliases = d.lookup("某科技")
    assert pick_by_listing(aliases, None, d, dt.date(2022, 6, 1)) == (aliases[1], "gave_way:not_yet_listed")
    assert pick_by_listing(aliases, None, d, dt.date(2023, 6, 1))[0].secid == "116.09001"
    assert pick_by_listing(aliases, None, d, None)[0].secid == "116.09001"  # undated: as of today


def test_later_listing_on_the_shipped_dictionary(shipped: Dictionary) -> None:
    day = dt.date(2021, 12, 8)
    assert later_listing(shipped, "116.09618", "HK", None) == "secondary"  # 京东集团-SW
    assert later_listing(shipped, "116.09999", "HK", None) == "secondary"  # 网易: NTES-S in the HKEX list only
    assert later_listing(shipped, "116.09988", "HK", None) == "secondary"  # BABA-SW until 2024
    assert later_listing(shipped, "116.02015", "HK", None) is None  # 理想汽车-W: dual primary
    assert later_listing(shipped, "116.00700", "HK", None) is None
    assert later_listing(shipped, "116.02390", "HK", day) == "not_yet_listed"  # 知乎, HK line of 2022
    assert later_listing(shipped, "116.02390", "HK", dt.date(2024, 1, 1)) is None
    assert later_listing(shipped, "106.ZH", "US", day) is None


# -- listing dates: a security is not chosen before it lists ----------------------------------


@pytest.mark.parametrize(("date", "text", "secid"), [
    ("2019-06-01", "中芯国际公布一季度业绩。", "116.00981"),  # A share listed 2020-07-16
    ("2022-05-12", "中芯国际公布一季度业绩。", "1.688981"),
    ("2021-06-01", "荣昌生物宣布新药获批。", "116.09995"),  # A share listed 2022-03-31
    ("2021-09-01", "知乎公布二季度财报。", "106.ZH"),  # HK line first listed 2023-03-01
    ("2024-09-01", "知乎公布二季度财报。", "116.02390"),
    ("2025-08-21", "网易发布二季度财报。", "105.NTES"),
    ("2025-08-21", "港股网易涨3%。", "116.09999"),
    (None, "汽车之家（02518.HK）公布业绩。", "116.02518"),
])  # fmt: skip
def test_listing_choice(linker: Linker, date: str | None, text: str, secid: str) -> None:
    when = dt.datetime.fromisoformat(date) if date else None
    mentions = [m for m in linker.link_text(text, date=when).mentions if m.kind == "stock"]
    assert mentions and mentions[0].secid == secid, [(m.surface, m.secid) for m in mentions]


def test_a_name_before_its_only_listing_links_nothing(linker: Linker) -> None:
    doc = linker.link_text("宁德时代递交招股说明书，拟登陆创业板。", date=dt.datetime(2017, 11, 20))
    assert [m.secid for m in doc.mentions if m.kind == "stock"] == []


# -- the build: listing dates from the reference lists ----------------------------------------


def _build_module():
    spec = importlib.util.spec_from_file_location("build_dictionaries", REPO / "scripts" / "build_dictionaries.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_hk_listing_bounds_and_listing_bounds(tmp_path: Path) -> None:
    build = _build_module()
    (tmp_path / "derived").mkdir()
    (tmp_path / "derived" / "hk_english_names_hkex_2021-2026.csv").write_text(
        "code,secid,english_short_name,seen_in_snapshots\n"
        "00001,116.00001,OLD CO,2021-10-11|2021-12-03|2023-03-01\n"
        "09001,116.09001,NEW CO-W,2023-03-01|2026-03-23\n"
        "09002,116.09002,LATE CO,2026-03-23\n", encoding="utf-8")
    bounds = build.hk_listing_bounds(tmp_path)
    assert bounds == {"116.09001": "2021-12-04", "116.09002": "2023-03-02"}
    rows = [build.Row("116.09001", "stock", "新公司-W", "新公司-W", "name"),
            build.Row("116.09001", "stock", "新公司-W", "旧名", "former", valid_to="2021-01-01"),
            build.Row("116.09001", "stock", "新公司-W", "新公司", "hk_base", valid_from="2024-01-01"),
            build.Row("116.00001", "stock", "老公司", "老公司", "name")]
    build.listing_bounds(rows, bounds)
    assert [r.valid_from for r in rows] == ["2021-12-04", "", "2024-01-01", ""]
