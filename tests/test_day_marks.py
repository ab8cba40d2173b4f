"""One-day marks on A-share names (knowledge/derived.py, rule 3), on a small dictionary of our own.

Quote boards show a name with a mark of the day in front, cut to fit eight bytes: XD/XR/DR
(ex-dividend, ex-rights, both) keep three characters (XD中信证), the listing days' N and C two (N宁德);
a name of three characters stays whole (C寒武纪). Text copies them from the board. Such a form is the security's when the
cut begins the names of that security only; never for a cut several securities' names begin
with, never over a text a row already has, never inside a longer Latin word.
"""

from __future__ import annotations

import pytest

from entitylink.knowledge.derived import day_mark_forms
from entitylink.knowledge.dictionary import Dictionary
from entitylink.link.linker import Linker

SECS = [
    ("1.600030", "stock", "中信证券"),
    ("1.601066", "stock", "中信建投"),
    ("1.601398", "stock", "工商银行"),
    ("1.688256", "stock", "寒武纪"),
    ("0.300750", "stock", "宁德时代"),
    ("0.000999", "stock", "华润三九"),
    ("1.688396", "stock", "华润微"),
    ("1.600062", "stock", "华润双鹤"),
    ("1.688012", "stock", "中微公司"),
    ("1.600702", "stock", "舍得酒业"),
    ("116.00700", "stock", "腾讯控股"),
    ("0.002001", "stock", "新和成"),
]
ROWS = [
    ("中信证券", "1.600030", "name", False, None, None, "t"),
    ("中信建投", "1.601066", "name", False, None, None, "t"),
    ("工商银行", "1.601398", "name", False, None, None, "t"),
    ("寒武纪", "1.688256", "name", False, None, None, "t"),
    ("宁德时代", "0.300750", "name", False, None, None, "t"),
    ("华润三九", "0.000999", "name", False, None, None, "t"),
    ("华润微", "1.688396", "name", False, None, None, "t"),
    ("华润双鹤", "1.600062", "name", False, None, None, "t"),
    ("中微公司", "1.688012", "name", False, None, None, "t"),
    ("舍得酒业", "1.600702", "name", False, None, None, "t"),
    ("沱牌舍得", "1.600702", "former", False, None, None, "t"),
    ("腾讯控股", "116.00700", "name", False, None, None, "t"),
    ("新和成", "0.002001", "name", False, None, None, "t"),
    # a curated alias that is itself a marked-looking text stays that row's
    ("N新和", "0.002001", "short_form", False, None, None, "t"),
]


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(Dictionary(SECS, ROWS), cache_dir=None)


def _links(linker: Linker, text: str) -> list[tuple[str, str | None, int, int]]:
    return [(m.surface, m.secid, m.start, m.end) for m in linker.link_text(text).mentions]


@pytest.mark.parametrize(("text", "surface", "secid"), [
    ("XD中信证今日除息，平开", "XD中信证", "1.600030"),
    ("XD中信建跌1%", "XD中信建", "1.601066"),
    ("XR工商银复牌", "XR工商银", "1.601398"),
    ("DR舍得酒低开", "DR舍得酒", "1.600702"),
    ("DR中微公开盘涨2%", "DR中微公", "1.688012"),  # 公开 is a word: the cut name's end is not one
    ("XD沱牌舍盘中翻红", "XD沱牌舍", "1.600702"),   # a former name's cut, same security
    ("N宁德上市首日涨超400%", "N宁德", "0.300750"),
    ("C寒武纪尾盘跳水", "C寒武纪", "1.688256"),    # a three-character name kept whole
    ("N华润微上市首日", "N华润微", "1.688396"),    # whole, though 华润 begins other names
])
def test_a_marked_cut_links_its_only_security(linker: Linker, text: str, surface: str, secid: str) -> None:
    start = text.index(surface)
    assert (surface, secid, start, start + len(surface)) in _links(linker, text)


@pytest.mark.parametrize("text", [
    "N华润上市首日大涨",      # 华润 begins two securities' names
    "XR头戴设备出货量增长",    # extended reality, not ex-rights: no name begins 头戴设
    "C轮融资完成",            # a funding round
    "XD中信今日除息",          # 中信 is not how the board cuts a four-character name after XD
    "ABCXD中信证涨",          # inside a longer Latin word
    "XD腾讯控开盘",            # Hong Kong lines carry no such marks
])
def test_no_link_where_the_cut_is_not_one_security(linker: Linker, text: str) -> None:
    assert not [m for m in _links(linker, text) if m[0].startswith(("N", "C", "X", "D", "A"))], text


def test_a_row_of_its_own_keeps_its_text() -> None:
    d = Dictionary(SECS, ROWS)
    assert {a.alias_type for a in d.lookup("N新和")} == {"short_form"}
    assert {(a.secid, a.alias_type) for a in d.lookup("XD中信证")} == {("1.600030", "status_form")}
    assert "XD中信证" not in set(d.alias_texts())  # found at match time, not in the automaton


def test_forms_are_cut_as_the_board_cuts() -> None:
    forms = day_mark_forms({"0.1": ["四个字名"], "0.2": ["三字名"]})
    assert forms["XD四个字"] == forms["N四个"] == forms["C四个"] == "0.1"
    assert forms["XD三字名"] == forms["C三字名"] == forms["N三字名"] == "0.2"
    assert not {"XD四个字名", "N四个字", "XD三字", "N三字"} & set(forms)
