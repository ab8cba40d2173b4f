"""scripts/build_dictionaries.py on small fixtures of its own (tests/fixtures/build_dictionaries):
dated names across snapshots, industry boards re-used across Eastmoney's two systems, and
the curated tables (read generically; a row that cites the gold is refused)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIX = Path(__file__).resolve().parent / "fixtures" / "build_dictionaries"


def _load():
    name = "build_dictionaries"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "build_dictionaries.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


build = _load()


def _builder(curated: str = "curated"):
    b = build.Builder(FIX / "ref", FIX / curated)
    b.pending_old_codes, b.pending_board_base, b.skipped = [], [], []
    return b


def test_snapshots_are_read_as_dated_observations() -> None:
    history = build.read_cn_snapshots(FIX / "ref")
    assert "900901" not in history  # B shares and other categories are left out
    assert history["600821"] == [
        ("2016-01-23", "津劝业", "cninfo@2016-01-23"),
        ("2019-05-05", "*ST劝业", "tushare@2019-05-05"),  # "*ST 劝业": spaces removed
        ("2021-05-15", "*ST劝业", "cninfo@2021-05-15"),
        ("2026-08-15", "金开新能", "dsh-stock-watch@2026-08-15"),
    ]


def test_a_code_renamed_across_three_snapshots_yields_three_dated_rows() -> None:
    rows = build.dated_names(build.read_cn_snapshots(FIX / "ref")["600821"])
    assert rows == [
        # seen since the code's first snapshot: no known start; ends when another name is seen
        ("津劝业", "", "2019-05-05", "cninfo@2016-01-23"),
        # seen 2019-05-05 .. 2021-05-15 (source); may have held from the day after the last
        # snapshot with another name until the first later one with another name (exclusive)
        ("*ST劝业", "2016-01-24", "2026-08-15", "tushare@2019-05-05..cninfo@2021-05-15"),
        ("金开新能", "2021-05-16", "", "dsh-stock-watch@2026-08-15"),
    ]
    # successive names overlap only over the gap between their snapshots
    for (_, _, to, src), (_, start, _, _) in zip(rows, rows[1:]):
        assert start < to
    # a name that never changed is one open row
    assert build.dated_names(build.read_cn_snapshots(FIX / "ref")["000001"]) == [
        ("平安银行", "", "", "cninfo@2016-01-23..dsh-stock-watch@2026-08-15")
    ]


def test_a_name_that_comes_back_is_one_row_spanning_both_periods() -> None:
    obs = [("2016-01-23", "A", "s1"), ("2019-05-05", "ST A", "s2"), ("2021-05-15", "A", "s3"), ("2022-03-18", "B", "s4")]
    assert build.dated_names(obs) == [
        ("A", "", "2022-03-18", "s1..s3"),
        ("ST A", "2016-01-24", "2021-05-15", "s2"),
        ("B", "2021-05-16", "", "s4"),
    ]


def test_status_marks_core_and_transient_marks() -> None:
    assert build.status_stripped("*ST劝业") == "劝业"
    assert build.status_stripped("退市海润") == "海润"
    assert build.status_stripped("S*ST前锋") == "前锋"
    assert build.transient_mark("XD平安银") and build.transient_mark("N海尔")
    assert not build.transient_mark("*ST劝业") and not build.transient_mark("NIO")


def test_a_board_code_reused_across_systems_yields_rows_that_meet_only_in_the_gap() -> None:
    b = _builder()
    b.build_industry_boards()
    rows = {(r.secid, r.alias): r for r in b.rows}
    old, new = rows[("90.BK0475", "银行")], rows[("90.BK0475", "银行II")]
    # old name last seen 2024-01-02 (Hikyuu), new name first seen 2026-06-27 (dumpC)
    assert (old.alias_type, old.valid_from, old.valid_to) == ("name", "", "2026-06-27")
    assert (new.alias_type, new.valid_from, new.valid_to) == ("name", "2024-01-03", "")
    assert old.source == "hikyuu-hybk@2024-01-02"
    assert b.securities["90.BK0475"][:2] == ("board", "银行II")  # the newest name
    logistics = rows[("90.BK0422", "物流行业")]
    assert logistics.valid_to == "2026-06-27" and logistics.source.endswith("@2025-10-27")
    assert rows[("90.BK0422", "物流")].valid_from == "2025-10-28"  # after the last dump of the old name
    coal = rows[("90.BK0437", "煤炭行业")]
    assert (coal.valid_from, coal.valid_to) == ("", "")  # no later name seen: open
    assert rows[("90.BK1277", "白酒II")].valid_from == ""  # a new code: no earlier name
    assert all(r.forced_common for r in b.rows)  # industry names are ordinary words
    # the base names (without 行业 / Ⅱ) wait for the finish step with the same dates
    assert ("90.BK0475", "银行", "2024-01-03", "") in b.pending_board_base
    assert ("90.BK0422", "物流", "", "2026-06-27") in b.pending_board_base


def test_curated_tables_are_read_generically_by_file_name() -> None:
    tables = build.curated_tables(FIX / "curated")
    assert [p.name for p in tables] == ["a_table.csv", "harvest_flash.csv"]  # not common_words.csv
    b = _builder()
    b.add_security("1.600519", "stock", "贵州茅台", "a_shares.csv")
    b.build_curated()
    got = {(r.secid, r.alias, r.alias_type) for r in b.rows}
    assert ("1.600519", "茅台", "short_form") in got
    assert ("105.ZZZZ", "测试公司", "name") in got and ("105.ZZZZ", "ZZZZ", "ticker") in got
    assert b.securities["105.ZZZZ"][2] == "us.csv"


def test_a_curated_row_that_cites_the_gold_is_refused() -> None:
    b = _builder("curated_gold")
    b.add_security("1.600519", "stock", "贵州茅台", "a_shares.csv")
    with pytest.raises(SystemExit, match="cites the test gold"):
        b.build_curated()
    assert build.curated_basis_problem("curated:x", "NYSE (gold: 高盛 106.GS)")
    assert build.curated_basis_problem("curated:x", "")
    assert build.curated_basis_problem("curated:us_stocks", "NYSE; Barrick Gold Corporation") is None


def test_index_names_that_are_themes_are_not_index_aliases() -> None:
    assert build.is_index_like("中证白酒") and build.is_index_like("上证50") and build.is_index_like("180金融")
    assert not build.is_index_like("智能汽车") and not build.is_index_like("工业指数")


def test_every_shipped_curated_row_names_a_general_source() -> None:
    for path in build.curated_tables(REPO / "dictionaries" / "curated"):
        for line, r in enumerate(build.read_csv(path), start=2):
            assert build.curated_basis_problem(r["source"], r["note"]) is None, (path.name, line, r)
