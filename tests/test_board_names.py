"""Boards known by name (issue 18): region boards with a harvested code, concept names kept in
a 2025 name's parenthesis, boards no source gives a code, and a board name that says it is one.

Small fixtures of our own; the shipped-dictionary checks skip without ../shared/reference.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from entitylink.link import boards

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


build = _load("build_dictionaries")
harvest = _load("harvest_board_codes")


@pytest.mark.parametrize(("name", "parts"), [
    ("抖音概念(字节概念)", ["抖音概念", "字节概念"]),  # the inner name is a board's name (…概念)
    ("车联网(车路云)", ["车联网"]),                    # 车路云 is a qualifier unless a source names a board so
    ("AI制药(医疗)", ["AI制药"]),                      # 医疗: a qualifier, never a board alias
    ("化债(AMC)概念", []),                             # a parenthesis inside the name
    ("锂矿概念", []),
    ("X(字节概念)", ["字节概念"]),                     # a one-character head is no name
])
def test_name_parts(name: str, parts: list[str]) -> None:
    assert build.name_parts(name, set()) == parts


def test_name_parts_takes_a_sourced_inner_name() -> None:
    assert build.name_parts("车联网(车路云)", {"车路云"}) == ["车联网", "车路云"]


def _item(day: str, text: str, codes: list[str]) -> str:
    return json.dumps({"id": text[:6], "date": day, "title": "", "content": text, "raw": {"stockList": codes}},
                      ensure_ascii=False)


def test_region_code_harvest(tmp_path: Path) -> None:
    """A code goes with a region when the publisher lists it on enough items of enough days that
    nearly all name the place, and no other place; a region two codes claim gets neither."""
    items = {
        "eastmoney-2026-01-01.jsonl.gz": [
            _item("2026-01-01", "广西柳州发布通知", ["90.BK9001"]),
            _item("2026-01-01", "广西南宁项目开工", ["90.BK9001", "1.600000"]),
            _item("2026-01-01", "湖南长沙发布通知", ["90.BK9002"]),   # one day only: refused
            _item("2026-01-01", "湖南株洲", ["90.BK9002"]),
            _item("2026-01-01", "湖南岳阳", ["90.BK9002"]),
            _item("2026-01-01", "山西太原", ["90.BK9003"]),
            _item("2026-01-01", "河北与山西联合", ["90.BK9003"]),
            _item("2026-01-01", "天津港", ["90.BK9004", "90.BK9005"]),
            _item("2026-01-01", "新闻", ["90.BK0001"]),             # a shipped board: no candidate
        ],
        "eastmoney-2026-01-02.jsonl.gz": [
            _item("2026-01-02", "广西北海", ["90.BK9001"]),
            _item("2026-01-02", "山西大同与河北", ["90.BK9003"]),      # 河北 in 2 of 3: refused
            _item("2026-01-02", "天津滨海", ["90.BK9004", "90.BK9005"]),
            _item("2026-01-02", "天津", ["90.BK9004", "90.BK9005"]),
        ],
    }
    for name, lines in items.items():
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    regions = ["广西板块", "湖南板块", "山西板块", "河北板块", "天津板块", "内蒙古"]
    counts = harvest.count(tmp_path, regions, {"90.BK0001"})
    accepted = harvest.accept(*counts)
    assert [(a[0], a[1], a[2], a[3], a[4]) for a in accepted] == [("90.BK9001", "广西板块", 3, 3, 2)]
    assert harvest.place_word("内蒙古") == "内蒙古" and harvest.place_word("广西板块") == "广西"


@pytest.mark.parametrize(("text", "span", "evidence"), [
    ("北京板块午后拉升", (0, 4), "name:板块"),          # the name says it is a board
    ("字节概念股午后拉升", (0, 4), "name:概念"),
    ("该集团湖北板块营收增长", (3, 7), None),          # a company's regional segment
    ("公司的北京板块业务收缩", (3, 7), None),
    ("钢铁行业产能过剩", (0, 4), None),                # 行业: the industry of running prose
    ("内蒙古发布预警", (0, 3), None),                  # a bare place
    ("内蒙古板块走强", (0, 3), "板块"),
])
def test_board_evidence_of_own_board_word(text: str, span: tuple[int, int], evidence: str | None) -> None:
    assert boards.board_evidence(text, *span) == evidence


needs_reference = pytest.mark.skipif(
    not (REFERENCE / "eastmoney_dybk_names_hikyuu_2024-01-02.ini").is_file(),
    reason=f"../shared/reference is not beside the repository (looked for {REFERENCE})",
)


@needs_reference
def test_shipped_region_and_uncoded_boards() -> None:
    """Every Hikyuu region board is either shipped under a harvested code or listed as known by
    name only; no code is shipped twice; retired concepts carry no secid."""
    import csv

    with open(REPO / "dictionaries" / "boards.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    regions = [r for r in rows if r["source"].startswith("harvest:eastmoney-region")]
    readme = (REPO / "dictionaries" / "README.md").read_text(encoding="utf-8")
    uncoded = readme.split("## Boards known by name only", 1)[1]
    hikyuu = build.ini_sections(REFERENCE / "eastmoney_dybk_names_hikyuu_2024-01-02.ini")
    shipped = {r["name"] for r in regions}
    assert len(hikyuu) == 31 and shipped and all((n in shipped) != (n in uncoded) for n in hikyuu)
    assert all(v == 1 for v in Counter(r["secid"] for r in regions if r["alias_type"] == "name").values())
    names = {r["alias"] for r in rows}
    for retired in ("口罩", "新冠检测", "北京冬奥", "盐湖提锂"):
        assert retired in uncoded and retired not in names
    assert {("字节概念", "90.BK0923"), ("车联网", "90.BK0920")} <= {(r["alias"], r["secid"]) for r in rows}


# -- harvested US/HK names: the acceptance principle (scripts/harvest_accept.py) -----------------

accept_mod = _load("harvest_accept")


def _ths(day: str, text: str, stocks: list[tuple[str, str, str]]) -> str:
    raw = {"stock": [{"name": n, "stockCode": c, "stockMarket": m} for n, c, m in stocks]}
    return json.dumps({"id": f"{day}-{text[:4]}", "date": day, "title": "", "content": text, "raw": raw},
                      ensure_ascii=False)


def test_harvest_acceptance_principle(tmp_path: Path) -> None:
    """Kept: a name on >= 2 items of >= 2 days (Eastmoney's secid-only lists count for a name
    another publisher gave the secid), not an ordinary word, naming no other security."""
    from entitylink.knowledge.dictionary import Dictionary

    days = {
        "2026-01-01": (
            [_ths("2026-01-01", "霍尼韦尔宣布拆分业务", [("霍尼韦尔", "HON", "185")]),
             _ths("2026-01-01", "联想发布新品", [("联想", "HK3396", "177")]),
             _ths("2026-01-01", "新氧季度营收增长", [("新氧", "SY", "185")])],
            []),
        "2026-01-02": (
            [_ths("2026-01-02", "联想股价上涨", [("联想", "HK3396", "177")]),
             _ths("2026-01-02", "新氧发布公告", [("新氧", "SY", "185")])],
            [_item("2026-01-02", "美股盘前霍尼韦尔涨2%", ["105.HON"])]),
    }
    files = []
    for day, (ths, em) in days.items():
        for prefix, lines in (("ths", ths), ("eastmoney", em)):
            path = tmp_path / f"{prefix}-{day}.jsonl.gz"
            with gzip.open(path, "wt", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")
            files.append(str(path))
    d = tmp_path / "d.csv"
    d.write_text("secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source\n"
                 "116.03396,stock,联想控股,联想控股,name,0,,,test\n"
                 "105.SY,stock,SoYoung,SoYoung,name,0,,,test\n"
                 "1.600000,stock,新氧科技,新氧,name,0,,,test\n", encoding="utf-8")
    dictionary = Dictionary.from_csv(d, replace=True)
    pairs = accept_mod.count_pairs(sorted(files), dictionary)
    assert pairs[("105.HON", "霍尼韦尔")]["items"] == 2  # one 10jqka item, one Eastmoney item
    assert pairs[("105.HON", "霍尼韦尔")]["days"] == {"2026-01-01", "2026-01-02"}
    accepted, refused = accept_mod.accept(pairs, dictionary)
    assert [(s, n) for s, n, *_ in accepted] == [("105.HON", "霍尼韦尔")]
    reasons = {(s, n): why for s, n, _, why in refused}
    assert reasons[("116.03396", "联想")].startswith("an everyday word")
    assert reasons[("105.SY", "新氧")].startswith("also names 1.600000")


def test_ordinary_words() -> None:
    words = {"circle", "international"}
    jw = {"联想": (1393, "v"), "亚历山大": (550, "nr"), "霍尼韦尔": (22, "nrt")}
    assert accept_mod.ordinary("Circle", jw, words) == "an English word"
    assert accept_mod.ordinary("Lite", jw, words) == "one Latin word under 5 characters"
    assert accept_mod.ordinary("IREN", jw, words, "IREN") is None
    assert accept_mod.ordinary("霍尼韦尔", jw, words) is None          # nrt: a transliteration
    assert accept_mod.ordinary("亚历山大", jw, words) == "a person's name (jieba nr)"
    assert accept_mod.ordinary("联想", jw, words).startswith("an everyday word")
    assert accept_mod.us_key("105.WMT") == accept_mod.us_key("106.WMT") == "US.WMT"


def test_pointing_counts_items_that_write_the_name(tmp_path: Path) -> None:
    """Principle 5: of the items writing a name (not only inside a longer name of the same
    security), how many list the security; a broker quoted as a source points elsewhere."""
    from entitylink.knowledge.dictionary import Dictionary

    lines = [_ths("2026-01-01", "中金认为市场将走强", []),
             _ths("2026-01-01", "中金公司股价上涨", [("中金公司", "HK3908", "177")]),
             _ths("2026-01-01", "中金研报：看好消费", []),
             _ths("2026-01-01", "石药集团发布公告", [])]  # only inside the longer name: not counted
    path = tmp_path / "ths-2026-01-01.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    d = tmp_path / "d.csv"
    d.write_text("secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source\n"
                 "116.03908,stock,中金公司,中金公司,name,0,,,test\n"
                 "116.01093,stock,石药集团,石药集团,name,0,,,test\n", encoding="utf-8")
    known = accept_mod.hf.DictionaryNames(Dictionary.from_csv(d, replace=True))
    pairs = {("116.03908", "中金"): {}, ("116.01093", "石药"): {}}
    accept_mod.pointing([str(path)], pairs, known)
    assert (pairs[("116.03908", "中金")]["named"], pairs[("116.03908", "中金")]["pointed"]) == (2, 0)
    assert pairs[("116.01093", "石药")]["named"] == 0
